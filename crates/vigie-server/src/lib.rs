//! The HTTP side of Vigie: a JSON API over a store and the web UI that
//! uses it, from one router.
//!
//! [`router`] builds the whole application from an [`AppState`]; the binary
//! only binds a socket and serves it, and tests call the router directly
//! with `tower::ServiceExt::oneshot`. The UI is plain HTML, CSS and
//! JavaScript embedded in the binary (`assets/`), so there is no build step
//! and no file is ever read from disk at request time: a request path cannot
//! reach outside the embedded set.
//!
//! Safety rules the handlers keep: every list has a capped `limit`, query
//! strings and bodies are bounded, errors never carry internal details, and
//! the only write endpoint (`POST /api/documents`) needs the bearer token the
//! server was started with; without a token it is disabled. The UI inserts
//! article text with `textContent` only, and a strict Content-Security-Policy
//! forbids inline scripts besides.
#![deny(missing_docs)]
// Text from input is sliced only through `str::get`: a byte offset inside a
// character must not panic (issue 21). Tests slice directly, since a panic
// there is a failed assertion.
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod api;
mod assets;
mod error;
mod labels;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use api::{IngestReport, NewDocument};
pub use error::AppError;

/// Largest request body: a batch of articles to ingest.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// Turns posted articles into stored records; the binary implements it with
/// the pipeline and a writable store.
pub trait Ingest: Send + Sync {
    /// Analyses and stores the documents.
    fn ingest(&self, docs: Vec<NewDocument>) -> Result<IngestReport, String>;
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The store, read side: the embedded store's `Reader` or another
    /// store's reader (PostgreSQL).
    pub reader: Arc<dyn vigie_store::ReadStore>,
    /// The write side, when writes are enabled.
    pub ingest: Option<Arc<dyn Ingest>>,
    /// The bearer token writes need; `None` disables them.
    pub token: Option<String>,
}

/// The application: API under `/api`, UI at `/`.
pub fn router(state: AppState) -> Router {
    const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    Router::new()
        .merge(api::routes())
        .route("/", get(assets::index))
        .route("/assets/{*path}", get(assets::file))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .with_state(state)
}

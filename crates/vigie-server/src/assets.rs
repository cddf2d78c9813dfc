//! The embedded UI files.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use include_dir::{Dir, include_dir};

use crate::AppError;

static ASSETS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/assets");

pub(crate) async fn index() -> Result<Response, AppError> {
    serve("index.html")
}

pub(crate) async fn file(Path(path): Path<String>) -> Result<Response, AppError> {
    serve(&path)
}

/// Looks `path` up in the embedded set only: no file system, so "../" leads
/// nowhere.
fn serve(path: &str) -> Result<Response, AppError> {
    if path.split('/').any(|part| part == ".." || part.is_empty()) {
        return Err(AppError::NotFound);
    }
    let file = ASSETS.get_file(path).ok_or(AppError::NotFound)?;
    let mime = match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        file.contents(),
    )
        .into_response())
}

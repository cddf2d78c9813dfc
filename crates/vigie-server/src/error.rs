use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Every way a request can fail, as the client sees it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nothing at this id.
    #[error("not found")]
    NotFound,
    /// The request is malformed or out of bounds.
    #[error("{0}")]
    BadRequest(String),
    /// The body is over [`crate::MAX_BODY`].
    #[error("request body too large")]
    TooLarge,
    /// A write without the right token.
    #[error("a valid bearer token is required")]
    Unauthorized,
    /// Writes are off: the server was started without a token.
    #[error("write endpoints are disabled (start the server with --token or VIGIE_TOKEN)")]
    WritesDisabled,
    /// The store failed: logged here, a plain 500 for the client.
    #[error("internal error")]
    Store(#[from] vigie_store::Error),
    /// A background task died.
    #[error("internal error")]
    Task(#[from] tokio::task::JoinError),
    /// The ingest hook failed.
    #[error("internal error")]
    Ingest(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::WritesDisabled => StatusCode::FORBIDDEN,
            AppError::Store(e) => {
                eprintln!("vigie serve: store error: {e}");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            AppError::Task(e) => {
                eprintln!("vigie serve: task failed: {e}");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            AppError::Ingest(e) => {
                eprintln!("vigie serve: ingest failed: {e}");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (
            status,
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}

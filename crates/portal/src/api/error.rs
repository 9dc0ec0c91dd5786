//! JSON API errors: `{"error": "<code>", "detail": "<human sentence>"}` with the right status.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

/// An API error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable machine-readable code (`bad_request`, `not_signed_in`, `forbidden`, ...).
    pub code: &'static str,
    /// A sentence for people.
    pub detail: String,
}

impl ApiError {
    /// 400: the request is malformed or a field is invalid.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }

    /// 401: no valid session.
    pub fn not_signed_in() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "not_signed_in", "sign in first")
    }

    /// 403: signed in, but the permission is missing.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", detail)
    }

    /// 409.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", detail)
    }

    /// 500 (the detail is logged, not shown).
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        eprintln!("gatehouse: internal error: {detail}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; nothing was changed",
        )
    }

    /// Any status.
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    detail: &'a str,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(Body {
            error: self.code,
            detail: &self.detail,
        })
    }
}

impl From<store::StoreError> for ApiError {
    fn from(e: store::StoreError) -> Self {
        use store::StoreError as E;
        match e {
            E::NotFound { entity, id } => ApiError::not_found(format!("{entity} {id} not found")),
            E::Conflict { field } => ApiError::conflict(format!("{field} is already in use")),
            E::VersionConflict { .. } => {
                ApiError::conflict("the record changed meanwhile; reload and retry")
            }
            E::InvalidData(d) => ApiError::bad_request(d),
            other => ApiError::internal(other),
        }
    }
}

impl From<permissions::RoleError> for ApiError {
    fn from(e: permissions::RoleError) -> Self {
        ApiError::bad_request(e.to_string())
    }
}

/// Runs a blocking closure on the blocking pool.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    actix_web::web::block(f).await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the server is overloaded; retry",
        )
    })?
}

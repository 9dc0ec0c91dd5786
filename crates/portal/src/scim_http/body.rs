//! Reading a SCIM request body: bounded in size, JSON, tolerant of the media types IdPs send.

use actix_web::web;
use futures_util::StreamExt as _;
use scim_core::{ScimError, ScimType};

/// Reads the whole body, refusing more than `limit` bytes with 413, and parses it as JSON.
///
/// Any `Content-Type` is accepted (`application/scim+json`, `application/json`, with or without
/// a charset, or none): IdPs differ, and the body's JSON syntax is what matters.
pub async fn read_json(
    mut payload: web::Payload,
    limit: usize,
) -> Result<serde_json::Value, ScimError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ScimError::bad_request(
                ScimType::InvalidSyntax,
                format!("could not read the request body: {e}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    if body.is_empty() {
        return Err(ScimError::bad_request(
            ScimType::InvalidSyntax,
            "the request body is empty; a JSON object was expected",
        ));
    }
    serde_json::from_slice(&body).map_err(|e| {
        ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!("the request body is not valid JSON: {e}"),
        )
    })
}

/// The 413 error for a body over `limit` bytes.
pub fn too_large(limit: usize) -> ScimError {
    ScimError::new(
        413,
        None,
        format!("the request body is larger than the limit of {limit} bytes"),
    )
}

//! SCIM responses: `application/scim+json` bodies, ETags, and errors in the SCIM error schema.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use scim_core::ScimError;

/// The SCIM media type (RFC 7644 §8.1).
pub const SCIM_JSON: &str = "application/scim+json";

/// A SCIM error as an HTTP response: the RFC 7644 §3.12 body with the matching status.
#[derive(Debug)]
pub struct ScimFailure(pub ScimError);

impl std::fmt::Display for ScimFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<ScimError> for ScimFailure {
    fn from(e: ScimError) -> Self {
        ScimFailure(e)
    }
}

impl ResponseError for ScimFailure {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        error_response(&self.0)
    }
}

/// The HTTP response for a SCIM error.
pub fn error_response(e: &ScimError) -> HttpResponse {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = HttpResponse::build(status);
    builder.content_type(SCIM_JSON);
    if status == StatusCode::UNAUTHORIZED {
        builder.insert_header((
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"gatehouse-scim\""),
        ));
    }
    builder.body(serde_json::to_vec(e).unwrap_or_default())
}

/// A `200 OK` (or other status) with a SCIM JSON body.
pub fn json(status: StatusCode, body: &impl serde::Serialize) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(SCIM_JSON)
        .body(serde_json::to_vec(body).unwrap_or_default())
}

/// A resource response with its `ETag` (from `meta.version`) and, for 201, its `Location`.
pub fn resource(status: StatusCode, body: &serde_json::Value) -> HttpResponse {
    let meta = |name: &str| body.get("meta")?.get(name)?.as_str();
    resource_with(status, meta("version"), meta("location"), body)
}

/// [`resource`] for a [`Document`](crate::services::provisioning::Document).
pub fn document(
    status: StatusCode,
    body: &crate::services::provisioning::Document,
) -> HttpResponse {
    resource_with(status, body.meta("version"), body.meta("location"), body)
}

fn resource_with(
    status: StatusCode,
    version: Option<&str>,
    location: Option<&str>,
    body: &impl serde::Serialize,
) -> HttpResponse {
    let mut builder = HttpResponse::build(status);
    builder.content_type(SCIM_JSON);
    if let Some(h) = version.and_then(|v| HeaderValue::from_str(v).ok()) {
        builder.insert_header((header::ETAG, h));
    }
    if status == StatusCode::CREATED {
        if let Some(h) = location.and_then(|l| HeaderValue::from_str(l).ok()) {
            builder.insert_header((header::LOCATION, h));
        }
    }
    builder.body(serde_json::to_vec(body).unwrap_or_default())
}

/// The weak ETag for a resource version.
pub fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

/// The version named by an `If-Match` header: `None` when absent or `*`.
///
/// Returns an error for an ETag that is not one of ours (it can never match).
pub fn if_match(req: &actix_web::HttpRequest) -> Result<Option<i64>, ScimError> {
    let Some(raw) = req.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = raw.to_str().unwrap_or("").trim();
    if text == "*" {
        return Ok(None);
    }
    let tag = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    tag.parse::<i64>().map(Some).map_err(|_| {
        ScimError::precondition_failed(format!(
            "If-Match {text} does not match the resource version"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn if_match_reads_weak_and_strong_tags() {
        let r = TestRequest::default()
            .insert_header(("If-Match", "W/\"3\""))
            .to_http_request();
        assert_eq!(if_match(&r).unwrap(), Some(3));
        let r = TestRequest::default()
            .insert_header(("If-Match", "\"4\""))
            .to_http_request();
        assert_eq!(if_match(&r).unwrap(), Some(4));
        let r = TestRequest::default()
            .insert_header(("If-Match", "*"))
            .to_http_request();
        assert_eq!(if_match(&r).unwrap(), None);
        let r = TestRequest::default()
            .insert_header(("If-Match", "xyz"))
            .to_http_request();
        assert_eq!(if_match(&r).unwrap_err().status, 412);
        assert_eq!(etag(7), "W/\"7\"");
    }

    #[test]
    fn unauthorized_carries_www_authenticate() {
        let r = error_response(&ScimError::new(401, None, "no key"));
        assert!(r.headers().contains_key(header::WWW_AUTHENTICATE));
        assert_eq!(r.headers().get(header::CONTENT_TYPE).unwrap(), SCIM_JSON);
    }
}

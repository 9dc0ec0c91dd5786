//! Strict JSON bodies for the API: unknown fields and wrong types are 400s naming the field.

use actix_web::web;
use futures_util::StreamExt as _;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Parses `bytes` as `T`, naming the offending field in the error
/// (e.g. `permissions.users: invalid type: string "yes", expected a boolean`).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path.is_empty() || path == "." {
            ApiError::bad_request(format!("invalid JSON body: {inner}"))
        } else {
            ApiError::bad_request(format!("{path}: {inner}"))
        }
    })
}

/// Reads a body of at most `limit` bytes and parses it with [`parse`].
pub async fn read<T: DeserializeOwned>(
    mut payload: web::Payload,
    limit: usize,
) -> Result<T, ApiError> {
    let bytes = read_bytes(&mut payload, limit).await?;
    parse(&bytes)
}

/// Reads a raw body of at most `limit` bytes.
pub async fn read_bytes(
    payload: &mut web::Payload,
    limit: usize,
) -> Result<web::BytesMut, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request(format!("could not read the body: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::new(
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the body is larger than {limit} bytes"),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        users: bool,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        permissions: Inner,
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse::<Outer>(br#"{"permissions":{"users":"yes"}}"#).unwrap_err();
        assert!(e.detail.starts_with("permissions.users:"), "{}", e.detail);
        let e = parse::<Outer>(br#"{"permissions":{"users":true,"admin":true}}"#).unwrap_err();
        assert!(e.detail.contains("admin"), "{}", e.detail);
        assert_eq!(e.status.as_u16(), 400);
    }
}

//! Reading request bodies: JSON text to a message, with errors as SCIM 400 responses.

use serde::de::DeserializeOwned;

use super::error::{ScimError, ScimType};

/// Deserialises a request body, mapping failures to the SCIM error a client should get.
///
/// * malformed JSON (bad syntax, truncated body) → 400 `invalidSyntax`;
/// * well-formed JSON of the wrong shape (a missing member, a wrong type, an unknown `op`)
///   → 400 `invalidValue`.
///
/// The detail names the line and column of the problem.
///
/// ```
/// use scim_core::message::{decode_json, PatchRequest};
/// use scim_core::ScimType;
/// let err = decode_json::<PatchRequest>(br#"{"schemas": ["#).unwrap_err();
/// assert_eq!(err.scim_type, Some(ScimType::InvalidSyntax));
/// let err = decode_json::<PatchRequest>(br#"{"schemas": []}"#).unwrap_err();
/// assert_eq!(err.scim_type, Some(ScimType::InvalidValue));
/// ```
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ScimError> {
    serde_json::from_slice(body).map_err(|e| json_error(&e))
}

/// Deserialises an already-parsed JSON value, with the errors of [`decode_json`].
pub fn decode_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ScimError> {
    serde_json::from_value(value).map_err(|e| json_error(&e))
}

/// The SCIM error for a `serde_json` error: `invalidSyntax` for malformed JSON,
/// `invalidValue` for JSON that does not have the message's shape.
pub fn json_error(e: &serde_json::Error) -> ScimError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!("the request body is not valid JSON: {e}"),
        ),
        Category::Data => ScimError::bad_request(
            ScimType::InvalidValue,
            format!("the request body does not have the expected structure: {e}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Probe {
        #[allow(dead_code)]
        count: u32,
    }

    #[test]
    fn truncated_json_is_invalid_syntax_with_position() {
        let e = decode_json::<Probe>(b"{\"count\": ").unwrap_err();
        assert_eq!(e.status, 400);
        assert_eq!(e.scim_type, Some(ScimType::InvalidSyntax));
        assert!(e.detail.contains("line 1"), "{}", e.detail);
    }

    #[test]
    fn wrong_type_is_invalid_value_naming_the_problem() {
        let e = decode_json::<Probe>(br#"{"count": "ten"}"#).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
        assert!(e.detail.contains("invalid type"), "{}", e.detail);
        let e = decode_value::<Probe>(serde_json::json!({})).unwrap_err();
        assert!(e.detail.contains("missing field `count`"), "{}", e.detail);
    }
}

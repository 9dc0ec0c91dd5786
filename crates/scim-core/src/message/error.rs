//! The SCIM error response (RFC 7644 §3.12).

use serde::{Deserialize, Serialize};
use std::fmt;

/// URN of the error message schema.
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The `scimType` detail error keywords of RFC 7644 §3.12, Table 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ScimType {
    /// The filter syntax is invalid or the filter is not supported.
    InvalidFilter,
    /// The filter yields too many results.
    TooMany,
    /// One or more attribute values are already in use or reserved.
    Uniqueness,
    /// The modification is incompatible with the attribute's mutability.
    Mutability,
    /// The request body structure was invalid.
    InvalidSyntax,
    /// The `path` attribute was invalid or malformed.
    InvalidPath,
    /// The path did not yield an attribute or value that could be operated on.
    NoTarget,
    /// A required value was missing or the value was not compatible.
    InvalidValue,
    /// The SCIM protocol version is not supported.
    InvalidVers,
    /// The request cannot be completed because of sensitive information.
    Sensitive,
}

impl ScimType {
    /// The keyword as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ScimType::InvalidFilter => "invalidFilter",
            ScimType::TooMany => "tooMany",
            ScimType::Uniqueness => "uniqueness",
            ScimType::Mutability => "mutability",
            ScimType::InvalidSyntax => "invalidSyntax",
            ScimType::InvalidPath => "invalidPath",
            ScimType::NoTarget => "noTarget",
            ScimType::InvalidValue => "invalidValue",
            ScimType::InvalidVers => "invalidVers",
            ScimType::Sensitive => "sensitive",
        }
    }
}

impl fmt::Display for ScimType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A SCIM error: an HTTP status, an optional `scimType` and a human-readable detail.
///
/// Serialises to the RFC 7644 §3.12 shape, with `status` as a string:
///
/// ```
/// use scim_core::{ScimError, ScimType};
/// let e = ScimError::bad_request(ScimType::InvalidFilter, "unexpected end of filter at 12");
/// let json = serde_json::to_value(&e).unwrap();
/// assert_eq!(json["status"], "400");
/// assert_eq!(json["scimType"], "invalidFilter");
/// assert_eq!(json["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:Error");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {}: {detail}", scim_type.map(ScimType::as_str).unwrap_or("error"))]
pub struct ScimError {
    /// The HTTP status code.
    pub status: u16,
    /// The detail error keyword, for 400 and 409 responses.
    pub scim_type: Option<ScimType>,
    /// A human-readable explanation.
    pub detail: String,
}

impl ScimError {
    /// An error with this status, type and detail.
    pub fn new(status: u16, scim_type: Option<ScimType>, detail: impl Into<String>) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    /// 400 with a `scimType`.
    pub fn bad_request(scim_type: ScimType, detail: impl Into<String>) -> Self {
        Self::new(400, Some(scim_type), detail)
    }

    /// 404: the resource does not exist.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, None, detail)
    }

    /// 409 `uniqueness`.
    pub fn uniqueness(detail: impl Into<String>) -> Self {
        Self::new(409, Some(ScimType::Uniqueness), detail)
    }

    /// 400 `mutability`.
    pub fn mutability(detail: impl Into<String>) -> Self {
        Self::bad_request(ScimType::Mutability, detail)
    }

    /// 412: the `If-Match` version does not match.
    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(412, None, detail)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorWire {
    schemas: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scim_type: Option<ScimType>,
    #[serde(default)]
    detail: String,
    status: StatusWire,
}

/// `status` is a string on the wire; some clients send a number, which is accepted on read.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum StatusWire {
    Text(String),
    Number(u16),
}

impl Serialize for ScimError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ErrorWire {
            schemas: vec![ERROR_SCHEMA.to_owned()],
            scim_type: self.scim_type,
            detail: self.detail.clone(),
            status: StatusWire::Text(self.status.to_string()),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for ScimError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = ErrorWire::deserialize(d)?;
        let status = match w.status {
            StatusWire::Number(n) => n,
            StatusWire::Text(t) => t.parse().map_err(serde::de::Error::custom)?,
        };
        Ok(ScimError {
            status,
            scim_type: w.scim_type,
            detail: w.detail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc_example() {
        let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],
            "scimType":"mutability","detail":"Attribute 'id' is readOnly","status":"400"}"#;
        let e: ScimError = serde_json::from_str(text).unwrap();
        assert_eq!(e, ScimError::mutability("Attribute 'id' is readOnly"));
        let back = serde_json::to_value(&e).unwrap();
        assert_eq!(back["status"], "400");
    }

    #[test]
    fn not_found_has_no_scim_type() {
        let v = serde_json::to_value(ScimError::not_found("Resource 2819c223 not found")).unwrap();
        assert!(v.get("scimType").is_none());
        assert_eq!(v["status"], "404");
    }
}

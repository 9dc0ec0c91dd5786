//! The PATCH request message (RFC 7644 §3.5.2).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// URN of the PATCH request message schema.
pub const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// The kind of a PATCH operation.
///
/// Read case-insensitively (Entra sends `Add`, `Replace`, `Remove`); written in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatchOpKind {
    /// `add` (RFC 7644 §3.5.2.1).
    Add,
    /// `remove` (RFC 7644 §3.5.2.2).
    Remove,
    /// `replace` (RFC 7644 §3.5.2.3).
    Replace,
}

impl PatchOpKind {
    /// The name as written on the wire: `add`, `remove` or `replace`.
    pub fn as_str(self) -> &'static str {
        match self {
            PatchOpKind::Add => "add",
            PatchOpKind::Remove => "remove",
            PatchOpKind::Replace => "replace",
        }
    }

    /// The kind named `name`, in any letter case.
    pub fn parse(name: &str) -> Option<Self> {
        [PatchOpKind::Add, PatchOpKind::Remove, PatchOpKind::Replace]
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for PatchOpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PatchOpKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PatchOpKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        PatchOpKind::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown PATCH op {name:?}: expected \"add\", \"remove\" or \"replace\""
            ))
        })
    }
}

/// One operation of a PATCH request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchOperation {
    /// What to do.
    pub op: PatchOpKind,
    /// Where: an attribute path or value path (see [`crate::patch::PatchPath`]); absent means
    /// the resource itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The value to add or replace with (absent, or JSON `null`, reads as `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
}

impl PatchOperation {
    /// An operation with a path and a value.
    pub fn new(op: PatchOpKind, path: Option<&str>, value: Option<serde_json::Value>) -> Self {
        PatchOperation {
            op,
            path: path.map(str::to_owned),
            value,
        }
    }

    /// `add` at `path` (or at the resource when `None`).
    pub fn add(path: Option<&str>, value: serde_json::Value) -> Self {
        Self::new(PatchOpKind::Add, path, Some(value))
    }

    /// `replace` at `path` (or at the resource when `None`).
    pub fn replace(path: Option<&str>, value: serde_json::Value) -> Self {
        Self::new(PatchOpKind::Replace, path, Some(value))
    }

    /// `remove` at `path`.
    pub fn remove(path: &str) -> Self {
        Self::new(PatchOpKind::Remove, Some(path), None)
    }
}

/// A PATCH request body.
///
/// `schemas` must contain [`PATCH_OP_SCHEMA`]; the operations are read from `Operations`
/// (the RFC's spelling) or `operations`.
///
/// ```
/// use scim_core::message::{decode_json, PatchOpKind, PatchRequest};
/// let body = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
///   "Operations":[{"op":"Replace","path":"active","value":false}]}"#;
/// let req: PatchRequest = decode_json(body).unwrap();
/// assert_eq!(req.operations[0].op, PatchOpKind::Replace);
/// assert_eq!(req.operations[0].path.as_deref(), Some("active"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PatchRequestWire")]
pub struct PatchRequest {
    /// The message schemas, containing [`PATCH_OP_SCHEMA`].
    pub schemas: Vec<String>,
    /// The operations, applied in order.
    #[serde(rename = "Operations")]
    pub operations: Vec<PatchOperation>,
}

impl PatchRequest {
    /// A request with these operations and the PatchOp schema.
    pub fn new(operations: Vec<PatchOperation>) -> Self {
        PatchRequest {
            schemas: vec![PATCH_OP_SCHEMA.to_owned()],
            operations,
        }
    }
}

#[derive(Deserialize)]
struct PatchRequestWire {
    schemas: Vec<String>,
    #[serde(rename = "Operations", alias = "operations")]
    operations: Vec<PatchOperation>,
}

impl TryFrom<PatchRequestWire> for PatchRequest {
    type Error = String;

    fn try_from(w: PatchRequestWire) -> Result<Self, String> {
        if !w
            .schemas
            .iter()
            .any(|s| s.eq_ignore_ascii_case(PATCH_OP_SCHEMA))
        {
            return Err(format!(
                "a PATCH request's schemas must contain {PATCH_OP_SCHEMA:?}"
            ));
        }
        Ok(PatchRequest {
            schemas: w.schemas,
            operations: w.operations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::decode_json;
    use crate::ScimType;
    use serde_json::json;

    #[test]
    fn op_names_are_case_insensitive_and_written_lower_case() {
        let body = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          "Operations":[{"op":"Add","path":"x","value":1},{"op":"REMOVE","path":"y"},
                        {"op":"replace","value":{"a":1}}]}"#;
        let req: PatchRequest = decode_json(body).unwrap();
        let kinds: Vec<_> = req.operations.iter().map(|o| o.op).collect();
        assert_eq!(
            kinds,
            [PatchOpKind::Add, PatchOpKind::Remove, PatchOpKind::Replace]
        );
        let back = serde_json::to_value(&req).unwrap();
        assert_eq!(back["Operations"][0]["op"], "add");
        assert_eq!(back["Operations"][1], json!({"op": "remove", "path": "y"}));
    }

    #[test]
    fn lower_case_operations_member_is_accepted() {
        let body = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          "operations":[{"op":"remove","path":"title"}]}"#;
        let req: PatchRequest = decode_json(body).unwrap();
        assert_eq!(req.operations, vec![PatchOperation::remove("title")]);
    }

    #[test]
    fn missing_patch_schema_is_refused_with_clear_detail() {
        let e = decode_json::<PatchRequest>(
            br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"Operations":[]}"#,
        )
        .unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
        assert!(e.detail.contains(PATCH_OP_SCHEMA), "{}", e.detail);
    }

    #[test]
    fn unknown_op_is_refused_naming_it() {
        let e = decode_json::<PatchRequest>(
            br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations":[{"op":"move","path":"a"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.detail.contains("\"move\""), "{}", e.detail);
    }

    #[test]
    fn null_value_reads_as_none() {
        let op: PatchOperation =
            serde_json::from_value(json!({"op": "replace", "path": "title", "value": null}))
                .unwrap();
        assert_eq!(op.value, None);
    }
}

//! A schema: a URN and its attributes (RFC 7643 §2, §7).

use serde::{Deserialize, Serialize};

use super::attribute::Attribute;

/// A schema definition, serialisable as the `/Schemas` representation of RFC 7643 §7.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    pub id: String,
    /// A human-readable name.
    pub name: String,
    /// A human-readable description.
    #[serde(default)]
    pub description: String,
    /// The top-level attributes.
    pub attributes: Vec<Attribute>,
}

impl Schema {
    /// A new schema with the given URN, name and attributes.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        description: impl Into<String>,
        attributes: Vec<Attribute>,
    ) -> Self {
        Schema {
            id: id.into(),
            name: name.into(),
            description: description.into(),
            attributes,
        }
    }

    /// The top-level attribute with this name (case-insensitive), if any.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

//! The `meta` of a discovery document.

use serde::{Deserialize, Serialize};

/// `meta` of a discovery document: its resource type and location (RFC 7643 §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentMeta {
    /// `ServiceProviderConfig`, `ResourceType` or `Schema`.
    pub resource_type: String,
    /// The absolute URL of the document.
    pub location: String,
}

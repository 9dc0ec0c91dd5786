//! What [`prepare_detailed`](super::prepare_detailed) returns: the cleaned resource and
//! an account of everything it left out.

use serde_json::{Map, Value};

/// Why an attribute of the request body is not in the prepared resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoreReason {
    /// The attribute is `readOnly` (`id`, `meta`, `groups`, ...): clients may send it
    /// back, the service provider ignores it (RFC 7643 §2.2).
    ReadOnly,
    /// No schema of the resource type defines the attribute.
    UnknownAttribute,
    /// An object keyed by a schema URN the resource type does not have.
    UnknownSchema,
}

/// An attribute of the request body that was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// The attribute as named in the body (`meta`, `name.nickname`, `urn:…:foo`).
    pub path: String,
    /// Why it was dropped.
    pub reason: IgnoreReason,
}

/// A validated request body, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The resource: `schemas` first, attribute names in the schemas' spelling, extension
    /// attributes under their URN, no `null`s, no `readOnly` or unknown attributes and no
    /// write-only values. It carries no `id` or `meta`: the service assigns those.
    pub resource: Value,
    /// Values of `writeOnly` attributes (such as `password`), keyed by attribute path.
    /// They are valid but not part of `resource`; a service that does not store them
    /// (Gatehouse never stores passwords) simply drops this map.
    pub write_only: Map<String, Value>,
    /// Attributes of the body that were dropped, in body order.
    pub ignored: Vec<Ignored>,
}

//! # scim-core
//!
//! A SCIM 2.0 protocol library (RFC 7643, RFC 7644) with no I/O: it knows the resource
//! schemas, parses and evaluates filters, applies PATCH requests, validates POST/PUT
//! bodies, projects resources for `attributes`/`excludedAttributes`, sorts them, and builds
//! the protocol messages and discovery documents. A service keeps its own storage and HTTP
//! layer and calls into this crate.
//!
//! * [`schema`]: User, Group and Enterprise User schemas as data, and a registry for extensions.
//! * [`path`]: attribute paths (`name.givenName`, `urn:…:User:employeeNumber`).
//! * [`filter`]: the full filter grammar, a canonical printer and an evaluator.
//! * [`patch`]: the PATCH engine, Okta/Entra normalisers and group membership deltas.
//! * [`resource`]: validation of POST and PUT bodies ([`resource::prepare`]) and
//!   [`resource::normalized_key`] for case-insensitive uniqueness.
//! * [`projection`]: `attributes`/`excludedAttributes` with the `returned` rules.
//! * [`sort`]: `sortBy`/`sortOrder` by attribute type.
//! * [`message`]: `Error`, `ListResponse`, `PatchOp`, `SearchRequest`.
//! * [`discovery`]: `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` documents.
//!
//! A request's life in a service, in short:
//!
//! ```
//! use scim_core::projection::{parse_attribute_list, project};
//! use scim_core::resource::{prepare, WriteMode};
//! use scim_core::schema::SchemaRegistry;
//! use serde_json::json;
//!
//! let registry = SchemaRegistry::standard();
//! let groups = registry.resource_schema("Group").unwrap();
//! // POST /Groups
//! let mut group = prepare(json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
//!     "displayName": "WindowsAdministrators",
//!     "members": [{"value": "2819c223", "display": "Olivia Lim"}]
//! }), &groups, WriteMode::Create)?;
//! group["id"] = json!("e9e30dba");
//! // GET /Groups/e9e30dba?excludedAttributes=members
//! let shown = project(&group, &groups, &[], &parse_attribute_list("members")?);
//! assert_eq!(shown, json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
//!     "displayName": "WindowsAdministrators",
//!     "id": "e9e30dba"
//! }));
//! # Ok::<(), scim_core::ScimError>(())
//! ```
//!
//! The crate's README (compiled as doctests too) shows a fuller example with filters and
//! PATCH.

pub mod discovery;
pub mod filter;
pub mod message;
pub mod patch;
pub mod path;
pub mod projection;
pub mod resource;
pub mod schema;
pub mod sort;

pub use filter::{BoundFilter, Filter, FilterError};
pub use message::{ScimError, ScimType};
pub use path::AttrPath;

/// The README's examples, compiled and run as doctests (the README is not the crate doc).
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

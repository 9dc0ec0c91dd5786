//! # scim-core
//!
//! A SCIM 2.0 protocol library (RFC 7643, RFC 7644) with no I/O: it knows the resource
//! schemas, parses and evaluates filters, applies PATCH requests, projects resources for
//! `attributes`/`excludedAttributes`, and builds the protocol messages and discovery
//! documents. A service keeps its own storage and HTTP layer and calls into this crate.
//!
//! * [`schema`]: User, Group and Enterprise User schemas as data, and a registry for extensions.
//! * [`filter`]: the full filter grammar, a canonical printer and an evaluator.
//! * [`message`]: `Error`, `ListResponse`, `PatchOp`, `SearchRequest`.

pub mod discovery;
pub mod filter;
pub mod message;
pub mod patch;
pub mod path;
pub mod projection;
pub mod resource;
pub mod schema;
pub mod sort;

pub use message::{ScimError, ScimType};
pub use path::AttrPath;

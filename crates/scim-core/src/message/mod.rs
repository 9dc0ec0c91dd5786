//! Protocol messages (RFC 7644 §3): errors, list responses, PATCH and search requests.

mod error;

pub use error::{ScimError, ScimType, ERROR_SCHEMA};

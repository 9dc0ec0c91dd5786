//! Protocol messages (RFC 7644 §3): errors, list responses, PATCH and search requests,
//! and [`decode_json`] to read a request body with SCIM errors.

mod decode;
mod error;
mod list_response;
mod patch_request;
mod search_request;

pub use decode::{decode_json, decode_value, json_error};
pub use error::{ScimError, ScimType, ERROR_SCHEMA};
pub use list_response::{ListResponse, LIST_RESPONSE_SCHEMA};
pub use patch_request::{PatchOpKind, PatchOperation, PatchRequest, PATCH_OP_SCHEMA};
pub use search_request::{SearchRequest, SortOrder, SEARCH_REQUEST_SCHEMA};

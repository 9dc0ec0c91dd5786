//! Shared helpers of the PATCH integration tests.
#![allow(dead_code, clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

use scim_core::message::{decode_value, PatchOperation, PatchRequest};
use scim_core::schema::{ResourceSchema, SchemaRegistry};
use serde_json::Value;
use std::sync::OnceLock;

/// The Enterprise User extension URN.
pub const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The standard registry, built once.
pub fn registry() -> &'static SchemaRegistry {
    static R: OnceLock<SchemaRegistry> = OnceLock::new();
    R.get_or_init(SchemaRegistry::standard)
}

/// The User resource schema.
pub fn users() -> ResourceSchema<'static> {
    registry().resource_schema("User").unwrap()
}

/// The Group resource schema.
pub fn groups() -> ResourceSchema<'static> {
    registry().resource_schema("Group").unwrap()
}

/// The operations of a PATCH body given as JSON.
pub fn ops(body: Value) -> Vec<PatchOperation> {
    decode_value::<PatchRequest>(body).unwrap().operations
}

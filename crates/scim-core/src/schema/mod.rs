//! Schemas as data (RFC 7643 §2, §4, §7): one description that feeds validation,
//! comparison (`caseExact`), projection (`returned`) and the discovery documents.

mod attribute;
mod common;
mod definition;
mod enterprise;
mod group;
mod registry;
mod user;

pub use attribute::{Attribute, AttributeType, Mutability, Returned, Uniqueness};
pub use common::common_attributes;
pub use definition::Schema;
pub use enterprise::{enterprise_user_schema, ENTERPRISE_USER_SCHEMA};
pub use group::{group_schema, GROUP_SCHEMA};
pub use registry::{
    RegistryError, ResolvedAttribute, ResourceSchema, ResourceType, SchemaExtension, SchemaRegistry,
};
pub use user::{user_schema, USER_SCHEMA};

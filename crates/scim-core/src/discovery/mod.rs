//! Discovery documents (RFC 7643 §5–§7, RFC 7644 §4): `/ServiceProviderConfig`,
//! `/ResourceTypes` and `/Schemas`, built from a [`SchemaRegistry`](crate::schema::SchemaRegistry)
//! and a base URL. The list endpoints wrap these documents in a `ListResponse`.

mod location;
mod meta;
mod resource_types;
mod schemas;
mod service_provider_config;

pub use meta::DocumentMeta;
pub use resource_types::{resource_type_document, resource_types_document, RESOURCE_TYPE_SCHEMA};
pub use schemas::{schema_document, schema_documents, SCHEMA_SCHEMA};
pub use service_provider_config::{
    AuthenticationScheme, BulkConfig, FilterConfig, ServiceProviderConfig, ServiceProviderOptions,
    Supported, SERVICE_PROVIDER_CONFIG_SCHEMA,
};

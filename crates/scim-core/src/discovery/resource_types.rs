//! The `/ResourceTypes` documents (RFC 7643 §6, §8.6).

use serde_json::{json, Map, Value};

use super::location::location;
use crate::schema::{ResourceType, SchemaRegistry};

/// URN of the resource type schema.
pub const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

/// Every resource type of the registry as served by `GET /ResourceTypes`.
///
/// ```
/// use scim_core::discovery::resource_types_document;
/// use scim_core::schema::SchemaRegistry;
///
/// let docs = resource_types_document(&SchemaRegistry::standard(), "https://gatehouse.example/scim/v2");
/// assert_eq!(docs[0]["endpoint"], "/Users");
/// assert_eq!(docs[0]["meta"]["location"], "https://gatehouse.example/scim/v2/ResourceTypes/User");
/// ```
pub fn resource_types_document(registry: &SchemaRegistry, base_url: &str) -> Vec<Value> {
    registry
        .resource_types()
        .iter()
        .map(|rt| resource_type_json(rt, base_url))
        .collect()
}

/// The resource type with this id (any case), as served by `GET /ResourceTypes/{id}`.
///
/// ```
/// use scim_core::discovery::resource_type_document;
/// use scim_core::schema::SchemaRegistry;
///
/// let registry = SchemaRegistry::standard();
/// let group = resource_type_document(&registry, "group", "https://gatehouse.example/scim/v2").unwrap();
/// assert_eq!(group["schema"], "urn:ietf:params:scim:schemas:core:2.0:Group");
/// assert!(resource_type_document(&registry, "Device", "https://gatehouse.example/scim/v2").is_none());
/// ```
pub fn resource_type_document(
    registry: &SchemaRegistry,
    id: &str,
    base_url: &str,
) -> Option<Value> {
    registry
        .resource_types()
        .iter()
        .find(|rt| rt.id.eq_ignore_ascii_case(id))
        .map(|rt| resource_type_json(rt, base_url))
}

fn resource_type_json(rt: &ResourceType, base_url: &str) -> Value {
    let mut doc = Map::new();
    doc.insert("schemas".into(), json!([RESOURCE_TYPE_SCHEMA]));
    doc.insert("id".into(), json!(rt.id));
    doc.insert("name".into(), json!(rt.name));
    doc.insert("endpoint".into(), json!(rt.endpoint));
    doc.insert("description".into(), json!(rt.description));
    doc.insert("schema".into(), json!(rt.schema));
    if !rt.schema_extensions.is_empty() {
        let extensions: Vec<Value> = rt
            .schema_extensions
            .iter()
            .map(|e| json!({"schema": e.schema, "required": e.required}))
            .collect();
        doc.insert("schemaExtensions".into(), Value::Array(extensions));
    }
    doc.insert(
        "meta".into(),
        json!({
            "resourceType": "ResourceType",
            "location": location(base_url, &["ResourceTypes", &rt.id]),
        }),
    );
    Value::Object(doc)
}

//! The `/Schemas` documents (RFC 7643 §7, §8.7).

use serde_json::{json, Map, Value};

use super::location::location;
use crate::schema::{
    Attribute, AttributeType, Mutability, Returned, Schema, SchemaRegistry, Uniqueness,
};

/// URN of the schema that describes schemas.
pub const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// Every schema of the registry as served by `GET /Schemas`, each in the RFC 7643 §7
/// representation with `schemas` and `meta`.
///
/// ```
/// use scim_core::discovery::schema_documents;
/// use scim_core::schema::SchemaRegistry;
///
/// let docs = schema_documents(&SchemaRegistry::standard(), "https://gatehouse.example/scim/v2");
/// let user = &docs[0];
/// assert_eq!(user["id"], "urn:ietf:params:scim:schemas:core:2.0:User");
/// assert_eq!(user["attributes"][0]["name"], "userName");
/// assert_eq!(user["attributes"][0]["uniqueness"], "server");
/// ```
pub fn schema_documents(registry: &SchemaRegistry, base_url: &str) -> Vec<Value> {
    registry
        .schemas()
        .iter()
        .map(|s| schema_json(s, base_url))
        .collect()
}

/// The schema with this URN (any case), as served by `GET /Schemas/{id}`.
///
/// ```
/// use scim_core::discovery::schema_document;
/// use scim_core::schema::SchemaRegistry;
///
/// let registry = SchemaRegistry::standard();
/// let group = schema_document(&registry, "urn:ietf:params:scim:schemas:core:2.0:Group", "https://gatehouse.example/scim/v2").unwrap();
/// assert_eq!(group["meta"]["location"],
///            "https://gatehouse.example/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group");
/// assert!(schema_document(&registry, "urn:example:nope", "https://gatehouse.example/scim/v2").is_none());
/// ```
pub fn schema_document(registry: &SchemaRegistry, id: &str, base_url: &str) -> Option<Value> {
    registry.schema(id).map(|s| schema_json(s, base_url))
}

fn schema_json(schema: &Schema, base_url: &str) -> Value {
    json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": schema.id,
        "name": schema.name,
        "description": schema.description,
        "attributes": schema.attributes.iter().map(attribute_json).collect::<Vec<_>>(),
        "meta": {
            "resourceType": "Schema",
            "location": location(base_url, &["Schemas", &schema.id]),
        },
    })
}

/// One attribute definition with the characteristics of RFC 7643 §7, in the order of the
/// RFC's examples. `caseExact` is left out for complex attributes, empty lists are left out.
fn attribute_json(attr: &Attribute) -> Value {
    let mut doc = Map::new();
    doc.insert("name".into(), json!(attr.name));
    doc.insert("type".into(), json!(type_name(attr.kind)));
    doc.insert("multiValued".into(), json!(attr.multi_valued));
    doc.insert("description".into(), json!(attr.description));
    doc.insert("required".into(), json!(attr.required));
    if !attr.canonical_values.is_empty() {
        doc.insert("canonicalValues".into(), json!(attr.canonical_values));
    }
    if attr.kind != AttributeType::Complex {
        doc.insert("caseExact".into(), json!(attr.case_exact));
    }
    doc.insert("mutability".into(), json!(mutability_name(attr.mutability)));
    doc.insert("returned".into(), json!(returned_name(attr.returned)));
    doc.insert("uniqueness".into(), json!(uniqueness_name(attr.uniqueness)));
    if !attr.reference_types.is_empty() {
        doc.insert("referenceTypes".into(), json!(attr.reference_types));
    }
    if !attr.sub_attributes.is_empty() {
        let subs: Vec<Value> = attr.sub_attributes.iter().map(attribute_json).collect();
        doc.insert("subAttributes".into(), Value::Array(subs));
    }
    Value::Object(doc)
}

fn type_name(kind: AttributeType) -> &'static str {
    match kind {
        AttributeType::String => "string",
        AttributeType::Boolean => "boolean",
        AttributeType::Decimal => "decimal",
        AttributeType::Integer => "integer",
        AttributeType::DateTime => "dateTime",
        AttributeType::Binary => "binary",
        AttributeType::Reference => "reference",
        AttributeType::Complex => "complex",
    }
}

fn mutability_name(m: Mutability) -> &'static str {
    match m {
        Mutability::ReadOnly => "readOnly",
        Mutability::ReadWrite => "readWrite",
        Mutability::Immutable => "immutable",
        Mutability::WriteOnly => "writeOnly",
    }
}

fn returned_name(r: Returned) -> &'static str {
    match r {
        Returned::Always => "always",
        Returned::Never => "never",
        Returned::Default => "default",
        Returned::Request => "request",
    }
}

fn uniqueness_name(u: Uniqueness) -> &'static str {
    match u {
        Uniqueness::None => "none",
        Uniqueness::Server => "server",
        Uniqueness::Global => "global",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written names agree with the schema types' own serde names.
    #[test]
    fn characteristic_names_match_serde_names() {
        let attr = Attribute::string("x")
            .mutability(Mutability::WriteOnly)
            .returned(Returned::Request)
            .uniqueness(Uniqueness::Global);
        let via_serde = serde_json::to_value(&attr).unwrap();
        let ours = attribute_json(&attr);
        for key in ["type", "mutability", "returned", "uniqueness", "caseExact"] {
            assert_eq!(ours[key], via_serde[key], "{key}");
        }
        for kind in [
            AttributeType::String,
            AttributeType::Boolean,
            AttributeType::Decimal,
            AttributeType::Integer,
            AttributeType::DateTime,
            AttributeType::Binary,
            AttributeType::Reference,
            AttributeType::Complex,
        ] {
            assert_eq!(json!(type_name(kind)), serde_json::to_value(kind).unwrap());
        }
        for m in [
            Mutability::ReadOnly,
            Mutability::ReadWrite,
            Mutability::Immutable,
            Mutability::WriteOnly,
        ] {
            assert_eq!(json!(mutability_name(m)), serde_json::to_value(m).unwrap());
        }
        for r in [
            Returned::Always,
            Returned::Never,
            Returned::Default,
            Returned::Request,
        ] {
            assert_eq!(json!(returned_name(r)), serde_json::to_value(r).unwrap());
        }
        for u in [Uniqueness::None, Uniqueness::Server, Uniqueness::Global] {
            assert_eq!(json!(uniqueness_name(u)), serde_json::to_value(u).unwrap());
        }
    }
}

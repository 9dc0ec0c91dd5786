//! The `schemas` attribute of a request body (RFC 7643 §3).

use serde_json::Value;

use super::value_type::invalid_value;
use crate::schema::ResourceSchema;
use crate::ScimError;

/// Checks the body's `schemas`: a list of URN strings (a single string is accepted) that
/// contains the resource type's core schema URN (any case). Returns the URNs the
/// resource type does not know, e.g. Entra's
/// `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group`, which are
/// tolerated and dropped.
pub(crate) fn check_schemas(
    value: Option<&Value>,
    schema: &ResourceSchema<'_>,
) -> Result<Vec<String>, ScimError> {
    let core = &schema.core.id;
    let missing_core = || invalid_value("schemas", format!("must contain {core}"));
    let urns: Vec<&Value> = match value {
        None | Some(Value::Null) => return Err(missing_core()),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
    };
    let mut has_core = false;
    let mut unknown = Vec::new();
    for urn in urns {
        let Value::String(urn) = urn else {
            return Err(invalid_value("schemas", "every entry must be a URN string"));
        };
        if urn.eq_ignore_ascii_case(core) {
            has_core = true;
        } else if schema.extension(urn).is_none() {
            unknown.push(urn.clone());
        }
    }
    if has_core {
        Ok(unknown)
    } else {
        Err(missing_core())
    }
}

/// The `schemas` of a prepared resource: the core URN, then the URN of each extension
/// whose attributes the resource holds, in the resource type's order and spelling.
pub(crate) fn output_schemas(schema: &ResourceSchema<'_>, present: &[&str]) -> Value {
    let mut urns = vec![Value::String(schema.core.id.clone())];
    urns.extend(
        schema
            .extensions
            .iter()
            .filter(|e| present.iter().any(|p| p.eq_ignore_ascii_case(&e.id)))
            .map(|e| Value::String(e.id.clone())),
    );
    Value::Array(urns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaRegistry;
    use serde_json::json;

    #[test]
    fn core_urn_is_required_in_any_case() {
        let r = SchemaRegistry::standard();
        let user = r.resource_schema("User").unwrap();
        let ok = json!(["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER"]);
        assert_eq!(
            check_schemas(Some(&ok), &user).unwrap(),
            Vec::<String>::new()
        );
        assert!(check_schemas(None, &user).is_err());
        let group_urn = json!(["urn:ietf:params:scim:schemas:core:2.0:Group"]);
        assert!(check_schemas(Some(&group_urn), &user).is_err());
        assert!(check_schemas(Some(&json!([5])), &user).is_err());
    }

    #[test]
    fn unknown_urns_are_reported() {
        let r = SchemaRegistry::standard();
        let group = r.resource_schema("Group").unwrap();
        let v = json!([
            "urn:ietf:params:scim:schemas:core:2.0:Group",
            "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"
        ]);
        assert_eq!(
            check_schemas(Some(&v), &group).unwrap(),
            vec!["http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"]
        );
    }
}

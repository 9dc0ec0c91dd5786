//! Reading attribute values out of a JSON resource, with names matched case-insensitively.

use serde_json::{Map, Value};

use crate::schema::ResolvedAttribute;

/// The entry of `map` whose key equals `name` ignoring ASCII case (exact match preferred).
pub(crate) fn get_ci<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The value of a resolved top-level attribute in `resource`: core and common attributes
/// at the top level, extension attributes inside the object keyed by the extension URN.
pub(crate) fn attribute_value<'v>(
    resource: &'v Value,
    resolved: &ResolvedAttribute<'_>,
) -> Option<&'v Value> {
    let map = resource.as_object()?;
    let holder = match resolved.extension {
        Some(urn) => get_ci(map, urn)?.as_object()?,
        None => map,
    };
    get_ci(holder, &resolved.attribute.name).filter(|v| !v.is_null())
}

/// Whether a value counts as unassigned (RFC 7643 §2.5): `null`, an empty array, or an
/// empty object.
pub(crate) fn is_unassigned(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaRegistry;
    use serde_json::json;

    #[test]
    fn finds_core_and_extension_values_ignoring_case() {
        let registry = SchemaRegistry::standard();
        let user = registry.resource_schema("User").unwrap();
        let resource = json!({
            "USERNAME": "olivia",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"employeenumber": "E1"}
        });
        let name = user.resolve_str("userName").unwrap();
        assert_eq!(attribute_value(&resource, &name), Some(&json!("olivia")));
        let number = user.resolve_str("employeeNumber").unwrap();
        assert_eq!(attribute_value(&resource, &number), Some(&json!("E1")));
        let title = user.resolve_str("title").unwrap();
        assert_eq!(attribute_value(&resource, &title), None);
    }
}

//! Entra sends the Enterprise `manager` as a bare id string instead of `{"value": id}`.

use serde_json::{Map, Value};

use crate::message::{PatchOpKind, PatchOperation};
use crate::path::AttrPath;
use crate::schema::{Attribute, AttributeType, ResourceSchema};

use super::super::path::PatchPath;

/// Wraps a bare string given for a single-valued complex attribute that has a `value`
/// sub-attribute (in the standard schemas: the Enterprise `manager`) as `{"value": …}`,
/// in a path operation or inside a path-less value (also under the extension's URN key).
///
/// `{"op":"add","path":"urn:…:enterprise:2.0:User:manager","value":"26118915"}` →
/// `"value": {"value": "26118915"}`.
pub fn wrap_manager_string(
    mut op: PatchOperation,
    _resource: &Value,
    schema: &ResourceSchema<'_>,
) -> Vec<PatchOperation> {
    if op.op == PatchOpKind::Remove {
        return vec![op];
    }
    match (&op.path, &mut op.value) {
        (Some(text), Some(v)) => {
            let Ok(path) = PatchPath::parse(text) else {
                return vec![op];
            };
            if path.filter.is_none() && path.attr.sub_attr.is_none() {
                if let Some(r) = schema.resolve(&path.attr) {
                    wrap(r.attribute, v);
                }
            }
        }
        (None, Some(Value::Object(fields))) => {
            for (key, v) in fields.iter_mut() {
                if let Some(ext) = schema.extension(key) {
                    if let Value::Object(inner) = v {
                        wrap_fields(inner, Some(&ext.id), schema);
                    }
                } else if let Some(a) = resolve_key(key, None, schema) {
                    wrap(a, v);
                }
            }
        }
        _ => {}
    }
    vec![op]
}

fn wrap_fields(fields: &mut Map<String, Value>, urn: Option<&str>, schema: &ResourceSchema<'_>) {
    for (key, v) in fields.iter_mut() {
        if let Some(a) = resolve_key(key, urn, schema) {
            wrap(a, v);
        }
    }
}

fn resolve_key<'s>(
    key: &str,
    urn: Option<&str>,
    schema: &ResourceSchema<'s>,
) -> Option<&'s Attribute> {
    let path = AttrPath::parse(key).ok()?;
    let path = match urn {
        Some(u) if path.schema.is_none() => path.with_schema(u),
        _ => path,
    };
    let r = schema.resolve(&path)?;
    r.sub_attribute.is_none().then_some(r.attribute)
}

fn wrap(attr: &Attribute, v: &mut Value) {
    if attr.kind == AttributeType::Complex && !attr.multi_valued {
        if let (Some(sub), Value::String(id)) = (attr.sub_attribute("value"), &*v) {
            let mut obj = Map::new();
            obj.insert(sub.name.clone(), Value::String(id.clone()));
            *v = Value::Object(obj);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{registry, ENT};
    use super::*;
    use serde_json::json;

    fn run(op: PatchOperation) -> Vec<PatchOperation> {
        let user = registry().resource_schema("User").unwrap();
        wrap_manager_string(op, &json!({}), &user)
    }

    #[test]
    fn bare_manager_id_is_wrapped() {
        let path = format!("{ENT}:manager");
        let out = run(PatchOperation::add(Some(&path), json!("m-42")));
        assert_eq!(
            out,
            [PatchOperation::add(Some(&path), json!({"value": "m-42"}))]
        );
        let out = run(PatchOperation::replace(Some("manager"), json!("m-42")));
        assert_eq!(out[0].value, Some(json!({"value": "m-42"})));
    }

    #[test]
    fn bare_manager_inside_a_pathless_value_is_wrapped() {
        let out = run(PatchOperation::replace(
            None,
            json!({ENT: {"manager": "m-42"}}),
        ));
        assert_eq!(
            out[0].value,
            Some(json!({ENT: {"manager": {"value": "m-42"}}}))
        );
    }

    #[test]
    fn other_values_are_untouched() {
        for op in [
            PatchOperation::add(Some("manager"), json!({"value": "m-42"})),
            PatchOperation::add(Some("manager.value"), json!("m-42")),
            PatchOperation::replace(Some("displayName"), json!("m-42")),
            PatchOperation::replace(Some("name"), json!("m-42")),
        ] {
            assert_eq!(run(op.clone()), [op]);
        }
    }
}

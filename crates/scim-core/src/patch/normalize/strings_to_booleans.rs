//! Entra (without the `aadOptscim062020` flag) sends booleans as strings: `"value": "False"`.

use serde_json::Value;

use crate::message::{PatchOpKind, PatchOperation};
use crate::path::AttrPath;
use crate::schema::{Attribute, AttributeType, ResourceSchema};

use super::super::path::PatchPath;

/// Turns the strings `"true"`/`"false"` (any letter case) into JSON booleans wherever the
/// schema says the attribute is boolean: the value of a path operation (`active`,
/// `emails[type eq "work"].primary`), the sub-attributes of complex values
/// (`emails: [{"primary": "True"}]`) and the members of a path-less value.
///
/// `{"op":"Replace","path":"active","value":"False"}` → `"value": false`.
pub fn booleans_from_strings(
    mut op: PatchOperation,
    _resource: &Value,
    schema: &ResourceSchema<'_>,
) -> Vec<PatchOperation> {
    if op.op == PatchOpKind::Remove {
        return vec![op];
    }
    match (&op.path, &mut op.value) {
        (Some(text), Some(v)) => {
            if let Ok(path) = PatchPath::parse(text) {
                let top = AttrPath {
                    sub_attr: None,
                    ..path.attr.clone()
                };
                if let Some(r) = schema.resolve(&top) {
                    match path
                        .attr
                        .sub_attr
                        .as_deref()
                        .and_then(|s| r.attribute.sub_attribute(s))
                    {
                        Some(sub) => fix(sub, v),
                        None if path.filter.is_some() => fix_one(r.attribute, v),
                        None => fix(r.attribute, v),
                    }
                }
            }
        }
        (None, Some(Value::Object(fields))) => {
            for (key, v) in fields.iter_mut() {
                if let Some(ext) = schema.extension(key) {
                    if let Value::Object(inner) = v {
                        for (name, v) in inner.iter_mut() {
                            let path = AttrPath::new(name.as_str()).with_schema(ext.id.as_str());
                            if let Some(r) = schema.resolve(&path) {
                                fix(r.attribute, v);
                            }
                        }
                    }
                } else if let Some(r) = AttrPath::parse(key).ok().and_then(|p| schema.resolve(&p)) {
                    fix(r.target(), v);
                }
            }
        }
        _ => {}
    }
    vec![op]
}

/// A whole value of `attr`: an array of values when it is multi-valued.
fn fix(attr: &Attribute, v: &mut Value) {
    match v {
        Value::Array(items) if attr.multi_valued => items.iter_mut().for_each(|i| fix_one(attr, i)),
        _ => fix_one(attr, v),
    }
}

/// One value of `attr` (one element, for a multi-valued attribute).
fn fix_one(attr: &Attribute, v: &mut Value) {
    match (attr.kind, &mut *v) {
        (AttributeType::Boolean, Value::String(s)) => {
            if s.eq_ignore_ascii_case("true") {
                *v = Value::Bool(true);
            } else if s.eq_ignore_ascii_case("false") {
                *v = Value::Bool(false);
            }
        }
        (AttributeType::Complex, Value::Object(fields)) => {
            for (name, sv) in fields.iter_mut() {
                if let Some(sub) = attr.sub_attribute(name) {
                    fix(sub, sv);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::registry;
    use super::*;
    use serde_json::json;

    fn run(op: PatchOperation) -> PatchOperation {
        let user = registry().resource_schema("User").unwrap();
        let mut out = booleans_from_strings(op, &json!({}), &user);
        assert_eq!(out.len(), 1);
        out.remove(0)
    }

    #[test]
    fn entra_disable_string_becomes_false() {
        let op = run(PatchOperation::replace(Some("active"), json!("False")));
        assert_eq!(op.value, Some(json!(false)));
        let op = run(PatchOperation::replace(Some("ACTIVE"), json!("TRUE")));
        assert_eq!(op.value, Some(json!(true)));
    }

    #[test]
    fn boolean_sub_attributes_are_converted_everywhere() {
        let op = run(PatchOperation::add(
            Some("emails"),
            json!([{"value": "a@x", "primary": "True"}]),
        ));
        assert_eq!(op.value, Some(json!([{"value": "a@x", "primary": true}])));
        let op = run(PatchOperation::replace(
            Some(r#"emails[type eq "work"].primary"#),
            json!("false"),
        ));
        assert_eq!(op.value, Some(json!(false)));
        let op = run(PatchOperation::replace(
            None,
            json!({"active": "false", "emails": [{"primary": "true"}]}),
        ));
        assert_eq!(
            op.value,
            Some(json!({"active": false, "emails": [{"primary": true}]}))
        );
    }

    #[test]
    fn strings_of_string_attributes_and_other_words_stay() {
        for op in [
            PatchOperation::replace(Some("title"), json!("True")),
            PatchOperation::replace(Some("active"), json!("no")),
            PatchOperation::replace(Some("nickName"), json!("false")),
        ] {
            assert_eq!(run(op.clone()), op);
        }
    }
}

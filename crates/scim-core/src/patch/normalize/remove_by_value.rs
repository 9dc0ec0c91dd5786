//! Entra removes group members by listing them in the value of a `remove` on `members`,
//! which RFC 7644 does not define (a strict engine would remove every member).

use serde_json::Value;

use crate::message::{PatchOpKind, PatchOperation};
use crate::schema::{AttributeType, ResourceSchema};

use super::super::path::PatchPath;

/// Turns `remove` of a whole multi-valued complex attribute that carries a value into one
/// `remove` per listed value, selected by a value filter:
/// `{"op":"Remove","path":"members","value":[{"value":"a"},{"value":"b"}]}` →
/// `remove members[value eq "a"]`, `remove members[value eq "b"]`.
///
/// A listed value without `value` is selected by all its simple sub-attributes
/// (`type eq "work" and display eq "x"`); a bare string is taken as the `value`. An empty
/// list removes nothing (the operation is dropped). A value that cannot be turned into a
/// filter leaves the operation unchanged, for the engine to refuse.
pub fn remove_by_value(
    op: PatchOperation,
    _resource: &Value,
    schema: &ResourceSchema<'_>,
) -> Vec<PatchOperation> {
    let (PatchOpKind::Remove, Some(text), Some(value)) = (op.op, &op.path, &op.value) else {
        return vec![op];
    };
    let Ok(path) = PatchPath::parse(text) else {
        return vec![op];
    };
    if path.filter.is_some() || path.attr.sub_attr.is_some() {
        return vec![op];
    }
    let multi_complex = schema
        .resolve(&path.attr)
        .is_some_and(|r| r.attribute.multi_valued && r.attribute.kind == AttributeType::Complex);
    if !multi_complex || value.is_null() {
        return vec![op];
    }
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let attr_text = text.trim();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(filter) = filter_for(item) else {
            return vec![op];
        };
        out.push(PatchOperation::remove(&format!("{attr_text}[{filter}]")));
    }
    out
}

/// The value filter selecting `item`.
fn filter_for(item: &Value) -> Option<String> {
    let literal = |v: &Value| match v {
        Value::String(_) | Value::Bool(_) | Value::Number(_) => serde_json::to_string(v).ok(),
        _ => None,
    };
    match item {
        Value::String(_) => Some(format!("value eq {}", literal(item)?)),
        Value::Object(fields) => {
            if let Some((_, v)) = fields
                .iter()
                .find(|(k, v)| k.eq_ignore_ascii_case("value") && !v.is_null())
            {
                return Some(format!("value eq {}", literal(v)?));
            }
            let parts: Vec<String> = fields
                .iter()
                .filter(|(k, v)| {
                    !v.is_null() && crate::path::is_attr_name(k) && k.as_str() != "$ref"
                })
                .map(|(k, v)| literal(v).map(|l| format!("{k} eq {l}")))
                .collect::<Option<_>>()?;
            (!parts.is_empty()).then(|| parts.join(" and "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::registry;
    use super::*;
    use serde_json::json;

    fn run(op: PatchOperation) -> Vec<PatchOperation> {
        let group = registry().resource_schema("Group").unwrap();
        remove_by_value(op, &json!({}), &group)
    }

    #[test]
    fn each_listed_member_becomes_a_filtered_remove() {
        let op = PatchOperation::new(
            PatchOpKind::Remove,
            Some("members"),
            Some(json!([{"value": "a\"1"}, {"$ref": null, "value": "b"}, "c"])),
        );
        assert_eq!(
            run(op),
            [
                PatchOperation::remove(r#"members[value eq "a\"1"]"#),
                PatchOperation::remove(r#"members[value eq "b"]"#),
                PatchOperation::remove(r#"members[value eq "c"]"#),
            ]
        );
    }

    #[test]
    fn an_empty_list_removes_nothing() {
        let op = PatchOperation::new(PatchOpKind::Remove, Some("members"), Some(json!([])));
        assert!(run(op).is_empty());
    }

    #[test]
    fn values_without_value_are_selected_by_their_sub_attributes() {
        let op = PatchOperation::new(
            PatchOpKind::Remove,
            Some("members"),
            Some(json!({"display": "Olivia", "type": "User"})),
        );
        assert_eq!(
            run(op),
            [PatchOperation::remove(
                r#"members[display eq "Olivia" and type eq "User"]"#
            )]
        );
    }

    #[test]
    fn plain_removes_and_unusable_values_pass_through() {
        for op in [
            PatchOperation::remove("members"),
            PatchOperation::remove(r#"members[value eq "a"]"#),
            PatchOperation::new(PatchOpKind::Remove, Some("displayName"), Some(json!("x"))),
            PatchOperation::new(
                PatchOpKind::Remove,
                Some("members"),
                Some(json!([{"value": {"x": 1}}])),
            ),
        ] {
            assert_eq!(run(op.clone()), [op]);
        }
    }
}

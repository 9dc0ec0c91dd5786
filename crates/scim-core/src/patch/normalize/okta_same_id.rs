//! Okta puts the resource's own `id` inside a path-less `replace` value (group rename).

use serde_json::Value;

use crate::message::{PatchOpKind, PatchOperation};
use crate::schema::ResourceSchema;

/// Drops an `id` equal to the stored resource's id from a path-less `add`/`replace` value
/// (and the operation when nothing else is left), and a `replace`/`add` of path `id` with
/// that same value. A different id is kept: the engine refuses it as `mutability`.
///
/// `{"op":"replace","value":{"id":"<same id>","displayName":"ServerSupport"}}` →
/// `{"op":"replace","value":{"displayName":"ServerSupport"}}`.
pub fn drop_unchanged_id(
    mut op: PatchOperation,
    resource: &Value,
    _schema: &ResourceSchema<'_>,
) -> Vec<PatchOperation> {
    let Some(own_id) = resource.get("id").and_then(Value::as_str) else {
        return vec![op];
    };
    if op.op == PatchOpKind::Remove {
        return vec![op];
    }
    let same = |v: &Value| v.as_str() == Some(own_id);
    match (&op.path, &mut op.value) {
        (Some(path), Some(v)) if path.trim().eq_ignore_ascii_case("id") && same(v) => Vec::new(),
        (None, Some(Value::Object(fields))) => {
            let key = fields
                .iter()
                .find(|(k, v)| k.eq_ignore_ascii_case("id") && same(v))
                .map(|(k, _)| k.clone());
            match key {
                Some(key) => {
                    fields.shift_remove(&key);
                    if fields.is_empty() {
                        Vec::new()
                    } else {
                        vec![op]
                    }
                }
                None => vec![op],
            }
        }
        _ => vec![op],
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::registry;
    use super::*;
    use serde_json::json;

    fn run(op: PatchOperation) -> Vec<PatchOperation> {
        let group = registry().resource_schema("Group").unwrap();
        drop_unchanged_id(op, &json!({"id": "g1", "displayName": "Helpdesk"}), &group)
    }

    #[test]
    fn same_id_is_dropped_from_the_rename() {
        let out = run(PatchOperation::replace(
            None,
            json!({"id": "g1", "displayName": "ServerSupport"}),
        ));
        assert_eq!(
            out,
            [PatchOperation::replace(
                None,
                json!({"displayName": "ServerSupport"})
            )]
        );
    }

    #[test]
    fn a_value_of_only_the_same_id_leaves_no_operation() {
        assert!(run(PatchOperation::replace(None, json!({"id": "g1"}))).is_empty());
        assert!(run(PatchOperation::replace(Some("id"), json!("g1"))).is_empty());
    }

    #[test]
    fn a_different_id_is_kept_for_the_engine_to_refuse() {
        let op = PatchOperation::replace(None, json!({"id": "other", "displayName": "X"}));
        assert_eq!(run(op.clone()), [op]);
        let op = PatchOperation::replace(None, json!({"id": "G1"}));
        assert_eq!(run(op.clone()), [op], "ids are case-exact");
    }
}

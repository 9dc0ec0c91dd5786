//! Entra (and others) write paths as keys of a path-less value:
//! `{"op":"replace","value":{"name.givenName":"x","urn:…:User:employeeNumber":"y"}}`.

use serde_json::{Map, Value};

use crate::message::{PatchOpKind, PatchOperation};
use crate::schema::ResourceSchema;

/// Splits a path-less `add`/`replace` whose value has keys with a sub-attribute
/// (`name.givenName`) or a schema prefix (`urn:…:User:employeeNumber`) into one operation
/// per key, in key order: such keys become paths, plain attribute names become paths too,
/// schema containers (`"urn:…:User": {…}`) stay path-less, and `schemas` is dropped.
/// A `null` key of an `add` is dropped (it adds nothing).
///
/// A value with only plain keys and containers is left as it is.
pub fn split_dotted_keys(
    op: PatchOperation,
    _resource: &Value,
    schema: &ResourceSchema<'_>,
) -> Vec<PatchOperation> {
    let (None, Some(Value::Object(fields))) = (&op.path, &op.value) else {
        return vec![op];
    };
    if op.op == PatchOpKind::Remove {
        return vec![op];
    }
    let is_path_key = |k: &str| !schema.knows_schema(k) && (k.contains('.') || k.contains(':'));
    if !fields.keys().any(|k| is_path_key(k)) {
        return vec![op];
    }
    let mut out = Vec::with_capacity(fields.len());
    for (key, v) in fields {
        if key.eq_ignore_ascii_case("schemas") || (op.op == PatchOpKind::Add && v.is_null()) {
            continue;
        }
        if schema.knows_schema(key) {
            let mut container = Map::new();
            container.insert(key.clone(), v.clone());
            out.push(PatchOperation {
                op: op.op,
                path: None,
                value: Some(Value::Object(container)),
            });
        } else {
            out.push(PatchOperation {
                op: op.op,
                path: Some(key.clone()),
                value: Some(v.clone()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{registry, ENT};
    use super::*;
    use serde_json::json;

    fn run(op: PatchOperation) -> Vec<PatchOperation> {
        let user = registry().resource_schema("User").unwrap();
        split_dotted_keys(op, &json!({}), &user)
    }

    #[test]
    fn dotted_and_qualified_keys_become_paths_in_order() {
        let mut value = Map::new();
        value.insert("name.givenName".into(), json!("Liv"));
        value.insert(format!("{ENT}:employeeNumber"), json!("E1002"));
        value.insert("displayName".into(), json!("Liv Lim"));
        value.insert(ENT.into(), json!({"department": "R&D"}));
        let out = run(PatchOperation::replace(None, Value::Object(value)));
        let employee_number = format!("{ENT}:employeeNumber");
        assert_eq!(
            out,
            [
                PatchOperation::replace(Some("name.givenName"), json!("Liv")),
                PatchOperation::replace(Some(&employee_number), json!("E1002")),
                PatchOperation::replace(Some("displayName"), json!("Liv Lim")),
                PatchOperation::replace(None, json!({ENT: {"department": "R&D"}})),
            ]
        );
    }

    #[test]
    fn plain_values_are_untouched() {
        let op = PatchOperation::replace(None, json!({"active": false, ENT: {"department": "x"}}));
        assert_eq!(run(op.clone()), [op]);
    }

    #[test]
    fn null_keys_of_an_add_add_nothing() {
        let out = run(PatchOperation::add(
            None,
            json!({"name.givenName": null, "title": "CTO"}),
        ));
        assert_eq!(out, [PatchOperation::add(Some("title"), json!("CTO"))]);
    }
}

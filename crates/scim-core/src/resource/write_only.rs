//! `writeOnly` attributes (such as `password`): accepted, validated, then taken out of the
//! resource so that they are never stored or returned by accident.

use serde_json::{Map, Value};

use crate::schema::{Attribute, AttributeType, Mutability};

/// Moves the values of `writeOnly` attributes (and `writeOnly` sub-attributes) from
/// `holder` into `out`, keyed by path (`prefix` + name). Sub-attribute values taken from
/// several values of a multi-valued attribute are collected into a list.
pub(crate) fn take_write_only(
    attrs: &[Attribute],
    holder: &mut Map<String, Value>,
    prefix: &str,
    out: &mut Map<String, Value>,
) {
    for attr in attrs {
        let path = format!("{prefix}{}", attr.name);
        if attr.mutability == Mutability::WriteOnly {
            if let Some(v) = holder.remove(&attr.name) {
                insert_or_collect(out, path, v);
            }
            continue;
        }
        let has_write_only_subs = attr
            .sub_attributes
            .iter()
            .any(|s| s.mutability == Mutability::WriteOnly);
        if attr.kind != AttributeType::Complex || !has_write_only_subs {
            continue;
        }
        let sub_prefix = format!("{path}.");
        match holder.get_mut(&attr.name) {
            Some(Value::Object(fields)) => {
                take_write_only(&attr.sub_attributes, fields, &sub_prefix, out);
            }
            Some(Value::Array(items)) => {
                for item in items.iter_mut() {
                    if let Value::Object(fields) = item {
                        take_write_only(&attr.sub_attributes, fields, &sub_prefix, out);
                    }
                }
                items.retain(|v| v.as_object().is_none_or(|o| !o.is_empty()));
            }
            _ => {}
        }
        let now_empty = match holder.get(&attr.name) {
            Some(Value::Object(o)) => o.is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            _ => false,
        };
        if now_empty {
            holder.remove(&attr.name);
        }
    }
}

fn insert_or_collect(out: &mut Map<String, Value>, path: String, v: Value) {
    match out.get_mut(&path) {
        Some(Value::Array(list)) => list.push(v),
        Some(previous) => {
            let first = previous.take();
            *previous = Value::Array(vec![first, v]);
        }
        None => {
            out.insert(path, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn password_is_taken_out() {
        let attrs = vec![
            Attribute::string("userName"),
            Attribute::string("password").mutability(Mutability::WriteOnly),
        ];
        let mut holder = json!({"userName": "a", "password": "s3cret"})
            .as_object()
            .unwrap()
            .clone();
        let mut out = Map::new();
        take_write_only(&attrs, &mut holder, "", &mut out);
        assert_eq!(Value::Object(holder), json!({"userName": "a"}));
        assert_eq!(Value::Object(out), json!({"password": "s3cret"}));
    }

    #[test]
    fn write_only_sub_attributes_of_several_values_are_collected() {
        let attrs = vec![Attribute::complex(
            "keys",
            vec![
                Attribute::string("secret").mutability(Mutability::WriteOnly),
                Attribute::string("label"),
            ],
        )
        .multi()];
        let mut holder = json!({"keys": [{"secret": "a", "label": "x"}, {"secret": "b"}]})
            .as_object()
            .unwrap()
            .clone();
        let mut out = Map::new();
        take_write_only(&attrs, &mut holder, "", &mut out);
        assert_eq!(Value::Object(holder), json!({"keys": [{"label": "x"}]}));
        assert_eq!(Value::Object(out), json!({"keys.secret": ["a", "b"]}));
    }
}

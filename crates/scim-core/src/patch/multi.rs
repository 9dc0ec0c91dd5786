//! Multi-valued attributes: value equality, adding without duplicates, a single `primary`,
//! and the value an `add` through an equality filter creates.

use serde_json::{Map, Value};
use std::collections::HashSet;

use crate::filter::{CompValue, CompareOp, Filter};
use crate::schema::Attribute;

/// Whether two values of `attr` are the same value: by their `value` sub-attribute when
/// both have one (honouring its `caseExact`), else as whole JSON values.
pub(crate) fn same_value(attr: &Attribute, a: &Value, b: &Value) -> bool {
    let value_sub = attr.sub_attribute("value");
    match (value_sub, a.get("value"), b.get("value")) {
        (Some(sub), Some(x), Some(y)) => match (x.as_str(), y.as_str()) {
            (Some(x), Some(y)) if !sub.case_exact => x.eq_ignore_ascii_case(y),
            _ => x == y,
        },
        _ => a == b,
    }
}

/// Appends the values of `new` that `list` does not hold yet (by [`same_value`]). Returns
/// the index (in `list`) of the last appended value marked `primary: true`.
///
/// Values with a string `value` are looked up in a set, so adding many members to a large
/// group stays linear.
pub(crate) fn add_distinct(
    attr: &Attribute,
    list: &mut Vec<Value>,
    new: Vec<Value>,
) -> Option<usize> {
    let value_sub = attr.sub_attribute("value");
    let key = |v: &Value| -> Option<String> {
        let sub = value_sub?;
        let s = v.get("value")?.as_str()?;
        Some(if sub.case_exact {
            s.to_owned()
        } else {
            s.to_ascii_lowercase()
        })
    };
    let mut seen: HashSet<String> = list.iter().filter_map(key).collect();
    let mut primary = None;
    for v in new {
        let duplicate = match key(&v) {
            Some(k) => !seen.insert(k),
            None => list.iter().any(|old| same_value(attr, old, &v)),
        };
        if duplicate {
            continue;
        }
        if is_primary(&v) {
            primary = Some(list.len());
        }
        list.push(v);
    }
    primary
}

/// Whether a value carries `primary: true`.
pub(crate) fn is_primary(v: &Value) -> bool {
    v.get("primary") == Some(&Value::Bool(true))
}

/// Clears `primary` on every value but `winner` (RFC 7643 §2.4: at most one primary).
pub(crate) fn keep_single_primary(list: &mut [Value], winner: usize) {
    for (i, v) in list.iter_mut().enumerate() {
        if i != winner && is_primary(v) {
            if let Value::Object(m) = v {
                m.insert("primary".into(), Value::Bool(false));
            }
        }
    }
}

/// The value implied by an equality filter over sub-attributes (`type eq "work"`,
/// `type eq "work" and display eq "x"`): what `add` through an unmatched filter creates.
/// `None` for any other filter.
pub(crate) fn value_from_filter(attr: &Attribute, filter: &Filter) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    collect_equalities(attr, filter, &mut out).then_some(out)
}

fn collect_equalities(attr: &Attribute, filter: &Filter, out: &mut Map<String, Value>) -> bool {
    match filter {
        Filter::And(a, b) => collect_equalities(attr, a, out) && collect_equalities(attr, b, out),
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } if path.schema.is_none() && path.sub_attr.is_none() => {
            let Some(sub) = attr.sub_attribute(&path.attr) else {
                return false;
            };
            let v = match value {
                CompValue::String(s) => Value::String(s.clone()),
                CompValue::Bool(b) => Value::Bool(*b),
                CompValue::Number(n) => Value::Number(n.clone()),
                CompValue::Null => return false,
            };
            out.insert(sub.name.clone(), v).is_none()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::AttrPath;
    use serde_json::json;

    fn emails() -> Attribute {
        Attribute::complex(
            "emails",
            vec![
                Attribute::string("value"),
                Attribute::string("type"),
                Attribute::boolean("primary"),
            ],
        )
        .multi()
    }

    #[test]
    fn equality_uses_value_and_its_case_exactness() {
        let a = emails();
        assert!(same_value(
            &a,
            &json!({"value": "A@x", "type": "work"}),
            &json!({"value": "a@X"})
        ));
        let mut ids =
            Attribute::complex("members", vec![Attribute::string("value").case_exact()]).multi();
        assert!(!same_value(
            &ids,
            &json!({"value": "Ab"}),
            &json!({"value": "ab"})
        ));
        ids.sub_attributes.clear();
        assert!(same_value(&ids, &json!({"x": 1}), &json!({"x": 1})));
    }

    #[test]
    fn add_distinct_skips_present_values_and_reports_the_new_primary() {
        let a = emails();
        let mut list = vec![json!({"value": "a@x", "primary": true})];
        let p = add_distinct(
            &a,
            &mut list,
            vec![
                json!({"value": "A@X"}),
                json!({"value": "b@x", "primary": true}),
            ],
        );
        assert_eq!(list.len(), 2);
        assert_eq!(p, Some(1));
        keep_single_primary(&mut list, 1);
        assert_eq!(list[0]["primary"], false);
        assert_eq!(list[1]["primary"], true);
    }

    #[test]
    fn equality_filters_imply_a_value() {
        let a = emails();
        let f = Filter::And(
            Box::new(Filter::Compare {
                path: AttrPath::new("TYPE"),
                op: CompareOp::Eq,
                value: CompValue::String("work".into()),
            }),
            Box::new(Filter::Compare {
                path: AttrPath::new("primary"),
                op: CompareOp::Eq,
                value: CompValue::Bool(true),
            }),
        );
        assert_eq!(
            Value::Object(value_from_filter(&a, &f).unwrap()),
            json!({"type": "work", "primary": true})
        );
        let co = Filter::Compare {
            path: AttrPath::new("type"),
            op: CompareOp::Co,
            value: CompValue::String("w".into()),
        };
        assert!(value_from_filter(&a, &co).is_none());
    }
}

//! `immutable` attributes on replace (RFC 7643 §2.2, RFC 7644 §3.5.1): once set, a PUT must
//! send the same value or leave the attribute out.

use serde_json::{Map, Value};

use super::lookup::{get_ci, is_unassigned};
use super::value_type::is_date_time;
use crate::schema::{Attribute, AttributeType, Mutability};
use crate::ScimError;

/// Compares the new values of `attrs` in `new` with those in `existing`.
///
/// * An immutable attribute already set must keep an equal value, else 400 `mutability`.
/// * An immutable attribute already set and left out of `new` keeps its value.
/// * Immutable sub-attributes of a single-valued complex attribute follow the same rules.
///   Values of multi-valued attributes (Group `members`) are added and removed whole, so
///   their immutable sub-attributes are not compared.
pub(crate) fn enforce_immutable(
    attrs: &[Attribute],
    new: &mut Map<String, Value>,
    existing: Option<&Map<String, Value>>,
    prefix: &str,
) -> Result<(), ScimError> {
    for attr in attrs {
        let old = existing
            .and_then(|m| get_ci(m, &attr.name))
            .filter(|v| !is_unassigned(v));
        let path = format!("{prefix}{}", attr.name);
        if attr.mutability == Mutability::Immutable {
            match (old, new.get(&attr.name)) {
                (Some(o), Some(n)) if !same_value(attr, o, n) => {
                    return Err(ScimError::mutability(format!(
                        "attribute '{path}' is immutable and already set"
                    )));
                }
                (Some(o), None) => {
                    new.insert(attr.name.clone(), o.clone());
                }
                _ => {}
            }
        } else if attr.kind == AttributeType::Complex
            && !attr.multi_valued
            && attr
                .sub_attributes
                .iter()
                .any(|s| s.mutability == Mutability::Immutable)
        {
            let mut sub_new = match new.remove(&attr.name) {
                Some(Value::Object(m)) => m,
                _ => Map::new(),
            };
            enforce_immutable(
                &attr.sub_attributes,
                &mut sub_new,
                old.and_then(Value::as_object),
                &format!("{path}."),
            )?;
            if !sub_new.is_empty() {
                new.insert(attr.name.clone(), Value::Object(sub_new));
            }
        }
    }
    Ok(())
}

/// Whether two values of `attr` are equal under its rules: strings by `caseExact`,
/// dateTimes as instants, multi-valued attributes as unordered lists.
pub(crate) fn same_value(attr: &Attribute, a: &Value, b: &Value) -> bool {
    if attr.multi_valued {
        return match (a, b) {
            (Value::Array(xs), Value::Array(ys)) => {
                xs.len() == ys.len()
                    && xs
                        .iter()
                        .all(|x| ys.iter().any(|y| same_single(attr, x, y)))
                    && ys
                        .iter()
                        .all(|y| xs.iter().any(|x| same_single(attr, x, y)))
            }
            _ => same_single(attr, a, b),
        };
    }
    same_single(attr, a, b)
}

fn same_single(attr: &Attribute, a: &Value, b: &Value) -> bool {
    match (attr.kind, a, b) {
        (AttributeType::Complex, Value::Object(x), Value::Object(y)) => attr
            .sub_attributes
            .iter()
            .all(|sub| match (get_ci(x, &sub.name), get_ci(y, &sub.name)) {
                (None | Some(Value::Null), None | Some(Value::Null)) => true,
                (Some(p), Some(q)) => same_value(sub, p, q),
                _ => false,
            }),
        (AttributeType::String, Value::String(x), Value::String(y)) if !attr.case_exact => {
            x.to_lowercase() == y.to_lowercase()
        }
        (AttributeType::DateTime, Value::String(x), Value::String(y))
            if is_date_time(x) && is_date_time(y) =>
        {
            chrono::DateTime::parse_from_rfc3339(x).ok()
                == chrono::DateTime::parse_from_rfc3339(y).ok()
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Attribute;
    use serde_json::json;

    fn badge() -> Vec<Attribute> {
        vec![
            Attribute::string("badge").mutability(Mutability::Immutable),
            Attribute::string("note"),
        ]
    }

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn changing_a_set_immutable_value_is_refused() {
        let old = obj(json!({"badge": "B-1"}));
        let mut new = obj(json!({"badge": "B-2"}));
        let e = enforce_immutable(&badge(), &mut new, Some(&old), "").unwrap_err();
        assert_eq!(e.status, 400);
        assert_eq!(e.scim_type, Some(crate::ScimType::Mutability));
        assert!(e.detail.contains("'badge'"));
    }

    #[test]
    fn same_value_in_other_case_is_accepted_for_case_insensitive_strings() {
        let old = obj(json!({"badge": "B-1"}));
        let mut new = obj(json!({"badge": "b-1"}));
        assert!(enforce_immutable(&badge(), &mut new, Some(&old), "").is_ok());
    }

    #[test]
    fn omitted_immutable_value_is_kept_and_unset_one_may_be_set() {
        let old = obj(json!({"badge": "B-1", "note": "x"}));
        let mut new = obj(json!({"note": "y"}));
        enforce_immutable(&badge(), &mut new, Some(&old), "").unwrap();
        assert_eq!(new.get("badge"), Some(&json!("B-1")));
        let mut first = obj(json!({"badge": "B-9"}));
        enforce_immutable(&badge(), &mut first, Some(&Map::new()), "").unwrap();
        assert_eq!(first.get("badge"), Some(&json!("B-9")));
    }

    #[test]
    fn immutable_sub_attribute_of_single_valued_complex() {
        let attrs = vec![Attribute::complex("card", badge())];
        let old = obj(json!({"card": {"badge": "B-1"}}));
        let mut new = obj(json!({"card": {"badge": "B-2"}}));
        let e = enforce_immutable(&attrs, &mut new, Some(&old), "").unwrap_err();
        assert!(e.detail.contains("'card.badge'"));
        let mut omitted = obj(json!({}));
        enforce_immutable(&attrs, &mut omitted, Some(&old), "").unwrap();
        assert_eq!(omitted.get("card"), Some(&json!({"badge": "B-1"})));
    }

    #[test]
    fn date_times_compare_as_instants() {
        let at = Attribute::date_time("at");
        assert!(same_value(
            &at,
            &json!("2020-01-01T10:00:00Z"),
            &json!("2020-01-01T12:00:00+02:00")
        ));
        assert!(!same_value(
            &at,
            &json!("2020-01-01T10:00:00Z"),
            &json!("2020-01-01T10:00:01Z")
        ));
    }
}

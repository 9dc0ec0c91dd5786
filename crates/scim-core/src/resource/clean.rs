//! Cleaning one attribute value: names rewritten to the schema's spelling, types checked,
//! `null`s and `readOnly` or unknown sub-attributes dropped (RFC 7643 §2).

use serde_json::{Map, Value};

use super::lookup::is_unassigned;
use super::prepared::{IgnoreReason, Ignored};
use super::primary::check_single_primary;
use super::value_type::{check_simple, invalid_value, json_kind};
use crate::schema::{Attribute, AttributeType, Mutability};
use crate::ScimError;

/// Cleans the value given for `attr` (named `path` in errors). `None` means the attribute
/// ends up unassigned: the value was `null`, empty, or the attribute is `readOnly`.
///
/// A multi-valued attribute given a single value gets it wrapped into an array; a complex
/// attribute that has a `value` sub-attribute and is given a bare string, number or
/// boolean gets `{"value": …}` (Entra sends the enterprise `manager` that way).
pub(crate) fn clean_attribute(
    attr: &Attribute,
    value: Value,
    path: &str,
    ignored: &mut Vec<Ignored>,
) -> Result<Option<Value>, ScimError> {
    if is_unassigned(&value) {
        return Ok(None);
    }
    if attr.mutability == Mutability::ReadOnly {
        ignored.push(Ignored {
            path: path.to_owned(),
            reason: IgnoreReason::ReadOnly,
        });
        return Ok(None);
    }
    if !attr.multi_valued {
        return clean_single(attr, value, path, ignored);
    }
    let items = match value {
        Value::Array(items) => items,
        single => vec![single],
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.is_null() {
            continue;
        }
        if let Value::Array(_) = item {
            return Err(invalid_value(
                path,
                "a value of a multi-valued attribute is an array",
            ));
        }
        if let Some(v) = clean_single(attr, item, path, ignored)? {
            out.push(v);
        }
    }
    check_single_primary(&out, path)?;
    Ok((!out.is_empty()).then_some(Value::Array(out)))
}

fn clean_single(
    attr: &Attribute,
    value: Value,
    path: &str,
    ignored: &mut Vec<Ignored>,
) -> Result<Option<Value>, ScimError> {
    if attr.kind != AttributeType::Complex {
        return check_simple(attr, value, path).map(Some);
    }
    let fields = match value {
        Value::Object(fields) => fields,
        scalar @ (Value::String(_) | Value::Number(_) | Value::Bool(_))
            if attr.sub_attribute("value").is_some() =>
        {
            let mut m = Map::new();
            m.insert("value".to_owned(), scalar);
            m
        }
        other => {
            return Err(invalid_value(
                path,
                format!("expected an object, found {}", json_kind(&other)),
            ))
        }
    };
    let mut out = Map::new();
    for (key, sub_value) in fields {
        let Some(sub) = attr.sub_attribute(&key) else {
            if !is_unassigned(&sub_value) {
                ignored.push(Ignored {
                    path: format!("{path}.{key}"),
                    reason: IgnoreReason::UnknownAttribute,
                });
            }
            continue;
        };
        let sub_path = format!("{path}.{}", sub.name);
        if out.contains_key(&sub.name) {
            return Err(invalid_value(
                &sub_path,
                "given twice (names are case-insensitive)",
            ));
        }
        if let Some(v) = clean_attribute(sub, sub_value, &sub_path, ignored)? {
            out.insert(sub.name.clone(), v);
        }
    }
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaRegistry;
    use crate::ScimType;
    use serde_json::json;

    fn clean(attr: &str, v: Value) -> (Result<Option<Value>, ScimError>, Vec<Ignored>) {
        let r = SchemaRegistry::standard();
        let user = r.resource_schema("User").unwrap();
        let a = user.resolve_str(attr).unwrap().attribute;
        let mut ignored = Vec::new();
        (clean_attribute(a, v, &a.name, &mut ignored), ignored)
    }

    #[test]
    fn rewrites_sub_attribute_names_and_drops_nulls() {
        let (r, _) = clean(
            "name",
            json!({"GIVENNAME": "Olivia", "familyname": "Lim", "middleName": null}),
        );
        assert_eq!(
            r.unwrap(),
            Some(json!({"givenName": "Olivia", "familyName": "Lim"}))
        );
    }

    #[test]
    fn wraps_a_single_value_of_a_multi_valued_attribute() {
        let (r, _) = clean(
            "emails",
            json!({"value": "a@example.com", "Primary": "True"}),
        );
        assert_eq!(
            r.unwrap(),
            Some(json!([{"value": "a@example.com", "primary": true}]))
        );
    }

    #[test]
    fn empty_values_are_unassigned() {
        assert_eq!(clean("roles", json!([])).0.unwrap(), None);
        assert_eq!(clean("name", json!({})).0.unwrap(), None);
        assert_eq!(clean("emails", json!([null])).0.unwrap(), None);
    }

    #[test]
    fn reports_unknown_and_read_only_parts() {
        let (r, ignored) = clean("groups", json!([{"value": "g1"}]));
        assert_eq!(r.unwrap(), None);
        assert_eq!(ignored[0].reason, IgnoreReason::ReadOnly);
        let (r, ignored) = clean("name", json!({"givenName": "A", "nick": "x"}));
        assert_eq!(r.unwrap(), Some(json!({"givenName": "A"})));
        assert_eq!(
            ignored,
            vec![Ignored {
                path: "name.nick".into(),
                reason: IgnoreReason::UnknownAttribute
            }]
        );
    }

    #[test]
    fn complex_given_a_scalar() {
        let (r, _) = clean("manager", json!("26118915-6090-4610-87e4-49d8ca9f808d"));
        assert_eq!(
            r.unwrap(),
            Some(json!({"value": "26118915-6090-4610-87e4-49d8ca9f808d"}))
        );
        let e = clean("name", json!("Olivia Lim")).0.unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
        assert!(e.detail.contains("'name'"));
    }

    #[test]
    fn sub_attribute_type_errors_name_the_path() {
        let e = clean("emails", json!([{"value": 42}])).0.unwrap_err();
        assert!(e.detail.contains("'emails.value'"), "{}", e.detail);
    }

    #[test]
    fn duplicate_names_differing_in_case_are_refused() {
        let e = clean("name", json!({"givenName": "A", "givenname": "B"}))
            .0
            .unwrap_err();
        assert!(e.detail.contains("twice"));
    }
}

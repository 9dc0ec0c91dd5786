//! Checking PATCH values against attribute definitions: types, sub-attribute names
//! (written with the schema's spelling) and `null` (dropped: RFC 7643 §2.5 treats it as
//! unassigned).

use serde_json::{Map, Value};

use crate::message::{ScimError, ScimType};
use crate::schema::{Attribute, AttributeType, Mutability};

/// 400 `invalidValue`.
pub(crate) fn invalid_value(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::InvalidValue, detail)
}

/// 400 `invalidPath`: the path, or a name inside a value, is not an attribute of the schema.
pub(crate) fn unknown_attribute(name: &str) -> ScimError {
    ScimError::bad_request(
        ScimType::InvalidPath,
        format!("{name:?} is not an attribute of this resource type"),
    )
}

/// The values of a multi-valued attribute: an array, or one value (taken as a one-element
/// array), checked one by one. `null` elements are dropped.
pub(crate) fn check_values(attr: &Attribute, value: &Value) -> Result<Vec<Value>, ScimError> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let Some(v) = check_single(attr, item)? {
            out.push(v);
        }
    }
    Ok(out)
}

/// One value of `attr` (an element, for a multi-valued attribute), checked and with its
/// sub-attribute names canonical. `Ok(None)` for `null` and for a complex value whose
/// sub-attributes are all `null`.
pub(crate) fn check_single(attr: &Attribute, value: &Value) -> Result<Option<Value>, ScimError> {
    if value.is_null() {
        return Ok(None);
    }
    let ok = match attr.kind {
        AttributeType::String | AttributeType::Reference | AttributeType::Binary => {
            value.is_string()
        }
        AttributeType::Boolean => value.is_boolean(),
        AttributeType::Integer => value.is_i64() || value.is_u64(),
        AttributeType::Decimal => value.is_number(),
        AttributeType::DateTime => value
            .as_str()
            .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
        AttributeType::Complex => {
            let Value::Object(fields) = value else {
                return Err(type_error(attr, value));
            };
            let mut out = Map::new();
            for (name, v) in fields {
                let sub = attr
                    .sub_attribute(name)
                    .ok_or_else(|| unknown_attribute(&format!("{}.{name}", attr.name)))?;
                if let Some(v) = check_sub(sub, v)? {
                    out.insert(sub.name.clone(), v);
                }
            }
            return Ok((!out.is_empty()).then_some(Value::Object(out)));
        }
    };
    if ok {
        Ok(Some(value.clone()))
    } else {
        Err(type_error(attr, value))
    }
}

/// A sub-attribute value (sub-attributes may themselves be multi-valued in extensions).
fn check_sub(sub: &Attribute, value: &Value) -> Result<Option<Value>, ScimError> {
    if sub.multi_valued {
        let values = check_values(sub, value)?;
        Ok((!values.is_empty()).then_some(Value::Array(values)))
    } else {
        check_single(sub, value)
    }
}

/// The value of `attr` as a whole: an array for a multi-valued attribute, else one value.
pub(crate) fn check_attribute(attr: &Attribute, value: &Value) -> Result<Option<Value>, ScimError> {
    check_sub(attr, value)
}

fn type_error(attr: &Attribute, value: &Value) -> ScimError {
    let expected = match attr.kind {
        AttributeType::String => "a string",
        AttributeType::Reference => "a reference (string)",
        AttributeType::Binary => "base64 text (string)",
        AttributeType::Boolean => "a boolean",
        AttributeType::Integer => "an integer",
        AttributeType::Decimal => "a number",
        AttributeType::DateTime => "an RFC 3339 date-time string",
        AttributeType::Complex => "an object of sub-attributes",
    };
    let got = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    invalid_value(format!("{} must be {expected}, got {got}", attr.name))
}

/// Refuses writing a `readOnly` attribute (400 `mutability`).
pub(crate) fn check_writable(attr: &Attribute, display: &str) -> Result<(), ScimError> {
    if attr.mutability == Mutability::ReadOnly {
        return Err(ScimError::mutability(format!(
            "{display} is readOnly and cannot be modified"
        )));
    }
    Ok(())
}

/// Refuses changing an `immutable` attribute that already has a different value, or
/// writing a `readOnly` one.
pub(crate) fn check_change(
    attr: &Attribute,
    display: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Result<(), ScimError> {
    check_writable(attr, display)?;
    if attr.mutability == Mutability::Immutable {
        if let Some(old) = old.filter(|v| !v.is_null()) {
            if Some(old) != new {
                return Err(ScimError::mutability(format!(
                    "{display} is immutable and already has a value"
                )));
            }
        }
    }
    Ok(())
}

/// Refuses a complex value holding `readOnly` sub-attributes.
pub(crate) fn check_sub_writable(attr: &Attribute, value: &Value) -> Result<(), ScimError> {
    let elements: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for element in elements {
        if let Value::Object(fields) = element {
            for name in fields.keys() {
                if let Some(sub) = attr.sub_attribute(name) {
                    check_writable(sub, &format!("{}.{}", attr.name, sub.name))?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn canonicalises_sub_attribute_names_and_drops_nulls() {
        let v = check_values(
            &emails(),
            &json!([{"VALUE": "a@x", "Type": "work", "primary": null}, null]),
        )
        .unwrap();
        assert_eq!(v, vec![json!({"value": "a@x", "type": "work"})]);
    }

    #[test]
    fn a_single_value_is_one_element() {
        let v = check_values(&emails(), &json!({"value": "a@x"})).unwrap();
        assert_eq!(v, vec![json!({"value": "a@x"})]);
    }

    #[test]
    fn type_mismatches_are_invalid_value() {
        let e = check_values(&emails(), &json!([{"primary": "yes"}])).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
        assert_eq!(e.detail, "primary must be a boolean, got a string");
        let int = Attribute::new("n", AttributeType::Integer);
        assert!(check_single(&int, &json!(1.5)).is_err());
        assert!(check_single(&int, &json!(-3)).is_ok());
        let dt = Attribute::date_time("at");
        assert!(check_single(&dt, &json!("2011-08-01T21:32:44.882Z")).is_ok());
        assert!(check_single(&dt, &json!("yesterday")).is_err());
    }

    #[test]
    fn unknown_sub_attribute_is_invalid_path() {
        let e = check_values(&emails(), &json!([{"colour": "red"}])).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidPath));
    }

    #[test]
    fn immutable_may_be_set_once_or_to_the_same_value() {
        let a = Attribute::string("badge").mutability(Mutability::Immutable);
        assert!(check_change(&a, "badge", None, Some(&json!("1"))).is_ok());
        assert!(check_change(&a, "badge", Some(&json!("1")), Some(&json!("1"))).is_ok());
        let e = check_change(&a, "badge", Some(&json!("1")), Some(&json!("2"))).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::Mutability));
    }
}

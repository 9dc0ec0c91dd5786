//! Required attributes (RFC 7643 §2.2 `required`): present and not empty.

use serde_json::{Map, Value};

use super::lookup::is_unassigned;
use super::value_type::invalid_value;
use crate::schema::{Attribute, AttributeType, Mutability};
use crate::ScimError;

/// Fails with 400 `invalidValue` when a required, client-writable attribute of `attrs` is
/// missing from `holder` or empty (blank string, empty list). Required sub-attributes are
/// checked in every value of a complex attribute that is present.
pub(crate) fn check_required(
    attrs: &[Attribute],
    holder: &Map<String, Value>,
    prefix: &str,
) -> Result<(), ScimError> {
    for attr in attrs {
        let path = format!("{prefix}{}", attr.name);
        let value = holder.get(&attr.name);
        if attr.required && attr.mutability != Mutability::ReadOnly {
            match value {
                None => return Err(invalid_value(&path, "is required")),
                Some(v) if is_blank(v) => return Err(invalid_value(&path, "must not be empty")),
                Some(_) => {}
            }
        }
        if attr.kind == AttributeType::Complex && attr.sub_attributes.iter().any(|s| s.required) {
            let values: Vec<&Value> = match value {
                Some(Value::Array(items)) => items.iter().collect(),
                Some(v) => vec![v],
                None => Vec::new(),
            };
            for v in values {
                if let Value::Object(fields) = v {
                    check_required(&attr.sub_attributes, fields, &format!("{path}."))?;
                }
            }
        }
    }
    Ok(())
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::String(s) => s.trim().is_empty(),
        other => is_unassigned(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attrs() -> Vec<Attribute> {
        vec![
            Attribute::string("userName").required(),
            Attribute::string("id")
                .required()
                .mutability(Mutability::ReadOnly),
            Attribute::complex(
                "keys",
                vec![
                    Attribute::string("value").required(),
                    Attribute::string("type"),
                ],
            )
            .multi(),
        ]
    }

    fn check(v: Value) -> Result<(), ScimError> {
        check_required(&attrs(), v.as_object().unwrap(), "")
    }

    #[test]
    fn missing_or_blank_required_values_are_refused() {
        assert!(check(json!({"userName": "a"})).is_ok());
        let e = check(json!({})).unwrap_err();
        assert!(e.detail.contains("'userName'"), "{}", e.detail);
        assert!(check(json!({"userName": "  "})).is_err());
    }

    #[test]
    fn required_sub_attributes_are_checked_per_value() {
        assert!(check(json!({"userName": "a", "keys": [{"value": "k"}]})).is_ok());
        let e =
            check(json!({"userName": "a", "keys": [{"value": "k"}, {"type": "x"}]})).unwrap_err();
        assert!(e.detail.contains("'keys.value'"), "{}", e.detail);
    }
}

//! Type-checking one attribute value against the attribute's data type (RFC 7643 §2.3).

use serde_json::Value;

use super::base64::is_base64;
use crate::schema::{Attribute, AttributeType};
use crate::ScimError;
use crate::ScimType;

/// The JSON kind of a value, for error messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A 400 `invalidValue` naming the attribute at `path`.
pub(crate) fn invalid_value(path: &str, what: impl std::fmt::Display) -> ScimError {
    ScimError::bad_request(
        ScimType::InvalidValue,
        format!("attribute '{path}': {what}"),
    )
}

/// Whether `text` is an RFC 3339 date-time (`2008-01-23T04:56:22Z`).
pub(crate) fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// Checks a single (non-complex) value against `attr`'s type and returns it.
///
/// `"true"`/`"false"` strings (any case) given for a boolean become booleans: Microsoft
/// Entra ID sends booleans as strings.
pub(crate) fn check_simple(attr: &Attribute, value: Value, path: &str) -> Result<Value, ScimError> {
    let expected = match attr.kind {
        AttributeType::String | AttributeType::Reference => match value {
            Value::String(_) => return Ok(value),
            _ => "a string",
        },
        AttributeType::Boolean => match &value {
            Value::Bool(_) => return Ok(value),
            Value::String(s) if s.eq_ignore_ascii_case("true") => return Ok(Value::Bool(true)),
            Value::String(s) if s.eq_ignore_ascii_case("false") => return Ok(Value::Bool(false)),
            _ => "a boolean",
        },
        AttributeType::Integer => match &value {
            Value::Number(n) if n.is_i64() || n.is_u64() => return Ok(value),
            _ => "an integer",
        },
        AttributeType::Decimal => match value {
            Value::Number(_) => return Ok(value),
            _ => "a number",
        },
        AttributeType::DateTime => match &value {
            Value::String(s) if is_date_time(s) => return Ok(value),
            Value::String(s) => {
                return Err(invalid_value(
                    path,
                    format!("{s:?} is not a dateTime (RFC 3339, e.g. 2008-01-23T04:56:22Z)"),
                ))
            }
            _ => "a dateTime string",
        },
        AttributeType::Binary => match &value {
            Value::String(s) if is_base64(s) => return Ok(value),
            Value::String(_) => return Err(invalid_value(path, "the value is not base64")),
            _ => "a base64 string",
        },
        AttributeType::Complex => "an object",
    };
    Err(invalid_value(
        path,
        format!("expected {expected}, found {}", json_kind(&value)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Attribute;
    use serde_json::json;

    fn check(kind: AttributeType, v: Value) -> Result<Value, ScimError> {
        check_simple(&Attribute::new("x", kind), v, "x")
    }

    #[test]
    fn accepts_values_of_the_declared_type() {
        assert!(check(AttributeType::String, json!("a")).is_ok());
        assert!(check(AttributeType::Integer, json!(-3)).is_ok());
        assert!(check(AttributeType::Decimal, json!(2.5)).is_ok());
        assert!(check(AttributeType::DateTime, json!("2008-01-23T04:56:22Z")).is_ok());
        assert!(check(
            AttributeType::DateTime,
            json!("2008-01-23T04:56:22.5+02:00")
        )
        .is_ok());
        assert!(check(AttributeType::Binary, json!("TWFu")).is_ok());
        assert!(check(AttributeType::Reference, json!("https://x.example/u/1")).is_ok());
    }

    #[test]
    fn boolean_strings_become_booleans() {
        assert_eq!(
            check(AttributeType::Boolean, json!("False")).unwrap(),
            json!(false)
        );
        assert_eq!(
            check(AttributeType::Boolean, json!("TRUE")).unwrap(),
            json!(true)
        );
        assert!(check(AttributeType::Boolean, json!("yes")).is_err());
    }

    #[test]
    fn refuses_mismatches_naming_the_attribute() {
        let e = check(AttributeType::String, json!(5)).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
        assert!(e.detail.contains("'x'"), "{}", e.detail);
        assert!(check(AttributeType::Integer, json!(1.5)).is_err());
        assert!(check(AttributeType::Decimal, json!("1.5")).is_err());
        assert!(check(AttributeType::DateTime, json!("yesterday")).is_err());
        assert!(check(AttributeType::DateTime, json!("2008-01-23")).is_err());
        assert!(check(AttributeType::Binary, json!("%%%")).is_err());
    }
}

//! At most one value of a multi-valued attribute may be primary (RFC 7643 §2.4).

use serde_json::Value;

use super::value_type::invalid_value;
use crate::ScimError;

/// Fails with 400 `invalidValue` when more than one of `values` has `"primary": true`.
pub(crate) fn check_single_primary(values: &[Value], path: &str) -> Result<(), ScimError> {
    let primaries = values
        .iter()
        .filter(|v| v.get("primary") == Some(&Value::Bool(true)))
        .count();
    if primaries > 1 {
        return Err(invalid_value(
            path,
            format!("{primaries} values are marked primary; at most one may be"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_primary_is_fine_two_are_not() {
        let one = [
            json!({"value": "a", "primary": true}),
            json!({"value": "b"}),
        ];
        assert!(check_single_primary(&one, "emails").is_ok());
        let two = [
            json!({"value": "a", "primary": true}),
            json!({"value": "b", "primary": true}),
        ];
        let e = check_single_primary(&two, "emails").unwrap_err();
        assert!(e.detail.contains("emails"));
    }
}

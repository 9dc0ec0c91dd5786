//! Reading and shaping the JSON kept in `attributes` columns.

use serde_json::{Map, Value};

use crate::error::StoreError;

/// The member `name` of `object`, matched exactly first, then ignoring ASCII case (SCIM
/// attribute names are case-insensitive).
pub(crate) fn get_ci<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Removes every member whose name is one of `names` (ignoring ASCII case).
pub(crate) fn remove_ci(object: &mut Map<String, Value>, names: &[&str]) {
    object.retain(|k, _| !names.iter().any(|n| k.eq_ignore_ascii_case(n)));
}

/// Sets `name` to `value`, replacing any member spelled with another case.
pub(crate) fn set_ci(object: &mut Map<String, Value>, name: &str, value: Value) {
    remove_ci(object, &[name]);
    object.insert(name.to_owned(), value);
}

/// The string member `name`, if it is a string.
pub(crate) fn str_ci<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v str> {
    get_ci(object, name).and_then(Value::as_str)
}

/// `value` as an object, or an `InvalidData` error naming `what`.
pub(crate) fn as_object<'v>(
    value: &'v Value,
    what: &str,
) -> Result<&'v Map<String, Value>, StoreError> {
    value
        .as_object()
        .ok_or_else(|| StoreError::InvalidData(format!("{what} must be a JSON object")))
}

/// Parses a stored JSON text.
pub(crate) fn parse(text: &str) -> Result<Value, StoreError> {
    Ok(serde_json::from_str(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_match_ignoring_case() {
        let v = json!({"UserName": "a", "userName2": "b"});
        let o = v.as_object().unwrap();
        assert_eq!(str_ci(o, "username"), Some("a"));
        let mut o = o.clone();
        set_ci(&mut o, "userName", json!("c"));
        assert_eq!(Value::Object(o), json!({"userName2": "b", "userName": "c"}));
    }
}

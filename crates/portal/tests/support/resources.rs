//! Reading SCIM resources and list responses in assertions.

use serde_json::Value;

/// The `Resources` of a ListResponse (absent = none; anything but an array panics).
pub fn list_resources(list: &Value) -> Vec<Value> {
    match list.get("Resources") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(other) => panic!("Resources is not an array: {other}"),
    }
}

/// The `id` of each resource, in order.
pub fn ids(resources: &[Value]) -> Vec<String> {
    resources
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The `value` of each entry of a multi-valued reference attribute (`members`, `groups`),
/// in order, duplicates kept; absent = empty.
pub fn ref_values(resource: &Value, attribute: &str) -> Vec<String> {
    match resource.get(attribute) {
        Some(Value::Array(a)) => a
            .iter()
            .map(|m| m["value"].as_str().unwrap_or("<no value>").to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// `ref_values(resource, "members")`, sorted (duplicates kept, so a doubled member shows).
pub fn sorted_members(group: &Value) -> Vec<String> {
    let mut m = ref_values(group, "members");
    m.sort();
    m
}

/// Whether an object key equal to `key` (case-insensitively) occurs anywhere in `v`.
pub fn has_key_anywhere(v: &Value, key: &str) -> bool {
    match v {
        Value::Object(o) => o
            .iter()
            .any(|(k, x)| k.eq_ignore_ascii_case(key) || has_key_anywhere(x, key)),
        Value::Array(a) => a.iter().any(|x| has_key_anywhere(x, key)),
        _ => false,
    }
}

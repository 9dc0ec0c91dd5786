//! Reading and writing attributes of a resource object: case-insensitive lookup,
//! canonical spelling on write, and extension containers (`"urn:…": { … }`) kept in step
//! with the resource's `schemas` array.

use serde_json::{Map, Value};

use crate::message::ScimError;

/// The key of `map` equal to `name` ignoring ASCII case (an exact match first).
pub(crate) fn find_key<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m String> {
    if let Some((k, _)) = map.get_key_value(name) {
        return Some(k);
    }
    map.keys().find(|k| k.eq_ignore_ascii_case(name))
}

/// The value under `name`, ignoring ASCII case.
pub(crate) fn get<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    find_key(map, name).and_then(|k| map.get(k))
}

/// The value under `name` (ignoring case), after renaming its key to `canonical`.
pub(crate) fn get_mut<'m>(
    map: &'m mut Map<String, Value>,
    canonical: &str,
) -> Option<&'m mut Value> {
    let key = find_key(map, canonical)?.clone();
    if key != canonical {
        let v = map.shift_remove(&key)?;
        map.insert(canonical.to_owned(), v);
    }
    map.get_mut(canonical)
}

/// Sets `canonical` to `value`, replacing any differently-spelled key for the same name.
pub(crate) fn put(map: &mut Map<String, Value>, canonical: &str, value: Value) {
    match get_mut(map, canonical) {
        Some(slot) => *slot = value,
        None => {
            map.insert(canonical.to_owned(), value);
        }
    }
}

/// Removes `name` (ignoring case) and returns its value.
pub(crate) fn take(map: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let key = find_key(map, name)?.clone();
    map.shift_remove(&key)
}

/// The object holding the attributes of `extension` (the resource itself for `None`),
/// created, and its URN added to `schemas`, when missing.
pub(crate) fn container_mut<'r>(
    resource: &'r mut Map<String, Value>,
    extension: Option<&str>,
) -> Result<&'r mut Map<String, Value>, ScimError> {
    let Some(urn) = extension else {
        return Ok(resource);
    };
    if get(resource, urn).is_none_or(Value::is_null) {
        put(resource, urn, Value::Object(Map::new()));
    }
    register_schema(resource, urn);
    match get_mut(resource, urn) {
        Some(Value::Object(map)) => Ok(map),
        _ => Err(ScimError::new(
            500,
            None,
            format!("the stored resource's {urn} member is not an object"),
        )),
    }
}

/// The object holding the attributes of `extension`, if present.
pub(crate) fn container<'r>(
    resource: &'r Map<String, Value>,
    extension: Option<&str>,
) -> Option<&'r Map<String, Value>> {
    match extension {
        None => Some(resource),
        Some(urn) => get(resource, urn).and_then(Value::as_object),
    }
}

/// Adds `urn` to the resource's `schemas` array if it is not there.
fn register_schema(resource: &mut Map<String, Value>, urn: &str) {
    let schemas = resource
        .entry("schemas")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = schemas {
        if !list
            .iter()
            .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)))
        {
            list.push(Value::String(urn.to_owned()));
        }
    }
}

/// Removes an extension container left empty (or `null`), and its URN from `schemas`.
pub(crate) fn drop_empty_extension(resource: &mut Map<String, Value>, urn: &str) {
    let empty = match get(resource, urn) {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.is_empty(),
        Some(_) => false,
    };
    if !empty {
        return;
    }
    take(resource, urn);
    if let Some(Value::Array(list)) = resource.get_mut("schemas") {
        list.retain(|s| !s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn put_respells_a_key_in_place_of_the_old_one() {
        let mut m = obj(json!({"username": "a", "title": "t"}));
        put(&mut m, "userName", json!("b"));
        assert_eq!(Value::Object(m), json!({"title": "t", "userName": "b"}));
    }

    #[test]
    fn extension_container_is_created_and_registered_once() {
        let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let mut m = obj(json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}));
        container_mut(&mut m, Some(urn))
            .unwrap()
            .insert("department".into(), json!("R&D"));
        container_mut(&mut m, Some(urn)).unwrap();
        assert_eq!(m["schemas"].as_array().map(Vec::len), Some(2));
        assert_eq!(m[urn]["department"], "R&D");
        take(container_mut(&mut m, Some(urn)).unwrap(), "DEPARTMENT");
        drop_empty_extension(&mut m, urn);
        assert!(m.get(urn).is_none());
        assert_eq!(
            m["schemas"],
            json!(["urn:ietf:params:scim:schemas:core:2.0:User"])
        );
    }
}

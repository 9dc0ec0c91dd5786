//! One PATCH operation applied to a resource object, following RFC 7644 §3.5.2.

use serde_json::{Map, Value};

use crate::message::{PatchOpKind, PatchOperation, ScimError, ScimType};
use crate::schema::{Attribute, AttributeType, Mutability, ResourceSchema};

use super::container::{container, container_mut, drop_empty_extension, get, put, take};
use super::multi::{add_distinct, is_primary, keep_single_primary, value_from_filter};
use super::path::PatchPath;
use super::select::matching;
use super::target::{resolve, resolve_name, Target};
use super::value::{
    check_attribute, check_change, check_single, check_sub_writable, check_values, check_writable,
    invalid_value, unknown_attribute,
};

fn no_target(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::NoTarget, detail)
}

/// Applies one operation to `resource` (which it may leave half-changed on error: the
/// caller works on a copy).
pub(crate) fn apply_operation(
    resource: &mut Map<String, Value>,
    op: &PatchOperation,
    schema: &ResourceSchema<'_>,
) -> Result<(), ScimError> {
    let Some(text) = &op.path else {
        return match op.op {
            PatchOpKind::Remove => Err(no_target("remove requires a path")),
            kind => apply_value_object(resource, kind, op.value.as_ref(), schema),
        };
    };
    if let Some(extension) = schema.extension(text.trim()) {
        return apply_to_extension(resource, op, extension.id.as_str(), schema);
    }
    let path = PatchPath::parse(text)?;
    let target = resolve(&path, schema)?;
    let value = op.value.as_ref().filter(|v| !v.is_null());
    match (op.op, value) {
        (PatchOpKind::Remove, _) => remove(resource, &target, value, schema),
        (PatchOpKind::Add, None) => Err(invalid_value("add requires a value")),
        // RFC 7643 §2.5: null is unassigned, so replacing with null removes.
        (PatchOpKind::Replace, None) => remove(resource, &target, None, schema),
        (kind, Some(v)) => write(resource, kind, &target, v, schema),
    }
}

/// An operation whose path is an extension schema URN itself (RFC 7644 §3.10: the URN
/// designates the extension's whole container): `add`/`replace` write the given attributes
/// into it (sub-attributes not given are left unchanged, RFC 7644 §3.5.2.3), `remove` removes
/// the container and its URN from `schemas`.
fn apply_to_extension(
    resource: &mut Map<String, Value>,
    op: &PatchOperation,
    urn: &str,
    schema: &ResourceSchema<'_>,
) -> Result<(), ScimError> {
    match (op.op, op.value.as_ref().filter(|v| !v.is_null())) {
        (PatchOpKind::Remove, _) | (PatchOpKind::Replace, None) => {
            let names: Vec<String> = get(resource, urn)
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for name in names {
                let target = resolve_name(&name, Some(urn), schema)?;
                remove(resource, &target, None, schema)?;
            }
            drop_empty_extension(resource, urn);
            Ok(())
        }
        (PatchOpKind::Add, None) => Err(invalid_value("add requires a value")),
        (kind, Some(v)) => {
            let mut wrapped = Map::new();
            wrapped.insert(urn.to_owned(), v.clone());
            apply_value_object(resource, kind, Some(&Value::Object(wrapped)), schema)
        }
    }
}

/// `add`/`replace` without a path: each member of the value object is an attribute, or a
/// schema URN holding that schema's attributes.
fn apply_value_object(
    resource: &mut Map<String, Value>,
    kind: PatchOpKind,
    value: Option<&Value>,
    schema: &ResourceSchema<'_>,
) -> Result<(), ScimError> {
    let Some(Value::Object(fields)) = value else {
        return Err(invalid_value(format!(
            "{kind} without a path takes an object of attributes as its value"
        )));
    };
    for (key, v) in fields {
        if key.eq_ignore_ascii_case("schemas") {
            continue;
        }
        if schema.knows_schema(key) {
            let extension = schema.extension(key).map(|s| s.id.as_str());
            let Value::Object(inner) = v else {
                return Err(invalid_value(format!(
                    "the {key} member takes an object of attributes"
                )));
            };
            for (name, v) in inner {
                if name.eq_ignore_ascii_case("schemas") {
                    continue;
                }
                let target = resolve_name(name, extension, schema)?;
                write_member(resource, kind, &target, v, schema)?;
            }
        } else {
            let target = resolve_name(key, None, schema)?;
            write_member(resource, kind, &target, v, schema)?;
        }
    }
    Ok(())
}

fn write_member(
    resource: &mut Map<String, Value>,
    kind: PatchOpKind,
    target: &Target<'_, '_>,
    v: &Value,
    schema: &ResourceSchema<'_>,
) -> Result<(), ScimError> {
    match (kind, v.is_null()) {
        (PatchOpKind::Add, true) => Ok(()),
        (_, true) => remove(resource, target, None, schema),
        (_, false) => write(resource, kind, target, v, schema),
    }
}

/// `add` or `replace` with a (non-null) value.
fn write(
    resource: &mut Map<String, Value>,
    kind: PatchOpKind,
    target: &Target<'_, '_>,
    value: &Value,
    schema: &ResourceSchema<'_>,
) -> Result<(), ScimError> {
    let attr = target.attribute;
    check_writable(attr, &attr.name)?;
    if let Some(sub) = target.sub {
        check_writable(sub, &target.display())?;
    }
    let old = container(resource, target.extension)
        .and_then(|c| get(c, &attr.name))
        .cloned();
    let new = if attr.multi_valued {
        let list = list_of(old.as_ref());
        Some(write_multi(kind, target, list, value, schema)?)
    } else if let Some(sub) = target.sub {
        let mut obj = object_of(old.as_ref());
        set_sub(&mut obj, attr, sub, value)?;
        Some(Value::Object(obj))
    } else if attr.kind == AttributeType::Complex {
        let mut obj = object_of(old.as_ref());
        merge(&mut obj, attr, value)?;
        Some(Value::Object(obj))
    } else {
        check_single(attr, value)?
    };
    let new = new.filter(|v| !is_empty(v));
    check_change(attr, &attr.name, old.as_ref(), new.as_ref())?;
    store(resource, target, new)
}

/// The new list of a multi-valued attribute after `add`/`replace`.
fn write_multi(
    kind: PatchOpKind,
    target: &Target<'_, '_>,
    mut list: Vec<Value>,
    value: &Value,
    schema: &ResourceSchema<'_>,
) -> Result<Value, ScimError> {
    let attr = target.attribute;
    let mut primary = None;
    match (target.filter, target.sub) {
        (None, None) => {
            check_sub_writable(attr, value)?;
            let values = check_values(attr, value)?;
            if kind == PatchOpKind::Replace {
                list.clear();
            }
            primary = add_distinct(attr, &mut list, values);
        }
        (None, Some(sub)) => {
            if list.is_empty() {
                list.push(Value::Object(Map::new()));
            }
            for (i, element) in list.iter_mut().enumerate() {
                set_element_sub(element, attr, sub, value)?;
                if is_primary(element) {
                    primary = Some(i);
                }
            }
        }
        (Some(filter), sub) => {
            let selected = matching(&list, target, schema)?;
            if selected.is_empty() {
                if kind == PatchOpKind::Replace {
                    return Err(no_target(format!(
                        "no value of {} matches the filter",
                        attr.name
                    )));
                }
                let mut element = value_from_filter(attr, filter).ok_or_else(|| {
                    no_target(format!(
                        "no value of {} matches the filter, and it does not say what value to add",
                        attr.name
                    ))
                })?;
                match sub {
                    Some(sub) => {
                        let v = check_attribute(sub, value)?.unwrap_or(Value::Null);
                        element.insert(sub.name.clone(), v);
                    }
                    None => {
                        let Value::Object(fields) = value else {
                            return Err(complex_expected(attr));
                        };
                        element.extend(fields.clone());
                    }
                }
                let element = Value::Object(element);
                check_sub_writable(attr, &element)?;
                let element = check_single(attr, &element)?;
                primary = add_distinct(attr, &mut list, element.into_iter().collect());
            } else {
                for &i in &selected {
                    let Some(element) = list.get_mut(i) else {
                        continue;
                    };
                    match (sub, kind) {
                        (Some(sub), _) => set_element_sub(element, attr, sub, value)?,
                        (None, PatchOpKind::Add) => {
                            let mut obj = object_of(Some(element));
                            merge(&mut obj, attr, value)?;
                            *element = Value::Object(obj);
                        }
                        (None, _) => replace_element(element, attr, value)?,
                    }
                    if is_primary(element) {
                        primary = Some(i);
                    }
                }
            }
        }
    }
    if let Some(winner) = primary {
        keep_single_primary(&mut list, winner);
    }
    list.retain(|v| !is_empty(v));
    Ok(Value::Array(list))
}

/// Sets a sub-attribute of one value of a multi-valued attribute.
fn set_element_sub(
    element: &mut Value,
    attr: &Attribute,
    sub: &Attribute,
    value: &Value,
) -> Result<(), ScimError> {
    let mut obj = object_of(Some(element));
    set_sub(&mut obj, attr, sub, value)?;
    *element = Value::Object(obj);
    Ok(())
}

/// Sets (or, for null, removes) `sub` in `obj`, honouring its mutability.
fn set_sub(
    obj: &mut Map<String, Value>,
    attr: &Attribute,
    sub: &Attribute,
    value: &Value,
) -> Result<(), ScimError> {
    let new = check_attribute(sub, value)?;
    let display = format!("{}.{}", attr.name, sub.name);
    check_change(sub, &display, get(obj, &sub.name), new.as_ref())?;
    match new {
        Some(v) => put(obj, &sub.name, v),
        None => {
            take(obj, &sub.name);
        }
    }
    Ok(())
}

/// Merges the sub-attributes of `value` into `obj` (RFC 7644 §3.5.2.1/3: sub-attributes not
/// given are left unchanged).
fn merge(obj: &mut Map<String, Value>, attr: &Attribute, value: &Value) -> Result<(), ScimError> {
    let Value::Object(fields) = value else {
        return Err(complex_expected(attr));
    };
    for (name, v) in fields {
        let sub = attr
            .sub_attribute(name)
            .ok_or_else(|| unknown_attribute(&format!("{}.{name}", attr.name)))?;
        set_sub(obj, attr, sub, v)?;
    }
    Ok(())
}

/// Replaces a selected value wholesale, refusing changes to immutable sub-attributes.
fn replace_element(element: &mut Value, attr: &Attribute, value: &Value) -> Result<(), ScimError> {
    if !value.is_object() {
        return Err(complex_expected(attr));
    }
    check_sub_writable(attr, value)?;
    let new = check_single(attr, value)?.unwrap_or(Value::Object(Map::new()));
    for sub in &attr.sub_attributes {
        if sub.mutability == Mutability::Immutable {
            let display = format!("{}.{}", attr.name, sub.name);
            check_change(sub, &display, element.get(&sub.name), new.get(&sub.name))?;
        }
    }
    *element = new;
    Ok(())
}

/// `remove` (and `replace` with null).
fn remove(
    resource: &mut Map<String, Value>,
    target: &Target<'_, '_>,
    value: Option<&Value>,
    schema: &ResourceSchema<'_>,
) -> Result<(), ScimError> {
    let attr = target.attribute;
    let old = container(resource, target.extension)
        .and_then(|c| get(c, &attr.name))
        .cloned();
    if target.filter.is_none() && target.sub.is_none() {
        if attr.multi_valued && value.is_some_and(|v| !v.is_null()) {
            return Err(invalid_value(format!(
                "remove takes no value; to remove some values of {0}, use a value filter \
                 such as {0}[value eq \"...\"]",
                attr.name
            )));
        }
        if old.is_some() && attr.required && target.extension.is_none() {
            return Err(invalid_value(format!(
                "{} is required and cannot be removed",
                attr.name
            )));
        }
        check_change(attr, &attr.name, old.as_ref(), None)?;
        return store(resource, target, None);
    }
    check_writable(attr, &attr.name)?;
    let Some(old) = old else {
        return Ok(());
    };
    let new = if attr.multi_valued {
        let mut list = list_of(Some(&old));
        let selected = matching(&list, target, schema)?;
        for &i in selected.iter().rev() {
            match target.sub {
                None => {
                    if i < list.len() {
                        list.remove(i);
                    }
                }
                Some(sub) => {
                    if let Some(element) = list.get_mut(i) {
                        let mut obj = object_of(Some(element));
                        unset_sub(&mut obj, attr, sub)?;
                        *element = Value::Object(obj);
                    }
                }
            }
        }
        list.retain(|v| !is_empty(v));
        Value::Array(list)
    } else {
        let mut obj = object_of(Some(&old));
        if let Some(sub) = target.sub {
            unset_sub(&mut obj, attr, sub)?;
        }
        Value::Object(obj)
    };
    store(resource, target, Some(new).filter(|v| !is_empty(v)))
}

fn unset_sub(
    obj: &mut Map<String, Value>,
    attr: &Attribute,
    sub: &Attribute,
) -> Result<(), ScimError> {
    let display = format!("{}.{}", attr.name, sub.name);
    check_change(sub, &display, get(obj, &sub.name), None)?;
    take(obj, &sub.name);
    Ok(())
}

/// Writes the attribute's new value (or removes it), creating or dropping the extension
/// container as needed.
fn store(
    resource: &mut Map<String, Value>,
    target: &Target<'_, '_>,
    new: Option<Value>,
) -> Result<(), ScimError> {
    let name = &target.attribute.name;
    match new {
        Some(v) => put(container_mut(resource, target.extension)?, name, v),
        None => {
            if let Some(urn) = target.extension {
                if let Some(Value::Object(c)) = super::container::get_mut(resource, urn) {
                    take(c, name);
                }
                drop_empty_extension(resource, urn);
            } else {
                take(resource, name);
            }
        }
    }
    Ok(())
}

fn complex_expected(attr: &Attribute) -> ScimError {
    invalid_value(format!(
        "a value of {} must be an object of sub-attributes",
        attr.name
    ))
}

/// The values of a stored multi-valued attribute (a lone value reads as one element).
fn list_of(v: Option<&Value>) -> Vec<Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
    }
}

/// The stored complex value as an object (empty when absent or malformed).
fn object_of(v: Option<&Value>) -> Map<String, Value> {
    match v {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

/// Unassigned in the sense of RFC 7643 §2.5: null, an empty array or an empty object.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

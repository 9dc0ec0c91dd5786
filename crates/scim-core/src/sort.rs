//! Sorting resources by an attribute (RFC 7644 §3.4.2.3).
//!
//! Values compare by the attribute's type: strings by `caseExact` (case-insensitive ones
//! by their Unicode lowercase form, no locale), numbers numerically, `false` before
//! `true`, dateTimes as instants. A multi-valued attribute sorts by its primary value,
//! else its first value; a complex attribute named without a sub-attribute sorts by its
//! `value` sub-attribute. Resources without a value sort last in ascending order and
//! first in descending order ("ordered last if ascending and first if descending").

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset};
use serde_json::{Number, Value};

use crate::message::SortOrder;
use crate::path::AttrPath;
use crate::resource::lookup::{attribute_value, get_ci};
use crate::schema::{Attribute, AttributeType, ResolvedAttribute, ResourceSchema};

/// Compares two resources by the attribute `sort_by`; `descending` reverses the order,
/// including where resources without a value go.
///
/// A path the schema does not know compares every pair as equal (a stable sort then keeps
/// the input order).
///
/// ```
/// use std::cmp::Ordering;
/// use scim_core::{sort::compare, schema::SchemaRegistry, AttrPath};
/// use serde_json::json;
///
/// let registry = SchemaRegistry::standard();
/// let user = registry.resource_schema("User").unwrap();
/// let by_name = AttrPath::parse("userName").unwrap();
/// let (alice, bob) = (json!({"userName": "alice"}), json!({"userName": "Bob"}));
/// assert_eq!(compare(&alice, &bob, &by_name, &user, false), Ordering::Less);
/// assert_eq!(compare(&alice, &bob, &by_name, &user, true), Ordering::Greater);
/// // No value: last when ascending.
/// assert_eq!(compare(&json!({}), &bob, &by_name, &user, false), Ordering::Greater);
/// ```
pub fn compare(
    a: &Value,
    b: &Value,
    sort_by: &AttrPath,
    schema: &ResourceSchema<'_>,
    descending: bool,
) -> Ordering {
    let ordering = match schema.resolve(sort_by) {
        Some(resolved) => compare_keys(sort_key(a, &resolved), sort_key(b, &resolved)),
        None => Ordering::Equal,
    };
    if descending {
        ordering.reverse()
    } else {
        ordering
    }
}

/// Sorts `resources` in place by `sort_by` (a stable sort: equal resources keep their
/// order, so sort by `id` first for a total order).
///
/// ```
/// use scim_core::{message::SortOrder, sort::sort_resources, schema::SchemaRegistry, AttrPath};
/// use serde_json::json;
///
/// let registry = SchemaRegistry::standard();
/// let user = registry.resource_schema("User").unwrap();
/// let mut users = vec![
///     json!({"id": "1", "emails": [{"value": "zoe@example.com"}, {"value": "a@example.com", "primary": true}]}),
///     json!({"id": "2"}),
///     json!({"id": "3", "emails": [{"value": "m@example.com"}]}),
/// ];
/// sort_resources(&mut users, &AttrPath::parse("emails.value").unwrap(), &user, SortOrder::Ascending);
/// let ids: Vec<_> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
/// assert_eq!(ids, ["1", "3", "2"]);
/// ```
pub fn sort_resources(
    resources: &mut [Value],
    sort_by: &AttrPath,
    schema: &ResourceSchema<'_>,
    order: SortOrder,
) {
    let descending = order == SortOrder::Descending;
    resources.sort_by(|a, b| compare(a, b, sort_by, schema, descending));
}

/// A value to sort by.
#[derive(Debug)]
enum Key {
    Bool(bool),
    Number(Number),
    Instant(DateTime<FixedOffset>),
    Text(String),
}

impl Key {
    fn rank(&self) -> u8 {
        match self {
            Key::Bool(_) => 0,
            Key::Number(_) => 1,
            Key::Instant(_) => 2,
            Key::Text(_) => 3,
        }
    }
}

fn compare_keys(a: Option<Key>, b: Option<Key>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => match (&x, &y) {
            (Key::Bool(p), Key::Bool(q)) => p.cmp(q),
            (Key::Number(p), Key::Number(q)) => compare_numbers(p, q),
            (Key::Instant(p), Key::Instant(q)) => p.cmp(q),
            (Key::Text(p), Key::Text(q)) => p.cmp(q),
            _ => x.rank().cmp(&y.rank()),
        },
    }
}

/// Numbers compare as `f64` (integers beyond 2^53 may compare equal): one representation
/// for all keeps the order total, which `sort_by` needs.
fn compare_numbers(a: &Number, b: &Number) -> Ordering {
    let x = a.as_f64().unwrap_or(f64::NAN);
    let y = b.as_f64().unwrap_or(f64::NAN);
    x.total_cmp(&y)
}

/// The value of `resolved` in `resource` that the resource sorts by, if any.
fn sort_key(resource: &Value, resolved: &ResolvedAttribute<'_>) -> Option<Key> {
    let attr = resolved.attribute;
    let mut value = attribute_value(resource, resolved)?;
    if attr.multi_valued {
        value = representative(value.as_array()?)?;
    }
    let (target, value) = match (resolved.sub_attribute, attr.kind) {
        (Some(sub), _) => (sub, get_ci(value.as_object()?, &sub.name)?),
        (None, AttributeType::Complex) => {
            let sub = attr.sub_attribute("value")?;
            (sub, get_ci(value.as_object()?, &sub.name)?)
        }
        (None, _) => (attr, value),
    };
    key_of(target, value)
}

/// The primary value of a multi-valued attribute, else its first value.
fn representative(values: &[Value]) -> Option<&Value> {
    values
        .iter()
        .find(|v| v.get("primary") == Some(&Value::Bool(true)))
        .or_else(|| values.iter().find(|v| !v.is_null()))
}

fn key_of(attr: &Attribute, value: &Value) -> Option<Key> {
    match value {
        Value::Bool(b) => Some(Key::Bool(*b)),
        Value::Number(n) => Some(Key::Number(n.clone())),
        Value::String(s) => {
            if attr.kind == AttributeType::DateTime {
                if let Ok(instant) = DateTime::parse_from_rfc3339(s) {
                    return Some(Key::Instant(instant));
                }
            }
            Some(Key::Text(if attr.case_exact {
                s.clone()
            } else {
                s.to_lowercase()
            }))
        }
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaRegistry;
    use serde_json::json;

    fn sorted(resources: Vec<Value>, by: &str, order: SortOrder) -> Vec<String> {
        let registry = SchemaRegistry::standard();
        let user = registry.resource_schema("User").unwrap();
        let mut resources = resources;
        sort_resources(&mut resources, &AttrPath::parse(by).unwrap(), &user, order);
        resources
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn case_insensitive_strings_ignore_case_and_case_exact_ones_do_not() {
        let users = vec![
            json!({"id": "b", "userName": "bob", "externalId": "bob"}),
            json!({"id": "A", "userName": "Alice", "externalId": "Alice"}),
            json!({"id": "c", "userName": "carol", "externalId": "carol"}),
        ];
        assert_eq!(
            sorted(users.clone(), "userName", SortOrder::Ascending),
            ["A", "b", "c"]
        );
        // externalId is caseExact: uppercase letters sort before lowercase ones.
        assert_eq!(
            sorted(users, "externalId", SortOrder::Descending),
            ["c", "b", "A"]
        );
    }

    #[test]
    fn missing_values_last_ascending_first_descending() {
        let users = vec![
            json!({"id": "none"}),
            json!({"id": "z", "displayName": "Zed"}),
            json!({"id": "null", "displayName": null}),
            json!({"id": "a", "displayName": "Ann"}),
        ];
        assert_eq!(
            sorted(users.clone(), "displayName", SortOrder::Ascending),
            ["a", "z", "none", "null"]
        );
        assert_eq!(
            sorted(users, "displayName", SortOrder::Descending),
            ["none", "null", "z", "a"]
        );
    }

    #[test]
    fn date_times_sort_as_instants_not_text() {
        let users = vec![
            json!({"id": "late", "meta": {"lastModified": "2024-01-01T10:00:00+09:00"}}),
            json!({"id": "early", "meta": {"lastModified": "2024-01-01T02:00:00Z"}}),
        ];
        // 10:00+09:00 is 01:00Z, before 02:00Z, although its text sorts after.
        assert_eq!(
            sorted(users, "meta.lastModified", SortOrder::Ascending),
            ["late", "early"]
        );
    }

    #[test]
    fn booleans_and_extension_attributes() {
        let users = vec![
            json!({"id": "on", "active": true}),
            json!({"id": "off", "active": false}),
        ];
        assert_eq!(sorted(users, "active", SortOrder::Ascending), ["off", "on"]);
        let ext = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let users = vec![
            json!({"id": "2", ext: {"employeeNumber": "E2"}}),
            json!({"id": "1", ext: {"employeeNumber": "E1"}}),
        ];
        assert_eq!(
            sorted(
                users.clone(),
                &format!("{ext}:employeeNumber"),
                SortOrder::Ascending
            ),
            ["1", "2"]
        );
        assert_eq!(
            sorted(users, "employeeNumber", SortOrder::Ascending),
            ["1", "2"]
        );
    }

    #[test]
    fn multi_valued_sorts_by_primary_then_first() {
        let users = vec![
            json!({"id": "first-b", "emails": [{"value": "b@x"}, {"value": "a@x"}]}),
            json!({"id": "primary-c", "emails": [{"value": "0@x"}, {"value": "c@x", "primary": true}]}),
            json!({"id": "a", "emails": [{"value": "A@x"}]}),
        ];
        assert_eq!(
            sorted(users.clone(), "emails", SortOrder::Ascending),
            ["a", "first-b", "primary-c"]
        );
        assert_eq!(
            sorted(users, "emails.value", SortOrder::Ascending),
            ["a", "first-b", "primary-c"]
        );
    }

    #[test]
    fn numbers_compare_numerically() {
        assert_eq!(
            compare_numbers(&Number::from(9), &Number::from(10)),
            Ordering::Less
        );
        let half = Number::from_f64(0.5).unwrap();
        assert_eq!(compare_numbers(&half, &Number::from(1)), Ordering::Less);
    }
}

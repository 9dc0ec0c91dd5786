//! Provider normalisers: rewrite the PATCH shapes that Okta and Microsoft Entra ID send,
//! but RFC 7644 does not define, into RFC operations for [`apply`](super::apply).
//!
//! Each step is a small function of one operation, tested on its own; [`normalize`] runs
//! them in the order of [`STEPS`]:
//!
//! | step | provider | rewrites |
//! | --- | --- | --- |
//! | [`drop_unchanged_id`] | Okta | `{"op":"replace","value":{"id":"<same id>","displayName":"New"}}` → without `id` (a different id is kept, and refused by the engine) |
//! | [`split_dotted_keys`] | Entra | `{"op":"replace","value":{"name.givenName":"x","urn:…:User:employeeNumber":"y"}}` → one operation with a path per key |
//! | [`wrap_manager_string`] | Entra | `{"op":"add","path":"urn:…:enterprise:2.0:User:manager","value":"<id>"}` → `"value": {"value": "<id>"}` |
//! | [`booleans_from_strings`] | Entra | `{"op":"Replace","path":"active","value":"False"}` → `false`, wherever the schema says boolean |
//! | [`remove_by_value`] | Entra | `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}` → `remove members[value eq "<id>"]` per value (an empty array removes nothing) |
//!
//! Two other quirks need no step: capitalised op names (`Add`, `Replace`, `Remove`) are
//! read case-insensitively by [`PatchOpKind`](crate::message::PatchOpKind)'s
//! deserialisation, and Okta's `{"op":"replace","path":"members","value":[]}` ("Push now"
//! on an empty group) is plain RFC 7644 (replace of the whole attribute), which the engine
//! applies by emptying the list.
//!
//! Operations a step does not recognise pass through unchanged; errors are left for the
//! engine to report.

mod dotted_keys;
mod manager_string;
mod okta_same_id;
mod remove_by_value;
mod strings_to_booleans;

pub use dotted_keys::split_dotted_keys;
pub use manager_string::wrap_manager_string;
pub use okta_same_id::drop_unchanged_id;
pub use remove_by_value::remove_by_value;
pub use strings_to_booleans::booleans_from_strings;

use serde_json::Value;
use std::borrow::Cow;

use crate::message::PatchOperation;
use crate::schema::ResourceSchema;

/// A normalisation step: one operation in, zero or more operations out. It sees the stored
/// resource and its schemas.
pub type Normalizer = fn(PatchOperation, &Value, &ResourceSchema<'_>) -> Vec<PatchOperation>;

/// The steps [`normalize`] runs, in order, with their names.
pub const STEPS: &[(&str, Normalizer)] = &[
    ("drop_unchanged_id", drop_unchanged_id),
    ("split_dotted_keys", split_dotted_keys),
    ("wrap_manager_string", wrap_manager_string),
    ("booleans_from_strings", booleans_from_strings),
    ("remove_by_value", remove_by_value),
];

/// Runs every step of [`STEPS`] over `ops`, in order. `resource` is the stored resource the
/// operations will be applied to.
///
/// `ops` is a slice (copied) or a `Vec` (taken without copying: worth it for requests with
/// thousands of member values).
///
/// ```
/// use scim_core::message::PatchOperation;
/// use scim_core::patch::normalize;
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
/// let registry = SchemaRegistry::standard();
/// let schema = registry.resource_schema("User").unwrap();
/// let ops = vec![PatchOperation::replace(Some("active"), json!("False"))];
/// let out = normalize(ops, &json!({"id": "1"}), &schema);
/// assert_eq!(out, [PatchOperation::replace(Some("active"), json!(false))]);
/// ```
pub fn normalize<'o>(
    ops: impl Into<Cow<'o, [PatchOperation]>>,
    resource: &Value,
    schema: &ResourceSchema<'_>,
) -> Vec<PatchOperation> {
    let mut current: Vec<PatchOperation> = ops.into().into_owned();
    for (_, step) in STEPS {
        current = current
            .into_iter()
            .flat_map(|op| step(op, resource, schema))
            .collect();
    }
    current
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::schema::SchemaRegistry;
    use std::sync::OnceLock;

    /// The standard registry, built once for the tests.
    pub fn registry() -> &'static SchemaRegistry {
        static R: OnceLock<SchemaRegistry> = OnceLock::new();
        R.get_or_init(SchemaRegistry::standard)
    }

    /// The Enterprise User URN.
    pub const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
}

#[cfg(test)]
mod tests {
    use super::test_support::registry;
    use super::*;
    use crate::message::PatchOpKind;
    use serde_json::json;

    #[test]
    fn steps_compose_in_order() {
        let user = registry().resource_schema("User").unwrap();
        let ops = [PatchOperation::replace(
            None,
            json!({"id": "u1", "name.givenName": "Liv", "active": "True"}),
        )];
        let out = normalize(&ops[..], &json!({"id": "u1"}), &user);
        assert_eq!(
            out,
            [
                PatchOperation::replace(Some("name.givenName"), json!("Liv")),
                PatchOperation::replace(Some("active"), json!(true)),
            ]
        );
    }

    #[test]
    fn rfc_operations_pass_through_unchanged() {
        let group = registry().resource_schema("Group").unwrap();
        let ops = vec![
            PatchOperation::replace(Some("members"), json!([])),
            PatchOperation::add(Some("members"), json!([{"value": "u1"}])),
            PatchOperation::new(PatchOpKind::Remove, Some("members"), None),
            PatchOperation::replace(None, json!({"displayName": "Ops"})),
        ];
        assert_eq!(normalize(&ops, &json!({"id": "g1"}), &group), ops);
        assert_eq!(normalize(ops.clone(), &json!({"id": "g1"}), &group), ops);
    }
}

//! Property tests: arbitrary operation lists never make `normalize`, `apply` or
//! `member_deltas` panic; a failed `apply` leaves the resource as it was; a successful one
//! leaves only known attributes, spelled as the schema spells them.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod patch_support;

use patch_support::{groups, users, ENT};
use proptest::prelude::*;
use scim_core::message::{PatchOpKind, PatchOperation};
use scim_core::patch::{apply, member_deltas, normalize};
use scim_core::schema::ResourceSchema;
use serde_json::{json, Map, Value};

const PATHS: &[&str] = &[
    "active",
    "ACTIVE",
    "displayName",
    "userName",
    "id",
    "meta.created",
    "name",
    "name.givenName",
    "emails",
    "emails.value",
    "emails[type eq \"work\"]",
    "emails[type eq \"work\"].value",
    "emails[type eq \"work\"].primary",
    "emails[value co \"@\"]",
    "emails[primary eq true]",
    "addresses[type eq \"home\" and primary eq false].locality",
    "members",
    "members[value eq \"u1\"]",
    "members[value eq \"u1\" or value eq \"u2\"]",
    "members[display eq \"x\"].value",
    "groups",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
    "employeeNumber",
    "x509Certificates[value eq \"a\"]",
    "unknown",
    "emails[",
    "emails[type eq \"work\"]]",
    "a.b.c",
];

const KEYS: &[&str] = &[
    "value",
    "type",
    "primary",
    "display",
    "givenName",
    "members",
    "id",
    "active",
    "emails",
    "name",
    "name.givenName",
    "displayName",
    "$ref",
    "manager",
    ENT,
    "schemas",
    "EMAILS",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..3).prop_map(|n| json!(n)),
        Just(json!(1.5)),
        prop::sample::select(vec![
            "True",
            "false",
            "u1",
            "u2",
            "work",
            "home",
            "x",
            "",
            "2011-08-01T18:29:49Z"
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..4).prop_map(
                |kv| {
                    Value::Object(
                        kv.into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect::<Map<_, _>>(),
                    )
                }
            ),
        ]
    })
}

/// Values that fit the paths above (so that many generated operations succeed).
fn fitting_value() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!(false),
        json!("False"),
        json!("Liv"),
        json!({"givenName": "Liv", "familyName": "Tan"}),
        json!([{"value": "n@example.com", "type": "work", "primary": true}]),
        json!({"value": "n@example.com", "type": "other"}),
        json!([{"value": "u3"}, {"value": "u1", "$ref": null}]),
        json!([]),
        json!("m1"),
        json!({"value": "m1"}),
        json!({"displayName": "Renamed", "id": "g0"}),
        json!({"active": "True", "name.givenName": "Liv"}),
        json!({ENT: {"employeeNumber": "E1"}}),
    ])
}

fn operation() -> impl Strategy<Value = PatchOperation> {
    let kind = prop::sample::select(vec![
        PatchOpKind::Add,
        PatchOpKind::Remove,
        PatchOpKind::Replace,
    ]);
    let path = prop_oneof![
        2 => Just(None),
        8 => prop::sample::select(PATHS.to_vec()).prop_map(|p| Some(p.to_owned())),
        1 => "[a-z\\[\\]\\. \"=:]{0,12}".prop_map(Some),
    ];
    let value = prop_oneof![
        1 => Just(None),
        4 => fitting_value().prop_map(Some),
        3 => json_value().prop_map(Some),
    ];
    (kind, path, value).prop_map(|(op, path, value)| PatchOperation { op, path, value })
}

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "u0",
        "userName": "olivia",
        "active": true,
        "name": {"givenName": "Olivia", "familyName": "Lim"},
        "emails": [{"value": "o@example.com", "type": "work", "primary": true}, {"value": "h@example.org", "type": "home"}],
    })
}

fn group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "g0",
        "displayName": "Helpdesk",
        "members": [{"value": "u1"}, {"value": "u2", "display": "Two"}],
    })
}

/// Every top-level member is `schemas`, a known extension URN, or an attribute under its
/// canonical name.
fn well_formed(resource: &Value, schema: &ResourceSchema<'_>) -> Result<(), String> {
    let obj = resource.as_object().ok_or("not an object")?;
    for key in obj.keys() {
        if key == "schemas" || schema.extension(key).is_some_and(|s| &s.id == key) {
            continue;
        }
        match schema.resolve_str(key) {
            Some(r) if &r.attribute.name == key && r.extension.is_none() => {}
            _ => return Err(format!("unexpected member {key:?}")),
        }
    }
    Ok(())
}

fn check(
    mut resource: Value,
    ops: &[PatchOperation],
    schema: &ResourceSchema<'_>,
) -> Result<(), TestCaseError> {
    let before = resource.clone();
    let normalised = normalize(ops, &resource, schema);
    let _ = member_deltas(&normalised, "members");
    let _ = member_deltas(ops, "members");
    match apply(&mut resource, &normalised, schema) {
        Err(e) => {
            prop_assert_eq!(
                &resource,
                &before,
                "a failed PATCH changed the resource: {}",
                e
            );
            prop_assert_eq!(e.status, 400, "{}", e);
        }
        Ok(()) => {
            prop_assert!(
                well_formed(&resource, schema).is_ok(),
                "{:?}: {}",
                well_formed(&resource, schema),
                resource
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn user_patches_never_panic_and_fail_atomically(ops in prop::collection::vec(operation(), 0..4)) {
        check(user(), &ops, &users())?;
    }

    #[test]
    fn group_patches_never_panic_and_fail_atomically(ops in prop::collection::vec(operation(), 0..4)) {
        check(group(), &ops, &groups())?;
    }
}

//! PUT bodies: read-only values sent back, immutable attributes, and the Okta profile push.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

use scim_core::resource::{prepare, WriteMode};
use scim_core::schema::{Attribute, Mutability, Schema, SchemaRegistry};
use scim_core::ScimType;
use serde_json::json;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const BADGE: &str = "urn:example:params:scim:schemas:extension:badge:2.0:User";

fn registry_with_badge() -> SchemaRegistry {
    let mut registry = SchemaRegistry::standard();
    registry
        .register_schema(Schema::new(
            BADGE,
            "Badge",
            "Door badge",
            vec![
                Attribute::string("badgeNumber")
                    .case_exact()
                    .mutability(Mutability::Immutable),
                Attribute::string("floor"),
            ],
        ))
        .unwrap();
    registry.add_extension("User", BADGE, false).unwrap();
    registry
}

#[test]
fn okta_put_ignores_id_meta_and_groups() {
    let registry = SchemaRegistry::standard();
    let user = registry.resource_schema("User").unwrap();
    let existing = json!({
        "schemas": [USER], "id": "u1", "userName": "olivia.lim@example.com",
        "meta": {"resourceType": "User", "created": "2026-01-01T00:00:00Z"}
    });
    let body = json!({
        "schemas": [USER],
        "id": "u1",
        "userName": "olivia.lim@example.com",
        "name": {"givenName": "Olivia", "middleName": "Mei", "familyName": "Lim"},
        "emails": [{"primary": true, "value": "olivia.lim@example.com", "type": "work",
                    "display": "olivia.lim@example.com"}],
        "displayName": "Olivia Lim",
        "locale": "en-US",
        "externalId": "00uDEVFIXTURE0000001",
        "active": true,
        "groups": [],
        "meta": {"resourceType": "User"}
    });
    let out = prepare(
        body,
        &user,
        WriteMode::Replace {
            existing: &existing,
        },
    )
    .unwrap();
    assert!(out.get("id").is_none());
    assert!(out.get("meta").is_none());
    assert!(out.get("groups").is_none());
    assert_eq!(out["name"]["middleName"], "Mei");
}

#[test]
fn changing_an_immutable_value_is_a_mutability_error() {
    let registry = registry_with_badge();
    let user = registry.resource_schema("User").unwrap();
    let existing = json!({"schemas": [USER, BADGE], "id": "u1", "userName": "a",
                          BADGE: {"badgeNumber": "B-1"}});
    let body = json!({"schemas": [USER, BADGE], "userName": "a", BADGE: {"badgeNumber": "B-2"}});
    let e = prepare(
        body,
        &user,
        WriteMode::Replace {
            existing: &existing,
        },
    )
    .unwrap_err();
    assert_eq!(e.status, 400);
    assert_eq!(e.scim_type, Some(ScimType::Mutability));
    assert!(e.detail.contains("badgeNumber"), "{}", e.detail);
}

#[test]
fn immutable_value_may_be_repeated_omitted_or_set_once() {
    let registry = registry_with_badge();
    let user = registry.resource_schema("User").unwrap();
    let existing = json!({"schemas": [USER, BADGE], "userName": "a",
                          BADGE: {"badgeNumber": "B-1", "floor": "2"}});
    let same = json!({"schemas": [USER, BADGE], "userName": "a",
                      BADGE: {"badgeNumber": "B-1", "floor": "3"}});
    let out = prepare(
        same,
        &user,
        WriteMode::Replace {
            existing: &existing,
        },
    )
    .unwrap();
    assert_eq!(out[BADGE], json!({"badgeNumber": "B-1", "floor": "3"}));

    let omitted = json!({"schemas": [USER], "userName": "a"});
    let out = prepare(
        omitted,
        &user,
        WriteMode::Replace {
            existing: &existing,
        },
    )
    .unwrap();
    assert_eq!(out[BADGE], json!({"badgeNumber": "B-1"}));
    assert_eq!(out["schemas"], json!([USER, BADGE]));

    let unset = json!({"schemas": [USER], "userName": "a"});
    let first = json!({"schemas": [USER, BADGE], "userName": "a", BADGE: {"badgeNumber": "B-7"}});
    let out = prepare(first, &user, WriteMode::Replace { existing: &unset }).unwrap();
    assert_eq!(out[BADGE]["badgeNumber"], "B-7");
}

#[test]
fn case_exact_immutable_value_differing_in_case_is_a_change() {
    let registry = registry_with_badge();
    let user = registry.resource_schema("User").unwrap();
    let existing = json!({"userName": "a", BADGE: {"badgeNumber": "b-1"}});
    let body = json!({"schemas": [USER], "userName": "a", BADGE: {"badgeNumber": "B-1"}});
    let e = prepare(
        body,
        &user,
        WriteMode::Replace {
            existing: &existing,
        },
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::Mutability));
}

#[test]
fn replace_still_checks_required_attributes() {
    let registry = SchemaRegistry::standard();
    let group = registry.resource_schema("Group").unwrap();
    let existing = json!({"displayName": "g"});
    let e = prepare(
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]}),
        &group,
        WriteMode::Replace {
            existing: &existing,
        },
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
}

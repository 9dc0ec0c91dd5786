//! The PATCH engine against the examples and rules of RFC 7644 §3.5.2.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod patch_support;

use patch_support::{groups, ops, users, ENT};
use scim_core::message::PatchOperation;
use scim_core::patch::apply;
use scim_core::ScimType;
use serde_json::{json, Value};

const BJENSEN: &str = "2819c223-7f76-453a-919d-413861904646";
const JSMITH: &str = "902c246b-6245-4190-8e05-00816be7344a";

fn group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
        "displayName": "Tour Guides",
        "members": [
            {"value": BJENSEN, "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen"},
            {"value": JSMITH, "display": "Mandy Pepperidge"}
        ]
    })
}

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": BJENSEN,
        "userName": "bjensen@example.com",
        "name": {"familyName": "Jensen", "givenName": "Barbara"},
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "addresses": [
            {"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood", "primary": true},
            {"type": "home", "streetAddress": "456 Hollywood Blvd", "locality": "Hollywood"}
        ],
        "active": true
    })
}

fn member_ids(g: &Value) -> Vec<&str> {
    g["members"]
        .as_array()
        .map(|m| m.iter().filter_map(|v| v["value"].as_str()).collect())
        .unwrap_or_default()
}

fn patch(resource: &mut Value, body: Value, group: bool) -> Result<(), scim_core::ScimError> {
    let schema = if group { groups() } else { users() };
    apply(resource, &ops(body), &schema)
}

fn body(operations: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations})
}

#[test]
fn add_member_appends_and_never_duplicates() {
    let mut g = group();
    let new = "08e1d05d-121c-4561-8b96-473d93df9210";
    let add = body(json!([{"op": "add", "path": "members",
        "value": [{"display": "Babs Jensen", "$ref": "https://example.com/v2/Users/08e1d05d", "value": new}]}]));
    patch(&mut g, add.clone(), true).unwrap();
    assert_eq!(member_ids(&g), [BJENSEN, JSMITH, new]);
    patch(&mut g, add, true).unwrap();
    assert_eq!(
        member_ids(&g),
        [BJENSEN, JSMITH, new],
        "adding again changes nothing"
    );
}

#[test]
fn add_without_path_merges_attributes_with_canonical_names() {
    let mut u = user();
    patch(&mut u, body(json!([{"op": "add", "value": {
        "emails": [{"value": "babs@jensen.org", "type": "home"}, {"value": "b@example.org", "type": "other"}],
        "nickname": "Babs"
    }}])), false)
    .unwrap();
    assert_eq!(u["nickName"], "Babs");
    assert!(u.get("nickname").is_none());
    let emails: Vec<&str> = u["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        ["bjensen@example.com", "babs@jensen.org", "b@example.org"]
    );
}

#[test]
fn remove_one_member_by_value_filter() {
    let mut g = group();
    patch(
        &mut g,
        body(json!([{"op": "remove", "path": format!("members[value eq \"{BJENSEN}\"]")}])),
        true,
    )
    .unwrap();
    assert_eq!(member_ids(&g), [JSMITH]);
    assert_eq!(g["displayName"], "Tour Guides");
}

#[test]
fn remove_all_members_then_add_replaces_the_list() {
    let mut g = group();
    let new = "08e1d05d-121c-4561-8b96-473d93df9210";
    patch(
        &mut g,
        body(json!([
            {"op": "remove", "path": "members"},
            {"op": "add", "path": "members", "value": [{"value": new, "display": "James Smith"}]}
        ])),
        true,
    )
    .unwrap();
    assert_eq!(member_ids(&g), [new]);
}

#[test]
fn remove_by_complex_filter_and_sub_attribute() {
    let mut u = user();
    patch(&mut u, body(json!([{"op": "remove", "path": "emails[type eq \"work\" and value ew \"EXAMPLE.COM\"]"}])), false).unwrap();
    assert_eq!(
        u["emails"],
        json!([{"value": "babs@jensen.org", "type": "home"}])
    );
    patch(
        &mut u,
        body(json!([{"op": "remove", "path": "addresses[type eq \"home\"].locality"}])),
        false,
    )
    .unwrap();
    assert!(u["addresses"][1].get("locality").is_none());
    assert_eq!(u["addresses"][1]["streetAddress"], "456 Hollywood Blvd");
}

#[test]
fn remove_through_a_filter_matching_nothing_changes_nothing() {
    let mut u = user();
    let before = u.clone();
    patch(
        &mut u,
        body(json!([{"op": "remove", "path": "emails[type eq \"pager\"]"}])),
        false,
    )
    .unwrap();
    assert_eq!(u, before);
}

#[test]
fn removing_the_last_value_unassigns_the_attribute() {
    let mut g = group();
    patch(
        &mut g,
        body(json!([
            {"op": "remove", "path": format!("members[value eq \"{BJENSEN}\"]")},
            {"op": "remove", "path": format!("members[value eq \"{JSMITH}\"]")}
        ])),
        true,
    )
    .unwrap();
    assert!(g.get("members").is_none());
}

#[test]
fn remove_without_path_is_no_target() {
    let mut u = user();
    let e = patch(&mut u, body(json!([{"op": "remove"}])), false).unwrap_err();
    assert_eq!((e.status, e.scim_type), (400, Some(ScimType::NoTarget)));
}

#[test]
fn replace_members_replaces_the_whole_list() {
    let mut g = group();
    patch(
        &mut g,
        body(json!([{"op": "replace", "path": "members", "value": [
            {"display": "Babs Jensen", "value": "a"}, {"display": "James Smith", "value": "b"}
        ]}])),
        true,
    )
    .unwrap();
    assert_eq!(member_ids(&g), ["a", "b"]);
    patch(
        &mut g,
        body(json!([{"op": "replace", "path": "members", "value": []}])),
        true,
    )
    .unwrap();
    assert_eq!(member_ids(&g), Vec::<&str>::new());
}

#[test]
fn replace_a_selected_value_wholesale() {
    let mut u = user();
    patch(&mut u, body(json!([{"op": "replace", "path": "addresses[type eq \"work\"]", "value": {
        "type": "work", "streetAddress": "911 Universal City Plaza", "locality": "Hollywood",
        "region": "CA", "postalCode": "91608", "country": "US", "formatted": "911 Universal City Plaza\nHollywood, CA 91608 US",
        "primary": true
    }}])), false)
    .unwrap();
    assert_eq!(
        u["addresses"][0]["streetAddress"],
        "911 Universal City Plaza"
    );
    assert_eq!(u["addresses"][0]["postalCode"], "91608");
    assert_eq!(u["addresses"][1]["streetAddress"], "456 Hollywood Blvd");
}

#[test]
fn replace_a_sub_attribute_of_selected_values() {
    let mut u = user();
    patch(&mut u, body(json!([{"op": "replace", "path": "addresses[type eq \"work\"].streetAddress", "value": "1010 Broadway Ave"}])), false).unwrap();
    assert_eq!(u["addresses"][0]["streetAddress"], "1010 Broadway Ave");
    assert_eq!(u["addresses"][0]["locality"], "Hollywood");
}

#[test]
fn replace_without_path_replaces_multi_valued_and_sets_simple_attributes() {
    let mut u = user();
    patch(&mut u, body(json!([{"op": "replace", "value": {
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}, {"value": "babs@jensen.org", "type": "home"}],
        "nickname": "Babs"
    }}])), false)
    .unwrap();
    assert_eq!(u["emails"].as_array().unwrap().len(), 2);
    assert_eq!(u["nickName"], "Babs");
}

#[test]
fn replace_through_a_filter_matching_nothing_is_no_target() {
    let mut u = user();
    let before = u.clone();
    let e = patch(
        &mut u,
        body(json!([{"op": "replace", "path": "emails[type eq \"pager\"].value", "value": "x@y"}])),
        false,
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::NoTarget));
    assert_eq!(u, before);
}

#[test]
fn add_through_an_unmatched_equality_filter_creates_the_value() {
    let mut u = user();
    patch(
        &mut u,
        body(json!([{"op": "add", "path": "emails[type eq \"other\"].value", "value": "x@y.org"}])),
        false,
    )
    .unwrap();
    assert_eq!(u["emails"][2], json!({"type": "other", "value": "x@y.org"}));
    let e = patch(
        &mut u,
        body(json!([{"op": "add", "path": "emails[value co \"zzz\"].type", "value": "home"}])),
        false,
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::NoTarget));
}

#[test]
fn replace_of_an_absent_attribute_adds_it() {
    let mut u = user();
    patch(
        &mut u,
        body(json!([{"op": "replace", "path": "title", "value": "Tour Guide"}])),
        false,
    )
    .unwrap();
    assert_eq!(u["title"], "Tour Guide");
    patch(
        &mut u,
        body(json!([{"op": "replace", "path": "name.middleName", "value": "Jane"}])),
        false,
    )
    .unwrap();
    assert_eq!(
        u["name"],
        json!({"familyName": "Jensen", "givenName": "Barbara", "middleName": "Jane"})
    );
}

#[test]
fn replace_of_a_complex_attribute_keeps_unnamed_sub_attributes() {
    let mut u = user();
    patch(
        &mut u,
        body(json!([{"op": "replace", "path": "name", "value": {"givenName": "Babs"}}])),
        false,
    )
    .unwrap();
    assert_eq!(
        u["name"],
        json!({"familyName": "Jensen", "givenName": "Babs"})
    );
}

#[test]
fn a_failing_operation_leaves_the_resource_unchanged() {
    let mut u = user();
    let before = u.clone();
    let e = patch(
        &mut u,
        body(json!([
            {"op": "replace", "path": "displayName", "value": "Babs"},
            {"op": "replace", "path": "active", "value": "yes please"},
            {"op": "replace", "path": "title", "value": "Guide"}
        ])),
        false,
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
    assert!(
        e.detail.starts_with("Operations[1] (replace active): "),
        "{}",
        e.detail
    );
    assert_eq!(u, before);
}

#[test]
fn setting_primary_clears_it_on_the_other_values() {
    let mut u = user();
    patch(&mut u, body(json!([{"op": "add", "path": "emails", "value": [{"value": "new@example.com", "type": "work", "primary": true}]}])), false).unwrap();
    let primaries: Vec<bool> = u["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["primary"] == true)
        .collect();
    assert_eq!(primaries, [false, false, true]);
    patch(
        &mut u,
        body(json!([{"op": "replace", "path": "emails[type eq \"home\"].primary", "value": true}])),
        false,
    )
    .unwrap();
    let primaries: Vec<bool> = u["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["primary"] == true)
        .collect();
    assert_eq!(primaries, [false, true, false]);
}

#[test]
fn read_only_attributes_are_refused() {
    for (path, value) in [
        ("id", json!("other")),
        ("meta.created", json!("2011-08-01T18:29:49.793Z")),
        ("groups", json!([{"value": "g"}])),
        (&*format!("{ENT}:manager.displayName"), json!("Boss")),
    ] {
        let mut u = user();
        let e = apply(
            &mut u,
            &[PatchOperation::replace(Some(path), value)],
            &users(),
        )
        .unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::Mutability), "{path}");
        assert_eq!(u, user());
    }
}

#[test]
fn immutable_values_cannot_change_but_can_be_removed_as_a_whole() {
    let mut g = group();
    let e = apply(
        &mut g,
        &[PatchOperation::replace(
            Some(&format!("members[value eq \"{JSMITH}\"].value")),
            json!("zzz"),
        )],
        &groups(),
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::Mutability));
    let e = apply(
        &mut g,
        &[PatchOperation::replace(
            Some(&format!("members[value eq \"{JSMITH}\"]")),
            json!({"value": "zzz"}),
        )],
        &groups(),
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::Mutability));
    // Removing a whole member is a change of `members` (readWrite), not of `value`.
    apply(
        &mut g,
        &[PatchOperation::remove(&format!(
            "members[value eq \"{BJENSEN}\"]"
        ))],
        &groups(),
    )
    .unwrap();
    assert_eq!(member_ids(&g), [JSMITH]);
    // Setting the same value is not a change.
    apply(
        &mut g,
        &[PatchOperation::replace(
            Some(&format!("members[value eq \"{JSMITH}\"].value")),
            json!(JSMITH),
        )],
        &groups(),
    )
    .unwrap();
}

#[test]
fn values_are_type_checked() {
    for (path, value) in [
        ("active", json!("yes")),
        ("userName", json!(42)),
        ("name", json!("Barbara Jensen")),
        ("emails", json!([{"value": "a@b", "primary": 1}])),
        ("meta", json!(1)),
    ] {
        let mut u = user();
        let e = apply(
            &mut u,
            &[PatchOperation::replace(Some(path), value)],
            &users(),
        )
        .unwrap_err();
        assert!(
            matches!(
                e.scim_type,
                Some(ScimType::InvalidValue | ScimType::Mutability)
            ),
            "{path}: {e}"
        );
    }
}

#[test]
fn unknown_attributes_are_invalid_path() {
    for op in [
        PatchOperation::replace(Some("favouriteColour"), json!("red")),
        PatchOperation::replace(None, json!({"favouriteColour": "red"})),
        PatchOperation::add(Some("emails"), json!([{"value": "a@b", "colour": "red"}])),
        PatchOperation::remove("name.nickName"),
    ] {
        let mut u = user();
        let e = apply(&mut u, &[op], &users()).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidPath), "{e}");
    }
}

#[test]
fn extension_attributes_live_under_their_urn_listed_in_schemas() {
    let mut u = user();
    apply(
        &mut u,
        &[PatchOperation::add(Some("employeeNumber"), json!("701984"))],
        &users(),
    )
    .unwrap();
    assert_eq!(u[ENT]["employeeNumber"], "701984");
    assert_eq!(
        u["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENT])
    );
    apply(
        &mut u,
        &[PatchOperation::replace(
            None,
            json!({ENT: {"Department": "Tour Operations"}}),
        )],
        &users(),
    )
    .unwrap();
    assert_eq!(
        u[ENT],
        json!({"employeeNumber": "701984", "department": "Tour Operations"})
    );
    apply(
        &mut u,
        &[
            PatchOperation::remove(&format!("{ENT}:employeeNumber")),
            PatchOperation::remove("department"),
        ],
        &users(),
    )
    .unwrap();
    assert!(u.get(ENT).is_none());
    assert_eq!(
        u["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User"])
    );
}

#[test]
fn remove_of_a_whole_multi_valued_attribute_with_a_value_is_refused() {
    let mut g = group();
    let e = apply(
        &mut g,
        &[PatchOperation::new(
            scim_core::message::PatchOpKind::Remove,
            Some("members"),
            Some(json!([{"value": BJENSEN}])),
        )],
        &groups(),
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
    assert_eq!(member_ids(&g), [BJENSEN, JSMITH]);
}

#[test]
fn required_attributes_cannot_be_removed() {
    let mut u = user();
    let e = apply(&mut u, &[PatchOperation::remove("userName")], &users()).unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
    let e = apply(
        &mut u,
        &[PatchOperation::replace(Some("userName"), Value::Null)],
        &users(),
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
}

#[test]
fn case_insensitive_names_are_written_canonically() {
    let mut u = user();
    apply(
        &mut u,
        &[
            PatchOperation::replace(Some("NAME.GIVENNAME"), json!("Babs")),
            PatchOperation::replace(Some("DisplayName"), json!("Babs J")),
        ],
        &users(),
    )
    .unwrap();
    assert_eq!(u["name"]["givenName"], "Babs");
    assert_eq!(u["displayName"], "Babs J");
    assert!(u["name"].get("GIVENNAME").is_none());
}

#[test]
fn malformed_paths_are_invalid_path() {
    let mut u = user();
    for p in [
        "emails[type eq ]",
        "emails[type eq \"work\"",
        "emails..value",
        "emails[type eq \"work\"]x",
    ] {
        let e = apply(
            &mut u,
            &[PatchOperation::replace(Some(p), json!("x"))],
            &users(),
        )
        .unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidPath), "{p}: {e}");
    }
    let e = apply(
        &mut u,
        &[PatchOperation::replace(
            Some("name[givenName eq \"x\"]"),
            json!({}),
        )],
        &users(),
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::InvalidPath), "{e}");
}

/// RFC 7644 §3.10: a path that is an extension URN designates the whole extension.
#[test]
fn extension_urn_path_adds_replaces_and_removes_the_whole_extension() {
    let mut u = user();
    patch(
        &mut u,
        body(json!([{"op": "add", "path": ENT, "value": {"employeeNumber": "701984", "department": "Tour"}}])),
        false,
    )
    .unwrap();
    assert_eq!(u[ENT]["employeeNumber"], "701984");
    assert!(u["schemas"].as_array().unwrap().iter().any(|s| s == ENT));

    patch(
        &mut u,
        body(json!([{"op": "replace", "path": ENT, "value": {"department": "Ops"}}])),
        false,
    )
    .unwrap();
    assert_eq!(u[ENT]["department"], "Ops");
    assert_eq!(
        u[ENT]["employeeNumber"], "701984",
        "sub-attributes not given are left unchanged"
    );

    patch(&mut u, body(json!([{"op": "remove", "path": ENT}])), false).unwrap();
    assert!(u.get(ENT).is_none());
    assert!(!u["schemas"].as_array().unwrap().iter().any(|s| s == ENT));

    let err = patch(
        &mut u,
        body(json!([{"op": "add", "path": ENT, "value": {"nope": 1}}])),
        false,
    )
    .unwrap_err();
    assert_eq!(err.status, 400);
    assert_eq!(err.scim_type, Some(ScimType::InvalidPath));
}

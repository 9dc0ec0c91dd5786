//! Every PATCH request recorded from Okta and Microsoft Entra ID (shared/testdata/scim)
//! applied through `normalize` + `apply` — and, for group membership, through
//! `member_deltas` — to the resource created by the preceding POST of the same fixtures,
//! with the effect that the fixture's `correct_server` line states.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod patch_support;

use patch_support::{groups, users, ENT};
use scim_core::message::{decode_value, PatchOperation, PatchRequest};
use scim_core::patch::{apply, member_deltas, normalize, MemberDelta, MemberPatch};
use scim_core::schema::ResourceSchema;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata/scim");

const USER_ID: &str = "3f0c2d1e-5b4a-4c3d-8e9f-0a1b2c3d4e5f";
const MANAGER_ID: &str = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
const GROUP_ID: &str = "c1d2e3f4-a5b6-4c7d-8e9f-a0b1c2d3e4f5";
const OTHER_MEMBER: &str = "77777777-0000-4000-8000-000000000007";

/// The PATCH step ids these tests replay; a new PATCH fixture fails
/// `every_patch_fixture_is_replayed` until a test covers it.
const COVERED: &[&str] = &[
    "okta-06",
    "okta-07",
    "okta-09",
    "okta-10",
    "okta-11",
    "okta-12",
    "entra-04",
    "entra-05a",
    "entra-05b",
    "entra-06",
    "entra-08",
    "entra-09",
];

fn fixture_files() -> Vec<Value> {
    let mut out = Vec::new();
    for provider in ["okta", "entra"] {
        let dir = format!("{FIXTURES}/{provider}");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        for p in names {
            out.push(serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap());
        }
    }
    out
}

/// The body of step `id`, with the placeholders substituted as the README says.
fn body(id: &str) -> Value {
    let step = fixture_files()
        .into_iter()
        .flat_map(|f| f["steps"].as_array().cloned().unwrap_or_default())
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no fixture step {id}"));
    let text = serde_json::to_string(&step["body"])
        .unwrap()
        .replace("{{user_id}}", USER_ID)
        .replace("{{manager_id}}", MANAGER_ID)
        .replace("{{group_id}}", GROUP_ID);
    serde_json::from_str(&text).unwrap()
}

/// What a store holds after the POST of step `id`: the body with a server id, without the
/// password (never stored), with `meta.resourceType`.
fn created(id: &str, server_id: &str, resource_type: &str) -> Value {
    let mut r = body(id);
    let m = r.as_object_mut().unwrap();
    m.insert("id".into(), json!(server_id));
    m.remove("password");
    m.insert("meta".into(), json!({"resourceType": resource_type}));
    r
}

fn patch_ops(id: &str) -> Vec<PatchOperation> {
    decode_value::<PatchRequest>(body(id)).unwrap().operations
}

/// normalize + apply, as the SCIM service does for users.
fn replay(resource: &mut Value, id: &str, schema: &ResourceSchema<'_>) {
    let ops = normalize(patch_ops(id), resource, schema);
    apply(resource, &ops, schema).unwrap_or_else(|e| panic!("{id}: {e}"));
}

fn member_ids(g: &Value) -> Vec<String> {
    g["members"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|v| v["value"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A store's member list, changed only by deltas.
fn apply_deltas(members: &mut Vec<String>, deltas: &[MemberDelta]) {
    for d in deltas {
        match d {
            MemberDelta::Add(ids) => {
                for id in ids {
                    if !members.contains(id) {
                        members.push(id.clone());
                    }
                }
            }
            MemberDelta::Remove(ids) => members.retain(|m| !ids.contains(m)),
            MemberDelta::Clear => members.clear(),
            MemberDelta::Replace(ids) => members.clone_from(ids),
        }
    }
}

/// Replays a group PATCH both ways — engine on the JSON, deltas on a member list — and
/// checks they agree. Returns the other (non-member) operations' effect on the JSON.
fn replay_group(g: &mut Value, id: &str) {
    let schema = groups();
    let ops = normalize(patch_ops(id), g, &schema);
    let mut members = member_ids(g);
    match member_deltas(&ops, "members").unwrap() {
        MemberPatch::Deltas { deltas, rest } => {
            apply_deltas(&mut members, &deltas);
            let mut via_deltas = g.clone();
            apply(&mut via_deltas, &rest, &schema).unwrap();
            apply(g, &ops, &schema).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(member_ids(g), members, "{id}: engine and deltas agree");
            via_deltas.as_object_mut().unwrap().remove("members");
            let mut engine = g.clone();
            engine.as_object_mut().unwrap().remove("members");
            assert_eq!(engine, via_deltas, "{id}: the rest is applied the same");
        }
        MemberPatch::Fallback { index, reason } => {
            panic!("{id}: operation {index} is not a delta: {reason}")
        }
    }
}

#[test]
fn every_patch_fixture_is_replayed() {
    let patch_steps: BTreeSet<String> = fixture_files()
        .iter()
        .flat_map(|f| f["steps"].as_array().cloned().unwrap_or_default())
        .filter(|s| s["method"] == "PATCH")
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    let covered: BTreeSet<String> = COVERED.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(patch_steps, covered);
}

#[test]
fn okta_06_deactivates_and_07_reactivates() {
    let mut u = created("okta-03", USER_ID, "User");
    let before = u.clone();
    replay(&mut u, "okta-06", &users());
    assert_eq!(u["active"], json!(false));
    assert_eq!(u["userName"], "olivia.lim@example.com", "the user is kept");
    replay(&mut u, "okta-07", &users());
    assert_eq!(u["active"], json!(true));
    assert_eq!(u, before);
}

#[test]
fn okta_09_renames_despite_the_id_inside_the_value() {
    let mut g = created("okta-08", GROUP_ID, "Group");
    replay_group(&mut g, "okta-09");
    assert_eq!(g["displayName"], "ServerSupport");
    assert_eq!(g["id"], GROUP_ID);
    // A different id stays an error.
    let other = vec![PatchOperation::replace(
        None,
        json!({"id": "another", "displayName": "X"}),
    )];
    let ops = normalize(&other, &g, &groups());
    let e = apply(&mut g, &ops, &groups()).unwrap_err();
    assert_eq!(e.scim_type, Some(scim_core::ScimType::Mutability));
}

#[test]
fn okta_10_adds_the_member_once() {
    let mut g = created("okta-08", GROUP_ID, "Group");
    replay_group(&mut g, "okta-10");
    replay_group(&mut g, "okta-10");
    assert_eq!(member_ids(&g), [USER_ID]);
    assert_eq!(g["members"][0]["display"], "olivia.lim@example.com");
}

#[test]
fn okta_11_removes_only_that_member() {
    let mut g = created("okta-08", GROUP_ID, "Group");
    replay_group(&mut g, "okta-10");
    apply(
        &mut g,
        &[PatchOperation::add(
            Some("members"),
            json!([{"value": OTHER_MEMBER}]),
        )],
        &groups(),
    )
    .unwrap();
    replay_group(&mut g, "okta-11");
    assert_eq!(member_ids(&g), [OTHER_MEMBER]);
    assert_eq!(g["displayName"], "Helpdesk", "nothing else changes");
    let ops = patch_ops("okta-11");
    assert_eq!(
        member_deltas(&ops, "members").unwrap(),
        MemberPatch::Deltas {
            deltas: vec![MemberDelta::Remove(vec![USER_ID.into()])],
            rest: vec![]
        }
    );
}

#[test]
fn okta_12_push_now_empties_the_group() {
    let mut g = created("okta-08", GROUP_ID, "Group");
    replay_group(&mut g, "okta-10");
    assert_eq!(member_ids(&g).len(), 1);
    replay_group(&mut g, "okta-12");
    assert!(member_ids(&g).is_empty());
    assert_eq!(
        member_deltas(&patch_ops("okta-12"), "members").unwrap(),
        MemberPatch::Deltas {
            deltas: vec![MemberDelta::Replace(vec![])],
            rest: vec![]
        }
    );
}

#[test]
fn okta_membership_remove_and_add_in_one_request_apply_in_order() {
    let mut g = created("okta-08", GROUP_ID, "Group");
    replay_group(&mut g, "okta-10");
    let mut ops = patch_ops("okta-09");
    ops.extend(patch_ops("okta-11"));
    ops.push(PatchOperation::add(
        Some("members"),
        json!([{"value": OTHER_MEMBER, "display": "otto"}]),
    ));
    let ops = normalize(&ops, &g, &groups());
    let MemberPatch::Deltas { deltas, rest } = member_deltas(&ops, "members").unwrap() else {
        panic!("expressible as deltas");
    };
    assert_eq!(
        deltas,
        [
            MemberDelta::Remove(vec![USER_ID.into()]),
            MemberDelta::Add(vec![OTHER_MEMBER.into()])
        ]
    );
    assert_eq!(
        rest,
        [PatchOperation::replace(
            None,
            json!({"displayName": "ServerSupport"})
        )]
    );
    apply(&mut g, &ops, &groups()).unwrap();
    assert_eq!(member_ids(&g), [OTHER_MEMBER]);
}

#[test]
fn entra_04_replaces_the_work_email_in_place() {
    let mut u = created("entra-03a", USER_ID, "User");
    replay(&mut u, "entra-04", &users());
    let work: Vec<&Value> = u["emails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "work")
        .collect();
    assert_eq!(work.len(), 1, "no second work email");
    assert_eq!(work[0]["value"], "o.lim@example.com");
    assert_eq!(work[0]["primary"], true);
    assert_eq!(u["name"]["familyName"], "Lim-Tan");
    assert_eq!(u["name"]["givenName"], "Olivia");
}

#[test]
fn entra_05a_applies_six_capitalised_replaces() {
    let mut u = created("entra-03a", USER_ID, "User");
    replay(&mut u, "entra-05a", &users());
    assert_eq!(u["displayName"], "Liv Lim-Tan");
    assert_eq!(u["emails"].as_array().unwrap().len(), 1);
    assert_eq!(u["emails"][0]["value"], "o.lim@example.com");
    assert_eq!(
        u["name"],
        json!({"formatted": "Olivia Lim", "familyName": "Lim-Tan", "givenName": "Liv"})
    );
    assert_eq!(u["externalId"], "olivia.lim");
    assert_eq!(
        u[ENT],
        json!({"employeeNumber": "E1002", "department": "Engineering"})
    );
}

#[test]
fn entra_05b_stores_boolean_false() {
    let mut u = created("entra-03a", USER_ID, "User");
    replay(&mut u, "entra-05b", &users());
    assert_eq!(u["active"], Value::Bool(false));
    assert_eq!(u["userName"], "olivia.lim@example.com", "the user is kept");
    // Without the normaliser the engine refuses the string.
    let mut strict = created("entra-03a", USER_ID, "User");
    let e = apply(&mut strict, &patch_ops("entra-05b"), &users()).unwrap_err();
    assert_eq!(e.scim_type, Some(scim_core::ScimType::InvalidValue));
}

#[test]
fn entra_06_sets_manager_value_from_a_bare_string() {
    let mut u = created("entra-03a", USER_ID, "User");
    replay(&mut u, "entra-06", &users());
    assert_eq!(u[ENT]["manager"], json!({"value": MANAGER_ID}));
    assert_eq!(
        u[ENT]["employeeNumber"], "E1001",
        "the rest of the extension is kept"
    );
    let schemas = u["schemas"].as_array().unwrap();
    assert_eq!(schemas.iter().filter(|s| *s == ENT).count(), 1);
}

#[test]
fn entra_08_adds_both_members_once() {
    let mut g = created("entra-07b", GROUP_ID, "Group");
    replay_group(&mut g, "entra-08");
    replay_group(&mut g, "entra-08");
    assert_eq!(member_ids(&g), [USER_ID, MANAGER_ID]);
    assert_eq!(
        g["members"][0],
        json!({"value": USER_ID}),
        "the null $ref is not stored"
    );
}

#[test]
fn entra_09_removes_only_the_listed_member() {
    let mut g = created("entra-07b", GROUP_ID, "Group");
    replay_group(&mut g, "entra-08");
    replay_group(&mut g, "entra-09");
    assert_eq!(member_ids(&g), [MANAGER_ID]);
    // The raw request (before normalisation) is a delta too, never "remove all".
    assert_eq!(
        member_deltas(&patch_ops("entra-09"), "members").unwrap(),
        MemberPatch::Deltas {
            deltas: vec![MemberDelta::Remove(vec![USER_ID.into()])],
            rest: vec![]
        }
    );
}

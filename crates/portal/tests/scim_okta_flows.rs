//! Okta's recorded SCIM flows (`shared/testdata/scim/okta`) replayed in order against the real
//! server, on both backends: each step's status is checked against its `correct_server`, and
//! its effect with follow-up GETs; then the activity log a person reads afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use serde_json::{json, Value};
use support::checks::Checks;
use support::fixtures::{self, Replayer};
use support::resources::{has_key_anywhere, ids, list_resources, ref_values, sorted_members};
use support::{each_backend, TestApp};

const OLIVIA: &str = "olivia.lim@example.com";
const OKTA_PASSWORD: &str = "8Qv2mZr1";

fn user_body(name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": name,
        "emails": [{"value": name, "type": "work", "primary": true}],
        "active": true
    })
}

fn create_user(app: &TestApp, name: &str) -> String {
    let r = app.scim("POST", "/Users", Some(&user_body(name)));
    assert_eq!(r.status, 201, "[{}] seeding {name}: {r:?}", app.backend);
    r.json["id"].as_str().unwrap().to_owned()
}

fn timestamp(v: &Value) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(v.as_str()?).ok()
}

/// A GET that must answer 200; the resource (Null when it did not).
fn get_ok(app: &TestApp, c: &mut Checks, path: &str, why: &str) -> Value {
    let r = app.scim("GET", path, None);
    if c.that(r.status == 200, || {
        format!(
            "{why}: GET {path}: expected 200, got {} {}",
            r.status, r.text
        )
    }) {
        r.json
    } else {
        Value::Null
    }
}

/// Checks a ListResponse page: integers, exact total, echoed startIndex, page length.
fn check_page(c: &mut Checks, page: &Value, what: &str, total: usize, start: usize, len: usize) {
    for key in ["totalResults", "startIndex", "itemsPerPage"] {
        c.integer(&page[key], &format!("{what}: {key}"));
    }
    c.eq(
        page["totalResults"].as_u64(),
        Some(total as u64),
        &format!("{what}: totalResults"),
    );
    c.eq(
        page["startIndex"].as_u64(),
        Some(start as u64),
        &format!("{what}: startIndex"),
    );
    let resources = list_resources(page);
    c.eq(
        resources.len(),
        len,
        &format!("{what}: number of Resources"),
    );
    c.eq(
        page["itemsPerPage"].as_u64(),
        Some(resources.len() as u64),
        &format!("{what}: itemsPerPage"),
    );
}

fn check_no_password(c: &mut Checks, reply_text: &str, resource: &Value, what: &str) {
    c.that(!has_key_anywhere(resource, "password"), || {
        format!("{what}: a \"password\" attribute is returned: {resource}")
    });
    c.that(!reply_text.contains(OKTA_PASSWORD), || {
        format!("{what}: the password Okta sent is in the response: {reply_text}")
    });
}

/// The user's `groups` entries pointing at `group_id`, with their `display`.
fn group_refs(user: &Value, group_id: &str) -> Vec<String> {
    user.get("groups")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|g| g["value"] == group_id)
                .map(|g| g["display"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Replays every Okta file in order on `app` and returns Olivia's id, after seeding `seed` users (at least one: the
/// first is the bystander that shares the group with Olivia before okta-11 and okta-12).
/// With `content_type`, bodies are sent with that media type instead of Okta's.
fn replay_okta(app: &TestApp, seed: usize, content_type: Option<&str>, c: &mut Checks) -> String {
    assert!(seed >= 1);
    let seeded: Vec<String> = (0..seed)
        .map(|i| create_user(app, &format!("seed.{i:03}@example.com")))
        .collect();
    let bystander = seeded[0].clone();
    let mut r = Replayer::new(app);
    if let Some(media_type) = content_type {
        r.override_header("Content-Type", media_type);
    }
    let mut first_page: Vec<String> = Vec::new();
    let mut before_put = Value::Null;
    let mut before_delete = Value::Null;

    for flow in fixtures::flows("okta") {
        assert_eq!(flow.provider, "okta", "{}", flow.file);
        for step in &flow.steps {
            // Set-up a step needs to show its effect.
            match step.id.as_str() {
                "okta-05" => {
                    before_put = get_ok(app, c, &r.fill("/Users/{{user_id}}"), "before okta-05");
                    // Timestamps have millisecond precision: let the clock move.
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                "okta-11" => {
                    // A second member, who must stay when Olivia is removed.
                    let add = json!({
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{"op": "add", "path": "members",
                                        "value": [{"value": bystander}]}]
                    });
                    let resp = app.scim("PATCH", &r.fill("/Groups/{{group_id}}"), Some(&add));
                    c.that(resp.status == 200 || resp.status == 204, || {
                        format!("before okta-11, adding the bystander: {resp:?}")
                    });
                    let g = get_ok(app, c, &r.fill("/Groups/{{group_id}}"), "before okta-11");
                    let mut want = vec![r.var("user_id"), bystander.clone()];
                    want.sort();
                    c.eq(sorted_members(&g), want, "members before okta-11");
                }
                "okta-12" => {
                    // Re-add Olivia (okta-10 again) so that "Push now" has members to clear.
                    let add = fixtures::step("okta", "okta-10");
                    let request = r.describe(&add);
                    let resp = r.send(&add);
                    c.step_status(&add, &format!("before okta-12: {request}"), &resp);
                    let g = get_ok(app, c, &r.fill("/Groups/{{group_id}}"), "before okta-12");
                    let mut want = vec![r.var("user_id"), bystander.clone()];
                    want.sort();
                    c.eq(sorted_members(&g), want, "members before okta-12");
                }
                "okta-13" => {
                    before_delete = get_ok(app, c, &r.fill("/Users/{{user_id}}"), "before okta-13");
                }
                _ => {}
            }

            let request = r.describe(step);
            let reply = r.send(step);
            c.step_status(step, &request, &reply);
            let what = step.id.as_str();

            match what {
                "okta-01a" => {
                    check_page(c, &reply.json, what, seed, 1, seed.min(100));
                    first_page = ids(&list_resources(&reply.json));
                }
                "okta-01b" => {
                    check_page(c, &reply.json, what, seed, 101, seed.saturating_sub(100));
                    let second_page = ids(&list_resources(&reply.json));
                    let overlap: Vec<_> = second_page
                        .iter()
                        .filter(|i| first_page.contains(i))
                        .collect();
                    c.that(overlap.is_empty(), || {
                        format!("okta-01a and okta-01b overlap: {overlap:?}")
                    });
                    let all = app.scim("GET", "/Users?startIndex=1&count=1000", None);
                    let whole = ids(&list_resources(&all.json));
                    let paged: Vec<String> =
                        first_page.iter().chain(&second_page).cloned().collect();
                    c.that(paged == whole, || {
                        format!(
                            "the two pages are not the single-page order (count=1000): \
                             pages {paged:?}, whole {whole:?}"
                        )
                    });
                    let mut sorted_paged = paged.clone();
                    sorted_paged.sort();
                    let mut sorted_seeded = seeded.clone();
                    sorted_seeded.sort();
                    c.eq(
                        sorted_paged,
                        sorted_seeded,
                        "okta-01a + okta-01b = the seeded users",
                    );
                }
                "okta-01c" => check_page(c, &reply.json, what, 0, 1, 0),
                "okta-02" => check_page(c, &reply.json, what, 0, 1, 0),
                "okta-03" => {
                    let id = r.var("user_id");
                    c.eq(
                        reply.location.clone(),
                        Some(format!("{}/Users/{id}", app.scim_url())),
                        "okta-03 Location",
                    );
                    check_no_password(c, &reply.text, &reply.json, what);
                    c.eq(
                        reply.json["userName"].as_str(),
                        Some(OLIVIA),
                        "okta-03 userName",
                    );
                    c.eq(
                        reply.json["externalId"].as_str(),
                        Some("00uDEVFIXTURE0000001"),
                        "okta-03 externalId",
                    );
                    c.eq(reply.json["active"].as_bool(), Some(true), "okta-03 active");
                    c.eq(
                        reply.json["name"]["givenName"].as_str(),
                        Some("Olivia"),
                        "okta-03 givenName",
                    );
                    // The existence check now finds exactly this user, in any letter case.
                    let again = r.send(&fixtures::step("okta", "okta-02"));
                    check_page(c, &again.json, "okta-02 after okta-03", 1, 1, 1);
                    c.eq(
                        ids(&list_resources(&again.json)),
                        vec![id.clone()],
                        "okta-02 after okta-03: the user",
                    );
                    let upper = app.scim(
                        "GET",
                        "/Users?filter=userName%20eq%20%22Olivia.Lim%40EXAMPLE.com%22&startIndex=1&count=100",
                        None,
                    );
                    c.eq(upper.status, 200, "userName filter in other case: status");
                    c.eq(
                        ids(&list_resources(&upper.json)),
                        vec![id.clone()],
                        "userName filter \"Olivia.Lim@EXAMPLE.com\" (case-insensitive)",
                    );
                    let got = app.scim("GET", &format!("/Users/{id}"), None);
                    check_no_password(c, &got.text, &got.json, "GET after okta-03");
                }
                "okta-04" => {
                    c.eq(
                        reply.json["id"].as_str(),
                        Some(r.var("user_id").as_str()),
                        "okta-04 id",
                    );
                    c.eq(reply.json["active"].as_bool(), Some(true), "okta-04 active");
                    c.eq(
                        reply.json["emails"][0]["value"].as_str(),
                        Some(OLIVIA),
                        "okta-04 emails[0].value",
                    );
                    check_no_password(c, &reply.text, &reply.json, what);
                }
                "okta-05" => {
                    let id = r.var("user_id");
                    for (label, user) in [
                        ("okta-05 response", reply.json.clone()),
                        (
                            "GET after okta-05",
                            get_ok(app, c, &format!("/Users/{id}"), what),
                        ),
                    ] {
                        c.eq(
                            user["name"]["middleName"].as_str(),
                            Some("Mei"),
                            &format!("{label}: name.middleName"),
                        );
                        c.eq(
                            user["name"]["givenName"].as_str(),
                            Some("Olivia"),
                            &format!("{label}: name.givenName"),
                        );
                        c.eq(
                            user["id"].as_str(),
                            Some(id.as_str()),
                            &format!("{label}: id"),
                        );
                        c.eq(
                            user["userName"].as_str(),
                            Some(OLIVIA),
                            &format!("{label}: userName"),
                        );
                        c.eq(
                            &user["meta"]["created"],
                            &before_put["meta"]["created"],
                            &format!("{label}: meta.created"),
                        );
                        check_no_password(c, "", &user, label);
                        let before = &before_put["meta"]["lastModified"];
                        let after = &user["meta"]["lastModified"];
                        let advanced = matches!(
                            (timestamp(before), timestamp(after)),
                            (Some(b), Some(a)) if a > b
                        );
                        c.that(advanced, || {
                            format!(
                                "{label}: meta.lastModified did not advance: {before} -> {after}"
                            )
                        });
                    }
                }
                "okta-06" | "okta-07" => {
                    let active = what == "okta-07";
                    let id = r.var("user_id");
                    let user = get_ok(app, c, &format!("/Users/{id}"), what);
                    c.eq(
                        user["active"].as_bool(),
                        Some(active),
                        &format!("GET after {what}: active"),
                    );
                    if reply.status == 200 {
                        c.eq(
                            reply.json["active"].as_bool(),
                            Some(active),
                            &format!("{what} response: active"),
                        );
                    }
                    let found = r.send(&fixtures::step("okta", "okta-02"));
                    let listed = list_resources(&found.json);
                    c.eq(
                        ids(&listed),
                        vec![id],
                        &format!("userName filter after {what}"),
                    );
                    c.eq(
                        listed.first().and_then(|u| u["active"].as_bool()),
                        Some(active),
                        &format!("userName filter after {what}: active"),
                    );
                }
                "okta-08" => {
                    let gid = r.var("group_id");
                    c.eq(
                        reply.json["displayName"].as_str(),
                        Some("Helpdesk"),
                        "okta-08 displayName",
                    );
                    c.eq(
                        ref_values(&reply.json, "members"),
                        Vec::<String>::new(),
                        "okta-08 members",
                    );
                    c.eq(
                        reply.location.clone(),
                        Some(format!("{}/Groups/{gid}", app.scim_url())),
                        "okta-08 Location",
                    );
                    let g = get_ok(app, c, &format!("/Groups/{gid}"), what);
                    c.eq(
                        g["displayName"].as_str(),
                        Some("Helpdesk"),
                        "GET after okta-08: displayName",
                    );
                    let listed = r.send(&fixtures::step("okta", "okta-01c"));
                    c.eq(
                        ids(&list_resources(&listed.json)),
                        vec![gid],
                        "okta-01c after okta-08",
                    );
                }
                "okta-09" => {
                    let gid = r.var("group_id");
                    let g = get_ok(app, c, &format!("/Groups/{gid}"), what);
                    c.eq(
                        g["displayName"].as_str(),
                        Some("ServerSupport"),
                        "GET after okta-09: displayName",
                    );
                    c.eq(
                        g["id"].as_str(),
                        Some(gid.as_str()),
                        "GET after okta-09: id",
                    );
                    c.eq(
                        sorted_members(&g),
                        Vec::<String>::new(),
                        "GET after okta-09: members",
                    );
                }
                "okta-10" => {
                    let (gid, uid) = (r.var("group_id"), r.var("user_id"));
                    let g = get_ok(app, c, &format!("/Groups/{gid}"), what);
                    c.eq(
                        sorted_members(&g),
                        vec![uid.clone()],
                        "members after okta-10",
                    );
                    let user = get_ok(app, c, &format!("/Users/{uid}"), what);
                    c.eq(
                        group_refs(&user, &gid),
                        vec!["ServerSupport".to_owned()],
                        "the user's groups after okta-10",
                    );
                    // The same add again: still one membership.
                    let again = r.send(step);
                    c.step_status(step, &format!("{request} (again)"), &again);
                    let g = get_ok(app, c, &format!("/Groups/{gid}"), what);
                    c.eq(
                        sorted_members(&g),
                        vec![uid.clone()],
                        "members after okta-10 sent twice",
                    );
                    let user = get_ok(app, c, &format!("/Users/{uid}"), what);
                    c.eq(
                        group_refs(&user, &gid).len(),
                        1,
                        "the user's groups after okta-10 sent twice: entries for the group",
                    );
                }
                "okta-11" => {
                    let (gid, uid) = (r.var("group_id"), r.var("user_id"));
                    let g = get_ok(app, c, &format!("/Groups/{gid}"), what);
                    c.eq(
                        sorted_members(&g),
                        vec![bystander.clone()],
                        "members after okta-11",
                    );
                    c.eq(
                        g["displayName"].as_str(),
                        Some("ServerSupport"),
                        "displayName after okta-11",
                    );
                    let user = get_ok(app, c, &format!("/Users/{uid}"), what);
                    c.eq(
                        group_refs(&user, &gid),
                        Vec::<String>::new(),
                        "the user's groups after okta-11",
                    );
                    let other = get_ok(app, c, &format!("/Users/{bystander}"), what);
                    c.eq(
                        group_refs(&other, &gid).len(),
                        1,
                        "the bystander's groups after okta-11",
                    );
                }
                "okta-12" => {
                    let gid = r.var("group_id");
                    let g = get_ok(app, c, &format!("/Groups/{gid}"), what);
                    c.eq(
                        sorted_members(&g),
                        Vec::<String>::new(),
                        "members after okta-12",
                    );
                    c.eq(
                        g["displayName"].as_str(),
                        Some("ServerSupport"),
                        "displayName after okta-12",
                    );
                }
                "okta-13" => {
                    let (gid, uid) = (r.var("group_id"), r.var("user_id"));
                    c.that(reply.text.is_empty(), || {
                        format!("okta-13: 204 with a body: {}", reply.text)
                    });
                    let g = app.scim("GET", &format!("/Groups/{gid}"), None);
                    c.eq(g.status, 404, "GET group after okta-13");
                    let user = get_ok(app, c, &format!("/Users/{uid}"), what);
                    for key in [
                        "userName",
                        "name",
                        "emails",
                        "active",
                        "externalId",
                        "displayName",
                        "meta",
                    ] {
                        c.eq(
                            &user[key],
                            &before_delete[key],
                            &format!("user after okta-13: {key}"),
                        );
                    }
                    c.eq(
                        group_refs(&user, &gid),
                        Vec::<String>::new(),
                        "user's groups after okta-13",
                    );
                    get_ok(
                        app,
                        c,
                        &format!("/Users/{bystander}"),
                        "bystander after okta-13",
                    );
                }
                _ => {}
            }
        }
    }
    r.var("user_id")
}

#[test]
fn every_fixture_step_names_the_statuses_a_correct_server_answers() {
    for provider in ["okta", "entra"] {
        for flow in fixtures::flows(provider) {
            for step in flow.steps {
                let s = step.expected_statuses();
                assert!(!s.is_empty(), "{}: {}", step.id, step.correct_server);
                assert!(
                    s.iter().all(|x| [200, 201, 204].contains(x)),
                    "{}: {s:?}",
                    step.id
                );
            }
        }
    }
    let okta: usize = fixtures::flows("okta").iter().map(|f| f.steps.len()).sum();
    assert_eq!((fixtures::flows("okta").len(), okta), (13, 15));
}

#[test]
fn okta_flows_replayed_in_order_have_their_effects() {
    each_backend(|app| {
        let mut c = Checks::new(format!("okta replay, {}", app.backend));
        replay_okta(&app, 105, None, &mut c);
        c.finish();
    });
}

/// The same flows with the bodies sent as `application/json` (Okta's SCIM 1.1 samples use
/// it; the contract accepts it).
#[test]
fn okta_flows_with_application_json_bodies_have_the_same_effects() {
    each_backend(|app| {
        let mut c = Checks::new(format!("okta replay as application/json, {}", app.backend));
        replay_okta(&app, 1, Some("application/json; charset=utf-8"), &mut c);
        c.finish();
    });
}

/// Okta's documented membership PATCH: `remove` by value filter and `add` in one request,
/// applied in the order given.
#[test]
fn okta_remove_and_add_in_one_patch_are_applied_in_order() {
    each_backend(|app| {
        let mut c = Checks::new(format!("okta remove+add, {}", app.backend));
        let a = create_user(&app, "ann@example.com");
        let b = create_user(&app, "ben@example.com");
        let k = create_user(&app, "kim@example.com");
        let g = app.scim(
            "POST",
            "/Groups",
            Some(&json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "displayName": "Helpdesk",
                "members": [{"value": a}, {"value": k}]
            })),
        );
        assert_eq!(g.status, 201, "{g:?}");
        let gid = g.json["id"].as_str().unwrap().to_owned();

        // okta-11 as recorded (path, headers), with the combined operations as its body.
        let mut r = Replayer::new(&app);
        r.set("group_id", &gid);
        let mut step = fixtures::step("okta", "okta-11");
        let path = format!("/Groups/{gid}");
        let remove =
            |id: &str| json!({"op": "remove", "path": format!("members[value eq \"{id}\"]")});
        let add = |id: &str| json!({"op": "add", "path": "members", "value": [{"value": id, "display": id}]});
        let cases = [
            ("remove a, add b", vec![remove(&a), add(&b)], vec![&b, &k]),
            ("add a, remove a", vec![add(&a), remove(&a)], vec![&b, &k]),
            ("remove b, add b", vec![remove(&b), add(&b)], vec![&b, &k]),
            ("remove k, add a", vec![remove(&k), add(&a)], vec![&a, &b]),
        ];
        for (what, ops, want) in cases {
            step.body = Some(json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": ops
            }));
            let request = r.describe(&step);
            let reply = r.send(&step);
            c.step_status(&step, &request, &reply);
            let got = get_ok(&app, &mut c, &path, what);
            let mut want: Vec<String> = want.into_iter().cloned().collect();
            want.sort();
            c.eq(
                sorted_members(&got),
                want,
                &format!("members after \"{what}\""),
            );
        }
        c.finish();
    });
}

/// After the replay, the SCIM activity log shows what a person checks, in order, by Okta.
#[test]
fn okta_replay_is_written_to_the_activity_log() {
    each_backend(|app| {
        let mut c = Checks::new(format!("okta activity, {}", app.backend));
        let user_id = replay_okta(&app, 1, None, &mut c);
        let newest_first = app
            .store
            .read(|conn| store::activity::list(conn, 100, None))
            .unwrap();
        let log: Vec<_> = newest_first.iter().rev().collect();
        let shown: Vec<String> = log
            .iter()
            .map(|e| format!("{} | {} | {}", e.user_label, e.description, e.initiator))
            .collect();

        // (user shown — None for group entries —, description), in the order they happened.
        let expected: [(Option<&str>, String); 8] = [
            (Some(OLIVIA), "User created".into()),
            (Some(OLIVIA), "User deactivated".into()),
            (Some(OLIVIA), "User reactivated".into()),
            (None, "Group created".into()),
            (None, "Group renamed from Helpdesk to ServerSupport".into()),
            (Some(OLIVIA), "Added to group ServerSupport".into()),
            (Some(OLIVIA), "Removed from group ServerSupport".into()),
            (None, "Group deleted".into()),
        ];
        let mut from = 0;
        for (label, description) in &expected {
            let pos = log.iter().skip(from).position(|e| {
                &e.description == description && label.is_none_or(|l| e.user_label == l)
            });
            match pos {
                Some(p) => {
                    let e = log[from + p];
                    c.eq(
                        e.initiator.as_str(),
                        "Okta",
                        &format!("initiator of \"{description}\""),
                    );
                    if label.is_some() {
                        c.eq(
                            e.user_id.as_deref(),
                            Some(user_id.as_str()),
                            &format!("user id of \"{description}\""),
                        );
                    }
                    from += p + 1;
                }
                None => {
                    c.that(false, || {
                        format!(
                            "no \"{description}\" for {} after entry {from} in the log:\n      {}",
                            label.unwrap_or("the group"),
                            shown.join("\n      ")
                        )
                    });
                }
            }
        }
        // Only real changes are logged: okta-10 sent twice adds once; Olivia joins twice
        // (okta-10, okta-10 before okta-12) and leaves twice (okta-11, okta-12).
        let count = |label: &str, description: &str| {
            log.iter()
                .filter(|e| e.user_label == label && e.description == description)
                .count()
        };
        c.eq(
            count(OLIVIA, "User created"),
            1,
            "\"User created\" entries for Olivia",
        );
        c.eq(
            count(OLIVIA, "Added to group ServerSupport"),
            2,
            "\"Added to group\" entries for Olivia",
        );
        c.eq(
            count(OLIVIA, "Removed from group ServerSupport"),
            2,
            "\"Removed from group\" entries for Olivia",
        );
        let bystander_label = "seed.000@example.com";
        c.eq(
            count(bystander_label, "Removed from group ServerSupport"),
            1,
            "\"Removed from group\" entries for the bystander",
        );
        c.eq(
            log.iter()
                .filter(|e| e.description == "Group deleted")
                .count(),
            1,
            "\"Group deleted\" entries",
        );
        c.that(log.iter().all(|e| e.initiator == "Okta"), || {
            format!(
                "entries not initiated by Okta:\n      {}",
                shown.join("\n      ")
            )
        });

        // The same log through the JSON API, as the SCIM Activity page reads it.
        let admin = app.admin_client("admin@example.com");
        let api = admin.call("GET", "/scim/activity?limit=100", None);
        c.eq(api.status, 200, "GET /api/v1/scim/activity");
        let newest_first = app
            .store
            .read(|conn| store::activity::list(conn, 100, None))
            .unwrap();
        let from_api: Vec<(String, String, String)> = api
            .json
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["user"].as_str().unwrap_or_default().to_owned(),
                            e["description"].as_str().unwrap_or_default().to_owned(),
                            e["initiator"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let from_store: Vec<(String, String, String)> = newest_first
            .iter()
            .map(|e| {
                (
                    e.user_label.clone(),
                    e.description.clone(),
                    e.initiator.clone(),
                )
            })
            .collect();
        c.that(from_api == from_store, || {
            format!(
                "the API's activity differs from the store's:\n      api {from_api:?}\n      store {from_store:?}\n      body {}",
                api.text
            )
        });
        let distinct: BTreeSet<_> = from_api.iter().map(|e| e.1.as_str()).collect();
        c.that(
            distinct.contains("Group renamed from Helpdesk to ServerSupport"),
            || format!("the API shows no rename: {}", api.text),
        );
        c.finish();
    });
}

//! Concurrent SCIM writers on both backends: membership PATCHes on one group from 8 threads
//! at once lose nothing and double nothing; 8 simultaneous creates of one userName give
//! exactly one user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeMap;
use std::sync::Barrier;

use serde_json::{json, Value};
use support::checks::Checks;
use support::each_backend;
use support::resources::{list_resources, ref_values, sorted_members};
use support::scim_client::ScimClient;

const THREADS: usize = 8;
const PER_THREAD: usize = 25;
/// How many of its users each thread removes in the second phase.
const REMOVED_PER_THREAD: usize = 10;
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn user_body(name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": name,
        "emails": [{"value": name, "type": "work", "primary": true}],
        "active": true
    })
}

/// Okta's add (one member per request).
fn add_member(id: &str) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "add", "path": "members", "value": [{"value": id}]}
    ]})
}

/// Okta's removal by value filter (even threads) or Entra's by value array (odd threads).
fn remove_member(id: &str, entra: bool) -> Value {
    if entra {
        json!({"schemas": [PATCH_OP], "Operations": [
            {"op": "Remove", "path": "members", "value": [{"value": id}]}
        ]})
    } else {
        json!({"schemas": [PATCH_OP], "Operations": [
            {"op": "remove", "path": format!("members[value eq \"{id}\"]")}
        ]})
    }
}

/// Runs `work(thread index)` on `THREADS` threads released together; returns each thread's
/// result in thread order.
fn all_at_once<T: Send>(work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = Barrier::new(THREADS);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (barrier, work) = (&barrier, &work);
                s.spawn(move || {
                    barrier.wait();
                    work(t)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// Non-success answers of a phase, as "request: status body" lines.
fn failures(results: Vec<Vec<(String, u16, String)>>) -> Vec<String> {
    results
        .into_iter()
        .flatten()
        .filter(|(_, status, _)| *status != 200 && *status != 204)
        .map(|(what, status, body)| format!("{what}: {status} {body}"))
        .collect()
}

#[test]
fn concurrent_member_adds_and_removes_on_one_group_are_all_applied_once() {
    each_backend(|app| {
        let mut c = Checks::new(format!("concurrent membership, {}", app.backend));
        let client = ScimClient::for_app(&app);
        let g = client.call(
            "POST",
            "/Groups",
            Some(
                &json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                         "displayName": "Everyone"}),
            ),
        );
        assert_eq!(g.status, 201, "{g:?}");
        let gid = g.json["id"].as_str().unwrap().to_owned();
        let group_path = format!("/Groups/{gid}");

        // 8 × 25 users (created by the 8 threads at once, too).
        let users: Vec<Vec<String>> = all_at_once(|t| {
            (0..PER_THREAD)
                .map(|i| {
                    let name = format!("t{t}.u{i:02}@example.com");
                    let r = client.call("POST", "/Users", Some(&user_body(&name)));
                    assert_eq!(r.status, 201, "creating {name}: {r:?}");
                    r.json["id"].as_str().unwrap().to_owned()
                })
                .collect()
        });

        // Phase 1: each thread adds its own 25 users, one request at a time, all at once.
        let adds = all_at_once(|t| {
            users[t]
                .iter()
                .map(|id| {
                    let r = client.call("PATCH", &group_path, Some(&add_member(id)));
                    (format!("PATCH add {id}"), r.status, r.text)
                })
                .collect()
        });
        let failed = failures(adds);
        c.that(failed.is_empty(), || {
            format!(
                "concurrent adds answered with errors:\n      {}",
                failed.join("\n      ")
            )
        });
        let group = client.call("GET", &group_path, None);
        c.eq(group.status, 200, "GET the group after the adds");
        let mut want: Vec<String> = users.iter().flatten().cloned().collect();
        want.sort();
        let got = sorted_members(&group.json);
        c.eq(
            got.len(),
            THREADS * PER_THREAD,
            "number of members after the adds",
        );
        c.that(got == want, || {
            let missing: Vec<_> = want.iter().filter(|i| !got.contains(i)).collect();
            let mut seen = BTreeMap::new();
            for m in &got {
                *seen.entry(m).or_insert(0) += 1;
            }
            let doubled: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
            format!("members after the adds: missing {missing:?}, more than once {doubled:?}")
        });
        // Each user lists the group exactly once.
        let listed = client.call("GET", "/Users?startIndex=1&count=1000", None);
        let mut wrong = Vec::new();
        for u in list_resources(&listed.json) {
            let n = ref_values(&u, "groups")
                .iter()
                .filter(|v| **v == gid)
                .count();
            if n != 1 {
                wrong.push(format!("{} lists the group {n} times", u["userName"]));
            }
        }
        c.that(wrong.is_empty(), || wrong.join("; "));

        // Phase 2: each thread removes its first 10 users at once (Okta's and Entra's forms).
        let removes = all_at_once(|t| {
            users[t][..REMOVED_PER_THREAD]
                .iter()
                .map(|id| {
                    let r = client.call("PATCH", &group_path, Some(&remove_member(id, t % 2 == 1)));
                    (format!("PATCH remove {id}"), r.status, r.text)
                })
                .collect()
        });
        let failed = failures(removes);
        c.that(failed.is_empty(), || {
            format!(
                "concurrent removes answered with errors:\n      {}",
                failed.join("\n      ")
            )
        });
        let group = client.call("GET", &group_path, None);
        let mut remaining: Vec<String> = users
            .iter()
            .flat_map(|u| u[REMOVED_PER_THREAD..].iter().cloned())
            .collect();
        remaining.sort();
        let got = sorted_members(&group.json);
        c.eq(
            got.len(),
            THREADS * (PER_THREAD - REMOVED_PER_THREAD),
            "number of members after the removes",
        );
        c.that(got == remaining, || {
            let kept: Vec<_> = got.iter().filter(|i| !remaining.contains(i)).collect();
            let lost: Vec<_> = remaining.iter().filter(|i| !got.contains(i)).collect();
            format!("members after the removes: still there {kept:?}, wrongly gone {lost:?}")
        });
        c.finish();
    });
}

#[test]
fn concurrent_creates_of_one_user_name_make_exactly_one_user() {
    each_backend(|app| {
        let mut c = Checks::new(format!("concurrent create, {}", app.backend));
        let client = ScimClient::for_app(&app);
        // The same userName from 8 threads, then one name in 8 letter cases.
        for (round, names) in [
            (
                "same spelling",
                vec!["dana.koss@example.com".to_owned(); THREADS],
            ),
            (
                "different case",
                (0..THREADS)
                    .map(|t| {
                        let base = "Sam.Rivera@Example.com";
                        if t % 2 == 0 {
                            base.to_ascii_lowercase()
                        } else {
                            base.replace('a', "A")
                        }
                    })
                    .collect(),
            ),
        ] {
            let replies =
                all_at_once(|t| client.call("POST", "/Users", Some(&user_body(&names[t]))));
            let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
            c.eq(
                statuses.iter().filter(|s| **s == 201).count(),
                1,
                &format!("{round}: 201 answers ({statuses:?})"),
            );
            c.eq(
                statuses.iter().filter(|s| **s == 409).count(),
                THREADS - 1,
                &format!("{round}: 409 answers ({statuses:?})"),
            );
            for r in replies.iter().filter(|r| r.status == 409) {
                c.eq(
                    r.json["scimType"].as_str(),
                    Some("uniqueness"),
                    &format!("{round}: 409 scimType"),
                );
            }
            let filter = format!(
                "/Users?filter=userName%20eq%20%22{}%22",
                names[0].replace('@', "%40")
            );
            let found = client.call("GET", &filter, None);
            c.eq(
                found.json["totalResults"].as_u64(),
                Some(1),
                &format!("{round}: users with that userName"),
            );
        }
        c.finish();
    });
}

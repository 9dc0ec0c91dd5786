//! Scale-out: two Gatehouse servers, each with its own pools, on one PostgreSQL database,
//! provisioned through both at once; the end state read from either is exactly what was
//! sent. PostgreSQL only: skipped with a note when it is unreachable and
//! GATEHOUSE_REQUIRE_PG is unset.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeSet;
use std::sync::Barrier;

use serde_json::{json, Value};
use store::testing::TestDb;
use support::checks::Checks;
use support::extra_server::ExtraServer;
use support::resources::{list_resources, sorted_members};
use support::scim_client::ScimClient;
use support::TestApp;

const THREADS: usize = 4;
const PER_THREAD: usize = 30;
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A fresh PostgreSQL app, or None (with a note) when PostgreSQL is not available.
fn postgres_app() -> Option<TestApp> {
    match TestDb::postgres().expect("PostgreSQL test database") {
        Some(db) => Some(TestApp::spawn_on(db)),
        None => {
            eprintln!(
                "note: PostgreSQL is not available and GATEHOUSE_REQUIRE_PG is unset; \
                 skipping the scale-out test"
            );
            None
        }
    }
}

fn user_body(name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": name,
        "displayName": name,
        "emails": [{"value": name, "type": "work", "primary": true}],
        "active": true
    })
}

/// Runs `work(thread index)` on `n` threads released together.
fn all_at_once<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = Barrier::new(n);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
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

/// One provisioned user as the test sent it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Sent {
    user_name: String,
    id: String,
    active: bool,
}

#[test]
fn two_servers_on_one_database_serve_one_consistent_state() {
    let Some(app) = postgres_app() else { return };
    let mut c = Checks::new("scale-out, postgres");
    let second = ExtraServer::start(app.db_url());
    let servers = [
        ("A", ScimClient::for_app(&app)),
        ("B", ScimClient::new(&second.base_url, &app.scim_key)),
    ];
    let other = |i: usize| &servers[(i + 1) % 2];

    let g = servers[0].1.call(
        "POST",
        "/Groups",
        Some(
            &json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                     "displayName": "Engineering"}),
        ),
    );
    assert_eq!(g.status, 201, "{g:?}");
    let gid = g.json["id"].as_str().unwrap().to_owned();
    let group_path = format!("/Groups/{gid}");

    // Users created alternately through A and B by parallel threads; each is read back
    // at once through the other server.
    let created: Vec<Vec<(Sent, Vec<String>)>> = all_at_once(THREADS, |t| {
        (0..PER_THREAD)
            .map(|i| {
                let via = (t + i) % 2;
                let (name_via, client) = &servers[via];
                let user_name = format!("t{t}.u{i:02}@example.com");
                let r = client.call("POST", "/Users", Some(&user_body(&user_name)));
                let mut problems = Vec::new();
                if r.status != 201 {
                    problems.push(format!(
                        "POST {user_name} via {name_via}: {} {}",
                        r.status, r.text
                    ));
                }
                let id = r.json["id"].as_str().unwrap_or_default().to_owned();
                let (name_other, reader) = other(via);
                let back = reader.call("GET", &format!("/Users/{id}"), None);
                if back.status != 200 || back.json["userName"] != user_name.as_str() {
                    problems.push(format!(
                        "{user_name} created via {name_via}, GET via {name_other}: {} {}",
                        back.status, back.text
                    ));
                }
                (
                    Sent {
                        user_name,
                        id,
                        active: true,
                    },
                    problems,
                )
            })
            .collect()
    });
    let problems: Vec<String> = created
        .iter()
        .flatten()
        .flat_map(|(_, p)| p.clone())
        .collect();
    c.that(problems.is_empty(), || problems.join("\n      "));
    let mut sent: Vec<Vec<Sent>> = created
        .into_iter()
        .map(|v| v.into_iter().map(|(s, _)| s).collect())
        .collect();

    // Memberships added through both servers (the other one than each user was created
    // through), and every third user deactivated, all threads at once.
    let answers: Vec<Vec<String>> = all_at_once(THREADS, |t| {
        let mut bad = Vec::new();
        for (i, user) in sent[t].iter().enumerate() {
            let via = (t + i + 1) % 2;
            let (name, client) = &servers[via];
            let add = json!({"schemas": [PATCH_OP], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": user.id}]}]});
            let r = client.call("PATCH", &group_path, Some(&add));
            if r.status != 200 && r.status != 204 {
                bad.push(format!(
                    "add {} via {name}: {} {}",
                    user.user_name, r.status, r.text
                ));
            }
            if i % 3 == 0 {
                let off = json!({"schemas": [PATCH_OP], "Operations": [
                    {"op": "replace", "value": {"active": false}}]});
                let r = client.call("PATCH", &format!("/Users/{}", user.id), Some(&off));
                if r.status != 200 && r.status != 204 {
                    bad.push(format!(
                        "deactivate {} via {name}: {} {}",
                        user.user_name, r.status, r.text
                    ));
                }
            }
        }
        bad
    });
    let bad: Vec<String> = answers.into_iter().flatten().collect();
    c.that(bad.is_empty(), || bad.join("\n      "));
    for list in &mut sent {
        for (i, user) in list.iter_mut().enumerate() {
            user.active = i % 3 != 0;
        }
    }

    // The same userName through A and B at once: one user.
    let dupes = all_at_once(THREADS * 2, |t| {
        servers[t % 2]
            .1
            .call("POST", "/Users", Some(&user_body("same.name@example.com")))
            .status
    });
    c.eq(
        dupes.iter().filter(|s| **s == 201).count(),
        1,
        &format!("creates of one userName through both ({dupes:?}): 201s"),
    );
    c.eq(
        dupes.iter().filter(|s| **s == 409).count(),
        THREADS * 2 - 1,
        &format!("creates of one userName through both ({dupes:?}): 409s"),
    );

    // A rename through B is what A serves.
    let rename = json!({"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "displayName", "value": "Platform Engineering"}]});
    let r = servers[1].1.call("PATCH", &group_path, Some(&rename));
    c.that(r.status == 200 || r.status == 204, || {
        format!("rename via B: {} {}", r.status, r.text)
    });

    // The end state, read from either server.
    let mut want_users: Vec<(String, String, Option<bool>)> = sent
        .iter()
        .flatten()
        .map(|s| (s.id.clone(), s.user_name.clone(), Some(s.active)))
        .collect();
    want_users.sort();
    let mut want_members: Vec<String> = sent.iter().flatten().map(|s| s.id.clone()).collect();
    want_members.sort();
    for (name, client) in &servers {
        let list = client.call("GET", "/Users?startIndex=1&count=1000", None);
        c.eq(list.status, 200, &format!("GET /Users via {name}"));
        let mut got_users: Vec<(String, String, Option<bool>)> = list_resources(&list.json)
            .iter()
            .filter(|u| u["userName"] != "same.name@example.com")
            .map(|u| {
                (
                    u["id"].as_str().unwrap_or_default().to_owned(),
                    u["userName"].as_str().unwrap_or_default().to_owned(),
                    u["active"].as_bool(),
                )
            })
            .collect();
        got_users.sort();
        c.that(got_users == want_users, || {
            let got: BTreeSet<_> = got_users.iter().collect();
            let want: BTreeSet<_> = want_users.iter().collect();
            format!(
                "users via {name}: missing or different {:?}; unexpected {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            )
        });
        c.eq(
            list.json["totalResults"].as_u64(),
            Some((THREADS * PER_THREAD + 1) as u64),
            &format!("totalResults via {name}"),
        );
        let group = client.call("GET", &group_path, None);
        c.eq(group.status, 200, &format!("GET the group via {name}"));
        c.eq(
            group.json["displayName"].as_str(),
            Some("Platform Engineering"),
            &format!("group name via {name}"),
        );
        let got = sorted_members(&group.json);
        c.that(got == want_members, || {
            let missing: Vec<_> = want_members.iter().filter(|m| !got.contains(m)).collect();
            format!(
                "members via {name}: {} instead of {}; missing {missing:?}",
                got.len(),
                want_members.len()
            )
        });
    }
    c.finish();
    drop(second);
}

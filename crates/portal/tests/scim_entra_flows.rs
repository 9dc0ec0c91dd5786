//! Microsoft Entra ID's recorded SCIM flows (`shared/testdata/scim/entra`) replayed in order
//! against the real server, on both backends: Entra's `+`-encoded queries, no `Accept` header,
//! capitalised ops, `"False"`, the manager as a bare string, the ADSCIM group URN, removal by
//! value array. Each step's status is checked against `correct_server`, its effect with GETs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::Value;
use support::checks::Checks;
use support::fixtures::{self, Replayer};
use support::resources::{ids, list_resources, sorted_members};
use support::{each_backend, TestApp};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const OLIVIA: &str = "olivia.lim@example.com";
const GROUP_OBJECT_ID: &str = "5f0e6a2b-8c1d-4e3f-9a7b-2c4d6e8f0a1b";

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

/// Checks that a ListResponse holds exactly the resources `want` (by id), totals included.
fn check_found(c: &mut Checks, list: &Value, want: &[String], what: &str) {
    c.eq(
        list["totalResults"].as_u64(),
        Some(want.len() as u64),
        &format!("{what}: totalResults"),
    );
    c.eq(
        ids(&list_resources(list)),
        want.to_vec(),
        &format!("{what}: Resources"),
    );
}

/// The work emails of a user.
fn work_emails(user: &Value) -> Vec<String> {
    user["emails"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|e| {
                    e["type"]
                        .as_str()
                        .is_some_and(|t| t.eq_ignore_ascii_case("work"))
                })
                .map(|e| e["value"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn entra_flows_replayed_in_order_have_their_effects() {
    each_backend(|app| {
        let mut checks = Checks::new(format!("entra replay, {}", app.backend));
        let c = &mut checks;
        let mut r = Replayer::new(&app);
        let flows = fixtures::flows("entra");
        assert_eq!(flows.len(), 11);
        let mut manager_before = Value::Null;

        for flow in flows {
            assert_eq!(flow.provider, "entra", "{}", flow.file);
            for step in &flow.steps {
                if step.id == "entra-11b" {
                    manager_before = get_ok(
                        &app,
                        c,
                        &r.fill("/Users/{{manager_id}}"),
                        "before entra-11b",
                    );
                }
                let request = r.describe(step);
                let reply = r.send(step);
                c.step_status(step, &request, &reply);
                let what = step.id.as_str();
                match what {
                    "entra-01a" | "entra-01b" | "entra-02a" | "entra-02b" | "entra-07a" => {
                        check_found(c, &reply.json, &[], what);
                        c.that(list_resources(&reply.json).is_empty(), || {
                            format!("{what}: Resources not empty: {}", reply.text)
                        });
                    }
                    "entra-03a" => {
                        let id = r.var("user_id");
                        for (label, user) in [
                            ("entra-03a response", reply.json.clone()),
                            (
                                "GET after entra-03a",
                                get_ok(&app, c, &format!("/Users/{id}"), what),
                            ),
                        ] {
                            c.eq(
                                user["userName"].as_str(),
                                Some(OLIVIA),
                                &format!("{label}: userName"),
                            );
                            c.eq(
                                user["externalId"].as_str(),
                                Some("olivia.lim"),
                                &format!("{label}: externalId"),
                            );
                            c.eq(
                                user["active"].as_bool(),
                                Some(true),
                                &format!("{label}: active"),
                            );
                            c.eq(
                                user[ENTERPRISE]["employeeNumber"].as_str(),
                                Some("E1001"),
                                &format!("{label}: enterprise employeeNumber"),
                            );
                            c.eq(
                                user[ENTERPRISE]["department"].as_str(),
                                Some("Engineering"),
                                &format!("{label}: enterprise department"),
                            );
                            c.eq(
                                work_emails(&user),
                                vec![OLIVIA.to_owned()],
                                &format!("{label}: work emails"),
                            );
                        }
                        // Matching now finds her, by userName and by externalId.
                        for m in ["entra-02a", "entra-02b"] {
                            let again = r.send(&fixtures::step("entra", m));
                            c.eq(again.status, 200, &format!("{m} after entra-03a: status"));
                            check_found(
                                c,
                                &again.json,
                                std::slice::from_ref(&id),
                                &format!("{m} after entra-03a"),
                            );
                        }
                    }
                    "entra-03b" => {
                        c.eq(
                            reply.json["userName"].as_str(),
                            Some("otto.redding@example.com"),
                            "entra-03b userName",
                        );
                    }
                    "entra-04" => {
                        let user = get_ok(&app, c, &r.fill("/Users/{{user_id}}"), what);
                        c.eq(
                            work_emails(&user),
                            vec!["o.lim@example.com".to_owned()],
                            "work emails after entra-04",
                        );
                        c.eq(
                            user["emails"].as_array().map(Vec::len),
                            Some(1),
                            "number of emails after entra-04",
                        );
                        c.eq(
                            user["name"]["familyName"].as_str(),
                            Some("Lim-Tan"),
                            "familyName after entra-04",
                        );
                        c.eq(
                            user["name"]["givenName"].as_str(),
                            Some("Olivia"),
                            "givenName after entra-04",
                        );
                    }
                    "entra-05a" => {
                        let user = get_ok(&app, c, &r.fill("/Users/{{user_id}}"), what);
                        c.eq(
                            user["displayName"].as_str(),
                            Some("Liv Lim-Tan"),
                            "displayName after entra-05a",
                        );
                        c.eq(
                            work_emails(&user),
                            vec!["o.lim@example.com".to_owned()],
                            "work emails after entra-05a",
                        );
                        c.eq(
                            user["name"]["givenName"].as_str(),
                            Some("Liv"),
                            "givenName after entra-05a",
                        );
                        c.eq(
                            user["name"]["familyName"].as_str(),
                            Some("Lim-Tan"),
                            "familyName after entra-05a",
                        );
                        c.eq(
                            user["externalId"].as_str(),
                            Some("olivia.lim"),
                            "externalId after entra-05a",
                        );
                        c.eq(
                            user[ENTERPRISE]["employeeNumber"].as_str(),
                            Some("E1002"),
                            "enterprise employeeNumber after entra-05a (full-URN path)",
                        );
                        c.eq(
                            user[ENTERPRISE]["department"].as_str(),
                            Some("Engineering"),
                            "enterprise department after entra-05a (untouched)",
                        );
                        c.that(
                            user.get(format!("{ENTERPRISE}:employeeNumber")).is_none(),
                            || {
                                format!(
                                    "entra-05a stored the URN path as an attribute name: {user}"
                                )
                            },
                        );
                    }
                    "entra-05b" => {
                        let id = r.var("user_id");
                        let user = get_ok(&app, c, &format!("/Users/{id}"), what);
                        c.eq(
                            user.get("active"),
                            Some(&Value::Bool(false)),
                            "active after entra-05b (boolean false)",
                        );
                        if reply.status == 200 {
                            c.eq(
                                reply.json.get("active"),
                                Some(&Value::Bool(false)),
                                "entra-05b response: active (boolean false)",
                            );
                        }
                        let found = r.send(&fixtures::step("entra", "entra-02a"));
                        check_found(
                            c,
                            &found.json,
                            std::slice::from_ref(&id),
                            "entra-02a after entra-05b",
                        );
                        c.eq(
                            list_resources(&found.json)
                                .first()
                                .and_then(|u| u.get("active").cloned()),
                            Some(Value::Bool(false)),
                            "entra-02a after entra-05b: active",
                        );
                    }
                    "entra-06" => {
                        let user = get_ok(&app, c, &r.fill("/Users/{{user_id}}"), what);
                        c.eq(
                            user[ENTERPRISE]["manager"]["value"].as_str(),
                            Some(r.var("manager_id").as_str()),
                            "enterprise manager.value after entra-06",
                        );
                        c.eq(
                            user[ENTERPRISE]["employeeNumber"].as_str(),
                            Some("E1002"),
                            "enterprise employeeNumber after entra-06",
                        );
                    }
                    "entra-07b" => {
                        let gid = r.var("group_id");
                        c.eq(
                            reply.json["externalId"].as_str(),
                            Some(GROUP_OBJECT_ID),
                            "entra-07b externalId",
                        );
                        c.eq(
                            sorted_members(&reply.json),
                            Vec::<String>::new(),
                            "entra-07b members",
                        );
                        let g = get_ok(&app, c, &format!("/Groups/{gid}"), what);
                        c.eq(
                            g["externalId"].as_str(),
                            Some(GROUP_OBJECT_ID),
                            "GET after entra-07b: externalId",
                        );
                        c.eq(
                            g["displayName"].as_str(),
                            Some("WindowsAdministrators"),
                            "GET after entra-07b: displayName",
                        );
                        let bare = get_ok(
                            &app,
                            c,
                            &format!("/Groups/{gid}?excludedAttributes=members"),
                            what,
                        );
                        c.that(bare.get("members").is_none(), || {
                            format!("GET ?excludedAttributes=members has members: {bare}")
                        });
                        let again = r.send(&fixtures::step("entra", "entra-07a"));
                        check_found(
                            c,
                            &again.json,
                            std::slice::from_ref(&gid),
                            "entra-07a after entra-07b",
                        );
                        c.that(
                            list_resources(&again.json)
                                .iter()
                                .all(|g| g.get("members").is_none()),
                            || format!("entra-07a after entra-07b lists members: {}", again.text),
                        );
                    }
                    "entra-08" => {
                        let g = get_ok(&app, c, &r.fill("/Groups/{{group_id}}"), what);
                        let mut want = vec![r.var("user_id"), r.var("manager_id")];
                        want.sort();
                        c.eq(
                            sorted_members(&g),
                            want,
                            "members after entra-08 (each once)",
                        );
                    }
                    "entra-09" => {
                        let g = get_ok(&app, c, &r.fill("/Groups/{{group_id}}"), what);
                        c.eq(
                            sorted_members(&g),
                            vec![r.var("manager_id")],
                            "members after entra-09",
                        );
                    }
                    "entra-10" => {
                        c.eq(
                            reply.json["id"].as_str(),
                            Some(r.var("group_id").as_str()),
                            "entra-10 id",
                        );
                        c.eq(
                            reply.json["externalId"].as_str(),
                            Some(GROUP_OBJECT_ID),
                            "entra-10 externalId",
                        );
                        c.eq(
                            reply.json["displayName"].as_str(),
                            Some("WindowsAdministrators"),
                            "entra-10 displayName",
                        );
                        c.that(reply.json.get("members").is_none(), || {
                            format!("entra-10 has a members attribute: {}", reply.text)
                        });
                    }
                    "entra-11a" => {
                        let g = app.scim("GET", &r.fill("/Groups/{{group_id}}"), None);
                        c.eq(g.status, 404, "GET group after entra-11a");
                    }
                    "entra-11b" => {
                        let u = app.scim("GET", &r.fill("/Users/{{user_id}}"), None);
                        c.eq(u.status, 404, "GET user after entra-11b");
                        let found = r.send(&fixtures::step("entra", "entra-02a"));
                        c.eq(found.status, 200, "entra-02a after entra-11b: status");
                        check_found(c, &found.json, &[], "entra-02a after entra-11b");
                        let manager = get_ok(&app, c, &r.fill("/Users/{{manager_id}}"), what);
                        for key in [
                            "userName",
                            "externalId",
                            "active",
                            "name",
                            "emails",
                            ENTERPRISE,
                            "meta",
                        ] {
                            c.eq(
                                &manager[key],
                                &manager_before[key],
                                &format!("manager after entra-11b: {key}"),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        checks.finish();
    });
}

//! `/api/v1/roles`: the rules of group-based roles as the JSON API enforces them (PRODUCT.md
//! §5, §8): one default, valid and unique source groups, strict bodies, replace / delete /
//! move with access recomputed at once, and who may call it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::{json, Value};
use support::each_backend;
use support::scenario::*;

const ADMIN: &str = "admin@example.com";

fn defaults(list: &[Value]) -> Vec<String> {
    list.iter()
        .filter(|r| r["is_default"] == true)
        .map(|r| r["source_group"].as_str().unwrap().to_owned())
        .collect()
}

fn with_id(body: &Value, id: &str) -> Value {
    let mut v = body.clone();
    v.as_object_mut().unwrap().insert("id".into(), json!(id));
    v
}

#[test]
fn setting_default_on_one_role_clears_it_on_the_other() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        let default = create_role(&admin, &role("Default", true, &DEFAULT_PERMS, true));
        create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        let otto = provision(&app, "Otto", "Redding");
        assert_access(&admin, &otto, Some("Default"), &DEFAULT_PERMS, true);

        // A new role marked default takes the flag in the same request.
        let windows = create_role(
            &admin,
            &role("WindowsAdministrators", true, &WINDOWS_ADMINS_PERMS, false),
        );
        assert_eq!(windows["is_default"], true);
        assert_eq!(
            defaults(&roles(&admin)),
            ["WindowsAdministrators"],
            "{}",
            app.backend
        );
        // ... and users in no group get it at once.
        assert_access(
            &admin,
            &otto,
            Some("WindowsAdministrators"),
            &WINDOWS_ADMINS_PERMS,
            false,
        );
        assert_latest_change(
            &activity(&admin),
            &otto,
            &["Role: Default", "Users: off", "Manage Mac: on"],
            &[
                "Role: WindowsAdministrators",
                "Users: on",
                "Manage Mac: off",
            ],
            ADMIN,
        );

        // Editing another role to be the default clears it again.
        let id = default["id"].as_str().unwrap();
        let body = role("Default", true, &DEFAULT_PERMS, true);
        let r = admin.call("PUT", &format!("/roles/{id}"), Some(&body));
        assert_eq!(r.status, 200, "{r:?}");
        assert_eq!(r.json, with_id(&body, id));
        assert_eq!(defaults(&roles(&admin)), ["Default"], "{}", app.backend);
        assert_access(&admin, &otto, Some("Default"), &DEFAULT_PERMS, true);

        // Unchecking the only default leaves no default: users in no group have no access.
        let body = role("Default", false, &DEFAULT_PERMS, true);
        let r = admin.call("PUT", &format!("/roles/{id}"), Some(&body));
        assert_eq!(r.status, 200, "{r:?}");
        assert!(defaults(&roles(&admin)).is_empty());
        assert_access(&admin, &otto, None, &[], true);
    });
}

#[test]
fn invalid_bodies_are_400_naming_the_field_and_store_nothing() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        let data = create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        let data_id = data["id"].as_str().unwrap().to_owned();
        let before = roles(&admin);

        let mut cases: Vec<(Value, &str)> = Vec::new();
        for blank in ["", "   ", "\t"] {
            let mut b = role("X", false, &[], true);
            b["source_group"] = json!(blank);
            cases.push((b, "source_group"));
        }
        let mut missing = role("X", false, &[], true);
        missing.as_object_mut().unwrap().remove("source_group");
        cases.push((missing, "source_group"));
        let mut camel = role("X", false, &[], true);
        let obj = camel.as_object_mut().unwrap();
        obj.remove("source_group");
        obj.insert("sourceGroup".into(), json!("Helpdesk"));
        cases.push((camel, "sourceGroup"));
        let mut admin_flag = role("X", false, &[], true);
        admin_flag["permissions"]["admin"] = json!(true);
        cases.push((admin_flag, "permissions.admin"));
        let mut wrong_type = role("X", false, &[], true);
        wrong_type["permissions"]["users"] = json!("yes");
        cases.push((wrong_type, "permissions.users"));
        let mut blank_ou = role("X", false, &[], true);
        blank_ou["scope"]["computer_ous"] = json!(["corp/Sales", " "]);
        cases.push((blank_ou, "scope.computer_ous[1]"));
        let mut blank_group = role("X", false, &[], true);
        blank_group["scope"]["end_user_groups"] = json!([""]);
        cases.push((blank_group, "scope.end_user_groups[0]"));
        let mut bad_ou = role("X", false, &[], true);
        bad_ou["scope"]["end_user_ous"] = json!(["corp//Sales"]);
        cases.push((bad_ou, "scope.end_user_ous[0]"));
        let mut not_a_list = role("X", false, &[], true);
        not_a_list["scope"]["computer_groups"] = json!("Laptops, Desktops");
        cases.push((not_a_list, "scope.computer_groups"));
        let mut no_perms = role("X", false, &[], true);
        no_perms.as_object_mut().unwrap().remove("permissions");
        cases.push((no_perms, "permissions"));

        for (body, field) in &cases {
            let r = admin.call("POST", "/roles", Some(body));
            assert_api_error(&r, 400, &[field]);
            let r = admin.call("PUT", &format!("/roles/{data_id}"), Some(body));
            assert_api_error(&r, 400, &[field]);
        }
        // Not JSON, or not an object.
        let r = app.request(
            "POST",
            "/api/v1/roles",
            &[
                ("Content-Type", "application/json"),
                ("Cookie", admin.cookie.as_deref().unwrap()),
            ],
            None,
        );
        assert_api_error(&r, 400, &[]);
        let r = admin.call("POST", "/roles", Some(&json!(["Data"])));
        assert_api_error(&r, 400, &[]);

        assert_eq!(roles(&admin), before, "{}: nothing was stored", app.backend);
    });
}

#[test]
fn source_groups_are_unique_ignoring_case_and_surrounding_spaces() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        let data = create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        for dup in ["data", "Data ", " DATA"] {
            let r = admin.call("POST", "/roles", Some(&role(dup, false, &[], true)));
            assert_api_error(&r, 409, &["source_group"]);
        }
        let analytics = create_role(&admin, &role("Analytics", false, &DATA_PERMS, true));
        let id = analytics["id"].as_str().unwrap();
        let r = admin.call(
            "PUT",
            &format!("/roles/{id}"),
            Some(&role("data", false, &DATA_PERMS, true)),
        );
        assert_api_error(&r, 409, &["source_group"]);
        assert_eq!(role_names(&admin), ["Data", "Analytics"], "{}", app.backend);

        // A role may change the case of its own group.
        let id = data["id"].as_str().unwrap();
        let body = role("DATA", false, &DATA_PERMS, true);
        let r = admin.call("PUT", &format!("/roles/{id}"), Some(&body));
        assert_eq!(r.status, 200, "{r:?}");
        assert_eq!(role_names(&admin), ["DATA", "Analytics"]);
        // Surrounding spaces are not part of the name.
        let helpdesk = create_role(&admin, &role("  Helpdesk ", false, &[], true));
        assert_eq!(helpdesk["source_group"], "Helpdesk");

        // Roles match groups ignoring case: a member of "data" gets the DATA role.
        let olivia = provision(&app, "Olivia", "Lim");
        push_group(&app, "data", &[&olivia]);
        assert_access(&admin, &olivia, Some("DATA"), &DATA_PERMS, true);
    });
}

#[test]
fn put_replaces_a_role_in_place_and_recomputes_its_users() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        create_role(&admin, &role("Default", true, &DEFAULT_PERMS, true));
        let mut support_body = role("ServerSupport", false, &SERVER_SUPPORT_PERMS, true);
        support_body["scope"]["end_user_groups"] = json!(["Helpdesk"]);
        support_body["scope"]["computer_ous"] = json!(["corp/Servers"]);
        let support = create_role(&admin, &support_body);
        assert_eq!(support["scope"], support_body["scope"]);
        create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        let id = support["id"].as_str().unwrap().to_owned();

        let owen = provision(&app, "Owen", "Clive");
        push_group(&app, "ServerSupport", &[&owen]);
        assert_eq!(
            user_named(&admin, &owen.user_name)["scope"],
            support_body["scope"]
        );

        // The new body replaces the old one entirely (lists are not merged), in place.
        let mut replacement = role("ServerSupport", false, &["inventory"], false);
        replacement["scope"]["computer_groups"] = json!(["Servers"]);
        let r = admin.call("PUT", &format!("/roles/{id}"), Some(&replacement));
        assert_eq!(r.status, 200, "{r:?}");
        assert_eq!(r.json, with_id(&replacement, &id));
        let listed = roles(&admin);
        assert_eq!(
            role_names(&admin),
            ["Default", "ServerSupport", "Data"],
            "{}",
            app.backend
        );
        assert_eq!(listed[1], with_id(&replacement, &id));

        // Owen has the new access at once, and the change is logged with the admin.
        let u = user_named(&admin, &owen.user_name);
        assert_eq!(u["role"], "ServerSupport");
        assert_eq!(u["permissions"], permissions(&["inventory"]));
        assert_eq!(u["scope"], replacement["scope"]);
        assert_latest_change(
            &activity(&admin),
            &owen,
            &[
                "Requests: on",
                "Manage Mac: on",
                "End user groups: Helpdesk",
                "Computer OUs: corp/Servers",
            ],
            &[
                "Requests: off",
                "Manage Mac: off",
                "End user groups: any",
                "Computer groups: Servers",
            ],
            ADMIN,
        );

        // The body's id must be the URL's; an unknown id is 404.
        let r = admin.call(
            "PUT",
            &format!("/roles/{id}"),
            Some(&with_id(&replacement, &id)),
        );
        assert_eq!(r.status, 200, "{r:?}");
        let r = admin.call(
            "PUT",
            &format!("/roles/{id}"),
            Some(&with_id(&replacement, "another-id")),
        );
        assert_api_error(&r, 400, &["id"]);
        let r = admin.call("PUT", "/roles/no-such-role", Some(&replacement));
        assert_api_error(&r, 404, &[]);
        assert_eq!(roles(&admin), listed);
    });
}

#[test]
fn delete_removes_the_role_and_recomputes_its_users() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        create_role(&admin, &role("Default", true, &DEFAULT_PERMS, true));
        let data = create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        create_role(&admin, &role("Reports", false, &["reports"], true));
        let olivia = provision(&app, "Olivia", "Lim");
        push_group(&app, "Data", &[&olivia]);
        assert_access(&admin, &olivia, Some("Data"), &DATA_PERMS, true);

        let id = data["id"].as_str().unwrap();
        let r = admin.call("DELETE", &format!("/roles/{id}"), None);
        assert_eq!(r.status, 204, "{r:?}");
        assert_eq!(
            role_names(&admin),
            ["Default", "Reports"],
            "{}",
            app.backend
        );
        assert_access(&admin, &olivia, Some("Default"), &DEFAULT_PERMS, true);
        assert_latest_change(
            &activity(&admin),
            &olivia,
            &["Role: Data", "Requests: off"],
            &["Role: Default", "Requests: on"],
            ADMIN,
        );

        let r = admin.call("DELETE", &format!("/roles/{id}"), None);
        assert_api_error(&r, 404, &[]);
        let r = admin.call(
            "POST",
            &format!("/roles/{id}/move"),
            Some(&json!({"direction": "up"})),
        );
        assert_api_error(&r, 404, &[]);
        assert_eq!(role_names(&admin), ["Default", "Reports"]);
    });
}

#[test]
fn moving_reorders_and_is_a_no_op_at_either_end() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        for body in manual_roles() {
            create_role(&admin, &body);
        }
        let olivia = provision(&app, "Olivia", "Lim");
        push_group(&app, "ServerSupport", &[&olivia]);
        push_group(&app, "WindowsAdministrators", &[&olivia]);
        let list = roles(&admin);
        let entries = activity(&admin).len();

        let top = role_id(&admin, "Default");
        assert_eq!(move_role(&admin, &top, "up"), list);
        let bottom = role_id(&admin, "Data");
        assert_eq!(move_role(&admin, &bottom, "down"), list);
        assert_eq!(roles(&admin), list, "{}", app.backend);
        assert_eq!(
            activity(&admin).len(),
            entries,
            "a no-op move changes nobody's access"
        );

        // Moving WindowsAdministrators up puts it before ServerSupport for Olivia.
        let windows = role_id(&admin, "WindowsAdministrators");
        let moved = move_role(&admin, &windows, "up");
        let names: Vec<&str> = moved
            .iter()
            .map(|r| r["source_group"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["Default", "WindowsAdministrators", "ServerSupport", "Data"]
        );
        assert_eq!(roles(&admin), moved);
        assert_access(
            &admin,
            &olivia,
            Some("WindowsAdministrators"),
            &WINDOWS_ADMINS_PERMS,
            false,
        );
        // ... and down again restores both the order and her access.
        assert_eq!(move_role(&admin, &windows, "down"), list);
        assert_access(
            &admin,
            &olivia,
            Some("ServerSupport"),
            &SERVER_SUPPORT_PERMS,
            true,
        );

        for body in [
            json!({"direction": "sideways"}),
            json!({"direction": "UP "}),
            json!({}),
            json!({"direction": "up", "steps": 2}),
        ] {
            let r = admin.call("POST", &format!("/roles/{windows}/move"), Some(&body));
            let field = if body.get("steps").is_some() {
                "steps"
            } else {
                "direction"
            };
            assert_api_error(&r, 400, &[field]);
        }
        assert_eq!(roles(&admin), list);
    });
}

#[test]
fn every_roles_endpoint_needs_a_session() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        let data = create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        let id = data["id"].as_str().unwrap();
        let before = roles(&admin);
        let body = role("Helpdesk", true, &[], true);
        let move_body = json!({"direction": "up"});
        let calls: Vec<(&str, String, Option<&Value>)> = vec![
            ("GET", "/roles".into(), None),
            ("POST", "/roles".into(), Some(&body)),
            ("PUT", format!("/roles/{id}"), Some(&body)),
            ("DELETE", format!("/roles/{id}"), None),
            ("POST", format!("/roles/{id}/move"), Some(&move_body)),
        ];
        let nobody = anonymous(&app);
        let mut forged = anonymous(&app);
        forged.cookie = Some("gatehouse_session=not-a-token".into());
        for client in [&nobody, &forged] {
            for (method, path, body) in &calls {
                let r = client.call(method, path, *body);
                assert_api_error(&r, 401, &[]);
            }
        }
        assert_eq!(roles(&admin), before, "{}", app.backend);
    });
}

#[test]
fn people_without_the_settings_permission_cannot_change_roles() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        for body in manual_roles() {
            create_role(&admin, &body);
        }
        let olivia = provision(&app, "Olivia", "Lim");
        let otto = provision(&app, "Otto", "Redding");
        push_group(&app, "Data", &[&olivia]);
        push_group(&app, "WindowsAdministrators", &[&otto]);
        let before = roles(&admin);
        let id = role_id(&admin, "Data");

        // Olivia (Data: no users, no settings permission) may neither read nor change roles.
        let as_olivia = scim_session(&app, &olivia);
        let me = as_olivia.call("GET", "/me", None);
        assert_eq!(me.status, 200, "{me:?}");
        assert_eq!(me.json["role"], "Data");
        let body = role("Helpdesk", false, &PERMISSIONS, true);
        let move_body = json!({"direction": "up"});
        let calls: Vec<(&str, String, Option<&Value>)> = vec![
            ("GET", "/roles".into(), None),
            ("POST", "/roles".into(), Some(&body)),
            ("PUT", format!("/roles/{id}"), Some(&body)),
            ("DELETE", format!("/roles/{id}"), None),
            ("POST", format!("/roles/{id}/move"), Some(&move_body)),
        ];
        for (method, path, body) in &calls {
            let r = as_olivia.call(method, path, *body);
            assert_api_error(&r, 403, &[]);
        }
        assert_eq!(roles(&admin), before, "{}", app.backend);
        assert_access(&admin, &olivia, Some("Data"), &DATA_PERMS, true);

        // Otto (WindowsAdministrators: settings permission) may, and is the initiator.
        let as_otto = scim_session(&app, &otto);
        let r = as_otto.call("POST", "/roles", Some(&role("Data2", false, &[], true)));
        assert_eq!(r.status, 201, "{r:?}");
        let r = as_otto.call(
            "POST",
            &format!("/roles/{id}/move"),
            Some(&json!({"direction": "up"})),
        );
        assert_eq!(r.status, 200, "{r:?}");
        let r = as_otto.call(
            "PUT",
            &format!("/roles/{id}"),
            Some(&role("Data", false, &["reports"], true)),
        );
        assert_eq!(r.status, 200, "{r:?}");
        assert_latest_change(
            &activity(&admin),
            &olivia,
            &["Inventory: on", "Auditlog: on"],
            &["Inventory: off", "Auditlog: off"],
            &otto.user_name,
        );
    });
}

#[test]
fn order_survives_deletions_new_roles_go_last_and_moves_skip_the_gaps() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        for name in ["A", "B", "C", "D"] {
            create_role(&admin, &role(name, false, &[], true));
        }
        for gone in ["A", "C"] {
            let id = role_id(&admin, gone);
            let r = admin.call("DELETE", &format!("/roles/{id}"), None);
            assert_eq!(r.status, 204, "{r:?}");
        }
        assert_eq!(role_names(&admin), ["B", "D"], "{}", app.backend);
        create_role(&admin, &role("E", false, &[], true));
        assert_eq!(role_names(&admin), ["B", "D", "E"], "{}", app.backend);

        let d = role_id(&admin, "D");
        move_role(&admin, &d, "up");
        assert_eq!(role_names(&admin), ["D", "B", "E"], "{}", app.backend);
        let e = role_id(&admin, "E");
        move_role(&admin, &e, "up");
        move_role(&admin, &e, "up");
        assert_eq!(role_names(&admin), ["E", "D", "B"], "{}", app.backend);
        move_role(&admin, &d, "down");
        assert_eq!(role_names(&admin), ["E", "B", "D"], "{}", app.backend);
        create_role(&admin, &role("F", false, &[], true));
        assert_eq!(role_names(&admin), ["E", "B", "D", "F"], "{}", app.backend);
    });
}

#[test]
fn changing_a_roles_source_group_moves_the_role_to_the_other_groups_members() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        create_role(&admin, &role("Default", true, &DEFAULT_PERMS, true));
        let data = create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        let olivia = provision(&app, "Olivia", "Lim");
        let owen = provision(&app, "Owen", "Clive");
        push_group(&app, "Data", &[&olivia]);
        push_group(&app, "Analytics", &[&owen]);
        assert_access(&admin, &olivia, Some("Data"), &DATA_PERMS, true);
        assert_access(&admin, &owen, Some("Default"), &DEFAULT_PERMS, true);

        let id = data["id"].as_str().unwrap();
        let r = admin.call(
            "PUT",
            &format!("/roles/{id}"),
            Some(&role("Analytics", false, &DATA_PERMS, true)),
        );
        assert_eq!(r.status, 200, "{r:?}");
        assert_access(&admin, &olivia, Some("Default"), &DEFAULT_PERMS, true);
        assert_access(&admin, &owen, Some("Analytics"), &DATA_PERMS, true);
        let log = activity(&admin);
        assert_latest_change(&log, &olivia, &["Role: Data"], &["Role: Default"], ADMIN);
        assert_latest_change(&log, &owen, &["Role: Default"], &["Role: Analytics"], ADMIN);
    });
}

/// The role resolution rule of PRODUCT.md §5, applied to what the API shows: the first role
/// (in `GET /roles` order) whose source group is one of `groups`, ignoring case; else the
/// default role; else none (roles exist in these tests).
fn expected_role(roles: &[Value], groups: &[String]) -> Option<String> {
    let name = |r: &Value| r["source_group"].as_str().unwrap().to_owned();
    roles
        .iter()
        .find(|r| {
            groups.iter().any(|g| {
                g.trim()
                    .eq_ignore_ascii_case(r["source_group"].as_str().unwrap())
            })
        })
        .or_else(|| roles.iter().find(|r| r["is_default"] == true))
        .map(name)
}

/// Asserts that every SCIM user's stored role is what resolution gives for their groups now.
fn assert_every_user_resolved(admin: &support::ApiClient, backend: &str) {
    let list = roles(admin);
    let mut wrong = Vec::new();
    for u in users(admin).iter().filter(|u| u["source"] == "scim") {
        let groups: Vec<String> = serde_json::from_value(u["groups"].clone()).unwrap();
        let want = expected_role(&list, &groups);
        let got = u["role"].as_str().map(str::to_owned);
        if got != want {
            wrong.push(format!(
                "{} in {groups:?}: role {got:?}, expected {want:?}",
                u["user_name"]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{backend}: {} users have stale access:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Three roles (Default, ServerSupport, Data, in that order), `n` provisioned people, and
/// the two groups (empty).
struct RaceSetup {
    admin: support::ApiClient,
    people: Vec<Person>,
    support_group: String,
    data_group: String,
}

fn race_setup(app: &support::TestApp, n: usize) -> RaceSetup {
    let admin = app.admin_client(ADMIN);
    create_role(&admin, &role("Default", true, &DEFAULT_PERMS, true));
    create_role(
        &admin,
        &role("ServerSupport", false, &SERVER_SUPPORT_PERMS, true),
    );
    create_role(&admin, &role("Data", false, &DATA_PERMS, true));
    let people = (0..n)
        .map(|i| provision(app, &format!("User{i}"), "Concurrent"))
        .collect();
    RaceSetup {
        admin,
        people,
        support_group: okta_create_group(app, "ServerSupport"),
        data_group: okta_create_group(app, "Data"),
    }
}

/// Two membership changes of one person arriving at the same time (IdPs push groups in
/// parallel; several Gatehouse processes may serve them): each transaction must see the
/// other's membership, or the later commit stores access computed without it.
#[test]
fn simultaneous_additions_to_two_groups_leave_no_stale_access() {
    each_backend(|app| {
        let s = race_setup(&app, 16);
        for p in &s.people {
            let barrier = std::sync::Barrier::new(2);
            std::thread::scope(|scope| {
                for group in [&s.support_group, &s.data_group] {
                    let (barrier, app) = (&barrier, &app);
                    scope.spawn(move || {
                        barrier.wait();
                        okta_add_members(app, group, &[p]);
                    });
                }
            });
        }
        // Everyone is in both groups: ServerSupport, first in the list, applies.
        assert_every_user_resolved(&s.admin, app.backend);
        for p in &s.people {
            assert_eq!(role_of(&s.admin, p), "ServerSupport", "{}", app.backend);
        }
    });
}

/// A role move and a membership change at the same time: the move must see the new member,
/// or the member's transaction must see the new order.
#[test]
fn a_role_move_during_a_membership_change_leaves_no_stale_access() {
    each_backend(|app| {
        let s = race_setup(&app, 16);
        let everyone: Vec<&Person> = s.people.iter().collect();
        okta_add_members(&app, &s.support_group, &everyone);
        let data_role = role_id(&s.admin, "Data");
        let mut stale = Vec::new();
        for p in &s.people {
            let barrier = std::sync::Barrier::new(2);
            std::thread::scope(|scope| {
                let (barrier, app, data_group) = (&barrier, &app, &s.data_group);
                scope.spawn(move || {
                    barrier.wait();
                    okta_add_members(app, data_group, &[p]);
                });
                let (admin, data_role) = (&s.admin, &data_role);
                scope.spawn(move || {
                    barrier.wait();
                    move_role(admin, data_role, "up");
                });
            });
            // Data is now above ServerSupport and p is in both: Data applies.
            let got = role_of(&s.admin, p);
            if got != "Data" {
                stale.push(format!("{}: {got}", p.user_name));
            }
            // Put Data back below ServerSupport (this recomputes everyone) for the next round.
            move_role(&s.admin, &data_role, "down");
            assert_eq!(role_of(&s.admin, p), "ServerSupport");
        }
        assert!(
            stale.is_empty(),
            "{}: {} of {} rounds left stale access (expected Data):\n{}",
            app.backend,
            stale.len(),
            s.people.len(),
            stale.join("\n")
        );
    });
}

/// The first role is created while Okta provisions a user: the new user must not keep the
/// "full access" that applies only while no role exists.
#[test]
fn a_user_provisioned_while_the_first_role_is_created_does_not_keep_full_access() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        let mut stale = Vec::new();
        for i in 0..12 {
            let barrier = std::sync::Barrier::new(2);
            let (person, created) = std::thread::scope(|scope| {
                let barrier = &barrier;
                let app = &app;
                let user = scope.spawn(move || {
                    barrier.wait();
                    provision(app, &format!("Race{i}"), "Provisioned")
                });
                let admin = &admin;
                let gate = scope.spawn(move || {
                    barrier.wait();
                    create_role(admin, &role("Gate", false, &DATA_PERMS, true))
                });
                (user.join().unwrap(), gate.join().unwrap())
            });
            // A role exists and the user is in no group: no access.
            let got = role_of(&admin, &person);
            if !got.is_null() {
                stale.push(format!("{}: {got}", person.user_name));
            }
            let id = created["id"].as_str().unwrap();
            let r = admin.call("DELETE", &format!("/roles/{id}"), None);
            assert_eq!(r.status, 204, "{r:?}");
            assert_eq!(role_of(&admin, &person), "full access");
        }
        assert!(
            stale.is_empty(),
            "{}: {} of 12 users kept access while a role existed:\n{}",
            app.backend,
            stale.len(),
            stale.join("\n")
        );
    });
}

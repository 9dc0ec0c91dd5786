//! The manual's example (Task B roles, Task G "Pushing Groups", Task H), end to end through
//! the real HTTP APIs: an administrator defines the roles with `/api/v1/roles`, Okta
//! provisions Otto, Olivia and Owen and pushes groups over `/scim/v2`, and
//! `/api/v1/users` and `/api/v1/scim/activity` show what each person may do and why.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::{json, Value};
use support::each_backend;
use support::scenario::*;

const ADMIN: &str = "admin@example.com";

/// The exact fields of a role (PRODUCT.md §8).
fn assert_role_shape(role: &Value) {
    assert_eq!(
        sorted_keys(role),
        ["id", "is_default", "permissions", "scope", "source_group"],
        "{role}"
    );
    assert!(role["id"].as_str().is_some_and(|s| !s.is_empty()), "{role}");
    assert_eq!(
        sorted_keys(&role["permissions"]),
        [
            "auditlog",
            "inventory",
            "reports",
            "requests",
            "settings",
            "users"
        ],
        "{role}"
    );
    assert_eq!(
        sorted_keys(&role["scope"]),
        [
            "computer_groups",
            "computer_ous",
            "end_user_groups",
            "end_user_ous",
            "manage_mac"
        ],
        "{role}"
    );
}

/// The role as posted, plus its id.
fn without_id(role: &Value) -> Value {
    let mut r = role.clone();
    r.as_object_mut().unwrap().remove("id");
    r
}

#[test]
fn the_manuals_example_end_to_end() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);

        // Task B: the four roles, in creation order, with the contract's field names.
        for body in manual_roles() {
            let created = create_role(&admin, &body);
            assert_role_shape(&created);
            assert_eq!(without_id(&created), body, "{}", app.backend);
        }
        let listed = roles(&admin);
        assert_eq!(listed.len(), 4, "{listed:?}");
        for (got, want) in listed.iter().zip(manual_roles()) {
            assert_role_shape(got);
            assert_eq!(without_id(got), want, "{}", app.backend);
        }

        // Task G: Okta provisions three people; without group data they all get Default.
        let otto = provision(&app, "Otto", "Redding");
        let olivia = provision(&app, "Olivia", "Lim");
        let owen = provision(&app, "Owen", "Clive");
        for p in [&otto, &olivia, &owen] {
            assert_access(&admin, p, Some("Default"), &DEFAULT_PERMS, true);
            let u = user_named(&admin, &p.user_name);
            assert_eq!(u["source"], "scim", "{u}");
            assert_eq!(u["groups"], json!([]), "{u}");
        }
        let log = activity(&admin);
        for p in [&otto, &olivia, &owen] {
            assert!(
                log.iter().any(|e| e["user"] == p.user_name.as_str()
                    && e["description"] == "User created"
                    && e["initiator"] == "Okta"),
                "no \"User created\" by Okta for {}: {log:#?}",
                p.user_name
            );
            assert_latest_change(&log, p, &[], &["Role: Default"], "Okta");
        }

        // Pushing the Data group with Olivia and Owen gives them the Data role.
        let data = push_group(&app, "Data", &[&olivia, &owen]);
        for p in [&olivia, &owen] {
            assert_access(&admin, p, Some("Data"), &DATA_PERMS, true);
            assert_eq!(user_named(&admin, &p.user_name)["groups"], json!(["Data"]));
        }
        assert_access(&admin, &otto, Some("Default"), &DEFAULT_PERMS, true);
        let log = activity(&admin);
        for p in [&olivia, &owen] {
            assert_latest_change(
                &log,
                p,
                &["Role: Default", "Requests: on"],
                &["Role: Data", "Requests: off"],
                "Okta",
            );
        }
        assert_eq!(
            permission_changes_of(&log, &otto.user_name).len(),
            1,
            "Otto's access changed only when he was created: {log:#?}"
        );

        // Removing Owen from Data (Okta's members[value eq "…"]) gives him Default again.
        okta_remove_member(&app, &data, &owen);
        assert_access(&admin, &owen, Some("Default"), &DEFAULT_PERMS, true);
        assert_access(&admin, &olivia, Some("Data"), &DATA_PERMS, true);
        assert_eq!(user_named(&admin, &owen.user_name)["groups"], json!([]));
        let log = activity(&admin);
        assert_latest_change(
            &log,
            &owen,
            &["Role: Data", "Requests: off"],
            &["Role: Default", "Requests: on"],
            "Okta",
        );

        // "Push now" brings him back; then ServerSupport is pushed with Olivia in it too.
        okta_add_members(&app, &data, &[&owen]);
        assert_access(&admin, &owen, Some("Data"), &DATA_PERMS, true);
        push_group(&app, "ServerSupport", &[&olivia]);
        // Olivia is in ServerSupport and Data: ServerSupport comes first in the list.
        assert_access(
            &admin,
            &olivia,
            Some("ServerSupport"),
            &SERVER_SUPPORT_PERMS,
            true,
        );
        assert_access(&admin, &owen, Some("Data"), &DATA_PERMS, true);
        assert_access(&admin, &otto, Some("Default"), &DEFAULT_PERMS, true);
        let log = activity(&admin);
        assert_latest_change(
            &log,
            &olivia,
            &["Role: Data", "Requests: off"],
            &["Role: ServerSupport", "Requests: on"],
            "Okta",
        );

        // Moving Data above ServerSupport changes only the users in both groups.
        let data_role = role_id(&admin, "Data");
        let changes_before = permission_changes(&activity(&admin)).len();
        let after_first = move_role(&admin, &data_role, "up");
        let names = |list: &[Value]| -> Vec<String> {
            list.iter()
                .map(|r| r["source_group"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(
            names(&after_first),
            ["Default", "ServerSupport", "Data", "WindowsAdministrators"]
        );
        assert_eq!(
            permission_changes(&activity(&admin)).len(),
            changes_before,
            "Data still below ServerSupport: nobody's access changed"
        );
        assert_access(
            &admin,
            &olivia,
            Some("ServerSupport"),
            &SERVER_SUPPORT_PERMS,
            true,
        );
        let after_second = move_role(&admin, &data_role, "up");
        assert_eq!(
            names(&after_second),
            ["Default", "Data", "ServerSupport", "WindowsAdministrators"]
        );
        assert_eq!(
            role_names(&admin),
            ["Default", "Data", "ServerSupport", "WindowsAdministrators"]
        );
        assert_access(&admin, &olivia, Some("Data"), &DATA_PERMS, true);
        assert_access(&admin, &owen, Some("Data"), &DATA_PERMS, true);
        assert_access(&admin, &otto, Some("Default"), &DEFAULT_PERMS, true);
        let log = activity(&admin);
        let new_changes = permission_changes(&log);
        assert_eq!(
            new_changes.len(),
            changes_before + 1,
            "only Olivia's access changed: {new_changes:#?}"
        );
        assert_eq!(new_changes[0]["user"], olivia.user_name.as_str());
        assert_latest_change(
            &log,
            &olivia,
            &["Role: ServerSupport", "Requests: on"],
            &["Role: Data", "Requests: off"],
            ADMIN,
        );

        // Renaming the Data group (Okta's no-path replace) takes the Data role away from its
        // members: Owen falls back to Default, Olivia to her other group's role.
        okta_rename_group(&app, &data, "Analytics");
        assert_access(&admin, &owen, Some("Default"), &DEFAULT_PERMS, true);
        assert_access(
            &admin,
            &olivia,
            Some("ServerSupport"),
            &SERVER_SUPPORT_PERMS,
            true,
        );
        assert_access(&admin, &otto, Some("Default"), &DEFAULT_PERMS, true);
        let mut groups: Vec<String> =
            serde_json::from_value(user_named(&admin, &olivia.user_name)["groups"].clone())
                .unwrap();
        groups.sort();
        assert_eq!(groups, ["Analytics", "ServerSupport"]);
        let log = activity(&admin);
        assert_latest_change(
            &log,
            &owen,
            &["Role: Data"],
            &["Role: Default", "Requests: on"],
            "Okta",
        );
        assert_latest_change(
            &log,
            &olivia,
            &["Role: Data"],
            &["Role: ServerSupport", "Requests: on"],
            "Okta",
        );
        assert_eq!(
            permission_changes_of(&log, &otto.user_name).len(),
            1,
            "Otto was never affected: {log:#?}"
        );
    });
}

#[test]
fn no_roles_means_full_access_and_the_first_role_ends_it_for_users_in_no_group() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        assert!(roles(&admin).is_empty());

        let otto = provision(&app, "Otto", "Redding");
        assert_access(&admin, &otto, Some("full access"), &PERMISSIONS, true);
        let log = activity(&admin);
        assert_latest_change(&log, &otto, &[], &["Role: full access"], "Okta");

        // The first role is not a default: Otto, in no group, loses all access at once.
        create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        assert_access(&admin, &otto, None, &[], true);
        let log = activity(&admin);
        assert_latest_change(
            &log,
            &otto,
            &["Role: full access", "Users: on"],
            &["Role: no access", "Users: off"],
            ADMIN,
        );

        // A default role gives him access again; deleting every role gives full access back.
        let default = create_role(&admin, &role("Default", true, &DEFAULT_PERMS, true));
        assert_access(&admin, &otto, Some("Default"), &DEFAULT_PERMS, true);
        let data = role_id(&admin, "Data");
        for id in [default["id"].as_str().unwrap(), data.as_str()] {
            let r = admin.call("DELETE", &format!("/roles/{id}"), None);
            assert_eq!(r.status, 204, "{r:?}");
        }
        assert!(roles(&admin).is_empty());
        assert_access(&admin, &otto, Some("full access"), &PERMISSIONS, true);
    });
}

#[test]
fn group_renames_into_a_role_name_push_now_and_unassigning_follow_the_groups() {
    each_backend(|app| {
        let admin = app.admin_client(ADMIN);
        for body in manual_roles() {
            create_role(&admin, &body);
        }
        let olivia = provision(&app, "Olivia", "Lim");
        let owen = provision(&app, "Owen", "Clive");

        // Okta's rename flow (Helpdesk → ServerSupport): the members gain ServerSupport.
        let group = push_group(&app, "Helpdesk", &[&olivia, &owen]);
        assert_access(&admin, &olivia, Some("Default"), &DEFAULT_PERMS, true);
        okta_rename_group(&app, &group, "ServerSupport");
        for p in [&olivia, &owen] {
            assert_access(
                &admin,
                p,
                Some("ServerSupport"),
                &SERVER_SUPPORT_PERMS,
                true,
            );
            let log = activity(&admin);
            assert_latest_change(
                &log,
                p,
                &["Role: Default"],
                &["Role: ServerSupport"],
                "Okta",
            );
        }

        // "Push now" with an empty member list clears the members: back to Default.
        let r = app.scim(
            "PATCH",
            &format!("/Groups/{group}"),
            Some(&json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "replace", "path": "members", "value": []}]
            })),
        );
        assert!(r.status == 200 || r.status == 204, "{r:?}");
        for p in [&olivia, &owen] {
            assert_access(&admin, p, Some("Default"), &DEFAULT_PERMS, true);
            assert_eq!(user_named(&admin, &p.user_name)["groups"], json!([]));
        }

        // Unassigning the pushed Data group in Okta deletes it: its members lose Data.
        let data = push_group(&app, "Data", &[&olivia]);
        assert_access(&admin, &olivia, Some("Data"), &DATA_PERMS, true);
        let r = app.scim("DELETE", &format!("/Groups/{data}"), None);
        assert_eq!(r.status, 204, "{r:?}");
        assert_access(&admin, &olivia, Some("Default"), &DEFAULT_PERMS, true);
        assert_eq!(user_named(&admin, &olivia.user_name)["groups"], json!([]));
        assert_latest_change(
            &activity(&admin),
            &olivia,
            &["Role: Data", "Requests: off"],
            &["Role: Default", "Requests: on"],
            "Okta",
        );
        assert_access(&admin, &owen, Some("Default"), &DEFAULT_PERMS, true);
    });
}

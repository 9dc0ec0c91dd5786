//! Scenario helpers for the role, access and JSON API tests: the manual's roles as API
//! bodies, Okta-shaped SCIM requests, and views of `/api/v1` (users, roles, activity).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};

use super::{agent, ApiClient, Reply, TestApp};

/// The six permissions, in the order PRODUCT.md §8 lists them.
pub const PERMISSIONS: [&str; 6] = [
    "users",
    "settings",
    "inventory",
    "requests",
    "auditlog",
    "reports",
];

/// `{"users": …, …}` with exactly `granted` set to true.
pub fn permissions(granted: &[&str]) -> Value {
    for g in granted {
        assert!(PERMISSIONS.contains(g), "unknown permission {g}");
    }
    let map: serde_json::Map<String, Value> = PERMISSIONS
        .iter()
        .map(|p| ((*p).to_owned(), Value::Bool(granted.contains(p))))
        .collect();
    Value::Object(map)
}

/// The unrestricted scope with `manage_mac` as given.
pub fn scope(manage_mac: bool) -> Value {
    json!({
        "manage_mac": manage_mac,
        "end_user_groups": [],
        "end_user_ous": [],
        "computer_groups": [],
        "computer_ous": []
    })
}

/// A role body for `POST /api/v1/roles` (every field spelled out).
pub fn role(source_group: &str, is_default: bool, granted: &[&str], manage_mac: bool) -> Value {
    json!({
        "source_group": source_group,
        "is_default": is_default,
        "permissions": permissions(granted),
        "scope": scope(manage_mac)
    })
}

/// Default's permissions in the manual's example.
pub const DEFAULT_PERMS: [&str; 4] = ["inventory", "requests", "auditlog", "reports"];
/// ServerSupport's permissions.
pub const SERVER_SUPPORT_PERMS: [&str; 4] = ["inventory", "requests", "auditlog", "reports"];
/// WindowsAdministrators' permissions.
pub const WINDOWS_ADMINS_PERMS: [&str; 6] = PERMISSIONS;
/// Data's permissions.
pub const DATA_PERMS: [&str; 3] = ["inventory", "auditlog", "reports"];

/// The four roles of the manual's Task B example, in the manual's order.
pub fn manual_roles() -> Vec<Value> {
    vec![
        role("Default", true, &DEFAULT_PERMS, true),
        role("ServerSupport", false, &SERVER_SUPPORT_PERMS, true),
        role("WindowsAdministrators", false, &WINDOWS_ADMINS_PERMS, false),
        role("Data", false, &DATA_PERMS, true),
    ]
}

/// `given.family@example.com`, lower-case.
pub fn email_of(given: &str, family: &str) -> String {
    format!("{}.{}@example.com", given, family).to_lowercase()
}

/// The body Okta sends to create a user (shape of testdata/scim/okta/03-create-user.json).
pub fn okta_user(given: &str, family: &str) -> Value {
    let email = email_of(given, family);
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": email,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"primary": true, "value": email, "type": "work"}],
        "displayName": format!("{given} {family}"),
        "locale": "en-US",
        "externalId": format!("00u{}{}", given.to_uppercase(), family.to_uppercase()),
        "groups": [],
        "password": "8Qv2mZr1",
        "active": true
    })
}

/// A SCIM-provisioned person: id and userName.
#[derive(Debug, Clone)]
pub struct Person {
    /// The SCIM id.
    pub id: String,
    /// The userName (their email).
    pub user_name: String,
}

/// Okta provisions `given family` (POST /Users); asserts 201.
pub fn provision(app: &TestApp, given: &str, family: &str) -> Person {
    let r = app.scim("POST", "/Users", Some(&okta_user(given, family)));
    assert_eq!(
        r.status, 201,
        "{}: provisioning {given} {family}: {r:?}",
        app.backend
    );
    Person {
        id: r.json["id"].as_str().expect("user id").to_owned(),
        user_name: r.json["userName"].as_str().expect("userName").to_owned(),
    }
}

fn patch_op(operations: Value) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": operations
    })
}

fn assert_patched(app: &TestApp, what: &str, r: &Reply) {
    assert!(
        r.status == 200 || r.status == 204,
        "{}: {what}: {r:?}",
        app.backend
    );
}

/// Okta creates a pushed group (POST /Groups with no members); returns its id.
pub fn okta_create_group(app: &TestApp, name: &str) -> String {
    let r = app.scim(
        "POST",
        "/Groups",
        Some(&json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": name,
            "members": []
        })),
    );
    assert_eq!(
        r.status, 201,
        "{}: creating group {name}: {r:?}",
        app.backend
    );
    r.json["id"].as_str().expect("group id").to_owned()
}

/// Okta adds members to a pushed group (PATCH add `members`).
pub fn okta_add_members(app: &TestApp, group_id: &str, people: &[&Person]) {
    let value: Vec<Value> = people
        .iter()
        .map(|p| json!({"value": p.id, "display": p.user_name}))
        .collect();
    let r = app.scim(
        "PATCH",
        &format!("/Groups/{group_id}"),
        Some(&patch_op(
            json!([{"op": "add", "path": "members", "value": value}]),
        )),
    );
    assert_patched(app, "adding members", &r);
}

/// Okta removes one member (PATCH remove `members[value eq "<id>"]`).
pub fn okta_remove_member(app: &TestApp, group_id: &str, person: &Person) {
    let r = app.scim(
        "PATCH",
        &format!("/Groups/{group_id}"),
        Some(&patch_op(json!([{
            "op": "remove",
            "path": format!("members[value eq \"{}\"]", person.id)
        }]))),
    );
    assert_patched(app, "removing a member", &r);
}

/// Okta renames a group (no-path replace with `{"id", "displayName"}`).
pub fn okta_rename_group(app: &TestApp, group_id: &str, name: &str) {
    let r = app.scim(
        "PATCH",
        &format!("/Groups/{group_id}"),
        Some(&patch_op(json!([{
            "op": "replace",
            "value": {"id": group_id, "displayName": name}
        }]))),
    );
    assert_patched(app, "renaming a group", &r);
}

/// Okta pushes a group: creates it, then adds `people`. Returns the group id.
pub fn push_group(app: &TestApp, name: &str, people: &[&Person]) -> String {
    let id = okta_create_group(app, name);
    if !people.is_empty() {
        okta_add_members(app, &id, people);
    }
    id
}

/// Okta deactivates a user (PATCH replace `active` with Okta's boolean value).
pub fn okta_deactivate(app: &TestApp, person: &Person) {
    let r = app.scim(
        "PATCH",
        &format!("/Users/{}", person.id),
        Some(&patch_op(
            json!([{"op": "replace", "value": {"active": false}}]),
        )),
    );
    assert_patched(app, "deactivating a user", &r);
}

/// `POST /roles`; asserts 201 and returns the stored role.
pub fn create_role(admin: &ApiClient, body: &Value) -> Value {
    let r = admin.call("POST", "/roles", Some(body));
    assert_eq!(r.status, 201, "creating role {body}: {r:?}");
    r.json
}

/// `GET /roles`; asserts 200.
pub fn roles(admin: &ApiClient) -> Vec<Value> {
    let r = admin.call("GET", "/roles", None);
    assert_eq!(r.status, 200, "{r:?}");
    r.json.as_array().expect("roles array").clone()
}

/// The source groups of `GET /roles`, in order.
pub fn role_names(admin: &ApiClient) -> Vec<String> {
    roles(admin)
        .iter()
        .map(|r| r["source_group"].as_str().expect("source_group").to_owned())
        .collect()
}

/// The id of the role mapping `group` (exact name).
pub fn role_id(admin: &ApiClient, group: &str) -> String {
    roles(admin)
        .iter()
        .find(|r| r["source_group"] == group)
        .unwrap_or_else(|| panic!("no role {group}"))["id"]
        .as_str()
        .expect("role id")
        .to_owned()
}

/// `POST /roles/{id}/move`; asserts 200 and returns the new list.
pub fn move_role(admin: &ApiClient, id: &str, direction: &str) -> Vec<Value> {
    let r = admin.call(
        "POST",
        &format!("/roles/{id}/move"),
        Some(&json!({ "direction": direction })),
    );
    assert_eq!(r.status, 200, "moving {id} {direction}: {r:?}");
    r.json.as_array().expect("roles array").clone()
}

/// `GET /users`; asserts 200.
pub fn users(admin: &ApiClient) -> Vec<Value> {
    let r = admin.call("GET", "/users", None);
    assert_eq!(r.status, 200, "{r:?}");
    r.json.as_array().expect("users array").clone()
}

/// The portal user named `user_name` in `GET /users`.
pub fn user_named(admin: &ApiClient, user_name: &str) -> Value {
    users(admin)
        .into_iter()
        .find(|u| u["user_name"] == user_name)
        .unwrap_or_else(|| panic!("{user_name} is not in GET /api/v1/users"))
}

/// Asserts `person`'s role in `GET /users` and that their permissions and scope are that
/// role's (`granted`, `manage_mac`, no lists).
pub fn assert_access(
    admin: &ApiClient,
    person: &Person,
    role: Option<&str>,
    granted: &[&str],
    manage_mac: bool,
) {
    let u = user_named(admin, &person.user_name);
    let role_json = role.map_or(Value::Null, |r| Value::String(r.to_owned()));
    assert_eq!(u["role"], role_json, "{}: role of {u}", person.user_name);
    assert_eq!(
        u["permissions"],
        permissions(granted),
        "{}: permissions of {u}",
        person.user_name
    );
    assert_eq!(
        u["scope"],
        scope(manage_mac),
        "{}: scope of {u}",
        person.user_name
    );
}

/// `person`'s `role` in `GET /users` (a name, `"full access"` or `null`).
pub fn role_of(admin: &ApiClient, person: &Person) -> Value {
    user_named(admin, &person.user_name)["role"].clone()
}

/// The keys of a JSON object, sorted.
pub fn sorted_keys(v: &Value) -> Vec<String> {
    let mut keys: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// `GET /scim/activity` (newest first, up to 500 entries); asserts 200.
pub fn activity(admin: &ApiClient) -> Vec<Value> {
    let r = admin.call("GET", "/scim/activity?limit=500", None);
    assert_eq!(r.status, 200, "{r:?}");
    r.json.as_array().expect("activity array").clone()
}

/// The "Permissions changed" entries (newest first).
pub fn permission_changes(entries: &[Value]) -> Vec<Value> {
    entries
        .iter()
        .filter(|e| e["description"] == "Permissions changed")
        .cloned()
        .collect()
}

/// The "Permissions changed" entries about `user_name` (newest first).
pub fn permission_changes_of(entries: &[Value], user_name: &str) -> Vec<Value> {
    permission_changes(entries)
        .into_iter()
        .filter(|e| e["user"] == user_name)
        .collect()
}

/// Asserts that the newest "Permissions changed" entry about `person` has From containing
/// every item of `from`, To containing every item of `to`, and the initiator.
pub fn assert_latest_change(
    entries: &[Value],
    person: &Person,
    from: &[&str],
    to: &[&str],
    initiator: &str,
) {
    let changes = permission_changes_of(entries, &person.user_name);
    let latest = changes.first().unwrap_or_else(|| {
        panic!(
            "no \"Permissions changed\" entry for {} in {entries:#?}",
            person.user_name
        )
    });
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    for f in from {
        assert!(
            text(&latest["from"]).contains(f),
            "From of {latest} should contain {f:?}"
        );
    }
    for t in to {
        assert!(
            text(&latest["to"]).contains(t),
            "To of {latest} should contain {t:?}"
        );
    }
    assert_eq!(latest["initiator"], initiator, "initiator of {latest}");
}

/// Asserts an API error: the status, a JSON `{"error": <non-empty string>, "detail":
/// <string>}` body, and that the detail contains each of `detail_has`.
pub fn assert_api_error(r: &Reply, status: u16, detail_has: &[&str]) {
    assert_eq!(r.status, status, "{r:?}");
    assert!(
        r.content_type.starts_with("application/json"),
        "content type of {r:?}"
    );
    let obj = r
        .json
        .as_object()
        .unwrap_or_else(|| panic!("not JSON: {r:?}"));
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["detail", "error"], "error body fields: {r:?}");
    assert!(
        !r.json["error"].as_str().unwrap_or_default().is_empty(),
        "error code: {r:?}"
    );
    let detail = r.json["detail"]
        .as_str()
        .unwrap_or_else(|| panic!("detail: {r:?}"));
    for d in detail_has {
        assert!(detail.contains(d), "detail {detail:?} should contain {d:?}");
    }
}

/// A client signed in as a SCIM user, as the SAML sign-in would leave it: a session token
/// signed with the server's session secret (read from the database), kind `scim`.
pub fn scim_session(app: &TestApp, person: &Person) -> ApiClient {
    use portal::services::session::{SessionKind, SessionSigner, COOKIE_NAME};
    let secret = portal::services::settings::session_secret(&app.store).expect("session secret");
    let signer = SessionSigner::new(secret.as_bytes()).expect("signer");
    let (token, _) = signer
        .issue(&person.id, SessionKind::Scim)
        .expect("session token");
    ApiClient {
        base_url: app.base_url.clone(),
        agent: agent(),
        cookie: Some(format!("{COOKIE_NAME}={token}")),
    }
}

/// A client without a session.
pub fn anonymous(app: &TestApp) -> ApiClient {
    ApiClient {
        base_url: app.base_url.clone(),
        agent: agent(),
        cookie: None,
    }
}

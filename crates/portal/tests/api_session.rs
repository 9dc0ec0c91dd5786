//! Sessions (`POST`/`DELETE /api/v1/session`), `GET /api/v1/me` and the portal users of
//! `/api/v1/users` (PRODUCT.md §6–§8): the cookie's attributes, uniform sign-in failures,
//! tokens that must not be accepted, and SCIM users being read-only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use base64::Engine as _;
use serde_json::{json, Value};
use support::scenario::*;
use support::{each_backend, ApiClient, Reply, TestApp};

const EMAIL: &str = "boss@example.com";
const PASSWORD: &str = "a long and secret passphrase";

/// A parsed `Set-Cookie`: name, value, and attributes (names lower-cased).
struct SetCookie {
    name: String,
    value: String,
    attributes: Vec<(String, String)>,
}

impl SetCookie {
    fn parse(header: &str) -> SetCookie {
        let mut parts = header.split(';').map(str::trim);
        let (name, value) = parts.next().unwrap().split_once('=').unwrap();
        let attributes = parts
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), v.trim().to_owned()),
                None => (p.to_ascii_lowercase(), String::new()),
            })
            .collect();
        SetCookie {
            name: name.to_owned(),
            value: value.to_owned(),
            attributes,
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The `gatehouse_session` cookies a response sets.
fn session_cookies(r: &Reply) -> Vec<SetCookie> {
    r.set_cookie
        .iter()
        .map(|h| SetCookie::parse(h))
        .filter(|c| c.name == "gatehouse_session")
        .collect()
}

fn sign_in(app: &TestApp, email: &str, password: &str) -> Reply {
    anonymous(app).call(
        "POST",
        "/session",
        Some(&json!({"email": email, "password": password})),
    )
}

/// Creates the administrator and signs in; returns the client and the token.
fn admin_session(app: &TestApp) -> (ApiClient, String) {
    portal::services::admins::create(&app.store, EMAIL, PASSWORD).unwrap();
    let r = sign_in(app, EMAIL, PASSWORD);
    assert!(r.status == 200 || r.status == 204, "{r:?}");
    let cookies = session_cookies(&r);
    assert_eq!(cookies.len(), 1, "{r:?}");
    let token = cookies[0].value.clone();
    let mut client = anonymous(app);
    client.cookie = Some(format!("gatehouse_session={token}"));
    (client, token)
}

fn with_token(app: &TestApp, token: &str) -> ApiClient {
    let mut client = anonymous(app);
    client.cookie = Some(format!("gatehouse_session={token}"));
    client
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

#[test]
fn signing_in_sets_an_http_only_same_site_lax_session_cookie() {
    each_backend(|app| {
        portal::services::admins::create(&app.store, EMAIL, PASSWORD).unwrap();
        let r = sign_in(&app, EMAIL, PASSWORD);
        assert!(r.status == 200 || r.status == 204, "{r:?}");
        let cookies = session_cookies(&r);
        assert_eq!(cookies.len(), 1, "one session cookie: {r:?}");
        let c = &cookies[0];
        assert!(!c.value.is_empty());
        assert!(c.attr("httponly").is_some(), "HttpOnly: {r:?}");
        assert_eq!(
            c.attr("samesite").map(str::to_ascii_lowercase).as_deref(),
            Some("lax"),
            "{r:?}"
        );
        assert!(
            c.attr("secure").is_none(),
            "not Secure over plain http: {r:?}"
        );
        assert_eq!(c.attr("path"), Some("/"), "{r:?}");

        let me = with_token(&app, &c.value).call("GET", "/me", None);
        assert_eq!(me.status, 200, "{}: {me:?}", app.backend);
        assert_eq!(me.json["email"], EMAIL);
    });
}

#[test]
fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    each_backend(|app| {
        portal::services::admins::create(&app.store, EMAIL, PASSWORD).unwrap();
        let wrong = sign_in(&app, EMAIL, "not the passphrase at all");
        assert_api_error(&wrong, 401, &[]);
        assert!(session_cookies(&wrong).is_empty(), "{wrong:?}");
        let unknown = sign_in(&app, "nobody@example.com", PASSWORD);
        assert_api_error(&unknown, 401, &[]);
        assert!(session_cookies(&unknown).is_empty(), "{unknown:?}");
        assert_eq!(
            wrong.json, unknown.json,
            "the answer must not reveal which emails exist"
        );
        let empty = sign_in(&app, EMAIL, "");
        assert_api_error(&empty, 401, &[]);

        // Malformed bodies are 400s naming the problem.
        let r = anonymous(&app).call("POST", "/session", Some(&json!({"email": EMAIL})));
        assert_api_error(&r, 400, &["password"]);
        let r = anonymous(&app).call(
            "POST",
            "/session",
            Some(&json!({"email": EMAIL, "password": PASSWORD, "remember": true})),
        );
        assert_api_error(&r, 400, &["remember"]);
        let r = anonymous(&app).call(
            "POST",
            "/session",
            Some(&json!({"email": EMAIL, "password": 42})),
        );
        assert_api_error(&r, 400, &["password"]);
    });
}

#[test]
fn me_shows_a_local_administrator_with_full_access() {
    each_backend(|app| {
        let (client, _) = admin_session(&app);
        let me = client.call("GET", "/me", None);
        assert_eq!(me.status, 200, "{me:?}");
        assert!(me.content_type.starts_with("application/json"), "{me:?}");
        assert_eq!(me.json["email"], EMAIL);
        assert_eq!(me.json["source"], "local");
        assert_eq!(me.json["role"], "full access");
        assert_eq!(me.json["permissions"], permissions(&PERMISSIONS));
        assert_eq!(me.json["scope"], scope(true));
        // Roles do not limit local administrators.
        create_role(&client, &role("Data", true, &DATA_PERMS, false));
        let me = client.call("GET", "/me", None);
        assert_eq!(me.json["role"], "full access", "{}", app.backend);
        assert_eq!(me.json["permissions"], permissions(&PERMISSIONS));
    });
}

#[test]
fn me_shows_a_scim_user_with_their_roles_access() {
    each_backend(|app| {
        let admin = app.admin_client("admin@example.com");
        for body in manual_roles() {
            create_role(&admin, &body);
        }
        let olivia = provision(&app, "Olivia", "Lim");
        push_group(&app, "Data", &[&olivia]);
        let as_olivia = scim_session(&app, &olivia);
        let me = as_olivia.call("GET", "/me", None);
        assert_eq!(me.status, 200, "{me:?}");
        assert_eq!(me.json["email"], olivia.user_name.as_str());
        assert_eq!(me.json["source"], "scim");
        assert_eq!(me.json["role"], "Data");
        assert_eq!(me.json["permissions"], permissions(&DATA_PERMS));
        assert_eq!(me.json["scope"], scope(true));
        // Data has no users permission: User Logins and the activity log are refused.
        let own = format!("/users/{}", olivia.id);
        for (method, path) in [
            ("GET", "/users"),
            ("GET", own.as_str()),
            ("DELETE", own.as_str()),
            ("GET", "/scim/activity"),
        ] {
            let r = as_olivia.call(method, path, None);
            assert_api_error(&r, 403, &[]);
        }

        // A role change applies to her next request; deactivation ends her session.
        let id = role_id(&admin, "Data");
        let r = admin.call(
            "PUT",
            &format!("/roles/{id}"),
            Some(&role("Data", false, &["reports"], false)),
        );
        assert_eq!(r.status, 200, "{r:?}");
        let me = as_olivia.call("GET", "/me", None);
        assert_eq!(me.json["permissions"], permissions(&["reports"]));
        assert_eq!(me.json["scope"], scope(false));
        okta_deactivate(&app, &olivia);
        let me = as_olivia.call("GET", "/me", None);
        assert_api_error(&me, 401, &[]);
    });
}

#[test]
fn signing_out_clears_the_cookie() {
    each_backend(|app| {
        let (client, _) = admin_session(&app);
        let r = client.call("DELETE", "/session", None);
        assert!(r.status == 200 || r.status == 204, "{r:?}");
        let cookies = session_cookies(&r);
        assert_eq!(cookies.len(), 1, "a removal cookie: {r:?}");
        let c = &cookies[0];
        assert!(c.value.is_empty(), "{r:?}");
        assert_eq!(c.attr("path"), Some("/"), "{r:?}");
        let max_age_zero = c.attr("max-age") == Some("0");
        let expired = c
            .attr("expires")
            .and_then(|e| chrono::DateTime::parse_from_rfc2822(e).ok())
            .is_some_and(|t| t < chrono::Utc::now());
        assert!(max_age_zero || expired, "not a removal: {r:?}");

        // The browser then sends no cookie: not signed in.
        let me = anonymous(&app).call("GET", "/me", None);
        assert_api_error(&me, 401, &[]);
        let users = anonymous(&app).call("GET", "/users", None);
        assert_api_error(&users, 401, &[]);
    });
}

#[test]
fn tampered_expired_and_foreign_tokens_are_401() {
    each_backend(|app| {
        let (client, token) = admin_session(&app);
        assert_eq!(client.call("GET", "/me", None).status, 200);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3, "a signed token: {token}");
        let claims: Value = serde_json::from_slice(&unb64(parts[1])).unwrap();

        let mut bad: Vec<(&str, String)> = Vec::new();
        // One character of the signature changed.
        let mut sig: Vec<char> = parts[2].chars().collect();
        sig[0] = if sig[0] == 'A' { 'B' } else { 'A' };
        bad.push((
            "signature changed",
            format!(
                "{}.{}.{}",
                parts[0],
                parts[1],
                sig.iter().collect::<String>()
            ),
        ));
        // The claims changed (a longer session), the signature kept.
        let mut longer = claims.clone();
        longer["exp"] = json!(claims["exp"].as_i64().unwrap() + 86_400);
        bad.push((
            "claims changed",
            format!(
                "{}.{}.{}",
                parts[0],
                b64(&serde_json::to_vec(&longer).unwrap()),
                parts[2]
            ),
        ));
        bad.push(("signature removed", format!("{}.{}.", parts[0], parts[1])));
        bad.push((
            "alg none",
            format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT"}"#), parts[1]),
        ));
        bad.push(("garbage", "not-a-token".to_owned()));
        bad.push(("empty", String::new()));
        // Signed with another secret.
        let other = portal::services::session::SessionSigner::new(
            b"another secret that is not the server's one",
        )
        .unwrap();
        let sub = claims["sub"].as_str().unwrap();
        let (foreign, _) = other
            .issue(sub, portal::services::session::SessionKind::Local)
            .unwrap();
        bad.push(("foreign secret", foreign));
        // Signed with the right secret but expired (beyond any leeway).
        let secret = portal::services::settings::session_secret(&app.store).unwrap();
        let mut expired = claims.clone();
        let now = chrono::Utc::now().timestamp();
        expired["iat"] = json!(now - 7200);
        expired["exp"] = json!(now - 3600);
        let expired = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &expired,
            &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()).unwrap(),
        )
        .unwrap();
        bad.push(("expired", expired));
        // The administrator's id presented as a SCIM user's session.
        let mut as_scim = claims.clone();
        as_scim["kind"] = json!("scim");
        let as_scim = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &as_scim,
            &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()).unwrap(),
        )
        .unwrap();
        bad.push(("admin id as a SCIM session", as_scim));

        for (what, token) in &bad {
            let r = with_token(&app, token).call("GET", "/me", None);
            assert_eq!(r.status, 401, "{}: {what}: {r:?}", app.backend);
            assert_api_error(&r, 401, &[]);
        }
        // The genuine token still works.
        assert_eq!(client.call("GET", "/me", None).status, 200);
    });
}

#[test]
fn users_lists_administrators_and_scim_users_with_their_access() {
    each_backend(|app| {
        let (admin, _) = admin_session(&app);
        for body in manual_roles() {
            create_role(&admin, &body);
        }
        let olivia = provision(&app, "Olivia", "Lim");
        let otto = provision(&app, "Otto", "Redding");
        push_group(&app, "Data", &[&olivia]);
        push_group(&app, "ServerSupport", &[&olivia]);

        let list = users(&admin);
        let fields = [
            "active",
            "display_name",
            "groups",
            "id",
            "permissions",
            "role",
            "scope",
            "source",
            "user_name",
        ];
        for u in &list {
            assert_eq!(sorted_keys(u), fields, "{u}");
        }
        assert_eq!(list.len(), 3, "{list:#?}");

        let me = admin.call("GET", "/me", None).json;
        let local = user_named(&admin, EMAIL);
        assert_eq!(local["source"], "local");
        assert_eq!(local["role"], "full access");
        assert_eq!(local["permissions"], permissions(&PERMISSIONS));
        assert_eq!(local["active"], true);
        assert_eq!(local["groups"], json!([]));
        if let Some(id) = me.get("id") {
            assert_eq!(&local["id"], id);
        }

        let o = user_named(&admin, &olivia.user_name);
        assert_eq!(o["id"], olivia.id.as_str());
        assert_eq!(o["source"], "scim");
        assert_eq!(o["display_name"], "Olivia Lim");
        assert_eq!(o["active"], true);
        let mut groups: Vec<String> = serde_json::from_value(o["groups"].clone()).unwrap();
        groups.sort();
        assert_eq!(groups, ["Data", "ServerSupport"], "{}", app.backend);
        assert_eq!(o["role"], "ServerSupport");
        assert_eq!(o["permissions"], permissions(&SERVER_SUPPORT_PERMS));
        assert_eq!(o["scope"], scope(true));
        assert_access(&admin, &otto, Some("Default"), &DEFAULT_PERMS, true);

        // One user by id: the same object as in the list.
        let r = admin.call("GET", &format!("/users/{}", olivia.id), None);
        assert_eq!(r.status, 200, "{r:?}");
        assert_eq!(r.json, o);
        let id = local["id"].as_str().unwrap();
        let r = admin.call("GET", &format!("/users/{id}"), None);
        assert_eq!(r.status, 200, "{r:?}");
        assert_eq!(r.json, local);
        let r = admin.call("GET", "/users/no-such-user", None);
        assert_api_error(&r, 404, &[]);

        // Deactivation shows.
        okta_deactivate(&app, &otto);
        assert_eq!(user_named(&admin, &otto.user_name)["active"], false);

        // Not signed in: 401.
        for path in ["/users".to_owned(), format!("/users/{}", olivia.id)] {
            let r = anonymous(&app).call("GET", &path, None);
            assert_api_error(&r, 401, &[]);
        }
    });
}

#[test]
fn scim_users_cannot_be_changed_through_the_api() {
    each_backend(|app| {
        let (admin, _) = admin_session(&app);
        create_role(&admin, &role("Data", false, &DATA_PERMS, true));
        let olivia = provision(&app, "Olivia", "Lim");
        push_group(&app, "Data", &[&olivia]);
        let before = user_named(&admin, &olivia.user_name);
        let path = format!("/users/{}", olivia.id);
        let edit =
            json!({"role": "WindowsAdministrators", "permissions": permissions(&PERMISSIONS)});

        for method in ["PUT", "PATCH", "DELETE"] {
            let body = (method != "DELETE").then_some(&edit);
            let r = admin.call(method, &path, body);
            assert_api_error(&r, 409, &["managed by your identity provider"]);
            let r = admin.call(method, "/users/no-such-user", body);
            assert_api_error(&r, 404, &[]);
            let r = anonymous(&app).call(method, &path, body);
            assert_api_error(&r, 401, &[]);
        }
        assert_eq!(
            user_named(&admin, &olivia.user_name),
            before,
            "{}: nothing changed",
            app.backend
        );
        let r = app.scim("GET", &format!("/Users/{}", olivia.id), None);
        assert_eq!(r.status, 200, "still provisioned: {r:?}");
    });
}

//! The SCIM endpoint's protocol behaviour: authentication, errors, media types, ETags.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::json;
use support::each_backend;

fn user(name: &str) -> serde_json::Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": name,
        "emails": [{"value": name, "type": "work", "primary": true}],
        "active": true
    })
}

#[test]
fn missing_or_wrong_key_is_401_with_www_authenticate() {
    each_backend(|app| {
        let r = app.request("GET", "/scim/v2/Users", &[], None);
        assert_eq!(r.status, 401, "{}", app.backend);
        assert!(r
            .www_authenticate
            .as_deref()
            .unwrap_or("")
            .starts_with("Bearer"));
        assert_eq!(r.json["status"], "401");
        assert_eq!(
            r.json["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
        let r = app.request(
            "GET",
            "/scim/v2/Users",
            &[("Authorization", "Bearer ghscim_wrong")],
            None,
        );
        assert_eq!(r.status, 401);
    });
}

#[test]
fn disabled_scim_refuses_the_right_key_with_403_and_says_why() {
    each_backend(|app| {
        let gate = portal::services::scim_gate::ScimGate::default();
        portal::services::scim_config::update(&app.store, &gate, false, "okta").unwrap();
        std::thread::sleep(portal::services::scim_gate::CACHE_TTL);
        let r = app.scim("GET", "/Users", None);
        assert_eq!(r.status, 403);
        assert!(r.json["detail"].as_str().unwrap().contains("disabled"));
    });
}

#[test]
fn create_conflict_not_found_and_bad_input() {
    each_backend(|app| {
        let r = app.scim("POST", "/Users", Some(&user("Ann@Example.com")));
        assert_eq!(r.status, 201, "{r:?}");
        assert!(r.content_type.starts_with("application/scim+json"));
        let id = r.json["id"].as_str().unwrap().to_owned();
        assert_eq!(
            r.location.as_deref(),
            Some(format!("{}/Users/{id}", app.scim_url()).as_str())
        );
        assert_eq!(r.etag.as_deref(), Some("W/\"1\""));

        let dup = app.scim("POST", "/Users", Some(&user("ann@example.COM")));
        assert_eq!(dup.status, 409);
        assert_eq!(dup.json["scimType"], "uniqueness");
        assert_eq!(dup.json["status"], "409");

        let missing = app.scim("GET", "/Users/does-not-exist", None);
        assert_eq!(missing.status, 404);
        assert_eq!(missing.json["status"], "404");

        let bad = app.request(
            "POST",
            "/scim/v2/Users",
            &[("Authorization", &format!("Bearer {}", app.scim_key))],
            None,
        );
        assert_eq!(bad.status, 400);
        assert_eq!(bad.json["scimType"], "invalidSyntax");

        let no_name = app.scim(
            "POST",
            "/Users",
            Some(&json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]})),
        );
        assert_eq!(no_name.status, 400);
        assert_eq!(no_name.json["scimType"], "invalidValue");

        let bad_filter = app.scim("GET", "/Users?filter=userName%20eq", None);
        assert_eq!(bad_filter.status, 400);
        assert_eq!(bad_filter.json["scimType"], "invalidFilter");
    });
}

#[test]
fn bodies_over_one_mebibyte_get_413() {
    each_backend(|app| {
        let big = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "big@example.com",
            "title": "x".repeat(1024 * 1024 + 10)
        });
        let r = app.scim("POST", "/Users", Some(&big));
        assert_eq!(r.status, 413);
        assert_eq!(r.json["status"], "413");
    });
}

#[test]
fn if_match_mismatch_is_412_and_nothing_changes() {
    each_backend(|app| {
        let id = app
            .scim("POST", "/Users", Some(&user("etag@example.com")))
            .json["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let url = format!("{}/Users/{id}", app.scim_url());
        let patch = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "displayName", "value": "New"}]});
        let auth = format!("Bearer {}", app.scim_key);
        let stale = support::send(
            &app.agent,
            "PATCH",
            &url,
            &[("Authorization", &auth), ("If-Match", "W/\"7\"")],
            Some(&patch),
        );
        assert_eq!(stale.status, 412);
        let fresh = support::send(
            &app.agent,
            "PATCH",
            &url,
            &[("Authorization", &auth), ("If-Match", "W/\"1\"")],
            Some(&patch),
        );
        assert_eq!(fresh.status, 200, "{fresh:?}");
        assert_eq!(fresh.json["displayName"], "New");
        assert_eq!(fresh.etag.as_deref(), Some("W/\"2\""));
        let del = support::send(
            &app.agent,
            "DELETE",
            &url,
            &[("Authorization", &auth), ("If-Match", "W/\"1\"")],
            None,
        );
        assert_eq!(del.status, 412);
        assert_eq!(app.scim("GET", &format!("/Users/{id}"), None).status, 200);
    });
}

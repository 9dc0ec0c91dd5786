//! Feeds arbitrary bytes to the PATCH pipeline as a request body: `decode_json`, then
//! `normalize`, `member_deltas` and `apply` against a user and a group. Checks that nothing
//! panics, that a failed `apply` leaves the resource unchanged with a 400 error, and that
//! a successful one leaves a JSON object.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use scim_core::message::{decode_json, PatchRequest};
use scim_core::patch::{apply, member_deltas, normalize, PatchPath};
use scim_core::schema::SchemaRegistry;
use serde_json::{json, Value};

static REGISTRY: LazyLock<SchemaRegistry> = LazyLock::new(SchemaRegistry::standard);

static RESOURCES: LazyLock<[(&'static str, Value); 2]> = LazyLock::new(|| {
    [
        (
            "User",
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                "id": "2819c223",
                "userName": "bjensen@example.com",
                "name": {"givenName": "Barbara", "familyName": "Jensen"},
                "active": true,
                "emails": [
                    {"value": "bjensen@example.com", "type": "work", "primary": true},
                    {"value": "babs@jensen.org", "type": "home"}
                ],
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                    "employeeNumber": "701984",
                    "manager": {"value": "26118915"}
                }
            }),
        ),
        (
            "Group",
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "id": "e9e30dba",
                "displayName": "Tour Guides",
                "members": [{"value": "2819c223", "display": "Babs"}, {"value": "902c246b"}]
            }),
        ),
    ]
});

fuzz_target!(|data: &[u8]| {
    let Ok(request) = decode_json::<PatchRequest>(data) else {
        return;
    };
    for op in &request.operations {
        if let Some(path) = &op.path {
            let _ = PatchPath::parse(path);
        }
    }
    let _ = member_deltas(&request.operations, "members");
    for (resource_type, resource) in RESOURCES.iter() {
        let Some(schema) = REGISTRY.resource_schema(resource_type) else {
            continue;
        };
        let ops = normalize(&request.operations, resource, &schema);
        let _ = member_deltas(&ops, "members");
        let mut patched = resource.clone();
        match apply(&mut patched, &ops, &schema) {
            Ok(()) => assert!(patched.is_object()),
            Err(e) => {
                assert_eq!(
                    &patched, resource,
                    "a failed PATCH changed the resource: {e}"
                );
                assert_eq!(e.status, 400, "{e}");
            }
        }
    }
});

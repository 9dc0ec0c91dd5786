//! Feeds arbitrary text to the filter parser. Checks that nothing panics, that whatever
//! parses prints to text that parses back to the same tree, and that binding and
//! evaluating the tree against a user never panic either.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use scim_core::filter::{parse, FilterErrorKind};
use scim_core::schema::SchemaRegistry;
use serde_json::{json, Value};

static REGISTRY: LazyLock<SchemaRegistry> = LazyLock::new(SchemaRegistry::standard);

static USER: LazyLock<Value> = LazyLock::new(|| {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223",
        "userName": "bjensen@example.com",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "active": true,
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
        "meta": {"lastModified": "2011-05-13T04:42:34Z"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984",
            "manager": {"value": "26118915"}
        }
    })
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(filter) = parse(text) else {
        return;
    };
    let printed = filter.to_string();
    match parse(&printed) {
        Ok(again) => assert_eq!(again, filter, "{text:?} printed as {printed:?}"),
        // Printing may lengthen a filter (numbers, escapes) or add parentheses (Entra's
        // `attr[a or b].sub op v`), past the limits.
        Err(e) => assert!(
            matches!(
                e.kind,
                FilterErrorKind::TooLong { .. } | FilterErrorKind::TooDeep { .. }
            ),
            "{text:?} printed as {printed:?}, which does not parse: {e}"
        ),
    }
    for resource_type in ["User", "Group"] {
        if let Some(schema) = REGISTRY.resource_schema(resource_type) {
            if let Ok(bound) = filter.bind(&schema) {
                let _ = bound.matches(&USER);
            }
        }
    }
});

//! Properties of `prepare`, `project` and `sort` on arbitrary JSON bodies: no panics,
//! 400 errors only, and a prepared resource is a fixed point.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::cmp::Ordering;

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use scim_core::projection::project;
use scim_core::resource::{prepare, WriteMode};
use scim_core::schema::SchemaRegistry;
use scim_core::sort::compare;
use scim_core::AttrPath;
use serde_json::{json, Value};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "userName", "USERNAME", "name", "givenName", "familyName", "emails", "value",
            "primary", "type", "active", "password", "id", "meta", "groups", "displayName",
            "externalId", "x509Certificates", "manager", "employeeNumber", "phoneNumbers",
            "schemas", ENTERPRISE,
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        ])
        .prop_map(String::from),
        1 => "[a-zA-Zé:.$]{0,8}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-zA-Z0-9@.=+/ é-]{0,12}".prop_map(Value::from),
        prop::sample::select(vec!["2020-01-01T00:00:00Z", "True", "false", "TWFu", ""])
            .prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 40, 5, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(key(), inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Mostly plausible bodies: the core URN and a userName are usually there.
fn body() -> impl Strategy<Value = Value> {
    (btree_map(key(), value(), 0..8), any::<bool>(), "[a-z]{1,6}").prop_map(
        |(fields, plausible, user_name)| {
            let mut body: serde_json::Map<String, Value> = fields.into_iter().collect();
            if plausible {
                body.insert("schemas".into(), json!([USER]));
                body.insert("userName".into(), json!(user_name));
            }
            Value::Object(body)
        },
    )
}

/// `name` in a random letter case.
fn any_case(name: &'static str) -> impl Strategy<Value = String> {
    vec(any::<bool>(), name.len()).prop_map(move |upper| {
        name.chars()
            .zip(upper)
            .map(|(c, u)| if u { c.to_ascii_uppercase() } else { c })
            .collect()
    })
}

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => "[a-zA-Z0-9@. é-]{1,12}".prop_map(Value::from),
        1 => Just(Value::Null),
    ]
}

fn email() -> impl Strategy<Value = Value> {
    (
        text(),
        prop::sample::select(vec!["work", "home"]),
        any::<bool>(),
        any_case("value"),
    )
        .prop_map(|(value, kind, primary, value_key)| {
            let mut m = serde_json::Map::new();
            m.insert(value_key, value);
            m.insert("type".into(), json!(kind));
            if primary {
                m.insert("primary".into(), json!("True"));
            }
            Value::Object(m)
        })
}

/// Well-typed User bodies in the shapes clients send: names in any case, nulls, single
/// values for lists, booleans as strings, read-only and unknown attributes.
fn plausible_user() -> impl Strategy<Value = Value> {
    (
        (any_case("userName"), "[a-z]{1,8}"),
        prop::option::of((any_case("name"), text(), text())),
        prop::option::of(prop_oneof![
            vec(email(), 0..3).prop_map(Value::Array),
            email(),
            Just(json!([])),
        ]),
        prop::option::of(prop_oneof![
            Just(json!(true)),
            Just(json!("False")),
            Just(Value::Null)
        ]),
        prop::option::of((text(), text())),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |((un_key, un), name, emails, active, enterprise, (ro, unknown, pw))| {
                let mut body = serde_json::Map::new();
                body.insert("schemas".into(), json!([USER, ENTERPRISE]));
                body.insert(un_key, json!(un));
                if let Some((key, given, family)) = name {
                    body.insert(key, json!({"givenName": given, "FAMILYNAME": family}));
                }
                if let Some(e) = emails {
                    body.insert("Emails".into(), e);
                }
                if let Some(a) = active {
                    body.insert("active".into(), a);
                }
                if let Some((number, manager)) = enterprise {
                    body.insert(
                        ENTERPRISE.to_uppercase(),
                        json!({"employeeNumber": number, "manager": manager}),
                    );
                }
                if ro {
                    body.insert("id".into(), json!("client-id"));
                    body.insert("meta".into(), json!({"resourceType": "User"}));
                    body.insert("groups".into(), json!([{"value": "g1"}]));
                }
                if unknown {
                    body.insert("shoeSize".into(), json!(44));
                }
                if pw {
                    body.insert("password".into(), json!("s3cret"));
                }
                Value::Object(body)
            },
        )
}

proptest! {
    #[test]
    fn prepare_is_total_and_its_output_is_a_fixed_point(input in body()) {
        let registry = SchemaRegistry::standard();
        let user = registry.resource_schema("User").unwrap();
        match prepare(input, &user, WriteMode::Create) {
            Err(e) => {
                prop_assert_eq!(e.status, 400);
                prop_assert!(e.scim_type.is_some());
            }
            Ok(out) => {
                prop_assert_eq!(&out["schemas"][0], &json!(USER));
                for dropped in ["password", "id", "meta", "groups"] {
                    prop_assert!(out.get(dropped).is_none(), "{} kept", dropped);
                }
                let again = prepare(out.clone(), &user, WriteMode::Create).unwrap();
                prop_assert_eq!(&again, &out);
                // Nothing of a prepared resource is hidden by the default projection.
                prop_assert_eq!(project(&out, &user, &[], &[]), out);
            }
        }
    }

    #[test]
    fn compare_is_antisymmetric_and_sorting_never_panics(
        resources in vec(body(), 0..8),
        by in prop::sample::select(vec![
            "userName", "name.givenName", "emails", "emails.value", "active",
            "meta.lastModified", "employeeNumber", "x509Certificates",
        ]),
        descending in any::<bool>(),
    ) {
        let registry = SchemaRegistry::standard();
        let user = registry.resource_schema("User").unwrap();
        let path = AttrPath::parse(by).unwrap();
        for a in &resources {
            prop_assert_eq!(compare(a, a, &path, &user, descending), Ordering::Equal);
            for b in &resources {
                prop_assert_eq!(
                    compare(a, b, &path, &user, descending),
                    compare(b, a, &path, &user, descending).reverse()
                );
            }
        }
        let mut sorted = resources.clone();
        sorted.sort_by(|a, b| compare(a, b, &path, &user, descending));
        for pair in sorted.windows(2) {
            prop_assert_ne!(compare(&pair[0], &pair[1], &path, &user, descending), Ordering::Greater);
        }
    }

    #[test]
    fn plausible_bodies_are_accepted_and_prepared_once_for_all(input in plausible_user()) {
        let registry = SchemaRegistry::standard();
        let user = registry.resource_schema("User").unwrap();
        let out = prepare(input.clone(), &user, WriteMode::Create);
        let primaries = input
            .get("Emails")
            .map(|e| e.to_string().matches("primary").count())
            .unwrap_or(0);
        if primaries > 1 {
            prop_assert!(out.is_err());
            return Ok(());
        }
        let out = out.unwrap();
        prop_assert!(out.get("userName").is_some());
        for key in out.as_object().unwrap().keys() {
            prop_assert!(
                ["schemas", "userName", "name", "emails", "active", ENTERPRISE].contains(&key.as_str()),
                "unexpected {}", key
            );
        }
        if let Some(active) = out.get("active") {
            prop_assert!(active.is_boolean());
        }
        prop_assert_eq!(prepare(out.clone(), &user, WriteMode::Create).unwrap(), out.clone());
        prop_assert_eq!(project(&out, &user, &[], &[]), out);
    }
}

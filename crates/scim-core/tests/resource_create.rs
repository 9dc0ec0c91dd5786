//! POST bodies: what Okta and Entra ID send, and what must be refused.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

use scim_core::resource::{prepare, prepare_detailed, IgnoreReason, WriteMode};
use scim_core::schema::SchemaRegistry;
use scim_core::{ScimError, ScimType};
use serde_json::{json, Value};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn create(resource_type: &str, body: Value) -> Result<Value, ScimError> {
    let registry = SchemaRegistry::standard();
    let schema = registry.resource_schema(resource_type).unwrap();
    prepare(body, &schema, WriteMode::Create)
}

fn invalid_value(resource_type: &str, body: Value) -> ScimError {
    let e = create(resource_type, body).unwrap_err();
    assert_eq!(e.status, 400, "{e}");
    assert_eq!(e.scim_type, Some(ScimType::InvalidValue), "{e}");
    e
}

#[test]
fn okta_create_user_keeps_profile_and_drops_password_and_groups() {
    let body = json!({
        "schemas": [USER],
        "userName": "olivia.lim@example.com",
        "name": {"givenName": "Olivia", "familyName": "Lim"},
        "emails": [{"primary": true, "value": "olivia.lim@example.com", "type": "work"}],
        "displayName": "Olivia Lim",
        "locale": "en-US",
        "externalId": "00uDEVFIXTURE0000001",
        "groups": [],
        "password": "8Qv2mZr1",
        "active": true
    });
    let registry = SchemaRegistry::standard();
    let user = registry.resource_schema("User").unwrap();
    let prepared = prepare_detailed(body, &user, WriteMode::Create).unwrap();
    assert_eq!(
        prepared.resource,
        json!({
            "schemas": [USER],
            "userName": "olivia.lim@example.com",
            "name": {"givenName": "Olivia", "familyName": "Lim"},
            "emails": [{"primary": true, "value": "olivia.lim@example.com", "type": "work"}],
            "displayName": "Olivia Lim",
            "locale": "en-US",
            "externalId": "00uDEVFIXTURE0000001",
            "active": true
        })
    );
    assert_eq!(
        prepared.write_only.get("password"),
        Some(&json!("8Qv2mZr1"))
    );
    assert!(!prepared.resource.to_string().contains("8Qv2mZr1"));
}

#[test]
fn entra_create_user_with_enterprise_extension() {
    let body = json!({
        "schemas": [USER, ENTERPRISE],
        "externalId": "olivia.lim",
        "userName": "olivia.lim@example.com",
        "active": true,
        "displayName": "Olivia Lim",
        "emails": [{"primary": true, "type": "work", "value": "olivia.lim@example.com"}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Olivia Lim", "familyName": "Lim", "givenName": "Olivia"},
        "roles": [],
        ENTERPRISE: {"employeeNumber": "E1001", "department": "Engineering"}
    });
    let out = create("User", body).unwrap();
    assert_eq!(out["schemas"], json!([USER, ENTERPRISE]));
    assert_eq!(
        out[ENTERPRISE],
        json!({"employeeNumber": "E1001", "department": "Engineering"})
    );
    assert!(out.get("meta").is_none());
    assert!(out.get("roles").is_none());
}

#[test]
fn entra_group_with_microsoft_schema_urn_is_accepted() {
    let registry = SchemaRegistry::standard();
    let group = registry.resource_schema("Group").unwrap();
    let body = json!({
        "schemas": [GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "5f0e6a2b-8c1d-4e3f-9a7b-2c4d6e8f0a1b",
        "displayName": "WindowsAdministrators",
        "meta": {"resourceType": "Group"}
    });
    let prepared = prepare_detailed(body, &group, WriteMode::Create).unwrap();
    assert_eq!(
        prepared.resource,
        json!({
            "schemas": [GROUP],
            "externalId": "5f0e6a2b-8c1d-4e3f-9a7b-2c4d6e8f0a1b",
            "displayName": "WindowsAdministrators"
        })
    );
    let reasons: Vec<_> = prepared
        .ignored
        .iter()
        .map(|i| (i.path.as_str(), i.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
                IgnoreReason::UnknownSchema
            ),
            ("meta", IgnoreReason::ReadOnly)
        ]
    );
}

#[test]
fn okta_group_with_empty_members() {
    let out = create(
        "Group",
        json!({"schemas": [GROUP], "displayName": "Engineering", "members": []}),
    )
    .unwrap();
    assert_eq!(
        out,
        json!({"schemas": [GROUP], "displayName": "Engineering"})
    );
}

#[test]
fn names_and_urns_are_matched_in_any_case_and_rewritten() {
    let body = json!({
        "Schemas": ["urn:ietf:params:scim:schemas:core:2.0:user"],
        "USERNAME": "bjensen",
        "Name": {"GivenName": "Barbara"},
        "EMAILS": [{"VALUE": "bjensen@example.com", "Type": "work"}],
        "urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:User": {"COSTCENTER": "4130"}
    });
    let out = create("User", body).unwrap();
    assert_eq!(
        out,
        json!({
            "schemas": [USER, ENTERPRISE],
            "userName": "bjensen",
            "name": {"givenName": "Barbara"},
            "emails": [{"value": "bjensen@example.com", "type": "work"}],
            ENTERPRISE: {"costCenter": "4130"}
        })
    );
}

#[test]
fn extension_urn_in_schemas_is_kept_only_when_its_attributes_are_present() {
    let out = create(
        "User",
        json!({"schemas": [USER, ENTERPRISE], "userName": "a"}),
    )
    .unwrap();
    assert_eq!(out["schemas"], json!([USER]));
    let out = create(
        "User",
        json!({"schemas": [USER], "userName": "a", ENTERPRISE: {"department": "R&D"}}),
    )
    .unwrap();
    assert_eq!(out["schemas"], json!([USER, ENTERPRISE]));
}

#[test]
fn flat_urn_qualified_attribute_names_are_placed_under_their_schema() {
    let out = create(
        "User",
        json!({
            "schemas": [USER],
            "urn:ietf:params:scim:schemas:core:2.0:User:userName": "a",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "R&D"
        }),
    )
    .unwrap();
    assert_eq!(out["userName"], "a");
    assert_eq!(out[ENTERPRISE], json!({"department": "R&D"}));
}

#[test]
fn unknown_attributes_and_nulls_are_dropped() {
    let registry = SchemaRegistry::standard();
    let user = registry.resource_schema("User").unwrap();
    let body = json!({
        "schemas": [USER],
        "userName": "a",
        "favouriteColour": "teal",
        "title": null,
        "urn:example:params:scim:schemas:extension:other:2.0:User": {"x": 1}
    });
    let prepared = prepare_detailed(body, &user, WriteMode::Create).unwrap();
    assert_eq!(
        prepared.resource,
        json!({"schemas": [USER], "userName": "a"})
    );
    let reasons: Vec<_> = prepared.ignored.iter().map(|i| i.reason).collect();
    assert_eq!(
        reasons,
        [IgnoreReason::UnknownAttribute, IgnoreReason::UnknownSchema]
    );
}

#[test]
fn body_must_be_an_object() {
    for body in [json!([]), json!("user"), json!(null)] {
        let e = create("User", body).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidSyntax));
    }
}

#[test]
fn schemas_must_name_the_core_schema() {
    invalid_value("User", json!({"userName": "a"}));
    invalid_value("User", json!({"schemas": [GROUP], "userName": "a"}));
    invalid_value("Group", json!({"schemas": [USER], "displayName": "g"}));
}

#[test]
fn required_attributes_must_be_present_and_not_blank() {
    let e = invalid_value("User", json!({"schemas": [USER], "displayName": "x"}));
    assert!(e.detail.contains("userName"), "{}", e.detail);
    invalid_value("User", json!({"schemas": [USER], "userName": ""}));
    invalid_value("User", json!({"schemas": [USER], "userName": null}));
    let e = invalid_value("Group", json!({"schemas": [GROUP], "members": []}));
    assert!(e.detail.contains("displayName"), "{}", e.detail);
}

#[test]
fn wrong_types_are_refused_naming_the_attribute() {
    let cases = [
        (json!({"active": "maybe"}), "active"),
        (json!({"name": "Olivia Lim"}), "name"),
        (json!({"emails": [{"value": ["a@b"]}]}), "emails.value"),
        (
            json!({"emails": [{"primary": 1, "value": "a@b"}]}),
            "emails.primary",
        ),
        (
            json!({"x509Certificates": [{"value": "not base64!"}]}),
            "x509Certificates.value",
        ),
        (json!({"displayName": 7}), "displayName"),
        (json!({ENTERPRISE: "E1"}), ENTERPRISE),
        (
            json!({ENTERPRISE: {"employeeNumber": 1001}}),
            "employeeNumber",
        ),
    ];
    for (extra, name) in cases {
        let mut body = json!({"schemas": [USER], "userName": "a"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let e = invalid_value("User", body);
        assert!(e.detail.contains(name), "{name}: {}", e.detail);
    }
}

#[test]
fn two_primary_values_are_refused() {
    let e = invalid_value(
        "User",
        json!({"schemas": [USER], "userName": "a", "emails": [
            {"value": "a@example.com", "primary": true},
            {"value": "b@example.com", "primary": true}
        ]}),
    );
    assert!(e.detail.contains("emails"));
}

#[test]
fn single_value_of_multi_valued_attribute_is_wrapped() {
    let out = create(
        "User",
        json!({"schemas": [USER], "userName": "a", "emails": {"value": "a@example.com"}}),
    )
    .unwrap();
    assert_eq!(out["emails"], json!([{"value": "a@example.com"}]));
}

#[test]
fn read_only_sub_attributes_are_dropped() {
    let out = create(
        "User",
        json!({"schemas": [USER], "userName": "a",
               ENTERPRISE: {"manager": {"value": "m1", "displayName": "Otto"}}}),
    )
    .unwrap();
    assert_eq!(out[ENTERPRISE], json!({"manager": {"value": "m1"}}));
}

#[test]
fn required_extension_must_be_present() {
    let mut registry = SchemaRegistry::standard();
    registry.add_extension("Group", ENTERPRISE, true).unwrap();
    let group = registry.resource_schema("Group").unwrap();
    let e = prepare(
        json!({"schemas": [GROUP], "displayName": "g"}),
        &group,
        WriteMode::Create,
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
    assert!(e.detail.contains(ENTERPRISE));
}

#[test]
fn date_times_are_checked() {
    let mut registry = SchemaRegistry::standard();
    registry
        .register_schema(scim_core::schema::Schema::new(
            "urn:example:params:scim:schemas:extension:hr:2.0:User",
            "Hr",
            "HR data",
            vec![scim_core::schema::Attribute::date_time("hireDate")],
        ))
        .unwrap();
    registry
        .add_extension(
            "User",
            "urn:example:params:scim:schemas:extension:hr:2.0:User",
            false,
        )
        .unwrap();
    let user = registry.resource_schema("User").unwrap();
    let body = |d: &str| {
        json!({"schemas": [USER], "userName": "a",
               "urn:example:params:scim:schemas:extension:hr:2.0:User": {"hireDate": d}})
    };
    assert!(prepare(body("2021-03-01T09:00:00Z"), &user, WriteMode::Create).is_ok());
    let e = prepare(body("01/03/2021"), &user, WriteMode::Create).unwrap_err();
    assert!(e.detail.contains("hireDate"));
}

#[test]
fn non_ascii_attribute_names_are_unknown_not_a_crash() {
    let registry = SchemaRegistry::standard();
    let user = registry.resource_schema("User").unwrap();
    let body = json!({"schemas": [USER], "userName": "a", "aéé": 1, "ü": 2, "urné:x": 3});
    let prepared = prepare_detailed(body, &user, WriteMode::Create).unwrap();
    assert_eq!(
        prepared.resource,
        json!({"schemas": [USER], "userName": "a"})
    );
    assert_eq!(prepared.ignored.len(), 3);
}

//! Evaluating filters against resources under the standard schemas: caseExact, multi-valued
//! attributes, value filters, the enterprise extension, instants, presence and errors.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

use scim_core::filter::{parse, FilterErrorKind};
use scim_core::schema::{Attribute, AttributeType, Schema, SchemaRegistry};
use scim_core::{AttrPath, ScimError, ScimType};
use serde_json::{json, Value};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The RFC 7643 §8.3 enterprise user, trimmed.
fn bjensen() -> Value {
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "701984",
        "userName": "bjensen@example.com",
        "name": {"familyName": "Jensen", "givenName": "Barbara"},
        "displayName": "Babs Jensen",
        "nickName": "",
        "title": "Tour Guide",
        "userType": "Employee",
        "active": true,
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "ims": [{"value": "someaimhandle", "type": "aim"}],
        "roles": [],
        "x509Certificates": [{"value": "MIIDQzCCAqygAwIBAgICEAAwDQYJ"}],
        "meta": {
            "resourceType": "User",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": "2011-05-13T04:42:34Z",
            "version": "W/\"3694e05e9dff591\""
        },
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984",
            "costCenter": "4130",
            "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}
        }
    })
}

fn matches_user(filter: &str, resource: &Value) -> bool {
    let registry = SchemaRegistry::standard();
    let users = registry.resource_schema("User").unwrap();
    let f = parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
    f.bind(&users)
        .unwrap_or_else(|e| panic!("{filter}: {e}"))
        .matches(resource)
}

fn assert_user(filter: &str, expected: bool) {
    assert_eq!(matches_user(filter, &bjensen()), expected, "{filter}");
}

#[test]
fn strings_compare_by_case_exact() {
    // userName is caseExact false; id and externalId are caseExact true.
    assert_user(r#"userName eq "BJENSEN@example.com""#, true);
    assert_user(r#"userName sw "BJen""#, true);
    assert_user(r#"userName ew "@EXAMPLE.COM""#, true);
    assert_user(r#"userName co "JENSEN@""#, true);
    assert_user(r#"id eq "2819c223-7f76-453a-919d-413861904646""#, true);
    assert_user(r#"id eq "2819C223-7F76-453A-919D-413861904646""#, false);
    assert_user(r#"externalId sw "7019""#, true);
    assert_user(r#"meta.resourceType eq "user""#, false);
    assert_user(r#"meta.resourceType eq "User""#, true);
    assert_user(r#"title gt "tour""#, true);
    assert_user(r#"title lt "TOUR GUIDE""#, false);
    assert_user(r#"title le "TOUR GUIDE""#, true);
}

#[test]
fn case_insensitive_comparison_is_unicode_aware() {
    let user = json!({"displayName": "Élodie Ångström"});
    assert!(matches_user(r#"displayName eq "élodie ÅNGSTRÖM""#, &user));
    assert!(matches_user(r#"displayName co "ÅNG""#, &user));
    assert!(matches_user(r#"displayName sw "éL""#, &user));
    assert!(matches_user(r#"displayName ew "TRÖM""#, &user));
    assert!(!matches_user(r#"displayName ew "TROM""#, &user));
}

#[test]
fn attribute_keys_and_names_are_case_insensitive() {
    let user = json!({"USERNAME": "olivia", "NAME": {"GIVENNAME": "Olivia"}});
    assert!(matches_user(r#"userName eq "olivia""#, &user));
    assert!(matches_user(r#"UserName eq "olivia""#, &user));
    assert!(matches_user(r#"name.givenName eq "olivia""#, &user));
}

#[test]
fn multi_valued_attributes_match_when_any_value_does() {
    assert_user(r#"emails.type eq "home""#, true);
    assert_user(r#"emails.value ew "jensen.org""#, true);
    assert_user(r#"emails.type eq "other""#, false);
    // A complex attribute without a sub-attribute compares its `value`.
    assert_user(r#"emails co "example.com""#, true);
    assert_user(r#"emails eq "BABS@jensen.org""#, true);
    assert_user(r#"ims eq "nope""#, false);
    // `ne` is `not eq`: no email may have the type.
    assert_user(r#"emails.type ne "work""#, false);
    assert_user(r#"emails.type ne "other""#, true);
}

#[test]
fn value_filters_test_each_value_as_a_whole() {
    assert_user(
        r#"emails[type eq "work" and value co "@example.com"]"#,
        true,
    );
    // The work address is not at jensen.org, the home one is not work: no single value matches.
    assert_user(r#"emails[type eq "work" and value co "jensen.org"]"#, false);
    assert_user(r#"emails[type eq "home" or primary eq true]"#, true);
    assert_user(r#"emails[not (type eq "work")]"#, true);
    assert_user(r#"emails[primary eq true and not (type eq "work")]"#, false);
    assert_user(
        r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
        true,
    );
    assert_user(
        r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        true,
    );
    // A single-valued complex attribute is one value.
    assert_user(
        r#"name[givenName eq "barbara" and familyName sw "J"]"#,
        true,
    );
}

#[test]
fn entra_value_path_with_sub_attribute() {
    assert_user(
        r#"emails[type eq "work"].value eq "bjensen@example.com""#,
        true,
    );
    assert_user(
        r#"emails[type eq "work"].value eq "babs@jensen.org""#,
        false,
    );
    assert_user(r#"emails[type eq "home"].value eq "babs@jensen.org""#, true);
}

#[test]
fn extension_attributes_live_under_their_urn() {
    assert_user(&format!(r#"{ENTERPRISE}:employeeNumber eq "701984""#), true);
    assert_user(r#"employeeNumber eq "701984""#, true);
    assert_user(r#"employeeNumber eq "1""#, false);
    assert_user(
        &format!(r#"{ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#),
        true,
    );
    assert_user(r#"manager eq "26118915-6090-4610-87e4-49d8ca9f808d""#, true);
    assert_user(r#"manager.displayName sw "john""#, true);
    // The URN key of the resource is matched ignoring case too.
    let user = json!({ENTERPRISE.to_uppercase(): {"costCenter": "4130"}});
    assert!(matches_user(r#"costCenter eq "4130""#, &user));
    // The attribute must be in the extension object, not at the top level.
    let user = json!({"employeeNumber": "701984"});
    assert!(!matches_user(r#"employeeNumber eq "701984""#, &user));
}

#[test]
fn date_times_compare_as_instants() {
    assert_user(r#"meta.lastModified eq "2011-05-13T04:42:34Z""#, true);
    assert_user(r#"meta.lastModified eq "2011-05-13T06:42:34+02:00""#, true);
    assert_user(r#"meta.lastModified gt "2011-05-13T04:42:33.999Z""#, true);
    assert_user(r#"meta.lastModified gt "2011-05-13T04:42:34Z""#, false);
    assert_user(r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, true);
    assert_user(r#"meta.lastModified lt "2011-05-13T00:00:00-05:00""#, true);
    assert_user(r#"meta.lastModified le "2011-05-12T23:42:34-05:00""#, true);
    assert_user(r#"meta.created gt "2011-01-01T00:00:00Z""#, false);
    // A stored value that is not an instant matches nothing.
    let user = json!({"meta": {"lastModified": "yesterday"}});
    assert!(!matches_user(
        r#"meta.lastModified lt "2100-01-01T00:00:00Z""#,
        &user
    ));
}

#[test]
fn booleans_compare_with_eq_and_ne() {
    assert_user("active eq true", true);
    assert_user("active eq false", false);
    assert_user("active ne false", true);
    assert_user("emails[primary eq true]", true);
    // A literal of another type never equals.
    assert_user(r#"active eq "true""#, false);
    assert_user(r#"active ne "true""#, true);
}

#[test]
fn presence_and_null() {
    assert_user("title pr", true);
    assert_user("nickName pr", false); // empty string
    assert_user("roles pr", false); // empty array
    assert_user("emails pr", true);
    assert_user("name pr", true);
    assert_user("profileUrl pr", false);
    assert_user("profileUrl eq null", true);
    assert_user("title eq null", false);
    assert_user("nickName eq null", true);
    assert_user("title ne null", true);
    assert_user("manager pr", true);
    assert_user("x509Certificates pr", true);
}

#[test]
fn unknown_attributes_have_no_value() {
    assert_user(r#"favouriteColour eq "blue""#, false);
    assert_user(r#"favouriteColour ne "blue""#, true);
    assert_user("favouriteColour pr", false);
    assert_user("favouriteColour eq null", true);
    assert_user(r#"name.nope eq "x""#, false);
    assert_user(r#"emails[nope eq "x"]"#, false);
    assert_user(
        r#"urn:example:unknown:2.0:User:title eq "Tour Guide""#,
        false,
    );
    let bound = parse(r#"favouriteColour eq "blue""#)
        .unwrap()
        .bind(&SchemaRegistry::standard().resource_schema("User").unwrap())
        .unwrap();
    assert_eq!(bound.constant(), Some(false));
}

#[test]
fn schemas_attribute_is_known() {
    assert_user(&format!(r#"schemas eq "{ENTERPRISE}""#), true);
    assert_user(r#"schemas eq "urn:example:other""#, false);
}

#[test]
fn fully_qualified_core_paths_resolve_to_the_top_level() {
    assert_user(
        r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "b""#,
        true,
    );
    assert_user(
        r#"urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "jensen""#,
        true,
    );
}

#[test]
fn numbers_compare_numerically() {
    let mut registry = SchemaRegistry::standard();
    let urn = "urn:example:params:scim:schemas:extension:badge:2.0:User";
    registry
        .register_schema(Schema::new(
            urn,
            "Badge",
            "Badge",
            vec![
                Attribute::new("badgeNumber", AttributeType::Integer),
                Attribute::new("height", AttributeType::Decimal),
            ],
        ))
        .unwrap();
    registry.add_extension("User", urn, false).unwrap();
    let users = registry.resource_schema("User").unwrap();
    let user = json!({urn: {"badgeNumber": 42, "height": 1.75}});
    let check = |f: &str| parse(f).unwrap().bind(&users).unwrap().matches(&user);
    assert!(check("badgeNumber eq 42"));
    assert!(check("badgeNumber eq 42.0"));
    assert!(check("badgeNumber gt 9"));
    assert!(check("badgeNumber lt 1e2"));
    assert!(!check("badgeNumber ge 43"));
    assert!(check("badgeNumber gt -5"));
    assert!(check("height le 1.75"));
    assert!(check("height gt 1"));
    assert!(!check(r#"badgeNumber eq "42""#));
    assert!(matches!(
        parse(r#"badgeNumber co "4""#)
            .unwrap()
            .bind(&users)
            .unwrap_err()
            .kind,
        FilterErrorKind::UnsupportedOperator { .. }
    ));
}

#[test]
fn impossible_filters_are_refused_when_bound() {
    let registry = SchemaRegistry::standard();
    let users = registry.resource_schema("User").unwrap();
    let kind = |f: &str| parse(f).unwrap().bind(&users).unwrap_err().kind;
    for (filter, message) in [
        (
            "active gt 1",
            "operator gt is not supported for active (type boolean)",
        ),
        (
            "active le false",
            "operator le cannot compare active with false",
        ),
        (
            r#"active co "t""#,
            "operator co is not supported for active (type boolean)",
        ),
        (
            r#"x509Certificates.value lt "M""#,
            "operator lt is not supported for x509Certificates.value (type binary)",
        ),
        (
            r#"x509Certificates gt "M""#,
            "operator gt is not supported for x509Certificates (type binary)",
        ),
        (
            r#"meta.lastModified sw "2011""#,
            "operator sw is not supported for meta.lastModified (type dateTime)",
        ),
        (
            "userName sw 5",
            "operator sw cannot compare userName with 5",
        ),
        (
            "userName gt null",
            "operator gt cannot compare userName with null",
        ),
        (
            r#"name eq "Barbara""#,
            "name is a complex attribute: compare one of its sub-attributes",
        ),
        (
            r#"userName[value eq "x"]"#,
            "userName is not a complex attribute and cannot take a value filter",
        ),
        (
            r#"name.givenName[value eq "x"]"#,
            "name.givenName is not a complex attribute and cannot take a value filter",
        ),
        (
            r#"meta.lastModified gt "last tuesday""#,
            r#""last tuesday" is not an RFC 3339 date-time, as meta.lastModified requires"#,
        ),
        (
            r#"emails[primary gt true]"#,
            "operator gt cannot compare primary with true",
        ),
    ] {
        let k = kind(filter);
        assert!(!k.is_syntax(), "{filter}");
        assert_eq!(k.to_string(), message, "{filter}");
        let e: ScimError = parse(filter).unwrap().bind(&users).unwrap_err().into();
        assert_eq!(
            (e.status, e.scim_type),
            (400, Some(ScimType::InvalidFilter))
        );
        assert_eq!(e.detail, format!("invalid filter: {message}"));
        // The convenience form treats them as matching nothing.
        assert!(!parse(filter).unwrap().matches(&bjensen(), &users));
    }
}

#[test]
fn group_members_and_value_filters_within_an_attribute() {
    let registry = SchemaRegistry::standard();
    let groups = registry.resource_schema("Group").unwrap();
    let group = json!({
        "displayName": "Tour Guides",
        "members": [
            {"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen"},
            {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge"}
        ]
    });
    let check = |f: &str| parse(f).unwrap().bind(&groups).unwrap().matches(&group);
    assert!(check(r#"displayName eq "tour guides""#));
    assert!(check(
        r#"members[value eq "902c246b-6245-4190-8e05-00816be7344a"]"#
    ));
    // members.value is caseExact.
    assert!(!check(
        r#"members[value eq "902C246B-6245-4190-8E05-00816BE7344A"]"#
    ));
    assert!(check(r#"members.display co "mandy""#));

    // What a PATCH `members[value eq "…"]` needs: the filter tested on each member.
    let inner = parse(r#"value eq "902c246b-6245-4190-8e05-00816be7344a""#).unwrap();
    let bound = inner
        .bind_within(&groups, &AttrPath::new("members"))
        .unwrap();
    let hits: Vec<bool> = group["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| bound.matches(m))
        .collect();
    assert_eq!(hits, [false, true]);
    assert!(matches!(
        inner
            .bind_within(&groups, &AttrPath::new("displayName"))
            .unwrap_err()
            .kind,
        FilterErrorKind::NotComplex(_)
    ));
}

//! Discovery documents against the expectations of RFC 7643 §8.5 (ServiceProviderConfig),
//! §8.6 (ResourceTypes) and §8.7 (Schemas).

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use scim_core::discovery::{
    resource_type_document, resource_types_document, schema_document, schema_documents,
    ServiceProviderConfig, ServiceProviderOptions,
};
use scim_core::schema::SchemaRegistry;
use serde_json::{json, Value};

const BASE: &str = "https://gatehouse.example/scim/v2/";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The attribute `path` (`emails` or `emails.type`) of a schema document.
fn attribute<'a>(schema: &'a Value, path: &str) -> &'a Value {
    let mut attrs = &schema["attributes"];
    let mut found = &Value::Null;
    for name in path.split('.') {
        found = attrs
            .as_array()
            .and_then(|list| list.iter().find(|a| a["name"] == name))
            .unwrap_or_else(|| panic!("no attribute {path}"));
        attrs = &found["subAttributes"];
    }
    found
}

#[test]
fn service_provider_config_has_the_rfc_members() {
    let mut options = ServiceProviderOptions::new(BASE);
    options.max_results = 100;
    options.etag = false;
    options.documentation_uri = Some("https://gatehouse.example/help/scim".into());
    let doc = serde_json::to_value(ServiceProviderConfig::new(&options)).unwrap();
    assert_eq!(
        doc["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"])
    );
    assert_eq!(
        doc["documentationUri"],
        "https://gatehouse.example/help/scim"
    );
    assert_eq!(doc["patch"], json!({"supported": true}));
    assert_eq!(
        doc["bulk"],
        json!({"supported": false, "maxOperations": 0, "maxPayloadSize": 0})
    );
    assert_eq!(doc["filter"], json!({"supported": true, "maxResults": 100}));
    assert_eq!(doc["changePassword"], json!({"supported": false}));
    assert_eq!(doc["sort"], json!({"supported": true}));
    assert_eq!(doc["etag"], json!({"supported": false}));
    let scheme = &doc["authenticationSchemes"][0];
    assert_eq!(scheme["type"], "oauthbearertoken");
    assert_eq!(scheme["primary"], true);
    assert_eq!(scheme["specUri"], "https://www.rfc-editor.org/info/rfc6750");
    assert!(scheme["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(scheme["description"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    assert_eq!(
        doc["meta"],
        json!({
            "resourceType": "ServiceProviderConfig",
            "location": "https://gatehouse.example/scim/v2/ServiceProviderConfig"
        })
    );
}

#[test]
fn service_provider_config_reads_an_rfc_shaped_document() {
    let text = r#"{
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "http://example.com/help/scim.html",
        "patch": {"supported": true},
        "bulk": {"supported": true, "maxOperations": 1000, "maxPayloadSize": 1048576},
        "filter": {"supported": true, "maxResults": 200},
        "changePassword": {"supported": true},
        "sort": {"supported": true},
        "etag": {"supported": true},
        "authenticationSchemes": [
            {"name": "OAuth Bearer Token", "description": "Authentication scheme using the OAuth Bearer Token Standard",
             "specUri": "http://www.rfc-editor.org/info/rfc6750",
             "documentationUri": "http://example.com/help/oauth.html",
             "type": "oauthbearertoken", "primary": true},
            {"name": "HTTP Basic", "description": "Authentication scheme using the HTTP Basic Standard",
             "specUri": "http://www.rfc-editor.org/info/rfc2617", "type": "httpbasic"}
        ],
        "meta": {"location": "https://example.com/v2/ServiceProviderConfig",
                 "resourceType": "ServiceProviderConfig"}
    }"#;
    let config: ServiceProviderConfig = serde_json::from_str(text).unwrap();
    assert_eq!(config.bulk.max_operations, 1000);
    assert_eq!(config.bulk.max_payload_size, 1_048_576);
    assert_eq!(config.authentication_schemes[1].kind, "httpbasic");
    assert!(!config.authentication_schemes[1].primary);
}

#[test]
fn resource_types_match_rfc_8_6() {
    let docs = resource_types_document(&SchemaRegistry::standard(), BASE);
    assert_eq!(docs.len(), 2);
    let user = &docs[0];
    assert_eq!(
        user["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:ResourceType"])
    );
    assert_eq!(user["id"], "User");
    assert_eq!(user["name"], "User");
    assert_eq!(user["endpoint"], "/Users");
    assert_eq!(user["description"], "User Account");
    assert_eq!(user["schema"], USER);
    assert_eq!(
        user["schemaExtensions"],
        json!([{"schema": ENTERPRISE, "required": false}])
    );
    assert_eq!(
        user["meta"],
        json!({"resourceType": "ResourceType",
               "location": "https://gatehouse.example/scim/v2/ResourceTypes/User"})
    );
    let group = &docs[1];
    assert_eq!(group["endpoint"], "/Groups");
    assert_eq!(group["schema"], GROUP);
    assert!(group.get("schemaExtensions").is_none());
    assert_eq!(
        group["meta"]["location"],
        "https://gatehouse.example/scim/v2/ResourceTypes/Group"
    );
}

#[test]
fn resource_type_lookup_by_id() {
    let registry = SchemaRegistry::standard();
    let docs = resource_types_document(&registry, BASE);
    assert_eq!(
        resource_type_document(&registry, "User", BASE).as_ref(),
        Some(&docs[0])
    );
    assert_eq!(
        resource_type_document(&registry, "GROUP", BASE).as_ref(),
        Some(&docs[1])
    );
    assert_eq!(resource_type_document(&registry, "Users", BASE), None);
}

#[test]
fn schemas_list_user_group_and_enterprise_with_meta() {
    let docs = schema_documents(&SchemaRegistry::standard(), BASE);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [USER, GROUP, ENTERPRISE]);
    for doc in &docs {
        assert_eq!(
            doc["schemas"],
            json!(["urn:ietf:params:scim:schemas:core:2.0:Schema"])
        );
        assert_eq!(doc["meta"]["resourceType"], "Schema");
        assert_eq!(
            doc["meta"]["location"],
            format!(
                "https://gatehouse.example/scim/v2/Schemas/{}",
                doc["id"].as_str().unwrap()
            )
        );
    }
}

#[test]
fn user_schema_characteristics_match_rfc_8_7_1() {
    let user = schema_document(&SchemaRegistry::standard(), USER, BASE).unwrap();
    assert_eq!(user["name"], "User");
    let user_name = attribute(&user, "userName");
    assert_eq!(user_name["type"], "string");
    assert_eq!(user_name["required"], true);
    assert_eq!(user_name["caseExact"], false);
    assert_eq!(user_name["uniqueness"], "server");
    assert_eq!(user_name["mutability"], "readWrite");
    assert_eq!(user_name["returned"], "default");

    let password = attribute(&user, "password");
    assert_eq!(password["returned"], "never");
    assert_eq!(password["mutability"], "writeOnly");

    let groups = attribute(&user, "groups");
    assert_eq!(groups["mutability"], "readOnly");
    assert_eq!(groups["multiValued"], true);
    assert_eq!(attribute(&user, "groups.value")["mutability"], "readOnly");

    let emails = attribute(&user, "emails");
    assert_eq!(emails["type"], "complex");
    assert_eq!(emails["multiValued"], true);
    assert!(emails.get("caseExact").is_none());
    assert_eq!(
        attribute(&user, "emails.type")["canonicalValues"],
        json!(["work", "home", "other"])
    );
    assert_eq!(attribute(&user, "emails.primary")["type"], "boolean");
    assert_eq!(attribute(&user, "name.givenName")["type"], "string");
    assert_eq!(attribute(&user, "active")["type"], "boolean");
    assert_eq!(
        attribute(&user, "profileUrl")["referenceTypes"],
        json!(["external"])
    );
    assert_eq!(attribute(&user, "x509Certificates.value")["type"], "binary");
    // The common attributes are not part of any schema document.
    assert!(user["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["name"] != "id" && a["name"] != "meta"));
}

#[test]
fn group_and_enterprise_schema_characteristics() {
    let registry = SchemaRegistry::standard();
    let group = schema_document(&registry, GROUP, BASE).unwrap();
    assert_eq!(attribute(&group, "displayName")["type"], "string");
    let members = attribute(&group, "members");
    assert_eq!(members["multiValued"], true);
    assert_eq!(members["type"], "complex");
    assert_eq!(
        attribute(&group, "members.value")["mutability"],
        "immutable"
    );
    assert_eq!(
        attribute(&group, "members.$ref")["referenceTypes"],
        json!(["User", "Group"])
    );

    let enterprise = schema_document(&registry, &ENTERPRISE.to_uppercase(), BASE).unwrap();
    assert_eq!(enterprise["id"], ENTERPRISE);
    assert_eq!(attribute(&enterprise, "employeeNumber")["type"], "string");
    assert_eq!(attribute(&enterprise, "manager")["type"], "complex");
    assert_eq!(
        attribute(&enterprise, "manager.displayName")["mutability"],
        "readOnly"
    );
    assert!(schema_document(&registry, "urn:example:unknown", BASE).is_none());
}

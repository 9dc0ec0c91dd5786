//! The `/ServiceProviderConfig` document (RFC 7643 §5, §8.5).

use serde::{Deserialize, Serialize};

use super::location::location;
use super::meta::DocumentMeta;

/// URN of the service provider configuration schema.
pub const SERVICE_PROVIDER_CONFIG_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

/// What a service chooses about its SCIM endpoint; the rest of the configuration follows
/// from what this crate implements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceProviderOptions {
    /// The SCIM base URL, e.g. `https://gatehouse.example/scim/v2`.
    pub base_url: String,
    /// The most resources one response returns (`filter.maxResults`).
    pub max_results: u32,
    /// Whether resources carry versions and `If-Match` is honoured (`etag.supported`).
    pub etag: bool,
    /// Whether `sortBy`/`sortOrder` are honoured (`sort.supported`).
    pub sort: bool,
    /// A page of human-readable help (`documentationUri`).
    pub documentation_uri: Option<String>,
}

impl ServiceProviderOptions {
    /// Options for `base_url`: at most 200 results per page, ETags and sorting supported,
    /// no documentation link.
    pub fn new(base_url: impl Into<String>) -> Self {
        ServiceProviderOptions {
            base_url: base_url.into(),
            max_results: 200,
            etag: true,
            sort: true,
            documentation_uri: None,
        }
    }
}

/// `{"supported": bool}`, the shape of several capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supported {
    /// Whether the capability is supported.
    pub supported: bool,
}

/// Bulk operation capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkConfig {
    /// Whether `/Bulk` is supported.
    pub supported: bool,
    /// The most operations in one bulk request.
    pub max_operations: u32,
    /// The largest bulk payload, in bytes.
    pub max_payload_size: u64,
}

/// Filtering capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterConfig {
    /// Whether the `filter` parameter is supported.
    pub supported: bool,
    /// The most resources one response returns.
    pub max_results: u32,
}

/// An authentication scheme clients use (RFC 7643 §5 `authenticationSchemes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationScheme {
    /// `oauth`, `oauth2`, `oauthbearertoken`, `httpbasic` or `httpdigest`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The scheme's common name.
    pub name: String,
    /// A description of the scheme.
    pub description: String,
    /// The specification of the scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_uri: Option<String>,
    /// Help about using the scheme with this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_uri: Option<String>,
    /// Whether this is the preferred scheme.
    #[serde(default)]
    pub primary: bool,
}

impl AuthenticationScheme {
    /// A bearer token in the `Authorization` header (RFC 6750), marked primary.
    pub fn oauth_bearer_token() -> Self {
        AuthenticationScheme {
            kind: "oauthbearertoken".into(),
            name: "OAuth Bearer Token".into(),
            description: "Authentication with a bearer token in the Authorization header.".into(),
            spec_uri: Some("https://www.rfc-editor.org/info/rfc6750".into()),
            documentation_uri: None,
            primary: true,
        }
    }
}

/// The service provider configuration document (RFC 7643 §5).
///
/// ```
/// use scim_core::discovery::{ServiceProviderConfig, ServiceProviderOptions};
///
/// let mut options = ServiceProviderOptions::new("https://gatehouse.example/scim/v2");
/// options.max_results = 500;
/// let doc = serde_json::to_value(ServiceProviderConfig::new(&options)).unwrap();
/// assert_eq!(doc["filter"]["maxResults"], 500);
/// assert_eq!(doc["patch"]["supported"], true);
/// assert_eq!(doc["bulk"]["supported"], false);
/// assert_eq!(doc["authenticationSchemes"][0]["type"], "oauthbearertoken");
/// assert_eq!(doc["meta"]["location"], "https://gatehouse.example/scim/v2/ServiceProviderConfig");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceProviderConfig {
    /// `["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]`.
    pub schemas: Vec<String>,
    /// A page of human-readable help.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_uri: Option<String>,
    /// PATCH support.
    pub patch: Supported,
    /// Bulk support.
    pub bulk: BulkConfig,
    /// Filter support.
    pub filter: FilterConfig,
    /// Password change support.
    pub change_password: Supported,
    /// Sorting support.
    pub sort: Supported,
    /// ETag support.
    pub etag: Supported,
    /// The accepted authentication schemes.
    pub authentication_schemes: Vec<AuthenticationScheme>,
    /// The document's resource type and location.
    pub meta: DocumentMeta,
}

impl ServiceProviderConfig {
    /// The configuration of a service built on this crate: PATCH and filters supported
    /// (the crate implements both), no `/Bulk`, no password changes (passwords are
    /// accepted but never stored), a bearer token as the one authentication scheme.
    pub fn new(options: &ServiceProviderOptions) -> Self {
        ServiceProviderConfig {
            schemas: vec![SERVICE_PROVIDER_CONFIG_SCHEMA.to_owned()],
            documentation_uri: options.documentation_uri.clone(),
            patch: Supported { supported: true },
            bulk: BulkConfig {
                supported: false,
                max_operations: 0,
                max_payload_size: 0,
            },
            filter: FilterConfig {
                supported: true,
                max_results: options.max_results,
            },
            change_password: Supported { supported: false },
            sort: Supported {
                supported: options.sort,
            },
            etag: Supported {
                supported: options.etag,
            },
            authentication_schemes: vec![AuthenticationScheme::oauth_bearer_token()],
            meta: DocumentMeta {
                resource_type: "ServiceProviderConfig".into(),
                location: location(&options.base_url, &["ServiceProviderConfig"]),
            },
        }
    }
}

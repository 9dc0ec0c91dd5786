//! The list response of queries (RFC 7644 §3.4.2).

use serde::{Deserialize, Serialize};

/// URN of the list response message schema.
pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// A page of query results.
///
/// `Resources`, `startIndex` and `itemsPerPage` are always written, also for an empty
/// result (clients such as Entra's Test Connection expect an empty `Resources` array).
///
/// ```
/// use scim_core::message::ListResponse;
/// let page = ListResponse::new(vec![serde_json::json!({"id": "a"})], 12, 11);
/// let json = serde_json::to_value(&page).unwrap();
/// assert_eq!(json["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:ListResponse");
/// assert_eq!(json["totalResults"], 12);
/// assert_eq!(json["startIndex"], 11);
/// assert_eq!(json["itemsPerPage"], 1);
/// assert_eq!(json["Resources"][0]["id"], "a");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListResponse<T> {
    /// The message schemas: [`LIST_RESPONSE_SCHEMA`].
    #[serde(default = "list_response_schemas")]
    pub schemas: Vec<String>,
    /// The number of results the query matched, across all pages.
    pub total_results: u64,
    /// The 1-based index of the first result of this page.
    #[serde(default = "one")]
    pub start_index: u64,
    /// The number of results on this page.
    #[serde(default)]
    pub items_per_page: u64,
    /// The results on this page.
    #[serde(rename = "Resources", default = "Vec::new")]
    pub resources: Vec<T>,
}

fn list_response_schemas() -> Vec<String> {
    vec![LIST_RESPONSE_SCHEMA.to_owned()]
}

fn one() -> u64 {
    1
}

impl<T> ListResponse<T> {
    /// A page holding `resources`, out of `total_results`, starting at the 1-based
    /// `start_index`; `itemsPerPage` is the number of resources given.
    pub fn new(resources: Vec<T>, total_results: u64, start_index: u64) -> Self {
        ListResponse {
            schemas: list_response_schemas(),
            total_results,
            start_index,
            items_per_page: resources.len() as u64,
            resources,
        }
    }

    /// An empty result: `totalResults` 0, `startIndex` 1, no resources.
    pub fn empty() -> Self {
        Self::new(Vec::new(), 0, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_response_still_has_resources_and_paging_members() {
        let v = serde_json::to_value(ListResponse::<serde_json::Value>::empty()).unwrap();
        assert_eq!(
            v,
            json!({
                "schemas": [LIST_RESPONSE_SCHEMA],
                "totalResults": 0,
                "startIndex": 1,
                "itemsPerPage": 0,
                "Resources": []
            })
        );
    }

    #[test]
    fn reads_rfc_example_with_typed_resources() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Item {
            id: String,
        }
        let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults":2,"Resources":[{"id":"2819c223"},{"id":"c75ad752"}]}"#;
        let page: ListResponse<Item> = serde_json::from_str(text).unwrap();
        assert_eq!(page.total_results, 2);
        assert_eq!(page.start_index, 1);
        assert_eq!(page.resources[1].id, "c75ad752");
    }
}

//! The search request message, the body of `POST /.search` (RFC 7644 §3.4.3).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// URN of the search request message schema.
pub const SEARCH_REQUEST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/// The order of sorted results (RFC 7644 §3.4.2.3).
///
/// Read case-insensitively; written as `ascending` / `descending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// Smallest first (the default).
    #[default]
    Ascending,
    /// Largest first.
    Descending,
}

impl SortOrder {
    /// The name as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Ascending => "ascending",
            SortOrder::Descending => "descending",
        }
    }

    /// The order named `name`, in any letter case.
    pub fn parse(name: &str) -> Option<Self> {
        [SortOrder::Ascending, SortOrder::Descending]
            .into_iter()
            .find(|o| o.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for SortOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SortOrder {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SortOrder {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        SortOrder::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown sortOrder {name:?}: expected \"ascending\" or \"descending\""
            ))
        })
    }
}

/// A search request: the query parameters of `GET` as a JSON body.
///
/// `attributes` and `excludedAttributes` are lists of attribute paths; a single
/// comma-separated string (the query-parameter form) is accepted too. `startIndex` and
/// `count` keep what the client sent; [`SearchRequest::effective_start_index`] and
/// [`SearchRequest::effective_count`] apply the RFC's rules for out-of-range values.
///
/// ```
/// use scim_core::message::{decode_json, SearchRequest, SortOrder};
/// let body = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
///   "attributes":["displayName","userName"],"filter":"displayName sw \"smith\"",
///   "sortBy":"userName","sortOrder":"descending","startIndex":1,"count":10}"#;
/// let req: SearchRequest = decode_json(body).unwrap();
/// assert_eq!(req.attributes, ["displayName", "userName"]);
/// assert_eq!(req.sort_order, Some(SortOrder::Descending));
/// assert_eq!(req.effective_count(100), 10);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    /// The message schemas ([`SEARCH_REQUEST_SCHEMA`]); not checked on read.
    #[serde(default = "search_request_schemas")]
    pub schemas: Vec<String>,
    /// Attributes to return instead of the default set.
    #[serde(
        default,
        deserialize_with = "string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attributes: Vec<String>,
    /// Attributes to leave out of the default set.
    #[serde(
        default,
        deserialize_with = "string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub excluded_attributes: Vec<String>,
    /// The filter, as text (parse it with [`crate::filter`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// The attribute path to sort by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// The sort order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<SortOrder>,
    /// The 1-based index of the first result, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_index: Option<i64>,
    /// The maximum number of results per page, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
}

impl Default for SearchRequest {
    /// An empty request with the SearchRequest schema.
    fn default() -> Self {
        SearchRequest {
            schemas: search_request_schemas(),
            attributes: Vec::new(),
            excluded_attributes: Vec::new(),
            filter: None,
            sort_by: None,
            sort_order: None,
            start_index: None,
            count: None,
        }
    }
}

fn search_request_schemas() -> Vec<String> {
    vec![SEARCH_REQUEST_SCHEMA.to_owned()]
}

fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Form {
        List(Vec<String>),
        Text(String),
        Null(()),
    }
    let form = Form::deserialize(d).map_err(|_| {
        serde::de::Error::custom("expected a list of attribute paths or a comma-separated string")
    })?;
    Ok(match form {
        Form::List(l) => l,
        Form::Text(t) => t
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Form::Null(()) => Vec::new(),
    })
}

impl SearchRequest {
    /// The 1-based start index: 1 when absent or below 1 (RFC 7644 §3.4.2.4).
    pub fn effective_start_index(&self) -> u64 {
        self.start_index
            .and_then(|i| u64::try_from(i).ok())
            .filter(|&i| i >= 1)
            .unwrap_or(1)
    }

    /// The page size: `max` when absent, 0 when negative (RFC 7644 §3.4.2.4), at most `max`.
    pub fn effective_count(&self, max: u64) -> u64 {
        match self.count {
            None => max,
            Some(c) => u64::try_from(c).unwrap_or(0).min(max),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::decode_json;
    use crate::ScimType;

    #[test]
    fn out_of_range_paging_values_follow_the_rfc() {
        let req: SearchRequest = decode_json(br#"{"startIndex": -4, "count": -1}"#).unwrap();
        assert_eq!(req.effective_start_index(), 1);
        assert_eq!(req.effective_count(100), 0);
        let req: SearchRequest = decode_json(br#"{"count": 5000}"#).unwrap();
        assert_eq!(req.effective_count(200), 200);
        assert_eq!(SearchRequest::default().effective_count(50), 50);
    }

    #[test]
    fn comma_separated_attributes_are_split() {
        let req: SearchRequest =
            decode_json(br#"{"excludedAttributes": "members, meta"}"#).unwrap();
        assert_eq!(req.excluded_attributes, ["members", "meta"]);
    }

    #[test]
    fn sort_order_is_case_insensitive_and_checked() {
        let req: SearchRequest = decode_json(br#"{"sortOrder": "Ascending"}"#).unwrap();
        assert_eq!(req.sort_order, Some(SortOrder::Ascending));
        let e = decode_json::<SearchRequest>(br#"{"sortOrder": "up"}"#).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
        assert!(e.detail.contains("sortOrder"), "{}", e.detail);
    }

    #[test]
    fn writes_wire_names() {
        let req = SearchRequest {
            sort_by: Some("userName".into()),
            start_index: Some(3),
            ..SearchRequest::default()
        };
        let v = serde_json::to_value(&req).unwrap();
        assert_eq!(v["sortBy"], "userName");
        assert_eq!(v["startIndex"], 3);
        assert_eq!(v["schemas"][0], SEARCH_REQUEST_SCHEMA);
        assert!(v.get("attributes").is_none());
    }
}

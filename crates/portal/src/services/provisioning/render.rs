//! Stored records → SCIM resources: `id`, `meta` and the membership attributes are added to
//! the stored attributes here, in one place.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

/// What the renderer needs to build `meta.location` and `$ref`s.
#[derive(Debug, Clone)]
pub struct Urls {
    /// The SCIM base URL, e.g. `https://gh.example.com/scim/v2`.
    pub scim_base: String,
}

impl Urls {
    /// `…/Users/{id}`.
    pub fn user(&self, id: &str) -> String {
        format!("{}/Users/{id}", self.scim_base)
    }

    /// `…/Groups/{id}`.
    pub fn group(&self, id: &str) -> String {
        format!("{}/Groups/{id}", self.scim_base)
    }
}

/// RFC 3339 with milliseconds and `Z`, as SCIM clients expect.
pub fn timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The common parts of a rendered resource.
#[derive(Debug)]
pub struct Meta<'a> {
    /// The resource type (`User`, `Group`).
    pub resource_type: &'a str,
    /// The id.
    pub id: &'a str,
    /// `meta.location`.
    pub location: String,
    /// `meta.created`.
    pub created: DateTime<Utc>,
    /// `meta.lastModified`.
    pub last_modified: DateTime<Utc>,
    /// The row version, rendered as a weak ETag.
    pub version: i64,
}

/// Builds a resource: `schemas`, `id`, the stored attributes (moved, not copied), `extra`
/// attributes (e.g. `groups`, `members`), then `meta`.
pub fn resource(attributes: Value, meta: Meta<'_>, extra: Vec<(&str, Value)>) -> Value {
    let mut attributes = match attributes {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let mut out = Map::with_capacity(attributes.len() + extra.len() + 2);
    if let Some(s) = attributes.shift_remove("schemas") {
        out.insert("schemas".into(), s);
    }
    out.insert("id".into(), Value::String(meta.id.to_owned()));
    out.extend(attributes);
    for (k, v) in extra {
        out.insert(k.to_owned(), v);
    }
    let mut m = Map::new();
    m.insert("resourceType".into(), meta.resource_type.into());
    m.insert("created".into(), timestamp(&meta.created).into());
    m.insert("lastModified".into(), timestamp(&meta.last_modified).into());
    m.insert("location".into(), meta.location.into());
    m.insert(
        "version".into(),
        crate::scim_http::response::etag(meta.version).into(),
    );
    out.insert("meta".into(), Value::Object(m));
    Value::Object(out)
}

/// One entry of `Group.members`.
pub fn member(m: &store::groups::MemberRef, urls: &Urls) -> Value {
    reference(&m.id, m.display(), urls.user(&m.id), Some("User"))
}

/// One entry of `User.groups` or `Group.members`.
pub fn reference(value: &str, display: &str, location: String, kind: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert("value".into(), value.into());
    m.insert("$ref".into(), location.into());
    m.insert("display".into(), display.into());
    if let Some(k) = kind {
        m.insert("type".into(), k.into());
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resource_puts_schemas_and_id_first_and_meta_last() {
        let t = DateTime::parse_from_rfc3339("2026-11-29T10:00:00.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        let v = resource(
            json!({"userName": "a", "schemas": ["urn:x"]}),
            Meta {
                resource_type: "User",
                id: "u1",
                location: "http://h/scim/v2/Users/u1".into(),
                created: t,
                last_modified: t,
                version: 3,
            },
            vec![("groups", json!([]))],
        );
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["schemas", "id", "userName", "groups", "meta"]);
        assert_eq!(v["meta"]["created"], "2026-11-29T10:00:00.123Z");
        assert_eq!(v["meta"]["version"], "W/\"3\"");
    }
}

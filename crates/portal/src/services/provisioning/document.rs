//! A resource as a response body. Usually a JSON tree; a group read with its members is kept
//! as the group without them plus the member rows, and the members are serialised straight
//! from the rows: a group of 50,000 members would otherwise be a tree of 50,000 maps (about
//! ten times the size of its JSON) for the length of the request.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use store::groups::MemberRef;

use super::render::Urls;

/// A resource ready to be written as a response.
#[derive(Debug)]
pub enum Document {
    /// Any resource, as a JSON tree.
    Tree(Value),
    /// A group with its members (see the module documentation).
    GroupWithMembers(GroupWithMembers),
}

/// A group without `members`, and its members.
#[derive(Debug)]
pub struct GroupWithMembers {
    /// The rendered group, without `members`.
    pub group: Map<String, Value>,
    /// Its members, in the order to write them.
    pub members: Vec<MemberRef>,
    /// For the members' `$ref`.
    pub urls: Urls,
}

impl Document {
    /// `meta.<name>` as a string (`version` for the ETag, `location`).
    pub fn meta(&self, name: &str) -> Option<&str> {
        let meta = match self {
            Document::Tree(v) => v.get("meta"),
            Document::GroupWithMembers(g) => g.group.get("meta"),
        };
        meta?.get(name)?.as_str()
    }

    /// The document as a JSON tree (tests and projections).
    pub fn into_value(self) -> Value {
        match self {
            Document::Tree(v) => v,
            Document::GroupWithMembers(g) => {
                let members = g
                    .members
                    .iter()
                    .map(|m| super::render::member(m, &g.urls))
                    .collect();
                Value::Object(with_members_before_meta(g.group, Value::Array(members)))
            }
        }
    }
}

/// `group` with `members` placed where a rendered group has them: before `meta`.
fn with_members_before_meta(group: Map<String, Value>, members: Value) -> Map<String, Value> {
    let mut out = Map::with_capacity(group.len() + 1);
    let mut members = Some(members);
    for (k, v) in group {
        if k == "meta" {
            if let Some(m) = members.take() {
                out.insert("members".into(), m);
            }
        }
        out.insert(k, v);
    }
    if let Some(m) = members {
        out.insert("members".into(), m);
    }
    out
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Document::Tree(v) => v.serialize(serializer),
            Document::GroupWithMembers(g) => g.serialize(serializer),
        }
    }
}

impl Serialize for GroupWithMembers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = Members {
            members: &self.members,
            urls: &self.urls,
        };
        let mut map = serializer.serialize_map(Some(self.group.len() + 1))?;
        let mut written = false;
        for (k, v) in &self.group {
            if k == "meta" && !written {
                map.serialize_entry("members", &members)?;
                written = true;
            }
            map.serialize_entry(k, v)?;
        }
        if !written {
            map.serialize_entry("members", &members)?;
        }
        map.end()
    }
}

struct Members<'a> {
    members: &'a [MemberRef],
    urls: &'a Urls,
}

impl Serialize for Members<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.members.len()))?;
        for m in self.members {
            seq.serialize_element(&Member {
                member: m,
                urls: self.urls,
            })?;
        }
        seq.end()
    }
}

/// One member, with the keys `render::member` gives it.
struct Member<'a> {
    member: &'a MemberRef,
    urls: &'a Urls,
}

impl Serialize for Member<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("value", &self.member.id)?;
        map.serialize_entry("$ref", &self.urls.user(&self.member.id))?;
        map.serialize_entry("display", self.member.display())?;
        map.serialize_entry("type", "User")?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn member(id: &str, user_name: &str, given: Option<&str>) -> MemberRef {
        MemberRef {
            id: id.into(),
            user_name: user_name.into(),
            display_name: None,
            member_display: given.map(Into::into),
        }
    }

    #[test]
    fn the_streamed_group_is_the_tree_it_stands_for() {
        let group = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "g1",
            "displayName": "Staff \"all\"",
            "meta": {"resourceType": "Group", "version": "W/\"4\""}
        });
        let doc = Document::GroupWithMembers(GroupWithMembers {
            group: group.as_object().cloned().unwrap(),
            members: vec![
                member("u1", "ann@example.com", None),
                member("u2", "bob@example.com", Some("Bob B.")),
            ],
            urls: Urls {
                scim_base: "https://gh.example.com/scim/v2".into(),
            },
        });
        assert_eq!(doc.meta("version"), Some("W/\"4\""));
        let streamed = serde_json::to_string(&doc).unwrap();
        let tree = doc.into_value();
        assert_eq!(serde_json::from_str::<Value>(&streamed).unwrap(), tree);
        // Same bytes, key order included: members come right before meta.
        assert_eq!(streamed, serde_json::to_string(&tree).unwrap());
        let keys: Vec<&String> = tree.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["schemas", "id", "displayName", "members", "meta"]);
        assert_eq!(
            tree["members"][1],
            json!({
                "value": "u2",
                "$ref": "https://gh.example.com/scim/v2/Users/u2",
                "display": "Bob B.",
                "type": "User"
            })
        );
    }
}

//! Choosing which attributes a response carries: the `attributes` and
//! `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9) combined with each
//! attribute's `returned` characteristic (RFC 7643 §2.2).
//!
//! * `always` (`id`, and `schemas`): returned whatever the parameters say.
//! * `never` (`password`): never returned.
//! * `default`: returned unless excluded, or unless `attributes` names other attributes.
//! * `request`: returned only when `attributes` names it.
//!
//! Paths may name sub-attributes (`name.givenName`, `emails.value`) and may be qualified
//! with a schema URN (`urn:…:enterprise:2.0:User:employeeNumber`); naming an extension
//! URN alone selects all of that extension. `meta` follows the same rules as any other
//! attribute. When both lists are given, `attributes` selects and `excludedAttributes`
//! then removes. Paths that name no attribute of the schema are ignored.

use serde_json::{Map, Value};

use crate::path::AttrPath;
use crate::schema::{Attribute, AttributeType, ResourceSchema, Returned, Schema};
use crate::{ScimError, ScimType};

/// Parses the value of an `attributes` or `excludedAttributes` query parameter: attribute
/// paths separated by commas (blanks around them and empty items are ignored).
///
/// A malformed path is a 400 `invalidPath` error.
///
/// ```
/// use scim_core::projection::parse_attribute_list;
/// let paths = parse_attribute_list(
///     "userName, name.givenName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
/// ).unwrap();
/// assert_eq!(paths.len(), 3);
/// assert_eq!(paths[1].sub_attr.as_deref(), Some("givenName"));
/// assert_eq!(paths[2].attr, "employeeNumber");
///
/// let err = parse_attribute_list("userName,name.given.name").unwrap_err();
/// assert_eq!(err.scim_type, Some(scim_core::ScimType::InvalidPath));
/// ```
pub fn parse_attribute_list(text: &str) -> Result<Vec<AttrPath>, ScimError> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            AttrPath::parse(item)
                .map_err(|e| ScimError::bad_request(ScimType::InvalidPath, e.to_string()))
        })
        .collect()
}

/// Parses several list values, such as a repeated query parameter or the `attributes`
/// array of a `SearchRequest` (each item may itself be comma-separated).
///
/// ```
/// use scim_core::projection::parse_attribute_lists;
/// let paths = parse_attribute_lists(["userName", "emails.value,displayName"]).unwrap();
/// assert_eq!(paths.len(), 3);
/// ```
pub fn parse_attribute_lists<I, S>(items: I) -> Result<Vec<AttrPath>, ScimError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut paths = Vec::new();
    for item in items {
        paths.extend(parse_attribute_list(item.as_ref())?);
    }
    Ok(paths)
}

/// The resource as returned to a client that sent `attributes` and `excludedAttributes`
/// (either list may be empty).
///
/// Extension URNs whose attributes are all left out are removed from `schemas` too.
///
/// ```
/// use scim_core::projection::{parse_attribute_list, project};
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::standard();
/// let user = registry.resource_schema("User").unwrap();
/// let stored = json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "id": "2819c223",
///     "userName": "bjensen",
///     "name": {"givenName": "Barbara", "familyName": "Jensen"},
///     "password": "never shown",
///     "meta": {"resourceType": "User"}
/// });
/// let attributes = parse_attribute_list("name.givenName").unwrap();
/// assert_eq!(project(&stored, &user, &attributes, &[]), json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "id": "2819c223",
///     "name": {"givenName": "Barbara"}
/// }));
/// let excluded = parse_attribute_list("meta,name").unwrap();
/// assert_eq!(project(&stored, &user, &[], &excluded), json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "id": "2819c223",
///     "userName": "bjensen"
/// }));
/// ```
pub fn project(
    resource: &Value,
    schema: &ResourceSchema<'_>,
    attributes: &[AttrPath],
    excluded: &[AttrPath],
) -> Value {
    let Value::Object(fields) = resource else {
        return resource.clone();
    };
    let requested = (!attributes.is_empty()).then(|| Selection::new(schema, attributes));
    let plan = Plan {
        requested,
        excluded: Selection::new(schema, excluded),
    };
    let mut out = Map::new();
    let mut kept_extensions: Vec<&str> = Vec::new();
    for (key, value) in fields {
        if key.eq_ignore_ascii_case("schemas") {
            out.insert(key.clone(), value.clone());
            continue;
        }
        if let Some(ext) = schema.extension(key) {
            let Value::Object(ext_fields) = value else {
                continue;
            };
            let mut ext_out = Map::new();
            for (name, v) in ext_fields {
                let projected = match ext.attribute(name) {
                    Some(attr) => plan.attribute(attr, Some(ext), v),
                    None => plan.unknown(name, Some(ext), v),
                };
                if let Some(pv) = projected {
                    ext_out.insert(name.clone(), pv);
                }
            }
            if !ext_out.is_empty() {
                out.insert(key.clone(), Value::Object(ext_out));
                kept_extensions.push(&ext.id);
            }
            continue;
        }
        let common = schema
            .common
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(key));
        let projected = match (common, schema.core.attribute(key)) {
            (Some(attr), _) => plan.attribute(attr, None, value),
            (None, Some(attr)) => plan.attribute(attr, Some(schema.core), value),
            (None, None) => plan.unknown(key, None, value),
        };
        if let Some(pv) = projected {
            out.insert(key.clone(), pv);
        }
    }
    if let Some(Value::Array(urns)) = out
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case("schemas"))
        .map(|(_, v)| v)
    {
        urns.retain(|urn| match urn.as_str() {
            Some(urn) if schema.extension(urn).is_some() => kept_extensions
                .iter()
                .any(|kept| kept.eq_ignore_ascii_case(urn)),
            _ => true,
        });
    }
    Value::Object(out)
}

/// The attributes named by a list of paths, resolved against the schema.
#[derive(Debug, Default)]
struct Selection<'a> {
    /// `(attribute, sub-attribute)` pairs; `None` names the whole attribute.
    named: Vec<(&'a Attribute, Option<&'a Attribute>)>,
    /// Schemas named by their URN alone.
    whole_schemas: Vec<&'a Schema>,
    /// Names of paths that resolve to nothing, for attributes the schema does not define.
    unresolved: Vec<&'a AttrPath>,
}

impl<'a> Selection<'a> {
    fn new(schema: &ResourceSchema<'a>, paths: &'a [AttrPath]) -> Self {
        let mut selection = Selection::default();
        for path in paths {
            if let Some(whole) = whole_schema(schema, path) {
                selection.whole_schemas.push(whole);
            } else if let Some(resolved) = schema.resolve(path) {
                selection
                    .named
                    .push((resolved.attribute, resolved.sub_attribute));
            } else {
                selection.unresolved.push(path);
            }
        }
        selection
    }

    /// Whether the whole attribute is named (directly or through its schema's URN).
    fn names_whole(&self, attr: &Attribute, owner: Option<&Schema>) -> bool {
        self.names_directly(attr)
            || owner.is_some_and(|o| self.whole_schemas.iter().any(|s| std::ptr::eq(*s, o)))
    }

    fn names_directly(&self, attr: &Attribute) -> bool {
        self.named
            .iter()
            .any(|(a, sub)| std::ptr::eq(*a, attr) && sub.is_none())
    }

    fn names_sub(&self, attr: &Attribute, sub: &Attribute) -> bool {
        self.named
            .iter()
            .any(|(a, s)| std::ptr::eq(*a, attr) && s.is_some_and(|s| std::ptr::eq(s, sub)))
    }

    fn names_any_sub(&self, attr: &Attribute) -> bool {
        self.named
            .iter()
            .any(|(a, s)| std::ptr::eq(*a, attr) && s.is_some())
    }

    fn names_unknown(&self, name: &str, owner: Option<&Schema>) -> bool {
        owner.is_some_and(|o| self.whole_schemas.iter().any(|s| std::ptr::eq(*s, o)))
            || self
                .unresolved
                .iter()
                .any(|p| p.sub_attr.is_none() && p.attr.eq_ignore_ascii_case(name))
    }
}

/// The schema a path names by its URN alone (`urn:…:enterprise:2.0:User`).
fn whole_schema<'a>(schema: &ResourceSchema<'a>, path: &AttrPath) -> Option<&'a Schema> {
    let prefix = path.schema.as_deref()?;
    if path.sub_attr.is_some() {
        return None;
    }
    let urn = format!("{prefix}:{}", path.attr);
    if schema.core.id.eq_ignore_ascii_case(&urn) {
        Some(schema.core)
    } else {
        schema.extension(&urn)
    }
}

#[derive(Debug)]
struct Plan<'a> {
    /// `None` when the client sent no `attributes`: the default set is returned.
    requested: Option<Selection<'a>>,
    excluded: Selection<'a>,
}

impl Plan<'_> {
    /// The projected value of the top-level attribute `attr` (defined by `owner`, `None`
    /// for the common attributes), or `None` to leave it out.
    fn attribute(&self, attr: &Attribute, owner: Option<&Schema>, value: &Value) -> Option<Value> {
        match attr.returned {
            Returned::Never => return None,
            Returned::Always => {
                return keep_subs(attr, value, true, |sub| sub.returned != Returned::Never)
            }
            Returned::Default | Returned::Request => {}
        }
        if self.excluded.names_whole(attr, owner) {
            return None;
        }
        let not_excluded = |sub: &Attribute| {
            sub.returned == Returned::Always || !self.excluded.names_sub(attr, sub)
        };
        match &self.requested {
            None => {
                if attr.returned == Returned::Request {
                    return None;
                }
                keep_subs(attr, value, true, |sub| {
                    matches!(sub.returned, Returned::Always | Returned::Default)
                        && not_excluded(sub)
                })
            }
            Some(requested) if requested.names_whole(attr, owner) => {
                if attr.returned == Returned::Request && !requested.names_directly(attr) {
                    return None;
                }
                keep_subs(attr, value, true, |sub| {
                    let wanted = match sub.returned {
                        Returned::Always | Returned::Default => true,
                        Returned::Request => requested.names_sub(attr, sub),
                        Returned::Never => false,
                    };
                    wanted && not_excluded(sub)
                })
            }
            Some(requested) if requested.names_any_sub(attr) => {
                keep_subs(attr, value, false, |sub| match sub.returned {
                    Returned::Always => true,
                    Returned::Never => false,
                    Returned::Default | Returned::Request => {
                        requested.names_sub(attr, sub) && not_excluded(sub)
                    }
                })
            }
            Some(_) => None,
        }
    }

    /// An attribute no schema defines: kept in the default set, or when named.
    fn unknown(&self, name: &str, owner: Option<&Schema>, value: &Value) -> Option<Value> {
        if self.excluded.names_unknown(name, owner) {
            return None;
        }
        match &self.requested {
            None => Some(value.clone()),
            Some(requested) if requested.names_unknown(name, owner) => Some(value.clone()),
            Some(_) => None,
        }
    }
}

/// `value` with only the sub-attributes `keep` accepts (for a complex attribute; other
/// values are returned as they are). Sub-attributes the schema does not define are kept
/// when `keep_unknown`. Values left empty are dropped.
fn keep_subs(
    attr: &Attribute,
    value: &Value,
    keep_unknown: bool,
    keep: impl Fn(&Attribute) -> bool,
) -> Option<Value> {
    if attr.kind != AttributeType::Complex {
        return Some(value.clone());
    }
    let filter_one = |v: &Value| -> Option<Value> {
        let Value::Object(fields) = v else {
            return Some(v.clone());
        };
        let kept: Map<String, Value> = fields
            .iter()
            .filter(|(name, _)| match attr.sub_attribute(name) {
                Some(sub) => keep(sub),
                None => keep_unknown,
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        (!kept.is_empty()).then_some(Value::Object(kept))
    };
    match value {
        Value::Array(items) => {
            let kept: Vec<Value> = items.iter().filter_map(filter_one).collect();
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        other => filter_one(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaRegistry;
    use serde_json::json;

    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    fn user() -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
            "id": "2819c223",
            "externalId": "bjensen",
            "userName": "bjensen",
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
            ],
            "password": "t1meMa$heen",
            "groups": [{"value": "e9e30dba", "display": "Tour Guides"}],
            ENTERPRISE: {"employeeNumber": "701984", "manager": {"value": "26118915"}},
            "meta": {"resourceType": "User", "lastModified": "2011-05-13T04:42:34Z"}
        })
    }

    fn run(attributes: &str, excluded: &str) -> Value {
        let registry = SchemaRegistry::standard();
        let schema = registry.resource_schema("User").unwrap();
        project(
            &user(),
            &schema,
            &parse_attribute_list(attributes).unwrap(),
            &parse_attribute_list(excluded).unwrap(),
        )
    }

    #[test]
    fn default_set_leaves_out_only_never_attributes() {
        let mut expected = user();
        expected.as_object_mut().unwrap().remove("password");
        assert_eq!(run("", ""), expected);
    }

    #[test]
    fn attributes_keeps_named_ones_and_always_ones() {
        assert_eq!(
            run("userName,emails.value", ""),
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "id": "2819c223",
                "userName": "bjensen",
                "emails": [{"value": "bjensen@example.com"}, {"value": "babs@jensen.org"}]
            })
        );
    }

    #[test]
    fn never_attributes_stay_out_even_when_named() {
        assert!(run("password", "").get("password").is_none());
        assert_eq!(run("id", "id")["id"], "2819c223");
    }

    #[test]
    fn extension_attributes_by_urn_or_plain_name() {
        let by_urn = run(&format!("{ENTERPRISE}:employeeNumber"), "");
        assert_eq!(by_urn[ENTERPRISE], json!({"employeeNumber": "701984"}));
        assert_eq!(
            by_urn["schemas"],
            json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE])
        );
        assert_eq!(run("employeeNumber", ""), by_urn);
        let whole = run(ENTERPRISE, "");
        assert_eq!(whole[ENTERPRISE], user()[ENTERPRISE]);
        assert!(whole.get("userName").is_none());
        let sub = run(&format!("{ENTERPRISE}:manager.value"), "");
        assert_eq!(sub[ENTERPRISE], json!({"manager": {"value": "26118915"}}));
    }

    #[test]
    fn excluding_the_whole_extension_drops_its_urn_from_schemas() {
        let out = run("", ENTERPRISE);
        assert!(out.get(ENTERPRISE).is_none());
        assert_eq!(
            out["schemas"],
            json!(["urn:ietf:params:scim:schemas:core:2.0:User"])
        );
    }

    #[test]
    fn excluded_sub_attributes_and_meta() {
        let out = run("", "name.familyName,meta,emails.type");
        assert_eq!(out["name"], json!({"givenName": "Barbara"}));
        assert!(out.get("meta").is_none());
        assert_eq!(
            out["emails"],
            json!([
                {"value": "bjensen@example.com", "primary": true},
                {"value": "babs@jensen.org"}
            ])
        );
        assert_eq!(
            run("meta.lastModified", "")["meta"],
            json!({"lastModified": "2011-05-13T04:42:34Z"})
        );
    }

    #[test]
    fn attributes_then_excluded() {
        let out = run("name", "name.givenName");
        assert_eq!(out["name"], json!({"familyName": "Jensen"}));
    }

    #[test]
    fn request_attributes_only_when_named() {
        let mut registry = SchemaRegistry::standard();
        registry
            .register_schema(Schema::new(
                "urn:example:params:scim:schemas:extension:audit:2.0:User",
                "Audit",
                "Audit data",
                vec![Attribute::string("lastLoginIp").returned(Returned::Request)],
            ))
            .unwrap();
        registry
            .add_extension(
                "User",
                "urn:example:params:scim:schemas:extension:audit:2.0:User",
                false,
            )
            .unwrap();
        let schema = registry.resource_schema("User").unwrap();
        let resource = json!({
            "id": "1",
            "userName": "a",
            "urn:example:params:scim:schemas:extension:audit:2.0:User": {"lastLoginIp": "192.0.2.1"}
        });
        let default = project(&resource, &schema, &[], &[]);
        assert!(default
            .get("urn:example:params:scim:schemas:extension:audit:2.0:User")
            .is_none());
        let named = project(
            &resource,
            &schema,
            &parse_attribute_list("lastLoginIp").unwrap(),
            &[],
        );
        assert_eq!(
            named["urn:example:params:scim:schemas:extension:audit:2.0:User"]["lastLoginIp"],
            "192.0.2.1"
        );
    }

    #[test]
    fn entra_group_lookup_without_members() {
        let registry = SchemaRegistry::standard();
        let group = registry.resource_schema("Group").unwrap();
        let stored = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "g1",
            "displayName": "WindowsAdministrators",
            "members": [{"value": "u1", "display": "Olivia Lim"}],
            "meta": {"resourceType": "Group"}
        });
        let out = project(
            &stored,
            &group,
            &[],
            &parse_attribute_list("members").unwrap(),
        );
        assert_eq!(
            out,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "id": "g1",
                "displayName": "WindowsAdministrators",
                "meta": {"resourceType": "Group"}
            })
        );
    }

    #[test]
    fn names_match_in_any_case() {
        let out = run("USERNAME,Name.GivenName", "");
        assert_eq!(out["userName"], "bjensen");
        assert_eq!(out["name"], json!({"givenName": "Barbara"}));
    }

    #[test]
    fn malformed_paths_are_invalid_path_errors() {
        for bad in ["1abc", "a.b.c", "foo:bar", "name."] {
            let e = parse_attribute_list(bad).unwrap_err();
            assert_eq!(e.scim_type, Some(ScimType::InvalidPath), "{bad}");
        }
        assert!(parse_attribute_list(" , ").unwrap().is_empty());
    }
}

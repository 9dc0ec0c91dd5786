//! PATCH paths (RFC 7644 §3.5.2, the `PATH` rule): `attrPath`, or `valuePath` optionally
//! followed by a sub-attribute (`emails[type eq "work"].value`).

use crate::filter::Filter;
use crate::message::{ScimError, ScimType};
use crate::path::{is_attr_name, AttrPath};

use super::select::parse_value_filter;

/// The parsed `path` of a PATCH operation.
///
/// `attr` names the attribute and, in `attr.sub_attr`, the sub-attribute the operation
/// reaches: for `name.givenName` that is `givenName`; for `emails[type eq "work"].value` it
/// is `value`, reached in the values that `filter` selects.
///
/// ```
/// use scim_core::patch::PatchPath;
/// let p = PatchPath::parse(r#"emails[type eq "work"].value"#).unwrap();
/// assert_eq!(p.attr.attr, "emails");
/// assert_eq!(p.attr.sub_attr.as_deref(), Some("value"));
/// assert!(p.filter.is_some());
///
/// let p = PatchPath::parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber").unwrap();
/// assert_eq!(p.attr.schema.as_deref(), Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
/// assert!(p.filter.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    /// The attribute (optionally schema-qualified) and the sub-attribute reached.
    pub attr: AttrPath,
    /// The value filter selecting values of a multi-valued attribute, with paths relative
    /// to each value (`type eq "work"`).
    pub filter: Option<Filter>,
}

fn invalid_path(text: &str, why: impl std::fmt::Display) -> ScimError {
    ScimError::bad_request(
        ScimType::InvalidPath,
        format!("invalid path {text:?}: {why}"),
    )
}

impl PatchPath {
    /// Parses a PATCH path. Errors are 400 `invalidPath`, naming the problem.
    pub fn parse(text: &str) -> Result<Self, ScimError> {
        let trimmed = text.trim();
        let Some(open) = trimmed.find('[') else {
            let attr = AttrPath::parse(trimmed).map_err(|e| invalid_path(text, e.reason))?;
            return Ok(PatchPath { attr, filter: None });
        };
        let close = trimmed
            .rfind(']')
            .filter(|&c| c > open)
            .ok_or_else(|| invalid_path(text, "'[' without a closing ']'"))?;
        let mut attr =
            AttrPath::parse(&trimmed[..open]).map_err(|e| invalid_path(text, e.reason))?;
        if attr.sub_attr.is_some() {
            return Err(invalid_path(
                text,
                "a value filter applies to an attribute, not a sub-attribute",
            ));
        }
        let rest = &trimmed[close + 1..];
        if !rest.is_empty() {
            let sub = rest
                .strip_prefix('.')
                .filter(|s| is_attr_name(s))
                .ok_or_else(|| {
                    invalid_path(text, "only \".subAttribute\" may follow a value filter")
                })?;
            attr.sub_attr = Some(sub.to_owned());
        }
        let filter =
            parse_value_filter(&trimmed[open + 1..close]).map_err(|e| invalid_path(text, e))?;
        Ok(PatchPath {
            attr,
            filter: Some(filter),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_sub_attribute_and_urn_paths() {
        let p = PatchPath::parse("name.familyName").unwrap();
        assert_eq!(p.attr, AttrPath::new("name").with_sub("familyName"));
        assert!(p.filter.is_none());
        let p = PatchPath::parse(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        )
        .unwrap();
        assert_eq!(p.attr.attr, "manager");
        assert_eq!(p.attr.sub_attr.as_deref(), Some("value"));
    }

    #[test]
    fn value_paths_with_and_without_sub_attribute() {
        let p = PatchPath::parse(r#"members[value eq "2819c223"]"#).unwrap();
        assert_eq!(p.attr, AttrPath::new("members"));
        assert_eq!(
            p.filter.map(|f| f.to_string()).as_deref(),
            Some(r#"value eq "2819c223""#)
        );
        let p = PatchPath::parse(r#"emails[type eq "work" and value ew "]"].display"#).unwrap();
        assert_eq!(p.attr, AttrPath::new("emails").with_sub("display"));
        let p = PatchPath::parse(
            r#"urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value"#,
        )
        .unwrap();
        assert_eq!(
            p.attr.schema.as_deref(),
            Some("urn:ietf:params:scim:schemas:core:2.0:User")
        );
        assert_eq!(p.attr.sub_attr.as_deref(), Some("value"));
    }

    #[test]
    fn filter_errors_are_reported_as_invalid_path_with_the_parser_message() {
        let e = PatchPath::parse(r#"emails[type xx "work"]"#).unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidPath));
        assert!(
            e.detail.contains("expected a comparison operator"),
            "{}",
            e.detail
        );
    }

    #[test]
    fn malformed_paths_are_invalid_path() {
        for bad in [
            "",
            "emails[type eq \"work\"",
            "emails]",
            "emails[type eq \"work\"]value",
            "emails[type eq \"work\"].",
            "name.givenName[value eq \"x\"]",
            "a.b.c",
            "1abc",
        ] {
            let e = PatchPath::parse(bad).unwrap_err();
            assert_eq!(e.scim_type, Some(ScimType::InvalidPath), "{bad}");
            assert_eq!(e.status, 400);
        }
    }
}

//! Attribute paths: `userName`, `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`
//! (RFC 7644 §3.10, the `attrPath` rule of §3.4.2.2).

use std::fmt;

/// A path to an attribute, optionally schema-qualified, optionally naming a sub-attribute.
///
/// ```
/// use scim_core::AttrPath;
/// let p = AttrPath::parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value").unwrap();
/// assert_eq!(p.schema.as_deref(), Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
/// assert_eq!(p.attr, "manager");
/// assert_eq!(p.sub_attr.as_deref(), Some("value"));
/// assert_eq!(p.to_string(), "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttrPath {
    /// The schema URN, when the path is qualified with one.
    pub schema: Option<String>,
    /// The attribute name.
    pub attr: String,
    /// The sub-attribute name.
    pub sub_attr: Option<String>,
}

/// Why a string is not an attribute path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid attribute path {path:?}: {reason}")]
pub struct PathError {
    /// The text that was parsed.
    pub path: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Whether `name` is an `ATTRNAME` (RFC 7644: ALPHA *(nameChar)), or `$ref`.
pub fn is_attr_name(name: &str) -> bool {
    if name == "$ref" {
        return true;
    }
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl AttrPath {
    /// A path to a top-level attribute of the core schema.
    pub fn new(attr: impl Into<String>) -> Self {
        AttrPath {
            schema: None,
            attr: attr.into(),
            sub_attr: None,
        }
    }

    /// This path with a sub-attribute.
    #[must_use]
    pub fn with_sub(mut self, sub: impl Into<String>) -> Self {
        self.sub_attr = Some(sub.into());
        self
    }

    /// This path qualified with a schema URN.
    #[must_use]
    pub fn with_schema(mut self, urn: impl Into<String>) -> Self {
        self.schema = Some(urn.into());
        self
    }

    /// Parses `[URN ":"] ATTRNAME ["." subAttr]`. The URN is everything up to the last `:`
    /// (URNs contain dots, e.g. `…:enterprise:2.0:User`).
    pub fn parse(text: &str) -> Result<Self, PathError> {
        let err = |reason| PathError {
            path: text.to_owned(),
            reason,
        };
        let (schema, rest) = match text.rfind(':') {
            Some(i) => {
                let urn = &text[..i];
                if !urn.to_ascii_lowercase().starts_with("urn:") {
                    return Err(err("a schema prefix must be a URN"));
                }
                (Some(urn.to_owned()), &text[i + 1..])
            }
            None => (None, text),
        };
        let (attr, sub) = match rest.split_once('.') {
            Some((a, s)) => (a, Some(s)),
            None => (rest, None),
        };
        if !is_attr_name(attr) {
            return Err(err("not an attribute name"));
        }
        if let Some(s) = sub {
            if !is_attr_name(s) {
                return Err(err("not a sub-attribute name"));
            }
        }
        Ok(AttrPath {
            schema,
            attr: attr.to_owned(),
            sub_attr: sub.map(str::to_owned),
        })
    }

    /// Whether this path names `attr` (case-insensitive), ignoring schema and sub-attribute.
    pub fn is(&self, attr: &str) -> bool {
        self.attr.eq_ignore_ascii_case(attr)
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = &self.schema {
            write!(f, "{s}:")?;
        }
        f.write_str(&self.attr)?;
        if let Some(s) = &self.sub_attr {
            write!(f, ".{s}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_sub_attribute_paths() {
        assert_eq!(
            AttrPath::parse("userName").unwrap(),
            AttrPath::new("userName")
        );
        assert_eq!(
            AttrPath::parse("name.givenName").unwrap(),
            AttrPath::new("name").with_sub("givenName")
        );
        assert_eq!(
            AttrPath::parse("members.$ref").unwrap().sub_attr.as_deref(),
            Some("$ref")
        );
    }

    #[test]
    fn parses_core_urn_prefix() {
        let p = AttrPath::parse("urn:ietf:params:scim:schemas:core:2.0:User:userName").unwrap();
        assert_eq!(
            p.schema.as_deref(),
            Some("urn:ietf:params:scim:schemas:core:2.0:User")
        );
        assert_eq!(p.attr, "userName");
    }

    #[test]
    fn rejects_garbage() {
        assert!(AttrPath::parse("").is_err());
        assert!(AttrPath::parse("1abc").is_err());
        assert!(AttrPath::parse("a.b.c").is_err());
        assert!(AttrPath::parse("foo:bar").is_err());
        assert!(AttrPath::parse("name.").is_err());
    }
}

//! Resolving a PATCH path against a resource type's schemas.

use crate::filter::Filter;
use crate::message::{ScimError, ScimType};
use crate::path::AttrPath;
use crate::schema::{Attribute, AttributeType, ResourceSchema};

use super::path::PatchPath;
use super::value::unknown_attribute;

/// Where an operation acts, with the definitions that govern it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'s, 'p> {
    /// The extension URN whose container holds the attribute (`None`: top level).
    pub extension: Option<&'s str>,
    /// The top-level attribute.
    pub attribute: &'s Attribute,
    /// The sub-attribute reached, if any.
    pub sub: Option<&'s Attribute>,
    /// The value filter, if any (only on multi-valued complex attributes).
    pub filter: Option<&'p Filter>,
}

impl Target<'_, '_> {
    /// The path as a user reads it in an error message, with canonical names.
    pub fn display(&self) -> String {
        match self.sub {
            Some(sub) => format!("{}.{}", self.attribute.name, sub.name),
            None => self.attribute.name.clone(),
        }
    }
}

/// Resolves `path`: unknown attributes and sub-attributes are 400 `invalidPath`, and so is
/// a value filter on an attribute that is not multi-valued and complex.
pub(crate) fn resolve<'s, 'p>(
    path: &'p PatchPath,
    schema: &ResourceSchema<'s>,
) -> Result<Target<'s, 'p>, ScimError> {
    let top = AttrPath {
        schema: path.attr.schema.clone(),
        attr: path.attr.attr.clone(),
        sub_attr: None,
    };
    let resolved = schema
        .resolve(&top)
        .ok_or_else(|| unknown_attribute(&top.to_string()))?;
    let attribute = resolved.attribute;
    let sub = match &path.attr.sub_attr {
        None => None,
        Some(name) => Some(
            attribute
                .sub_attribute(name)
                .ok_or_else(|| unknown_attribute(&format!("{}.{name}", attribute.name)))?,
        ),
    };
    if path.filter.is_some()
        && !(attribute.multi_valued && attribute.kind == AttributeType::Complex)
    {
        return Err(ScimError::bad_request(
            ScimType::InvalidPath,
            format!(
                "{} is not a multi-valued complex attribute and takes no value filter",
                attribute.name
            ),
        ));
    }
    Ok(Target {
        extension: resolved.extension,
        attribute,
        sub,
        filter: path.filter.as_ref(),
    })
}

/// Resolves a top-level attribute `name` in the core schema, the common attributes, or the
/// extension `urn` when given.
pub(crate) fn resolve_name<'s>(
    name: &str,
    extension: Option<&str>,
    schema: &ResourceSchema<'s>,
) -> Result<Target<'s, 'static>, ScimError> {
    let path = AttrPath::parse(name)
        .ok()
        .filter(|p| p.schema.is_none() && p.sub_attr.is_none())
        .ok_or_else(|| unknown_attribute(name))?;
    let path = match extension {
        Some(urn) => path.with_schema(urn),
        None => path,
    };
    let resolved = schema
        .resolve(&path)
        .ok_or_else(|| unknown_attribute(&path.to_string()))?;
    Ok(Target {
        extension: resolved.extension,
        attribute: resolved.attribute,
        sub: None,
        filter: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{SchemaRegistry, ENTERPRISE_USER_SCHEMA};

    #[test]
    fn resolves_extension_and_sub_attributes_canonically() {
        let reg = SchemaRegistry::standard();
        let user = reg.resource_schema("User").unwrap();
        let p = PatchPath::parse("NAME.GIVENNAME").unwrap();
        let t = resolve(&p, &user).unwrap();
        assert_eq!(t.display(), "name.givenName");
        assert_eq!(t.extension, None);
        let p = PatchPath::parse(&format!("{ENTERPRISE_USER_SCHEMA}:manager")).unwrap();
        assert_eq!(
            resolve(&p, &user).unwrap().extension,
            Some(ENTERPRISE_USER_SCHEMA)
        );
        let t = resolve_name("employeeNumber", None, &user).unwrap();
        assert_eq!(t.extension, Some(ENTERPRISE_USER_SCHEMA));
    }

    #[test]
    fn unknown_names_are_invalid_path() {
        let reg = SchemaRegistry::standard();
        let user = reg.resource_schema("User").unwrap();
        for p in [
            "favouriteColour",
            "name.nickname",
            "urn:example:nope:colour",
        ] {
            let p = PatchPath::parse(p).unwrap();
            let e = resolve(&p, &user).unwrap_err();
            assert_eq!(e.scim_type, Some(ScimType::InvalidPath));
        }
    }
}

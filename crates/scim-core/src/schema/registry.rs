//! The schema registry: schemas, resource types and attribute resolution.

use serde::{Deserialize, Serialize};

use super::attribute::Attribute;
use super::common::common_attributes;
use super::definition::Schema;
use super::enterprise::{enterprise_user_schema, ENTERPRISE_USER_SCHEMA};
use super::group::{group_schema, GROUP_SCHEMA};
use super::user::{user_schema, USER_SCHEMA};
use crate::path::AttrPath;

/// A schema extension attached to a resource type (RFC 7643 §6 `schemaExtensions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaExtension {
    /// The extension's schema URN.
    pub schema: String,
    /// Whether resources of the type must carry the extension.
    pub required: bool,
}

/// A resource type (RFC 7643 §6), as served by `/ResourceTypes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    /// The type's id, e.g. `User`.
    pub id: String,
    /// The type's name, e.g. `User`.
    pub name: String,
    /// The endpoint relative to the base URL, e.g. `/Users`.
    pub endpoint: String,
    /// A human-readable description.
    #[serde(default)]
    pub description: String,
    /// The core schema URN.
    pub schema: String,
    /// Extension schemas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schema_extensions: Vec<SchemaExtension>,
}

/// Errors from registering schemas and resource types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// A schema with this URN is already registered.
    #[error("schema {0} is already registered")]
    DuplicateSchema(String),
    /// No resource type has this name.
    #[error("unknown resource type {0}")]
    UnknownResourceType(String),
    /// No schema has this URN.
    #[error("unknown schema {0}")]
    UnknownSchema(String),
}

/// An attribute found for an [`AttrPath`].
#[derive(Debug, Clone, Copy)]
pub struct ResolvedAttribute<'a> {
    /// URN of the schema that holds the attribute; `None` for the common attributes
    /// (`id`, `externalId`, `meta`) and for core-schema attributes, which live at the top level.
    pub extension: Option<&'a str>,
    /// The (top-level) attribute.
    pub attribute: &'a Attribute,
    /// The sub-attribute, when the path names one and it exists.
    pub sub_attribute: Option<&'a Attribute>,
}

impl<'a> ResolvedAttribute<'a> {
    /// The attribute the path finally designates: the sub-attribute if named, else the attribute.
    pub fn target(&self) -> &'a Attribute {
        self.sub_attribute.unwrap_or(self.attribute)
    }
}

/// Every schema and resource type a service knows.
///
/// [`SchemaRegistry::standard`] holds User (with the Enterprise User extension) and Group;
/// a service registers its own extensions on top:
///
/// ```
/// use scim_core::schema::{Attribute, Schema, SchemaRegistry};
/// let mut registry = SchemaRegistry::standard();
/// registry
///     .register_schema(Schema::new(
///         "urn:example:params:scim:schemas:extension:badge:2.0:User",
///         "Badge",
///         "Door badge",
///         vec![Attribute::string("badgeNumber")],
///     ))
///     .unwrap();
/// registry
///     .add_extension("User", "urn:example:params:scim:schemas:extension:badge:2.0:User", false)
///     .unwrap();
/// let user = registry.resource_schema("User").unwrap();
/// assert!(user.resolve_str("badgeNumber").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct SchemaRegistry {
    common: Vec<Attribute>,
    schemas: Vec<Schema>,
    resource_types: Vec<ResourceType>,
}

impl SchemaRegistry {
    /// An empty registry (the common attributes `id`, `externalId`, `meta` are always known).
    pub fn empty() -> Self {
        SchemaRegistry {
            common: common_attributes(),
            schemas: Vec::new(),
            resource_types: Vec::new(),
        }
    }

    /// User (with the Enterprise User extension) and Group, as RFC 7643 defines them.
    pub fn standard() -> Self {
        let mut r = Self::empty();
        r.schemas = vec![user_schema(), group_schema(), enterprise_user_schema()];
        r.resource_types = vec![
            ResourceType {
                id: "User".into(),
                name: "User".into(),
                endpoint: "/Users".into(),
                description: "User Account".into(),
                schema: USER_SCHEMA.into(),
                schema_extensions: vec![SchemaExtension {
                    schema: ENTERPRISE_USER_SCHEMA.into(),
                    required: false,
                }],
            },
            ResourceType {
                id: "Group".into(),
                name: "Group".into(),
                endpoint: "/Groups".into(),
                description: "Group".into(),
                schema: GROUP_SCHEMA.into(),
                schema_extensions: Vec::new(),
            },
        ];
        r
    }

    /// Adds a schema. Its URN must be new.
    pub fn register_schema(&mut self, schema: Schema) -> Result<(), RegistryError> {
        if self.schema(&schema.id).is_some() {
            return Err(RegistryError::DuplicateSchema(schema.id));
        }
        self.schemas.push(schema);
        Ok(())
    }

    /// Adds a resource type (its core schema and extensions must be registered).
    pub fn register_resource_type(&mut self, rt: ResourceType) -> Result<(), RegistryError> {
        for urn in std::iter::once(&rt.schema).chain(rt.schema_extensions.iter().map(|e| &e.schema))
        {
            if self.schema(urn).is_none() {
                return Err(RegistryError::UnknownSchema(urn.clone()));
            }
        }
        self.resource_types.retain(|t| t.name != rt.name);
        self.resource_types.push(rt);
        Ok(())
    }

    /// Attaches a registered extension schema to a resource type.
    pub fn add_extension(
        &mut self,
        resource_type: &str,
        urn: &str,
        required: bool,
    ) -> Result<(), RegistryError> {
        if self.schema(urn).is_none() {
            return Err(RegistryError::UnknownSchema(urn.to_owned()));
        }
        let rt = self
            .resource_types
            .iter_mut()
            .find(|t| t.name == resource_type)
            .ok_or_else(|| RegistryError::UnknownResourceType(resource_type.to_owned()))?;
        if !rt
            .schema_extensions
            .iter()
            .any(|e| e.schema.eq_ignore_ascii_case(urn))
        {
            rt.schema_extensions.push(SchemaExtension {
                schema: urn.to_owned(),
                required,
            });
        }
        Ok(())
    }

    /// The schema with this URN (case-insensitive).
    pub fn schema(&self, urn: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// Every registered schema.
    pub fn schemas(&self) -> &[Schema] {
        &self.schemas
    }

    /// Every registered resource type.
    pub fn resource_types(&self) -> &[ResourceType] {
        &self.resource_types
    }

    /// The common attributes (`id`, `externalId`, `meta`).
    pub fn common_attributes(&self) -> &[Attribute] {
        &self.common
    }

    /// A view of the registry for one resource type, used by evaluation, PATCH and projection.
    pub fn resource_schema(&self, resource_type: &str) -> Option<ResourceSchema<'_>> {
        let rt = self
            .resource_types
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(resource_type))?;
        let core = self.schema(&rt.schema)?;
        let extensions = rt
            .schema_extensions
            .iter()
            .filter_map(|e| self.schema(&e.schema))
            .collect();
        Some(ResourceSchema {
            resource_type: rt,
            common: &self.common,
            core,
            extensions,
        })
    }
}

impl Default for SchemaRegistry {
    fn default() -> Self {
        Self::standard()
    }
}

/// The schemas of one resource type: its common, core and extension attributes.
#[derive(Debug, Clone)]
pub struct ResourceSchema<'a> {
    /// The resource type.
    pub resource_type: &'a ResourceType,
    /// The common attributes.
    pub common: &'a [Attribute],
    /// The core schema.
    pub core: &'a Schema,
    /// The extension schemas.
    pub extensions: Vec<&'a Schema>,
}

impl<'a> ResourceSchema<'a> {
    /// The extension schema with this URN (case-insensitive), if the resource type has it.
    pub fn extension(&self, urn: &str) -> Option<&'a Schema> {
        self.extensions
            .iter()
            .copied()
            .find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// Whether `urn` is the core schema or one of the extensions.
    pub fn knows_schema(&self, urn: &str) -> bool {
        self.core.id.eq_ignore_ascii_case(urn) || self.extension(urn).is_some()
    }

    /// Resolves an attribute path. Unqualified names are looked up in the common attributes,
    /// then the core schema, then each extension; a URN-qualified path only in that schema.
    pub fn resolve(&self, path: &AttrPath) -> Option<ResolvedAttribute<'a>> {
        let (extension, attribute) = match &path.schema {
            Some(urn) if self.core.id.eq_ignore_ascii_case(urn) => {
                (None, self.core.attribute(&path.attr)?)
            }
            Some(urn) => {
                let ext = self.extension(urn)?;
                (Some(ext.id.as_str()), ext.attribute(&path.attr)?)
            }
            None => {
                if let Some(a) = self
                    .common
                    .iter()
                    .find(|a| a.name.eq_ignore_ascii_case(&path.attr))
                {
                    (None, a)
                } else if let Some(a) = self.core.attribute(&path.attr) {
                    (None, a)
                } else {
                    self.extensions
                        .iter()
                        .find_map(|s| s.attribute(&path.attr).map(|a| (Some(s.id.as_str()), a)))?
                }
            }
        };
        let sub_attribute = match &path.sub_attr {
            Some(sub) => Some(attribute.sub_attribute(sub)?),
            None => None,
        };
        Some(ResolvedAttribute {
            extension,
            attribute,
            sub_attribute,
        })
    }

    /// Resolves a path written as text (`name.givenName`, `urn:…:User:manager.value`).
    pub fn resolve_str(&self, path: &str) -> Option<ResolvedAttribute<'a>> {
        AttrPath::parse(path).ok().and_then(|p| self.resolve(&p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_core_common_and_extension_attributes() {
        let r = SchemaRegistry::standard();
        let user = r.resource_schema("User").unwrap();
        assert!(user.resolve_str("USERNAME").is_some());
        assert!(user.resolve_str("meta.lastModified").is_some());
        assert!(user.resolve_str("name.givenName").is_some());
        let ext = user
            .resolve_str("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
            .unwrap();
        assert_eq!(ext.extension, Some(ENTERPRISE_USER_SCHEMA));
        assert_eq!(ext.target().name, "value");
        assert!(user
            .resolve_str("employeeNumber")
            .unwrap()
            .extension
            .is_some());
        assert!(user.resolve_str("nope").is_none());
        assert!(user.resolve_str("name.nope").is_none());
    }

    #[test]
    fn user_name_is_case_insensitive_and_id_case_exact() {
        let r = SchemaRegistry::standard();
        let user = r.resource_schema("User").unwrap();
        assert!(!user.resolve_str("userName").unwrap().target().case_exact);
        assert!(user.resolve_str("id").unwrap().target().case_exact);
    }

    #[test]
    fn duplicate_schema_is_refused() {
        let mut r = SchemaRegistry::standard();
        assert_eq!(
            r.register_schema(user_schema()),
            Err(RegistryError::DuplicateSchema(USER_SCHEMA.into()))
        );
    }
}

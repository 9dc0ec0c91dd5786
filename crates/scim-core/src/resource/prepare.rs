//! Validating a POST or PUT body into a resource ready to store (RFC 7643 §2, §3;
//! RFC 7644 §3.3, §3.5.1).

use serde_json::{Map, Value};

use super::clean::clean_attribute;
use super::immutable::enforce_immutable;
use super::lookup::get_ci;
use super::mode::WriteMode;
use super::prepared::{IgnoreReason, Ignored, Prepared};
use super::required::check_required;
use super::schemas_attr::{check_schemas, output_schemas};
use super::value_type::invalid_value;
use super::write_only::take_write_only;
use crate::path::AttrPath;
use crate::schema::{Attribute, ResourceSchema, Schema};
use crate::{ScimError, ScimType};

/// Validates a POST (`Create`) or PUT (`Replace`) body and returns the resource to store.
///
/// Same as [`prepare_detailed`], keeping only the resource: values of `writeOnly`
/// attributes such as `password` are validated and then dropped.
///
/// ```
/// use scim_core::resource::{prepare, WriteMode};
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::standard();
/// let user = registry.resource_schema("User").unwrap();
/// let body = json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "USERNAME": "olivia.lim@example.com",
///     "id": "client-chosen",
///     "password": "8Qv2mZr1",
///     "active": "True"
/// });
/// let stored = prepare(body, &user, WriteMode::Create).unwrap();
/// assert_eq!(stored, json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "userName": "olivia.lim@example.com",
///     "active": true
/// }));
///
/// let err = prepare(json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}),
///                   &user, WriteMode::Create).unwrap_err();
/// assert_eq!(err.status, 400);
/// assert_eq!(err.scim_type, Some(scim_core::ScimType::InvalidValue));
/// ```
pub fn prepare(
    input: Value,
    schema: &ResourceSchema<'_>,
    mode: WriteMode<'_>,
) -> Result<Value, ScimError> {
    prepare_detailed(input, schema, mode).map(|p| p.resource)
}

/// Validates a POST (`Create`) or PUT (`Replace`) body: the resource to store, the
/// write-only values taken out of it, and the attributes that were ignored.
///
/// Rules, in RFC 7643/7644 terms:
///
/// * The body must be a JSON object (else 400 `invalidSyntax`) whose `schemas` contains
///   the resource type's core URN (else 400 `invalidValue`). Other URNs the resource type
///   does not know (Entra's ADSCIM Group URN) are tolerated and dropped. The output's
///   `schemas` lists the core URN and the extensions whose attributes the resource holds.
/// * Attribute names, sub-attribute names and extension URNs match case-insensitively and
///   are rewritten to the schema's spelling. Extension attributes live in an object keyed
///   by the extension URN; a flat URN-qualified key (`urn:…:enterprise:2.0:User:department`)
///   is accepted too.
/// * Values are type-checked (string, boolean, integer, decimal, RFC 3339 dateTime, base64
///   binary, reference, complex, multi-valued) with 400 `invalidValue` naming the attribute.
///   A single value for a multi-valued attribute is wrapped into a list, `"True"`/`"False"`
///   strings become booleans, and a bare string for a complex attribute with a `value`
///   sub-attribute becomes `{"value": …}`.
/// * `null`, `[]` and `{}` mean unassigned: the attribute is left out.
/// * `readOnly` attributes (`id`, `meta`, `groups`, `manager.displayName`) and attributes
///   no schema defines are dropped and listed in [`Prepared::ignored`].
/// * `writeOnly` attributes (`password`) are validated, then moved to
///   [`Prepared::write_only`].
/// * Required attributes (User `userName`, Group `displayName`, required extensions) must
///   be present and not blank: 400 `invalidValue`.
/// * At most one value of a multi-valued attribute may be `primary`: 400 `invalidValue`.
/// * On `Replace`, an `immutable` attribute that is already set must keep its value
///   (400 `mutability`); left out, it keeps its stored value.
///
/// ```
/// use scim_core::resource::{prepare_detailed, IgnoreReason, WriteMode};
/// use scim_core::schema::SchemaRegistry;
/// use serde_json::json;
///
/// let registry = SchemaRegistry::standard();
/// let group = registry.resource_schema("Group").unwrap();
/// let body = json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
///                 "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
///     "externalId": "5f0e6a2b-8c1d-4e3f-9a7b-2c4d6e8f0a1b",
///     "displayName": "WindowsAdministrators",
///     "meta": {"resourceType": "Group"}
/// });
/// let prepared = prepare_detailed(body, &group, WriteMode::Create).unwrap();
/// assert_eq!(prepared.resource["schemas"], json!(["urn:ietf:params:scim:schemas:core:2.0:Group"]));
/// assert_eq!(prepared.ignored[1].path, "meta");
/// assert_eq!(prepared.ignored[1].reason, IgnoreReason::ReadOnly);
/// ```
pub fn prepare_detailed(
    input: Value,
    schema: &ResourceSchema<'_>,
    mode: WriteMode<'_>,
) -> Result<Prepared, ScimError> {
    let Value::Object(body) = input else {
        return Err(ScimError::bad_request(
            ScimType::InvalidSyntax,
            "the request body must be a JSON object",
        ));
    };
    let mut ignored: Vec<Ignored> = check_schemas(get_ci(&body, "schemas"), schema)?
        .into_iter()
        .map(|urn| Ignored {
            path: urn,
            reason: IgnoreReason::UnknownSchema,
        })
        .collect();

    let mut core = Map::new();
    let mut extensions: Vec<(&Schema, Map<String, Value>)> =
        schema.extensions.iter().map(|e| (*e, Map::new())).collect();

    for (key, value) in body {
        if key.eq_ignore_ascii_case("schemas") {
            continue;
        }
        if let Some(slot) = extensions
            .iter_mut()
            .find(|(e, _)| e.id.eq_ignore_ascii_case(&key))
        {
            let (ext, holder) = (slot.0, &mut slot.1);
            let fields = match value {
                Value::Null => continue,
                Value::Object(fields) => fields,
                _ => return Err(invalid_value(&ext.id, "expected an object")),
            };
            for (name, v) in fields {
                match ext.attribute(&name) {
                    Some(attr) => place(attr, v, holder, &format!("{}:", ext.id), &mut ignored)?,
                    None => ignored.push(Ignored {
                        path: format!("{}:{name}", ext.id),
                        reason: IgnoreReason::UnknownAttribute,
                    }),
                }
            }
            continue;
        }
        if key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")) {
            let resolved = AttrPath::parse(&key)
                .ok()
                .filter(|p| p.schema.is_some() && p.sub_attr.is_none())
                .and_then(|p| schema.resolve(&p));
            match resolved {
                Some(r) => {
                    let slot = match r.extension {
                        None => Some(&mut core),
                        Some(urn) => extensions
                            .iter_mut()
                            .find(|(e, _)| e.id == urn)
                            .map(|(_, h)| h),
                    };
                    if let Some(holder) = slot {
                        let prefix = r.extension.map(|u| format!("{u}:")).unwrap_or_default();
                        place(r.attribute, value, holder, &prefix, &mut ignored)?;
                        continue;
                    }
                }
                None => {
                    ignored.push(Ignored {
                        path: key,
                        reason: IgnoreReason::UnknownSchema,
                    });
                    continue;
                }
            }
        }
        let attr = schema
            .common
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(&key))
            .or_else(|| schema.core.attribute(&key));
        match attr {
            Some(attr) => place(attr, value, &mut core, "", &mut ignored)?,
            None => ignored.push(Ignored {
                path: key,
                reason: IgnoreReason::UnknownAttribute,
            }),
        }
    }

    if let WriteMode::Replace { existing } = mode {
        let old = existing.as_object();
        enforce_immutable(schema.common, &mut core, old, "")?;
        enforce_immutable(&schema.core.attributes, &mut core, old, "")?;
        for (ext, holder) in &mut extensions {
            let old_ext = old
                .and_then(|o| get_ci(o, &ext.id))
                .and_then(Value::as_object);
            enforce_immutable(&ext.attributes, holder, old_ext, &format!("{}:", ext.id))?;
        }
    }

    check_required(&schema.core.attributes, &core, "")?;
    for (ext, holder) in &extensions {
        let required = schema
            .resource_type
            .schema_extensions
            .iter()
            .any(|e| e.required && e.schema.eq_ignore_ascii_case(&ext.id));
        if holder.is_empty() {
            if required {
                return Err(invalid_value(&ext.id, "this extension is required"));
            }
            continue;
        }
        check_required(&ext.attributes, holder, &format!("{}:", ext.id))?;
    }

    let mut write_only = Map::new();
    take_write_only(schema.common, &mut core, "", &mut write_only);
    take_write_only(&schema.core.attributes, &mut core, "", &mut write_only);
    for (ext, holder) in &mut extensions {
        take_write_only(
            &ext.attributes,
            holder,
            &format!("{}:", ext.id),
            &mut write_only,
        );
    }

    let present: Vec<&str> = extensions
        .iter()
        .filter(|(_, h)| !h.is_empty())
        .map(|(e, _)| e.id.as_str())
        .collect();
    let mut resource = Map::new();
    resource.insert("schemas".to_owned(), output_schemas(schema, &present));
    resource.extend(core);
    for (ext, holder) in extensions {
        if !holder.is_empty() {
            resource.insert(ext.id.clone(), Value::Object(holder));
        }
    }
    Ok(Prepared {
        resource: Value::Object(resource),
        write_only,
        ignored,
    })
}

/// Cleans `value` for `attr` and stores it in `holder` under the schema's spelling.
fn place(
    attr: &Attribute,
    value: Value,
    holder: &mut Map<String, Value>,
    prefix: &str,
    ignored: &mut Vec<Ignored>,
) -> Result<(), ScimError> {
    let path = format!("{prefix}{}", attr.name);
    if holder.contains_key(&attr.name) {
        return Err(invalid_value(
            &path,
            "given twice (names are case-insensitive)",
        ));
    }
    if let Some(v) = clean_attribute(attr, value, &path, ignored)? {
        holder.insert(attr.name.clone(), v);
    }
    Ok(())
}

//! SCIM Users: create, replace, patch, delete — each one transaction with its activity entries
//! and the user's recomputed access.

use scim_core::message::{PatchOperation, PatchRequest};
use scim_core::patch;
use scim_core::resource::{prepare, WriteMode};
use scim_core::schema::ResourceSchema;
use scim_core::ScimError;
use serde_json::Value;
use store::users::{self, NewUser, PreparedUser, UserRecord};
use store::DbConn;

use super::errors::Fail;
use super::render::{self, Meta, Urls};
use crate::services::access;
use crate::services::activity::{self, Entry, Initiator};

/// The User schema view of the registry.
pub fn schema(
    registry: &scim_core::schema::SchemaRegistry,
) -> Result<ResourceSchema<'_>, ScimError> {
    registry
        .resource_schema("User")
        .ok_or_else(|| ScimError::new(500, None, "the User resource type is not registered"))
}

/// The user as a SCIM resource, with its groups.
pub fn render(conn: &mut DbConn, urls: &Urls, record: UserRecord) -> Result<Value, Fail> {
    let groups = users::groups_of_user(conn, &record.id)?;
    Ok(render_with_groups(urls, record, &groups))
}

/// The user as a SCIM resource, given its groups (for list pages, loaded in one batch).
pub fn render_with_groups(urls: &Urls, record: UserRecord, groups: &[users::GroupRef]) -> Value {
    let groups: Vec<Value> = groups
        .iter()
        .map(|g| render::reference(&g.id, &g.display_name, urls.group(&g.id), Some("direct")))
        .collect();
    let mut extra = Vec::new();
    if !groups.is_empty() {
        extra.push(("groups", Value::Array(groups)));
    }
    render::resource(
        record.attributes,
        Meta {
            resource_type: "User",
            id: &record.id,
            location: urls.user(&record.id),
            created: record.created.and_utc(),
            last_modified: record.last_modified.and_utc(),
            version: record.version,
        },
        extra,
    )
}

/// The stored attributes plus `id`: the resource PATCH operates on and PUT is checked against.
fn current_resource(record: &UserRecord) -> Value {
    let mut v = record.attributes.clone();
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), Value::String(record.id.clone()));
    }
    v
}

fn new_user(resource: &Value) -> Result<NewUser, Fail> {
    Ok(NewUser::from_resource(resource)?)
}

/// `POST /Users`: the stored user (render it with [`render_with_groups`] and no groups,
/// outside the write: a new user belongs to no group yet).
pub fn create(conn: &mut DbConn, who: &Initiator, user: PreparedUser) -> Result<UserRecord, Fail> {
    let record = users::insert_prepared(conn, user)?;
    activity::write(
        conn,
        who,
        &[Entry::new(
            Some(&record.id),
            &record.user_name,
            "User created",
        )],
    )?;
    access::grant_new_user(conn, &record.id, &record.user_name, who)?;
    Ok(record)
}

/// Writes `updated` over `before` (if anything changed) and logs what changed.
fn store_update(
    conn: &mut DbConn,
    who: &Initiator,
    before: &UserRecord,
    updated: &Value,
    expected_version: Option<i64>,
) -> Result<UserRecord, Fail> {
    let next = new_user(updated)?;
    let unchanged = next.user_name == before.user_name
        && next.external_id == before.external_id
        && next.display_name == before.display_name
        && next.active == before.active
        && without(&next.attributes, &["id"]) == without(&before.attributes, &["id"]);
    if unchanged {
        if let Some(v) = expected_version {
            if v != before.version {
                return Err(ScimError::precondition_failed(format!(
                    "User {} is at version {}, not {v}",
                    before.id, before.version
                ))
                .into());
            }
        }
        return Ok(before.clone());
    }
    let record = users::update(
        conn,
        &before.id,
        expected_version.or(Some(before.version)),
        &next,
    )?;
    let mut entries = Vec::new();
    let other_changes = next.user_name != before.user_name
        || next.external_id != before.external_id
        || next.display_name != before.display_name
        || without(&next.attributes, &["id", "active"])
            != without(&before.attributes, &["id", "active"]);
    if other_changes {
        entries.push(Entry::new(
            Some(&record.id),
            &record.user_name,
            "User updated",
        ));
    }
    if next.active != before.active {
        let what = if next.active {
            "User reactivated"
        } else {
            "User deactivated"
        };
        entries.push(Entry::new(Some(&record.id), &record.user_name, what));
    }
    activity::write(conn, who, &entries)?;
    Ok(record)
}

/// `v` without the given top-level members (names compared case-insensitively).
fn without(v: &Value, names: &[&str]) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.retain(|k, _| !names.iter().any(|n| k.eq_ignore_ascii_case(n)));
    }
    v
}

/// `PUT /Users/{id}`.
pub fn replace(
    conn: &mut DbConn,
    schema: &ResourceSchema<'_>,
    urls: &Urls,
    who: &Initiator,
    id: &str,
    body: Value,
    expected_version: Option<i64>,
) -> Result<Value, Fail> {
    let before = users::get_for_update(conn, id)?;
    let existing = current_resource(&before);
    let prepared = prepare(
        body,
        schema,
        WriteMode::Replace {
            existing: &existing,
        },
    )?;
    let record = store_update(conn, who, &before, &prepared, expected_version)?;
    render(conn, urls, record)
}

/// `PATCH /Users/{id}`: provider quirks normalised, then RFC 7644 §3.5.2 applied atomically,
/// then the result validated like a PUT.
pub fn patch(
    conn: &mut DbConn,
    schema: &ResourceSchema<'_>,
    urls: &Urls,
    who: &Initiator,
    id: &str,
    request: &PatchRequest,
    expected_version: Option<i64>,
) -> Result<Value, Fail> {
    let before = users::get_for_update(conn, id)?;
    let existing = current_resource(&before);
    let ops: Vec<PatchOperation> = patch::normalize(&request.operations, &existing, schema);
    let mut work = existing.clone();
    patch::apply(&mut work, &ops, schema)?;
    let prepared = prepare(
        work,
        schema,
        WriteMode::Replace {
            existing: &existing,
        },
    )?;
    let record = store_update(conn, who, &before, &prepared, expected_version)?;
    render(conn, urls, record)
}

/// `DELETE /Users/{id}`: the user leaves every group; the activity log keeps the entry.
pub fn delete(
    conn: &mut DbConn,
    who: &Initiator,
    id: &str,
    expected_version: Option<i64>,
) -> Result<(), Fail> {
    let before = users::get_for_update(conn, id)?;
    if let Some(v) = expected_version {
        if v != before.version {
            return Err(ScimError::precondition_failed(format!(
                "User {id} is at version {}, not {v}",
                before.version
            ))
            .into());
        }
    }
    users::delete(conn, id)?;
    activity::write(
        conn,
        who,
        &[Entry::new(Some(id), &before.user_name, "User deleted")],
    )?;
    Ok(())
}

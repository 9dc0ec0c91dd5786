//! SCIM Groups: create, replace, patch, delete. Membership changes are applied as deltas
//! (never by rewriting the member list), logged per member, and followed by the access
//! recompute of exactly the users whose groups changed.

use std::collections::BTreeSet;

use scim_core::message::PatchRequest;
use scim_core::patch::{self, MemberDelta, MemberPatch};
use scim_core::resource::{prepare, WriteMode};
use scim_core::schema::ResourceSchema;
use scim_core::ScimError;
use serde_json::Value;
use store::groups::{self, GroupRecord, NewGroup};
use store::DbConn;

use super::document::GroupWithMembers;
use super::errors::Fail;
use super::render::{self, Meta, Urls};
use super::Outcome;
use crate::scim_http::query::ListParams;
use crate::services::access;
use crate::services::activity::{self, Entry, Initiator};

/// Whether a response must carry `members` (Entra asks for groups without them).
pub fn wants_members(params: &ListParams) -> Result<bool, ScimError> {
    let (attributes, excluded) = super::projection_paths(params)?;
    if excluded
        .iter()
        .any(|p| p.is("members") && p.sub_attr.is_none())
    {
        return Ok(false);
    }
    Ok(attributes.is_empty() || attributes.iter().any(|p| p.is("members")))
}

fn render_record(
    urls: &Urls,
    record: &GroupRecord,
    members: Option<&[groups::MemberRef]>,
) -> Value {
    let mut extra = Vec::new();
    if let Some(members) = members {
        let list: Vec<Value> = members.iter().map(|m| render::member(m, urls)).collect();
        extra.push(("members", Value::Array(list)));
    }
    render::resource(
        record.attributes.clone(),
        Meta {
            resource_type: "Group",
            id: &record.id,
            location: urls.group(&record.id),
            created: record.created.and_utc(),
            last_modified: record.last_modified.and_utc(),
            version: record.version,
        },
        extra,
    )
}

/// One group, with its members unless they are not wanted.
pub fn render_one(
    conn: &mut DbConn,
    urls: &Urls,
    id: &str,
    with_members: bool,
) -> Result<Value, Fail> {
    let record = groups::get(conn, id)?;
    render_loaded(conn, urls, &record, with_members)
}

fn render_loaded(
    conn: &mut DbConn,
    urls: &Urls,
    record: &GroupRecord,
    with_members: bool,
) -> Result<Value, Fail> {
    let members = if with_members {
        Some(groups::members(conn, &record.id)?)
    } else {
        None
    };
    Ok(render_record(urls, record, members.as_deref()))
}

/// One group with its members, the members kept as rows (see `Document`).
pub fn read_with_members(
    conn: &mut DbConn,
    urls: &Urls,
    id: &str,
) -> Result<GroupWithMembers, Fail> {
    let record = groups::get(conn, id)?;
    let members = groups::members(conn, &record.id)?;
    let group = match render_record(urls, &record, None) {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    Ok(GroupWithMembers {
        group,
        members,
        urls: urls.clone(),
    })
}

/// A page of groups, members loaded in one query.
pub fn render_page(
    conn: &mut DbConn,
    urls: &Urls,
    records: &[GroupRecord],
    with_members: bool,
) -> Result<Vec<Value>, Fail> {
    if !with_members {
        return Ok(records
            .iter()
            .map(|r| render_record(urls, r, None))
            .collect());
    }
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let mut members = groups::members_of_groups(conn, &ids)?;
    Ok(records
        .iter()
        .map(|r| {
            let m = members.remove(&r.id).unwrap_or_default();
            render_record(urls, r, Some(&m))
        })
        .collect())
}

/// Members as given in a request: ids, and the `display` given for some of them.
struct GivenMembers {
    ids: Vec<String>,
    displays: Vec<(String, String)>,
}

/// Takes `members` out of a prepared resource: (resource without members, the members).
fn split_members(mut resource: Value) -> Result<(Value, Option<GivenMembers>), Fail> {
    let Some(obj) = resource.as_object_mut() else {
        return Ok((resource, None));
    };
    let Some(members) = obj.remove("members") else {
        return Ok((resource, None));
    };
    let given = GivenMembers {
        ids: member_ids(&members)?,
        displays: displays_in(&members),
    };
    Ok((resource, Some(given)))
}

/// `(value, display)` of the member values that carry both.
fn displays_in(members: &Value) -> Vec<(String, String)> {
    members
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|m| {
            Some((
                m.get("value")?.as_str()?.to_owned(),
                m.get("display")?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

/// The member displays given by `add`/`replace` operations on `members`.
fn displays_in_ops(ops: &[scim_core::message::PatchOperation]) -> Vec<(String, String)> {
    use scim_core::message::PatchOpKind;
    let mut out = Vec::new();
    for op in ops.iter().filter(|o| o.op != PatchOpKind::Remove) {
        let Some(value) = &op.value else { continue };
        match op.path.as_deref().map(str::trim) {
            Some(p) if p.eq_ignore_ascii_case("members") => out.extend(displays_in(value)),
            None => {
                if let Some((_, members)) = value
                    .as_object()
                    .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case("members")))
                {
                    out.extend(displays_in(members));
                }
            }
            Some(_) => {}
        }
    }
    out
}

/// Keeps the displays given for members that were just added.
fn record_displays(
    conn: &mut DbConn,
    group_id: &str,
    added: &[String],
    displays: Vec<(String, String)>,
) -> Result<(), Fail> {
    if added.is_empty() || displays.is_empty() {
        return Ok(());
    }
    let added: BTreeSet<&str> = added.iter().map(String::as_str).collect();
    let wanted: Vec<(String, String)> = displays
        .into_iter()
        .filter(|(id, _)| added.contains(id.as_str()))
        .collect();
    groups::set_member_displays(conn, group_id, &wanted)?;
    Ok(())
}

fn member_ids(members: &Value) -> Result<Vec<String>, Fail> {
    let mut ids = Vec::new();
    for m in members.as_array().map(Vec::as_slice).unwrap_or_default() {
        match m.get("value").and_then(Value::as_str) {
            Some(v) => ids.push(v.to_owned()),
            None => {
                return Err(ScimError::bad_request(
                    scim_core::ScimType::InvalidValue,
                    "every member needs a string \"value\" (the member's id)",
                )
                .into())
            }
        }
    }
    Ok(ids)
}

/// Names of users, for activity entries.
fn user_names(conn: &mut DbConn, ids: &[String]) -> Result<Vec<(String, String)>, Fail> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(store::users::get_many(conn, ids)?
        .into_iter()
        .map(|u| (u.id, u.user_name))
        .collect())
}

/// Logs "Added to group" / "Removed from group" for each member that changed.
fn log_membership(
    conn: &mut DbConn,
    who: &Initiator,
    group: &str,
    added: &[String],
    removed: &[String],
) -> Result<(), Fail> {
    let mut entries = Vec::new();
    for (id, name) in user_names(conn, added)? {
        entries.push(Entry::new(
            Some(&id),
            &name,
            format!("Added to group {group}"),
        ));
    }
    for (id, name) in user_names(conn, removed)? {
        entries.push(Entry::new(
            Some(&id),
            &name,
            format!("Removed from group {group}"),
        ));
    }
    activity::write(conn, who, &entries)?;
    Ok(())
}

/// `POST /Groups`.
pub fn create(
    conn: &mut DbConn,
    urls: &Urls,
    who: &Initiator,
    prepared: Value,
) -> Result<Value, Fail> {
    let (resource, members) = split_members(prepared)?;
    let record = groups::insert(conn, &NewGroup::from_resource(&resource)?)?;
    activity::write(
        conn,
        who,
        &[Entry::new(None, &record.display_name, "Group created")],
    )?;
    let added = match members {
        Some(given) if !given.ids.is_empty() => {
            let added = groups::add_members(conn, &record.id, &given.ids)?;
            record_displays(conn, &record.id, &added, given.displays)?;
            added
        }
        _ => Vec::new(),
    };
    log_membership(conn, who, &record.display_name, &added, &[])?;
    access::recompute_users(conn, &added, who)?;
    let record = groups::get(conn, &record.id)?;
    render_loaded(conn, urls, &record, true)
}

fn check_version(record: &GroupRecord, expected: Option<i64>) -> Result<(), Fail> {
    match expected {
        Some(v) if v != record.version => Err(ScimError::precondition_failed(format!(
            "Group {} is at version {}, not {v}",
            record.id, record.version
        ))
        .into()),
        _ => Ok(()),
    }
}

/// Stores a new name/attributes if they changed; logs a rename. Returns whether the name changed.
fn store_attributes(
    conn: &mut DbConn,
    who: &Initiator,
    before: &GroupRecord,
    resource: &Value,
) -> Result<bool, Fail> {
    let next = NewGroup::from_resource(resource)?;
    let mut stored = before.attributes.clone();
    if let Some(o) = stored.as_object_mut() {
        o.remove("members");
    }
    if next.display_name == before.display_name
        && next.external_id == before.external_id
        && next.attributes == stored
    {
        return Ok(false);
    }
    groups::update(conn, &before.id, Some(before.version), &next)?;
    let renamed = next.display_name != before.display_name;
    let what = if renamed {
        format!(
            "Group renamed from {} to {}",
            before.display_name, next.display_name
        )
    } else {
        "Group updated".to_owned()
    };
    activity::write(conn, who, &[Entry::new(None, &next.display_name, what)])?;
    Ok(renamed)
}

/// Applies membership deltas in order; returns (added, removed) net of each other.
fn apply_deltas(
    conn: &mut DbConn,
    group_id: &str,
    deltas: &[MemberDelta],
) -> Result<(Vec<String>, Vec<String>), Fail> {
    let mut added: BTreeSet<String> = BTreeSet::new();
    let mut removed: BTreeSet<String> = BTreeSet::new();
    let mut note = |a: Vec<String>, r: Vec<String>| {
        for id in a {
            if !removed.remove(&id) {
                added.insert(id);
            }
        }
        for id in r {
            if !added.remove(&id) {
                removed.insert(id);
            }
        }
    };
    for d in deltas {
        match d {
            MemberDelta::Add(ids) => note(groups::add_members(conn, group_id, ids)?, Vec::new()),
            MemberDelta::Remove(ids) => {
                note(Vec::new(), groups::remove_members(conn, group_id, ids)?)
            }
            MemberDelta::Clear => note(Vec::new(), groups::clear_members(conn, group_id)?),
            MemberDelta::Replace(ids) => {
                let (a, r) = groups::replace_members(conn, group_id, ids)?;
                note(a, r);
            }
        }
    }
    Ok((added.into_iter().collect(), removed.into_iter().collect()))
}

/// After a change: log memberships, recompute access (every member on a rename, since roles
/// match group names), and answer.
#[allow(clippy::too_many_arguments)]
fn finish(
    conn: &mut DbConn,
    urls: &Urls,
    who: &Initiator,
    group_id: &str,
    renamed: bool,
    added: &[String],
    removed: &[String],
    echo: bool,
) -> Result<Outcome, Fail> {
    let record = groups::get(conn, group_id)?;
    log_membership(conn, who, &record.display_name, added, removed)?;
    let mut affected: BTreeSet<String> = added.iter().chain(removed).cloned().collect();
    if renamed {
        affected.extend(groups::members(conn, group_id)?.into_iter().map(|m| m.id));
    }
    let affected: Vec<String> = affected.into_iter().collect();
    access::recompute_users(conn, &affected, who)?;
    if echo {
        Ok(Outcome::Resource(render_loaded(conn, urls, &record, true)?))
    } else {
        Ok(Outcome::NoContent {
            version: record.version,
        })
    }
}

/// `PUT /Groups/{id}`: attributes replaced; `members`, when given, becomes the member list.
pub fn replace(
    conn: &mut DbConn,
    schema: &ResourceSchema<'_>,
    urls: &Urls,
    who: &Initiator,
    id: &str,
    body: Value,
    expected_version: Option<i64>,
) -> Result<Value, Fail> {
    let before = groups::get_for_update(conn, id)?;
    check_version(&before, expected_version)?;
    let prepared = prepare(
        body,
        schema,
        WriteMode::Replace {
            existing: &before.attributes,
        },
    )?;
    let (resource, members) = split_members(prepared)?;
    let renamed = store_attributes(conn, who, &before, &resource)?;
    let (added, removed) = match members {
        Some(given) => {
            let (added, removed) = apply_deltas(conn, id, &[MemberDelta::Replace(given.ids)])?;
            record_displays(conn, id, &added, given.displays)?;
            (added, removed)
        }
        None => (Vec::new(), Vec::new()),
    };
    match finish(conn, urls, who, id, renamed, &added, &removed, true)? {
        Outcome::Resource(v) => Ok(v),
        Outcome::NoContent { .. } => {
            let record = groups::get(conn, id)?;
            render_loaded(conn, urls, &record, true)
        }
    }
}

/// `PATCH /Groups/{id}`: member operations become deltas; the rest go through the PATCH engine.
#[allow(clippy::too_many_arguments)]
pub fn patch(
    conn: &mut DbConn,
    schema: &ResourceSchema<'_>,
    urls: &Urls,
    who: &Initiator,
    id: &str,
    request: &PatchRequest,
    expected_version: Option<i64>,
    echo: bool,
) -> Result<Outcome, Fail> {
    let before = groups::get_for_update(conn, id)?;
    check_version(&before, expected_version)?;
    let mut current = before.attributes.clone();
    if let Some(o) = current.as_object_mut() {
        o.insert("id".into(), Value::String(before.id.clone()));
    }
    let ops = patch::normalize(&request.operations, &current, schema);
    let (deltas, rest) = match patch::member_deltas(&ops, "members")? {
        MemberPatch::Deltas { deltas, rest } => (deltas, rest),
        MemberPatch::Fallback { .. } => {
            // A member operation no delta expresses (e.g. a filter on `display`): apply the
            // whole request to the resource with its members, then store the resulting list.
            let members = groups::members(conn, id)?;
            let list: Vec<Value> = members.iter().map(|m| render::member(m, urls)).collect();
            if let Some(o) = current.as_object_mut() {
                o.insert("members".into(), Value::Array(list));
            }
            patch::apply(&mut current, &ops, schema)?;
            let ids = member_ids(current.get("members").unwrap_or(&Value::Null))?;
            (vec![MemberDelta::Replace(ids)], Vec::new())
        }
    };
    if !rest.is_empty() {
        patch::apply(&mut current, &rest, schema)?;
    }
    if let Some(o) = current.as_object_mut() {
        o.remove("members");
    }
    let prepared = prepare(
        current,
        schema,
        WriteMode::Replace {
            existing: &before.attributes,
        },
    )?;
    let renamed = store_attributes(conn, who, &before, &prepared)?;
    let (added, removed) = apply_deltas(conn, id, &deltas)?;
    record_displays(conn, id, &added, displays_in_ops(&ops))?;
    finish(conn, urls, who, id, renamed, &added, &removed, echo)
}

/// `DELETE /Groups/{id}`: members lose the group (and possibly their role).
pub fn delete(
    conn: &mut DbConn,
    who: &Initiator,
    id: &str,
    expected_version: Option<i64>,
) -> Result<(), Fail> {
    let before = groups::get_for_update(conn, id)?;
    check_version(&before, expected_version)?;
    let members: Vec<String> = groups::members(conn, id)?
        .into_iter()
        .map(|m| m.id)
        .collect();
    groups::delete(conn, id)?;
    activity::write(
        conn,
        who,
        &[Entry::new(None, &before.display_name, "Group deleted")],
    )?;
    log_membership(conn, who, &before.display_name, &[], &members)?;
    access::recompute_users(conn, &members, who)?;
    Ok(())
}

//! SCIM groups: rows of `groups`, memberships in `group_members` changed by deltas inside
//! the caller's transaction.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use scim_core::resource::normalized_key;
use scim_core::schema::ResourceSchema;
use serde_json::{json, Map, Value};

use crate::conn::{DbConn, MultiBackend};
use crate::error::StoreError;
use crate::filter_sql;
use crate::id::{new_id, CHUNK};
use crate::json::{as_object, parse, remove_ci, set_ci, str_ci};
use crate::list::{self, ListQuery};
use crate::schema::{group_members, groups, users};
use crate::time;

/// Top-level members never kept in `attributes` (`members` live in `group_members`).
const NOT_STORED: &[&str] = &["id", "meta", "members"];

/// A group to insert, or the new state of one to update (members are changed separately).
#[derive(Debug, Clone, PartialEq)]
pub struct NewGroup {
    /// `displayName` (not unique; compared ignoring case).
    pub display_name: String,
    /// `externalId`.
    pub external_id: Option<String>,
    /// The SCIM resource without `id`, `meta` and `members` (removed if present).
    pub attributes: Value,
}

impl NewGroup {
    /// Takes the indexed fields from a SCIM Group resource: `displayName` (required string)
    /// and `externalId`. Its `members` are ignored: use [`add_members`] or
    /// [`replace_members`].
    pub fn from_resource(resource: &Value) -> Result<NewGroup, StoreError> {
        let object = as_object(resource, "a Group resource")?;
        let display_name = str_ci(object, "displayName")
            .ok_or_else(|| StoreError::InvalidData("displayName is required".into()))?;
        Ok(NewGroup {
            display_name: display_name.to_owned(),
            external_id: str_ci(object, "externalId").map(str::to_owned),
            attributes: resource.clone(),
        })
    }

    fn stored_attributes(&self) -> Result<Map<String, Value>, StoreError> {
        let mut object = as_object(&self.attributes, "Group attributes")?.clone();
        remove_ci(&mut object, NOT_STORED);
        Ok(object)
    }
}

/// A stored group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRecord {
    /// The id (UUIDv7).
    pub id: String,
    /// `displayName`.
    pub display_name: String,
    /// `externalId`.
    pub external_id: Option<String>,
    /// The SCIM resource without `id`, `meta` and `members`.
    pub attributes: Value,
    /// `meta.created` (UTC).
    pub created: NaiveDateTime,
    /// `meta.lastModified` (UTC): also set by membership changes.
    pub last_modified: NaiveDateTime,
    /// Incremented by every update, including membership changes.
    pub version: i64,
}

/// `group_id, user id, userName, displayName, membership display` as loaded.
type MemberColumns = (String, String, String, Option<String>, Option<String>);

/// A member of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRef {
    /// The user's id.
    pub id: String,
    /// The user's `userName`.
    pub user_name: String,
    /// The user's `displayName`.
    pub display_name: Option<String>,
    /// The `display` the client gave the membership, if any.
    pub member_display: Option<String>,
}

impl MemberRef {
    /// The member's `display`: as the client gave it, else the user's `displayName`, else
    /// `userName`.
    pub fn display(&self) -> &str {
        self.member_display
            .as_deref()
            .or(self.display_name.as_deref())
            .unwrap_or(&self.user_name)
    }
}

impl GroupRecord {
    /// The SCIM resource as the filter evaluator sees it: `attributes` with the indexed
    /// columns written over them, `id`, `meta` (`resourceType`, `created`, `lastModified`)
    /// and, when given, `members` (`value`, `display`, `type`).
    pub fn resource_json(&self, members: Option<&[MemberRef]>) -> Value {
        let mut object = self.attributes.as_object().cloned().unwrap_or_default();
        set_ci(&mut object, "id", json!(self.id));
        set_ci(&mut object, "displayName", json!(self.display_name));
        match &self.external_id {
            Some(v) => set_ci(&mut object, "externalId", json!(v)),
            None => remove_ci(&mut object, &["externalId"]),
        }
        if let Some(members) = members {
            let list: Vec<Value> = members
                .iter()
                .map(|m| json!({"value": m.id, "display": m.display(), "type": "User"}))
                .collect();
            set_ci(&mut object, "members", Value::Array(list));
        }
        set_ci(
            &mut object,
            "meta",
            json!({
                "resourceType": "Group",
                "created": time::to_rfc3339(self.created),
                "lastModified": time::to_rfc3339(self.last_modified),
            }),
        );
        Value::Object(object)
    }
}

#[derive(Debug, Queryable, Insertable)]
#[diesel(table_name = groups)]
struct GroupRow {
    id: String,
    display_name: String,
    display_name_key: String,
    external_id: Option<String>,
    attributes: String,
    created: NaiveDateTime,
    last_modified: NaiveDateTime,
    version: i64,
}

impl GroupRow {
    fn into_record(self) -> Result<GroupRecord, StoreError> {
        Ok(GroupRecord {
            attributes: parse(&self.attributes)?,
            id: self.id,
            display_name: self.display_name,
            external_id: self.external_id,
            created: self.created,
            last_modified: self.last_modified,
            version: self.version,
        })
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = group_members)]
struct MemberRow<'a> {
    group_id: &'a str,
    user_id: &'a str,
    display: Option<&'a str>,
}

/// Inserts a group (without members) with a new id; `version` 1.
pub fn insert(conn: &mut DbConn, group: &NewGroup) -> Result<GroupRecord, StoreError> {
    let attributes = group.stored_attributes()?;
    let now = time::now();
    let row = GroupRow {
        id: new_id(),
        display_name: group.display_name.clone(),
        display_name_key: normalized_key(&group.display_name),
        external_id: group.external_id.clone(),
        attributes: serde_json::to_string(&attributes)?,
        created: now,
        last_modified: now,
        version: 1,
    };
    diesel::insert_into(groups::table)
        .values(&row)
        .execute(conn)?;
    row.into_record()
}

/// The group with this id ([`StoreError::NotFound`] otherwise).
pub fn get(conn: &mut DbConn, id: &str) -> Result<GroupRecord, StoreError> {
    groups::table
        .find(id)
        .load::<GroupRow>(conn)?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::not_found("group", id))?
        .into_record()
}

/// Like [`get`], locking the row until the transaction ends (PostgreSQL `FOR UPDATE`;
/// SQLite writes are already serialised). Membership changes take this lock too, so a
/// PATCH that reads, then writes, the group sees no concurrent change.
pub fn get_for_update(conn: &mut DbConn, id: &str) -> Result<GroupRecord, StoreError> {
    let row = match conn {
        DbConn::Pg(c) => groups::table
            .find(id)
            .for_update()
            .first::<GroupRow>(c)
            .optional()?,
        DbConn::Sqlite(c) => groups::table
            .find(id)
            .load::<GroupRow>(c)?
            .into_iter()
            .next(),
    };
    row.ok_or_else(|| StoreError::not_found("group", id))?
        .into_record()
}

/// The groups whose `displayName` equals `display_name` ignoring case, by id.
pub fn find_by_display_name(
    conn: &mut DbConn,
    display_name: &str,
) -> Result<Vec<GroupRecord>, StoreError> {
    let rows: Vec<GroupRow> = groups::table
        .filter(groups::display_name_key.eq(normalized_key(display_name)))
        .order(groups::id.asc())
        .load(conn)?;
    rows.into_iter().map(GroupRow::into_record).collect()
}

/// Replaces the group's attributes (not its members), increments `version`, sets
/// `last_modified`; `expected_version` as in [`users::update`](crate::users::update).
pub fn update(
    conn: &mut DbConn,
    id: &str,
    expected_version: Option<i64>,
    group: &NewGroup,
) -> Result<GroupRecord, StoreError> {
    let attributes = group.stored_attributes()?;
    let changes = (
        groups::display_name.eq(&group.display_name),
        groups::display_name_key.eq(normalized_key(&group.display_name)),
        groups::external_id.eq(&group.external_id),
        groups::attributes.eq(serde_json::to_string(&attributes)?),
        groups::last_modified.eq(time::now()),
        groups::version.eq(groups::version + 1),
    );
    let target = groups::table.filter(groups::id.eq(id));
    let updated = match expected_version {
        Some(v) => diesel::update(target.filter(groups::version.eq(v)))
            .set(changes)
            .execute(conn)?,
        None => diesel::update(target).set(changes).execute(conn)?,
    };
    if updated == 0 {
        let exists = groups::table
            .find(id)
            .select(groups::id)
            .first::<String>(conn)
            .optional()?;
        return Err(match (exists, expected_version) {
            (Some(_), Some(expected)) => StoreError::VersionConflict {
                entity: "group",
                id: id.to_owned(),
                expected,
            },
            _ => StoreError::not_found("group", id),
        });
    }
    get(conn, id)
}

/// Deletes the group (its memberships go with it) and returns it as it was.
pub fn delete(conn: &mut DbConn, id: &str) -> Result<GroupRecord, StoreError> {
    let record = get(conn, id)?;
    diesel::delete(groups::table.find(id)).execute(conn)?;
    Ok(record)
}

/// How many groups exist.
pub fn count(conn: &mut DbConn) -> Result<usize, StoreError> {
    let n: i64 = groups::table.count().get_result(conn)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The members of a group, by id.
pub fn members(conn: &mut DbConn, group_id: &str) -> Result<Vec<MemberRef>, StoreError> {
    Ok(members_of_groups(conn, &[group_id])?
        .remove(group_id)
        .unwrap_or_default())
}

/// The members of each of these groups (one query per 500 groups), each list by user id.
/// Groups without members are absent from the map.
pub fn members_of_groups<S: AsRef<str>>(
    conn: &mut DbConn,
    group_ids: &[S],
) -> Result<HashMap<String, Vec<MemberRef>>, StoreError> {
    let mut out: HashMap<String, Vec<MemberRef>> = HashMap::new();
    for chunk in group_ids.chunks(CHUNK) {
        let chunk: Vec<&str> = chunk.iter().map(AsRef::as_ref).collect();
        let rows: Vec<MemberColumns> = group_members::table
            .inner_join(users::table)
            .filter(group_members::group_id.eq_any(&chunk))
            .order((group_members::group_id.asc(), users::id.asc()))
            .select((
                group_members::group_id,
                users::id,
                users::user_name,
                users::display_name,
                group_members::display,
            ))
            .load(conn)?;
        for (group_id, id, user_name, display_name, member_display) in rows {
            out.entry(group_id).or_default().push(MemberRef {
                id,
                user_name,
                display_name,
                member_display,
            });
        }
    }
    Ok(out)
}

/// How many members a group has.
pub fn member_count(conn: &mut DbConn, group_id: &str) -> Result<usize, StoreError> {
    let n: i64 = group_members::table
        .filter(group_members::group_id.eq(group_id))
        .count()
        .get_result(conn)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Locks the group row for membership changes, or [`StoreError::NotFound`].
fn lock_group(conn: &mut DbConn, group_id: &str) -> Result<(), StoreError> {
    let found = match conn {
        DbConn::Pg(c) => groups::table
            .find(group_id)
            .select(groups::id)
            .for_update()
            .first::<String>(c)
            .optional()?,
        DbConn::Sqlite(c) => groups::table
            .find(group_id)
            .select(groups::id)
            .load::<String>(c)?
            .into_iter()
            .next(),
    };
    found
        .map(|_| ())
        .ok_or_else(|| StoreError::not_found("group", group_id))
}

/// Bumps the group's version and `last_modified` after a membership change.
fn touch(conn: &mut DbConn, group_id: &str) -> Result<(), StoreError> {
    diesel::update(groups::table.find(group_id))
        .set((
            groups::last_modified.eq(time::now()),
            groups::version.eq(groups::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// `ids` without repetitions, in first-seen order.
fn dedup<S: AsRef<str>>(ids: &[S]) -> Vec<&str> {
    let mut seen = HashSet::new();
    ids.iter()
        .map(AsRef::as_ref)
        .filter(|id| seen.insert(*id))
        .collect()
}

/// Which of `ids` are members of the group.
fn existing_members(
    conn: &mut DbConn,
    group_id: &str,
    ids: &[&str],
) -> Result<HashSet<String>, StoreError> {
    let mut out = HashSet::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<String> = group_members::table
            .filter(group_members::group_id.eq(group_id))
            .filter(group_members::user_id.eq_any(chunk))
            .select(group_members::user_id)
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// [`StoreError::UnknownMember`] for the first of `ids` that is no user.
fn check_users_exist(conn: &mut DbConn, ids: &[&str]) -> Result<(), StoreError> {
    for chunk in ids.chunks(CHUNK) {
        let found: HashSet<String> = users::table
            .filter(users::id.eq_any(chunk))
            .select(users::id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        if let Some(missing) = chunk.iter().find(|id| !found.contains(**id)) {
            return Err(StoreError::UnknownMember {
                id: (*missing).to_owned(),
            });
        }
    }
    Ok(())
}

fn insert_members(conn: &mut DbConn, group_id: &str, ids: &[&str]) -> Result<(), StoreError> {
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<MemberRow<'_>> = chunk
            .iter()
            .map(|user_id| MemberRow {
                group_id,
                user_id,
                display: None,
            })
            .collect();
        // Idempotent even without the group lock: an existing pair is skipped.
        match conn {
            DbConn::Sqlite(c) => diesel::insert_or_ignore_into(group_members::table)
                .values(&rows)
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(group_members::table)
                .values(&rows)
                .on_conflict_do_nothing()
                .execute(c)?,
        };
    }
    Ok(())
}

fn delete_members(conn: &mut DbConn, group_id: &str, ids: &[&str]) -> Result<(), StoreError> {
    for chunk in ids.chunks(CHUNK) {
        diesel::delete(
            group_members::table
                .filter(group_members::group_id.eq(group_id))
                .filter(group_members::user_id.eq_any(chunk)),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// Adds users to the group (idempotent: present members are skipped) and returns the ids
/// actually added, in request order. Every id must be a user ([`StoreError::UnknownMember`]
/// names the first that is not: a 400 for SCIM); an unknown group is
/// [`StoreError::NotFound`]. The group row is locked first, so concurrent additions to one
/// group serialise and none is lost; `version` and `last_modified` change only if
/// membership did.
pub fn add_members<S: AsRef<str>>(
    conn: &mut DbConn,
    group_id: &str,
    user_ids: &[S],
) -> Result<Vec<String>, StoreError> {
    lock_group(conn, group_id)?;
    let ids = dedup(user_ids);
    check_users_exist(conn, &ids)?;
    let present = existing_members(conn, group_id, &ids)?;
    let added: Vec<&str> = ids
        .into_iter()
        .filter(|id| !present.contains(*id))
        .collect();
    if !added.is_empty() {
        insert_members(conn, group_id, &added)?;
        touch(conn, group_id)?;
    }
    Ok(added.into_iter().map(str::to_owned).collect())
}

/// Removes users from the group and returns the ids actually removed (those that were
/// members), in request order. Ids that are not members, or no users, are ignored.
pub fn remove_members<S: AsRef<str>>(
    conn: &mut DbConn,
    group_id: &str,
    user_ids: &[S],
) -> Result<Vec<String>, StoreError> {
    lock_group(conn, group_id)?;
    let ids = dedup(user_ids);
    let present = existing_members(conn, group_id, &ids)?;
    let removed: Vec<&str> = ids.into_iter().filter(|id| present.contains(*id)).collect();
    if !removed.is_empty() {
        delete_members(conn, group_id, &removed)?;
        touch(conn, group_id)?;
    }
    Ok(removed.into_iter().map(str::to_owned).collect())
}

/// Removes every member and returns their ids (by id).
pub fn clear_members(conn: &mut DbConn, group_id: &str) -> Result<Vec<String>, StoreError> {
    lock_group(conn, group_id)?;
    let removed: Vec<String> = group_members::table
        .filter(group_members::group_id.eq(group_id))
        .order(group_members::user_id.asc())
        .select(group_members::user_id)
        .load(conn)?;
    if !removed.is_empty() {
        diesel::delete(group_members::table.filter(group_members::group_id.eq(group_id)))
            .execute(conn)?;
        touch(conn, group_id)?;
    }
    Ok(removed)
}

/// Makes `user_ids` the exact membership (a PUT) and returns `(added, removed)`: added in
/// request order, removed by id. Unknown users: [`StoreError::UnknownMember`], nothing
/// changed.
pub fn replace_members<S: AsRef<str>>(
    conn: &mut DbConn,
    group_id: &str,
    user_ids: &[S],
) -> Result<(Vec<String>, Vec<String>), StoreError> {
    lock_group(conn, group_id)?;
    let ids = dedup(user_ids);
    check_users_exist(conn, &ids)?;
    let current: Vec<String> = group_members::table
        .filter(group_members::group_id.eq(group_id))
        .order(group_members::user_id.asc())
        .select(group_members::user_id)
        .load(conn)?;
    let current_set: HashSet<&str> = current.iter().map(String::as_str).collect();
    let wanted: HashSet<&str> = ids.iter().copied().collect();
    let added: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !current_set.contains(id))
        .collect();
    let removed: Vec<&str> = current
        .iter()
        .map(String::as_str)
        .filter(|id| !wanted.contains(id))
        .collect();
    if !removed.is_empty() {
        delete_members(conn, group_id, &removed)?;
    }
    if !added.is_empty() {
        insert_members(conn, group_id, &added)?;
    }
    if !added.is_empty() || !removed.is_empty() {
        touch(conn, group_id)?;
    }
    let owned = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
    Ok((owned(added), owned(removed)))
}

/// A sortable column.
#[derive(Debug, Clone, Copy)]
enum SortColumn {
    Id,
    DisplayName,
    ExternalId,
    Created,
    LastModified,
}

fn sort_column(schema: &ResourceSchema<'_>, query: &ListQuery<'_>) -> Option<SortColumn> {
    let Some(path) = &query.sort_by else {
        return Some(SortColumn::Id);
    };
    let r = schema.resolve(path)?;
    if r.extension.is_some() {
        return None;
    }
    Some(
        match (
            r.attribute.name.as_str(),
            r.sub_attribute.map(|s| s.name.as_str()),
        ) {
            ("id", None) => SortColumn::Id,
            ("displayName", None) => SortColumn::DisplayName,
            ("externalId", None) => SortColumn::ExternalId,
            ("meta", Some("created")) => SortColumn::Created,
            ("meta", Some("lastModified")) => SortColumn::LastModified,
            _ => return None,
        },
    )
}

type Boxed<'a> = groups::BoxedQuery<'a, MultiBackend>;

/// Orders by `column` (absent values last, or first when descending), ties by ascending id.
fn order(query: Boxed<'_>, column: SortColumn, desc: bool) -> Boxed<'_> {
    macro_rules! by {
        ($col:expr) => {
            if desc {
                query.order(($col.desc(), groups::id.asc()))
            } else {
                query.order(($col.asc(), groups::id.asc()))
            }
        };
    }
    match column {
        SortColumn::Id if desc => query.order(groups::id.desc()),
        SortColumn::Id => query.order(groups::id.asc()),
        SortColumn::DisplayName => by!(groups::display_name_key),
        SortColumn::ExternalId if desc => query.order((
            groups::external_id.is_null().desc(),
            groups::external_id.desc(),
            groups::id.asc(),
        )),
        SortColumn::ExternalId => query.order((
            groups::external_id.is_null().asc(),
            groups::external_id.asc(),
            groups::id.asc(),
        )),
        SortColumn::Created => by!(groups::created),
        SortColumn::LastModified => by!(groups::last_modified),
    }
}

fn filtered<'a>(query: &ListQuery<'_>, schema: &ResourceSchema<'_>) -> Boxed<'a> {
    let mut q: Boxed<'a> = groups::table.into_boxed();
    if let Some(sql) = query.filter.and_then(|f| filter_sql::groups(f, schema).sql) {
        q = q.filter(sql);
    }
    q
}

/// A page of groups matching `query` and the total (see
/// [`users::list`](crate::users::list)); standard Group schema.
pub fn list(
    conn: &mut DbConn,
    query: &ListQuery<'_>,
) -> Result<(usize, Vec<GroupRecord>), StoreError> {
    let registry = list::standard_registry();
    let schema = registry
        .resource_schema("Group")
        .ok_or_else(|| StoreError::InvalidData("the standard registry has no Group".into()))?;
    list_with_schema(conn, query, &schema)
}

/// [`list`] under `schema` (see [`users::list_with_schema`](crate::users::list_with_schema)).
pub fn list_with_schema(
    conn: &mut DbConn,
    query: &ListQuery<'_>,
    schema: &ResourceSchema<'_>,
) -> Result<(usize, Vec<GroupRecord>), StoreError> {
    query.bind(schema)?;
    let residual = query
        .filter
        .and_then(|f| filter_sql::groups(f, schema).residual);
    let column = sort_column(schema, query);
    if let (None, Some(column)) = (&residual, column) {
        let total: i64 = filtered(query, schema).count().get_result(conn)?;
        let mut page = Vec::new();
        if query.count > 0 {
            let rows: Vec<GroupRow> = order(filtered(query, schema), column, query.descending)
                .limit(query.sql_limit())
                .offset(query.sql_offset())
                .load(conn)?;
            for row in rows {
                page.push(row.into_record()?);
            }
        }
        return Ok((usize::try_from(total).unwrap_or(0), page));
    }
    let candidates = match column {
        Some(column) => order(filtered(query, schema), column, query.descending),
        None => filtered(query, schema).order(groups::id.asc()),
    };
    let rows: Vec<GroupRow> = candidates.limit(list::scan_limit()).load(conn)?;
    list::check_scan(&rows)?;
    let records = rows
        .into_iter()
        .map(GroupRow::into_record)
        .collect::<Result<Vec<_>, _>>()?;
    let wants_members = residual
        .as_ref()
        .is_some_and(|f| list::mentions(f, "members"))
        || (column.is_none() && query.sort_by.as_ref().is_some_and(|p| p.is("members")));
    let members = if wants_members {
        let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
        members_of_groups(conn, &ids)?
    } else {
        HashMap::new()
    };
    let candidates: Vec<(GroupRecord, Value)> = records
        .into_iter()
        .map(|r| {
            let m = wants_members.then(|| members.get(&r.id).map_or(&[][..], Vec::as_slice));
            let json = r.resource_json(m);
            (r, json)
        })
        .collect();
    let bound = residual.as_ref().map(|f| f.bind(schema)).transpose()?;
    let sort = match (column, &query.sort_by) {
        (None, Some(path)) => Some((path, query.descending)),
        _ => None,
    };
    Ok(list::in_memory(
        candidates,
        bound.as_ref(),
        sort,
        schema,
        query,
    ))
}

/// Records the `display` a client gave for members (RFC 7643 §4.2 `members.display`), for
/// the given `(user id, display)` pairs that are members of the group; others are ignored.
pub fn set_member_displays(
    conn: &mut DbConn,
    group_id: &str,
    displays: &[(String, String)],
) -> Result<(), StoreError> {
    for (user_id, display) in displays {
        diesel::update(
            group_members::table
                .filter(group_members::group_id.eq(group_id))
                .filter(group_members::user_id.eq(user_id)),
        )
        .set(group_members::display.eq(display))
        .execute(conn)?;
    }
    Ok(())
}

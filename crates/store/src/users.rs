//! SCIM users: rows of `users` plus their `emails` in `user_emails`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use scim_core::filter::{CompValue, CompareOp, Filter};
use scim_core::resource::normalized_key;
use scim_core::schema::ResourceSchema;
use serde_json::{json, Map, Value};

use crate::conn::{on_inner, DbConn, MultiBackend};
use crate::error::StoreError;
use crate::filter_sql;
use crate::id::{new_id, CHUNK};
use crate::json::{as_object, get_ci, parse, remove_ci, set_ci, str_ci};
use crate::list::{self, ListQuery};
use crate::schema::{group_members, groups, user_emails, users};
use crate::time;

/// Top-level members never kept in `attributes`: assigned by the store, derived from
/// `group_members`, or never stored (`password`).
const NOT_STORED: &[&str] = &["id", "meta", "groups", "password"];

/// The unique constraints of `users` and the API field each protects.
const UNIQUE: &[(&str, &str)] = &[("user_name_key", "userName")];

/// A user to insert, or the new state of one to update.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    /// `userName` (unique, case-insensitive).
    pub user_name: String,
    /// `externalId`.
    pub external_id: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `active`: `false` deactivates (sign-in refused). `true` with no `active` in
    /// `attributes` leaves the attribute unassigned (and the user active).
    pub active: bool,
    /// The SCIM resource without `id`, `meta`, `groups` and `password` (removed if present).
    /// Its `emails` are indexed for filters and sign-in.
    pub attributes: Value,
}

impl NewUser {
    /// Takes the indexed fields from a SCIM User resource (as validated by scim-core):
    /// `userName` (required string), `externalId`, `displayName`, `active` (default `true`).
    pub fn from_resource(resource: &Value) -> Result<NewUser, StoreError> {
        Self::from_owned_resource(resource.clone())
    }

    /// Like [`NewUser::from_resource`], keeping `resource` as the attributes (no copy).
    pub fn from_owned_resource(resource: Value) -> Result<NewUser, StoreError> {
        let object = as_object(&resource, "a User resource")?;
        let user_name = str_ci(object, "userName")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| StoreError::InvalidData("userName is required".into()))?;
        Ok(NewUser {
            user_name: user_name.to_owned(),
            external_id: str_ci(object, "externalId").map(str::to_owned),
            display_name: str_ci(object, "displayName").map(str::to_owned),
            active: get_ci(object, "active").is_none_or(active_value),
            attributes: resource,
        })
    }

    /// The row a new user is inserted as, with a new id: everything [`insert_prepared`]
    /// needs except the time, so that a write queued to the SQLite writer thread only runs
    /// SQL (the JSON is serialised, the keys normalised and the emails indexed here).
    pub fn prepare_insert(self) -> Result<PreparedUser, StoreError> {
        let active = self.active_column();
        let Value::Object(object) = self.attributes else {
            return Err(not_an_object());
        };
        let attributes = stored_object(object, active);
        let id = new_id();
        let emails = email_rows(&id, &attributes);
        // Stamped again when inserted.
        let now = time::now();
        let row = UserRow {
            user_name_key: normalized_key(&self.user_name),
            display_name_key: keyed(&self.display_name),
            attributes: serde_json::to_string(&attributes)?,
            id,
            user_name: self.user_name,
            external_id: self.external_id,
            display_name: self.display_name,
            active,
            created: now,
            last_modified: now,
            version: 1,
        };
        Ok(PreparedUser {
            row,
            attributes,
            emails,
        })
    }

    /// `attributes` as stored: an object without the members the store does not keep, with
    /// `active` equal to [`NewUser::active`] when assigned (see [`NewUser::active_column`]).
    fn stored_attributes(&self) -> Result<Map<String, Value>, StoreError> {
        let object = self.attributes.as_object().ok_or_else(not_an_object)?;
        Ok(stored_object(object.clone(), self.active_column()))
    }

    /// The `active` column: the value when the attribute is assigned (or when the user is
    /// deactivated), NULL when it is not, so filters see what clients see.
    fn active_column(&self) -> Option<bool> {
        let assigned = self
            .attributes
            .as_object()
            .and_then(|o| get_ci(o, "active"))
            .is_some_and(|v| !v.is_null());
        (assigned || !self.active).then_some(self.active)
    }
}

fn not_an_object() -> StoreError {
    StoreError::InvalidData("User attributes must be a JSON object".into())
}

/// A user's attributes as stored: without the members the store does not keep, and with
/// `active` as the `active` column says (absent when NULL).
fn stored_object(mut object: Map<String, Value>, active: Option<bool>) -> Map<String, Value> {
    remove_ci(&mut object, NOT_STORED);
    match active {
        Some(active) => set_ci(&mut object, "active", json!(active)),
        None => remove_ci(&mut object, &["active"]),
    }
    object
}

/// A new user ready to insert ([`NewUser::prepare_insert`]): its row, and its attributes
/// and email rows as the row's JSON and the email index hold them.
#[derive(Debug)]
pub struct PreparedUser {
    row: UserRow,
    attributes: Map<String, Value>,
    emails: Vec<EmailRow>,
}

/// `active` as a client wrote it: a boolean, or Microsoft Entra's `"True"`/`"False"`;
/// anything else leaves the user active.
fn active_value(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) => !s.eq_ignore_ascii_case("false"),
        _ => true,
    }
}

/// A stored user.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    /// The id (UUIDv7).
    pub id: String,
    /// `userName` as given.
    pub user_name: String,
    /// `externalId`.
    pub external_id: Option<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// Whether the user may sign in: `false` only when deactivated (a resource without
    /// `active` counts as active).
    pub active: bool,
    /// The SCIM resource without `id`, `meta` and `groups`.
    pub attributes: Value,
    /// `meta.created` (UTC).
    pub created: NaiveDateTime,
    /// `meta.lastModified` (UTC).
    pub last_modified: NaiveDateTime,
    /// Incremented by every update (for ETags and optimistic concurrency).
    pub version: i64,
}

/// A group a user belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    /// The group's id.
    pub id: String,
    /// Its `displayName`.
    pub display_name: String,
}

impl UserRecord {
    /// The SCIM resource as the filter evaluator sees it: `attributes` with the indexed
    /// columns written over them, `id`, `meta` (`resourceType`, `created`, `lastModified`)
    /// and, when given, `groups` (`value`, `display`, `type` `direct`). The portal adds `meta.location`,
    /// `meta.version` and `schemas` as it renders.
    pub fn resource_json(&self, groups: Option<&[GroupRef]>) -> Value {
        let mut object = self.attributes.as_object().cloned().unwrap_or_default();
        set_ci(&mut object, "id", json!(self.id));
        set_ci(&mut object, "userName", json!(self.user_name));
        match &self.external_id {
            Some(v) => set_ci(&mut object, "externalId", json!(v)),
            None => remove_ci(&mut object, &["externalId"]),
        }
        match &self.display_name {
            Some(v) => set_ci(&mut object, "displayName", json!(v)),
            None => remove_ci(&mut object, &["displayName"]),
        }
        if !self.active || get_ci(&object, "active").is_some() {
            set_ci(&mut object, "active", json!(self.active));
        }
        if let Some(groups) = groups {
            let list: Vec<Value> = groups
                .iter()
                .map(|g| json!({"value": g.id, "display": g.display_name, "type": "direct"}))
                .collect();
            set_ci(&mut object, "groups", Value::Array(list));
        }
        set_ci(
            &mut object,
            "meta",
            json!({
                "resourceType": "User",
                "created": time::to_rfc3339(self.created),
                "lastModified": time::to_rfc3339(self.last_modified),
            }),
        );
        Value::Object(object)
    }
}

#[derive(Debug, Queryable, Insertable)]
#[diesel(table_name = users)]
struct UserRow {
    id: String,
    user_name: String,
    user_name_key: String,
    external_id: Option<String>,
    display_name: Option<String>,
    display_name_key: Option<String>,
    active: Option<bool>,
    attributes: String,
    created: NaiveDateTime,
    last_modified: NaiveDateTime,
    version: i64,
}

impl UserRow {
    fn into_record(self) -> Result<UserRecord, StoreError> {
        let attributes = parse(&self.attributes)?;
        Ok(self.into_record_with(attributes))
    }

    /// The record, given the attributes the row's JSON holds.
    fn into_record_with(self, attributes: Value) -> UserRecord {
        UserRecord {
            attributes,
            id: self.id,
            user_name: self.user_name,
            external_id: self.external_id,
            display_name: self.display_name,
            active: self.active.unwrap_or(true),
            created: self.created,
            last_modified: self.last_modified,
            version: self.version,
        }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = user_emails)]
struct EmailRow {
    user_id: String,
    position: i32,
    value: Option<String>,
    value_key: Option<String>,
    type_key: Option<String>,
    is_primary: Option<bool>,
}

/// One row per object in `emails` (an array, or a lone object).
fn email_rows(user_id: &str, attributes: &Map<String, Value>) -> Vec<EmailRow> {
    let items: Vec<&Value> = match get_ci(attributes, "emails") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(Value::as_object)
        .zip(0..)
        .map(|(item, position)| {
            let value = str_ci(item, "value");
            EmailRow {
                user_id: user_id.to_owned(),
                position,
                value: value.map(str::to_owned),
                value_key: value.map(normalized_key),
                type_key: str_ci(item, "type").map(normalized_key),
                is_primary: get_ci(item, "primary").and_then(Value::as_bool),
            }
        })
        .collect()
}

fn write_emails(
    conn: &mut DbConn,
    user_id: &str,
    attributes: &Map<String, Value>,
) -> Result<(), StoreError> {
    diesel::delete(user_emails::table.filter(user_emails::user_id.eq(user_id))).execute(conn)?;
    insert_emails(conn, user_id, attributes)
}

/// Indexes the emails of a user that has none indexed yet.
fn insert_emails(
    conn: &mut DbConn,
    user_id: &str,
    attributes: &Map<String, Value>,
) -> Result<(), StoreError> {
    insert_email_rows(conn, &email_rows(user_id, attributes))
}

fn insert_email_rows(conn: &mut DbConn, rows: &[EmailRow]) -> Result<(), StoreError> {
    match conn {
        // One cached single-row statement per email: no round trips to save in SQLite, and
        // a multi-row insert would be prepared anew each time.
        DbConn::Sqlite(c) => {
            for row in rows {
                diesel::insert_into(user_emails::table)
                    .values(row)
                    .execute(c)?;
            }
        }
        DbConn::Pg(c) => {
            for chunk in rows.chunks(CHUNK) {
                diesel::insert_into(user_emails::table)
                    .values(chunk)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

fn keyed(value: &Option<String>) -> Option<String> {
    value.as_deref().map(normalized_key)
}

/// Inserts a user with a new id; `version` 1. A `userName` equal to another's ignoring case
/// fails with [`StoreError::Conflict`] `{ field: "userName" }`.
pub fn insert(conn: &mut DbConn, user: &NewUser) -> Result<UserRecord, StoreError> {
    insert_prepared(conn, user.clone().prepare_insert()?)
}

/// [`insert`] for a user prepared beforehand (see [`NewUser::prepare_insert`]).
pub fn insert_prepared(conn: &mut DbConn, user: PreparedUser) -> Result<UserRecord, StoreError> {
    let PreparedUser {
        mut row,
        attributes,
        emails,
    } = user;
    let now = time::now();
    row.created = now;
    row.last_modified = now;
    // On the inner connection: the multi-backend connection would build this statement's
    // SQL again on every run (a third of a create's time on the SQLite writer).
    on_inner!(conn, |c| diesel::insert_into(users::table)
        .values(&row)
        .execute(c))
    .map_err(|e| StoreError::from_diesel_with(e, UNIQUE))?;
    insert_email_rows(conn, &emails)?;
    Ok(row.into_record_with(Value::Object(attributes)))
}

/// The user with this id ([`StoreError::NotFound`] otherwise).
pub fn get(conn: &mut DbConn, id: &str) -> Result<UserRecord, StoreError> {
    on_inner!(conn, |c| users::table.find(id).load::<UserRow>(c))?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::not_found("user", id))?
        .into_record()
}

/// Like [`get`], locking the row until the transaction ends (PostgreSQL `FOR UPDATE`;
/// SQLite writes are already serialised). Call inside [`Store::write`](crate::Store::write)
/// before a read-modify-write such as a PATCH.
pub fn get_for_update(conn: &mut DbConn, id: &str) -> Result<UserRecord, StoreError> {
    let row = match conn {
        DbConn::Pg(c) => users::table
            .find(id)
            .for_update()
            .first::<UserRow>(c)
            .optional()?,
        DbConn::Sqlite(c) => users::table.find(id).load::<UserRow>(c)?.into_iter().next(),
    };
    row.ok_or_else(|| StoreError::not_found("user", id))?
        .into_record()
}

/// The user whose `userName` equals `user_name` ignoring case.
pub fn find_by_user_name(
    conn: &mut DbConn,
    user_name: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let key = normalized_key(user_name);
    on_inner!(conn, |c| users::table
        .filter(users::user_name_key.eq(&key))
        .load::<UserRow>(c))?
    .into_iter()
    .next()
    .map(UserRow::into_record)
    .transpose()
}

/// The users with `email` among their `emails` (ignoring case and surrounding spaces), those
/// for whom it is the primary email first, then by id. Sign-in should refuse an ambiguous
/// answer.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Vec<UserRecord>, StoreError> {
    let key = normalized_key(email.trim());
    let hits: Vec<(String, Option<bool>)> = user_emails::table
        .filter(user_emails::value_key.eq(&key))
        .select((user_emails::user_id, user_emails::is_primary))
        .load(conn)?;
    let mut primary: HashSet<String> = HashSet::new();
    let mut ids: Vec<String> = Vec::new();
    for (id, is_primary) in hits {
        if is_primary == Some(true) {
            primary.insert(id.clone());
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut found = get_many(conn, &ids)?;
    found.sort_by(|a, b| (!primary.contains(&a.id), &a.id).cmp(&(!primary.contains(&b.id), &b.id)));
    Ok(found)
}

/// The users with these ids (unknown ids are skipped), in id order.
pub fn get_many<S: AsRef<str>>(
    conn: &mut DbConn,
    ids: &[S],
) -> Result<Vec<UserRecord>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let chunk: Vec<&str> = chunk.iter().map(AsRef::as_ref).collect();
        // No ORDER BY here (the list is sorted below): with `= ANY($1)` PostgreSQL's generic
        // plan may otherwise walk the whole primary key in order.
        let rows: Vec<UserRow> = on_inner!(conn, |c| users::table
            .filter(users::id.eq_any(&chunk))
            .load(c))?;
        for row in rows {
            out.push(row.into_record()?);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Replaces the user's state with `user`, increments `version` and sets `last_modified`.
///
/// With `expected_version`, the update applies only if the stored version is that one, else
/// [`StoreError::VersionConflict`]. Unknown id: [`StoreError::NotFound`]; a `userName`
/// taken by another user: [`StoreError::Conflict`].
pub fn update(
    conn: &mut DbConn,
    id: &str,
    expected_version: Option<i64>,
    user: &NewUser,
) -> Result<UserRecord, StoreError> {
    let attributes = user.stored_attributes()?;
    let changes = (
        users::user_name.eq(&user.user_name),
        users::user_name_key.eq(normalized_key(&user.user_name)),
        users::external_id.eq(&user.external_id),
        users::display_name.eq(&user.display_name),
        users::display_name_key.eq(keyed(&user.display_name)),
        users::active.eq(user.active_column()),
        users::attributes.eq(serde_json::to_string(&attributes)?),
        users::last_modified.eq(time::now()),
        users::version.eq(users::version + 1),
    );
    let target = users::table.filter(users::id.eq(id));
    let updated = match expected_version {
        Some(v) => diesel::update(target.filter(users::version.eq(v)))
            .set(changes)
            .execute(conn),
        None => diesel::update(target).set(changes).execute(conn),
    }
    .map_err(|e| StoreError::from_diesel_with(e, UNIQUE))?;
    if updated == 0 {
        let exists = users::table
            .find(id)
            .select(users::id)
            .first::<String>(conn)
            .optional()?;
        return Err(match (exists, expected_version) {
            (Some(_), Some(expected)) => StoreError::VersionConflict {
                entity: "user",
                id: id.to_owned(),
                expected,
            },
            _ => StoreError::not_found("user", id),
        });
    }
    write_emails(conn, id, &attributes)?;
    get(conn, id)
}

/// Deletes the user (its emails, memberships and access go with it) and returns it as it was.
pub fn delete(conn: &mut DbConn, id: &str) -> Result<UserRecord, StoreError> {
    let record = get(conn, id)?;
    diesel::delete(users::table.find(id)).execute(conn)?;
    Ok(record)
}

/// How many users exist.
pub fn count(conn: &mut DbConn) -> Result<usize, StoreError> {
    let n: i64 = users::table.count().get_result(conn)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The rows of the users matching `$predicate` joined with their groups, by group display
/// name then id (one row with no group for a user in none), in ONE statement.
macro_rules! users_with_groups_where {
    ($conn:expr, $predicate:expr) => {
        on_inner!($conn, |c| users::table
            .left_join(group_members::table.on(group_members::user_id.eq(users::id)))
            .left_join(groups::table.on(groups::id.eq(group_members::group_id)))
            .filter($predicate)
            .order((groups::display_name_key.asc(), groups::id.asc()))
            .select((
                users::all_columns,
                (groups::id, groups::display_name).nullable()
            ))
            .load::<(UserRow, Option<(String, String)>)>(c))
    };
}

/// A user and its groups (by display name, then id) in ONE statement, so that it is
/// consistent without a transaction: see [`Store::read_statement`](crate::Store::read_statement).
/// `None` when no user has this id.
pub fn get_with_groups(
    conn: &mut DbConn,
    id: &str,
) -> Result<Option<(UserRecord, Vec<GroupRef>)>, StoreError> {
    with_groups(users_with_groups_where!(conn, users::id.eq(id))?)
}

/// Like [`get_with_groups`], for the user whose `userName` equals `user_name` ignoring case.
pub fn find_by_user_name_with_groups(
    conn: &mut DbConn,
    user_name: &str,
) -> Result<Option<(UserRecord, Vec<GroupRef>)>, StoreError> {
    let key = normalized_key(user_name);
    with_groups(users_with_groups_where!(
        conn,
        users::user_name_key.eq(&key)
    )?)
}

/// The page of a list query that is the Okta existence check for `user_name` (what
/// [`point_lookup_name`] found in `query`): the total (0 or 1) and the user with its groups
/// unless the page starts past it, read in ONE statement.
#[allow(clippy::type_complexity)]
pub fn user_name_page(
    conn: &mut DbConn,
    user_name: &str,
    query: &ListQuery<'_>,
) -> Result<(usize, Vec<(UserRecord, Vec<GroupRef>)>), StoreError> {
    let found = find_by_user_name_with_groups(conn, user_name)?;
    let total = usize::from(found.is_some());
    let page = found
        .into_iter()
        .filter(|_| query.start_index <= 1 && query.count > 0)
        .collect();
    Ok((total, page))
}

/// Folds the rows of a user joined with its groups (the user repeated on each row; one row
/// with no group when it has none).
fn with_groups(
    rows: Vec<(UserRow, Option<(String, String)>)>,
) -> Result<Option<(UserRecord, Vec<GroupRef>)>, StoreError> {
    let mut groups = Vec::with_capacity(rows.len());
    let mut user = None;
    for (row, group) in rows {
        if user.is_none() {
            user = Some(row);
        }
        if let Some((id, display_name)) = group {
            groups.push(GroupRef { id, display_name });
        }
    }
    user.map(|row| Ok((row.into_record()?, groups))).transpose()
}

/// The groups of one user, by display name then id.
pub fn groups_of_user(conn: &mut DbConn, id: &str) -> Result<Vec<GroupRef>, StoreError> {
    // `=` rather than `IN (…)`: a fixed query shape that diesel prepares once per connection.
    let rows: Vec<(String, String)> = on_inner!(conn, |c| group_members::table
        .inner_join(groups::table)
        .filter(group_members::user_id.eq(id))
        .order((groups::display_name_key.asc(), groups::id.asc()))
        .select((groups::id, groups::display_name))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, display_name)| GroupRef { id, display_name })
        .collect())
}

/// The groups of each of these users (one query per 500 users): for a list page. Users in
/// no group are absent from the map.
pub fn groups_of_users<S: AsRef<str>>(
    conn: &mut DbConn,
    ids: &[S],
) -> Result<HashMap<String, Vec<GroupRef>>, StoreError> {
    let mut out: HashMap<String, Vec<GroupRef>> = HashMap::new();
    if let [one] = ids {
        let groups = groups_of_user(conn, one.as_ref())?;
        if !groups.is_empty() {
            out.insert(one.as_ref().to_owned(), groups);
        }
        return Ok(out);
    }
    for chunk in ids.chunks(CHUNK) {
        let chunk: Vec<&str> = chunk.iter().map(AsRef::as_ref).collect();
        // Sorted in memory below, for the same reason as in `get_many`.
        let mut rows: Vec<(String, String, String, String)> =
            on_inner!(conn, |c| group_members::table
                .inner_join(groups::table)
                .filter(group_members::user_id.eq_any(&chunk))
                .select((
                    group_members::user_id,
                    groups::id,
                    groups::display_name,
                    groups::display_name_key,
                ))
                .load(c))?;
        rows.sort_by(|a, b| (&a.3, &a.1).cmp(&(&b.3, &b.1)));
        let rows = rows.into_iter().map(|(u, id, name, _)| (u, id, name));
        for (user_id, id, display_name) in rows {
            out.entry(user_id)
                .or_default()
                .push(GroupRef { id, display_name });
        }
    }
    Ok(out)
}

/// A sortable column.
#[derive(Debug, Clone, Copy)]
enum SortColumn {
    Id,
    UserName,
    DisplayName,
    ExternalId,
    Active,
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
            ("userName", None) => SortColumn::UserName,
            ("displayName", None) => SortColumn::DisplayName,
            ("externalId", None) => SortColumn::ExternalId,
            ("active", None) => SortColumn::Active,
            ("meta", Some("created")) => SortColumn::Created,
            ("meta", Some("lastModified")) => SortColumn::LastModified,
            _ => return None,
        },
    )
}

type Boxed<'a> = users::BoxedQuery<'a, MultiBackend>;

/// Orders by `column` (absent values last, or first when descending), ties by ascending id.
fn order(query: Boxed<'_>, column: SortColumn, desc: bool) -> Boxed<'_> {
    macro_rules! by {
        ($col:expr) => {
            if desc {
                query.order(($col.desc(), users::id.asc()))
            } else {
                query.order(($col.asc(), users::id.asc()))
            }
        };
        ($col:expr, nullable) => {
            if desc {
                query.order(($col.is_null().desc(), $col.desc(), users::id.asc()))
            } else {
                query.order(($col.is_null().asc(), $col.asc(), users::id.asc()))
            }
        };
    }
    match column {
        SortColumn::Id if desc => query.order(users::id.desc()),
        SortColumn::Id => query.order(users::id.asc()),
        SortColumn::UserName => by!(users::user_name_key),
        SortColumn::DisplayName => by!(users::display_name_key, nullable),
        SortColumn::ExternalId => by!(users::external_id, nullable),
        SortColumn::Active => by!(users::active, nullable),
        SortColumn::Created => by!(users::created),
        SortColumn::LastModified => by!(users::last_modified),
    }
}

/// The rows the SQL part of the filter selects.
fn filtered<'a>(query: &ListQuery<'_>, schema: &ResourceSchema<'_>) -> Boxed<'a> {
    let mut q: Boxed<'a> = users::table.into_boxed();
    if let Some(sql) = query.filter.and_then(|f| filter_sql::users(f, schema).sql) {
        q = q.filter(sql);
    }
    q
}

/// A page of users matching `query`, and how many match in all (SCIM `totalResults`).
/// Uses the standard User schema; see [`list_with_schema`].
pub fn list(
    conn: &mut DbConn,
    query: &ListQuery<'_>,
) -> Result<(usize, Vec<UserRecord>), StoreError> {
    let registry = list::standard_registry();
    let schema = registry
        .resource_schema("User")
        .ok_or_else(|| StoreError::InvalidData("the standard registry has no User".into()))?;
    list_with_schema(conn, query, &schema)
}

/// [`list`] under `schema` (the User resource schema of the portal's registry, with its
/// extensions).
///
/// Filters and sorts on indexed columns run entirely in SQL (two queries: count and page).
/// Otherwise the rows selected by the SQL part of the filter (at most
/// [`MAX_SCAN`](crate::MAX_SCAN), else [`StoreError::TooMany`]) are filtered and sorted in
/// memory with scim-core. A filter that does not bind to `schema` is
/// [`StoreError::InvalidFilter`].
pub fn list_with_schema(
    conn: &mut DbConn,
    query: &ListQuery<'_>,
    schema: &ResourceSchema<'_>,
) -> Result<(usize, Vec<UserRecord>), StoreError> {
    if let Some(found) = user_name_lookup(conn, query)? {
        return Ok(found);
    }
    query.bind(schema)?;
    let residual = query
        .filter
        .and_then(|f| filter_sql::users(f, schema).residual);
    let column = sort_column(schema, query);
    if let (None, Some(column)) = (&residual, column) {
        if let Some(found) = anchored_page(conn, query, &column)? {
            return Ok(found);
        }
        let total: i64 = filtered(query, schema).count().get_result(conn)?;
        let mut page = Vec::new();
        // PostgreSQL: one step when filtered (an id-only query for, say, `active eq true`
        // is planned as a sequential scan and a sort); unfiltered, ids first as below (an
        // index-only scan: at offset 50,000 of 100,000, 11 ms instead of 47 once vacuumed).
        if query.count > 0 && query.filter.is_some() && matches!(conn, DbConn::Pg(_)) {
            let rows: Vec<UserRow> = order(filtered(query, schema), column, query.descending)
                .limit(query.sql_limit())
                .offset(query.sql_offset())
                .load(conn)?;
            for row in rows {
                page.push(row.into_record()?);
            }
        } else if query.count > 0 {
            // Ids first, then their rows, so that OFFSET skips index entries instead of
            // reading every skipped row.
            let ids: Vec<String> = order(filtered(query, schema), column, query.descending)
                .select(users::id)
                .limit(query.sql_limit())
                .offset(query.sql_offset())
                .load(conn)?;
            let mut by_id: HashMap<String, UserRecord> = get_many(conn, &ids)?
                .into_iter()
                .map(|r| (r.id.clone(), r))
                .collect();
            page.extend(ids.iter().filter_map(|id| by_id.remove(id)));
        }
        return Ok((usize::try_from(total).unwrap_or(0), page));
    }
    // Candidates in the final order when a column gives it, else in id order for the
    // stable in-memory sort.
    let candidates = match column {
        Some(column) => order(filtered(query, schema), column, query.descending),
        None => filtered(query, schema).order(users::id.asc()),
    };
    let rows: Vec<UserRow> = candidates.limit(list::scan_limit()).load(conn)?;
    list::check_scan(&rows)?;
    let records = rows
        .into_iter()
        .map(UserRow::into_record)
        .collect::<Result<Vec<_>, _>>()?;
    let wants_groups = residual
        .as_ref()
        .is_some_and(|f| list::mentions(f, "groups"))
        || (column.is_none() && query.sort_by.as_ref().is_some_and(|p| p.is("groups")));
    let groups = if wants_groups {
        let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
        groups_of_users(conn, &ids)?
    } else {
        HashMap::new()
    };
    let candidates: Vec<(UserRecord, Value)> = records
        .into_iter()
        .map(|r| {
            let g = wants_groups.then(|| groups.get(&r.id).map_or(&[][..], Vec::as_slice));
            let json = r.resource_json(g);
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

/// The Okta existence check (`userName eq "…"`, unsorted) as one point lookup on the unique
/// key, a query prepared once per connection; `None` for any other query.
/// An unfiltered page in ascending id order served from the cached positions of a pinned
/// read (see [`crate::positions`]): a seek to the nearest anchor, at most `STRIDE - 1`
/// entries stepped, and the cached total instead of a count.
fn anchored_page(
    conn: &mut DbConn,
    query: &ListQuery<'_>,
    column: &SortColumn,
) -> Result<Option<(usize, Vec<UserRecord>)>, StoreError> {
    let Some(pinned) = query.pinned else {
        return Ok(None);
    };
    let plain = query.filter.is_none() && matches!(column, SortColumn::Id) && !query.descending;
    if !plain || query.count == 0 || !matches!(conn, DbConn::Sqlite(_)) {
        return Ok(None);
    }
    let Some(start) = pinned.users_page_start(conn, query.offset())? else {
        return Ok(None);
    };
    let Some(anchor) = start.anchor else {
        return Ok(Some((start.total, Vec::new())));
    };
    let ids: Vec<String> = users::table
        .select(users::id)
        .filter(users::id.ge(&anchor))
        .order(users::id.asc())
        .limit(query.sql_limit())
        .offset(i64::try_from(start.skip).unwrap_or(i64::MAX))
        .load(conn)?;
    let mut by_id: HashMap<String, UserRecord> = get_many(conn, &ids)?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let page = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    Ok(Some((start.total, page)))
}

/// The userName a list query looks up, when it is the Okta existence check (`userName eq
/// "…"` on the core schema, unsorted): answered from the unique key, one row at most.
pub fn point_lookup_name<'q>(query: &ListQuery<'q>) -> Option<&'q str> {
    let Some(Filter::Compare {
        path,
        op: CompareOp::Eq,
        value: CompValue::String(name),
    }) = query.filter
    else {
        return None;
    };
    let core = path
        .schema
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case(scim_core::schema::USER_SCHEMA));
    let plain = core && path.sub_attr.is_none() && path.is("userName");
    (plain && query.sort_by.is_none()).then_some(name.as_str())
}

fn user_name_lookup(
    conn: &mut DbConn,
    query: &ListQuery<'_>,
) -> Result<Option<(usize, Vec<UserRecord>)>, StoreError> {
    let Some(name) = point_lookup_name(query) else {
        return Ok(None);
    };
    let (total, page) = user_name_page(conn, name, query)?;
    Ok(Some((
        total,
        page.into_iter().map(|(user, _)| user).collect(),
    )))
}

/// Every user's id, in id order (for recomputing everyone's access).
pub fn all_ids(conn: &mut DbConn) -> Result<Vec<String>, StoreError> {
    Ok(users::table
        .select(users::id)
        .order(users::id.asc())
        .load(conn)?)
}

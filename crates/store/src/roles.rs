//! Group-based roles (PRODUCT.md §5): an ordered list, at most one default.

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use permissions::{group_key, Permissions, Role, Scope};

use crate::conn::{on_inner, DbConn};
use crate::error::StoreError;
use crate::id::new_id;
use crate::json::parse;
use crate::schema::roles;
use crate::time;

const UNIQUE: &[(&str, &str)] = &[("source_group_key", "source_group")];

/// A stored role with its place in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRecord {
    /// The id (UUIDv7).
    pub id: String,
    /// The order key: lower comes first (gaps are possible).
    pub position: i64,
    /// The role.
    pub role: Role,
    /// When it was created (UTC).
    pub created: NaiveDateTime,
    /// When it was last changed or moved (UTC).
    pub last_modified: NaiveDateTime,
}

/// Where [`move_role`] moves a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// One place earlier (higher priority).
    Up,
    /// One place later.
    Down,
}

#[derive(Queryable, Insertable)]
#[diesel(table_name = roles)]
struct Row {
    id: String,
    position: i64,
    source_group: String,
    source_group_key: Option<String>,
    is_default: bool,
    perm_users: bool,
    perm_settings: bool,
    perm_inventory: bool,
    perm_requests: bool,
    perm_auditlog: bool,
    perm_reports: bool,
    manage_mac: bool,
    end_user_groups: String,
    end_user_ous: String,
    computer_groups: String,
    computer_ous: String,
    created: NaiveDateTime,
    last_modified: NaiveDateTime,
}

fn list_json(items: &[String]) -> Result<String, StoreError> {
    Ok(serde_json::to_string(items)?)
}

fn list_from(text: &str) -> Result<Vec<String>, StoreError> {
    Ok(serde_json::from_value(parse(text)?)?)
}

/// The uniqueness key of a source group; `None` for a blank one.
fn source_key(source_group: &str) -> Option<String> {
    Some(group_key(source_group)).filter(|k| !k.is_empty())
}

impl Row {
    fn new(
        id: String,
        position: i64,
        role: &Role,
        created: NaiveDateTime,
    ) -> Result<Row, StoreError> {
        let p = role.permissions;
        let s = &role.scope;
        Ok(Row {
            id,
            position,
            source_group: role.source_group.clone(),
            source_group_key: source_key(&role.source_group),
            is_default: role.is_default,
            perm_users: p.users,
            perm_settings: p.settings,
            perm_inventory: p.inventory,
            perm_requests: p.requests,
            perm_auditlog: p.auditlog,
            perm_reports: p.reports,
            manage_mac: s.manage_mac,
            end_user_groups: list_json(&s.end_user_groups)?,
            end_user_ous: list_json(&s.end_user_ous)?,
            computer_groups: list_json(&s.computer_groups)?,
            computer_ous: list_json(&s.computer_ous)?,
            created,
            last_modified: time::now(),
        })
    }

    fn into_record(self) -> Result<RoleRecord, StoreError> {
        Ok(RoleRecord {
            role: Role {
                source_group: self.source_group,
                is_default: self.is_default,
                permissions: Permissions {
                    users: self.perm_users,
                    settings: self.perm_settings,
                    inventory: self.perm_inventory,
                    requests: self.perm_requests,
                    auditlog: self.perm_auditlog,
                    reports: self.perm_reports,
                },
                scope: Scope {
                    manage_mac: self.manage_mac,
                    end_user_groups: list_from(&self.end_user_groups)?,
                    end_user_ous: list_from(&self.end_user_ous)?,
                    computer_groups: list_from(&self.computer_groups)?,
                    computer_ous: list_from(&self.computer_ous)?,
                },
            },
            id: self.id,
            position: self.position,
            created: self.created,
            last_modified: self.last_modified,
        })
    }
}

/// Serialises role writers (PostgreSQL; SQLite writes are serialised already), so positions
/// computed from the current list stay valid until commit.
fn lock(conn: &mut DbConn) -> Result<(), StoreError> {
    if let DbConn::Pg(c) = conn {
        c.batch_execute("LOCK TABLE roles IN SHARE ROW EXCLUSIVE MODE")?;
    }
    Ok(())
}

/// Every role in list order.
pub fn list(conn: &mut DbConn) -> Result<Vec<RoleRecord>, StoreError> {
    let rows: Vec<Row> = on_inner!(conn, |c| roles::table.order(roles::position.asc()).load(c))?;
    rows.into_iter().map(Row::into_record).collect()
}

/// The role with this id.
pub fn get(conn: &mut DbConn, id: &str) -> Result<RoleRecord, StoreError> {
    roles::table
        .find(id)
        .first::<Row>(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("role", id))?
        .into_record()
}

/// Appends a role at the end of the list. If it is the default, the previous default stops
/// being one. A source group already used by another role (ignoring case and surrounding
/// spaces) is [`StoreError::Conflict`] `{ field: "source_group" }`.
pub fn insert(conn: &mut DbConn, role: &Role) -> Result<RoleRecord, StoreError> {
    lock(conn)?;
    if role.is_default {
        clear_default_except(conn, "")?;
    }
    let last: Option<i64> = roles::table
        .select(diesel::dsl::max(roles::position))
        .first(conn)?;
    let row = Row::new(new_id(), last.unwrap_or(0) + 1, role, time::now())?;
    diesel::insert_into(roles::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| StoreError::from_diesel_with(e, UNIQUE))?;
    row.into_record()
}

/// Replaces a role's fields, keeping its place. Setting `is_default` clears it on the others.
pub fn update(conn: &mut DbConn, id: &str, role: &Role) -> Result<RoleRecord, StoreError> {
    lock(conn)?;
    let current = get(conn, id)?;
    if role.is_default {
        clear_default_except(conn, id)?;
    }
    let row = Row::new(id.to_owned(), current.position, role, current.created)?;
    diesel::update(roles::table.find(id))
        .set((
            roles::source_group.eq(&row.source_group),
            roles::source_group_key.eq(&row.source_group_key),
            roles::is_default.eq(row.is_default),
            roles::perm_users.eq(row.perm_users),
            roles::perm_settings.eq(row.perm_settings),
            roles::perm_inventory.eq(row.perm_inventory),
            roles::perm_requests.eq(row.perm_requests),
            roles::perm_auditlog.eq(row.perm_auditlog),
            roles::perm_reports.eq(row.perm_reports),
            roles::manage_mac.eq(row.manage_mac),
            roles::end_user_groups.eq(&row.end_user_groups),
            roles::end_user_ous.eq(&row.end_user_ous),
            roles::computer_groups.eq(&row.computer_groups),
            roles::computer_ous.eq(&row.computer_ous),
            roles::last_modified.eq(row.last_modified),
        ))
        .execute(conn)
        .map_err(|e| StoreError::from_diesel_with(e, UNIQUE))?;
    row.into_record()
}

/// Deletes a role and returns it as it was.
pub fn delete(conn: &mut DbConn, id: &str) -> Result<RoleRecord, StoreError> {
    lock(conn)?;
    let record = get(conn, id)?;
    diesel::delete(roles::table.find(id)).execute(conn)?;
    Ok(record)
}

/// Swaps a role with its neighbour above or below. Returns `false` (and changes nothing)
/// when it is already first (`Up`) or last (`Down`).
pub fn move_role(conn: &mut DbConn, id: &str, direction: Direction) -> Result<bool, StoreError> {
    lock(conn)?;
    let me = get(conn, id)?;
    let neighbour: Option<(String, i64)> = match direction {
        Direction::Up => roles::table
            .filter(roles::position.lt(me.position))
            .order(roles::position.desc())
            .select((roles::id, roles::position))
            .first(conn)
            .optional()?,
        Direction::Down => roles::table
            .filter(roles::position.gt(me.position))
            .order(roles::position.asc())
            .select((roles::id, roles::position))
            .first(conn)
            .optional()?,
    };
    let Some((other_id, other_position)) = neighbour else {
        return Ok(false);
    };
    let now = time::now();
    // Through a free position: `position` is unique at every statement.
    let parked: Option<i64> = roles::table
        .select(diesel::dsl::min(roles::position))
        .first(conn)?;
    let parked = parked.unwrap_or(0).min(0) - 1;
    for (role_id, position) in [
        (id, parked),
        (other_id.as_str(), me.position),
        (id, other_position),
    ] {
        diesel::update(roles::table.find(role_id))
            .set((roles::position.eq(position), roles::last_modified.eq(now)))
            .execute(conn)?;
    }
    Ok(true)
}

/// Makes every role except `id` non-default; returns how many changed.
pub fn clear_default_except(conn: &mut DbConn, id: &str) -> Result<usize, StoreError> {
    Ok(diesel::update(
        roles::table
            .filter(roles::is_default.eq(true))
            .filter(roles::id.ne(id)),
    )
    .set((
        roles::is_default.eq(false),
        roles::last_modified.eq(time::now()),
    ))
    .execute(conn)?)
}

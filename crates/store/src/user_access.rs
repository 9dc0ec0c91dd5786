//! Each user's effective access, as role resolution last decided it (shown in Logins ▸ User
//! Logins and by `GET /api/v1/me`; recomputed when roles or memberships change).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::upsert::excluded;
use permissions::EffectiveAccess;

use crate::conn::{on_inner, DbConn};
use crate::error::StoreError;
use crate::id::CHUNK;
use crate::json::parse;
use crate::schema::user_access;
use crate::time;

/// A user's stored access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAccessRecord {
    /// The user.
    pub user_id: String,
    /// What resolution decided.
    pub access: EffectiveAccess,
    /// When it last changed (UTC).
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable)]
struct Row {
    user_id: String,
    _role_label: Option<String>,
    access: String,
    updated_at: NaiveDateTime,
}

impl Row {
    fn into_record(self) -> Result<UserAccessRecord, StoreError> {
        Ok(UserAccessRecord {
            access: serde_json::from_value(parse(&self.access)?)?,
            user_id: self.user_id,
            updated_at: self.updated_at,
        })
    }
}

/// A row to write: the access as JSON, stamped `updated_at`.
#[derive(Insertable)]
#[diesel(table_name = user_access, treat_none_as_default_value = false)]
struct NewRow<'a> {
    user_id: &'a str,
    role_label: Option<&'a str>,
    access: String,
    updated_at: NaiveDateTime,
}

impl<'a> NewRow<'a> {
    fn new(
        user_id: &'a str,
        access: &'a EffectiveAccess,
        now: NaiveDateTime,
    ) -> Result<Self, serde_json::Error> {
        Ok(NewRow {
            user_id,
            role_label: access.role.as_deref(),
            access: serde_json::to_string(access)?,
            updated_at: now,
        })
    }
}

/// A foreign-key violation on `user_access` means the user is not there.
fn unknown_user(e: DieselError, user_id: &str) -> StoreError {
    match e {
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
            StoreError::not_found("user", user_id)
        }
        e => StoreError::from(e),
    }
}

/// The stored access of one user (`None` if never computed).
pub fn get(conn: &mut DbConn, user_id: &str) -> Result<Option<UserAccessRecord>, StoreError> {
    user_access::table
        .find(user_id)
        .load::<Row>(conn)?
        .into_iter()
        .next()
        .map(Row::into_record)
        .transpose()
}

/// The stored access of each of these users (absent: never computed).
pub fn get_many<S: AsRef<str>>(
    conn: &mut DbConn,
    user_ids: &[S],
) -> Result<HashMap<String, UserAccessRecord>, StoreError> {
    let mut out = HashMap::new();
    for chunk in user_ids.chunks(CHUNK) {
        let chunk: Vec<&str> = chunk.iter().map(AsRef::as_ref).collect();
        let rows: Vec<Row> = user_access::table
            .filter(user_access::user_id.eq_any(&chunk))
            .load(conn)?;
        for row in rows {
            let record = row.into_record()?;
            out.insert(record.user_id.clone(), record);
        }
    }
    Ok(out)
}

/// Stores the first access of a user created in this transaction (none stored yet: a plain
/// insert, without reading or upserting).
pub fn insert_first(
    conn: &mut DbConn,
    user_id: &str,
    access: &EffectiveAccess,
) -> Result<(), StoreError> {
    let row = NewRow::new(user_id, access, time::now())?;
    on_inner!(conn, |c| diesel::insert_into(user_access::table)
        .values(&row)
        .execute(c))
    .map_err(|e| unknown_user(e, user_id))?;
    Ok(())
}

/// Stores `access` for the user and returns the previous value (for the activity log's
/// From/To). Nothing is written when it is unchanged. An unknown user is
/// [`StoreError::NotFound`].
pub fn put(
    conn: &mut DbConn,
    user_id: &str,
    access: &EffectiveAccess,
) -> Result<Option<EffectiveAccess>, StoreError> {
    let previous = get(conn, user_id)?.map(|r| r.access);
    if previous.as_ref() == Some(access) {
        return Ok(previous);
    }
    upsert(conn, &[(user_id, access)], time::now()).map_err(|e| unknown_user(e, user_id))?;
    Ok(previous)
}

/// Stores the access of many users at once (one upsert per chunk), for recomputes. Callers
/// pass only the users whose access changed; ids must be existing users.
pub fn put_many(
    conn: &mut DbConn,
    entries: &[(String, EffectiveAccess)],
) -> Result<(), StoreError> {
    let now = time::now();
    for chunk in entries.chunks(CHUNK) {
        let rows: Vec<(&str, &EffectiveAccess)> =
            chunk.iter().map(|(id, a)| (id.as_str(), a)).collect();
        match upsert(conn, &rows, now) {
            Err(DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => {
                return Err(StoreError::InvalidData(
                    "access stored for a user that does not exist".into(),
                ))
            }
            other => other.map_err(StoreError::from)?,
        }
    }
    Ok(())
}

/// One insert-or-update of these rows, all stamped `now`.
fn upsert(
    conn: &mut DbConn,
    entries: &[(&str, &EffectiveAccess)],
    now: chrono::NaiveDateTime,
) -> Result<(), DieselError> {
    let rows = entries
        .iter()
        .map(|(user_id, access)| NewRow::new(user_id, access, now))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| DieselError::SerializationError(Box::new(e)))?;
    on_inner!(conn, |c| diesel::insert_into(user_access::table)
        .values(&rows)
        .on_conflict(user_access::user_id)
        .do_update()
        .set((
            user_access::role_label.eq(excluded(user_access::role_label)),
            user_access::access.eq(excluded(user_access::access)),
            user_access::updated_at.eq(excluded(user_access::updated_at)),
        ))
        .execute(c))
    .map(|_| ())
}

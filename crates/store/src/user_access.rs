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
    let json = serde_json::to_string(access)?;
    let now = time::now();
    on_inner!(conn, |c| diesel::insert_into(user_access::table)
        .values((
            user_access::user_id.eq(user_id),
            user_access::role_label.eq(access.role.as_deref()),
            user_access::access.eq(&json),
            user_access::updated_at.eq(now),
        ))
        .execute(c))
    .map_err(|e| match e {
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
            StoreError::not_found("user", user_id)
        }
        e => StoreError::from(e),
    })?;
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
    match upsert(conn, &[(user_id, access)], time::now()) {
        Err(DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => {
            Err(StoreError::not_found("user", user_id))
        }
        other => other.map(|()| previous).map_err(StoreError::from),
    }
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
    let mut rows = Vec::with_capacity(entries.len());
    for (user_id, access) in entries {
        let json = serde_json::to_string(access)
            .map_err(|e| DieselError::SerializationError(Box::new(e)))?;
        rows.push((
            user_access::user_id.eq(*user_id),
            user_access::role_label.eq(access.role.clone()),
            user_access::access.eq(json),
            user_access::updated_at.eq(now),
        ));
    }
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

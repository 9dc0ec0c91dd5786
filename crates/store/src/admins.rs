//! Local administrators (argon2id password hashes; full access).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use scim_core::resource::normalized_key;

use crate::conn::DbConn;
use crate::error::StoreError;
use crate::id::new_id;
use crate::schema::admins;
use crate::time;

/// A local administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminRecord {
    /// The id (UUIDv7).
    pub id: String,
    /// The sign-in email, as given (trimmed).
    pub email: String,
    /// The password hash (PHC string).
    pub password_hash: String,
    /// When the administrator was created (UTC).
    pub created: NaiveDateTime,
}

#[derive(Queryable, Insertable)]
#[diesel(table_name = admins)]
struct Row {
    id: String,
    email: String,
    email_key: String,
    password_hash: String,
    created: NaiveDateTime,
}

impl From<Row> for AdminRecord {
    fn from(r: Row) -> Self {
        AdminRecord {
            id: r.id,
            email: r.email,
            password_hash: r.password_hash,
            created: r.created,
        }
    }
}

fn email_key(email: &str) -> String {
    normalized_key(email.trim())
}

/// Adds an administrator. An email already used (ignoring case and surrounding spaces) is
/// [`StoreError::Conflict`] `{ field: "email" }`.
pub fn insert(
    conn: &mut DbConn,
    email: &str,
    password_hash: &str,
) -> Result<AdminRecord, StoreError> {
    let row = Row {
        id: new_id(),
        email: email.trim().to_owned(),
        email_key: email_key(email),
        password_hash: password_hash.to_owned(),
        created: time::now(),
    };
    diesel::insert_into(admins::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| StoreError::from_diesel_with(e, &[("email_key", "email")]))?;
    Ok(row.into())
}

/// The administrator with this email (ignoring case and surrounding spaces).
pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<AdminRecord>, StoreError> {
    Ok(admins::table
        .filter(admins::email_key.eq(email_key(email)))
        .first::<Row>(conn)
        .optional()?
        .map(AdminRecord::from))
}

/// The administrator with this id.
pub fn get(conn: &mut DbConn, id: &str) -> Result<AdminRecord, StoreError> {
    admins::table
        .find(id)
        .first::<Row>(conn)
        .optional()?
        .map(AdminRecord::from)
        .ok_or_else(|| StoreError::not_found("administrator", id))
}

/// Every administrator, by email (ignoring case).
pub fn list(conn: &mut DbConn) -> Result<Vec<AdminRecord>, StoreError> {
    Ok(admins::table
        .order((admins::email_key.asc(), admins::id.asc()))
        .load::<Row>(conn)?
        .into_iter()
        .map(AdminRecord::from)
        .collect())
}

/// Replaces an administrator's password hash.
pub fn set_password_hash(
    conn: &mut DbConn,
    id: &str,
    password_hash: &str,
) -> Result<(), StoreError> {
    let n = diesel::update(admins::table.find(id))
        .set(admins::password_hash.eq(password_hash))
        .execute(conn)?;
    if n == 0 {
        return Err(StoreError::not_found("administrator", id));
    }
    Ok(())
}

/// How many administrators exist (0 means the setup page is open).
pub fn count(conn: &mut DbConn) -> Result<usize, StoreError> {
    let n: i64 = admins::table.count().get_result(conn)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

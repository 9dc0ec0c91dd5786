//! The SCIM activity log (Logins ▸ SCIM Activity): time, user, description, from, to,
//! initiator. Appended in the same transaction as the change it describes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::conn::DbConn;
use crate::error::StoreError;
use crate::schema::activity_log;
use crate::time;

/// An entry to append.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewActivity {
    /// The user concerned, if any (kept after the user is deleted).
    pub user_id: Option<String>,
    /// What to show as the user: their `userName` (or the group's name) at the time.
    pub user_label: String,
    /// What happened.
    pub description: String,
    /// The value before.
    pub from_text: Option<String>,
    /// The value after.
    pub to_text: Option<String>,
    /// Who made the change (the IdP, an administrator, the system).
    pub initiator: String,
}

/// A logged entry.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ActivityRecord {
    /// Increasing with insertion: the paging cursor.
    pub id: i64,
    /// When (UTC).
    pub time: NaiveDateTime,
    /// The user concerned, if any.
    pub user_id: Option<String>,
    /// The user (or group) as shown.
    pub user_label: String,
    /// What happened.
    pub description: String,
    /// The value before.
    pub from_text: Option<String>,
    /// The value after.
    pub to_text: Option<String>,
    /// Who made the change.
    pub initiator: String,
}

#[derive(Insertable)]
#[diesel(table_name = activity_log)]
struct Row<'a> {
    time: NaiveDateTime,
    user_id: Option<&'a str>,
    user_label: &'a str,
    description: &'a str,
    from_text: Option<&'a str>,
    to_text: Option<&'a str>,
    initiator: &'a str,
}

impl<'a> Row<'a> {
    fn new(entry: &'a NewActivity, time: NaiveDateTime) -> Self {
        Row {
            time,
            user_id: entry.user_id.as_deref(),
            user_label: &entry.user_label,
            description: &entry.description,
            from_text: entry.from_text.as_deref(),
            to_text: entry.to_text.as_deref(),
            initiator: &entry.initiator,
        }
    }
}

/// Appends an entry stamped now.
pub fn append(conn: &mut DbConn, entry: &NewActivity) -> Result<(), StoreError> {
    diesel::insert_into(activity_log::table)
        .values(Row::new(entry, time::now()))
        .execute(conn)?;
    Ok(())
}

/// Appends entries in order, all stamped now, in as few statements as possible.
pub fn append_many(conn: &mut DbConn, entries: &[NewActivity]) -> Result<(), StoreError> {
    let now = time::now();
    match conn {
        // SQLite: one cached single-row statement per entry (no round trips to save; a
        // multi-row insert would be prepared anew each time).
        DbConn::Sqlite(c) => {
            for entry in entries {
                diesel::insert_into(activity_log::table)
                    .values(Row::new(entry, now))
                    .execute(c)?;
            }
        }
        DbConn::Pg(c) => {
            for chunk in entries.chunks(crate::id::CHUNK) {
                let rows: Vec<Row<'_>> = chunk.iter().map(|e| Row::new(e, now)).collect();
                diesel::insert_into(activity_log::table)
                    .values(&rows)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

/// At most `limit` entries, newest first; with `before_id`, only entries older than that one
/// (pass the last id of a page to get the next).
pub fn list(
    conn: &mut DbConn,
    limit: usize,
    before_id: Option<i64>,
) -> Result<Vec<ActivityRecord>, StoreError> {
    let mut q = activity_log::table.into_boxed();
    if let Some(before) = before_id {
        q = q.filter(activity_log::id.lt(before));
    }
    Ok(q.order(activity_log::id.desc())
        .limit(i64::try_from(limit).unwrap_or(i64::MAX))
        .load(conn)?)
}

/// How many entries exist.
pub fn count(conn: &mut DbConn) -> Result<usize, StoreError> {
    let n: i64 = activity_log::table.count().get_result(conn)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

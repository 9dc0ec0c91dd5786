//! Key/value settings (for example the generated session secret).

use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::conn::{on_inner, DbConn};
use crate::error::StoreError;
use crate::schema::settings;

/// The value stored under `key`.
pub fn get(conn: &mut DbConn, key: &str) -> Result<Option<String>, StoreError> {
    Ok(settings::table
        .find(key)
        .select(settings::value)
        .first::<String>(conn)
        .optional()?)
}

/// Stores `value` under `key`, replacing any previous value.
pub fn put(conn: &mut DbConn, key: &str, value: &str) -> Result<(), StoreError> {
    on_inner!(conn, |c| diesel::insert_into(settings::table)
        .values((settings::key.eq(key), settings::value.eq(value)))
        .on_conflict(settings::key)
        .do_update()
        .set(settings::value.eq(excluded(settings::value)))
        .execute(c))?;
    Ok(())
}

/// The value under `key`; if there is none, stores `make()` and returns it. Atomic across
/// processes when called inside [`Store::write`](crate::Store::write): two racing callers get
/// the same value (the loser's candidate is discarded).
pub fn get_or_insert(
    conn: &mut DbConn,
    key: &str,
    make: impl FnOnce() -> String,
) -> Result<String, StoreError> {
    if let Some(v) = get(conn, key)? {
        return Ok(v);
    }
    let candidate = make();
    on_inner!(conn, |c| diesel::insert_into(settings::table)
        .values((settings::key.eq(key), settings::value.eq(&candidate)))
        .on_conflict_do_nothing()
        .execute(c))?;
    get(conn, key)?.ok_or_else(|| StoreError::not_found("setting", key))
}

/// Removes `key`; whether it existed.
pub fn delete(conn: &mut DbConn, key: &str) -> Result<bool, StoreError> {
    Ok(diesel::delete(settings::table.find(key)).execute(conn)? > 0)
}

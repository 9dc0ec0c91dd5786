//! Locks that keep stored access consistent when writes race (PostgreSQL; SQLite serialises
//! every write through its single writer connection, so these are no-ops there).
//!
//! A user's effective access depends on the roles and on their memberships. Two rules make
//! concurrent recomputes agree with the committed state, across any number of processes:
//!
//! * **Roles**: a transaction that changes roles takes [`roles_exclusive`] before touching
//!   them; a transaction that recomputes access takes [`roles_shared`] before reading them.
//!   So a recompute never reads roles that a concurrent role change is about to replace, and
//!   a role change's own recompute sees every membership committed before it.
//! * **Users**: a recompute locks the users it recomputes ([`users_for_access`]) before
//!   reading their memberships. Two transactions changing the same user's groups therefore
//!   recompute one after the other, and the second (READ COMMITTED: each statement sees what
//!   committed before it) sees both changes. `FOR NO KEY UPDATE` does not conflict with the
//!   key-share locks that foreign keys take on `users`, so membership inserts never deadlock
//!   with it; ids are locked in sorted order.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::conn::DbConn;
use crate::error::StoreError;

/// The advisory lock key guarding the role list ("GHROLES" in ASCII).
const ROLES_KEY: i64 = 0x0047_4852_4F4C_4553;

/// Shared lock on the role list, held until the transaction ends.
pub fn roles_shared(conn: &mut DbConn) -> Result<(), StoreError> {
    if let DbConn::Pg(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock_shared($1)")
            .bind::<BigInt, _>(ROLES_KEY)
            .execute(c)?;
    }
    Ok(())
}

/// Exclusive lock on the role list, held until the transaction ends.
pub fn roles_exclusive(conn: &mut DbConn) -> Result<(), StoreError> {
    if let DbConn::Pg(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(ROLES_KEY)
            .execute(c)?;
    }
    Ok(())
}

/// Locks the rows of these users (sorted, `FOR NO KEY UPDATE`) until the transaction ends.
pub fn users_for_access(conn: &mut DbConn, user_ids: &[String]) -> Result<(), StoreError> {
    let DbConn::Pg(c) = conn else {
        return Ok(());
    };
    let mut ids: Vec<&str> = user_ids.iter().map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(1000) {
        diesel::sql_query("SELECT id FROM users WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
            .bind::<diesel::sql_types::Array<Text>, _>(chunk)
            .execute(c)?;
    }
    Ok(())
}

//! r2d2 pools that pick the backend by URL scheme (never by `MultiConnection::establish`,
//! which hides the real connection error).

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

use crate::conn::DbConn;
use crate::db_url::DbTarget;
use crate::error::StoreError;

/// How long an SQLite connection waits for a lock before answering "database is locked".
pub(crate) const SQLITE_BUSY_TIMEOUT_MS: u32 = 5000;

/// Why a connection could not be made (the database's own words).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct ConnectError(String);

/// What a pooled SQLite connection is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SqliteRole {
    /// The single writer.
    Writer,
    /// A reader (`query_only`).
    Reader,
}

/// Makes connections for one pool.
#[derive(Debug)]
pub(crate) struct ConnManager {
    target: DbTarget,
    role: SqliteRole,
}

impl ConnManager {
    /// A manager for `target`; `role` matters only for SQLite.
    pub(crate) fn new(target: DbTarget, role: SqliteRole) -> Self {
        ConnManager { target, role }
    }
}

fn sqlite_pragmas(role: SqliteRole) -> String {
    let mut sql = format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; \
         PRAGMA journal_mode = WAL; \
         PRAGMA synchronous = NORMAL; \
         PRAGMA foreign_keys = ON; \
         PRAGMA case_sensitive_like = ON;"
    );
    if role == SqliteRole::Reader {
        sql.push_str(" PRAGMA query_only = ON;");
    }
    sql
}

impl r2d2::ManageConnection for ConnManager {
    type Connection = DbConn;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConn, ConnectError> {
        match &self.target {
            DbTarget::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path).map_err(|e| {
                    ConnectError(format!("cannot open SQLite database {path}: {e}"))
                })?;
                conn.batch_execute(&sqlite_pragmas(self.role))
                    .map_err(|e| ConnectError(format!("cannot configure SQLite: {e}")))?;
                Ok(DbConn::Sqlite(conn))
            }
            DbTarget::Postgres(url) => PgConnection::establish(url)
                .map(DbConn::Pg)
                .map_err(|e| ConnectError(format!("cannot connect to PostgreSQL: {e}"))),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectError> {
        conn.ping().map_err(|e| ConnectError(e.to_string()))
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

/// A pool of [`DbConn`].
pub(crate) type Pool = r2d2::Pool<ConnManager>;

/// Builds a pool of exactly `size` connections to `target`, after proving with one direct
/// connection that the target is reachable (so a wrong password fails at once, verbatim).
pub(crate) fn build(
    target: &DbTarget,
    role: SqliteRole,
    size: u32,
    min_idle: u32,
    timeout: Duration,
) -> Result<Pool, StoreError> {
    let manager = ConnManager::new(target.clone(), role);
    let probe =
        r2d2::ManageConnection::connect(&manager).map_err(|e| StoreError::Pool(e.to_string()))?;
    drop(probe);
    r2d2::Pool::builder()
        .max_size(size.max(1))
        .min_idle(Some(min_idle.min(size).max(1)))
        .connection_timeout(timeout)
        // A local SQLite file cannot drop the connection; a PostgreSQL server can.
        .test_on_check_out(matches!(target, DbTarget::Postgres(_)))
        .build(manager)
        .map_err(StoreError::from)
}

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
use crate::tx::{self, TxKind};

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
#[derive(Debug, Clone)]
pub(crate) struct ConnManager {
    target: DbTarget,
    role: SqliteRole,
    /// Whether a missing SQLite file may be created (only the first connection may: later
    /// ones must not bring back a file deleted under a running process).
    create: bool,
}

impl ConnManager {
    /// A manager for `target`; `role` matters only for SQLite.
    pub(crate) fn new(target: DbTarget, role: SqliteRole, create: bool) -> Self {
        ConnManager {
            target,
            role,
            create,
        }
    }
}

/// An SQLite URI filename for `path` (`?`, `#` and `%` escaped), opened read-write, and
/// created if missing only when `create`.
fn sqlite_uri(path: &str, create: bool) -> String {
    let mut uri = String::from("file:");
    for c in path.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str(if create { "?mode=rwc" } else { "?mode=rw" });
    uri
}

/// The PRAGMAs of every SQLite connection. `temp_store = MEMORY` keeps the sub-journals of
/// savepoints (one per write in a group commit) in memory instead of temporary files; WAL
/// checkpoints mostly run on their own thread (`checkpointer`): the commit that crosses 4,000
/// WAL pages (16 MiB) still checkpoints, which then has little left to copy and lets the WAL
/// start over (under steady writes a background checkpoint never catches up with the end of
/// the log, so the log would grow without bound); the WAL file is trimmed back to 64 MiB
/// after a burst.
fn sqlite_pragmas(role: SqliteRole) -> String {
    let mut sql = format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; \
         PRAGMA journal_mode = WAL; \
         PRAGMA synchronous = NORMAL; \
         PRAGMA foreign_keys = ON; \
         PRAGMA case_sensitive_like = ON; \
         PRAGMA temp_store = MEMORY; \
         PRAGMA wal_autocheckpoint = 4000; \
         PRAGMA journal_size_limit = 67108864;"
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
                let mut conn = SqliteConnection::establish(&sqlite_uri(path, self.create))
                    .map_err(|e| {
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

/// A pool of [`DbConn`], with the manager that makes them (to replace one found lost).
#[derive(Clone)]
pub(crate) struct Pool {
    pool: r2d2::Pool<ConnManager>,
    manager: ConnManager,
}

/// A connection checked out of a [`Pool`].
pub(crate) type Pooled = r2d2::PooledConnection<ConnManager>;

impl Pool {
    /// A connection, waiting up to the pool's timeout for one.
    pub(crate) fn get(&self) -> Result<Pooled, StoreError> {
        Ok(self.pool.get()?)
    }

    /// A connection if one is free at once.
    pub(crate) fn try_get(&self) -> Option<Pooled> {
        self.pool.try_get()
    }

    /// The most connections the pool holds.
    pub(crate) fn max_size(&self) -> u32 {
        self.pool.max_size()
    }

    /// Opens a `kind` transaction on `conn`, a connection of this pool. Pooled connections
    /// are not tested when checked out (that would cost a round trip per request on
    /// PostgreSQL), so one may have been closed by the server since its last use (a
    /// restart, a failover, `pg_terminate_backend`): then it is replaced, in place, by a new
    /// connection, which opens the transaction instead. Nothing ran on the lost one.
    pub(crate) fn begin(&self, conn: &mut DbConn, kind: TxKind) -> Result<(), StoreError> {
        match tx::begin(conn, kind) {
            Err(e) if tx::is_lost_connection(&e) => {
                *conn = r2d2::ManageConnection::connect(&self.manager)
                    .map_err(|e| StoreError::Pool(e.to_string()))?;
                Ok(tx::begin(conn, kind)?)
            }
            other => Ok(other?),
        }
    }

    /// Runs `f` in a `kind` transaction on a connection of this pool, waiting for one (see
    /// [`Pool::begin`]).
    pub(crate) fn transaction<T, E, F>(&self, kind: TxKind, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        let mut conn = self.get()?;
        self.begin(&mut conn, kind)?;
        tx::finish(&mut conn, f)
    }

    /// [`Pool::run_statement`] on a connection of this pool, waiting for one.
    pub(crate) fn statement<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnMut(&mut DbConn) -> Result<T, E>,
    {
        let mut conn = self.get()?;
        self.run_statement(&mut conn, f)
    }

    /// Runs `f` on `conn`, a connection of this pool, outside any transaction (for reads of
    /// one statement: see [`Store::read_statement`](crate::Store::read_statement)). When `f`
    /// fails on a connection the server has closed since its last use, `f` runs once more
    /// on a new connection put in its place (a read is safe to repeat).
    pub(crate) fn run_statement<T, E, F>(&self, conn: &mut DbConn, mut f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnMut(&mut DbConn) -> Result<T, E>,
    {
        match f(conn) {
            Err(_) if is_lost(conn) => {
                *conn = r2d2::ManageConnection::connect(&self.manager)
                    .map_err(|e| StoreError::Pool(e.to_string()))?;
                f(conn)
            }
            other => other,
        }
    }
}

/// Whether the server has closed `conn` (asked only after something failed on it).
fn is_lost(conn: &mut DbConn) -> bool {
    matches!(conn.batch_execute("SELECT 1"), Err(e) if tx::is_lost_connection(&e))
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("max_size", &self.pool.max_size())
            .finish_non_exhaustive()
    }
}

/// Builds a pool of exactly `size` connections to `target`, after proving with one direct
/// connection that the target is reachable (so a wrong password fails at once, verbatim).
/// That probe alone may create a missing SQLite file.
pub(crate) fn build(
    target: &DbTarget,
    role: SqliteRole,
    size: u32,
    min_idle: u32,
    timeout: Duration,
) -> Result<Pool, StoreError> {
    let probe = ConnManager::new(target.clone(), role, true);
    drop(r2d2::ManageConnection::connect(&probe).map_err(|e| StoreError::Pool(e.to_string()))?);
    let manager = ConnManager::new(target.clone(), role, false);
    let pool = r2d2::Pool::builder()
        .max_size(size.max(1))
        .min_idle(Some(min_idle.min(size).max(1)))
        .connection_timeout(timeout)
        // No `SELECT 1` before every use: a PostgreSQL connection found closed when its
        // transaction begins is replaced then (`Pool::begin`).
        .test_on_check_out(false)
        .build(manager.clone())?;
    Ok(Pool { pool, manager })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_become_uris_that_do_not_create_files() {
        assert_eq!(sqlite_uri("data/g.db", false), "file:data/g.db?mode=rw");
        assert_eq!(
            sqlite_uri("/a b/%?#.db", true),
            "file:/a b/%25%3f%23.db?mode=rwc"
        );
    }

    #[test]
    fn a_deleted_file_is_not_recreated_by_later_connections() {
        let path =
            std::env::temp_dir().join(format!("gh_pool_{}.db", uuid::Uuid::now_v7().simple()));
        let target = DbTarget::Sqlite(path.to_string_lossy().into_owned());
        let first = r2d2::ManageConnection::connect(&ConnManager::new(
            target.clone(),
            SqliteRole::Writer,
            true,
        ));
        assert!(first.is_ok());
        drop(first);
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
        let later =
            r2d2::ManageConnection::connect(&ConnManager::new(target, SqliteRole::Reader, false));
        assert!(later.is_err());
        assert!(!path.exists());
    }
}

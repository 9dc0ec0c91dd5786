//! [`Store`]: the pools and the transaction entry points the portal calls.

use std::sync::Arc;
use std::time::Duration;

use crate::conn::{Backend, DbConn};
use crate::db_url::DbTarget;
use crate::error::StoreError;
use crate::migrate;
use crate::pool::{self, Pool, SqliteRole};
use crate::tx::{self, TxKind};

/// Pool sizes and timeouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreOptions {
    /// PostgreSQL: connections in the one pool (reads and writes). Keep
    /// `pg_pool_size × processes` under the server's `max_connections`.
    pub pg_pool_size: u32,
    /// SQLite: connections in the read pool (writes always use one dedicated connection).
    pub sqlite_readers: u32,
    /// How long `read`/`write` wait for a free connection before failing with
    /// [`StoreError::Pool`].
    pub connection_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            pg_pool_size: 10,
            sqlite_readers: 4,
            connection_timeout: Duration::from_secs(30),
        }
    }
}

#[derive(Debug)]
struct Inner {
    backend: Backend,
    writer: Pool,
    reader: Pool,
}

/// The database: cheap to clone (an `Arc`), shared by every request handler.
///
/// r2d2 blocks while waiting for a connection: call [`Store::read`] and [`Store::write`]
/// from blocking contexts (actix `web::block`), never directly on an async executor.
#[derive(Debug, Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl Store {
    /// Opens the database at `url` (`sqlite://relative/path`, `sqlite:///absolute/path`,
    /// `postgres://…`, `postgresql://…`). Does not migrate: call [`Store::migrate`].
    ///
    /// SQLite gets one write connection and a pool of `sqlite_readers` read-only connections,
    /// each with `busy_timeout=5000`, WAL, `synchronous=NORMAL`, foreign keys on;
    /// PostgreSQL one pool of `pg_pool_size` connections.
    pub fn open(url: &str, options: StoreOptions) -> Result<Store, StoreError> {
        let target = DbTarget::parse(url)?;
        let timeout = options.connection_timeout;
        let (writer, reader) = match target {
            DbTarget::Sqlite(_) => {
                // The writer first: it switches the file to WAL before readers attach.
                let writer = pool::build(&target, SqliteRole::Writer, 1, 1, timeout)?;
                let readers = options.sqlite_readers.max(1);
                let reader = pool::build(&target, SqliteRole::Reader, readers, 1, timeout)?;
                (writer, reader)
            }
            DbTarget::Postgres(_) => {
                let size = options.pg_pool_size.max(1);
                let pool = pool::build(&target, SqliteRole::Writer, size, 1, timeout)?;
                (pool.clone(), pool)
            }
        };
        Ok(Store {
            inner: Arc::new(Inner {
                backend: target.backend(),
                writer,
                reader,
            }),
        })
    }

    /// Applies the embedded migrations of this backend that are not applied yet
    /// (idempotent; on PostgreSQL serialised across processes by an advisory lock).
    pub fn migrate(&self) -> Result<(), StoreError> {
        let mut conn = self.inner.writer.get()?;
        migrate::run_pending(&mut conn).map(|_| ())
    }

    /// Whether some embedded migration is not applied yet.
    pub fn has_pending_migrations(&self) -> Result<bool, StoreError> {
        let mut conn = self.inner.writer.get()?;
        migrate::has_pending(&mut conn)
    }

    /// The backend behind this store.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// Runs `f` in a read-only transaction (a consistent snapshot: a count and the page it
    /// describes agree). Writing inside `f` fails.
    pub fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        let mut conn = self.inner.reader.get().map_err(StoreError::from)?;
        tx::run(&mut conn, TxKind::Read, f)
    }

    /// Runs `f` in ONE write transaction, committed when `f` returns `Ok` and rolled back
    /// when it errs. SQLite: on the single writer connection, `BEGIN IMMEDIATE`, so writes
    /// from this process queue here and never fail with "database is locked".
    pub fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        let mut conn = self.inner.writer.get().map_err(StoreError::from)?;
        tx::run(&mut conn, TxKind::Write, f)
    }
}

//! [`Store`]: the pools and the transaction entry points the portal calls.

use std::future::Future;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use crate::completion;
use crate::conn::{Backend, DbConn};
use crate::db_url::DbTarget;
use crate::error::StoreError;
use crate::job_threads::JobThreads;
use crate::migrate;
use crate::pool::{self, ConnManager, Pool, SqliteRole};
use crate::positions::{Pinned, Positions};
use crate::sqlite_writer::{Deliver, SqliteWriter};
use crate::tx::TxKind;

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
    writer: Writer,
    reader: Pool,
    /// SQLite: the generation of committed writes and the list anchors.
    positions: Option<Positions>,
}

/// Where writes go.
#[derive(Debug)]
enum Writer {
    /// SQLite: the one writer connection, with group commit.
    Sqlite(Box<SqliteWriter>),
    /// PostgreSQL: the shared pool, one transaction per write; [`Store::write_async`]
    /// writes run on `threads`.
    Pool {
        /// The pool (shared with reads).
        pool: Pool,
        /// One thread per pooled connection.
        threads: JobThreads,
    },
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
        let (writer, reader, positions) = match target {
            DbTarget::Sqlite(_) => {
                // The writer first (the one connection that may create the file): it
                // switches the file to WAL before readers attach.
                let first = r2d2::ManageConnection::connect(&ConnManager::new(
                    target.clone(),
                    SqliteRole::Writer,
                    true,
                ))
                .map_err(|e| StoreError::Pool(e.to_string()))?;
                let manager = ConnManager::new(target.clone(), SqliteRole::Writer, false);
                let generation = Arc::new(AtomicU64::new(0));
                let writer = Writer::Sqlite(Box::new(SqliteWriter::start(
                    manager,
                    first,
                    generation.clone(),
                )?));
                let readers = options.sqlite_readers.max(1);
                let reader = pool::build(&target, SqliteRole::Reader, readers, 1, timeout)?;
                (writer, reader, Some(Positions::new(generation)))
            }
            DbTarget::Postgres(_) => {
                let size = options.pg_pool_size.max(1);
                let pool = pool::build(&target, SqliteRole::Writer, size, 1, timeout)?;
                let threads = JobThreads::start("postgres-writes", size)?;
                (
                    Writer::Pool {
                        pool: pool.clone(),
                        threads,
                    },
                    pool,
                    None,
                )
            }
        };
        Ok(Store {
            inner: Arc::new(Inner {
                backend: target.backend(),
                writer,
                reader,
                positions,
            }),
        })
    }

    /// Applies the embedded migrations of this backend that are not applied yet
    /// (idempotent; on PostgreSQL serialised across processes by an advisory lock).
    pub fn migrate(&self) -> Result<(), StoreError> {
        self.outside_transaction(|conn| migrate::run_pending(conn).map(|_| ()))
    }

    /// Whether some embedded migration is not applied yet.
    pub fn has_pending_migrations(&self) -> Result<bool, StoreError> {
        self.outside_transaction(migrate::has_pending)
    }

    fn outside_transaction<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match &self.inner.writer {
            Writer::Sqlite(w) => w.exclusive(f),
            Writer::Pool { pool, .. } => f(&mut *pool.get()?),
        }
    }

    /// How many reads can run at once (connections in the read pool).
    pub fn read_connections(&self) -> u32 {
        self.inner.reader.max_size()
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
        self.inner.reader.transaction(TxKind::Read, f)
    }

    /// Like [`Store::read`], also handing `f` the generation of committed writes its
    /// snapshot shows when it is known (SQLite, no commit under way while the snapshot was
    /// taken): a [`ListQuery`](crate::ListQuery) carrying it pages unfiltered users from
    /// cached positions instead of stepping through the index (see `positions`).
    pub fn read_pinned<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&mut DbConn, Option<Pinned<'_>>) -> Result<T, E>,
    {
        let Some(positions) = &self.inner.positions else {
            return self.read(|conn| f(conn, None));
        };
        let before = positions.generation();
        self.inner.reader.transaction(TxKind::Read, |conn| {
            // The first read of the transaction takes its snapshot.
            diesel::RunQueryDsl::execute(
                diesel::sql_query("SELECT 1 FROM sqlite_schema LIMIT 1"),
                conn,
            )
            .map_err(StoreError::from)?;
            let pinned = positions.pinned(before, positions.generation());
            f(conn, pinned)
        })
    }

    /// Runs `f` on a read connection outside any transaction: for an `f` that runs ONE
    /// statement, which is atomic on its own on both backends (a user and its groups in one
    /// join, say). It saves the transaction's `BEGIN` and `COMMIT`: two of the three round
    /// trips of such a read on PostgreSQL. Two statements run this way may see different
    /// states: use [`Store::read`] for those. `f` may run twice (on a new connection when
    /// the first one turns out closed by the server), so it must only read.
    pub fn read_statement<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnMut(&mut DbConn) -> Result<T, E>,
    {
        self.inner.reader.statement(f)
    }

    /// Like [`Store::read_statement`], but only on SQLite and only if a read connection is
    /// free at once; `None` otherwise. A point read on a local SQLite file takes
    /// microseconds, so an async caller may run it in place instead of handing it to a
    /// blocking thread (and falls back to that on `None`). PostgreSQL reads cross the
    /// network: always `None`.
    pub fn try_read_statement<T, E, F>(&self, f: F) -> Option<Result<T, E>>
    where
        E: From<StoreError>,
        F: FnMut(&mut DbConn) -> Result<T, E>,
    {
        if self.inner.backend != Backend::Sqlite {
            return None;
        }
        let reader = &self.inner.reader;
        let mut conn = reader.try_get()?;
        Some(reader.run_statement(&mut conn, f))
    }

    /// Runs `f` as ONE atomic write, committed when `f` returns `Ok` (and before `write`
    /// returns) and rolled back when it errs.
    ///
    /// SQLite: on the single writer connection, so writes from this process queue here and
    /// never fail with "database is locked"; concurrent writes share one `BEGIN IMMEDIATE`
    /// transaction, each in its own savepoint (group commit, see `sqlite_writer`), so `f`
    /// sees the committed state plus the writes that went before it in the batch.
    /// PostgreSQL: one transaction on a pooled connection.
    pub fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        match &self.inner.writer {
            Writer::Sqlite(w) => w.write(f),
            Writer::Pool { pool, .. } => pool.transaction(TxKind::Write, f),
        }
    }

    /// Like [`Store::write`], for async callers: `f` runs on a thread of the store's (SQLite:
    /// the writer thread, which batches queued writes into one transaction; PostgreSQL: one
    /// of the write threads, one per pooled connection), and the future resolves after the
    /// commit. No thread of the caller's waits meanwhile.
    ///
    /// If `f` panics, or the transaction is lost before `f` could run, the future resolves to
    /// a [`StoreError::Database`] saying the write was not applied (a panic is printed by the
    /// panic hook; nothing of `f`'s write is kept).
    pub fn write_async<T, E, F>(&self, f: F) -> impl Future<Output = Result<T, E>> + Send
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        let (done, completion) = completion::channel::<Result<T, E>>();
        match &self.inner.writer {
            Writer::Sqlite(writer) => writer.submit(Box::new(move |conn| {
                let out = match conn {
                    Ok(conn) => f(conn),
                    Err(cause) => Err(E::from(cause.repeat())),
                };
                let ok = out.is_ok();
                let deliver: Deliver = Box::new(move |commit_failure| {
                    done.complete(match (out, commit_failure) {
                        (Ok(_), Some(message)) => {
                            Err(E::from(StoreError::Database(message.to_owned())))
                        }
                        (out, _) => out,
                    });
                });
                (ok, deliver)
            })),
            Writer::Pool { pool, threads } => {
                let pool = pool.clone();
                threads.run(move || done.complete(pool.transaction(TxKind::Write, f)));
            }
        }
        async move {
            completion.await.unwrap_or_else(|| {
                Err(E::from(StoreError::Database(
                    "the write was not applied: it panicked (see the server log), or the database \
                     failed before it could run"
                        .into(),
                )))
            })
        }
    }
}

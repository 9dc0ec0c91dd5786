//! Background WAL checkpoints for SQLite.
//!
//! In WAL mode every commit appends pages to the `-wal` file, and a checkpoint copies them
//! back into the database file and syncs it. SQLite's automatic checkpoint runs inside the
//! commit that crosses 1,000 pages, so the single writer would stop for the whole copy while
//! every other write waits. Here the writer checkpoints only every 4,000 pages (see
//! `pool::sqlite_pragmas`), and this thread, on its own connection, runs a `PASSIVE`
//! checkpoint (never blocking writers or readers) every [`INTERVAL`] when something was
//! committed, and once more when the store closes: most pages are back in the database file
//! before the writer's own checkpoint comes round.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use diesel::connection::SimpleConnection;

use crate::conn::DbConn;
use crate::error::StoreError;
use crate::pool::ConnManager;

/// How often the WAL is copied back while writes go on.
pub(crate) const INTERVAL: Duration = Duration::from_millis(200);

#[derive(Debug, Default)]
struct State {
    /// Commits so far (the writer counts them).
    commits: AtomicU64,
    /// The store is gone.
    closed: Mutex<bool>,
    wake: Condvar,
}

impl State {
    fn lock_closed(&self) -> MutexGuard<'_, bool> {
        self.closed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The checkpoint thread; dropping this makes it checkpoint once more and stop.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    state: Arc<State>,
}

impl Checkpointer {
    /// Starts the thread; it connects through `manager` when it first has work.
    pub(crate) fn start(manager: ConnManager) -> Result<Self, StoreError> {
        let state = Arc::new(State::default());
        let for_thread = state.clone();
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || run(&for_thread, &manager))
            .map_err(|e| StoreError::Pool(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(Checkpointer { state })
    }

    /// Notes a commit on the writer.
    pub(crate) fn committed(&self) {
        self.state.commits.fetch_add(1, Ordering::Relaxed);
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        *self.state.lock_closed() = true;
        self.state.wake.notify_all();
    }
}

fn run(state: &State, manager: &ConnManager) {
    let mut conn: Option<DbConn> = None;
    let mut seen = 0;
    loop {
        let closed = {
            let closed = state.lock_closed();
            let (closed, _) = state
                .wake
                .wait_timeout_while(closed, INTERVAL, |closed| !*closed)
                .unwrap_or_else(|e| e.into_inner());
            *closed
        };
        let commits = state.commits.load(Ordering::Relaxed);
        if commits != seen {
            seen = commits;
            checkpoint(&mut conn, manager);
        }
        if closed {
            return;
        }
    }
}

/// One `PASSIVE` checkpoint; errors (a file gone, say) only drop the connection: the next
/// round reconnects, and SQLite itself checkpoints when the last connection closes.
fn checkpoint(conn: &mut Option<DbConn>, manager: &ConnManager) {
    if conn.is_none() {
        *conn = r2d2::ManageConnection::connect(manager).ok();
    }
    if let Some(c) = conn.as_mut() {
        if c.batch_execute("PRAGMA wal_checkpoint(PASSIVE);").is_err() {
            *conn = None;
        }
    }
}

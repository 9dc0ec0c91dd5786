//! The single SQLite writer, with group commit.
//!
//! SQLite lets one connection write at a time, and every commit costs the same whatever it
//! holds: the dirty pages appended to the WAL (the right-hand leaves of the id, time and
//! activity indexes are dirtied by every insert) and, every thousand pages, a checkpoint. So
//! concurrent writes share one transaction:
//!
//! * a write takes the connection, opens the batch's transaction if none is open
//!   (`BEGIN IMMEDIATE`), and runs in its own savepoint: its failure undoes only its own
//!   changes and is returned to it at once;
//! * after it, the transaction commits when no other write is waiting for the connection,
//!   the batch holds [`MAX_MEMBERS`] writes, or it has been open for [`MAX_OPEN`]; otherwise
//!   the connection goes to the next write and this one waits;
//! * every successful write returns only after the commit that holds it, with that commit's
//!   error if it failed (all of the batch is then lost, and each of its writes says so).
//!
//! A write therefore never reports success for a change that is not committed, and a write
//! that fails never takes another with it. Batches form only under concurrency: a lone write
//! commits at once, as before.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::R2D2Connection;

use crate::conn::DbConn;
use crate::error::StoreError;
use crate::pool::ConnManager;

/// The most writes one transaction holds.
pub(crate) const MAX_MEMBERS: usize = 64;
/// The longest a batch stays open while writes keep arriving.
pub(crate) const MAX_OPEN: Duration = Duration::from_millis(20);

/// The writer connection and its batches.
#[derive(Debug)]
pub(crate) struct SqliteWriter {
    manager: ConnManager,
    /// The connection and the open batch (held while a write runs).
    slot: Mutex<Slot>,
    /// How batches ended (held briefly; the writes waiting for a commit wait on `ended`
    /// here, away from the writes waiting for the connection).
    outcomes: Mutex<Outcomes>,
    /// Signalled when a batch ends.
    ended: Condvar,
    /// Writes waiting to take the connection.
    waiting: AtomicUsize,
}

#[derive(Debug)]
struct Slot {
    conn: Option<DbConn>,
    open: Option<Batch>,
    /// Number of the last batch opened.
    last_opened: u64,
}

#[derive(Debug, Default)]
struct Outcomes {
    /// Number of the last batch that ended (committed or failed).
    last_ended: u64,
    /// Failed batches whose waiting writes have not all read the error yet.
    failures: HashMap<u64, Failure>,
}

#[derive(Debug)]
struct Batch {
    number: u64,
    /// Successful writes waiting for this batch's commit.
    waiters: usize,
    /// Writes run in it (successful or not).
    members: usize,
    opened: Instant,
}

#[derive(Debug)]
struct Failure {
    message: String,
    unread: usize,
}

impl SqliteWriter {
    /// A writer over `conn` (already configured), reconnecting through `manager` when the
    /// connection breaks.
    pub(crate) fn new(manager: ConnManager, conn: DbConn) -> Self {
        SqliteWriter {
            manager,
            slot: Mutex::new(Slot {
                conn: Some(conn),
                open: None,
                last_opened: 0,
            }),
            outcomes: Mutex::new(Outcomes::default()),
            ended: Condvar::new(),
            waiting: AtomicUsize::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Slot> {
        // Writes never panic while holding the lock (`write` catches them), so a poisoned
        // lock still holds a consistent slot.
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_outcomes(&self) -> MutexGuard<'_, Outcomes> {
        self.outcomes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` outside any batch, in autocommit mode (migrations).
    pub(crate) fn exclusive<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut slot = self.lock();
        if slot.open.is_some() {
            self.end_batch(&mut slot);
        }
        let conn = slot.connection(&self.manager)?;
        let out = f(conn);
        slot.drop_if_broken();
        out
    }

    /// Runs `f` as one write (see the module documentation): committed when it returns `Ok`,
    /// rolled back when it errs.
    pub(crate) fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let mut slot = self.lock();
        self.waiting.fetch_sub(1, Ordering::SeqCst);

        let number = slot.open_batch(&self.manager)?;
        let conn = slot.connection(&self.manager)?;
        if let Err(e) = savepoint(conn) {
            self.fail_batch(&mut slot, &e);
            return Err(e.into());
        }
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| f(conn)));
        let kept = match &outcome {
            Ok(Ok(_)) => release(conn),
            _ => rollback_to_savepoint(conn),
        };
        if let Some(batch) = slot.open.as_mut() {
            batch.members += 1;
        }
        if let Err(e) = kept {
            // The connection lost the transaction: nothing of the batch can commit.
            self.fail_batch(&mut slot, &e);
            return match outcome {
                Ok(Ok(_)) => Err(e.into()),
                Ok(Err(own)) => Err(own),
                Err(panicked) => panic::resume_unwind(panicked),
            };
        }
        let value = match outcome {
            Ok(Ok(value)) => value,
            Ok(Err(own)) => {
                self.end_batch_unless_others_come(&mut slot);
                return Err(own);
            }
            Err(panicked) => {
                self.end_batch_unless_others_come(&mut slot);
                drop(slot);
                panic::resume_unwind(panicked);
            }
        };
        if self.should_end(&slot) {
            return match self.end_batch(&mut slot) {
                None => Ok(value),
                Some(message) => Err(StoreError::Database(message).into()),
            };
        }
        if let Some(batch) = slot.open.as_mut() {
            batch.waiters += 1;
        }
        drop(slot);
        // A later write commits this batch: wait for it.
        let mut outcomes = self.lock_outcomes();
        while outcomes.last_ended < number {
            outcomes = self.ended.wait(outcomes).unwrap_or_else(|e| e.into_inner());
        }
        match outcomes.read_failure(number) {
            None => Ok(value),
            Some(message) => Err(StoreError::Database(message).into()),
        }
    }

    fn should_end(&self, slot: &Slot) -> bool {
        let Some(batch) = &slot.open else {
            return false;
        };
        self.waiting.load(Ordering::SeqCst) == 0
            || batch.members >= MAX_MEMBERS
            || batch.opened.elapsed() >= MAX_OPEN
    }

    /// After a failed write: commit what the batch holds unless another write will.
    fn end_batch_unless_others_come(&self, slot: &mut Slot) {
        if self.should_end(slot) {
            // This write failed on its own: a failed commit is reported to the waiters.
            let _ = self.end_batch(slot);
        }
    }

    /// Commits the open batch and wakes its waiters; the commit's error, if any.
    fn end_batch(&self, slot: &mut Slot) -> Option<String> {
        let batch = slot.open.take()?;
        let committed = match slot.conn.as_mut() {
            Some(conn) => commit(conn),
            None => Err(StoreError::Database("the writer connection was lost".into())),
        };
        let failure = committed.err().map(|e| e.to_string());
        self.finish(slot, batch, failure.clone());
        failure
    }

    /// Rolls the open batch back after `cause`, failing every write waiting for it.
    fn fail_batch(&self, slot: &mut Slot, cause: &StoreError) {
        if let Some(conn) = slot.conn.as_mut() {
            rollback_all(conn);
        }
        if let Some(batch) = slot.open.take() {
            self.finish(slot, batch, Some(cause.to_string()));
        }
        slot.drop_if_broken();
    }

    fn finish(&self, slot: &mut Slot, batch: Batch, failure: Option<String>) {
        slot.drop_if_broken();
        let mut outcomes = self.lock_outcomes();
        if let Some(message) = failure {
            if batch.waiters > 0 {
                outcomes.failures.insert(
                    batch.number,
                    Failure {
                        message,
                        unread: batch.waiters,
                    },
                );
            }
        }
        outcomes.last_ended = batch.number;
        drop(outcomes);
        if batch.waiters > 0 {
            self.ended.notify_all();
        }
    }
}

impl Slot {
    /// The connection, re-established if it was dropped as broken.
    fn connection(&mut self, manager: &ConnManager) -> Result<&mut DbConn, StoreError> {
        if self.conn.is_none() {
            let conn = r2d2::ManageConnection::connect(manager)
                .map_err(|e| StoreError::Pool(e.to_string()))?;
            self.conn = Some(conn);
        }
        self.conn
            .as_mut()
            .ok_or_else(|| StoreError::Pool("the writer connection was lost".into()))
    }

    /// The number of the open batch, opening one (`BEGIN IMMEDIATE`) if none is.
    fn open_batch(&mut self, manager: &ConnManager) -> Result<u64, StoreError> {
        if let Some(batch) = &self.open {
            return Ok(batch.number);
        }
        let number = self.last_opened + 1;
        let conn = self.connection(manager)?;
        let begun = match conn {
            DbConn::Sqlite(c) => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
            }
            DbConn::Pg(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN"),
        };
        if let Err(e) = begun {
            self.drop_if_broken();
            return Err(e.into());
        }
        self.last_opened = number;
        self.open = Some(Batch {
            number,
            waiters: 0,
            members: 0,
            opened: Instant::now(),
        });
        Ok(number)
    }

    fn drop_if_broken(&mut self) {
        if self.conn.as_mut().is_some_and(|c| c.is_broken()) {
            self.conn = None;
        }
    }
}

impl Outcomes {
    /// The error of batch `number` if it failed (each waiter reads it once).
    fn read_failure(&mut self, number: u64) -> Option<String> {
        let failure = self.failures.get_mut(&number)?;
        let message = failure.message.clone();
        failure.unread = failure.unread.saturating_sub(1);
        if failure.unread == 0 {
            self.failures.remove(&number);
        }
        Some(message)
    }
}

fn savepoint(conn: &mut DbConn) -> Result<(), StoreError> {
    Ok(match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction(c),
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c),
    }?)
}

/// Releases the innermost savepoint; at depth one, commits the transaction.
fn release(conn: &mut DbConn) -> Result<(), StoreError> {
    Ok(match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
        DbConn::Pg(c) => AnsiTransactionManager::commit_transaction(c),
    }?)
}

/// Rolls back to the innermost savepoint; at depth one, rolls the transaction back.
fn rollback_to_savepoint(conn: &mut DbConn) -> Result<(), StoreError> {
    Ok(match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        DbConn::Pg(c) => AnsiTransactionManager::rollback_transaction(c),
    }?)
}

/// Commits the batch's transaction (every savepoint is released by then).
fn commit(conn: &mut DbConn) -> Result<(), StoreError> {
    release(conn)
}

/// Rolls back every open level; a level that cannot be rolled back leaves the connection
/// marked broken, and it is replaced.
fn rollback_all(conn: &mut DbConn) {
    loop {
        let depth = match conn {
            DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()
                .ok()
                .flatten(),
            DbConn::Pg(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()
                .ok()
                .flatten(),
        };
        if depth.is_none() || rollback_to_savepoint(conn).is_err() {
            return;
        }
    }
}

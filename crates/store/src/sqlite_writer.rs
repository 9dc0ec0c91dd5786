//! The single SQLite writer, with group commit.
//!
//! SQLite lets one connection write at a time, and every commit costs the same whatever it
//! holds: the dirty pages appended to the WAL (the right-hand leaves of the id, time and
//! activity indexes are dirtied by every insert) and, every few thousand pages, a
//! checkpoint. So concurrent writes share one transaction, each in its own savepoint: a
//! write's failure undoes only its own changes and is returned to it at once, and every
//! successful write is reported only after the commit that holds it (with that commit's
//! error if it failed: all of the batch is then lost, and each of its writes says so).
//!
//! Writes arrive two ways, and both join the same batches:
//!
//! * [`SqliteWriter::submit`]: an owned job (`Send + 'static`) queued for the writer thread,
//!   which drains the queue into one transaction and commits when the queue is empty, the
//!   batch holds [`MAX_MEMBERS`] writes or has been open for [`MAX_OPEN`]. The caller awaits
//!   a [`Completion`](crate::completion::Completion); no thread of the caller's is parked
//!   and the connection never changes threads under load (the hot SCIM writes come here).
//! * [`SqliteWriter::write`]: a closure that borrows from its caller, run on the caller's
//!   thread while it holds the connection. After it, the transaction commits unless another
//!   write is already waiting for the connection (then that one, or a later one, commits
//!   it, and this caller waits for that commit).
//!
//! A lone write commits at once, as without batching.

use std::collections::HashMap;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::R2D2Connection;

use crate::checkpointer::Checkpointer;
use crate::conn::DbConn;
use crate::error::StoreError;
use crate::pool::ConnManager;
use crate::tx::{self, TxKind};

/// The most writes one transaction holds.
pub(crate) const MAX_MEMBERS: usize = 64;
/// The longest a batch stays open while writes keep arriving.
pub(crate) const MAX_OPEN: Duration = Duration::from_millis(20);

/// What a queued write gives back after running: whether it succeeded, and what delivers
/// its result once the batch's commit is known (`Some(error)` when the commit failed).
pub(crate) type Deliver = Box<dyn FnOnce(Option<&str>) + Send>;

/// A queued write: runs on the connection, or learns why there is none.
pub(crate) type Job = Box<dyn FnOnce(Result<&mut DbConn, &StoreError>) -> (bool, Deliver) + Send>;

/// The writer connection, its batches and its thread.
#[derive(Debug)]
pub(crate) struct SqliteWriter {
    shared: Arc<Shared>,
}

struct Shared {
    manager: ConnManager,
    /// Copies the WAL back into the database file after commits.
    checkpointer: Checkpointer,
    /// Odd while a commit is under way, even otherwise (see `positions`).
    generation: Arc<AtomicU64>,
    /// The connection and the open batch (held while a write runs).
    slot: Mutex<Slot>,
    /// How batches ended (held briefly; writes waiting for a commit wait on `ended` here,
    /// away from the writes waiting for the connection).
    outcomes: Mutex<Outcomes>,
    /// Signalled when a batch ends.
    ended: Condvar,
    /// Writes waiting to take the connection.
    waiting: AtomicUsize,
    /// Jobs for the writer thread.
    queue: Mutex<Queue>,
    /// Signalled when a job is queued or the writer closes.
    queued: Condvar,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("waiting", &self.waiting)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct Slot {
    conn: Option<DbConn>,
    open: Option<Batch>,
    /// Number of the last batch opened.
    last_opened: u64,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    /// The store is gone: the thread finishes the queue and stops.
    closed: bool,
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
    /// Successful [`SqliteWriter::write`] callers waiting for this batch's commit.
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
    /// connection breaks, with its thread started.
    pub(crate) fn start(
        manager: ConnManager,
        conn: DbConn,
        generation: Arc<AtomicU64>,
    ) -> Result<Self, StoreError> {
        let shared = Arc::new(Shared {
            checkpointer: Checkpointer::start(manager.clone())?,
            generation,
            manager,
            slot: Mutex::new(Slot {
                conn: Some(conn),
                open: None,
                last_opened: 0,
            }),
            outcomes: Mutex::new(Outcomes::default()),
            ended: Condvar::new(),
            waiting: AtomicUsize::new(0),
            queue: Mutex::new(Queue::default()),
            queued: Condvar::new(),
        });
        let for_thread = shared.clone();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || for_thread.serve())
            .map_err(|e| StoreError::Pool(format!("cannot start the SQLite writer: {e}")))?;
        Ok(SqliteWriter { shared })
    }

    /// Queues `job` for the writer thread.
    pub(crate) fn submit(&self, job: Job) {
        let mut queue = self.shared.lock_queue();
        queue.jobs.push_back(job);
        drop(queue);
        self.shared.queued.notify_one();
    }

    /// Runs `f` outside any batch, in autocommit mode (migrations).
    pub(crate) fn exclusive<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let shared = &self.shared;
        let mut slot = shared.lock();
        if slot.open.is_some() {
            shared.end_batch(&mut slot);
        }
        let conn = slot.connection(&shared.manager)?;
        shared.generation.fetch_add(1, Ordering::SeqCst);
        let out = f(conn);
        shared.generation.fetch_add(1, Ordering::SeqCst);
        slot.drop_if_broken();
        shared.checkpointer.committed();
        out
    }

    /// Runs `f` as one write on this thread (see the module documentation): committed when
    /// it returns `Ok`, rolled back when it errs.
    pub(crate) fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        let shared = &self.shared;
        let mut slot = shared.take_slot();
        let number = slot.open_batch(&shared.manager)?;
        let ran = match slot.run_in_savepoint(&shared.manager, f) {
            Ok(ran) => ran,
            Err(broken) => {
                shared.fail_batch(&mut slot, &broken.cause);
                return match broken.outcome {
                    None | Some(Ok(Ok(_))) => Err(broken.cause.into()),
                    Some(Ok(Err(own))) => Err(own),
                    Some(Err(panicked)) => panic::resume_unwind(panicked),
                };
            }
        };
        let value = match ran {
            Ok(Ok(value)) => value,
            Ok(Err(own)) => {
                shared.end_batch_unless_others_come(&mut slot);
                return Err(own);
            }
            Err(panicked) => {
                shared.end_batch_unless_others_come(&mut slot);
                drop(slot);
                panic::resume_unwind(panicked);
            }
        };
        if shared.should_end(&slot) {
            return match shared.end_batch(&mut slot) {
                None => Ok(value),
                Some(message) => Err(StoreError::Database(message).into()),
            };
        }
        if let Some(batch) = slot.open.as_mut() {
            batch.waiters += 1;
        }
        drop(slot);
        // A later write commits this batch: wait for it.
        let mut outcomes = shared.lock_outcomes();
        while outcomes.last_ended < number {
            outcomes = shared
                .ended
                .wait(outcomes)
                .unwrap_or_else(|e| e.into_inner());
        }
        match outcomes.read_failure(number) {
            None => Ok(value),
            Some(message) => Err(StoreError::Database(message).into()),
        }
    }
}

impl Drop for SqliteWriter {
    fn drop(&mut self) {
        // The thread finishes what is queued, then stops. It is not joined: the last handle
        // to the store may be dropped by a job running on that very thread.
        self.shared.lock_queue().closed = true;
        self.shared.queued.notify_all();
    }
}

/// A write whose savepoint could not be opened, released or rolled back: the transaction is
/// lost. `outcome` is what the write returned, `None` when it could not run.
struct Broken<T, E> {
    cause: StoreError,
    outcome: Option<std::thread::Result<Result<T, E>>>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Slot> {
        // Writes never panic while holding the lock (they are run under `catch_unwind`), so
        // a poisoned lock still holds a consistent slot.
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The slot, counted among the waiting writes until it is ours.
    fn take_slot(&self) -> MutexGuard<'_, Slot> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let slot = self.lock();
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        slot
    }

    fn lock_outcomes(&self) -> MutexGuard<'_, Outcomes> {
        self.outcomes.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The writer thread: runs queued jobs in batches until the store is dropped.
    fn serve(&self) {
        while let Some(jobs) = self.next_jobs() {
            self.run_batch(jobs);
        }
    }

    /// The queued jobs, waiting for some; `None` once the store is gone and the queue empty.
    fn next_jobs(&self) -> Option<VecDeque<Job>> {
        let mut queue = self.lock_queue();
        loop {
            if !queue.jobs.is_empty() {
                return Some(std::mem::take(&mut queue.jobs));
            }
            if queue.closed {
                return None;
            }
            queue = self.queued.wait(queue).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Jobs queued since, without waiting.
    fn more_jobs(&self) -> Option<VecDeque<Job>> {
        let mut queue = self.lock_queue();
        (!queue.jobs.is_empty()).then(|| std::mem::take(&mut queue.jobs))
    }

    /// Runs `jobs` and those queued meanwhile in one transaction, commits it, then delivers
    /// every result.
    fn run_batch(&self, mut jobs: VecDeque<Job>) {
        let mut slot = self.take_slot();
        let mut delivers: Vec<Deliver> = Vec::with_capacity(jobs.len());
        if let Err(e) = slot.open_batch(&self.manager) {
            drop(slot);
            for job in jobs {
                let (_, deliver) = job(Err(&e));
                deliver(None);
            }
            return;
        }
        let mut lost: Option<StoreError> = None;
        loop {
            while let Some(job) = jobs.pop_front() {
                if let Some(cause) = &lost {
                    delivers.push(job(Err(cause)).1);
                    continue;
                }
                let run = |conn: &mut DbConn| match job(Ok(conn)) {
                    (true, deliver) => Ok(deliver),
                    (false, deliver) => Err(deliver),
                };
                match slot.run_in_savepoint(&self.manager, run) {
                    Ok(Ok(Ok(deliver) | Err(deliver))) => delivers.push(deliver),
                    // The job panicked: its result went with it, and its caller learns that
                    // from its completion.
                    Ok(Err(_)) => {}
                    Err(broken) => {
                        // Not run (no savepoint) or panicked: the job went with it, and its
                        // caller's completion reports the write as not applied.
                        if let Some(Ok(Ok(deliver) | Err(deliver))) = broken.outcome {
                            delivers.push(deliver);
                        }
                        lost = Some(broken.cause);
                    }
                }
            }
            let full = slot
                .open
                .as_ref()
                .is_none_or(|b| b.members >= MAX_MEMBERS || b.opened.elapsed() >= MAX_OPEN);
            if lost.is_some() || full {
                break;
            }
            match self.more_jobs() {
                Some(more) => jobs = more,
                None => break,
            }
        }
        let failure = match lost {
            Some(cause) => {
                self.fail_batch(&mut slot, &cause);
                Some(cause.to_string())
            }
            None => self.end_batch(&mut slot),
        };
        drop(slot);
        // Whatever was queued after the batch filled up waits for the next round.
        for deliver in delivers {
            deliver(failure.as_deref());
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
        // Odd while committing: a read pinned at a generation never sees half of a change.
        self.generation.fetch_add(1, Ordering::SeqCst);
        let committed = match slot.conn.as_mut() {
            Some(conn) => tx::commit(conn),
            None => Err(StoreError::Database(
                "the writer connection was lost".into(),
            )),
        };
        self.generation.fetch_add(1, Ordering::SeqCst);
        let failure = committed.err().map(|e| e.to_string());
        if failure.is_none() {
            self.checkpointer.committed();
        }
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
        if let Err(e) = tx::begin(conn, TxKind::Write) {
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

    /// Runs `f` as the next write of the open batch, in its own savepoint (released when `f`
    /// returns `Ok`, rolled back otherwise, panics caught). [`Broken`] when the savepoint
    /// could not be opened (`f` did not run), released or rolled back: the transaction is
    /// lost.
    #[allow(clippy::type_complexity)]
    fn run_in_savepoint<T, E, F>(
        &mut self,
        manager: &ConnManager,
        f: F,
    ) -> Result<std::thread::Result<Result<T, E>>, Broken<T, E>>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        let conn = match self.connection(manager).and_then(|conn| {
            tx::savepoint(conn)?;
            Ok(conn)
        }) {
            Ok(conn) => conn,
            Err(cause) => {
                return Err(Broken {
                    cause,
                    outcome: None,
                })
            }
        };
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| f(conn)));
        let kept = match &outcome {
            Ok(Ok(_)) => tx::commit(conn),
            _ => tx::rollback(conn),
        };
        if let Some(batch) = self.open.as_mut() {
            batch.members += 1;
        }
        match kept {
            Ok(()) => Ok(outcome),
            Err(cause) => Err(Broken {
                cause,
                outcome: Some(outcome),
            }),
        }
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
        if depth.is_none() || tx::rollback(conn).is_err() {
            return;
        }
    }
}

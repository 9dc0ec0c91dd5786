//! A fixed set of threads running queued closures: how PostgreSQL writes submitted with
//! [`Store::write_async`](crate::Store::write_async) run (diesel's connections block), one
//! thread per pooled connection so no job waits for a thread while a connection is free.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use crate::error::StoreError;

type Task = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct Queue {
    tasks: VecDeque<Task>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    queued: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // Tasks run outside the lock, so it is never poisoned by one.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn next(&self) -> Option<Task> {
        let mut queue = self.lock();
        loop {
            if let Some(task) = queue.tasks.pop_front() {
                return Some(task);
            }
            if queue.closed {
                return None;
            }
            queue = self.queued.wait(queue).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// The threads; dropping this lets them finish the queue and stop.
pub(crate) struct JobThreads {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for JobThreads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobThreads").finish_non_exhaustive()
    }
}

impl JobThreads {
    /// Starts `count` threads named `name`.
    pub(crate) fn start(name: &str, count: u32) -> Result<Self, StoreError> {
        let shared = Arc::new(Shared::default());
        for _ in 0..count.max(1) {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name(name.to_owned())
                .spawn(move || {
                    while let Some(task) = shared.next() {
                        // A panicking task must not take the thread with it; its caller
                        // learns of it through its dropped completion.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(task));
                    }
                })
                .map_err(|e| StoreError::Pool(format!("cannot start {name} threads: {e}")))?;
        }
        Ok(JobThreads { shared })
    }

    /// Queues `task`.
    pub(crate) fn run(&self, task: impl FnOnce() + Send + 'static) {
        self.shared.lock().tasks.push_back(Box::new(task));
        self.shared.queued.notify_one();
    }
}

impl Drop for JobThreads {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.queued.notify_all();
    }
}

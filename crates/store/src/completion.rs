//! A one-shot channel whose receiving end is a `Future`: how a write run by a store thread
//! (the SQLite writer, or a PostgreSQL write thread) hands its result to an async caller,
//! without a blocking thread parked on it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

#[derive(Debug)]
struct State<T> {
    value: Option<T>,
    waker: Option<Waker>,
    /// The sending side is gone (with or without a value).
    closed: bool,
}

type Shared<T> = Arc<Mutex<State<T>>>;

fn lock<T>(state: &Shared<T>) -> MutexGuard<'_, State<T>> {
    // Nothing panics while holding this lock.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// A new channel: complete the [`Completer`], await the [`Completion`].
pub(crate) fn channel<T>() -> (Completer<T>, Completion<T>) {
    let state = Arc::new(Mutex::new(State {
        value: None,
        waker: None,
        closed: false,
    }));
    (
        Completer {
            state: state.clone(),
        },
        Completion { state },
    )
}

/// The sending side: [`Completer::complete`] once, or drop it to report that no value will
/// come.
#[derive(Debug)]
pub(crate) struct Completer<T> {
    state: Shared<T>,
}

impl<T> Completer<T> {
    /// Hands `value` to the waiting [`Completion`].
    pub(crate) fn complete(self, value: T) {
        let waker = {
            let mut s = lock(&self.state);
            s.value = Some(value);
            s.closed = true;
            s.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
}

impl<T> Drop for Completer<T> {
    fn drop(&mut self) {
        let waker = {
            let mut s = lock(&self.state);
            if s.closed {
                return;
            }
            s.closed = true;
            s.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
}

/// The receiving side: resolves to the value, or to `None` when the sending side was
/// dropped without one.
#[derive(Debug)]
pub struct Completion<T> {
    state: Shared<T>,
}

impl<T> Future for Completion<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut s = lock(&self.state);
        if let Some(value) = s.value.take() {
            return Poll::Ready(Some(value));
        }
        if s.closed {
            return Poll::Ready(None);
        }
        match &s.waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => s.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    struct CountingWaker(AtomicUsize);

    impl Wake for CountingWaker {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn poll<T>(c: &mut Completion<T>, waker: &Arc<CountingWaker>) -> Poll<Option<T>> {
        let waker = Waker::from(waker.clone());
        Pin::new(c).poll(&mut Context::from_waker(&waker))
    }

    #[test]
    fn a_value_sent_before_or_after_the_first_poll_arrives_once() {
        let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
        let (tx, mut rx) = channel();
        tx.complete(7);
        assert_eq!(poll(&mut rx, &waker), Poll::Ready(Some(7)));

        let (tx, mut rx) = channel();
        assert_eq!(poll(&mut rx, &waker), Poll::Pending);
        let handle = std::thread::spawn(move || tx.complete("done"));
        handle.join().unwrap();
        assert_eq!(waker.0.load(Ordering::SeqCst), 1);
        assert_eq!(poll(&mut rx, &waker), Poll::Ready(Some("done")));
    }

    #[test]
    fn a_dropped_completer_resolves_to_none_and_wakes() {
        let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
        let (tx, mut rx) = channel::<u8>();
        assert_eq!(poll(&mut rx, &waker), Poll::Pending);
        drop(tx);
        assert_eq!(waker.0.load(Ordering::SeqCst), 1);
        assert_eq!(poll(&mut rx, &waker), Poll::Ready(None));
    }
}

//! `Store::write` under concurrency: every successful write is committed when it returns,
//! every failed one leaves nothing behind, whatever the other writes running beside it do
//! (SQLite shares one transaction among concurrent writes; PostgreSQL gives each its own).

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::{Arc, Barrier};
use std::task::{Context, Poll, Wake, Waker};

use common::{add_user, each_backend, read, user_json};
use store::{users, Store, StoreError};

const THREADS: usize = 12;
const PER_THREAD: usize = 40;

fn name(t: usize, i: usize) -> String {
    format!("w{t}-{i}@example.com")
}

/// All userNames stored.
fn stored_names(store: &Store) -> BTreeSet<String> {
    let ids = read(store, users::all_ids);
    read(store, |c| users::get_many(c, &ids))
        .into_iter()
        .map(|u| u.user_name)
        .collect()
}

/// Runs `body(thread)` on THREADS threads started together.
fn concurrently(store: &Store, body: impl Fn(&Store, usize) + Send + Sync + 'static) {
    let barrier = Arc::new(Barrier::new(THREADS));
    let body = Arc::new(body);
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (store, barrier, body) = (store.clone(), barrier.clone(), body.clone());
            std::thread::spawn(move || {
                barrier.wait();
                body(&store, t);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn every_acknowledged_write_is_visible_and_every_failed_one_left_nothing() {
    each_backend(|store| {
        concurrently(store, |store, t| {
            for i in 0..PER_THREAD {
                let fails = i % 5 == 3;
                let out = store.write(|c| {
                    add_user(c, user_json(&name(t, i), None));
                    if fails {
                        // Wrote something, then fails: it must all be undone.
                        add_user(c, user_json(&format!("{}-extra", name(t, i)), None));
                        return Err(StoreError::InvalidData("refused by the test".into()));
                    }
                    Ok(())
                });
                assert_eq!(out.is_ok(), !fails, "write {t}/{i}: {out:?}");
                if !fails {
                    // Acknowledged means committed: a fresh read sees it at once.
                    let seen = read(store, |c| users::find_by_user_name(c, &name(t, i)));
                    assert!(seen.is_some(), "{} not visible after its write", name(t, i));
                }
            }
        });
        let expected: BTreeSet<String> = (0..THREADS)
            .flat_map(|t| {
                (0..PER_THREAD)
                    .filter(|i| i % 5 != 3)
                    .map(move |i| name(t, i))
            })
            .collect();
        assert_eq!(stored_names(store), expected);
    });
}

#[test]
fn a_conflicting_write_fails_alone() {
    each_backend(|store| {
        // Every thread tries the same userName first: exactly one wins; the others fail
        // with a conflict, and their own later writes still land.
        concurrently(store, |store, t| {
            let _ = store.write(|c| -> Result<(), StoreError> {
                users::insert(
                    c,
                    &users::NewUser::from_resource(&user_json("shared@example.com", None))?,
                )?;
                Ok(())
            });
            store
                .write(|c| -> Result<(), StoreError> {
                    add_user(c, user_json(&name(t, 0), None));
                    Ok(())
                })
                .unwrap();
        });
        let names = stored_names(store);
        assert!(names.contains("shared@example.com"));
        assert_eq!(names.len(), THREADS + 1);
    });
}

#[test]
fn a_write_that_panics_is_rolled_back_and_the_others_carry_on() {
    each_backend(|store| {
        concurrently(store, |store, t| {
            for i in 0..10 {
                let panics = t == 0 && i == 5;
                let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    store.write(|c| -> Result<(), StoreError> {
                        add_user(c, user_json(&name(t, i), None));
                        if panics {
                            panic!("a bug in a write closure");
                        }
                        Ok(())
                    })
                }));
                assert_eq!(out.is_err(), panics);
            }
        });
        let names = stored_names(store);
        assert!(!names.contains(&name(0, 5)));
        assert_eq!(names.len(), THREADS * 10 - 1);
        // The writer still works afterwards.
        store
            .write(|c| -> Result<(), StoreError> {
                add_user(c, user_json("after@example.com", None));
                Ok(())
            })
            .unwrap();
    });
}

/// Wakes a parked thread.
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `fut` to completion on this thread (the store needs no async runtime).
fn block_on<T>(fut: impl Future<Output = T>) -> T {
    let mut fut = std::pin::pin!(fut);
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}

#[test]
fn queued_and_direct_writes_mix_and_each_fails_alone() {
    each_backend(|store| {
        concurrently(store, |store, t| {
            for i in 0..PER_THREAD {
                let fails = i % 7 == 2;
                let user_name = name(t, i);
                let out = if (t + i) % 3 == 0 {
                    // A direct write among the queued ones.
                    store.write(|c| {
                        add_user(c, user_json(&user_name, None));
                        if fails {
                            return Err(StoreError::InvalidData("refused".into()));
                        }
                        Ok(())
                    })
                } else {
                    let owned = user_name.clone();
                    block_on(store.write_async(move |c| {
                        add_user(c, user_json(&owned, None));
                        if fails {
                            add_user(c, user_json(&format!("{owned}-extra"), None));
                            return Err(StoreError::InvalidData("refused".into()));
                        }
                        Ok(())
                    }))
                };
                assert_eq!(out.is_ok(), !fails, "write {t}/{i}: {out:?}");
                if !fails {
                    let seen = read(store, |c| users::find_by_user_name(c, &user_name));
                    assert!(seen.is_some(), "{user_name} not visible after its write");
                }
            }
        });
        let expected: BTreeSet<String> = (0..THREADS)
            .flat_map(|t| {
                (0..PER_THREAD)
                    .filter(|i| i % 7 != 2)
                    .map(move |i| name(t, i))
            })
            .collect();
        assert_eq!(stored_names(store), expected);
    });
}

#[test]
fn a_queued_write_that_panics_fails_alone() {
    each_backend(|store| {
        concurrently(store, |store, t| {
            for i in 0..10 {
                let panics = t == 1 && i == 3;
                let owned = name(t, i);
                let out = block_on(store.write_async(move |c| -> Result<(), StoreError> {
                    add_user(c, user_json(&owned, None));
                    if panics {
                        panic!("a bug in a queued write");
                    }
                    Ok(())
                }));
                assert_eq!(out.is_err(), panics, "{out:?}");
            }
        });
        let names = stored_names(store);
        assert!(!names.contains(&name(1, 3)));
        assert_eq!(names.len(), THREADS * 10 - 1);
    });
}

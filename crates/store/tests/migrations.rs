//! Migrations apply on both backends, twice without harm.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

use store::testing::TestDb;
use store::{Backend, Store, StoreOptions};

#[test]
fn migrations_run_twice_idempotently_on_every_backend() {
    for db in TestDb::all().unwrap() {
        let store = Store::open(db.url(), StoreOptions::default()).unwrap();
        assert_eq!(store.backend(), db.backend());
        assert!(store.has_pending_migrations().unwrap());
        store.migrate().unwrap();
        assert!(!store.has_pending_migrations().unwrap());
        store.migrate().unwrap();
        // A second process (another Store) migrating the same database changes nothing.
        let other = Store::open(db.url(), StoreOptions::default()).unwrap();
        other.migrate().unwrap();
        assert!(!other.has_pending_migrations().unwrap());
    }
}

#[test]
fn wrong_url_is_reported_without_guessing() {
    let err = Store::open("mysql://x/y", StoreOptions::default()).unwrap_err();
    assert!(err.to_string().contains("unknown scheme"), "{err}");
    let err = Store::open(
        "postgres://nobody@127.0.0.1:1/none",
        StoreOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("PostgreSQL"), "{err}");
}

#[test]
fn sqlite_read_connections_refuse_writes() {
    let db = TestDb::sqlite();
    let store = db.open().unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    let res: Result<(), store::StoreError> = store.read(|conn| {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("INSERT INTO settings (key, value) VALUES ('a', 'b')")?;
        Ok(())
    });
    assert!(res.is_err());
}

#[test]
fn concurrent_first_migrations_all_succeed() {
    for db in TestDb::all().unwrap() {
        let url = db.url().to_owned();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (url, barrier) = (url.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let store = Store::open(&url, StoreOptions::default())?;
                    barrier.wait();
                    store.migrate()
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
        let store = Store::open(&url, StoreOptions::default()).unwrap();
        assert!(
            !store.has_pending_migrations().unwrap(),
            "{:?}",
            db.backend()
        );
    }
}

#[test]
fn a_panicking_write_does_not_wedge_the_writer() {
    for db in TestDb::all().unwrap() {
        let store = db.open().unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _: Result<(), store::StoreError> = store.write(|conn| {
                store::settings::put(conn, "half", "done")?;
                panic!("handler bug");
            });
        }));
        assert!(outcome.is_err());
        // The connection left mid-transaction is discarded; the next write works and the
        // half-done one was rolled back.
        store
            .write(|conn| store::settings::put(conn, "next", "ok"))
            .unwrap();
        let half = store
            .read(|conn| store::settings::get(conn, "half"))
            .unwrap();
        assert_eq!(half, None, "{:?}", db.backend());
    }
}

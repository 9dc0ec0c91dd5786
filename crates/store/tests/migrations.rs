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

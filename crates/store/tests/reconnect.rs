//! A PostgreSQL server that drops its connections (a restart, a failover, an administrator's
//! `pg_terminate_backend`) costs no request: a pooled connection that died is retired and
//! the request runs on a new one.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use common::{add_user, read, user_json, write};
use diesel::prelude::*;
use diesel::sql_types::Bool;
use store::testing::TestDb;
use store::users;

#[derive(QueryableByName)]
struct Terminated {
    #[diesel(sql_type = Bool)]
    terminated: bool,
}

/// Ends every other session on this database, as a server restart would; how many.
fn terminate_other_sessions(url: &str) -> usize {
    let mut admin = PgConnection::establish(url).unwrap();
    let rows: Vec<Terminated> = diesel::sql_query(
        "SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .load(&mut admin)
    .unwrap();
    rows.iter().filter(|r| r.terminated).count()
}

#[test]
fn reads_and_writes_go_on_after_the_server_drops_every_connection() {
    let Some(db) = TestDb::postgres().unwrap() else {
        return;
    };
    let store = db.open().unwrap();
    let first = write(&store, |c| {
        Ok(add_user(c, user_json("before@example.com", None)))
    });
    // Several readers at once, so that the read pool holds more than one connection.
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..20 {
                    read(&store, |c| users::get(c, &first.id));
                }
            });
        }
    });

    let terminated = terminate_other_sessions(db.url());
    assert!(terminated >= 2, "only {terminated} sessions were ended");

    // Every request after the drop succeeds, however many dead connections the pools hold.
    for _ in 0..20 {
        assert_eq!(
            read(&store, |c| users::get(c, &first.id)).user_name,
            "before@example.com"
        );
    }
    let second = write(&store, |c| {
        Ok(add_user(c, user_json("after@example.com", None)))
    });
    let both = read(&store, |c| users::get_many(c, &[&first.id, &second.id]));
    assert_eq!(both.len(), 2);

    // A read outside a transaction finds its connection closed and runs again on a new one.
    terminate_other_sessions(db.url());
    for _ in 0..20 {
        let found = store
            .read_statement(|c| users::get_with_groups(c, &second.id))
            .unwrap();
        assert_eq!(found.unwrap().0.user_name, "after@example.com");
    }

    // And again, with connections that have just been made.
    terminate_other_sessions(db.url());
    let third = write(&store, |c| {
        Ok(add_user(c, user_json("later@example.com", None)))
    });
    assert_eq!(
        read(&store, |c| users::get(c, &third.id)).user_name,
        "later@example.com"
    );
}

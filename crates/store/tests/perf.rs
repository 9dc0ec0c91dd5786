//! Rough timings of the operations the SCIM service leans on, per backend. Ignored by
//! default; run with
//! `cargo test --release -p store --test perf -- --ignored --nocapture`.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use std::time::{Duration, Instant};

use common::{add_group, add_user, user_json};
use scim_core::filter::parse;
use serde_json::json;
use store::testing::TestDb;
use store::users::{self, NewUser};
use store::{groups, ListQuery, StoreError};

fn report(backend: store::Backend, what: &str, n: usize, took: Duration) {
    let per = took / u32::try_from(n).unwrap();
    let rate = n as f64 / took.as_secs_f64();
    println!("{backend:?}\t{what:<48}\t{n:>6} ops\t{per:>10.1?}/op\t{rate:>9.0} ops/s");
}

#[test]
#[ignore = "timing run; see the module docs"]
fn timings() {
    for db in TestDb::all().unwrap() {
        let store = db.open().unwrap();
        let backend = db.backend();

        // One user per write transaction, as POST /Users does.
        let n = 2000;
        let t = Instant::now();
        for i in 0..n {
            store
                .write(|c| {
                    users::insert(
                        c,
                        &NewUser::from_resource(&user_json(
                            &format!("single{i}@example.com"),
                            Some(&format!("single{i}@example.com")),
                        ))?,
                    )
                })
                .unwrap();
        }
        report(backend, "insert user (own transaction)", n, t.elapsed());

        // Fill up to 10,000 users in batches.
        store
            .write(|c| {
                for i in 0..8000 {
                    let mut r = user_json(
                        &format!("bulk{i}@example.com"),
                        Some(&format!("bulk{i}@example.com")),
                    );
                    r["title"] = json!(format!("title{}", i % 10));
                    add_user(c, r);
                }
                Ok::<_, StoreError>(())
            })
            .unwrap();

        let n = 2000;
        let t = Instant::now();
        for i in 0..n {
            let f = parse(&format!(r#"userName eq "BULK{}@example.com""#, i * 3)).unwrap();
            let (total, _) = store
                .read(|c| users::list(c, &ListQuery::page(1, 10).filtered(&f)))
                .unwrap();
            assert_eq!(total, 1);
        }
        report(
            backend,
            "list filter userName eq (count + page)",
            n,
            t.elapsed(),
        );

        let t = Instant::now();
        for i in 0..n {
            let found = store
                .read(|c| users::find_by_email(c, &format!("bulk{}@EXAMPLE.com", i * 3)))
                .unwrap();
            assert_eq!(found.len(), 1);
        }
        report(backend, "find_by_email (sign-in)", n, t.elapsed());

        let g = store
            .write(|c| Ok::<_, StoreError>(add_group(c, "Everyone")))
            .unwrap();
        let ids: Vec<String> = store
            .read(|c| users::list(c, &ListQuery::page(1, 10_000)))
            .unwrap()
            .1
            .into_iter()
            .map(|u| u.id)
            .collect();
        let threads = 8;
        let per_thread = 250;
        let t = Instant::now();
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let (store, gid) = (store.clone(), g.id.clone());
                let mine: Vec<String> = ids[k * per_thread..(k + 1) * per_thread].to_vec();
                std::thread::spawn(move || {
                    for id in mine {
                        store
                            .write(|c| groups::add_members(c, &gid, &[id.as_str()]))
                            .unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        report(
            backend,
            "add one member (8 threads, one group)",
            threads * per_thread,
            t.elapsed(),
        );
        assert_eq!(
            store.read(|c| groups::member_count(c, &g.id)).unwrap(),
            threads * per_thread
        );

        let n = 200;
        let t = Instant::now();
        for i in 0..n {
            store
                .read(|c| {
                    let (_, page) = users::list(c, &ListQuery::page(1 + (i * 37) % 9000, 100))?;
                    let ids: Vec<&str> = page.iter().map(|u| u.id.as_str()).collect();
                    users::groups_of_users(c, &ids)
                })
                .unwrap();
        }
        report(
            backend,
            "list page of 100 + their groups (10k users)",
            n,
            t.elapsed(),
        );

        let n = 10;
        let f = parse(r#"title eq "title3""#).unwrap();
        let t = Instant::now();
        for _ in 0..n {
            let (total, _) = store
                .read(|c| users::list(c, &ListQuery::page(1, 100).filtered(&f)))
                .unwrap();
            assert_eq!(total, 800);
        }
        report(
            backend,
            "residual filter, 10,000 rows scanned",
            n,
            t.elapsed(),
        );
    }
}

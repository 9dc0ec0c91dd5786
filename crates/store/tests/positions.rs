//! Unfiltered user pages served from cached positions are the pages the plain query gives,
//! before and after writes, on both backends (PostgreSQL never pins: the same answers).

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use common::{add_user, each_backend, read, user_json};
use store::positions::STRIDE;
use store::{users, Backend, ListQuery, Store, StoreError};

/// (total, ids) of the page at 1-based `start`, through a pinned read.
fn pinned_page(store: &Store, start: usize, count: usize) -> (usize, Vec<String>) {
    store
        .read_pinned(|conn, pinned| -> Result<_, StoreError> {
            // No write runs meanwhile: every SQLite read is pinned.
            assert_eq!(pinned.is_some(), store.backend() == Backend::Sqlite);
            let mut q = ListQuery::page(start, count);
            q.pinned = pinned;
            let (total, page) = users::list(conn, &q)?;
            Ok((total, page.into_iter().map(|u| u.id).collect()))
        })
        .unwrap()
}

/// The same page through a plain read (offset walk and count).
fn plain_page(store: &Store, start: usize, count: usize) -> (usize, Vec<String>) {
    read(store, |conn| {
        let (total, page) = users::list(conn, &ListQuery::page(start, count))?;
        Ok((total, page.into_iter().map(|u| u.id).collect()))
    })
}

fn starts(total: usize) -> Vec<usize> {
    let mut s = vec![1, 2, STRIDE, STRIDE + 1, STRIDE + 2, 2 * STRIDE - 7, total];
    s.extend([total.saturating_sub(3), total + 1, total + 50]);
    s
}

fn assert_pages_agree(store: &Store, total: usize) {
    for start in starts(total) {
        for count in [1, 7, 100] {
            // Twice: the second pinned read at the same generation uses the anchors.
            let first = pinned_page(store, start, count);
            let second = pinned_page(store, start, count);
            let plain = plain_page(store, start, count);
            assert_eq!(first, plain, "start {start} count {count}");
            assert_eq!(second, plain, "start {start} count {count} (anchored)");
            assert_eq!(plain.0, total);
        }
    }
}

#[test]
fn anchored_pages_match_the_plain_query_through_writes() {
    each_backend(|store| {
        let n = 2 * STRIDE + 300;
        store
            .write(|c| -> Result<(), StoreError> {
                for i in 0..n {
                    add_user(c, user_json(&format!("p{i:05}@example.com"), None));
                }
                Ok(())
            })
            .unwrap();
        assert_pages_agree(store, n);

        // Writes move positions: deletes near the start, inserts at the end.
        let ids = read(store, users::all_ids);
        store
            .write(|c| -> Result<(), StoreError> {
                for id in ids.iter().take(40) {
                    users::delete(c, id)?;
                }
                for i in 0..25 {
                    add_user(c, user_json(&format!("q{i:05}@example.com"), None));
                }
                Ok(())
            })
            .unwrap();
        assert_pages_agree(store, n - 40 + 25);
    });
}

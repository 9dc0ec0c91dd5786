//! Fast offsets for unfiltered user lists on SQLite.
//!
//! SQLite answers `ORDER BY id LIMIT 100 OFFSET 50000` by stepping through 50,000 index
//! entries, and `totalResults` by counting every row: an Okta or Entra import paging through
//! 100,000 users spends most of each page there. Instead, every [`STRIDE`]th id in id order
//! ("anchors") and the total are kept in memory, and a page seeks to the nearest anchor
//! before it (`WHERE id >= anchor`) and steps at most `STRIDE - 1` entries from there.
//!
//! The anchors describe the users as of one *generation* of committed writes. The SQLite
//! writer makes the generation odd while it commits and even again after (a seqlock,
//! `sqlite_writer`), and [`Store::read_pinned`](crate::Store::read_pinned) gives a read a
//! [`Pinned`] generation only when the generation was even and unchanged around the moment
//! its snapshot was taken: that snapshot is then exactly the state of that generation. A read
//! at another generation does not use the anchors; they are rebuilt (one scan of the id
//! index) when a second list read sees the same generation, so writes interleaved with every
//! page cost nothing more than before. The writer is the only one that writes users to this
//! SQLite file (PRODUCT.md: SQLite is single-server; other processes such as the CLI do not
//! touch users). PostgreSQL reads are never pinned.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use diesel::connection::DefaultLoadingMode;
use diesel::prelude::*;

use crate::conn::DbConn;
use crate::error::StoreError;
use crate::schema::users;

/// One anchor per this many users.
pub const STRIDE: usize = 512;

/// The generation counter (shared with the writer) and the cached anchors.
#[derive(Debug)]
pub struct Positions {
    generation: Arc<AtomicU64>,
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    users: Option<Anchors>,
    /// The generation the last unanchored list read ran at.
    users_wanted_at: Option<u64>,
}

#[derive(Debug)]
struct Anchors {
    generation: u64,
    total: usize,
    /// `keys[i]` is the id at offset `i * STRIDE`.
    keys: Vec<String>,
}

/// Where a page in id order starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageStart {
    /// How many users there are.
    pub total: usize,
    /// The id to start from (inclusive); `None` when there are no users.
    pub anchor: Option<String>,
    /// Entries to skip from the anchor.
    pub skip: usize,
}

/// A read whose snapshot is the state of a known generation.
#[derive(Debug, Clone, Copy)]
pub struct Pinned<'a> {
    positions: &'a Positions,
    generation: u64,
}

impl Positions {
    pub(crate) fn new(generation: Arc<AtomicU64>) -> Self {
        Positions {
            generation,
            cache: Mutex::new(Cache::default()),
        }
    }

    /// The current generation (odd while a commit is under way).
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// A [`Pinned`] read if `before` and `after` (read around pinning the snapshot) are the
    /// same even generation.
    pub(crate) fn pinned(&self, before: u64, after: u64) -> Option<Pinned<'_>> {
        (before.is_multiple_of(2) && before == after).then_some(Pinned {
            positions: self,
            generation: before,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Pinned<'_> {
    /// Where the page at `offset` (0-based, in id order) starts, if the anchors serve this
    /// generation (built now if a list read at the same generation asked before).
    pub(crate) fn users_page_start(
        &self,
        conn: &mut DbConn,
        offset: usize,
    ) -> Result<Option<PageStart>, StoreError> {
        let mut cache = self.positions.lock();
        if let Some(a) = cache
            .users
            .as_ref()
            .filter(|a| a.generation == self.generation)
        {
            return Ok(Some(a.start(offset)));
        }
        if cache.users_wanted_at != Some(self.generation) {
            cache.users_wanted_at = Some(self.generation);
            return Ok(None);
        }
        // One pass over the id index, keeping every STRIDE-th id (not all of them).
        let mut total: usize = 0;
        let mut keys = Vec::new();
        for id in users::table
            .select(users::id)
            .order(users::id.asc())
            .load_iter::<String, DefaultLoadingMode>(conn)?
        {
            let id = id?;
            if total.is_multiple_of(STRIDE) {
                keys.push(id);
            }
            total += 1;
        }
        let anchors = Anchors {
            generation: self.generation,
            total,
            keys,
        };
        let start = anchors.start(offset);
        cache.users = Some(anchors);
        Ok(Some(start))
    }
}

impl Anchors {
    fn start(&self, offset: usize) -> PageStart {
        let Some(last) = self.keys.len().checked_sub(1) else {
            return PageStart {
                total: self.total,
                anchor: None,
                skip: 0,
            };
        };
        let i = (offset / STRIDE).min(last);
        PageStart {
            total: self.total,
            anchor: Some(self.keys[i].clone()),
            skip: offset - i * STRIDE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(total: usize) -> Anchors {
        let ids: Vec<String> = (0..total).map(|i| format!("{i:06}")).collect();
        Anchors {
            generation: 0,
            total,
            keys: ids.into_iter().step_by(STRIDE).collect(),
        }
    }

    #[test]
    fn a_page_starts_at_the_nearest_anchor_before_it() {
        let a = anchors(1300);
        assert_eq!(a.keys.len(), 3);
        let start = |o| {
            let s = a.start(o);
            (s.anchor, s.skip)
        };
        assert_eq!(start(0), (Some("000000".into()), 0));
        assert_eq!(start(511), (Some("000000".into()), 511));
        assert_eq!(start(512), (Some("000512".into()), 0));
        assert_eq!(start(1299), (Some("001024".into()), 275));
        // Past the end: from the last anchor, skipping past every row.
        assert_eq!(start(5000), (Some("001024".into()), 3976));
        assert_eq!(anchors(0).start(10).anchor, None);
    }

    #[test]
    fn only_an_even_unchanged_generation_pins() {
        let p = Positions::new(Arc::new(AtomicU64::new(0)));
        assert!(p.pinned(4, 4).is_some());
        assert!(p.pinned(5, 5).is_none());
        assert!(p.pinned(4, 6).is_none());
    }
}

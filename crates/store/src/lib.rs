//! # store
//!
//! Gatehouse persistence (PRODUCT.md §1): the diesel schema, r2d2 pools over SQLite (the
//! embedded default) or PostgreSQL (production), repositories as plain functions over
//! `&mut DbConn`, and the translation of SCIM filters into parameterised SQL.
//!
//! * [`Store`]: open by URL (`sqlite://path`, `postgres://…`), [`Store::migrate`], then
//!   [`Store::read`] (a read-only snapshot) and [`Store::write`] (one transaction, rolled
//!   back when the closure errs). SQLite writes go through a single writer connection with
//!   `BEGIN IMMEDIATE`; reads through a pool of read-only connections. r2d2 blocks: call
//!   both from a blocking context (actix `web::block`).
//! * Repositories, one module per table: [`users`], [`groups`] (membership deltas),
//!   [`roles`], [`user_access`], [`activity`], [`admins`], [`scim_settings`], [`settings`].
//! * [`filter_sql`]: SCIM filters as SQL over indexed columns, with a residual evaluated in
//!   memory by scim-core over at most [`MAX_SCAN`] rows; used by [`users::list`] and
//!   [`groups::list`] through a [`ListQuery`].
//! * [`testing::TestDb`]: a fresh SQLite file or PostgreSQL database per test.
//!
//! Lookups by a primary or unique key use `load` rather than `first`: diesel binds
//! `first()`'s `LIMIT 1` as a parameter, and SQLite treats a bound LIMIT as part of the plan,
//! so rebinding it (every call) re-prepares the statement: most of a point read's SQL cost.
//!
//! Case-insensitive values (`userName`, `displayName`, emails, role source groups,
//! administrator emails) are compared through lowercase key columns computed in Rust, so
//! both backends agree on Unicode. Timestamps are UTC, truncated to microseconds. JSON is
//! kept as TEXT.
//!
//! ```no_run
//! use store::{users, ListQuery, Store, StoreError, StoreOptions};
//! let store = Store::open("sqlite://gatehouse.db", StoreOptions::default())?;
//! store.migrate()?;
//! let filter = scim_core::filter::parse(r#"userName eq "olivia@example.com""#)
//!     .map_err(StoreError::InvalidFilter)?;
//! let (total, page) = store.read(|conn| users::list(conn, &ListQuery::page(1, 10).filtered(&filter)))?;
//! assert!(total >= page.len());
//! # Ok::<(), StoreError>(())
//! ```

pub mod activity;
pub mod admins;
mod checkpointer;
mod completion;
mod conn;
mod db_url;
mod error;
pub mod filter_sql;
pub mod groups;
mod id;
mod job_threads;
mod json;
mod list;
pub mod locks;
mod migrate;
mod pool;
pub mod positions;
pub mod roles;
pub mod schema;
pub mod scim_settings;
pub mod settings;
mod sqlite_writer;
mod store;
pub mod testing;
pub mod time;
mod tx;
pub mod user_access;
pub mod users;

pub use completion::Completion;
pub use conn::{Backend, DbConn, MultiBackend};
pub use error::StoreError;
pub use list::ListQuery;
pub use store::{Store, StoreOptions};

/// The most rows a list examines in memory (residual filter or in-memory sort) before
/// answering [`StoreError::TooMany`].
pub const MAX_SCAN: usize = 10_000;

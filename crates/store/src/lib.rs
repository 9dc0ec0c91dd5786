//! # store
//!
//! Gatehouse persistence (PRODUCT.md §1): the diesel schema, r2d2 pools over SQLite (the
//! embedded default) or PostgreSQL (production), repositories as plain functions over
//! `&mut DbConn`, and the translation of SCIM filters into parameterised SQL.
//!
//! ```no_run
//! use store::{Store, StoreError, StoreOptions};
//! let store = Store::open("sqlite://gatehouse.db", StoreOptions::default())?;
//! store.migrate()?;
//! let n = store.read(|conn| store::admins::count(conn))?;
//! # Ok::<(), StoreError>(())
//! ```

pub mod activity;
pub mod admins;
mod conn;
mod db_url;
mod error;
pub mod filter_sql;
pub mod groups;
mod id;
mod json;
mod list;
mod migrate;
mod pool;
pub mod roles;
pub mod schema;
pub mod scim_settings;
pub mod settings;
mod store;
pub mod testing;
pub mod time;
mod tx;
pub mod user_access;
pub mod users;

pub use conn::{Backend, DbConn, MultiBackend};
pub use error::StoreError;
pub use list::ListQuery;
pub use store::{Store, StoreOptions};

/// The most rows a list examines in memory (residual filter or in-memory sort) before
/// answering [`StoreError::TooMany`].
pub const MAX_SCAN: usize = 10_000;

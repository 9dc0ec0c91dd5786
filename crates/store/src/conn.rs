//! The connection type handed to repositories: one enum over both backends.
// The MultiConnection derive generates public helper types without Debug impls.
#![allow(missing_debug_implementations)]

use std::fmt;

use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;

/// A database connection, SQLite or PostgreSQL.
///
/// Repositories take `&mut DbConn`; queries built with diesel's DSL over [`MultiBackend`] run
/// on either backend. Writes the multi-backend cannot express (multi-row inserts,
/// `ON CONFLICT`) match the variant and use the inner connection.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// An SQLite connection.
    Sqlite(SqliteConnection),
    /// A PostgreSQL connection.
    Pg(PgConnection),
}

impl DbConn {
    /// The backend of this connection.
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Sqlite(_) => Backend::Sqlite,
            DbConn::Pg(_) => Backend::Postgres,
        }
    }
}

impl fmt::Debug for DbConn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbConn::{:?}", self.backend())
    }
}

/// The database backend in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite, embedded (the default).
    Sqlite,
    /// PostgreSQL (production, scale-out).
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// Runs the same code on the inner connection of either variant (each arm is type-checked
/// for its own backend): `on_inner!(conn, |c| query.execute(c))`.
macro_rules! on_inner {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::conn::DbConn::Sqlite($c) => $body,
            $crate::conn::DbConn::Pg($c) => $body,
        }
    };
}
pub(crate) use on_inner;

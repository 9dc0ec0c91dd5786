//! Transactions around the closures given to [`Store::read`](crate::Store::read) and
//! [`Store::write`](crate::Store::write).

use diesel::connection::{AnsiTransactionManager, TransactionManager};

use crate::conn::DbConn;
use crate::error::StoreError;

/// The kind of transaction to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TxKind {
    /// A consistent read-only snapshot (SQLite deferred `BEGIN`; PostgreSQL
    /// `REPEATABLE READ READ ONLY`).
    Read,
    /// A write (SQLite `BEGIN IMMEDIATE`, taking the write lock at once; PostgreSQL `BEGIN`).
    Write,
}

fn begin_sql(conn: &DbConn, kind: TxKind) -> &'static str {
    match (conn, kind) {
        (DbConn::Sqlite(_), TxKind::Read) => "BEGIN DEFERRED",
        (DbConn::Sqlite(_), TxKind::Write) => "BEGIN IMMEDIATE",
        (DbConn::Pg(_), TxKind::Read) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        (DbConn::Pg(_), TxKind::Write) => "BEGIN",
    }
}

/// Runs `f` in one transaction: committed when it returns `Ok`, rolled back when it errs.
///
/// The transaction is opened on the inner connection, so nested `conn.transaction(..)` calls
/// inside `f` become savepoints as usual.
pub(crate) fn run<T, E, F>(conn: &mut DbConn, kind: TxKind, f: F) -> Result<T, E>
where
    E: From<StoreError>,
    F: FnOnce(&mut DbConn) -> Result<T, E>,
{
    let sql = begin_sql(conn, kind);
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, sql),
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction_sql(c, sql),
    }
    .map_err(|e| E::from(StoreError::from(e)))?;
    match f(conn) {
        Ok(value) => {
            let committed = match conn {
                DbConn::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
                DbConn::Pg(c) => AnsiTransactionManager::commit_transaction(c),
            };
            committed.map_err(|e| E::from(StoreError::from(e)))?;
            Ok(value)
        }
        Err(err) => {
            // A failed rollback marks the connection broken; the pool then discards it.
            let _ = match conn {
                DbConn::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
                DbConn::Pg(c) => AnsiTransactionManager::rollback_transaction(c),
            };
            Err(err)
        }
    }
}

//! Transactions around the closures given to [`Store::read`](crate::Store::read) and
//! [`Store::write`](crate::Store::write).

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::DatabaseErrorKind;

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

/// Opens a `kind` transaction on `conn`.
pub(crate) fn begin(conn: &mut DbConn, kind: TxKind) -> Result<(), diesel::result::Error> {
    let sql = begin_sql(conn, kind);
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, sql),
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction_sql(c, sql),
    }
}

/// Whether `e` says the connection itself is gone (the server closed it, or it cannot be
/// sent a command): a new connection may succeed where this one failed.
pub(crate) fn is_lost_connection(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _
        )
    )
}

/// Runs `f` in the transaction [`begin`] opened, then commits it (`f` returned `Ok`) or rolls
/// it back (`f` erred). The transaction is opened on the inner connection, so nested
/// `conn.transaction(..)` calls inside `f` become savepoints as usual.
pub(crate) fn finish<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    E: From<StoreError>,
    F: FnOnce(&mut DbConn) -> Result<T, E>,
{
    match f(conn) {
        Ok(value) => {
            commit(conn).map_err(E::from)?;
            Ok(value)
        }
        Err(err) => {
            // A failed rollback marks the connection broken; the pool then discards it.
            let _ = rollback(conn);
            Err(err)
        }
    }
}

/// Opens a savepoint inside the open transaction.
pub(crate) fn savepoint(conn: &mut DbConn) -> Result<(), StoreError> {
    Ok(match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction(c),
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c),
    }?)
}

/// Commits the transaction, or releases the innermost savepoint.
pub(crate) fn commit(conn: &mut DbConn) -> Result<(), StoreError> {
    Ok(match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
        DbConn::Pg(c) => AnsiTransactionManager::commit_transaction(c),
    }?)
}

/// Rolls the transaction back, or back to the innermost savepoint.
pub(crate) fn rollback(conn: &mut DbConn) -> Result<(), StoreError> {
    Ok(match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        DbConn::Pg(c) => AnsiTransactionManager::rollback_transaction(c),
    }?)
}

//! Embedded migrations, one set per backend (same version names, different SQL).

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::conn::DbConn;
use crate::error::StoreError;

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// An arbitrary constant: the PostgreSQL advisory lock that serialises concurrent
/// `migrate` calls from several processes.
const PG_MIGRATION_LOCK: i64 = 0x6761_7465_686f;

fn migration_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Migration(e.to_string())
}

/// Applies every pending migration of the connection's backend; returns the versions applied.
pub(crate) fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, StoreError> {
    match conn {
        DbConn::Sqlite(c) => {
            // One IMMEDIATE transaction around them all (each migration becomes a
            // savepoint): a second process waits, then finds nothing pending.
            AnsiTransactionManager::begin_transaction_sql(&mut *c, "BEGIN IMMEDIATE")?;
            let applied = c
                .run_pending_migrations(SQLITE)
                .map(|v| v.iter().map(ToString::to_string).collect::<Vec<_>>())
                .map_err(migration_error);
            match applied {
                Ok(v) => {
                    AnsiTransactionManager::commit_transaction(&mut *c)?;
                    Ok(v)
                }
                Err(e) => {
                    let _ = AnsiTransactionManager::rollback_transaction(&mut *c);
                    Err(e)
                }
            }
        }
        DbConn::Pg(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))?;
            let applied = c
                .run_pending_migrations(POSTGRES)
                .map(|v| v.iter().map(ToString::to_string).collect())
                .map_err(migration_error);
            let unlocked =
                c.batch_execute(&format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"));
            let applied = applied?;
            unlocked?;
            Ok(applied)
        }
    }
}

/// Whether migrations remain to be applied.
pub(crate) fn has_pending(conn: &mut DbConn) -> Result<bool, StoreError> {
    match conn {
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE),
        DbConn::Pg(c) => c.has_pending_migration(POSTGRES),
    }
    .map_err(migration_error)
}

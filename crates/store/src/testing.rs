//! Throw-away databases for tests (this crate's and the portal's).
//!
//! ```no_run
//! use store::testing::TestDb;
//! for db in TestDb::all().unwrap() {
//!     let store = db.open().unwrap();
//!     // ... exercise `store` on db.backend() ...
//! }
//! ```

use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::Connection;

use crate::conn::Backend;
use crate::error::StoreError;
use crate::store::{Store, StoreOptions};

/// The PostgreSQL server used when `GATEHOUSE_TEST_PG_URL` is not set.
pub const DEFAULT_TEST_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A fresh, empty database that is deleted when dropped.
#[derive(Debug)]
pub struct TestDb {
    backend: Backend,
    url: String,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Files(PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDb {
    /// A new SQLite file under the system temporary directory (removed with its `-wal` and
    /// `-shm` files on drop).
    pub fn sqlite() -> TestDb {
        let path =
            std::env::temp_dir().join(format!("gh_test_{}.db", uuid::Uuid::now_v7().simple()));
        let shown = path.to_string_lossy();
        let url = if shown.starts_with('/') {
            format!("sqlite://{shown}")
        } else {
            format!("sqlite:///{shown}")
        };
        TestDb {
            backend: Backend::Sqlite,
            url,
            cleanup: Cleanup::Files(path),
        }
    }

    /// A new database `gh_test_<uuid>` on the server of `GATEHOUSE_TEST_PG_URL` (default
    /// [`DEFAULT_TEST_PG_URL`]), dropped `WITH (FORCE)` on drop.
    ///
    /// When the server cannot be reached: `Ok(None)` after printing a note (tests skip), or
    /// an error when `GATEHOUSE_REQUIRE_PG` is set.
    pub fn postgres() -> Result<Option<TestDb>, StoreError> {
        let admin_url =
            std::env::var("GATEHOUSE_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_TEST_PG_URL.into());
        let required = std::env::var_os("GATEHOUSE_REQUIRE_PG").is_some();
        let mut admin = match PgConnection::establish(&admin_url) {
            Ok(c) => c,
            Err(e) if !required => {
                eprintln!("note: PostgreSQL unreachable ({e}); skipping the PostgreSQL run");
                return Ok(None);
            }
            Err(e) => {
                return Err(StoreError::Pool(format!(
                    "GATEHOUSE_REQUIRE_PG is set but PostgreSQL is unreachable: {e}"
                )))
            }
        };
        let name = format!("gh_test_{}", uuid::Uuid::now_v7().simple());
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let url = with_database(&admin_url, &name)?;
        Ok(Some(TestDb {
            backend: Backend::Postgres,
            url,
            cleanup: Cleanup::Database { admin_url, name },
        }))
    }

    /// A fresh SQLite database, then a fresh PostgreSQL one when the server is reachable
    /// (see [`TestDb::postgres`]): run a test body once per backend.
    pub fn all() -> Result<Vec<TestDb>, StoreError> {
        let mut dbs = vec![TestDb::sqlite()];
        dbs.extend(TestDb::postgres()?);
        Ok(dbs)
    }

    /// The database URL, for [`Store::open`] or the program under test.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Opens and migrates a [`Store`] on this database, with small pools.
    pub fn open(&self) -> Result<Store, StoreError> {
        let store = Store::open(
            &self.url,
            StoreOptions {
                pg_pool_size: 10,
                sqlite_readers: 4,
                ..StoreOptions::default()
            },
        )?;
        store.migrate()?;
        Ok(store)
    }
}

/// `admin_url` with its database name replaced by `name` (the query string is kept).
fn with_database(admin_url: &str, name: &str) -> Result<String, StoreError> {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    let after_scheme = base
        .find("://")
        .map(|i| i + 3)
        .ok_or_else(|| StoreError::InvalidUrl("GATEHOUSE_TEST_PG_URL has no scheme".into()))?;
    let authority_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let mut url = format!("{}/{name}", &base[..authority_end]);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    Ok(url)
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Files(path) => {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::Database { admin_url, name } => {
                let dropped = PgConnection::establish(admin_url)
                    .map_err(|e| e.to_string())
                    .and_then(|mut c| {
                        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .map_err(|e| e.to_string())
                    });
                if let Err(e) = dropped {
                    eprintln!("note: could not drop test database {name}: {e}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_name_and_keeps_the_query() {
        assert_eq!(
            with_database("postgres://u@h:5432/test?sslmode=disable", "x").unwrap(),
            "postgres://u@h:5432/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgresql://h", "x").unwrap(),
            "postgresql://h/x"
        );
    }

    #[test]
    fn sqlite_files_are_removed_on_drop() {
        let db = TestDb::sqlite();
        let store = db.open().unwrap();
        drop(store);
        let path = match &db.cleanup {
            Cleanup::Files(p) => p.clone(),
            Cleanup::Database { .. } => unreachable!(),
        };
        assert!(path.exists());
        drop(db);
        assert!(!path.exists());
    }
}

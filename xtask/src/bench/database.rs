//! Fresh, throw-away databases for one load run: a SQLite file under the target dir, or a
//! PostgreSQL database `gh_bench_<pid>` created and dropped with `psql`.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::Command;

use crate::pg;

/// A database that is removed on drop.
#[derive(Debug)]
pub enum BenchDb {
    /// A SQLite file (and its `-wal`/`-shm` companions).
    Sqlite {
        /// The file.
        path: PathBuf,
    },
    /// A PostgreSQL database on the test server.
    Postgres {
        /// A URL of a database that already exists there, used to create and drop ours.
        admin_url: String,
        /// Our database's name.
        name: String,
    },
}

impl BenchDb {
    /// A new SQLite file in `dir`.
    pub fn sqlite(dir: &std::path::Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(format!("gh-bench-{}.db", std::process::id()));
        remove_sqlite(&path);
        Ok(Self::Sqlite { path })
    }

    /// A new database `gh_bench_<pid>` on the PostgreSQL server of `pg::url()`.
    pub fn postgres() -> Result<Self> {
        let admin_url = pg::url();
        if !pg::answers(&admin_url) {
            bail!(
                "PostgreSQL does not answer at {admin_url}: start it, set GATEHOUSE_TEST_PG_URL, \
                 or run with --backend sqlite"
            );
        }
        let name = format!("gh_bench_{}", std::process::id());
        psql(&admin_url, &format!("DROP DATABASE IF EXISTS {name}"))?;
        psql(&admin_url, &format!("CREATE DATABASE {name}"))?;
        Ok(Self::Postgres { admin_url, name })
    }

    /// Text in the command line of the PostgreSQL backends serving this database.
    pub fn process_marker(&self) -> Option<String> {
        match self {
            Self::Sqlite { .. } => None,
            Self::Postgres { name, .. } => Some(format!(" {name} ")),
        }
    }

    /// The `GATEHOUSE_DATABASE_URL` for this database.
    pub fn url(&self) -> String {
        match self {
            Self::Sqlite { path } => format!("sqlite://{}", path.display()),
            Self::Postgres { admin_url, name } => with_database(admin_url, name),
        }
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        match self {
            Self::Sqlite { path } => remove_sqlite(path),
            Self::Postgres { admin_url, name } => {
                if let Err(e) = psql(
                    admin_url,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ) {
                    eprintln!("warning: could not drop database {name}: {e:#}");
                }
            }
        }
    }
}

fn remove_sqlite(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn psql(url: &str, sql: &str) -> Result<()> {
    let out = Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        .output()
        .context("could not run psql (Debian: apt-get install -y postgresql-client)")?;
    if !out.status.success() {
        bail!(
            "psql `{sql}` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// `url` with its database name replaced by `db` (query string kept).
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{db}{query}", &base[..host_end])
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn swaps_the_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "gh_bench_1"),
            "postgres://postgres@127.0.0.1:5432/gh_bench_1"
        );
        assert_eq!(
            with_database("postgres://u:p@db", "x"),
            "postgres://u:p@db/x"
        );
        assert_eq!(
            with_database("postgres://u@db:5433/a?sslmode=require", "x"),
            "postgres://u@db:5433/x?sslmode=require"
        );
    }
}

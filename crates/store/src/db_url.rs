//! Database URLs: which backend, and what to hand to it.

use crate::conn::Backend;
use crate::error::StoreError;

/// Where the database lives, parsed from a URL.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum DbTarget {
    /// An SQLite file at this path.
    Sqlite(String),
    /// A PostgreSQL server, as a libpq connection URL.
    Postgres(String),
}

impl std::fmt::Debug for DbTarget {
    // Never print a PostgreSQL URL: it may hold a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbTarget::Sqlite(path) => write!(f, "Sqlite({path:?})"),
            DbTarget::Postgres(_) => f.write_str("Postgres(..)"),
        }
    }
}

impl DbTarget {
    /// Parses `sqlite://relative/path`, `sqlite:///absolute/path`, `postgres://…` or
    /// `postgresql://…`. The scheme is case-insensitive.
    pub(crate) fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            StoreError::InvalidUrl("expected sqlite://PATH or postgres://…".into())
        })?;
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => {
                let path = rest.split(['?', '#']).next().unwrap_or_default();
                if path.is_empty() {
                    return Err(StoreError::InvalidUrl("sqlite:// needs a file path".into()));
                }
                Ok(DbTarget::Sqlite(path.to_owned()))
            }
            "postgres" | "postgresql" => {
                if rest.is_empty() {
                    return Err(StoreError::InvalidUrl("postgres:// needs a host".into()));
                }
                Ok(DbTarget::Postgres(url.to_owned()))
            }
            other => Err(StoreError::InvalidUrl(format!(
                "unknown scheme {other:?}; expected sqlite:// or postgres://"
            ))),
        }
    }

    /// The backend this target uses.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            DbTarget::Sqlite(_) => Backend::Sqlite,
            DbTarget::Postgres(_) => Backend::Postgres,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_relative_and_absolute_paths() {
        assert_eq!(
            DbTarget::parse("sqlite://gatehouse.db").unwrap(),
            DbTarget::Sqlite("gatehouse.db".into())
        );
        assert_eq!(
            DbTarget::parse("sqlite://data/g.db").unwrap(),
            DbTarget::Sqlite("data/g.db".into())
        );
        assert_eq!(
            DbTarget::parse("SQLITE:///var/lib/g.db").unwrap(),
            DbTarget::Sqlite("/var/lib/g.db".into())
        );
    }

    #[test]
    fn postgres_urls_are_kept_whole() {
        let url = "postgresql://u:p@db:5432/gh?sslmode=require";
        assert_eq!(
            DbTarget::parse(url).unwrap(),
            DbTarget::Postgres(url.into())
        );
        assert_eq!(
            DbTarget::parse("postgres://h/db").unwrap().backend(),
            Backend::Postgres
        );
    }

    #[test]
    fn refuses_other_schemes_and_empty_paths() {
        assert!(matches!(
            DbTarget::parse("mysql://x/y"),
            Err(StoreError::InvalidUrl(_))
        ));
        assert!(DbTarget::parse("sqlite://").is_err());
        assert!(DbTarget::parse("gatehouse.db").is_err());
        assert!(DbTarget::parse("postgres://").is_err());
    }

    #[test]
    fn debug_hides_postgres_credentials() {
        let t = DbTarget::parse("postgres://u:secret@h/db").unwrap();
        assert!(!format!("{t:?}").contains("secret"));
    }
}

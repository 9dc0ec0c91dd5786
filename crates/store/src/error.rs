//! The one error type of the store.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Everything that can go wrong in the store.
///
/// The portal maps these to HTTP answers: [`StoreError::NotFound`] → 404,
/// [`StoreError::Conflict`] → 409 (`uniqueness`), [`StoreError::VersionConflict`] → 409/412,
/// [`StoreError::UnknownMember`] → 400, [`StoreError::TooMany`] → 400 (`tooMany`),
/// [`StoreError::InvalidFilter`] → 400 (`invalidFilter`), the rest → 500.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No row has this id.
    #[error("{entity} {id} not found")]
    NotFound {
        /// What was looked for (`user`, `group`, `role`, ...).
        entity: &'static str,
        /// The id (or key) looked up.
        id: String,
    },
    /// A unique constraint refused the write.
    #[error("{field} is already taken")]
    Conflict {
        /// The API field whose value must be unique (`userName`, `email`, `source_group`, ...).
        field: String,
    },
    /// The row changed since the caller read it (its version is not the one expected).
    #[error("{entity} {id} was modified concurrently (expected version {expected})")]
    VersionConflict {
        /// What was updated.
        entity: &'static str,
        /// Its id.
        id: String,
        /// The version the caller expected.
        expected: i64,
    },
    /// A group membership names a user that does not exist.
    #[error("no user has id {id}")]
    UnknownMember {
        /// The unknown user id.
        id: String,
    },
    /// A filter that cannot be served from indexes would scan more rows than allowed.
    #[error("the filter would examine more than {limit} resources; narrow it down")]
    TooMany {
        /// The most candidate rows examined in memory.
        limit: usize,
    },
    /// The filter cannot be evaluated against the resource schema (400 `invalidFilter`).
    #[error(transparent)]
    InvalidFilter(#[from] scim_core::filter::FilterError),
    /// The database URL is not one the store understands.
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// A stored or given value cannot be converted (bad JSON, bad timestamp, ...).
    #[error("invalid data: {0}")]
    InvalidData(String),
    /// The database answered with an error.
    #[error("database error: {0}")]
    Database(String),
    /// No connection could be obtained or established.
    #[error("connection pool error: {0}")]
    Pool(String),
    /// Running the migrations failed.
    #[error("migration failed: {0}")]
    Migration(String),
}

impl StoreError {
    /// The same error again, for each of several writes it ended (the variant is kept for
    /// pool and database errors; the others become [`StoreError::Database`] with the same
    /// text).
    pub(crate) fn repeat(&self) -> StoreError {
        match self {
            StoreError::Pool(m) => StoreError::Pool(m.clone()),
            StoreError::Database(m) => StoreError::Database(m.clone()),
            other => StoreError::Database(other.to_string()),
        }
    }

    /// Whether this is a unique-constraint violation ([`StoreError::Conflict`]).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Conflict { .. })
    }

    /// Whether this is [`StoreError::NotFound`].
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::NotFound { .. })
    }

    /// A [`StoreError::NotFound`] for `entity` `id`.
    pub fn not_found(entity: &'static str, id: impl Into<String>) -> Self {
        StoreError::NotFound {
            entity,
            id: id.into(),
        }
    }

    /// Maps a diesel error, naming the API field of a unique violation through `fields`:
    /// pairs of (text found in the constraint name or message, field name).
    pub(crate) fn from_diesel_with(err: DieselError, fields: &[(&str, &str)]) -> Self {
        if let DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) = &err {
            let constraint = info.constraint_name().unwrap_or_default();
            let message = info.message();
            let field = fields
                .iter()
                .find(|(needle, _)| constraint.contains(needle) || message.contains(needle))
                .map_or_else(
                    || constraint_or_message(constraint, message),
                    |(_, f)| (*f).to_owned(),
                );
            return StoreError::Conflict { field };
        }
        StoreError::from(err)
    }
}

fn constraint_or_message(constraint: &str, message: &str) -> String {
    if constraint.is_empty() {
        message.to_owned()
    } else {
        constraint.to_owned()
    }
}

impl From<DieselError> for StoreError {
    fn from(err: DieselError) -> Self {
        match err {
            DieselError::NotFound => StoreError::NotFound {
                entity: "row",
                id: String::new(),
            },
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                StoreError::Conflict {
                    field: constraint_or_message(
                        info.constraint_name().unwrap_or_default(),
                        info.message(),
                    ),
                }
            }
            other => StoreError::Database(other.to_string()),
        }
    }
}

impl From<r2d2::Error> for StoreError {
    fn from(err: r2d2::Error) -> Self {
        StoreError::Pool(err.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> Self {
        StoreError::InvalidData(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diesel_not_found_becomes_not_found() {
        assert!(StoreError::from(DieselError::NotFound).is_not_found());
    }

    #[test]
    fn other_diesel_errors_keep_their_message() {
        let e = StoreError::from(DieselError::RollbackTransaction);
        assert!(matches!(e, StoreError::Database(ref m) if m.contains("rollback")));
        assert!(!e.is_unique_violation());
    }
}

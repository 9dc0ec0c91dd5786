//! Process-independent settings kept in the database.

use store::{Store, StoreError};

/// The settings key of the generated session secret.
pub const SESSION_SECRET_KEY: &str = "session_secret";

/// The session secret: generated once (64 random bytes) and shared by every process using
/// this database.
pub fn session_secret(store: &Store) -> Result<String, StoreError> {
    store.write(|conn| {
        store::settings::get_or_insert(conn, SESSION_SECRET_KEY, || super::secret::random_token(64))
    })
}

//! Local administrators: created from the CLI (or first-run setup), signed in with a password.

use store::{Store, StoreError};

use super::password;

/// Why an administrator could not be created or signed in.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The email is not a plausible address.
    #[error("{0:?} is not an email address")]
    InvalidEmail(String),
    /// The password is too short.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    /// Hashing failed.
    #[error(transparent)]
    Hash(#[from] password::HashError),
    /// The store failed (a duplicate email is `StoreError::Conflict`).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
}

/// Creates a local administrator; returns its id.
pub fn create(store: &Store, email: &str, password: &str) -> Result<String, AdminError> {
    let email = email.trim();
    if !plausible_email(email) {
        return Err(AdminError::InvalidEmail(email.to_owned()));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AdminError::WeakPassword);
    }
    let hash = password::hash(password)?;
    let admin = store.write(|conn| store::admins::insert(conn, email, &hash))?;
    Ok(admin.id)
}

/// The administrator's id if `email`/`password` match; `None` otherwise. Takes the same
/// time whether or not the email exists.
pub fn verify(store: &Store, email: &str, password: &str) -> Result<Option<String>, StoreError> {
    let admin = store.read(|conn| store::admins::find_by_email(conn, email.trim()))?;
    match admin {
        Some(a) if password::verify(password, &a.password_hash) => Ok(Some(a.id)),
        Some(_) => Ok(None),
        None => {
            let _ = password::verify(password, password::dummy_hash());
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plausible_email;

    #[test]
    fn email_plausibility() {
        assert!(plausible_email("a@example.com"));
        assert!(!plausible_email("a@localhost"));
        assert!(!plausible_email("@example.com"));
        assert!(!plausible_email("a b@example.com"));
    }
}

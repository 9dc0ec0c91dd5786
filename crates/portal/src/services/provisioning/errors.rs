//! Store errors as SCIM errors.

use scim_core::{ScimError, ScimType};
use store::StoreError;

/// The SCIM answer for a store error. Internal failures are reported without their detail
/// (which is logged): bad input never gets a 500, and a 500 never leaks internals.
pub fn scim_error(e: StoreError) -> ScimError {
    match e {
        StoreError::NotFound { entity, id } => {
            let entity = match entity {
                "user" => "User",
                "group" => "Group",
                other => other,
            };
            ScimError::not_found(format!("{entity} {id} not found"))
        }
        StoreError::Conflict { field } => ScimError::uniqueness(format!("{field} is already in use by another resource")),
        StoreError::VersionConflict { entity, id, .. } => ScimError::precondition_failed(format!(
            "{entity} {id} has changed: its version no longer matches If-Match"
        )),
        StoreError::UnknownMember { id } => {
            ScimError::bad_request(ScimType::InvalidValue, format!("member {id} is not a user known to Gatehouse"))
        }
        StoreError::TooMany { limit } => ScimError::bad_request(
            ScimType::TooMany,
            format!("the filter would examine more than {limit} resources; narrow it down with userName, externalId, displayName, emails or meta dates"),
        ),
        StoreError::InvalidFilter(e) => e.into(),
        StoreError::InvalidData(detail) => ScimError::bad_request(ScimType::InvalidValue, detail),
        other => {
            eprintln!("gatehouse: internal error: {other}");
            ScimError::new(500, None, "internal error; the change was not applied")
        }
    }
}

/// An error inside a provisioning transaction: a protocol error, or one from the store.
/// `Store::write` needs an error type that a `StoreError` converts into.
#[derive(Debug)]
pub enum Fail {
    /// A SCIM protocol error (bad input, not found, ...).
    Scim(ScimError),
    /// A store error, mapped by [`scim_error`] at the end.
    Store(StoreError),
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Store(e)
    }
}

impl From<ScimError> for Fail {
    fn from(e: ScimError) -> Self {
        Fail::Scim(e)
    }
}

impl From<Fail> for ScimError {
    fn from(f: Fail) -> Self {
        match f {
            Fail::Scim(e) => e,
            Fail::Store(e) => scim_error(e),
        }
    }
}

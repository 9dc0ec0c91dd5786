//! Group-based roles (Task B): an ordered list, edited by administrators. Every change is one
//! transaction that also recomputes the access of the users it affects and logs each change.

use permissions::{validate_role, Role, RoleError};
use serde::Serialize;
use store::{Store, StoreError};

use super::access;
use super::activity::Initiator;

/// A stored role as the API shows it: `{"id", "source_group", "is_default", "permissions", "scope"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleView {
    /// The role's id.
    pub id: String,
    /// The role itself.
    #[serde(flatten)]
    pub role: Role,
}

/// Why a role change was refused.
#[derive(Debug, thiserror::Error)]
pub enum RoleChangeError {
    /// A field is invalid (the error names it).
    #[error(transparent)]
    Invalid(#[from] RoleError),
    /// Another role has this source group (compared case-insensitively).
    #[error("source_group: another role already maps the group {0:?}")]
    Duplicate(String),
    /// The store failed (unknown id: `StoreError::NotFound`).
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for RoleChangeError {
    fn from(e: StoreError) -> Self {
        RoleChangeError::Store(e)
    }
}

/// Which way to move a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards the top of the list (applies before the roles below it).
    Up,
    /// Towards the bottom.
    Down,
}

fn duplicate_or(e: StoreError, group: &str) -> RoleChangeError {
    if e.is_unique_violation() {
        RoleChangeError::Duplicate(group.to_owned())
    } else {
        RoleChangeError::Store(e)
    }
}

/// The ordered list.
pub fn list(store: &Store) -> Result<Vec<RoleView>, StoreError> {
    store.read(|conn| {
        Ok(store::roles::list(conn)?
            .into_iter()
            .map(|r| RoleView {
                id: r.id,
                role: r.role,
            })
            .collect())
    })
}

/// Appends a role; returns it with its id.
pub fn create(store: &Store, role: &Role, who: &Initiator) -> Result<RoleView, RoleChangeError> {
    let role = validate_role(role)?;
    store.write(|conn| {
        access::lock_roles(conn)?;
        let record =
            store::roles::insert(conn, &role).map_err(|e| duplicate_or(e, &role.source_group))?;
        access::recompute_all(conn, who)?;
        Ok(RoleView {
            id: record.id,
            role: record.role,
        })
    })
}

/// Replaces a role (keeping its position).
pub fn update(
    store: &Store,
    id: &str,
    role: &Role,
    who: &Initiator,
) -> Result<RoleView, RoleChangeError> {
    let role = validate_role(role)?;
    store.write(|conn| {
        access::lock_roles(conn)?;
        let record = store::roles::update(conn, id, &role)
            .map_err(|e| duplicate_or(e, &role.source_group))?;
        access::recompute_all(conn, who)?;
        Ok(RoleView {
            id: record.id,
            role: record.role,
        })
    })
}

/// Deletes a role.
pub fn delete(store: &Store, id: &str, who: &Initiator) -> Result<(), RoleChangeError> {
    store.write(|conn| {
        access::lock_roles(conn)?;
        store::roles::delete(conn, id)?;
        access::recompute_all(conn, who)?;
        Ok(())
    })
}

/// Moves a role one place up or down (a no-op at either end); returns the new list.
pub fn move_role(
    store: &Store,
    id: &str,
    direction: Direction,
    who: &Initiator,
) -> Result<Vec<RoleView>, RoleChangeError> {
    store.write(|conn| {
        access::lock_roles(conn)?;
        let direction = match direction {
            Direction::Up => store::roles::Direction::Up,
            Direction::Down => store::roles::Direction::Down,
        };
        store::roles::move_role(conn, id, direction)?;
        access::recompute_all(conn, who)?;
        Ok(store::roles::list(conn)?
            .into_iter()
            .map(|r| RoleView {
                id: r.id,
                role: r.role,
            })
            .collect())
    })
}

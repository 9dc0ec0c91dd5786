//! A group-based role as an administrator defines it (PRODUCT.md §5, §8).

use serde::{Deserialize, Serialize};

use crate::{Permissions, Scope};

/// A group-based role as an administrator defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The IdP group (SCIM group `displayName`) whose members get this role.
    pub source_group: String,
    /// Whether this role applies to users who match no role's group.
    pub is_default: bool,
    /// The permissions granted.
    pub permissions: Permissions,
    /// The records visible.
    pub scope: Scope,
}

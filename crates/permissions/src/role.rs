//! Roles, permissions and scopes: the data an administrator edits (PRODUCT.md §5, §8).

use serde::{Deserialize, Serialize};

/// What a person may see and do in the portal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permissions {
    /// Manage portal users (Logins ▸ User Logins).
    pub users: bool,
    /// Modify settings (and import endpoint data).
    pub settings: bool,
    /// View the inventory.
    pub inventory: bool,
    /// View and approve requests.
    pub requests: bool,
    /// View the audit log.
    pub auditlog: bool,
    /// View reports.
    pub reports: bool,
}

impl Permissions {
    /// Every permission granted.
    pub const ALL: Permissions = Permissions {
        users: true,
        settings: true,
        inventory: true,
        requests: true,
        auditlog: true,
        reports: true,
    };

    /// No permission granted.
    pub const NONE: Permissions = Permissions {
        users: false,
        settings: false,
        inventory: false,
        requests: false,
        auditlog: false,
        reports: false,
    };
}

/// Which endpoint records a person may see (PRODUCT.md §5 "Scope").
///
/// Empty lists do not restrict; a non-empty list requires membership in one of its entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Whether Mac computers (and their users' records) are visible.
    pub manage_mac: bool,
    /// The end user must be in one of these groups.
    #[serde(default)]
    pub end_user_groups: Vec<String>,
    /// The end user must be in one of these OUs (or an OU nested below one).
    #[serde(default)]
    pub end_user_ous: Vec<String>,
    /// The computer must be in one of these groups.
    #[serde(default)]
    pub computer_groups: Vec<String>,
    /// The computer must be in one of these OUs (or an OU nested below one).
    #[serde(default)]
    pub computer_ous: Vec<String>,
}

impl Scope {
    /// The unrestricted scope: Macs included, no group or OU condition.
    pub fn all() -> Self {
        Scope {
            manage_mac: true,
            end_user_groups: Vec::new(),
            end_user_ous: Vec::new(),
            computer_groups: Vec::new(),
            computer_ous: Vec::new(),
        }
    }
}

impl Default for Scope {
    fn default() -> Self {
        Self::all()
    }
}

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

//! The portal features a role grants (PRODUCT.md §5).

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

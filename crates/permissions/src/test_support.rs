//! Fixtures shared by the unit tests: the manual's example roles (Task B).

use crate::{Permissions, Role, Scope};

/// Default (default: Inventory, Requests, Auditlog, Reports), ServerSupport (Inventory,
/// Requests, Auditlog, Reports), WindowsAdministrators (everything, no Macs) and Data
/// (Inventory, Auditlog, Reports), in that order.
pub(crate) fn manual_roles() -> Vec<Role> {
    let perms = |users, settings, inventory, requests, auditlog, reports| Permissions {
        users,
        settings,
        inventory,
        requests,
        auditlog,
        reports,
    };
    let role = |group: &str, is_default, permissions, scope| Role {
        source_group: group.into(),
        is_default,
        permissions,
        scope,
    };
    let no_mac = Scope {
        manage_mac: false,
        ..Scope::all()
    };
    vec![
        role(
            "Default",
            true,
            perms(false, false, true, true, true, true),
            Scope::all(),
        ),
        role(
            "ServerSupport",
            false,
            perms(false, false, true, true, true, true),
            Scope::all(),
        ),
        role("WindowsAdministrators", false, Permissions::ALL, no_mac),
        role(
            "Data",
            false,
            perms(false, false, true, false, true, true),
            Scope::all(),
        ),
    ]
}

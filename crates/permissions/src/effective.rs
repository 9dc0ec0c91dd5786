//! A user's effective access: what resolution decided, in the form stored per user and
//! shown by `GET /api/v1/me` and `GET /api/v1/users` (fields `role`, `permissions`, `scope`).

use serde::{Deserialize, Serialize};

use crate::{Permissions, Role, Scope};

/// The `role` text of a user who has full access because no role exists.
pub const FULL_ACCESS: &str = "full access";

/// What a user may do and see after role resolution.
///
/// JSON: `{"role": "Data" | "full access" | null, "permissions": {…}, "scope": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectiveAccess {
    /// The applied role's source group, [`FULL_ACCESS`], or `None` for no access.
    pub role: Option<String>,
    /// The permissions granted.
    pub permissions: Permissions,
    /// The endpoint records visible. Without access it is irrelevant (nothing is permitted)
    /// and kept at [`Scope::all`].
    pub scope: Scope,
}

impl EffectiveAccess {
    /// Complete access: no role exists.
    pub fn full() -> Self {
        EffectiveAccess {
            role: Some(FULL_ACCESS.to_owned()),
            permissions: Permissions::ALL,
            scope: Scope::all(),
        }
    }

    /// No access: roles exist but none applies.
    pub fn none() -> Self {
        EffectiveAccess {
            role: None,
            permissions: Permissions::NONE,
            scope: Scope::all(),
        }
    }

    /// The access `role` grants.
    pub fn of_role(role: &Role) -> Self {
        EffectiveAccess {
            role: Some(role.source_group.clone()),
            permissions: role.permissions,
            scope: role.scope.clone(),
        }
    }

    /// Whether the user has any access at all (a role applies, or full access).
    pub fn has_access(&self) -> bool {
        self.role.is_some()
    }
}

impl From<crate::Access<'_>> for EffectiveAccess {
    fn from(access: crate::Access<'_>) -> Self {
        access.effective()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::manual_roles;

    #[test]
    fn serialises_as_the_api_shows_it() {
        let data = &manual_roles()[3];
        let json = serde_json::to_value(EffectiveAccess::of_role(data)).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "role": "Data",
                "permissions": {"users": false, "settings": false, "inventory": true,
                                "requests": false, "auditlog": true, "reports": true},
                "scope": {"manage_mac": true, "end_user_groups": [], "end_user_ous": [],
                          "computer_groups": [], "computer_ous": []}
            })
        );
        let none = serde_json::to_value(EffectiveAccess::none()).unwrap_or_default();
        assert_eq!(none["role"], serde_json::Value::Null);
        let full = serde_json::to_value(EffectiveAccess::full()).unwrap_or_default();
        assert_eq!(full["role"], "full access");
    }

    #[test]
    fn round_trips_through_json() {
        let access = EffectiveAccess::of_role(&manual_roles()[2]);
        let text = serde_json::to_string(&access).unwrap_or_default();
        let back: Result<EffectiveAccess, _> = serde_json::from_str(&text);
        assert_eq!(back.ok(), Some(access));
    }

    #[test]
    fn full_grants_everything_and_none_nothing() {
        assert_eq!(EffectiveAccess::full().permissions, Permissions::ALL);
        assert!(EffectiveAccess::full().has_access());
        assert_eq!(EffectiveAccess::none().permissions, Permissions::NONE);
        assert!(!EffectiveAccess::none().has_access());
    }
}

//! Which role applies to a user (PRODUCT.md §5 "Resolution").
//!
//! The first role in list order whose source group is one of the user's groups applies;
//! else the default role; else, when no role exists at all, full access; else no access.

use crate::group::group_key;
use crate::key_table::KeyTable;
use crate::{EffectiveAccess, Role};

/// How a role came to apply to a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleMatch {
    /// The user is a member of the role's source group.
    Group,
    /// The user matched no role's group and this is the default role.
    Default,
}

/// The outcome of role resolution for one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access<'r> {
    /// A role applies.
    Role {
        /// Position of the role in the ordered list.
        index: usize,
        /// The role itself.
        role: &'r Role,
        /// Whether it applies through group membership or as the default.
        matched: RoleMatch,
    },
    /// No role exists at all: every user has complete access.
    Full,
    /// Roles exist, but none applies and there is no default role.
    None,
}

impl Access<'_> {
    /// The position of the applied role, if a role applies.
    pub fn role_index(&self) -> Option<usize> {
        match self {
            Access::Role { index, .. } => Some(*index),
            Access::Full | Access::None => None,
        }
    }

    /// What this outcome lets the user do and see (stored per user, shown by the API).
    pub fn effective(&self) -> EffectiveAccess {
        match self {
            Access::Role { role, .. } => EffectiveAccess::of_role(role),
            Access::Full => EffectiveAccess::full(),
            Access::None => EffectiveAccess::none(),
        }
    }
}

/// The ordered roles prepared for resolving many users: role names are normalised once.
///
/// Build it once per change of the role list, then call [`RoleIndex::resolve`] per user.
///
/// ```
/// use permissions::{Access, Permissions, Role, RoleIndex, Scope};
///
/// let role = |group: &str, is_default| Role {
///     source_group: group.into(),
///     is_default,
///     permissions: Permissions::NONE,
///     scope: Scope::all(),
/// };
/// let roles = vec![role("Default", true), role("ServerSupport", false), role("Data", false)];
/// let index = RoleIndex::new(&roles);
///
/// assert_eq!(index.resolve(["data", "ServerSupport"]).role_index(), Some(1));
/// assert_eq!(index.resolve(["Data"]).role_index(), Some(2));
/// assert_eq!(index.resolve(Vec::<String>::new()).role_index(), Some(0));
/// assert_eq!(RoleIndex::new(&[]).resolve(["Data"]), Access::Full);
/// ```
#[derive(Debug, Clone)]
pub struct RoleIndex<'r> {
    roles: &'r [Role],
    /// Group key → position of the first role with that source group.
    positions: KeyTable,
    /// Position of the first role marked default.
    default: Option<usize>,
}

impl<'r> RoleIndex<'r> {
    /// Prepares `roles` (in list order) for resolution.
    ///
    /// Should two roles share a source group, or several be marked default, the first in
    /// list order wins. A blank source group matches nobody.
    pub fn new(roles: &'r [Role]) -> Self {
        let mut positions = KeyTable::with_capacity(roles.len());
        for (index, role) in roles.iter().enumerate() {
            let key = group_key(&role.source_group);
            if !key.is_empty() {
                positions.insert_if_absent(key, index);
            }
        }
        let default = roles.iter().position(|role| role.is_default);
        RoleIndex {
            roles,
            positions,
            default,
        }
    }

    /// The roles this index was built from, in list order.
    pub fn roles(&self) -> &'r [Role] {
        self.roles
    }

    /// Resolves a user from the names of the groups they are a member of.
    pub fn resolve<I, S>(&self, groups: I) -> Access<'r>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut first: Option<usize> = None;
        for group in groups {
            if let Some(found) = self.positions.get_name(group.as_ref()) {
                if first.is_none_or(|current| found < current) {
                    first = Some(found);
                    if found == 0 {
                        break;
                    }
                }
            }
        }
        let (index, matched) = match (first, self.default) {
            (Some(index), _) => (index, RoleMatch::Group),
            (None, Some(index)) => (index, RoleMatch::Default),
            (None, None) if self.roles.is_empty() => return Access::Full,
            (None, None) => return Access::None,
        };
        match self.roles.get(index) {
            Some(role) => Access::Role {
                index,
                role,
                matched,
            },
            None => Access::None,
        }
    }
}

/// Resolves one user against the ordered `roles`; for many users build a [`RoleIndex`] once.
pub fn resolve<'r, I, S>(roles: &'r [Role], groups: I) -> Access<'r>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    RoleIndex::new(roles).resolve(groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::manual_roles;
    use crate::{Permissions, Scope};

    fn role(group: &str, is_default: bool) -> Role {
        Role {
            source_group: group.into(),
            is_default,
            permissions: Permissions::NONE,
            scope: Scope::all(),
        }
    }

    fn applied(roles: &[Role], groups: &[&str]) -> Option<String> {
        resolve(roles, groups).effective().role
    }

    #[test]
    fn otto_without_groups_gets_the_default_role() {
        let roles = manual_roles();
        let access = resolve(&roles, Vec::<&str>::new());
        assert_eq!(access.role_index(), Some(0));
        assert!(matches!(
            access,
            Access::Role {
                matched: RoleMatch::Default,
                ..
            }
        ));
        assert_eq!(applied(&roles, &[]), Some("Default".into()));
    }

    #[test]
    fn olivia_in_data_gets_data() {
        let roles = manual_roles();
        let access = resolve(&roles, ["Data"]);
        assert!(matches!(
            access,
            Access::Role {
                index: 3,
                matched: RoleMatch::Group,
                ..
            }
        ));
        assert_eq!(access.effective().permissions, roles[3].permissions);
    }

    #[test]
    fn the_first_role_in_list_order_wins_and_moving_changes_it() {
        let mut roles = manual_roles();
        assert_eq!(
            applied(&roles, &["Data", "ServerSupport"]),
            Some("ServerSupport".into())
        );
        // Move Data above ServerSupport (Data: 3 → 1).
        let data = roles.remove(3);
        roles.insert(1, data);
        assert_eq!(
            applied(&roles, &["Data", "ServerSupport"]),
            Some("Data".into())
        );
        assert_eq!(
            applied(&roles, &["ServerSupport", "Data"]),
            Some("Data".into())
        );
    }

    #[test]
    fn groups_match_case_insensitively_after_trimming() {
        let roles = manual_roles();
        assert_eq!(
            applied(&roles, &["  windowsadministrators "]),
            Some("WindowsAdministrators".into())
        );
        let roles = vec![role("Ärzte", false)];
        assert_eq!(applied(&roles, &["ÄRZTE"]), Some("Ärzte".into()));
    }

    #[test]
    fn a_group_matching_no_role_falls_back_to_the_default() {
        let roles = manual_roles();
        assert_eq!(
            applied(&roles, &["Marketing", "Data2"]),
            Some("Default".into())
        );
    }

    #[test]
    fn without_any_role_everyone_has_full_access() {
        let access = resolve(&[], ["Data"]);
        assert_eq!(access, Access::Full);
        assert_eq!(access.effective(), EffectiveAccess::full());
    }

    #[test]
    fn without_a_default_an_unmatched_user_has_no_access() {
        let roles = vec![role("Data", false)];
        assert_eq!(resolve(&roles, ["Sales"]), Access::None);
        assert_eq!(resolve(&roles, Vec::<&str>::new()), Access::None);
        assert_eq!(
            resolve(&roles, ["Sales"]).effective(),
            EffectiveAccess::none()
        );
    }

    #[test]
    fn a_blank_source_group_matches_nobody() {
        let roles = vec![role("  ", false), role("Data", true)];
        assert!(matches!(
            resolve(&roles, ["", " "]),
            Access::Role {
                index: 1,
                matched: RoleMatch::Default,
                ..
            }
        ));
    }

    #[test]
    fn duplicates_and_several_defaults_resolve_to_the_first() {
        let roles = vec![role("data", false), role("Data", true), role("x", true)];
        assert_eq!(resolve(&roles, ["DATA"]).role_index(), Some(0));
        assert_eq!(resolve(&roles, ["none"]).role_index(), Some(1));
    }
}

//! What changed in a user's effective access, as the activity log shows it (From / To).

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use crate::{group_key, EffectiveAccess, OuPath};

/// The `Role` value of a user without access.
pub const NO_ACCESS: &str = "no access";

/// One changed item: `Inventory: on → off`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed: `Role`, a permission (`Users`, `Settings`, `Inventory`, `Requests`,
    /// `Auditlog`, `Reports`) or a scope item (`Manage Mac`, `End user groups`,
    /// `End user OUs`, `Computer groups`, `Computer OUs`).
    pub label: &'static str,
    /// The value before: a role name or [`NO_ACCESS`], `on`/`off`, or a list (`any` when empty).
    pub before: String,
    /// The value after, in the same form.
    pub after: String,
}

/// The changes between two effective accesses, in a fixed order: role, permissions, scope.
///
/// Only what changed is listed. Scope lists are compared by meaning: order, case and the
/// notation of an OU (path or DN) do not count as changes.
///
/// ```
/// use permissions::{AccessDiff, EffectiveAccess, Permissions, Scope};
///
/// let before = EffectiveAccess {
///     role: Some("Default".into()),
///     permissions: Permissions { inventory: true, ..Permissions::NONE },
///     scope: Scope::all(),
/// };
/// let after = EffectiveAccess {
///     role: Some("Data".into()),
///     permissions: Permissions::NONE,
///     scope: Scope { computer_ous: vec!["corp/Sales".into()], ..Scope::all() },
/// };
/// let diff = AccessDiff::between(&before, &after).unwrap();
/// assert_eq!(diff.from_text(), "Role: Default; Inventory: on; Computer OUs: any");
/// assert_eq!(diff.to_text(), "Role: Data; Inventory: off; Computer OUs: corp/Sales");
/// assert_eq!(
///     diff.to_string(),
///     "Role: Default → Data; Inventory: on → off; Computer OUs: any → corp/Sales"
/// );
/// assert!(AccessDiff::between(&before, &before).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessDiff {
    /// The changes, never empty.
    pub changes: Vec<Change>,
}

impl AccessDiff {
    /// The changes from `before` to `after`, or `None` when nothing changed.
    pub fn between(before: &EffectiveAccess, after: &EffectiveAccess) -> Option<AccessDiff> {
        let mut changes = Vec::new();
        let role =
            |access: &EffectiveAccess| access.role.clone().unwrap_or_else(|| NO_ACCESS.to_owned());
        if before.role != after.role {
            changes.push(Change {
                label: "Role",
                before: role(before),
                after: role(after),
            });
        }
        let (p, q) = (&before.permissions, &after.permissions);
        let flags = [
            ("Users", p.users, q.users),
            ("Settings", p.settings, q.settings),
            ("Inventory", p.inventory, q.inventory),
            ("Requests", p.requests, q.requests),
            ("Auditlog", p.auditlog, q.auditlog),
            ("Reports", p.reports, q.reports),
            (
                "Manage Mac",
                before.scope.manage_mac,
                after.scope.manage_mac,
            ),
        ];
        for (label, was, is) in flags {
            if was != is {
                changes.push(Change {
                    label,
                    before: on_off(was).to_owned(),
                    after: on_off(is).to_owned(),
                });
            }
        }
        let (s, t) = (&before.scope, &after.scope);
        let lists = [
            (
                "End user groups",
                &s.end_user_groups,
                &t.end_user_groups,
                false,
            ),
            ("End user OUs", &s.end_user_ous, &t.end_user_ous, true),
            (
                "Computer groups",
                &s.computer_groups,
                &t.computer_groups,
                false,
            ),
            ("Computer OUs", &s.computer_ous, &t.computer_ous, true),
        ];
        for (label, was, is, ous) in lists {
            let same = if ous {
                same_ous(was, is)
            } else {
                same_groups(was, is)
            };
            if !same {
                changes.push(Change {
                    label,
                    before: list_text(was),
                    after: list_text(is),
                });
            }
        }
        (!changes.is_empty()).then_some(AccessDiff { changes })
    }

    /// The activity log's From column: `Role: Default; Inventory: on`.
    pub fn from_text(&self) -> String {
        self.side(|change| &change.before)
    }

    /// The activity log's To column: `Role: Data; Inventory: off`.
    pub fn to_text(&self) -> String {
        self.side(|change| &change.after)
    }

    fn side(&self, value: impl Fn(&Change) -> &String) -> String {
        let items: Vec<String> = self
            .changes
            .iter()
            .map(|change| format!("{}: {}", change.label, value(change)))
            .collect();
        items.join("; ")
    }
}

/// Both sides in one text: `Role: Default → Data; Inventory: on → off`.
impl fmt::Display for AccessDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, change) in self.changes.iter().enumerate() {
            if position > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{change}")?;
        }
        Ok(())
    }
}

/// `Inventory: on → off`.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} → {}", self.label, self.before, self.after)
    }
}

/// The changes from `before` to `after`, or `None` when nothing changed
/// (same as [`AccessDiff::between`]).
pub fn diff(before: &EffectiveAccess, after: &EffectiveAccess) -> Option<AccessDiff> {
    AccessDiff::between(before, after)
}

fn on_off(flag: bool) -> &'static str {
    if flag {
        "on"
    } else {
        "off"
    }
}

fn list_text(entries: &[String]) -> String {
    if entries.is_empty() {
        "any".to_owned()
    } else {
        entries.join(", ")
    }
}

fn same_groups(a: &[String], b: &[String]) -> bool {
    let keys = |list: &[String]| -> HashSet<String> { list.iter().map(|g| group_key(g)).collect() };
    keys(a) == keys(b)
}

/// OUs are compared as paths; an entry that is not an OU is compared by its text.
fn same_ous(a: &[String], b: &[String]) -> bool {
    let keys = |list: &[String]| -> (HashSet<OuPath>, HashSet<String>) {
        let mut paths = HashSet::new();
        let mut texts = HashSet::new();
        for ou in list {
            match OuPath::parse(ou) {
                Ok(path) => {
                    paths.insert(path);
                }
                Err(_) => {
                    texts.insert(group_key(ou));
                }
            }
        }
        (paths, texts)
    };
    keys(a) == keys(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::manual_roles;
    use crate::{resolve, Permissions, Scope};

    fn texts(
        before: &EffectiveAccess,
        after: &EffectiveAccess,
    ) -> Option<(String, String, String)> {
        AccessDiff::between(before, after).map(|d| (d.from_text(), d.to_text(), d.to_string()))
    }

    fn of(roles: &[crate::Role], groups: &[&str]) -> EffectiveAccess {
        resolve(roles, groups).effective()
    }

    #[test]
    fn nothing_changed_gives_none() {
        let roles = manual_roles();
        for role in &roles {
            let access = EffectiveAccess::of_role(role);
            assert_eq!(AccessDiff::between(&access, &access), None);
        }
        assert_eq!(
            diff(&EffectiveAccess::none(), &EffectiveAccess::none()),
            None
        );
    }

    #[test]
    fn joining_data_lists_the_role_and_permission_changes() {
        let roles = manual_roles();
        // Olivia is pushed into Data: Default → Data loses Requests.
        let (from, to, both) = texts(&of(&roles, &[]), &of(&roles, &["Data"])).unwrap_or_default();
        assert_eq!(from, "Role: Default; Requests: on");
        assert_eq!(to, "Role: Data; Requests: off");
        assert_eq!(both, "Role: Default → Data; Requests: on → off");
    }

    #[test]
    fn gaining_access_from_none_shows_no_access() {
        let roles = manual_roles();
        let windows_admins = of(&roles, &["WindowsAdministrators"]);
        let (from, to, _) = texts(&EffectiveAccess::none(), &windows_admins).unwrap_or_default();
        assert_eq!(
            from,
            "Role: no access; Users: off; Settings: off; Inventory: off; Requests: off; \
             Auditlog: off; Reports: off; Manage Mac: on"
        );
        assert_eq!(
            to,
            "Role: WindowsAdministrators; Users: on; Settings: on; Inventory: on; Requests: on; \
             Auditlog: on; Reports: on; Manage Mac: off"
        );
        let (from, to, _) =
            texts(&EffectiveAccess::full(), &EffectiveAccess::none()).unwrap_or_default();
        assert!(from.starts_with("Role: full access; Users: on"), "{from}");
        assert!(to.starts_with("Role: no access; Users: off"), "{to}");
    }

    #[test]
    fn editing_the_applied_role_lists_only_what_changed() {
        let before = EffectiveAccess::of_role(&manual_roles()[3]);
        let mut after = before.clone();
        after.permissions.inventory = false;
        after.scope.computer_ous = vec!["corp/Sales".into(), "OU=HR,DC=corp".into()];
        after.scope.end_user_groups = vec!["WindowsUsers".into()];
        let (from, to, _) = texts(&before, &after).unwrap_or_default();
        assert_eq!(
            from,
            "Inventory: on; End user groups: any; Computer OUs: any"
        );
        assert_eq!(to, "Inventory: off; End user groups: WindowsUsers; Computer OUs: corp/Sales, OU=HR,DC=corp");
    }

    #[test]
    fn rewording_a_scope_without_changing_its_meaning_is_no_change() {
        let scope = |groups: &[&str], ous: &[&str]| Scope {
            end_user_groups: groups.iter().map(|s| s.to_string()).collect(),
            computer_ous: ous.iter().map(|s| s.to_string()).collect(),
            ..Scope::all()
        };
        let access = |scope| EffectiveAccess {
            role: Some("Data".into()),
            permissions: Permissions::ALL,
            scope,
        };
        let before = access(scope(&["Data", "Admins"], &["corp/Sales", "corp/HR"]));
        let after = access(scope(
            &["admins", "DATA"],
            &["OU=HR,DC=corp", "CORP/sales/"],
        ));
        assert_eq!(diff(&before, &after), None);
        let narrower = access(scope(&["Data", "Admins"], &["corp/Sales/EMEA", "corp/HR"]));
        assert!(diff(&before, &narrower).is_some());
    }

    #[test]
    fn a_renamed_role_is_a_change_even_with_equal_permissions() {
        let mut renamed = EffectiveAccess::of_role(&manual_roles()[0]);
        let before = renamed.clone();
        renamed.role = Some("ServerSupport".into());
        assert_eq!(
            diff(&before, &renamed).map(|d| d.to_string()).as_deref(),
            Some("Role: Default → ServerSupport")
        );
    }
}

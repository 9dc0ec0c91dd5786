//! A [`Scope`] prepared for testing many records: group names and OUs parsed once.

use crate::group::write_group_key;
use crate::{group_key, Computer, EndUser, OuPath, Platform, Scope};

/// The visibility rule of a [`Scope`] (PRODUCT.md §5), ready to apply to many records.
///
/// A record (an end user, a computer, or a request/audit entry about both) is visible when
///
/// 1. it concerns no Mac, or the scope has `manage_mac`; and
/// 2. for each non-empty list of the scope, the end user (or computer) is in one of its
///    groups (compared like [`group_key`]) or inside one of its OUs (the OU itself or any OU
///    nested below it, see [`OuPath::contains`]).
///
/// **A restriction that cannot be checked hides the record**: when an end-user list is
/// non-empty and the record has no end user, or a computer list is non-empty and it has no
/// computer, or the OU is missing or unparsable, the record is not visible. Entries of the
/// scope that are not valid OUs match nothing (they still restrict). A record with no Mac
/// computer passes the Mac rule, including a record with no computer at all.
#[derive(Debug, Clone)]
pub struct ScopeFilter {
    manage_mac: bool,
    end_user_groups: Option<Vec<String>>,
    end_user_ous: Option<Vec<OuPath>>,
    computer_groups: Option<Vec<String>>,
    computer_ous: Option<Vec<OuPath>>,
}

impl ScopeFilter {
    /// Prepares `scope`.
    pub fn new(scope: &Scope) -> Self {
        ScopeFilter {
            manage_mac: scope.manage_mac,
            end_user_groups: group_keys(&scope.end_user_groups),
            end_user_ous: ou_paths(&scope.end_user_ous),
            computer_groups: group_keys(&scope.computer_groups),
            computer_ous: ou_paths(&scope.computer_ous),
        }
    }

    /// Whether a record about `end_user` and/or `computer` is visible.
    pub fn allows(&self, end_user: Option<&EndUser>, computer: Option<&Computer>) -> bool {
        let mac = computer.is_some_and(|c| c.platform == Platform::Mac);
        if mac && !self.manage_mac {
            return false;
        }
        let eu_groups = end_user.map(|u| u.groups.as_slice());
        let eu_ou = end_user.map(|u| u.ou.as_deref());
        let pc_groups = computer.map(|c| c.groups.as_slice());
        let pc_ou = computer.map(|c| c.ou.as_deref());
        passes_groups(self.end_user_groups.as_deref(), eu_groups)
            && passes_ous(self.end_user_ous.as_deref(), eu_ou)
            && passes_groups(self.computer_groups.as_deref(), pc_groups)
            && passes_ous(self.computer_ous.as_deref(), pc_ou)
    }

    /// Whether every record is visible (Macs included, no list restricts).
    pub fn is_unrestricted(&self) -> bool {
        self.manage_mac
            && self.end_user_groups.is_none()
            && self.end_user_ous.is_none()
            && self.computer_groups.is_none()
            && self.computer_ous.is_none()
    }
}

impl From<&Scope> for ScopeFilter {
    fn from(scope: &Scope) -> Self {
        ScopeFilter::new(scope)
    }
}

/// `None` when the list does not restrict.
fn group_keys(groups: &[String]) -> Option<Vec<String>> {
    (!groups.is_empty()).then(|| {
        groups
            .iter()
            .map(|g| group_key(g))
            .filter(|key| !key.is_empty())
            .collect()
    })
}

/// `None` when the list does not restrict; invalid entries are left out but still restrict.
fn ou_paths(ous: &[String]) -> Option<Vec<OuPath>> {
    (!ous.is_empty()).then(|| ous.iter().filter_map(|ou| OuPath::parse(ou).ok()).collect())
}

/// `record`: `None` when the record has no such party, else that party's groups.
fn passes_groups(required: Option<&[String]>, record: Option<&[String]>) -> bool {
    let Some(required) = required else {
        return true;
    };
    let Some(groups) = record else {
        return false;
    };
    let mut key = String::new();
    groups.iter().any(|group| {
        write_group_key(group, &mut key);
        required.contains(&key)
    })
}

/// `record`: `None` when the record has no such party, else that party's OU (if any).
fn passes_ous(required: Option<&[OuPath]>, record: Option<Option<&str>>) -> bool {
    let Some(required) = required else {
        return true;
    };
    let Some(ou) = record.flatten().and_then(|ou| OuPath::parse(ou).ok()) else {
        return false;
    };
    required.iter().any(|scope_ou| scope_ou.contains(&ou))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(ou: &str, groups: &[&str]) -> EndUser {
        EndUser {
            upn: "olivia@corp".into(),
            name: "Olivia Lim".into(),
            ou: Some(ou.into()).filter(|ou: &String| !ou.is_empty()),
            groups: groups.iter().map(|g| g.to_string()).collect(),
        }
    }

    fn computer(platform: Platform, ou: &str, groups: &[&str]) -> Computer {
        Computer {
            name: "PC1".into(),
            platform,
            ou: Some(ou.into()).filter(|ou: &String| !ou.is_empty()),
            groups: groups.iter().map(|g| g.to_string()).collect(),
            user: None,
        }
    }

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_unrestricted_scope_shows_everything() {
        let all = Scope::all();
        let mac = computer(Platform::Mac, "", &[]);
        assert!(all.allows(None, None));
        assert!(all.allows(Some(&user("", &[])), Some(&mac)));
        assert!(ScopeFilter::new(&all).is_unrestricted());
    }

    #[test]
    fn without_manage_mac_macs_are_hidden_and_others_shown() {
        let windows_admins = Scope {
            manage_mac: false,
            ..Scope::all()
        };
        let otto = user("corp", &[]);
        assert!(!windows_admins.allows(Some(&otto), Some(&computer(Platform::Mac, "corp", &[]))));
        assert!(windows_admins.allows(Some(&otto), Some(&computer(Platform::Windows, "corp", &[]))));
        assert!(windows_admins.allows(None, Some(&computer(Platform::Linux, "", &[]))));
        assert!(
            windows_admins.allows(Some(&otto), None),
            "no computer: not a Mac"
        );
        assert!(!ScopeFilter::new(&windows_admins).is_unrestricted());
    }

    #[test]
    fn end_user_groups_require_membership_in_one_ignoring_case() {
        let scope = Scope {
            end_user_groups: list(&["WindowsUsers", "Data"]),
            ..Scope::all()
        };
        assert!(scope.allows(Some(&user("", &["Sales", " windowsusers"])), None));
        assert!(scope.allows(Some(&user("", &["DATA"])), None));
        assert!(!scope.allows(Some(&user("", &["Sales"])), None));
        assert!(!scope.allows(Some(&user("", &[])), None));
    }

    #[test]
    fn ous_match_themselves_and_nested_ous_in_either_notation() {
        let scope = Scope {
            computer_ous: list(&["corp/Sales", "OU=HR,DC=corp"]),
            ..Scope::all()
        };
        let pc = |ou| computer(Platform::Windows, ou, &[]);
        assert!(scope.allows(None, Some(&pc("corp/Sales"))));
        assert!(scope.allows(None, Some(&pc("CN=PC1,OU=EMEA,OU=Sales,DC=corp"))));
        assert!(scope.allows(None, Some(&pc("corp/hr/Payroll"))));
        assert!(!scope.allows(None, Some(&pc("corp/SalesX"))));
        assert!(!scope.allows(None, Some(&pc("corp"))));
        assert!(
            !scope.allows(None, Some(&pc(""))),
            "no OU: cannot be inside one"
        );
        assert!(
            !scope.allows(None, Some(&pc("corp//Sales"))),
            "unparsable OU"
        );
    }

    #[test]
    fn every_non_empty_list_must_be_satisfied() {
        let scope = Scope {
            end_user_ous: list(&["corp/Sales"]),
            computer_groups: list(&["Laptops"]),
            ..Scope::all()
        };
        let seller = user("corp/Sales/EMEA", &[]);
        let laptop = computer(Platform::Windows, "corp/IT", &["laptops"]);
        let desktop = computer(Platform::Windows, "corp/Sales", &["Desktops"]);
        assert!(scope.allows(Some(&seller), Some(&laptop)));
        assert!(!scope.allows(Some(&seller), Some(&desktop)));
        assert!(!scope.allows(Some(&user("corp/IT", &[])), Some(&laptop)));
    }

    #[test]
    fn a_restriction_that_cannot_be_checked_hides_the_record() {
        let by_user = Scope {
            end_user_groups: list(&["Data"]),
            ..Scope::all()
        };
        let by_computer = Scope {
            computer_ous: list(&["corp"]),
            ..Scope::all()
        };
        let pc = computer(Platform::Windows, "corp", &[]);
        assert!(!by_user.allows(None, Some(&pc)));
        assert!(!by_computer.allows(Some(&user("corp", &["Data"])), None));
        assert!(!by_user.allows(None, None));
    }

    #[test]
    fn invalid_scope_entries_match_nothing_but_still_restrict() {
        let scope = Scope {
            end_user_ous: list(&["corp//broken"]),
            end_user_groups: list(&["  "]),
            ..Scope::all()
        };
        assert!(!scope.allows(Some(&user("corp/broken", &["", " "])), None));
    }
}

//! Checking a role an administrator submitted, before it is stored.

use std::collections::HashSet;

use crate::dn::trim_keeping_escaped_space;
use crate::{group_key, OuError, OuPath, Role, Scope};

/// The longest source group or list entry accepted, in characters.
pub const MAX_NAME_CHARS: usize = 256;

/// Why a submitted role (or a form list) is rejected. [`RoleError::field`] names the field
/// as the JSON API spells it, e.g. `source_group` or `scope.computer_ous[1]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    /// Empty or only whitespace.
    #[error("{field} must not be blank")]
    Blank {
        /// The field.
        field: String,
    },
    /// Contains a control character (such as a line break).
    #[error("{field} must not contain control characters")]
    ControlCharacter {
        /// The field.
        field: String,
    },
    /// Longer than [`MAX_NAME_CHARS`].
    #[error("{field} is longer than {max} characters")]
    TooLong {
        /// The field.
        field: String,
        /// The limit.
        max: usize,
    },
    /// An OU list entry that is neither a path nor a DN.
    #[error("{field} is not an OU: {source}")]
    InvalidOu {
        /// The field.
        field: String,
        /// What is wrong with it.
        source: OuError,
    },
}

impl RoleError {
    /// The offending field, e.g. `source_group` or `scope.end_user_groups[0]`.
    pub fn field(&self) -> &str {
        match self {
            RoleError::Blank { field }
            | RoleError::ControlCharacter { field }
            | RoleError::TooLong { field, .. }
            | RoleError::InvalidOu { field, .. } => field,
        }
    }
}

/// Checks a submitted role and returns it normalised: the source group and every list
/// entry trimmed, and repeated list entries (same group ignoring case, same OU in either
/// notation) removed, keeping the first. OUs keep the notation they were written in.
///
/// Rejected: a blank source group or list entry, control characters, more than
/// [`MAX_NAME_CHARS`] characters, and OU entries that are not paths or DNs.
/// Uniqueness of source groups and the single default are the store's to enforce (with
/// [`group_key`]).
///
/// ```
/// use permissions::{validate_role, Permissions, Role, Scope};
///
/// let mut role = Role {
///     source_group: " Data ".into(),
///     is_default: false,
///     permissions: Permissions::NONE,
///     scope: Scope { computer_ous: vec!["corp/Sales".into(), " ".into()], ..Scope::all() },
/// };
/// let err = validate_role(&role).unwrap_err();
/// assert_eq!(err.field(), "scope.computer_ous[1]");
///
/// role.scope.computer_ous.pop();
/// assert_eq!(validate_role(&role)?.source_group, "Data");
/// # Ok::<(), permissions::RoleError>(())
/// ```
pub fn validate_role(role: &Role) -> Result<Role, RoleError> {
    let source_group = checked_text(&role.source_group, || "source_group".to_owned())?;
    let scope = &role.scope;
    Ok(Role {
        source_group: source_group.to_owned(),
        is_default: role.is_default,
        permissions: role.permissions,
        scope: Scope {
            manage_mac: scope.manage_mac,
            end_user_groups: checked_groups("scope.end_user_groups", &scope.end_user_groups)?,
            end_user_ous: checked_ous("scope.end_user_ous", &scope.end_user_ous)?,
            computer_groups: checked_groups("scope.computer_groups", &scope.computer_groups)?,
            computer_ous: checked_ous("scope.computer_ous", &scope.computer_ous)?,
        },
    })
}

/// `text` trimmed, if it is acceptable; `field` names it in the error.
fn checked_text(text: &str, field: impl FnOnce() -> String) -> Result<&str, RoleError> {
    checked_trimmed(text.trim(), field)
}

/// `text` (already trimmed), if it is acceptable.
fn checked_trimmed(text: &str, field: impl FnOnce() -> String) -> Result<&str, RoleError> {
    if text.is_empty() {
        return Err(RoleError::Blank { field: field() });
    }
    if text.chars().any(char::is_control) {
        return Err(RoleError::ControlCharacter { field: field() });
    }
    if text.chars().count() > MAX_NAME_CHARS {
        return Err(RoleError::TooLong {
            field: field(),
            max: MAX_NAME_CHARS,
        });
    }
    Ok(text)
}

fn entry_field(list: &str, index: usize) -> String {
    format!("{list}[{index}]")
}

fn checked_groups(list: &str, entries: &[String]) -> Result<Vec<String>, RoleError> {
    let mut seen = HashSet::new();
    let mut groups = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let group = checked_text(entry, || entry_field(list, index))?;
        if seen.insert(group_key(group)) {
            groups.push(group.to_owned());
        }
    }
    Ok(groups)
}

fn checked_ous(list: &str, entries: &[String]) -> Result<Vec<String>, RoleError> {
    let mut seen = HashSet::new();
    let mut ous = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let ou = checked_trimmed(trim_keeping_escaped_space(entry), || {
            entry_field(list, index)
        })?;
        let path = OuPath::parse(ou).map_err(|source| RoleError::InvalidOu {
            field: entry_field(list, index),
            source,
        })?;
        if seen.insert(path) {
            ous.push(ou.to_owned());
        }
    }
    Ok(ous)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::manual_roles;

    fn with_scope(scope: Scope) -> Role {
        Role {
            scope,
            ..manual_roles()[0].clone()
        }
    }

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn field_of(role: &Role) -> Option<String> {
        validate_role(role).err().map(|err| err.field().to_owned())
    }

    #[test]
    fn the_manuals_roles_are_valid_and_unchanged() {
        for role in manual_roles() {
            assert_eq!(validate_role(&role), Ok(role));
        }
    }

    #[test]
    fn a_blank_source_group_is_rejected() {
        for blank in ["", "   ", "\t\n"] {
            let role = Role {
                source_group: blank.into(),
                ..manual_roles()[0].clone()
            };
            let err = validate_role(&role).err();
            assert_eq!(err.as_ref().map(RoleError::field), Some("source_group"));
            assert_eq!(
                err.map(|e| e.to_string()).as_deref(),
                Some("source_group must not be blank")
            );
        }
    }

    #[test]
    fn blank_list_entries_are_rejected_naming_the_entry() {
        let role = with_scope(Scope {
            computer_ous: list(&["corp/Sales", "  "]),
            ..Scope::all()
        });
        assert_eq!(field_of(&role).as_deref(), Some("scope.computer_ous[1]"));
        let role = with_scope(Scope {
            end_user_groups: list(&[""]),
            ..Scope::all()
        });
        assert_eq!(field_of(&role).as_deref(), Some("scope.end_user_groups[0]"));
    }

    #[test]
    fn invalid_ous_control_characters_and_overlong_names_are_rejected() {
        let role = with_scope(Scope {
            end_user_ous: list(&["corp//Sales"]),
            ..Scope::all()
        });
        let err = validate_role(&role).err();
        assert!(
            matches!(&err, Some(RoleError::InvalidOu { field, source: OuError::EmptyComponent { position: 2 } })
            if field == "scope.end_user_ous[0]")
        );

        let role = Role {
            source_group: "Data\nAdmins".into(),
            ..manual_roles()[0].clone()
        };
        assert!(matches!(
            validate_role(&role),
            Err(RoleError::ControlCharacter { .. })
        ));

        let role = with_scope(Scope {
            computer_groups: vec!["x".repeat(MAX_NAME_CHARS + 1)],
            ..Scope::all()
        });
        assert!(
            matches!(validate_role(&role), Err(RoleError::TooLong { field, .. }) if field == "scope.computer_groups[0]")
        );
        let role = with_scope(Scope {
            computer_groups: vec!["é".repeat(MAX_NAME_CHARS)],
            ..Scope::all()
        });
        assert!(
            validate_role(&role).is_ok(),
            "the limit counts characters, not bytes"
        );
    }

    #[test]
    fn an_escaped_trailing_space_of_a_dn_survives_trimming() {
        let role = with_scope(Scope {
            end_user_ous: list(&[" OU=Sales\\ ,OU=Team\\  "]),
            ..Scope::all()
        });
        let ous = validate_role(&role).map(|r| r.scope.end_user_ous);
        assert_eq!(ous, Ok(list(&["OU=Sales\\ ,OU=Team\\ "])));
    }

    #[test]
    fn values_are_trimmed_and_repeats_removed() {
        let role = Role {
            source_group: "  Data ".into(),
            ..with_scope(Scope {
                manage_mac: false,
                end_user_groups: list(&[" WindowsUsers", "windowsusers ", "Admins"]),
                computer_ous: list(&["corp/Sales ", "OU=Sales,DC=corp", "corp/Sales/EMEA"]),
                ..Scope::all()
            })
        };
        let valid = validate_role(&role);
        let valid = valid.as_ref().ok();
        assert_eq!(valid.map(|r| r.source_group.as_str()), Some("Data"));
        assert_eq!(
            valid.map(|r| r.scope.end_user_groups.clone()),
            Some(list(&["WindowsUsers", "Admins"]))
        );
        assert_eq!(
            valid.map(|r| r.scope.computer_ous.clone()),
            Some(list(&["corp/Sales", "corp/Sales/EMEA"]))
        );
        assert_eq!(valid.map(|r| r.scope.manage_mac), Some(false));
    }
}

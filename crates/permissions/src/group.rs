//! Group names compared the way the IdP's users expect: ignoring case and surrounding spaces.
//!
//! Role source groups, user memberships and scope group lists are all compared through
//! [`group_key`]. The store keeps this key in its own column to enforce the
//! case-insensitive uniqueness of source groups identically on every database backend.

/// The comparison key of a group name: trimmed, then lowercased with Unicode rules
/// ([`str::to_lowercase`]).
///
/// Two names denote the same group exactly when their keys are equal.
///
/// ```
/// use permissions::group_key;
/// assert_eq!(group_key("  Server Support "), "server support");
/// assert_eq!(group_key("ÄRZTE"), "ärzte");
/// ```
pub fn group_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Whether two group names denote the same group (see [`group_key`]).
///
/// ```
/// use permissions::same_group;
/// assert!(same_group("Data", " data"));
/// assert!(same_group("Ärzte", "ÄRZTE"));
/// assert!(!same_group("Data", "Data2"));
/// ```
pub fn same_group(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Writes the [`group_key`] of `name` into `buf` (cleared first), without allocating for
/// ASCII names once `buf` has grown: the hot path of role resolution.
pub(crate) fn write_group_key(name: &str, buf: &mut String) {
    buf.clear();
    let name = name.trim();
    if name.is_ascii() {
        buf.push_str(name);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&name.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_surrounding_space() {
        assert_eq!(
            group_key("\tWindowsAdministrators \n"),
            "windowsadministrators"
        );
        assert_eq!(group_key("Inner  Space"), "inner  space");
    }

    #[test]
    fn unicode_names_fold_beyond_ascii() {
        assert!(!same_group("ÖKONOMI", "økonomi"));
        assert!(same_group("ØKONOMI", "økonomi"));
        assert!(same_group("Straße", "STRAßE"));
        assert!(same_group("ΟΔΟΣ", "οδος"));
    }

    #[test]
    fn same_group_agrees_with_keys() {
        let names = ["Data", "DATA ", " data", "Dáta", "DÁTA", "Data2", "", "  "];
        for a in names {
            for b in names {
                assert_eq!(
                    same_group(a, b),
                    group_key(a) == group_key(b),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn written_key_equals_group_key() {
        let mut buf = String::from("leftover");
        for name in ["  Data ", "ÄRZTE", "", "ServerSupport"] {
            write_group_key(name, &mut buf);
            assert_eq!(buf, group_key(name));
        }
    }
}

//! The comma-separated form of the scope lists (the portal's role form, like the manual's).
//!
//! The JSON API takes arrays; the form takes `a, b, c`. Group names containing commas can
//! only be given through the JSON API. OUs written as DNs contain commas themselves, so
//! [`parse_ou_list`] keeps a DN's parts together.

use crate::dn::{looks_like_dn, trim_keeping_escaped_space};
use crate::RoleError;

/// Splits a comma-separated form field into trimmed entries. A blank text is the empty
/// list; an empty entry (`a,,b`, or a trailing comma) is an error naming it, e.g.
/// `scope.end_user_groups[1]` for `field` = `scope.end_user_groups`.
///
/// ```
/// use permissions::parse_list;
/// assert_eq!(parse_list("f", " WindowsUsers, Data ")?, ["WindowsUsers", "Data"]);
/// assert_eq!(parse_list("f", "  ")?, Vec::<String>::new());
/// assert_eq!(parse_list("f", "a, b,,c").unwrap_err().field(), "f[2]");
/// # Ok::<(), permissions::RoleError>(())
/// ```
pub fn parse_list(field: &str, text: &str) -> Result<Vec<String>, RoleError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .enumerate()
        .map(|(index, entry)| match entry.trim() {
            "" => Err(blank(field, index)),
            entry => Ok(entry.to_owned()),
        })
        .collect()
}

/// Like [`parse_list`] for OU lists, keeping each DN whole: after a DN, a `TYPE=value`
/// part continues it, except that a non-`DC` part after a `DC` part (the end of a DN)
/// starts the next entry. Escaped commas (`\,`) never split.
///
/// ```
/// use permissions::parse_ou_list;
/// assert_eq!(
///     parse_ou_list("f", "OU=EMEA,OU=Sales,DC=corp, corp/HR, OU=IT,DC=corp")?,
///     ["OU=EMEA,OU=Sales,DC=corp", "corp/HR", "OU=IT,DC=corp"]
/// );
/// # Ok::<(), permissions::RoleError>(())
/// ```
pub fn parse_ou_list(field: &str, text: &str) -> Result<Vec<String>, RoleError> {
    let mut entries: Vec<String> = Vec::new();
    if text.trim().is_empty() {
        return Ok(entries);
    }
    // Whether the last entry is a DN, and whether its last part was a DC part.
    let mut in_dn = false;
    let mut after_dc = false;
    for part in split_unescaped_commas(text) {
        let part = trim_keeping_escaped_space(part);
        if part.is_empty() {
            return Err(blank(field, entries.len()));
        }
        let is_dn_part = looks_like_dn(part);
        let is_dc = is_dn_part && is_dc_part(part);
        match entries.last_mut() {
            Some(entry) if in_dn && is_dn_part && (is_dc || !after_dc) => {
                entry.push(',');
                entry.push_str(part);
            }
            _ => {
                entries.push(part.to_owned());
                in_dn = is_dn_part;
            }
        }
        after_dc = is_dc;
    }
    Ok(entries)
}

/// Joins entries for a form field: `a, b, c`.
pub fn format_list(entries: &[String]) -> String {
    entries.join(", ")
}

fn blank(field: &str, index: usize) -> RoleError {
    RoleError::Blank {
        field: format!("{field}[{index}]"),
    }
}

fn is_dc_part(part: &str) -> bool {
    part.split_once('=')
        .is_some_and(|(kind, _)| kind.trim().eq_ignore_ascii_case("DC"))
}

/// The text between commas not preceded by a `\` escape (escapes are kept).
fn split_unescaped_commas(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ',' => {
                parts.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(result: Result<Vec<String>, RoleError>) -> Vec<String> {
        result.unwrap_or_else(|err| vec![format!("error: {err}")])
    }

    #[test]
    fn splits_and_trims() {
        assert_eq!(ok(parse_list("g", "WindowsUsers")), ["WindowsUsers"]);
        assert_eq!(ok(parse_list("g", " a ,b,  c d ")), ["a", "b", "c d"]);
        assert!(ok(parse_list("g", "")).is_empty());
    }

    #[test]
    fn empty_entries_are_errors_naming_the_position() {
        let err = parse_list("scope.end_user_groups", "a, b,,c").err();
        assert_eq!(
            err.as_ref().map(RoleError::field),
            Some("scope.end_user_groups[2]")
        );
        let err = parse_list("g", "a, b,").err();
        assert_eq!(err.as_ref().map(RoleError::field), Some("g[2]"));
        let err = parse_ou_list("o", "corp/A, ,corp/B").err();
        assert_eq!(err.as_ref().map(RoleError::field), Some("o[1]"));
    }

    #[test]
    fn dns_stay_whole_among_paths() {
        assert_eq!(
            ok(parse_ou_list(
                "o",
                "corp/Sales, OU=EMEA, OU=Sales,DC=corp,DC=example, OU=HR,DC=corp"
            )),
            [
                "corp/Sales",
                "OU=EMEA,OU=Sales,DC=corp,DC=example",
                "OU=HR,DC=corp"
            ]
        );
        assert_eq!(
            ok(parse_ou_list("o", "OU=A,OU=B, corp/X")),
            ["OU=A,OU=B", "corp/X"]
        );
        assert_eq!(
            ok(parse_ou_list("o", r"OU=Sales\, Marketing,DC=corp")),
            [r"OU=Sales\, Marketing,DC=corp"]
        );
    }

    #[test]
    fn an_escaped_trailing_space_stays_in_the_dn() {
        let ous = ok(parse_ou_list(
            "o",
            r"OU=Sales\ ,DC=corp, OU=HR\  , corp/x\\ ",
        ));
        assert_eq!(ous, [r"OU=Sales\ ,DC=corp", r"OU=HR\ ", r"corp/x\\"]);
        let parsed = crate::OuPath::parse(&ous[0]).map(|ou| ou.components().to_vec());
        assert_eq!(parsed, Ok(vec!["corp".to_owned(), "Sales ".to_owned()]));
    }

    #[test]
    fn formatting_and_parsing_round_trip() {
        let ous = vec![
            "OU=A,DC=corp".to_owned(),
            "corp/B".to_owned(),
            "OU=C,DC=corp,DC=com".to_owned(),
        ];
        assert_eq!(ok(parse_ou_list("o", &format_list(&ous))), ous);
        let groups = vec!["Data".to_owned(), "Server Support".to_owned()];
        assert_eq!(format_list(&groups), "Data, Server Support");
        assert_eq!(ok(parse_list("g", &format_list(&groups))), groups);
    }
}

//! Organizational units, written as paths or as LDAP DNs and compared as paths (PRODUCT.md §9).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::dn::{looks_like_dn, parse_dn, Rdn};

/// Why a text is not an OU.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OuError {
    /// Nothing names an OU or domain: a blank text, only slashes, or a DN of only `CN=` parts.
    #[error("no OU given")]
    Empty,
    /// A path with two slashes in a row.
    #[error("part {position} of the path is empty")]
    EmptyComponent {
        /// 1-based position of the empty part.
        position: usize,
    },
    /// A DN part that is not `TYPE=value`.
    #[error("{rdn:?} is not of the form TYPE=value")]
    NotAttributeValue {
        /// The offending part as written.
        rdn: String,
    },
    /// A DN part with nothing after `=`.
    #[error("{rdn:?} has an empty value")]
    EmptyValue {
        /// The offending part as written.
        rdn: String,
    },
    /// A `\` not followed by a character or two hex digits, or hex escapes that are not UTF-8.
    #[error("{rdn:?} contains an invalid escape")]
    BadEscape {
        /// The offending part as written.
        rdn: String,
    },
    /// A `DC=` part followed by an `OU=` (or other) part: domain parts form the root and
    /// come last.
    #[error("DC= parts must come last in a DN")]
    DomainNotLast,
}

/// An OU as a list of components from the root down, compared case-insensitively.
///
/// Parsed from either notation:
///
/// * a path, `corp/Sales/EMEA` (surrounding slashes and spaces ignored, each part trimmed);
/// * an LDAP DN, `OU=EMEA,OU=Sales,DC=corp`. The `DC=` parts form the root component
///   (`DC=corp,DC=example,DC=com` is `corp.example.com`); `CN=` parts before the first
///   other part name the object itself and are dropped, so the DN of a computer
///   (`CN=PC1,OU=EMEA,OU=Sales,DC=corp`) or of a user gives the OU it is in. Objects in the
///   built-in `CN=Computers`/`CN=Users` containers are thereby at the domain root. `\,`
///   and `\2C` escapes are understood.
///
/// Paths are absolute: their first component is the domain, so `corp` equals `DC=corp` and
/// `Sales/EMEA` is not inside `corp/Sales`.
///
/// ```
/// use permissions::OuPath;
///
/// let sales: OuPath = "corp/Sales".parse()?;
/// let emea: OuPath = "OU=EMEA,OU=Sales,DC=corp".parse()?;
/// assert!(sales.contains(&emea));
/// assert!(sales.contains(&"CN=PC1,OU=EMEA,OU=sales,DC=Corp".parse()?));
/// assert!(!sales.contains(&"corp/SalesX".parse()?));
/// assert_eq!(emea.to_string(), "corp/Sales/EMEA");
/// # Ok::<(), permissions::OuError>(())
/// ```
#[derive(Debug, Clone)]
pub struct OuPath {
    /// The components as written (unescaped, trimmed), root first.
    components: Vec<String>,
    /// The lowercased components: what equality and nesting compare.
    keys: Vec<String>,
}

impl OuPath {
    /// Parses a path or a DN (see the type's documentation).
    pub fn parse(text: &str) -> Result<OuPath, OuError> {
        let components = if looks_like_dn(text) {
            dn_components(parse_dn(text)?)?
        } else {
            path_components(text)?
        };
        let keys = components.iter().map(|c| c.to_lowercase()).collect();
        Ok(OuPath { components, keys })
    }

    /// The components as written, root (domain) first.
    pub fn components(&self) -> &[String] {
        &self.components
    }

    /// Whether `other` is this OU or nested anywhere below it.
    pub fn contains(&self, other: &OuPath) -> bool {
        other.keys.starts_with(&self.keys)
    }
}

fn path_components(text: &str) -> Result<Vec<String>, OuError> {
    let inner = text.trim_matches(|c: char| c == '/' || c.is_whitespace());
    if inner.is_empty() {
        return Err(OuError::Empty);
    }
    inner
        .split('/')
        .enumerate()
        .map(|(index, part)| match part.trim() {
            "" => Err(OuError::EmptyComponent {
                position: index + 1,
            }),
            part => Ok(part.to_owned()),
        })
        .collect()
}

/// Root-first components of a DN's parts (which are leaf-first).
fn dn_components(rdns: Vec<Rdn>) -> Result<Vec<String>, OuError> {
    let containers = rdns
        .iter()
        .position(|rdn| !rdn.is("CN"))
        .unwrap_or(rdns.len());
    let rdns = &rdns[containers..];
    let domain_start = rdns
        .iter()
        .rposition(|rdn| !rdn.is("DC"))
        .map_or(0, |last_other| last_other + 1);
    let (units, domain) = rdns.split_at(domain_start);
    if units.iter().any(|rdn| rdn.is("DC")) {
        return Err(OuError::DomainNotLast);
    }
    let mut components = Vec::with_capacity(units.len() + 1);
    if !domain.is_empty() {
        let labels: Vec<&str> = domain.iter().map(|rdn| rdn.value.as_str()).collect();
        components.push(labels.join("."));
    }
    components.extend(units.iter().rev().map(|rdn| rdn.value.clone()));
    if components.is_empty() {
        return Err(OuError::Empty);
    }
    Ok(components)
}

impl FromStr for OuPath {
    type Err = OuError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        OuPath::parse(text)
    }
}

impl PartialEq for OuPath {
    fn eq(&self, other: &Self) -> bool {
        self.keys == other.keys
    }
}

impl Eq for OuPath {}

impl Hash for OuPath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.keys.hash(state);
    }
}

/// The path notation, components as written: `corp/Sales/EMEA`.
impl fmt::Display for OuPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.components.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ou(text: &str) -> OuPath {
        // An unparsable text becomes an OU that equals and contains no real one.
        OuPath::parse(text).unwrap_or_else(|err| {
            let marker = vec![format!("\0unparsable {text:?}: {err}")];
            OuPath {
                components: marker.clone(),
                keys: marker,
            }
        })
    }

    fn parts(text: &str) -> Vec<String> {
        ou(text).components().to_vec()
    }

    #[test]
    fn paths_tolerate_surrounding_slashes_and_spaces() {
        assert_eq!(parts("corp/Sales/EMEA"), ["corp", "Sales", "EMEA"]);
        assert_eq!(parts("  /corp / Sales/EMEA/ "), ["corp", "Sales", "EMEA"]);
        assert_eq!(parts("corp"), ["corp"]);
    }

    #[test]
    fn dns_read_root_first_with_the_domain_as_root() {
        assert_eq!(parts("OU=EMEA,OU=Sales,DC=corp"), ["corp", "Sales", "EMEA"]);
        assert_eq!(
            parts("OU=Sales,DC=corp,DC=example,DC=com"),
            ["corp.example.com", "Sales"]
        );
        assert_eq!(parts("DC=corp"), ["corp"]);
        assert_eq!(parts("OU=Sales,OU=Emea"), ["Emea", "Sales"]);
    }

    #[test]
    fn an_objects_dn_is_in_the_ou_that_holds_it() {
        assert_eq!(ou("CN=PC1,OU=EMEA,OU=Sales,DC=corp"), ou("corp/Sales/EMEA"));
        assert_eq!(ou("CN=Lim\\, Olivia,OU=Data,DC=corp"), ou("corp/Data"));
        assert_eq!(ou("CN=PC2,CN=Computers,DC=corp"), ou("corp"));
    }

    #[test]
    fn escaped_commas_stay_inside_a_component() {
        assert_eq!(
            parts(r"OU=Sales\, Marketing,DC=corp"),
            ["corp", "Sales, Marketing"]
        );
    }

    #[test]
    fn path_and_dn_forms_are_equal_ignoring_case() {
        assert_eq!(ou("corp/Sales/EMEA"), ou("ou=emea,ou=SALES,dc=CORP"));
        assert_eq!(
            ou("corp.example.com/Sales"),
            ou("OU=Sales,DC=corp,DC=example,DC=com")
        );
        assert_eq!(ou("corp"), ou("DC=corp"));
        assert_eq!(ou("ÄRZTE/x"), ou("ärzte/X"));
        assert_ne!(ou("corp/Sales"), ou("corp/Sales/EMEA"));
    }

    #[test]
    fn an_ou_contains_itself_and_everything_nested_below() {
        let sales = ou("corp/Sales");
        assert!(sales.contains(&ou("corp/Sales")));
        assert!(sales.contains(&ou("corp/sales/EMEA")));
        assert!(sales.contains(&ou("OU=Berlin,OU=DE,OU=EMEA,OU=Sales,DC=corp")));
        assert!(!sales.contains(&ou("corp/SalesX")));
        assert!(!sales.contains(&ou("corp")));
        assert!(!sales.contains(&ou("other/Sales")));
        assert!(ou("DC=corp").contains(&ou("corp/HR")));
    }

    #[test]
    fn displays_as_a_path() {
        assert_eq!(
            ou("OU=EMEA,OU=Sales,DC=corp,DC=example").to_string(),
            "corp.example/Sales/EMEA"
        );
    }

    #[test]
    fn malformed_ous_are_errors() {
        assert_eq!(OuPath::parse("  "), Err(OuError::Empty));
        assert_eq!(OuPath::parse("//"), Err(OuError::Empty));
        assert_eq!(
            OuPath::parse("corp//Sales"),
            Err(OuError::EmptyComponent { position: 2 })
        );
        assert_eq!(OuPath::parse("CN=PC1"), Err(OuError::Empty));
        assert_eq!(
            OuPath::parse("DC=corp,OU=Sales"),
            Err(OuError::DomainNotLast)
        );
        assert!(matches!(
            OuPath::parse("OU=Sales,corp"),
            Err(OuError::NotAttributeValue { .. })
        ));
    }
}

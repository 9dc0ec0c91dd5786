//! LDAP distinguished names (RFC 4514 syntax) read far enough to place an object in an OU tree.

use crate::OuError;

/// One `TYPE=value` component of a DN, value unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rdn {
    /// The attribute type as written (`OU`, `dc`, `CN`, …), trimmed.
    pub(crate) kind: String,
    /// The unescaped value, without unescaped surrounding spaces.
    pub(crate) value: String,
}

impl Rdn {
    pub(crate) fn is(&self, kind: &str) -> bool {
        self.kind.eq_ignore_ascii_case(kind)
    }
}

/// Whether `text` is written as a DN (`OU=Sales,DC=corp`) rather than a path: it starts with
/// an attribute type (a letter, then letters, digits or `-`) followed by `=`.
pub(crate) fn looks_like_dn(text: &str) -> bool {
    let Some((kind, _)) = text.trim_start().split_once('=') else {
        return false;
    };
    is_attribute_type(kind.trim_end())
}

fn is_attribute_type(kind: &str) -> bool {
    let mut chars = kind.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Trims `part`, except a final space escaped as `\ ` (part of a DN value): how OU
/// entries are trimmed, so that trimming never changes a DN's meaning.
pub(crate) fn trim_keeping_escaped_space(part: &str) -> &str {
    let part = part.trim_start();
    let trimmed = part.trim_end();
    let backslashes = trimmed.bytes().rev().take_while(|&b| b == b'\\').count();
    if backslashes % 2 == 0 {
        return trimmed;
    }
    let escaped = part[trimmed.len()..]
        .chars()
        .next()
        .map_or(0, char::len_utf8);
    &part[..trimmed.len() + escaped]
}

/// Splits a DN into its components, leaf first as written, handling `\,`-style and `\2C`-style
/// escapes. Multi-valued components (`+`) and quoted values are not given special meaning.
pub(crate) fn parse_dn(text: &str) -> Result<Vec<Rdn>, OuError> {
    let mut rdns = Vec::new();
    let mut current = RdnBuilder::default();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            ',' => {
                rdns.push(current.finish(&text[start..at])?);
                current = RdnBuilder::default();
                start = at + 1;
            }
            '=' if !current.in_value => current.in_value = true,
            '\\' => {
                let rdn = || {
                    text[start..]
                        .split(',')
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                };
                if !current.in_value {
                    return Err(OuError::NotAttributeValue { rdn: rdn() });
                }
                let Some((_, first)) = chars.next() else {
                    return Err(OuError::BadEscape { rdn: rdn() });
                };
                match first.to_digit(16) {
                    Some(high) => {
                        let low = chars.next().and_then(|(_, c)| c.to_digit(16));
                        let Some(low) = low else {
                            return Err(OuError::BadEscape { rdn: rdn() });
                        };
                        // Both digits are below 16, so the byte fits.
                        current.push_escaped_byte((high * 16 + low) as u8);
                    }
                    None => current.push_escaped_char(first),
                }
            }
            c if current.in_value => current.push_char(c),
            c => current.kind.push(c),
        }
    }
    rdns.push(current.finish(&text[start..])?);
    Ok(rdns)
}

/// Accumulates one RDN while scanning.
#[derive(Default)]
struct RdnBuilder {
    kind: String,
    in_value: bool,
    value: Vec<u8>,
    /// Length of `value` up to its last escaped or non-space byte: where trailing unescaped
    /// spaces begin.
    significant: usize,
}

impl RdnBuilder {
    fn push_char(&mut self, c: char) {
        if c == ' ' {
            if !self.value.is_empty() {
                self.value.push(b' ');
            }
            return;
        }
        let mut utf8 = [0; 4];
        self.value
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        self.significant = self.value.len();
    }

    fn push_escaped_char(&mut self, c: char) {
        let mut utf8 = [0; 4];
        self.value
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        self.significant = self.value.len();
    }

    fn push_escaped_byte(&mut self, byte: u8) {
        self.value.push(byte);
        self.significant = self.value.len();
    }

    fn finish(mut self, written: &str) -> Result<Rdn, OuError> {
        let rdn = || written.trim().to_owned();
        let kind = self.kind.trim();
        if !self.in_value || !is_attribute_type(kind) {
            return Err(OuError::NotAttributeValue { rdn: rdn() });
        }
        self.value.truncate(self.significant);
        let value = String::from_utf8(self.value).map_err(|_| OuError::BadEscape { rdn: rdn() })?;
        if value.is_empty() {
            return Err(OuError::EmptyValue { rdn: rdn() });
        }
        Ok(Rdn {
            kind: kind.to_owned(),
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, String)> {
        parse_dn(text)
            .unwrap_or_default()
            .into_iter()
            .map(|rdn| (rdn.kind, rdn.value))
            .collect()
    }

    fn pair(kind: &str, value: &str) -> (String, String) {
        (kind.to_owned(), value.to_owned())
    }

    #[test]
    fn splits_components_and_trims_unescaped_spaces() {
        assert_eq!(
            values(" OU = EMEA , ou=Sales,DC=corp "),
            vec![pair("OU", "EMEA"), pair("ou", "Sales"), pair("DC", "corp")]
        );
        assert_eq!(
            values("OU=North America,DC=corp")[0],
            pair("OU", "North America")
        );
    }

    #[test]
    fn escaped_commas_and_hex_stay_in_the_value() {
        assert_eq!(
            values(r"OU=Sales\, Marketing,DC=corp")[0],
            pair("OU", "Sales, Marketing")
        );
        assert_eq!(
            values(r"OU=Sales\2C Marketing,DC=corp")[0],
            pair("OU", "Sales, Marketing")
        );
        assert_eq!(values(r"OU=M\C3\BCnchen,DC=corp")[0], pair("OU", "München"));
        assert_eq!(values(r"OU=a\\b,DC=corp")[0], pair("OU", r"a\b"));
        assert_eq!(values(r"OU=\ padded\ ,DC=corp")[0], pair("OU", " padded "));
    }

    #[test]
    fn malformed_names_are_errors() {
        assert!(
            matches!(parse_dn("OU=EMEA,Sales"), Err(OuError::NotAttributeValue { rdn }) if rdn == "Sales")
        );
        assert!(matches!(
            parse_dn("OU=EMEA,"),
            Err(OuError::NotAttributeValue { .. })
        ));
        assert!(
            matches!(parse_dn("OU= ,DC=corp"), Err(OuError::EmptyValue { rdn }) if rdn == "OU=")
        );
        assert!(matches!(
            parse_dn(r"OU=EMEA\"),
            Err(OuError::BadEscape { .. })
        ));
        assert!(matches!(
            parse_dn(r"OU=E\4"),
            Err(OuError::BadEscape { .. })
        ));
        assert!(matches!(
            parse_dn(r"OU=\FF,DC=corp"),
            Err(OuError::BadEscape { .. })
        ));
        assert!(matches!(
            parse_dn("O U=x"),
            Err(OuError::NotAttributeValue { .. })
        ));
    }

    #[test]
    fn recognises_dns_by_their_leading_attribute_type() {
        assert!(looks_like_dn("OU=EMEA,DC=corp"));
        assert!(looks_like_dn("  cn = PC1"));
        assert!(!looks_like_dn("corp/Sales"));
        assert!(!looks_like_dn("corp/a=b"));
        assert!(!looks_like_dn("=x"));
    }
}

//! Comparing one attribute value with one literal: strings (case-exact or by Unicode
//! lowercase, without allocating on ASCII), numbers and instants.

use std::cmp::Ordering;

use serde_json::Number;

use super::ast::CompareOp;

/// Whether `ordering` (attribute value against literal) satisfies `op`, for `eq` and the
/// ordering operators. Substring operators never hold here.
pub(crate) fn holds(op: CompareOp, ordering: Ordering) -> bool {
    match op {
        CompareOp::Eq => ordering == Ordering::Equal,
        CompareOp::Gt => ordering == Ordering::Greater,
        CompareOp::Ge => ordering != Ordering::Less,
        CompareOp::Lt => ordering == Ordering::Less,
        CompareOp::Le => ordering != Ordering::Greater,
        CompareOp::Ne | CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

/// The lowercase form used for case-insensitive comparison: each character's Unicode
/// lowercase mapping, without context (so `Σ` is always `σ`).
pub(crate) fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// A string literal prepared for comparison.
#[derive(Debug, Clone)]
pub(crate) struct StrLiteral {
    /// The literal, already [`fold`]ed when the comparison is case-insensitive.
    text: String,
    case_exact: bool,
    ascii: bool,
}

impl StrLiteral {
    /// Prepares `text` for comparisons that are case-sensitive when `case_exact`.
    pub(crate) fn new(text: &str, case_exact: bool) -> Self {
        let text = if case_exact {
            text.to_owned()
        } else {
            fold(text)
        };
        let ascii = text.is_ascii();
        StrLiteral {
            text,
            case_exact,
            ascii,
        }
    }

    /// Whether `value op literal` holds (`op` is not `ne`).
    pub(crate) fn matches(&self, op: CompareOp, value: &str) -> bool {
        let lit = self.text.as_str();
        if self.case_exact {
            return match op {
                CompareOp::Co => value.contains(lit),
                CompareOp::Sw => value.starts_with(lit),
                CompareOp::Ew => value.ends_with(lit),
                _ => holds(op, value.cmp(lit)),
            };
        }
        if self.ascii && value.is_ascii() {
            return ascii_matches(op, value.as_bytes(), lit.as_bytes());
        }
        let folded = || value.chars().flat_map(char::to_lowercase);
        match op {
            CompareOp::Co => fold(value).contains(lit),
            CompareOp::Sw => {
                let mut v = folded();
                lit.chars().all(|c| v.next() == Some(c))
            }
            CompareOp::Ew => {
                let mut v = folded().rev();
                lit.chars().rev().all(|c| v.next() == Some(c))
            }
            _ => holds(op, folded().cmp(lit.chars())),
        }
    }
}

/// Case-insensitive comparison of ASCII `value` with the lowercase ASCII `lit`.
fn ascii_matches(op: CompareOp, value: &[u8], lit: &[u8]) -> bool {
    let n = lit.len();
    match op {
        CompareOp::Co => n == 0 || value.windows(n).any(|w| w.eq_ignore_ascii_case(lit)),
        CompareOp::Sw => value.get(..n).is_some_and(|p| p.eq_ignore_ascii_case(lit)),
        CompareOp::Ew => value
            .len()
            .checked_sub(n)
            .and_then(|from| value.get(from..))
            .is_some_and(|p| p.eq_ignore_ascii_case(lit)),
        CompareOp::Eq => value.eq_ignore_ascii_case(lit),
        _ => holds(
            op,
            value
                .iter()
                .map(u8::to_ascii_lowercase)
                .cmp(lit.iter().copied()),
        ),
    }
}

/// Orders two JSON numbers: exactly when both are integers of one sign class, else as
/// 64-bit floats.
pub(crate) fn cmp_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ci(lit: &str) -> StrLiteral {
        StrLiteral::new(lit, false)
    }

    #[test]
    fn case_insensitive_ascii() {
        assert!(ci("BJensen@Example.com").matches(CompareOp::Eq, "bjensen@example.COM"));
        assert!(ci("JEN").matches(CompareOp::Co, "bjensen"));
        assert!(ci("BJ").matches(CompareOp::Sw, "bjensen"));
        assert!(ci("SEN").matches(CompareOp::Ew, "bjensen"));
        assert!(!ci("SEN").matches(CompareOp::Sw, "bjensen"));
        assert!(!ci("B").matches(CompareOp::Gt, "a"));
        assert!(ci("B").matches(CompareOp::Lt, "a"));
        assert!(ci("a").matches(CompareOp::Ge, "A"));
        assert!(ci("").matches(CompareOp::Co, "anything"));
        assert!(!ci("longer").matches(CompareOp::Ew, "er"));
    }

    #[test]
    fn case_insensitive_unicode() {
        assert!(ci("ÉLODIE").matches(CompareOp::Eq, "élodie"));
        assert!(!ci("straße").matches(CompareOp::Sw, "STRASSE"));
        assert!(ci("ΣΟΦΙΑ").matches(CompareOp::Eq, "σοφια"));
        assert!(!ci("öm").matches(CompareOp::Co, "JÖRMUNGANDR"));
        assert!(ci("ÖR").matches(CompareOp::Co, "JÖRMUNGANDR"));
        assert!(ci("DR").matches(CompareOp::Ew, "JÖRMUNGANDR"));
        // KELVIN SIGN lowercases to an ASCII k.
        assert!(ci("k").matches(CompareOp::Eq, "\u{212A}"));
    }

    #[test]
    fn case_exact() {
        let lit = StrLiteral::new("Abc", true);
        assert!(lit.matches(CompareOp::Eq, "Abc"));
        assert!(!lit.matches(CompareOp::Eq, "abc"));
        assert!(!lit.matches(CompareOp::Co, "xabcx"));
        assert!(lit.matches(CompareOp::Co, "xAbcx"));
        assert!(lit.matches(CompareOp::Gt, "abc"));
    }

    #[test]
    fn numbers_compare_by_value() {
        let n = |s: &str| serde_json::from_str::<Number>(s).unwrap();
        assert_eq!(cmp_numbers(&n("2"), &n("2.0")), Some(Ordering::Equal));
        assert_eq!(
            cmp_numbers(&n("-1"), &n("18446744073709551615")),
            Some(Ordering::Less)
        );
        assert_eq!(cmp_numbers(&n("10"), &n("9")), Some(Ordering::Greater));
        assert_eq!(cmp_numbers(&n("1.5"), &n("1e0")), Some(Ordering::Greater));
    }
}

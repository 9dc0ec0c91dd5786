//! The canonical printer.
//!
//! A filter prints as: keywords lowercase (`eq`, `and`, `not`, `true`, `null`); one space
//! between tokens; attribute paths as written in the tree; strings in double quotes with
//! `"`, `\` and control characters escaped (`\b \f \n \r \t`, else `\u00XX`) and every other
//! character as itself; numbers as `serde_json` writes them; value filters as
//! `path[filter]` and negations as `not (filter)`. Parentheses appear only where they are
//! needed to keep the tree: around an `or` that is an operand of `and`, and around the right
//! operand of `and`/`or` when it is the same or a looser operator (both are
//! left-associative). So `parse(&f.to_string()) == Ok(f)` for every tree the parser can
//! produce, and printing a parsed filter normalises it.

use std::fmt::{self, Write};

use super::ast::{CompValue, CompareOp, Filter};

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for CompValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompValue::Null => f.write_str("null"),
            CompValue::Bool(b) => write!(f, "{b}"),
            CompValue::Number(n) => write!(f, "{n}"),
            CompValue::String(s) => write_json_string(f, s),
        }
    }
}

/// Writes `s` as a JSON string literal.
fn write_json_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| c == '"' || c == '\\' || c < ' ') {
        let (plain, tail) = rest.split_at(i);
        f.write_str(plain)?;
        let mut chars = tail.chars();
        match chars.next() {
            Some('"') => f.write_str("\\\"")?,
            Some('\\') => f.write_str("\\\\")?,
            Some('\u{8}') => f.write_str("\\b")?,
            Some('\u{c}') => f.write_str("\\f")?,
            Some('\n') => f.write_str("\\n")?,
            Some('\r') => f.write_str("\\r")?,
            Some('\t') => f.write_str("\\t")?,
            Some(c) => write!(f, "\\u{:04x}", u32::from(c))?,
            None => {}
        }
        rest = chars.as_str();
    }
    f.write_str(rest)?;
    f.write_char('"')
}

/// Writes `filter`, in parentheses when `parenthesise`.
fn write_operand(f: &mut fmt::Formatter<'_>, filter: &Filter, parenthesise: bool) -> fmt::Result {
    if parenthesise {
        write!(f, "({filter})")
    } else {
        write!(f, "{filter}")
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Compare { path, op, value } => write!(f, "{path} {op} {value}"),
            Filter::Present(path) => write!(f, "{path} pr"),
            Filter::And(left, right) => {
                write_operand(f, left, matches!(**left, Filter::Or(..)))?;
                f.write_str(" and ")?;
                write_operand(
                    f,
                    right,
                    matches!(**right, Filter::Or(..) | Filter::And(..)),
                )
            }
            Filter::Or(left, right) => {
                write_operand(f, left, false)?;
                f.write_str(" or ")?;
                write_operand(f, right, matches!(**right, Filter::Or(..)))
            }
            Filter::Not(inner) => write!(f, "not ({inner})"),
            Filter::ValuePath { path, filter } => write!(f, "{path}[{filter}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::AttrPath;

    fn pr(name: &str) -> Filter {
        Filter::present(AttrPath::new(name))
    }

    #[test]
    fn parenthesises_only_where_needed() {
        assert_eq!(
            pr("a").or(pr("b")).and(pr("c")).to_string(),
            "(a pr or b pr) and c pr"
        );
        assert_eq!(
            pr("a").and(pr("b")).or(pr("c")).to_string(),
            "a pr and b pr or c pr"
        );
        assert_eq!(
            pr("a").and(pr("b").and(pr("c"))).to_string(),
            "a pr and (b pr and c pr)"
        );
        assert_eq!(
            pr("a").or(pr("b").or(pr("c"))).to_string(),
            "a pr or (b pr or c pr)"
        );
        assert_eq!(
            pr("a").or(pr("b").and(pr("c"))).to_string(),
            "a pr or b pr and c pr"
        );
        assert_eq!(
            pr("a").and(pr("b")).negate().to_string(),
            "not (a pr and b pr)"
        );
    }

    #[test]
    fn escapes_strings_as_json() {
        let v = CompValue::String("say \"hi\"\\ \n\t\u{1}/é".into());
        assert_eq!(v.to_string(), r#""say \"hi\"\\ \n\t\u0001/é""#);
    }

    #[test]
    fn prints_literals_in_lowercase() {
        assert_eq!(CompValue::Null.to_string(), "null");
        assert_eq!(CompValue::Bool(false).to_string(), "false");
        assert_eq!(CompValue::from(-3).to_string(), "-3");
        assert_eq!(CompareOp::Ge.to_string(), "ge");
    }
}

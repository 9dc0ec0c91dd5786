//! One comparison, decided without SQL: what test a column must pass, with the evaluator's
//! semantics (scim-core `filter` module): `ne` is `not eq` (handled by the caller), `eq null`
//! means absent, a literal of the wrong type never equals, strings compare by `caseExact`
//! (else by their lowercase key), dateTimes as instants.

use chrono::{DateTime, NaiveDateTime, Timelike};
use scim_core::filter::{CompValue, CompareOp};
use scim_core::resource::normalized_key;

use crate::time::truncate;

/// The type of a column, as the filter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text; `case_exact == false` means the column holds [`normalized_key`]s.
    Text { case_exact: bool },
    /// A boolean.
    Bool,
    /// A timestamp (UTC, microseconds).
    Time,
}

/// A test on a text column (LIKE patterns escaped with `\`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TextTest {
    Eq(String),
    Gt(String),
    Ge(String),
    Lt(String),
    Le(String),
    Like(String),
}

/// A test on a timestamp column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeTest {
    Eq(NaiveDateTime),
    Gt(NaiveDateTime),
    Ge(NaiveDateTime),
    Lt(NaiveDateTime),
    Le(NaiveDateTime),
}

/// What one comparison asks of a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Leaf {
    /// The same answer for every row.
    Const(bool),
    /// A value is present (not NULL, not empty text).
    Present,
    /// No value is present.
    Absent,
    /// A text test.
    Text(TextTest),
    /// Equal to this boolean.
    Bool(bool),
    /// A timestamp test.
    Time(TimeTest),
}

/// `%`, `_` and `\` escaped for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The test for `column op value` on a column of `kind`; `None` when SQL should not decide
/// (`ne`, which callers rewrite as `not eq`, and comparisons the evaluator refuses).
pub(crate) fn compare(op: CompareOp, value: &CompValue, kind: Kind) -> Option<Leaf> {
    if op == CompareOp::Ne {
        return None;
    }
    if *value == CompValue::Null {
        return (op == CompareOp::Eq).then_some(Leaf::Absent);
    }
    match kind {
        Kind::Text { case_exact } => match value {
            CompValue::String(s) => {
                let lit = if case_exact {
                    s.clone()
                } else {
                    normalized_key(s)
                };
                Some(Leaf::Text(match op {
                    CompareOp::Eq => TextTest::Eq(lit),
                    CompareOp::Gt => TextTest::Gt(lit),
                    CompareOp::Ge => TextTest::Ge(lit),
                    CompareOp::Lt => TextTest::Lt(lit),
                    CompareOp::Le => TextTest::Le(lit),
                    CompareOp::Co => TextTest::Like(format!("%{}%", escape_like(&lit))),
                    CompareOp::Sw => TextTest::Like(format!("{}%", escape_like(&lit))),
                    CompareOp::Ew => TextTest::Like(format!("%{}", escape_like(&lit))),
                    CompareOp::Ne => return None,
                }))
            }
            other => mismatch(op, other),
        },
        Kind::Bool => match (op, value) {
            (CompareOp::Eq, CompValue::Bool(b)) => Some(Leaf::Bool(*b)),
            (CompareOp::Eq, _) => Some(Leaf::Const(false)),
            _ => None,
        },
        Kind::Time => match value {
            CompValue::String(s) if !op.is_substring() => {
                let t = DateTime::parse_from_rfc3339(s).ok()?.naive_utc();
                Some(time_test(op, t))
            }
            other => mismatch(op, other),
        },
    }
}

/// A literal of another type than the column's: never equal (`Const(false)`) where the
/// evaluator accepts the comparison, `None` where it refuses it (`gt true`, `co 1`).
fn mismatch(op: CompareOp, value: &CompValue) -> Option<Leaf> {
    let accepted = match value {
        CompValue::Bool(_) | CompValue::Null => op == CompareOp::Eq,
        CompValue::Number(_) | CompValue::String(_) => !op.is_substring(),
    };
    accepted.then_some(Leaf::Const(false))
}

/// Stored timestamps have microseconds; a literal with finer digits lies strictly between
/// two stored values, so compare against its truncation with the matching strictness.
fn time_test(op: CompareOp, t: NaiveDateTime) -> Leaf {
    let micros = truncate(t);
    let exact = t.nanosecond().is_multiple_of(1000);
    Leaf::Time(match op {
        CompareOp::Eq if exact => TimeTest::Eq(t),
        CompareOp::Eq => return Leaf::Const(false),
        CompareOp::Gt => TimeTest::Gt(micros),
        CompareOp::Ge if exact => TimeTest::Ge(t),
        CompareOp::Ge => TimeTest::Gt(micros),
        CompareOp::Lt if exact => TimeTest::Lt(t),
        // Exact or not, `<= micros` is right for `le` (micros == t when exact).
        CompareOp::Lt | CompareOp::Le => TimeTest::Le(micros),
        CompareOp::Ne | CompareOp::Co | CompareOp::Sw | CompareOp::Ew => return Leaf::Const(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> CompValue {
        CompValue::String(v.into())
    }

    const CI: Kind = Kind::Text { case_exact: false };
    const CE: Kind = Kind::Text { case_exact: true };

    #[test]
    fn case_insensitive_literals_are_keyed() {
        assert_eq!(
            compare(CompareOp::Eq, &s("ÉMILE@X"), CI),
            Some(Leaf::Text(TextTest::Eq("émile@x".into())))
        );
        assert_eq!(
            compare(CompareOp::Eq, &s("ÉMILE@X"), CE),
            Some(Leaf::Text(TextTest::Eq("ÉMILE@X".into())))
        );
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
        assert_eq!(
            compare(CompareOp::Co, &s("a%"), CE),
            Some(Leaf::Text(TextTest::Like(r"%a\%%".into())))
        );
        assert_eq!(
            compare(CompareOp::Sw, &s("A_"), CI),
            Some(Leaf::Text(TextTest::Like(r"a\_%".into())))
        );
        assert_eq!(
            compare(CompareOp::Ew, &s("x"), CE),
            Some(Leaf::Text(TextTest::Like("%x".into())))
        );
    }

    #[test]
    fn null_means_absent_and_wrong_types_never_equal() {
        assert_eq!(
            compare(CompareOp::Eq, &CompValue::Null, CI),
            Some(Leaf::Absent)
        );
        assert_eq!(compare(CompareOp::Gt, &CompValue::Null, CI), None);
        assert_eq!(
            compare(CompareOp::Eq, &CompValue::Bool(true), Kind::Time),
            Some(Leaf::Const(false))
        );
        assert_eq!(
            compare(CompareOp::Eq, &s("true"), Kind::Bool),
            Some(Leaf::Const(false))
        );
        assert_eq!(
            compare(CompareOp::Gt, &CompValue::Bool(true), Kind::Bool),
            None
        );
        assert_eq!(compare(CompareOp::Ne, &s("x"), CI), None);
    }

    #[test]
    fn instants_are_converted_to_utc_and_sub_microseconds_respected() {
        let t = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().naive_utc();
        assert_eq!(
            compare(CompareOp::Gt, &s("2026-01-01T02:00:00+02:00"), Kind::Time),
            Some(Leaf::Time(TimeTest::Gt(t("2026-01-01T00:00:00Z"))))
        );
        let fine = s("2026-01-01T00:00:00.0000015Z");
        let micros = t("2026-01-01T00:00:00.000001Z");
        assert_eq!(
            compare(CompareOp::Eq, &fine, Kind::Time),
            Some(Leaf::Const(false))
        );
        assert_eq!(
            compare(CompareOp::Ge, &fine, Kind::Time),
            Some(Leaf::Time(TimeTest::Gt(micros)))
        );
        assert_eq!(
            compare(CompareOp::Lt, &fine, Kind::Time),
            Some(Leaf::Time(TimeTest::Le(micros)))
        );
        assert_eq!(compare(CompareOp::Eq, &s("yesterday"), Kind::Time), None);
    }
}

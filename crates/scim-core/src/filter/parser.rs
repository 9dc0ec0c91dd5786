//! The filter parser: RFC 7644 §3.4.2.2 with `not` > `and` > `or`, left-associative, plus
//! Microsoft Entra's `attr[filter].sub op value` form.

use std::str::FromStr;

use super::ast::{CompValue, CompareOp, Filter};
use super::error::{FilterError, FilterErrorKind};
use super::lexer::{Lexer, Spanned, Token};
use crate::path::{is_attr_name, AttrPath};

/// The longest filter accepted, in bytes.
pub const MAX_FILTER_LENGTH: usize = 4096;

/// The deepest nesting of parentheses, `not (…)` and value filters `attr[…]` accepted.
pub const MAX_FILTER_DEPTH: usize = 32;

/// Parses a filter (RFC 7644 §3.4.2.2).
///
/// Keywords (`and`, `or`, `not`, operators, `true`, `false`, `null`) and attribute names
/// are case-insensitive; `not` binds tighter than `and`, which binds tighter than `or`, and
/// both are left-associative. Microsoft Entra's `emails[type eq "work"].value eq "x"` is
/// read as `emails[type eq "work" and value eq "x"]`.
///
/// ```
/// use scim_core::filter::{parse, CompareOp, Filter};
/// let f = parse(r#"userName Eq "bjensen" AND not (active eq false)"#).unwrap();
/// assert!(matches!(f, Filter::And(..)));
/// assert_eq!(f.to_string(), r#"userName eq "bjensen" and not (active eq false)"#);
/// ```
pub fn parse(text: &str) -> Result<Filter, FilterError> {
    if text.len() > MAX_FILTER_LENGTH {
        return Err(FilterError::at(
            MAX_FILTER_LENGTH,
            FilterErrorKind::TooLong {
                max: MAX_FILTER_LENGTH,
            },
        ));
    }
    let mut p = Parser::new(text)?;
    if p.current.token == Token::End {
        return Err(FilterError::at(p.current.start, FilterErrorKind::Empty));
    }
    let filter = p.or_expr(0, false)?;
    p.expect_end("\"and\", \"or\" or the end of the filter")?;
    Ok(filter)
}

impl FromStr for Filter {
    type Err = FilterError;

    /// Same as [`parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// A recursive-descent parser with one token of lookahead.
#[derive(Debug)]
struct Parser<'a> {
    lexer: Lexer<'a>,
    current: Spanned<'a>,
}

impl<'a> Parser<'a> {
    /// A parser positioned on the first token of `text`.
    fn new(text: &'a str) -> Result<Self, FilterError> {
        let mut lexer = Lexer::new(text);
        let current = lexer.next_token()?;
        Ok(Parser { lexer, current })
    }

    /// Moves to the next token and returns the one that was current.
    fn bump(&mut self) -> Result<Spanned<'a>, FilterError> {
        let next = self.lexer.next_token()?;
        Ok(std::mem::replace(&mut self.current, next))
    }

    fn error<T>(&self, kind: FilterErrorKind) -> Result<T, FilterError> {
        Err(FilterError::at(self.current.start, kind))
    }

    fn current_is_keyword(&self, keyword: &str) -> bool {
        matches!(self.current.token, Token::Word(w) if w.eq_ignore_ascii_case(keyword))
    }

    /// Fails unless the current token is the end of the text.
    fn expect_end(&self, expected: &'static str) -> Result<(), FilterError> {
        if self.current.token == Token::End {
            Ok(())
        } else {
            self.error(FilterErrorKind::Expected(expected))
        }
    }

    /// Consumes `token` or fails with "expected `expected`".
    fn expect(&mut self, token: &Token<'_>, expected: &'static str) -> Result<(), FilterError> {
        if &self.current.token == token {
            self.bump()?;
            Ok(())
        } else {
            self.error(FilterErrorKind::Expected(expected))
        }
    }

    /// Fails if entering one more level of nesting would pass the limit.
    fn deeper(&self, depth: usize) -> Result<usize, FilterError> {
        if depth >= MAX_FILTER_DEPTH {
            self.error(FilterErrorKind::TooDeep {
                max: MAX_FILTER_DEPTH,
            })
        } else {
            Ok(depth + 1)
        }
    }

    /// `and_expr ("or" and_expr)*`
    fn or_expr(&mut self, depth: usize, in_value: bool) -> Result<Filter, FilterError> {
        let mut left = self.and_expr(depth, in_value)?;
        while self.current_is_keyword("or") {
            self.bump()?;
            let right = self.and_expr(depth, in_value)?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `unary ("and" unary)*`
    fn and_expr(&mut self, depth: usize, in_value: bool) -> Result<Filter, FilterError> {
        let mut left = self.unary(depth, in_value)?;
        while self.current_is_keyword("and") {
            self.bump()?;
            let right = self.unary(depth, in_value)?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `"not" "(" filter ")" | "(" filter ")" | attribute expression`
    fn unary(&mut self, depth: usize, in_value: bool) -> Result<Filter, FilterError> {
        match self.current.token {
            Token::LParen => self.group(depth, in_value),
            Token::Word(word) => {
                let start = self.bump()?.start;
                if word.eq_ignore_ascii_case("not") && self.current.token == Token::LParen {
                    Ok(Filter::Not(Box::new(self.group(depth, in_value)?)))
                } else {
                    self.attribute_expr(word, start, depth, in_value)
                }
            }
            _ => self.error(FilterErrorKind::Expected(
                "an attribute path, \"not\" or \"(\"",
            )),
        }
    }

    /// `"(" filter ")"`, on the opening parenthesis.
    fn group(&mut self, depth: usize, in_value: bool) -> Result<Filter, FilterError> {
        let depth = self.deeper(depth)?;
        self.bump()?;
        let inner = self.or_expr(depth, in_value)?;
        self.expect(&Token::RParen, "\"and\", \"or\" or \")\"")?;
        Ok(inner)
    }

    /// What follows an attribute path: `pr`, `op value`, or `[filter]` (then Entra's
    /// optional `.sub op value`).
    fn attribute_expr(
        &mut self,
        word: &str,
        start: usize,
        depth: usize,
        in_value: bool,
    ) -> Result<Filter, FilterError> {
        let path = attr_path(word, start)?;
        if self.current.token != Token::LBracket {
            return self.condition(path);
        }
        if in_value {
            return self.error(FilterErrorKind::NestedValuePath);
        }
        let inner = self.value_filter(depth)?;
        let filter = if self.current.token == Token::Dot {
            self.bump()?;
            let sub = self.sub_attribute()?;
            let condition = self.condition(AttrPath::new(sub))?;
            Filter::And(Box::new(inner), Box::new(condition))
        } else {
            inner
        };
        Ok(Filter::ValuePath {
            path,
            filter: Box::new(filter),
        })
    }

    /// `"[" filter "]"`, on the opening bracket.
    fn value_filter(&mut self, depth: usize) -> Result<Filter, FilterError> {
        let depth = self.deeper(depth)?;
        self.bump()?;
        let inner = self.or_expr(depth, true)?;
        self.expect(&Token::RBracket, "\"and\", \"or\" or \"]\"")?;
        Ok(inner)
    }

    /// A sub-attribute name after `].`.
    fn sub_attribute(&mut self) -> Result<String, FilterError> {
        match self.current.token {
            Token::Word(w) if is_attr_name(w) => {
                self.bump()?;
                Ok(w.to_owned())
            }
            Token::Word(_) => self.error(FilterErrorKind::InvalidPath("not a sub-attribute name")),
            _ => self.error(FilterErrorKind::Expected("a sub-attribute name")),
        }
    }

    /// `pr` or `compareOp compValue` after `path`.
    fn condition(&mut self, path: AttrPath) -> Result<Filter, FilterError> {
        let Token::Word(word) = self.current.token else {
            return self.error(FilterErrorKind::Expected("a comparison operator"));
        };
        if word.eq_ignore_ascii_case("pr") {
            self.bump()?;
            return Ok(Filter::Present(path));
        }
        let Some(op) = CompareOp::from_keyword(word) else {
            return self.error(FilterErrorKind::Expected("a comparison operator"));
        };
        self.bump()?;
        let value = self.comp_value()?;
        Ok(Filter::Compare { path, op, value })
    }

    /// A string, number, `true`, `false` or `null`.
    fn comp_value(&mut self) -> Result<CompValue, FilterError> {
        let value = match &mut self.current.token {
            Token::Str(s) => CompValue::String(std::mem::take(s)),
            Token::Number(n) => CompValue::Number(n.clone()),
            Token::Word(w) if w.eq_ignore_ascii_case("true") => CompValue::Bool(true),
            Token::Word(w) if w.eq_ignore_ascii_case("false") => CompValue::Bool(false),
            Token::Word(w) if w.eq_ignore_ascii_case("null") => CompValue::Null,
            _ => {
                return self.error(FilterErrorKind::Expected(
                    "a value (a string, number, true, false or null)",
                ))
            }
        };
        self.bump()?;
        Ok(value)
    }
}

/// The attribute path written as `word` at `start`.
fn attr_path(word: &str, start: usize) -> Result<AttrPath, FilterError> {
    AttrPath::parse(word)
        .map_err(|e| FilterError::at(start, FilterErrorKind::InvalidPath(e.reason)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> AttrPath {
        AttrPath::parse(p).unwrap()
    }

    fn eq(p: &str, v: &str) -> Filter {
        Filter::compare(path(p), CompareOp::Eq, v.into())
    }

    #[test]
    fn and_binds_tighter_than_or() {
        assert_eq!(
            parse(r#"a eq "1" or b eq "2" and c eq "3""#).unwrap(),
            eq("a", "1").or(eq("b", "2").and(eq("c", "3")))
        );
        assert_eq!(
            parse(r#"a eq "1" and b eq "2" or c eq "3""#).unwrap(),
            eq("a", "1").and(eq("b", "2")).or(eq("c", "3"))
        );
    }

    #[test]
    fn chains_are_left_associative() {
        assert_eq!(
            parse(r#"a eq "1" and b eq "2" and c eq "3""#).unwrap(),
            eq("a", "1").and(eq("b", "2")).and(eq("c", "3"))
        );
    }

    #[test]
    fn not_applies_to_its_group_only() {
        assert_eq!(
            parse(r#"not (a eq "1") and b eq "2""#).unwrap(),
            eq("a", "1").negate().and(eq("b", "2"))
        );
        assert_eq!(parse(r#"NOT(a eq "1")"#).unwrap(), eq("a", "1").negate());
    }

    #[test]
    fn keywords_are_only_keywords_where_the_grammar_expects_them() {
        // An attribute may be called `not`, `and` or `pr`.
        assert_eq!(parse(r#"not eq "x""#).unwrap(), eq("not", "x"));
        assert_eq!(parse("and pr").unwrap(), Filter::present(path("and")));
    }

    #[test]
    fn entra_sub_attribute_after_a_value_filter_joins_the_filter() {
        assert_eq!(
            parse(r#"emails[type eq "work"].value eq "x""#).unwrap(),
            Filter::value_path(path("emails"), eq("type", "work").and(eq("value", "x")))
        );
    }

    #[test]
    fn value_filters_do_not_nest() {
        let e = parse(r#"a[b[c eq "1"]]"#).unwrap_err();
        assert_eq!(e, FilterError::at(3, FilterErrorKind::NestedValuePath));
    }

    #[test]
    fn depth_and_length_are_limited() {
        let ok = format!("{}a pr{}", "(".repeat(32), ")".repeat(32));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}a pr{}", "(".repeat(33), ")".repeat(33));
        assert_eq!(
            parse(&deep).unwrap_err().kind,
            FilterErrorKind::TooDeep { max: 32 }
        );
        let long = format!("a eq \"{}\"", "x".repeat(MAX_FILTER_LENGTH));
        assert_eq!(
            parse(&long).unwrap_err().kind,
            FilterErrorKind::TooLong {
                max: MAX_FILTER_LENGTH
            }
        );
    }

    #[test]
    fn from_str_is_parse() {
        let f: Filter = r#"userName eq "x""#.parse().unwrap();
        assert_eq!(f, eq("userName", "x"));
    }
}

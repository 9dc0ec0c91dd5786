//! Why a filter is refused: syntax errors with a byte position, and semantic errors found
//! when a filter is bound to a resource schema.

use std::fmt;

use super::ast::CompareOp;
use crate::message::{ScimError, ScimType};
use crate::schema::AttributeType;

/// A filter that cannot be parsed or bound.
///
/// Syntax errors carry the byte offset into the filter text where the problem was found;
/// errors found while binding a parsed filter to a schema ([`FilterErrorKind::is_syntax`]
/// is `false`) have no position in the text and carry `0`.
///
/// ```
/// use scim_core::filter::parse;
/// let err = parse(r#"userName xx "bjensen""#).unwrap_err();
/// assert_eq!(err.position, 9);
/// assert_eq!(err.to_string(), "invalid filter at position 9: expected a comparison operator");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FilterError {
    /// Byte offset into the filter text (0 for semantic errors).
    pub position: usize,
    /// What is wrong.
    pub kind: FilterErrorKind,
}

impl FilterError {
    /// A syntax error at a byte offset.
    pub(crate) fn at(position: usize, kind: FilterErrorKind) -> Self {
        FilterError { position, kind }
    }

    /// A semantic error (found while binding), which has no position.
    pub(crate) fn semantic(kind: FilterErrorKind) -> Self {
        FilterError { position: 0, kind }
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind.is_syntax() {
            write!(
                f,
                "invalid filter at position {}: {}",
                self.position, self.kind
            )
        } else {
            write!(f, "invalid filter: {}", self.kind)
        }
    }
}

/// The reasons a filter is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FilterErrorKind {
    /// The text is empty or only whitespace.
    #[error("the filter is empty")]
    Empty,
    /// The text is longer than [`MAX_FILTER_LENGTH`](super::MAX_FILTER_LENGTH).
    #[error("the filter is longer than {max} bytes")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// Parentheses, `not` and value filters are nested deeper than
    /// [`MAX_FILTER_DEPTH`](super::MAX_FILTER_DEPTH).
    #[error("the filter is nested deeper than {max} levels")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// Something else was found where the parser needed the named thing.
    #[error("expected {0}")]
    Expected(&'static str),
    /// A character that starts no token.
    #[error("unexpected character {0:?}")]
    UnexpectedCharacter(char),
    /// A string literal without its closing quote.
    #[error("unterminated string")]
    UnterminatedString,
    /// A backslash escape that JSON does not define, or a malformed `\u` escape.
    #[error("invalid escape sequence in string")]
    InvalidEscape,
    /// A `\u` escape of a lone UTF-16 surrogate.
    #[error("unpaired surrogate in \\u escape")]
    UnpairedSurrogate,
    /// A control character (below U+0020) written raw inside a string.
    #[error("control characters in strings must be escaped")]
    ControlCharacter,
    /// A malformed JSON number, or one outside the range of a 64-bit float.
    #[error("invalid number")]
    InvalidNumber,
    /// A word that is not an attribute path.
    #[error("invalid attribute path: {0}")]
    InvalidPath(&'static str),
    /// A value filter inside a value filter (RFC 7644 does not allow it).
    #[error("value filters cannot be nested")]
    NestedValuePath,
    /// The operator cannot be applied to the attribute's type (for example `gt` on a
    /// boolean, `co` on a number).
    #[error("operator {op} is not supported for {attribute} (type {kind})")]
    UnsupportedOperator {
        /// The attribute path, as written in the filter.
        attribute: String,
        /// The operator.
        op: CompareOp,
        /// The attribute's type.
        kind: TypeName,
    },
    /// The literal cannot be compared with this operator (for example `gt null`, `sw 5`).
    #[error("operator {op} cannot compare {attribute} with {value}")]
    UnsupportedValue {
        /// The attribute path, as written in the filter.
        attribute: String,
        /// The operator.
        op: CompareOp,
        /// The literal, printed canonically.
        value: String,
    },
    /// A complex attribute without a `value` sub-attribute compared with a literal.
    #[error("{0} is a complex attribute: compare one of its sub-attributes")]
    ComplexComparison(String),
    /// A value filter (`attr[...]`) on an attribute that is not complex.
    #[error("{0} is not a complex attribute and cannot take a value filter")]
    NotComplex(String),
    /// A dateTime attribute compared with a string that is not an RFC 3339 instant.
    #[error("{value:?} is not an RFC 3339 date-time, as {attribute} requires")]
    InvalidDateTime {
        /// The attribute path, as written in the filter.
        attribute: String,
        /// The literal.
        value: String,
    },
}

impl FilterErrorKind {
    /// Whether this is a syntax error (with a meaningful position) rather than a semantic
    /// error found while binding.
    pub fn is_syntax(&self) -> bool {
        !matches!(
            self,
            FilterErrorKind::UnsupportedOperator { .. }
                | FilterErrorKind::UnsupportedValue { .. }
                | FilterErrorKind::ComplexComparison(_)
                | FilterErrorKind::NotComplex(_)
                | FilterErrorKind::InvalidDateTime { .. }
        )
    }
}

/// An attribute type, displayed with its RFC 7643 name (`boolean`, `dateTime`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeName(pub AttributeType);

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            AttributeType::String => "string",
            AttributeType::Boolean => "boolean",
            AttributeType::Decimal => "decimal",
            AttributeType::Integer => "integer",
            AttributeType::DateTime => "dateTime",
            AttributeType::Binary => "binary",
            AttributeType::Reference => "reference",
            AttributeType::Complex => "complex",
        })
    }
}

impl From<FilterError> for ScimError {
    /// 400 `invalidFilter`, with the error's text as the detail.
    fn from(e: FilterError) -> Self {
        ScimError::bad_request(ScimType::InvalidFilter, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_show_their_position() {
        let e = FilterError::at(12, FilterErrorKind::Expected("a comparison operator"));
        assert_eq!(
            e.to_string(),
            "invalid filter at position 12: expected a comparison operator"
        );
    }

    #[test]
    fn semantic_errors_have_no_position_in_their_text() {
        let e = FilterError::semantic(FilterErrorKind::UnsupportedOperator {
            attribute: "active".into(),
            op: CompareOp::Gt,
            kind: TypeName(AttributeType::Boolean),
        });
        assert_eq!(
            e.to_string(),
            "invalid filter: operator gt is not supported for active (type boolean)"
        );
    }

    #[test]
    fn converts_to_a_400_invalid_filter() {
        let e: ScimError = FilterError::at(0, FilterErrorKind::Empty).into();
        assert_eq!(e.status, 400);
        assert_eq!(e.scim_type, Some(ScimType::InvalidFilter));
        assert_eq!(
            e.detail,
            "invalid filter at position 0: the filter is empty"
        );
    }
}

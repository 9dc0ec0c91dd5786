//! Boxed boolean SQL expressions over one table, and the macros that turn a [`Leaf`] into
//! one for a given column. Every literal is a bind parameter.
//!
//! [`Leaf`]: super::leaf::Leaf

use diesel::expression::BoxableExpression;
use diesel::sql_types::Bool;
use diesel::BoolExpressionMethods;

use crate::conn::MultiBackend;

/// A boolean SQL expression over table `T`, runnable on either backend.
pub type Expr<T> = Box<dyn BoxableExpression<T, MultiBackend, SqlType = Bool>>;

/// `1 = 1` or `1 = 0`.
pub(crate) fn constant<T: 'static>(value: bool) -> Expr<T> {
    Box::new(diesel::dsl::sql::<Bool>(if value {
        "1 = 1"
    } else {
        "1 = 0"
    }))
}

/// `(a AND b)`.
pub(crate) fn and<T: 'static>(a: Expr<T>, b: Expr<T>) -> Expr<T> {
    Box::new(a.and(b))
}

/// `(a OR b)`.
pub(crate) fn or<T: 'static>(a: Expr<T>, b: Expr<T>) -> Expr<T> {
    Box::new(a.or(b))
}

/// `NOT (a)`.
pub(crate) fn not<T: 'static>(a: Expr<T>) -> Expr<T> {
    Box::new(diesel::dsl::not(a))
}

/// `column <test> literal` for a NOT NULL text column and a [`TextTest`](super::leaf::TextTest).
macro_rules! text_test {
    ($col:expr, $test:expr) => {{
        use diesel::expression_methods::EscapeExpressionMethods as _;
        use diesel::ExpressionMethods as _;
        use diesel::TextExpressionMethods as _;
        use $crate::filter_sql::leaf::TextTest;
        let e: $crate::filter_sql::expr::Expr<_> = match $test {
            TextTest::Eq(v) => Box::new($col.eq(v)),
            TextTest::Gt(v) => Box::new($col.gt(v)),
            TextTest::Ge(v) => Box::new($col.ge(v)),
            TextTest::Lt(v) => Box::new($col.lt(v)),
            TextTest::Le(v) => Box::new($col.le(v)),
            TextTest::Like(p) => Box::new($col.like(p).escape('\\')),
        };
        e
    }};
}
pub(crate) use text_test;

/// A [`Leaf`](super::leaf::Leaf) on a text column: `Some(expr)`, or `None` if the leaf is
/// not a text test. `nullable` columns get `col IS NOT NULL AND …` so that `NOT` stays
/// two-valued.
macro_rules! text_leaf {
    ($col:expr, $leaf:expr) => {{
        use diesel::ExpressionMethods as _;
        use $crate::filter_sql::expr::{constant, not, Expr};
        use $crate::filter_sql::leaf::Leaf;
        let e: Option<Expr<_>> = match $leaf {
            Leaf::Const(b) => Some(constant(b)),
            Leaf::Present => Some(Box::new($col.ne(""))),
            Leaf::Absent => Some(not(Box::new($col.ne("")))),
            Leaf::Text(t) => Some($crate::filter_sql::expr::text_test!($col, t)),
            Leaf::Bool(_) | Leaf::Time(_) => None,
        };
        e
    }};
    ($col:expr, nullable, $leaf:expr) => {{
        use diesel::BoolExpressionMethods as _;
        use diesel::ExpressionMethods as _;
        use diesel::NullableExpressionMethods as _;
        use $crate::filter_sql::expr::{constant, not, Expr};
        use $crate::filter_sql::leaf::Leaf;
        let present =
            || -> Expr<_> { Box::new($col.is_not_null().and($col.assume_not_null().ne(""))) };
        let e: Option<Expr<_>> = match $leaf {
            Leaf::Const(b) => Some(constant(b)),
            Leaf::Present => Some(present()),
            Leaf::Absent => Some(not(present())),
            Leaf::Text(t) => {
                let test = $crate::filter_sql::expr::text_test!($col.assume_not_null(), t);
                Some(Box::new($col.is_not_null().and(test)))
            }
            Leaf::Bool(_) | Leaf::Time(_) => None,
        };
        e
    }};
}
pub(crate) use text_leaf;

/// A [`Leaf`](super::leaf::Leaf) on a boolean column (see [`text_leaf`]).
macro_rules! bool_leaf {
    ($col:expr, $leaf:expr) => {{
        use diesel::ExpressionMethods as _;
        use $crate::filter_sql::expr::{constant, Expr};
        use $crate::filter_sql::leaf::Leaf;
        let e: Option<Expr<_>> = match $leaf {
            Leaf::Const(b) => Some(constant(b)),
            Leaf::Present => Some(constant(true)),
            Leaf::Absent => Some(constant(false)),
            Leaf::Bool(b) => Some(Box::new($col.eq(b))),
            Leaf::Text(_) | Leaf::Time(_) => None,
        };
        e
    }};
    ($col:expr, nullable, $leaf:expr) => {{
        use diesel::BoolExpressionMethods as _;
        use diesel::ExpressionMethods as _;
        use diesel::NullableExpressionMethods as _;
        use $crate::filter_sql::expr::{constant, Expr};
        use $crate::filter_sql::leaf::Leaf;
        let e: Option<Expr<_>> = match $leaf {
            Leaf::Const(b) => Some(constant(b)),
            Leaf::Present => Some(Box::new($col.is_not_null())),
            Leaf::Absent => Some(Box::new($col.is_null())),
            Leaf::Bool(b) => Some(Box::new(
                $col.is_not_null().and($col.assume_not_null().eq(b)),
            )),
            Leaf::Text(_) | Leaf::Time(_) => None,
        };
        e
    }};
}
pub(crate) use bool_leaf;

/// A [`Leaf`](super::leaf::Leaf) on a NOT NULL timestamp column (see [`text_leaf`]).
macro_rules! time_leaf {
    ($col:expr, $leaf:expr) => {{
        use diesel::ExpressionMethods as _;
        use $crate::filter_sql::expr::{constant, Expr};
        use $crate::filter_sql::leaf::{Leaf, TimeTest};
        let e: Option<Expr<_>> = match $leaf {
            Leaf::Const(b) => Some(constant(b)),
            Leaf::Present => Some(constant(true)),
            Leaf::Absent => Some(constant(false)),
            Leaf::Time(TimeTest::Eq(t)) => Some(Box::new($col.eq(t))),
            Leaf::Time(TimeTest::Gt(t)) => Some(Box::new($col.gt(t))),
            Leaf::Time(TimeTest::Ge(t)) => Some(Box::new($col.ge(t))),
            Leaf::Time(TimeTest::Lt(t)) => Some(Box::new($col.lt(t))),
            Leaf::Time(TimeTest::Le(t)) => Some(Box::new($col.le(t))),
            Leaf::Text(_) | Leaf::Bool(_) => None,
        };
        e
    }};
}
pub(crate) use time_leaf;

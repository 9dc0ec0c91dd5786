//! Splitting a filter into the part SQL answers and the residual evaluated in memory.

use scim_core::filter::{CompValue, CompareOp, Filter};
use scim_core::AttrPath;

use super::expr::{and, not, or, Expr};

/// How the attributes of one resource type (or of one value of a multi-valued attribute)
/// map onto columns of table `T`. `None` means "not expressible in SQL".
pub(crate) trait Columns<T> {
    /// `path op value` with `op` never `ne` (rewritten as `not eq`).
    fn compare(&self, path: &AttrPath, op: CompareOp, value: &CompValue) -> Option<Expr<T>>;
    /// `path pr`.
    fn present(&self, path: &AttrPath) -> Option<Expr<T>>;
    /// `path[filter]`.
    fn value_path(&self, path: &AttrPath, filter: &Filter) -> Option<Expr<T>>;
}

/// The whole of `filter` as SQL, or `None` if some part of it is not expressible.
pub(crate) fn full<T: 'static, C: Columns<T> + ?Sized>(
    columns: &C,
    filter: &Filter,
) -> Option<Expr<T>> {
    match filter {
        Filter::And(a, b) => Some(and(full(columns, a)?, full(columns, b)?)),
        Filter::Or(a, b) => Some(or(full(columns, a)?, full(columns, b)?)),
        Filter::Not(a) => Some(not(full(columns, a)?)),
        Filter::Compare {
            path,
            op: CompareOp::Ne,
            value,
        } => Some(not(columns.compare(path, CompareOp::Eq, value)?)),
        Filter::Compare { path, op, value } => columns.compare(path, *op, value),
        Filter::Present(path) => columns.present(path),
        Filter::ValuePath { path, filter } => columns.value_path(path, filter),
    }
}

/// `filter` as (SQL part, residual), with `filter ≡ sql AND residual`: the top-level
/// conjuncts SQL can express go to SQL, the others stay in the residual.
pub(crate) fn split<T: 'static, C: Columns<T> + ?Sized>(
    columns: &C,
    filter: &Filter,
) -> (Option<Expr<T>>, Option<Filter>) {
    if let Filter::And(a, b) = filter {
        let (sql_a, rest_a) = split(columns, a);
        let (sql_b, rest_b) = split(columns, b);
        let sql = match (sql_a, sql_b) {
            (Some(x), Some(y)) => Some(and(x, y)),
            (x, y) => x.or(y),
        };
        let residual = match (rest_a, rest_b) {
            (Some(x), Some(y)) => Some(Filter::And(Box::new(x), Box::new(y))),
            (x, y) => x.or(y),
        };
        return (sql, residual);
    }
    match full(columns, filter) {
        Some(sql) => (Some(sql), None),
        None => (None, Some(filter.clone())),
    }
}

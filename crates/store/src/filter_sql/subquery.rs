//! `column IN (SELECT …)` for the multi-backend.
//!
//! diesel's `eq_any(subselect)` renders through each concrete backend, which a boxed
//! multi-backend subquery cannot do; this node renders the same SQL on both backends.

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;
use diesel::QueryResult;

use crate::conn::MultiBackend;

/// `(lhs IN (subquery))`; the subquery's rows are never NULL here (key columns).
pub(crate) struct InSubquery<L, S> {
    lhs: L,
    subquery: S,
}

impl<L, S> InSubquery<L, S> {
    /// `lhs IN (subquery)`.
    pub(crate) fn new(lhs: L, subquery: S) -> Self {
        InSubquery { lhs, subquery }
    }
}

impl<L: Expression, S> Expression for InSubquery<L, S> {
    type SqlType = Bool;
}

impl<L, S, QS> AppearsOnTable<QS> for InSubquery<L, S>
where
    L: AppearsOnTable<QS>,
    Self: Expression,
{
}

impl<L, S, QS> SelectableExpression<QS> for InSubquery<L, S>
where
    L: SelectableExpression<QS>,
    Self: AppearsOnTable<QS>,
{
}

impl<L: ValidGrouping<GB>, S, GB> ValidGrouping<GB> for InSubquery<L, S> {
    type IsAggregate = L::IsAggregate;
}

impl<L, S> QueryId for InSubquery<L, S> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<L, S> QueryFragment<MultiBackend> for InSubquery<L, S>
where
    L: QueryFragment<MultiBackend>,
    S: QueryFragment<MultiBackend>,
    MultiBackend: Backend,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        out.push_sql("(");
        self.lhs.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        self.subquery.walk_ast(out.reborrow())?;
        out.push_sql("))");
        Ok(())
    }
}

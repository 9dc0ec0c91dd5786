//! SCIM filters → parameterised SQL over the indexed columns (PRODUCT.md §3: "served from
//! indexes, not by loading every row").
//!
//! A filter is split into a SQL part (a diesel boxed expression; every literal is a bind
//! parameter, so no input can change the SQL text) and a residual that SQL cannot express
//! (`name.givenName eq "x"`, `title co "y"`, extension attributes, ...). The list functions
//! evaluate the residual in memory with scim-core's evaluator over the rows the SQL part
//! selects, examining at most [`MAX_SCAN`](crate::MAX_SCAN) of them.
//!
//! The translation follows the evaluator's semantics exactly: `ne` is `not eq`; `eq null`
//! means absent; `pr` needs a non-empty value; case-insensitive attributes compare their
//! lowercase keys ([`normalized_key`](scim_core::resource::normalized_key)) and case-exact
//! ones byte for byte (PostgreSQL columns use `COLLATE "C"`, SQLite runs with
//! `case_sensitive_like`); dateTimes compare as instants; multi-valued attributes match
//! when any value does; unknown attributes have no value.
//!
//! In SQL: Users `id`, `userName`, `externalId`, `displayName`, `active`, `meta.created`,
//! `meta.lastModified`, `meta.resourceType`, `emails.value` / `emails.type` /
//! `emails.primary` and `emails[...]` over them, `groups.value` / `groups[value …]`;
//! Groups `id`, `displayName`, `externalId`, the `meta` dates and type, `members.value` /
//! `members[value …]`. `and`, `or`, `not` compose; an `or`/`not` is SQL only when all of
//! it is.

mod expr;
mod groups;
mod leaf;
mod resolve;
mod split;
mod subquery;
mod users;

use std::fmt;

use scim_core::filter::Filter;
use scim_core::schema::ResourceSchema;

pub use expr::Expr;

use crate::schema;

/// A boolean expression over table `users`.
pub type UserExpr = Expr<schema::users::table>;
/// A boolean expression over table `groups`.
pub type GroupExpr = Expr<schema::groups::table>;

/// A filter split in two: `filter ≡ sql AND residual` (a missing part is `true`).
pub struct SqlFilter<E> {
    /// The conjuncts SQL expresses.
    pub sql: Option<E>,
    /// What is left to evaluate in memory.
    pub residual: Option<Filter>,
}

impl<E> fmt::Debug for SqlFilter<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqlFilter")
            .field("sql", &self.sql.as_ref().map(|_| ".."))
            .field("residual", &self.residual.as_ref().map(ToString::to_string))
            .finish()
    }
}

/// Splits a filter on Users. `schema` is the User resource schema the filter was bound to
/// (bind first: a filter that does not bind is refused by the evaluator, not here).
pub fn users(filter: &Filter, schema: &ResourceSchema<'_>) -> SqlFilter<UserExpr> {
    let (sql, residual) = split::split(&users::UserColumns { schema }, filter);
    SqlFilter { sql, residual }
}

/// Splits a filter on Groups (see [`users`]).
pub fn groups(filter: &Filter, schema: &ResourceSchema<'_>) -> SqlFilter<GroupExpr> {
    let (sql, residual) = split::split(&groups::GroupColumns { schema }, filter);
    SqlFilter { sql, residual }
}

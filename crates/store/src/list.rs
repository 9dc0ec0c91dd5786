//! Listing resources: the query a SCIM list request becomes, and the in-memory stage used
//! when SQL cannot answer all of it.

use std::sync::OnceLock;

use scim_core::filter::{BoundFilter, Filter};
use scim_core::schema::{ResourceSchema, SchemaRegistry};
use scim_core::AttrPath;
use serde_json::Value;

use crate::error::StoreError;
use crate::MAX_SCAN;

/// A SCIM list request (RFC 7644 §3.4.2): filter, paging and sorting.
#[derive(Debug, Clone)]
pub struct ListQuery<'a> {
    /// The parsed `filter`, if any.
    pub filter: Option<&'a Filter>,
    /// `startIndex`: 1-based (0 is treated as 1).
    pub start_index: usize,
    /// `count`: the most resources returned (0 returns only the total).
    pub count: usize,
    /// `sortBy`; without it, resources come in id order (ids are time-ordered UUIDv7s).
    pub sort_by: Option<AttrPath>,
    /// `sortOrder=descending` (only with `sort_by`). Ties always break by ascending id.
    pub descending: bool,
    /// The read's generation, from [`Store::read_pinned`](crate::Store::read_pinned): lets an
    /// unfiltered, unsorted user list seek instead of stepping through the index.
    pub pinned: Option<crate::positions::Pinned<'a>>,
}

impl<'a> ListQuery<'a> {
    /// Page `start_index` (1-based) of `count` resources, unfiltered, in id order.
    pub fn page(start_index: usize, count: usize) -> Self {
        ListQuery {
            filter: None,
            start_index,
            count,
            sort_by: None,
            descending: false,
            pinned: None,
        }
    }

    /// This query with `filter`.
    #[must_use]
    pub fn filtered(mut self, filter: &'a Filter) -> Self {
        self.filter = Some(filter);
        self
    }

    /// This query sorted by `path`.
    #[must_use]
    pub fn sorted(mut self, path: AttrPath, descending: bool) -> Self {
        self.sort_by = Some(path);
        self.descending = descending;
        self
    }

    /// Rows to skip.
    pub(crate) fn offset(&self) -> usize {
        self.start_index.saturating_sub(1)
    }

    /// `offset()` as an SQL OFFSET.
    pub(crate) fn sql_offset(&self) -> i64 {
        i64::try_from(self.offset()).unwrap_or(i64::MAX)
    }

    /// `count` as an SQL LIMIT.
    pub(crate) fn sql_limit(&self) -> i64 {
        i64::try_from(self.count).unwrap_or(i64::MAX)
    }

    /// Binds the filter to `schema`, refusing filters the evaluator refuses.
    pub(crate) fn bind(
        &self,
        schema: &ResourceSchema<'_>,
    ) -> Result<Option<BoundFilter>, StoreError> {
        Ok(self.filter.map(|f| f.bind(schema)).transpose()?)
    }
}

/// The standard schema registry (User with the Enterprise extension, Group).
pub(crate) fn standard_registry() -> &'static SchemaRegistry {
    static REGISTRY: OnceLock<SchemaRegistry> = OnceLock::new();
    REGISTRY.get_or_init(SchemaRegistry::standard)
}

/// The rows loaded for in-memory evaluation, refused when there are more than [`MAX_SCAN`].
/// Callers load `MAX_SCAN + 1` rows to tell.
pub(crate) fn check_scan<T>(rows: &[T]) -> Result<(), StoreError> {
    if rows.len() > MAX_SCAN {
        return Err(StoreError::TooMany { limit: MAX_SCAN });
    }
    Ok(())
}

/// `MAX_SCAN + 1` as an SQL LIMIT.
pub(crate) fn scan_limit() -> i64 {
    i64::try_from(MAX_SCAN + 1).unwrap_or(i64::MAX)
}

/// The in-memory stage: keep the candidates (in id order) that match `residual`, sort them
/// by `sort` (a stable sort, so ties keep id order), and cut the page out. Returns the total
/// and the page.
pub(crate) fn in_memory<T>(
    candidates: Vec<(T, Value)>,
    residual: Option<&BoundFilter>,
    sort: Option<(&AttrPath, bool)>,
    schema: &ResourceSchema<'_>,
    query: &ListQuery<'_>,
) -> (usize, Vec<T>) {
    let mut kept: Vec<(T, Value)> = candidates
        .into_iter()
        .filter(|(_, json)| residual.is_none_or(|f| f.matches(json)))
        .collect();
    if let Some((path, descending)) = sort {
        kept.sort_by(|(_, a), (_, b)| scim_core::sort::compare(a, b, path, schema, descending));
    }
    let total = kept.len();
    let page = kept
        .into_iter()
        .skip(query.offset())
        .take(query.count)
        .map(|(record, _)| record)
        .collect();
    (total, page)
}

/// Whether any path of `filter` names the top-level attribute `attr`.
pub(crate) fn mentions(filter: &Filter, attr: &str) -> bool {
    match filter {
        Filter::Compare { path, .. } | Filter::Present(path) | Filter::ValuePath { path, .. } => {
            path.attr.eq_ignore_ascii_case(attr)
        }
        Filter::And(a, b) | Filter::Or(a, b) => mentions(a, attr) || mentions(b, attr),
        Filter::Not(a) => mentions(a, attr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_core::filter::parse;

    #[test]
    fn finds_attributes_anywhere_in_a_filter() {
        let f = parse(r#"userName eq "a" or not (groups[value eq "x"])"#).unwrap();
        assert!(mentions(&f, "GROUPS"));
        assert!(!mentions(&f, "emails"));
    }

    #[test]
    fn paging_is_one_based() {
        assert_eq!(ListQuery::page(0, 10).offset(), 0);
        assert_eq!(ListQuery::page(1, 10).offset(), 0);
        assert_eq!(ListQuery::page(11, 10).sql_offset(), 10);
        assert_eq!(ListQuery::page(1, usize::MAX).sql_limit(), i64::MAX);
    }
}

//! List and search: `GET /Users`, `GET /Groups`, `POST …/.search` — filtered, sorted and
//! paged by the store (from indexes), rendered with one batch query for memberships.

use scim_core::filter::{self, Filter};
use scim_core::message::ListResponse;
use scim_core::{AttrPath, ScimError, ScimType};
use serde_json::Value;
use store::DbConn;
use store::ListQuery;

use super::errors::Fail;
use super::{groups, project, users, Kind};
use crate::scim_http::query::ListParams;
use crate::state::AppState;

fn parsed_filter(params: &ListParams) -> Result<Option<Filter>, ScimError> {
    match params.filter.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Ok(Some(filter::parse(text)?)),
        _ => Ok(None),
    }
}

fn sort_path(params: &ListParams) -> Result<Option<AttrPath>, ScimError> {
    params
        .sort_by
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            AttrPath::parse(s.trim())
                .map_err(|e| ScimError::bad_request(ScimType::InvalidPath, format!("sortBy: {e}")))
        })
        .transpose()
}

/// One page of one resource type: (total, rendered resources).
fn page(
    conn: &mut DbConn,
    state: &AppState,
    kind: Kind,
    query: &ListQuery<'_>,
    params: &ListParams,
) -> Result<(usize, Vec<Value>), Fail> {
    let urls = state.urls();
    match kind {
        Kind::User => {
            let (total, records) = store::users::list(conn, query)?;
            let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
            let mut groups = store::users::groups_of_users(conn, &ids)?;
            let resources = records
                .into_iter()
                .map(|r| {
                    let g = groups.remove(&r.id).unwrap_or_default();
                    users::render_with_groups(&urls, r, &g)
                })
                .collect();
            Ok((total, resources))
        }
        Kind::Group => {
            let with_members = groups::wants_members(params)?;
            let (total, records) = store::groups::list(conn, query)?;
            Ok((
                total,
                groups::render_page(conn, &urls, &records, with_members)?,
            ))
        }
    }
}

/// What a list request asks for, parsed.
struct Plan {
    filter: Option<Filter>,
    sort_by: Option<AttrPath>,
    descending: bool,
    count: usize,
    start: usize,
}

impl Plan {
    fn of(state: &AppState, params: &ListParams) -> Result<Plan, ScimError> {
        Ok(Plan {
            filter: parsed_filter(params)?,
            sort_by: sort_path(params)?,
            descending: params.descending,
            count: params.page_size(state.config.max_page_size),
            start: params.start_index.max(1),
        })
    }

    fn query(&self, start_index: usize, count: usize) -> ListQuery<'_> {
        ListQuery {
            filter: self.filter.as_ref(),
            start_index,
            count,
            sort_by: self.sort_by.clone(),
            descending: self.descending,
            pinned: None,
        }
    }

    /// The `userName` looked up when this is the Okta existence check (on Users alone).
    fn point_lookup(&self, kinds: &[Kind]) -> Option<&str> {
        if kinds != [Kind::User] {
            return None;
        }
        store::users::point_lookup_name(&self.query(self.start, self.count))
    }
}

/// Reads and renders the page `plan` describes (resources of several types are listed one
/// type after the other).
fn read_page(
    conn: &mut DbConn,
    state: &AppState,
    kinds: &[Kind],
    plan: &Plan,
    params: &ListParams,
    pinned: Option<store::positions::Pinned<'_>>,
) -> Result<(usize, Vec<Value>), Fail> {
    let mut total = 0usize;
    let mut out: Vec<(Kind, Value)> = Vec::new();
    let mut skip = plan.start - 1;
    for &kind in kinds {
        let mut query = plan.query(skip + 1, plan.count - out.len());
        query.pinned = pinned;
        let (n, items) = page(conn, state, kind, &query, params)?;
        skip = skip.saturating_sub(n);
        total += n;
        out.extend(items.into_iter().map(|v| (kind, v)));
    }
    let projected = out
        .into_iter()
        .map(|(kind, v)| project(state, kind, v, params))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((total, projected))
}

/// The Okta existence check (`userName eq "…"` on Users, unsorted): the user with that
/// `userName` and its groups, read in one statement (see `Store::read_statement`).
fn point_page(
    conn: &mut DbConn,
    state: &AppState,
    plan: &Plan,
    params: &ListParams,
    user_name: &str,
) -> Result<(usize, Vec<Value>), Fail> {
    let query = plan.query(plan.start, plan.count);
    let (total, found) = store::users::user_name_page(conn, user_name, &query)?;
    let urls = state.urls();
    let page = found
        .into_iter()
        .map(|(record, groups)| {
            project(
                state,
                Kind::User,
                users::render_with_groups(&urls, record, &groups),
                params,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((total, page))
}

/// A list answer, serialised by the caller straight to the response body.
pub type ListBody = ListResponse<Value>;

fn list_response(plan: &Plan, (total, resources): (usize, Vec<Value>)) -> ListBody {
    ListResponse::new(resources, total as u64, plan.start as u64)
}

fn respond(state: &AppState, kinds: &[Kind], params: &ListParams) -> Result<ListBody, ScimError> {
    let plan = Plan::of(state, params)?;
    if let Some(name) = plan.point_lookup(kinds) {
        let read = state
            .store
            .read_statement(|conn| point_page(conn, state, &plan, params, name))?;
        return Ok(list_response(&plan, read));
    }
    // Only an unfiltered, unsorted user list can use cached positions (`store::positions`);
    // other lists skip the pinning.
    let positional = plan.filter.is_none() && plan.sort_by.is_none() && kinds.contains(&Kind::User);
    let read = if positional {
        state
            .store
            .read_pinned(|conn, pinned| read_page(conn, state, kinds, &plan, params, pinned))?
    } else {
        state
            .store
            .read(|conn| read_page(conn, state, kinds, &plan, params, None))?
    };
    Ok(list_response(&plan, read))
}

/// `GET /Users` or `GET /Groups` (and their `/.search`).
pub fn list(state: &AppState, kind: Kind, params: &ListParams) -> Result<ListBody, ScimError> {
    respond(state, &[kind], params)
}

/// The Okta existence check (`GET /Users?filter=userName eq "…"`), answered in place when
/// the store allows it (see `Store::try_read_statement`); `None`: not such a query, or no
/// connection free at once (use [`list`] from a blocking thread).
pub fn try_point_list(
    state: &AppState,
    kind: Kind,
    params: &ListParams,
) -> Option<Result<ListBody, ScimError>> {
    let plan = match Plan::of(state, params) {
        Ok(plan) => plan,
        Err(e) => return Some(Err(e)),
    };
    let name = plan.point_lookup(&[kind])?;
    let read = state
        .store
        .try_read_statement(|conn| point_page(conn, state, &plan, params, name))?;
    Some(
        read.map_err(ScimError::from)
            .map(|r| list_response(&plan, r)),
    )
}

/// `POST /.search` at the root: Users, then Groups.
pub fn list_all(state: &AppState, params: &ListParams) -> Result<ListBody, ScimError> {
    respond(state, &[Kind::User, Kind::Group], params)
}

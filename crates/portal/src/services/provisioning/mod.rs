//! Provisioning: the SCIM Users and Groups service. Each request is one transaction holding
//! the resource change, the membership deltas, the recomputed access of affected users and
//! the activity entries.

mod document;
pub mod errors;
mod groups;
mod listing;
pub mod render;
pub mod users;

use scim_core::projection::parse_attribute_list;
use scim_core::{AttrPath, ScimError};
use serde_json::Value;

use crate::scim_http::query::ListParams;
use crate::services::activity::Initiator;
use crate::services::scim_gate::ScimCaller;
use crate::state::AppState;
use errors::Fail;

pub use document::{Document, GroupWithMembers};
pub use listing::{list, list_all, try_point_list};

/// The two SCIM resource types Gatehouse serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `/Users`.
    User,
    /// `/Groups`.
    Group,
}

impl Kind {
    /// The resource type name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }
}

/// What a PATCH answers.
#[derive(Debug)]
pub enum Outcome {
    /// 200 with the resource.
    Resource(Value),
    /// 204 (large groups are not echoed back on every membership change).
    NoContent {
        /// The new version, for the `ETag` header.
        version: i64,
    },
}

/// `attributes` and `excludedAttributes` as paths.
pub(crate) fn projection_paths(
    params: &ListParams,
) -> Result<(Vec<AttrPath>, Vec<AttrPath>), ScimError> {
    let parse = |s: &Option<String>| match s {
        Some(t) if !t.trim().is_empty() => parse_attribute_list(t),
        _ => Ok(Vec::new()),
    };
    Ok((
        parse(&params.attributes)?,
        parse(&params.excluded_attributes)?,
    ))
}

/// Applies `attributes`/`excludedAttributes` to a rendered resource.
pub(crate) fn project(
    state: &AppState,
    kind: Kind,
    resource: Value,
    params: &ListParams,
) -> Result<Value, ScimError> {
    let (attributes, excluded) = projection_paths(params)?;
    if attributes.is_empty() && excluded.is_empty() {
        return Ok(resource);
    }
    let schema = resource_schema(state, kind)?;
    Ok(scim_core::projection::project(
        &resource,
        &schema,
        &attributes,
        &excluded,
    ))
}

pub(crate) fn resource_schema(
    state: &AppState,
    kind: Kind,
) -> Result<scim_core::schema::ResourceSchema<'_>, ScimError> {
    registered(&state.registry, kind)
}

fn registered(
    registry: &scim_core::schema::SchemaRegistry,
    kind: Kind,
) -> Result<scim_core::schema::ResourceSchema<'_>, ScimError> {
    registry.resource_schema(kind.name()).ok_or_else(|| {
        ScimError::new(
            500,
            None,
            format!("the {} resource type is not registered", kind.name()),
        )
    })
}

/// A PatchRequest from a JSON body, with a SCIM 400 for a malformed one.
fn patch_request(body: Value) -> Result<scim_core::message::PatchRequest, ScimError> {
    let request: scim_core::message::PatchRequest = scim_core::message::decode_value(body)?;
    if request.operations.is_empty() {
        return Err(ScimError::bad_request(
            scim_core::ScimType::InvalidValue,
            "Operations must hold at least one operation",
        ));
    }
    Ok(request)
}

fn initiator(caller: &ScimCaller) -> Initiator {
    Initiator::provider(&caller.provider)
}

/// `GET /{Users|Groups}/{id}`. A group with its members and no projection comes back with
/// the members as rows ([`Document::GroupWithMembers`]).
pub fn get(
    state: &AppState,
    kind: Kind,
    id: &str,
    params: &ListParams,
) -> Result<Document, ScimError> {
    let with_members = groups::wants_members(params)?;
    let (attributes, excluded) = projection_paths(params)?;
    if kind == Kind::Group && with_members && attributes.is_empty() && excluded.is_empty() {
        let urls = state.urls();
        let group = state
            .store
            .read(|conn| groups::read_with_members(conn, &urls, id))?;
        return Ok(Document::GroupWithMembers(group));
    }
    let v = match kind {
        Kind::User => state
            .store
            .read_statement(|conn| read_user(conn, state, id))?,
        Kind::Group => state
            .store
            .read(|conn| groups::render_one(conn, &state.urls(), id, with_members))?,
    };
    Ok(Document::Tree(project(state, kind, v, params)?))
}

/// `GET /Users/{id}` answered in place when the store allows it (see
/// `Store::try_read_statement`);
/// `None` for groups (whose members can be many) or when no connection is free at once (use
/// [`get`] from a blocking thread).
pub fn try_get_user(
    state: &AppState,
    kind: Kind,
    id: &str,
    params: &ListParams,
) -> Option<Result<Value, ScimError>> {
    if kind != Kind::User {
        return None;
    }
    let v = state
        .store
        .try_read_statement(|conn| read_user(conn, state, id))?;
    Some(
        v.map_err(ScimError::from)
            .and_then(|v| project(state, kind, v, params)),
    )
}

/// A user with its groups, rendered: one statement (see `Store::read_statement`).
fn read_user(conn: &mut store::DbConn, state: &AppState, id: &str) -> Result<Value, Fail> {
    let (record, groups) = store::users::get_with_groups(conn, id)?
        .ok_or_else(|| store::StoreError::not_found("user", id))?;
    Ok(users::render_with_groups(&state.urls(), record, &groups))
}

/// `POST /{Users|Groups}`. The validation runs here; the write is queued for the store's
/// writer (see `Store::write_async`) and awaited.
pub async fn create(
    state: &AppState,
    kind: Kind,
    caller: &ScimCaller,
    body: Value,
) -> Result<Value, ScimError> {
    let schema = resource_schema(state, kind)?;
    let prepared =
        scim_core::resource::prepare(body, &schema, scim_core::resource::WriteMode::Create)?;
    let urls = state.urls();
    let who = initiator(caller);
    match kind {
        Kind::User => {
            // Everything but the SQL happens here, off the SQLite writer thread.
            let user = store::users::NewUser::from_owned_resource(prepared)
                .and_then(store::users::NewUser::prepare_insert)
                .map_err(Fail::from)?;
            let record = state
                .store
                .write_async(move |conn| users::create(conn, &who, user))
                .await?;
            Ok(users::render_with_groups(&urls, record, &[]))
        }
        Kind::Group => Ok(state
            .store
            .write_async(move |conn| groups::create(conn, &urls, &who, prepared))
            .await?),
    }
}

/// `PUT /{Users|Groups}/{id}`.
pub async fn replace(
    state: &AppState,
    kind: Kind,
    caller: &ScimCaller,
    id: String,
    body: Value,
    expected_version: Option<i64>,
    params: &ListParams,
) -> Result<Value, ScimError> {
    resource_schema(state, kind)?;
    let registry = state.registry.clone();
    let urls = state.urls();
    let who = initiator(caller);
    let v = state
        .store
        .write_async(move |conn| {
            let schema = registered(&registry, kind)?;
            match kind {
                Kind::User => {
                    users::replace(conn, &schema, &urls, &who, &id, body, expected_version)
                }
                Kind::Group => {
                    groups::replace(conn, &schema, &urls, &who, &id, body, expected_version)
                }
            }
        })
        .await?;
    project(state, kind, v, params)
}

/// `PATCH /{Users|Groups}/{id}`.
pub async fn patch(
    state: &AppState,
    kind: Kind,
    caller: &ScimCaller,
    id: String,
    body: Value,
    expected_version: Option<i64>,
    params: &ListParams,
) -> Result<Outcome, ScimError> {
    let request = patch_request(body)?;
    resource_schema(state, kind)?;
    let registry = state.registry.clone();
    let urls = state.urls();
    let who = initiator(caller);
    match kind {
        Kind::User => {
            let v = state
                .store
                .write_async(move |conn| {
                    let schema = registered(&registry, kind)?;
                    users::patch(conn, &schema, &urls, &who, &id, &request, expected_version)
                })
                .await?;
            Ok(Outcome::Resource(project(state, kind, v, params)?))
        }
        Kind::Group => {
            let echo = params.attributes.is_some() || params.excluded_attributes.is_some();
            let out = state
                .store
                .write_async(move |conn| {
                    let schema = registered(&registry, kind)?;
                    groups::patch(
                        conn,
                        &schema,
                        &urls,
                        &who,
                        &id,
                        &request,
                        expected_version,
                        echo,
                    )
                })
                .await?;
            match out {
                Outcome::Resource(v) => Ok(Outcome::Resource(project(state, kind, v, params)?)),
                other => Ok(other),
            }
        }
    }
}

/// `DELETE /{Users|Groups}/{id}`.
pub async fn delete(
    state: &AppState,
    kind: Kind,
    caller: &ScimCaller,
    id: String,
    expected_version: Option<i64>,
) -> Result<(), ScimError> {
    let who = initiator(caller);
    Ok(state
        .store
        .write_async(move |conn| match kind {
            Kind::User => users::delete(conn, &who, &id, expected_version),
            Kind::Group => groups::delete(conn, &who, &id, expected_version),
        })
        .await?)
}

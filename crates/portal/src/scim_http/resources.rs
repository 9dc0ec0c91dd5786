//! `/Users` and `/Groups`: one set of handlers for both resource types, dispatching to the
//! provisioning service. Handlers only translate HTTP; every rule lives in the service.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use scim_core::message::SearchRequest;
use scim_core::ScimError;

use super::body::read_json;
use super::query::ListParams;
use super::response::{if_match, json, resource, ScimFailure};
use crate::services::provisioning::{self, Kind, Outcome};
use crate::services::scim_gate::ScimCaller;
use crate::state::AppState;

type Reply = Result<HttpResponse, ScimFailure>;

/// Runs a blocking service call on the blocking thread pool.
async fn blocking<T, F>(f: F) -> Result<T, ScimFailure>
where
    F: FnOnce() -> Result<T, ScimError> + Send + 'static,
    T: Send + 'static,
{
    web::block(f)
        .await
        .map_err(|_| {
            ScimFailure(ScimError::new(
                503,
                None,
                "the server is overloaded; retry later",
            ))
        })?
        .map_err(ScimFailure)
}

fn query_pairs(req: &HttpRequest) -> Result<Vec<(String, String)>, ScimFailure> {
    web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|e| {
            ScimFailure(ScimError::bad_request(
                scim_core::ScimType::InvalidValue,
                format!("the query string cannot be decoded: {e}"),
            ))
        })
}

fn caller(req: &HttpRequest) -> Result<ScimCaller, ScimFailure> {
    req.extensions()
        .get::<ScimCaller>()
        .cloned()
        .ok_or_else(|| ScimFailure(ScimError::new(401, None, "not authenticated")))
}

use actix_web::HttpMessage as _;

/// `GET /{Users|Groups}`.
pub async fn list(state: web::Data<AppState>, req: HttpRequest, kind: Kind) -> Reply {
    let params = ListParams::from_pairs(&query_pairs(&req)?)?;
    if let Some(answer) = provisioning::try_point_list(&state, kind, &params) {
        return Ok(json(StatusCode::OK, &answer?));
    }
    let st = state.get_ref().clone();
    let body = blocking(move || provisioning::list(&st, kind, &params)).await?;
    Ok(json(StatusCode::OK, &body))
}

/// `POST /{Users|Groups}/.search` and `POST /.search` (`kind` = None: both types).
pub async fn search(
    state: web::Data<AppState>,
    payload: web::Payload,
    kind: Option<Kind>,
) -> Reply {
    let body = read_json(payload, state.config.max_body_bytes).await?;
    let request: SearchRequest = scim_core::message::decode_value(body)?;
    let params = ListParams {
        filter: request.filter.clone(),
        start_index: usize::try_from(request.effective_start_index()).unwrap_or(1),
        count: request
            .count
            .map(|c| usize::try_from(c.max(0)).unwrap_or(0)),
        sort_by: request.sort_by.clone(),
        descending: request
            .sort_order
            .is_some_and(|o| o == scim_core::message::SortOrder::Descending),
        attributes: (!request.attributes.is_empty()).then(|| request.attributes.join(",")),
        excluded_attributes: (!request.excluded_attributes.is_empty())
            .then(|| request.excluded_attributes.join(",")),
    };
    let st = state.get_ref().clone();
    let body = blocking(move || match kind {
        Some(k) => provisioning::list(&st, k, &params),
        None => provisioning::list_all(&st, &params),
    })
    .await?;
    Ok(json(StatusCode::OK, &body))
}

/// `GET /{Users|Groups}/{id}`.
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    kind: Kind,
) -> Reply {
    let params = ListParams::from_pairs(&query_pairs(&req)?)?;
    if let Some(answer) = provisioning::try_get_user(&state, kind, &id, &params) {
        return Ok(resource(StatusCode::OK, &answer?));
    }
    let st = state.get_ref().clone();
    let id = id.into_inner();
    let body = blocking(move || provisioning::get(&st, kind, &id, &params)).await?;
    Ok(super::response::document(StatusCode::OK, &body))
}

/// `POST /{Users|Groups}`.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
    kind: Kind,
) -> Reply {
    let who = caller(&req)?;
    let body = read_json(payload, state.config.max_body_bytes).await?;
    let created = provisioning::create(&state, kind, &who, body).await?;
    Ok(resource(StatusCode::CREATED, &created))
}

/// What a PUT or PATCH carries besides the id: caller, `If-Match`, query and body.
struct Change {
    who: ScimCaller,
    expected: Option<i64>,
    params: ListParams,
    body: serde_json::Value,
}

async fn change(
    state: &AppState,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Change, ScimFailure> {
    Ok(Change {
        who: caller(req)?,
        expected: if_match(req)?,
        params: ListParams::from_pairs(&query_pairs(req)?)?,
        body: read_json(payload, state.config.max_body_bytes).await?,
    })
}

/// `PUT /{Users|Groups}/{id}`.
pub async fn replace(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
    kind: Kind,
) -> Reply {
    let c = change(&state, &req, payload).await?;
    let id = id.into_inner();
    let out =
        provisioning::replace(&state, kind, &c.who, id, c.body, c.expected, &c.params).await?;
    Ok(resource(StatusCode::OK, &out))
}

/// `PATCH /{Users|Groups}/{id}`.
pub async fn patch(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
    kind: Kind,
) -> Reply {
    let c = change(&state, &req, payload).await?;
    let id = id.into_inner();
    let out = provisioning::patch(&state, kind, &c.who, id, c.body, c.expected, &c.params).await?;
    Ok(match out {
        Outcome::Resource(v) => resource(StatusCode::OK, &v),
        Outcome::NoContent { version } => HttpResponse::NoContent()
            .insert_header((
                actix_web::http::header::ETAG,
                super::response::etag(version),
            ))
            .finish(),
    })
}

/// `DELETE /{Users|Groups}/{id}`.
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    kind: Kind,
) -> Reply {
    let who = caller(&req)?;
    let expected = if_match(&req)?;
    let id = id.into_inner();
    provisioning::delete(&state, kind, &who, id, expected).await?;
    Ok(HttpResponse::NoContent().finish())
}

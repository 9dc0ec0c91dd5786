//! `GET /api/v1/scim/activity?limit=&before=`: newest first (users permission).

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::auth::SignedIn;
use super::error::{blocking, ApiError};
use crate::services::provisioning::render::timestamp;
use crate::state::AppState;

/// The most entries one call returns.
pub const MAX_LIMIT: usize = 500;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    limit: Option<usize>,
    before: Option<i64>,
}

pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, ApiError> {
    who.require(who.0.permissions().users, "viewing the SCIM activity")?;
    let q = web::Query::<Query>::from_query(req.query_string())
        .map_err(|e| ApiError::bad_request(format!("query: {e}")))?
        .into_inner();
    let limit = q.limit.unwrap_or(100).clamp(1, MAX_LIMIT);
    let st = state.get_ref().clone();
    let entries = blocking(move || {
        Ok(st
            .store
            .read(|conn| store::activity::list(conn, limit, q.before))?)
    })
    .await?;
    let items: Vec<_> = entries
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "time": timestamp(&e.time.and_utc()),
                "user": e.user_label,
                "user_id": e.user_id,
                "description": e.description,
                "from": e.from_text,
                "to": e.to_text,
                "initiator": e.initiator,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(items))
}

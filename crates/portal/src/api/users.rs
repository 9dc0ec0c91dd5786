//! `/api/v1/users`: portal users with their effective access (users permission).
//! SCIM users are managed by the identity provider: changes through the API get 409.

use actix_web::{web, HttpResponse};

use super::auth::SignedIn;
use super::error::{blocking, ApiError};
use crate::services::portal_users;
use crate::state::AppState;

pub async fn list(state: web::Data<AppState>, who: SignedIn) -> Result<HttpResponse, ApiError> {
    who.require(who.0.permissions().users, "viewing portal users")?;
    let st = state.get_ref().clone();
    let users = blocking(move || Ok(st.store.read(portal_users::list)?)).await?;
    Ok(HttpResponse::Ok().json(users))
}

pub async fn get(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    who.require(who.0.permissions().users, "viewing portal users")?;
    let st = state.get_ref().clone();
    let id = id.into_inner();
    let shown = id.clone();
    let user = blocking(move || Ok(st.store.read(|conn| portal_users::get(conn, &id))?)).await?;
    user.map(|u| HttpResponse::Ok().json(u))
        .ok_or_else(|| ApiError::not_found(format!("no portal user {shown}")))
}

/// PUT, PATCH and DELETE on a portal user.
pub async fn modify(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    who.require(who.0.permissions().users, "changing portal users")?;
    let st = state.get_ref().clone();
    let id = id.into_inner();
    let shown = id.clone();
    let user = blocking(move || Ok(st.store.read(|conn| portal_users::get(conn, &id))?)).await?;
    match user {
        None => Err(ApiError::not_found(format!("no portal user {shown}"))),
        Some(u) if u.source == "scim" => Err(ApiError::conflict(format!(
            "{} is managed by your identity provider: change the user there, and SCIM brings the change here",
            u.user_name
        ))),
        Some(_) => Err(ApiError::new(
            actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
            "not_allowed",
            "local administrators are managed with `gatehouse admin`",
        )),
    }
}

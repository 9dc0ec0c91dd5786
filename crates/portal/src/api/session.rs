//! `POST /api/v1/session` (local administrator sign-in) and `DELETE /api/v1/session`.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::error::{blocking, ApiError};
use super::json;
use crate::services::admins;
use crate::services::session::{SessionKind, COOKIE_NAME, SESSION_HOURS};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    email: String,
    password: String,
}

/// The session cookie for `token`: HttpOnly, SameSite=Lax, Secure behind https.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build(COOKIE_NAME, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .max_age(CookieDuration::hours(SESSION_HOURS))
        .finish()
}

/// A cookie that removes the session cookie.
pub fn removal_cookie(state: &AppState) -> Cookie<'static> {
    let mut c = Cookie::build(COOKIE_NAME, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .finish();
    c.make_removal();
    c
}

pub async fn create(
    state: web::Data<AppState>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let body: SignIn = json::read(payload, 64 * 1024).await?;
    let st = state.get_ref().clone();
    let id = blocking(move || {
        admins::verify(&st.store, &body.email, &body.password).map_err(ApiError::from)
    })
    .await?;
    let id = id.ok_or_else(|| {
        ApiError::new(
            actix_web::http::StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "the email or password is wrong",
        )
    })?;
    let (token, _) = state
        .sessions
        .issue(&id, SessionKind::Local)
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::NoContent()
        .cookie(session_cookie(&state, token))
        .finish())
}

pub async fn delete(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::NoContent()
        .cookie(removal_cookie(&state))
        .finish()
}

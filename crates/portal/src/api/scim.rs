//! `GET/PUT /api/v1/scim/config`, `POST /api/v1/scim/key` (settings permission).

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::auth::SignedIn;
use super::error::{blocking, ApiError};
use super::json;
use crate::services::scim_config::{self, ScimConfigError};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigBody {
    enabled: bool,
    provider: String,
}

impl From<ScimConfigError> for ApiError {
    fn from(e: ScimConfigError) -> Self {
        match e {
            ScimConfigError::UnknownProvider(_) => ApiError::bad_request(format!("provider: {e}")),
            ScimConfigError::Store(s) => s.into(),
        }
    }
}

pub async fn get(state: web::Data<AppState>, who: SignedIn) -> Result<HttpResponse, ApiError> {
    who.require(who.0.permissions().settings, "viewing the SCIM settings")?;
    let st = state.get_ref().clone();
    let view = blocking(move || Ok(scim_config::view(&st.store, &st.config.scim_url())?)).await?;
    Ok(HttpResponse::Ok().json(view))
}

pub async fn put(
    state: web::Data<AppState>,
    who: SignedIn,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    who.require(who.0.permissions().settings, "changing the SCIM settings")?;
    let body: ConfigBody = json::read(payload, 64 * 1024).await?;
    let st = state.get_ref().clone();
    let (view, key) = blocking(move || {
        let key = scim_config::update(&st.store, &st.scim_gate, body.enabled, &body.provider)?;
        Ok((scim_config::view(&st.store, &st.config.scim_url())?, key))
    })
    .await?;
    let mut out = serde_json::to_value(view).map_err(ApiError::internal)?;
    if let (Some(k), Some(o)) = (key, out.as_object_mut()) {
        o.insert("api_key".into(), k.into());
    }
    Ok(HttpResponse::Ok().json(out))
}

pub async fn rotate_key(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<HttpResponse, ApiError> {
    who.require(who.0.permissions().settings, "rotating the SCIM key")?;
    let st = state.get_ref().clone();
    let key = blocking(move || Ok(scim_config::rotate_key(&st.store, &st.scim_gate)?)).await?;
    Ok(HttpResponse::Ok().json(json!({ "api_key": key, "scim_url": state.config.scim_url() })))
}

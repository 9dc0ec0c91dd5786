//! `/api/v1/roles`: the ordered group-based roles (settings permission to change, users or
//! settings permission to read).

use actix_web::{web, HttpResponse};
use permissions::{Permissions, Role, Scope};
use serde::Deserialize;

use super::auth::SignedIn;
use super::error::{blocking, ApiError};
use super::json;
use crate::services::activity::Initiator;
use crate::services::roles::{self, Direction, RoleChangeError};
use crate::state::AppState;

/// A role in a request body: the role's fields, and optionally its `id` (ignored on POST,
/// must match the path on PUT).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleBody {
    #[serde(default)]
    id: Option<String>,
    source_group: String,
    #[serde(default)]
    is_default: bool,
    permissions: Permissions,
    #[serde(default)]
    scope: Scope,
}

impl RoleBody {
    fn role(self) -> Role {
        Role {
            source_group: self.source_group,
            is_default: self.is_default,
            permissions: self.permissions,
            scope: self.scope,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveBody {
    direction: String,
}

impl From<RoleChangeError> for ApiError {
    fn from(e: RoleChangeError) -> Self {
        match e {
            RoleChangeError::Invalid(r) => ApiError::bad_request(r.to_string()),
            RoleChangeError::Duplicate(_) => ApiError::conflict(e.to_string()),
            RoleChangeError::Store(s) => s.into(),
        }
    }
}

fn may_edit(who: &SignedIn) -> Result<Initiator, ApiError> {
    let p = who.require(who.0.permissions().settings, "changing group-based roles")?;
    Ok(Initiator::admin(&p.email))
}

pub async fn list(state: web::Data<AppState>, who: SignedIn) -> Result<HttpResponse, ApiError> {
    let p = who.0.permissions();
    who.require(p.settings || p.users, "viewing group-based roles")?;
    let st = state.get_ref().clone();
    let roles = blocking(move || Ok(roles::list(&st.store)?)).await?;
    Ok(HttpResponse::Ok().json(roles))
}

pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let initiator = may_edit(&who)?;
    let body: RoleBody = json::read(payload, 64 * 1024).await?;
    let st = state.get_ref().clone();
    let view = blocking(move || Ok(roles::create(&st.store, &body.role(), &initiator)?)).await?;
    Ok(HttpResponse::Created().json(view))
}

pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let initiator = may_edit(&who)?;
    let body: RoleBody = json::read(payload, 64 * 1024).await?;
    let id = id.into_inner();
    if body.id.as_deref().is_some_and(|b| b != id) {
        return Err(ApiError::bad_request(
            "id: the body's id differs from the URL's",
        ));
    }
    let st = state.get_ref().clone();
    let view =
        blocking(move || Ok(roles::update(&st.store, &id, &body.role(), &initiator)?)).await?;
    Ok(HttpResponse::Ok().json(view))
}

pub async fn delete(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let initiator = may_edit(&who)?;
    let st = state.get_ref().clone();
    let id = id.into_inner();
    blocking(move || Ok(roles::delete(&st.store, &id, &initiator)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn move_role(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let initiator = may_edit(&who)?;
    let body: MoveBody = json::read(payload, 4 * 1024).await?;
    let direction = match body.direction.as_str() {
        "up" => Direction::Up,
        "down" => Direction::Down,
        other => {
            return Err(ApiError::bad_request(format!(
                "direction: expected \"up\" or \"down\", not {other:?}"
            )))
        }
    };
    let st = state.get_ref().clone();
    let id = id.into_inner();
    let list =
        blocking(move || Ok(roles::move_role(&st.store, &id, direction, &initiator)?)).await?;
    Ok(HttpResponse::Ok().json(list))
}

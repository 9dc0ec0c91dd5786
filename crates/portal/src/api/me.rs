//! `GET /api/v1/me`: the signed-in person and their access.

use actix_web::HttpResponse;
use serde_json::json;

use super::auth::SignedIn;

pub async fn get(who: SignedIn) -> HttpResponse {
    let p = who.0;
    HttpResponse::Ok().json(json!({
        "id": p.id,
        "email": p.email,
        "source": p.source_name(),
        "role": p.access.role,
        "permissions": p.access.permissions,
        "scope": p.access.scope,
    }))
}

//! The SCIM 2.0 service provider endpoint, `/scim/v2` (RFC 7644; PRODUCT.md §3).
//!
//! Every route sits behind the bearer-key gate; every answer is `application/scim+json`,
//! errors included (unknown paths and methods too).

pub mod body;
mod discovery;
pub mod query;
mod resources;
pub mod response;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, HttpMessage as _, HttpRequest, HttpResponse};
use scim_core::ScimError;

use crate::services::provisioning::Kind;
use crate::state::AppState;
use response::error_response;

/// Mounts `/scim/v2` on an actix `App`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/scim/v2")
            .wrap(from_fn(require_key))
            .service(
                read_only("/ServiceProviderConfig")
                    .route(web::get().to(discovery::service_provider_config)),
            )
            .service(read_only("/ResourceTypes").route(web::get().to(discovery::resource_types)))
            .service(
                read_only("/ResourceTypes/{id}").route(web::get().to(discovery::resource_type)),
            )
            .service(read_only("/Schemas").route(web::get().to(discovery::schemas)))
            .service(read_only("/Schemas/{id}").route(web::get().to(discovery::schema)))
            .route(
                "/.search",
                web::post()
                    .to(|s: web::Data<AppState>, p: web::Payload| resources::search(s, p, None)),
            )
            .configure(|c| resource_routes(c, "/Users", Kind::User))
            .configure(|c| resource_routes(c, "/Groups", Kind::Group))
            .route("/Bulk", web::route().to(bulk_not_supported))
            .default_service(web::to(unknown_endpoint)),
    );
}

/// A discovery resource: GET only, 405 (as a SCIM error) for every other method.
fn read_only(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

fn resource_routes(cfg: &mut web::ServiceConfig, base: &str, kind: Kind) {
    cfg.service(
        web::resource(base)
            .route(
                web::get()
                    .to(move |s: web::Data<AppState>, r: HttpRequest| resources::list(s, r, kind)),
            )
            .route(web::post().to(
                move |s: web::Data<AppState>, r: HttpRequest, p: web::Payload| {
                    resources::create(s, r, p, kind)
                },
            ))
            .default_service(web::to(method_not_allowed)),
    )
    .service(
        web::resource(format!("{base}/.search"))
            .route(
                web::post().to(move |s: web::Data<AppState>, p: web::Payload| {
                    resources::search(s, p, Some(kind))
                }),
            )
            .default_service(web::to(method_not_allowed)),
    )
    .service(
        web::resource(format!("{base}/{{id}}"))
            .route(web::get().to(
                move |s: web::Data<AppState>, r: HttpRequest, id: web::Path<String>| {
                    resources::get(s, r, id, kind)
                },
            ))
            .route(web::put().to(
                move |s: web::Data<AppState>,
                      r: HttpRequest,
                      id: web::Path<String>,
                      p: web::Payload| { resources::replace(s, r, id, p, kind) },
            ))
            .route(web::patch().to(
                move |s: web::Data<AppState>,
                      r: HttpRequest,
                      id: web::Path<String>,
                      p: web::Payload| { resources::patch(s, r, id, p, kind) },
            ))
            .route(web::delete().to(
                move |s: web::Data<AppState>, r: HttpRequest, id: web::Path<String>| {
                    resources::delete(s, r, id, kind)
                },
            ))
            .default_service(web::to(method_not_allowed)),
    );
}

/// Lets a request through only with the current SCIM key while SCIM is enabled.
async fn require_key(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        let resp = error_response(&ScimError::new(500, None, "application state missing"));
        return Ok(req.into_response(resp));
    };
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let verdict = match state.scim_gate.check_cached(header.as_deref()) {
        Some(v) => v,
        None => {
            let st = state.clone();
            web::block(move || st.scim_gate.check(&st.store, header.as_deref()))
                .await
                .unwrap_or_else(|_| {
                    Err(ScimError::new(
                        503,
                        None,
                        "the server is overloaded; retry later",
                    ))
                })
        }
    };
    match verdict {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.call(req)
                .await
                .map(ServiceResponse::map_into_boxed_body)
        }
        Err(e) => Ok(req.into_response(error_response(&e))),
    }
}

async fn unknown_endpoint(req: HttpRequest) -> HttpResponse {
    error_response(&ScimError::not_found(format!(
        "no SCIM endpoint at {}",
        req.path()
    )))
}

async fn method_not_allowed(req: HttpRequest) -> HttpResponse {
    error_response(&ScimError::new(
        405,
        None,
        format!("{} is not supported on {}", req.method(), req.path()),
    ))
}

async fn bulk_not_supported() -> HttpResponse {
    error_response(&ScimError::new(
        501,
        None,
        "bulk operations are not supported (see /ServiceProviderConfig)",
    ))
}

//! The JSON API, `/api/v1` (PRODUCT.md §8): the same services as the pages, for automation
//! and tests. Authentication is the session cookie; errors are `{"error","detail"}`.

mod activity;
pub mod auth;
pub mod error;
pub mod json;
mod me;
mod roles;
mod scim;
pub mod session;
mod users;

use actix_web::web;

/// Mounts `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .service(
                web::resource("/session")
                    .post(session::create)
                    .delete(session::delete),
            )
            .route("/me", web::get().to(me::get))
            .service(web::resource("/scim/config").get(scim::get).put(scim::put))
            .route("/scim/key", web::post().to(scim::rotate_key))
            .route("/scim/activity", web::get().to(activity::list))
            .service(web::resource("/roles").get(roles::list).post(roles::create))
            .service(
                web::resource("/roles/{id}")
                    .put(roles::update)
                    .delete(roles::delete),
            )
            .route("/roles/{id}/move", web::post().to(roles::move_role))
            .route("/users", web::get().to(users::list))
            .service(
                web::resource("/users/{id}")
                    .get(users::get)
                    .put(users::modify)
                    .patch(users::modify)
                    .delete(users::modify),
            )
            .default_service(web::to(not_found)),
    );
}

async fn not_found(
    req: actix_web::HttpRequest,
) -> Result<actix_web::HttpResponse, error::ApiError> {
    Err(error::ApiError::not_found(format!(
        "no API endpoint {} {}",
        req.method(),
        req.path()
    )))
}

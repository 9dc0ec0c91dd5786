//! The signed-in person as an extractor: `Principal` from the `gatehouse_session` cookie.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use super::error::ApiError;
use crate::services::principal::{self, Principal};
use crate::services::session::COOKIE_NAME;
use crate::state::AppState;

/// Extracts the signed-in person; 401 when there is no valid session.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Principal);

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req.cookie(COOKIE_NAME).map(|c| c.value().to_owned());
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let token = token.ok_or_else(ApiError::not_signed_in)?;
            let claims = state
                .sessions
                .verify(&token)
                .ok_or_else(ApiError::not_signed_in)?;
            let st = state.clone();
            let found = web::block(move || st.store.read(|conn| principal::load(conn, &claims)))
                .await
                .map_err(|_| ApiError::internal("blocking pool unavailable"))??;
            found.map(SignedIn).ok_or_else(ApiError::not_signed_in)
        })
    }
}

impl SignedIn {
    /// Requires a permission, naming it in the 403.
    pub fn require(&self, allowed: bool, what: &str) -> Result<&Principal, ApiError> {
        if allowed {
            Ok(&self.0)
        } else {
            Err(ApiError::forbidden(format!(
                "your role does not allow {what}"
            )))
        }
    }
}

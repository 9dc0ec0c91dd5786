//! `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas` (RFC 7644 §4), built from the schema
//! registry that also drives validation — the documents cannot drift from the behaviour.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use scim_core::discovery::{
    resource_type_document, resource_types_document, schema_document, schema_documents,
    ServiceProviderConfig, ServiceProviderOptions,
};
use scim_core::message::ListResponse;
use scim_core::ScimError;

use super::response::{json, ScimFailure};
use crate::state::AppState;

pub async fn service_provider_config(state: web::Data<AppState>) -> HttpResponse {
    let mut options = ServiceProviderOptions::new(state.config.scim_url());
    options.max_results = u32::try_from(state.config.max_page_size).unwrap_or(u32::MAX);
    let doc = ServiceProviderConfig::new(&options);
    json(
        StatusCode::OK,
        &serde_json::to_value(doc).unwrap_or_default(),
    )
}

fn list(resources: Vec<serde_json::Value>) -> HttpResponse {
    let total = resources.len() as u64;
    let body = ListResponse::new(resources, total, 1);
    json(
        StatusCode::OK,
        &serde_json::to_value(body).unwrap_or_default(),
    )
}

pub async fn resource_types(state: web::Data<AppState>) -> HttpResponse {
    list(resource_types_document(
        &state.registry,
        &state.config.scim_url(),
    ))
}

pub async fn resource_type(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ScimFailure> {
    resource_type_document(&state.registry, &id, &state.config.scim_url())
        .map(|d| json(StatusCode::OK, &d))
        .ok_or_else(|| ScimFailure(ScimError::not_found(format!("no resource type {id}"))))
}

pub async fn schemas(state: web::Data<AppState>) -> HttpResponse {
    list(schema_documents(&state.registry, &state.config.scim_url()))
}

pub async fn schema(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ScimFailure> {
    schema_document(&state.registry, &id, &state.config.scim_url())
        .map(|d| json(StatusCode::OK, &d))
        .ok_or_else(|| ScimFailure(ScimError::not_found(format!("no schema {id}"))))
}

//! Building the actix-web server: the `App` with every route, bound to a listener.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use scim_core::schema::SchemaRegistry;
use store::Store;

use crate::config::Config;
use crate::services::scim_gate::ScimGate;
use crate::services::session::SessionSigner;
use crate::services::settings;
use crate::state::AppState;
use crate::{api, scim_http};

/// Blocking threads per actix worker (database calls run there).
pub const BLOCKING_THREADS_PER_WORKER: usize = 8;

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened, migrated or read.
    #[error("database: {0}")]
    Store(#[from] store::StoreError),
    /// The session secret is unusable.
    #[error("session secret: {0}")]
    Session(#[from] crate::services::session::SessionError),
    /// Binding or starting the HTTP server failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// The shared state for `store` and `config` (reads or creates the session secret).
pub fn state(store: Store, config: Config) -> Result<AppState, StartError> {
    let secret = match &config.session_secret {
        Some(s) => s.clone(),
        None => settings::session_secret(&store)?,
    };
    Ok(AppState {
        config: Arc::new(config),
        store,
        registry: Arc::new(SchemaRegistry::standard()),
        sessions: SessionSigner::new(secret.as_bytes())?,
        scim_gate: Arc::new(ScimGate::default()),
    })
}

/// Mounts every route of Gatehouse on an actix `App`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    scim_http::configure(cfg);
    api::configure(cfg);
}

/// Starts serving on `listener` (use port 0 in tests). The returned server runs until it is
/// stopped or receives SIGINT/SIGTERM, then finishes in-flight requests (graceful shutdown).
pub fn run(listener: TcpListener, state: AppState) -> Result<Server, StartError> {
    let data = web::Data::new(state);
    let server = HttpServer::new(move || App::new().app_data(data.clone()).configure(routes))
        // Database work runs on blocking threads, but only as many can proceed as the pool
        // has connections: more threads would only wait, and each can hold a malloc arena.
        .worker_max_blocking_threads(BLOCKING_THREADS_PER_WORKER)
        .shutdown_timeout(10)
        .listen(listener)?
        .run();
    Ok(server)
}

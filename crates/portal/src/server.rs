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

/// Blocking threads per actix worker for `workers` workers: together as many as the store has
/// read connections (reads are what still runs there: writes are queued to the store's own
/// threads, point reads run in place). More threads would only wait for a connection, and
/// each keeps its own allocator heap (memory, not speed).
pub fn blocking_threads_per_worker(read_connections: u32, workers: usize) -> usize {
    let total = usize::try_from(read_connections).unwrap_or(1).max(1);
    total.div_ceil(workers.max(1))
}

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
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let blocking = blocking_threads_per_worker(state.store.read_connections(), workers);
    let data = web::Data::new(state);
    let server = HttpServer::new(move || App::new().app_data(data.clone()).configure(routes))
        .workers(workers)
        .worker_max_blocking_threads(blocking)
        .shutdown_timeout(10)
        .listen(listener)?
        .run();
    Ok(server)
}

#[cfg(test)]
mod tests {
    use super::blocking_threads_per_worker;

    #[test]
    fn blocking_threads_match_the_read_connections() {
        // SQLite's 4 readers over 2 workers; PostgreSQL's 10 pooled connections; never zero.
        assert_eq!(blocking_threads_per_worker(4, 2), 2);
        assert_eq!(blocking_threads_per_worker(10, 2), 5);
        assert_eq!(blocking_threads_per_worker(10, 4), 3);
        assert_eq!(blocking_threads_per_worker(1, 8), 1);
        assert_eq!(blocking_threads_per_worker(0, 0), 1);
    }
}

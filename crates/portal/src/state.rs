//! The state every request handler shares: configuration, the store, the schema registry,
//! the session signer and the SCIM gate. Cheap to clone.

use std::sync::Arc;

use scim_core::schema::SchemaRegistry;
use store::Store;

use crate::config::Config;
use crate::services::provisioning::render::Urls;
use crate::services::scim_gate::ScimGate;
use crate::services::session::SessionSigner;

/// Shared application state (wrapped in `web::Data`).
#[derive(Debug, Clone)]
pub struct AppState {
    /// Process configuration.
    pub config: Arc<Config>,
    /// The database.
    pub store: Store,
    /// SCIM schemas (User + Enterprise User, Group).
    pub registry: Arc<SchemaRegistry>,
    /// Signs and checks session cookies.
    pub sessions: SessionSigner,
    /// Checks SCIM bearer keys.
    pub scim_gate: Arc<ScimGate>,
}

impl AppState {
    /// The URLs resources are rendered with.
    pub fn urls(&self) -> Urls {
        Urls {
            scim_base: self.config.scim_url(),
        }
    }
}

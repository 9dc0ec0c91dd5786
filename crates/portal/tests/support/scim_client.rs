//! A SCIM client for one server's `/scim/v2`, cheap to clone into threads.

use serde_json::Value;

use super::{send, Reply, TestApp};

/// The SCIM base URL, the bearer key and an HTTP agent.
#[derive(Clone)]
pub struct ScimClient {
    /// e.g. `http://127.0.0.1:4321/scim/v2`.
    pub scim_url: String,
    /// The bearer key.
    pub key: String,
    agent: ureq::Agent,
}

impl ScimClient {
    /// A client for the server at `base_url` (without `/scim/v2`).
    pub fn new(base_url: &str, key: &str) -> Self {
        ScimClient {
            scim_url: format!("{base_url}/scim/v2"),
            key: key.to_owned(),
            agent: super::agent(),
        }
    }

    /// A client for the app's own server.
    pub fn for_app(app: &TestApp) -> Self {
        ScimClient::new(&app.base_url, &app.scim_key)
    }

    /// `method` on `path` (relative to `/scim/v2`, sent as written).
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let auth = format!("Bearer {}", self.key);
        send(
            &self.agent,
            method,
            &format!("{}{path}", self.scim_url),
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/scim+json"),
            ],
            body,
        )
    }
}

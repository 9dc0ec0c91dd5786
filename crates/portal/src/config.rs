//! Runtime configuration of a Gatehouse process (PRODUCT.md §2).

/// What a `gatehouse serve` process needs besides its database.
#[derive(Debug, Clone)]
pub struct Config {
    /// The base URL people and IdPs reach this deployment at, without a trailing slash
    /// (e.g. `https://gatehouse.example.com`). Used in SCIM `meta.location`, the SCIM URL and
    /// the SAML endpoints.
    pub public_url: String,
    /// The session signing secret; when `None`, one is generated once and kept in the database
    /// so that every process sharing it agrees.
    pub session_secret: Option<String>,
    /// The largest request body accepted (SCIM and API), in bytes.
    pub max_body_bytes: usize,
    /// The largest SCIM list page (`count` is capped at this and advertised as `maxResults`).
    pub max_page_size: usize,
}

impl Config {
    /// Defaults for a deployment reachable at `public_url`.
    pub fn new(public_url: impl Into<String>) -> Self {
        let mut public_url = public_url.into();
        while public_url.ends_with('/') {
            public_url.pop();
        }
        Config {
            public_url,
            session_secret: None,
            max_body_bytes: 1024 * 1024,
            max_page_size: 1000,
        }
    }

    /// The SCIM base URL an IdP is given.
    pub fn scim_url(&self) -> String {
        format!("{}/scim/v2", self.public_url)
    }

    /// Whether the portal is served over HTTPS (cookies get `Secure`).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn trailing_slashes_are_dropped() {
        let c = Config::new("https://gh.example.com//");
        assert_eq!(c.scim_url(), "https://gh.example.com/scim/v2");
        assert!(c.is_https());
    }
}

//! The SCIM gate: is SCIM enabled, and is this the current bearer key?
//!
//! The settings row is cached for [`CACHE_TTL`] so that the hot SCIM paths do not read it on
//! every request. A change made by this process invalidates the cache at once; a change made
//! by another process sharing the database (scale-out) is seen within [`CACHE_TTL`].

use std::sync::RwLock;
use std::time::{Duration, Instant};

use scim_core::ScimError;
use store::{Store, StoreError};

use super::scim_key;

/// How long the SCIM settings are cached.
pub const CACHE_TTL: Duration = Duration::from_secs(1);

/// What the gate needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateSettings {
    /// Whether SCIM is enabled.
    pub enabled: bool,
    /// The provider id (for the activity log's initiator).
    pub provider: String,
    /// SHA-256 of the active key.
    pub key_hash: Option<String>,
}

/// A request the gate let through: on behalf of this provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimCaller {
    /// The configured provider id.
    pub provider: String,
}

/// Caches the SCIM settings and checks bearer keys against them.
#[derive(Debug, Default)]
pub struct ScimGate {
    cached: RwLock<Option<(Instant, GateSettings)>>,
}

impl ScimGate {
    /// Forgets the cached settings (call after changing them).
    pub fn invalidate(&self) {
        if let Ok(mut c) = self.cached.write() {
            *c = None;
        }
    }

    fn settings(&self, store: &Store) -> Result<GateSettings, StoreError> {
        if let Ok(c) = self.cached.read() {
            if let Some((at, s)) = c.as_ref() {
                if at.elapsed() < CACHE_TTL {
                    return Ok(s.clone());
                }
            }
        }
        let s = store.read(store::scim_settings::get)?;
        let settings = GateSettings {
            enabled: s.enabled,
            provider: s.provider,
            key_hash: s.key_hash,
        };
        if let Ok(mut c) = self.cached.write() {
            *c = Some((Instant::now(), settings.clone()));
        }
        Ok(settings)
    }

    /// Checks an `Authorization` header against the cached settings without blocking;
    /// `None` when the cache is stale and [`ScimGate::check`] must read the database.
    pub fn check_cached(
        &self,
        authorization: Option<&str>,
    ) -> Option<Result<ScimCaller, ScimError>> {
        let c = self.cached.read().ok()?;
        let (at, settings) = c.as_ref()?;
        (at.elapsed() < CACHE_TTL).then(|| verdict(settings, authorization))
    }

    /// Checks an `Authorization` header value. Blocking (may read the database).
    ///
    /// * no or malformed header, or a wrong key → 401;
    /// * the right key while SCIM is disabled → 403 with a detail saying so.
    pub fn check(
        &self,
        store: &Store,
        authorization: Option<&str>,
    ) -> Result<ScimCaller, ScimError> {
        let settings = self.settings(store).map_err(|e| {
            ScimError::new(
                503,
                None,
                format!("the SCIM settings could not be read: {e}"),
            )
        })?;
        verdict(&settings, authorization)
    }
}

/// The gate's decision for these settings and this `Authorization` header.
fn verdict(settings: &GateSettings, authorization: Option<&str>) -> Result<ScimCaller, ScimError> {
    {
        let presented = authorization
            .and_then(|h| {
                let (scheme, rest) = h.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .filter(|k| !k.is_empty())
            .ok_or_else(|| {
                ScimError::new(401, None, "a bearer key is required: send the SCIM API key as `Authorization: Bearer <key>`")
            })?;
        let valid = settings
            .key_hash
            .as_deref()
            .is_some_and(|h| scim_key::verify(presented, h));
        if !valid {
            return Err(ScimError::new(
                401,
                None,
                "the bearer key is not the current SCIM API key",
            ));
        }
        if !settings.enabled {
            return Err(ScimError::new(
                403,
                None,
                "SCIM provisioning is disabled in Gatehouse; enable it under Logins > SCIM Provisioning Setup",
            ));
        }
        Ok(ScimCaller {
            provider: settings.provider.clone(),
        })
    }
}

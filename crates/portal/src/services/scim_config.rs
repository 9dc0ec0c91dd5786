//! SCIM settings (Task A, Task E): enabled, provider, and the key — rotated on demand, shown
//! once, stored only as a hash.

use serde::Serialize;
use store::{Store, StoreError};

use super::providers;
use super::scim_gate::ScimGate;
use super::scim_key;

/// The SCIM settings as the API shows them (never the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScimConfigView {
    /// Whether SCIM is enabled.
    pub enabled: bool,
    /// The provider id.
    pub provider: String,
    /// The provider's display name.
    pub provider_name: String,
    /// The URL to paste into the IdP.
    pub scim_url: String,
    /// Whether a key exists.
    pub has_key: bool,
    /// The first characters of the active key, to recognise it.
    pub key_hint: Option<String>,
}

/// Why a settings change was refused.
#[derive(Debug, thiserror::Error)]
pub enum ScimConfigError {
    /// The provider id is not one Gatehouse knows.
    #[error(
        "unknown provider {0:?}; expected one of okta, entra, onelogin, jumpcloud, google, other"
    )]
    UnknownProvider(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The current settings.
pub fn view(store: &Store, scim_url: &str) -> Result<ScimConfigView, StoreError> {
    let s = store.read(store::scim_settings::get)?;
    Ok(ScimConfigView {
        enabled: s.enabled,
        provider_name: providers::display_name(&s.provider).to_owned(),
        provider: s.provider,
        scim_url: scim_url.to_owned(),
        has_key: s.key_hash.is_some(),
        key_hint: s.key_prefix,
    })
}

/// Sets enabled and provider (the key is kept). Enabling without a key creates one and
/// returns it (shown once).
pub fn update(
    store: &Store,
    gate: &ScimGate,
    enabled: bool,
    provider: &str,
) -> Result<Option<String>, ScimConfigError> {
    let provider = provider.trim().to_ascii_lowercase();
    if !providers::is_known(&provider) {
        return Err(ScimConfigError::UnknownProvider(provider));
    }
    let new_key = store.write(|conn| -> Result<Option<String>, StoreError> {
        let mut s = store::scim_settings::get(conn)?;
        s.enabled = enabled;
        s.provider = provider.clone();
        let mut shown = None;
        if enabled && s.key_hash.is_none() {
            let k = scim_key::generate();
            s.key_hash = Some(k.hash);
            s.key_prefix = Some(k.hint);
            shown = Some(k.secret);
        }
        store::scim_settings::put(conn, &s)?;
        Ok(shown)
    })?;
    gate.invalidate();
    Ok(new_key)
}

/// Replaces the key with a new one, active at once; returns it (shown once).
pub fn rotate_key(store: &Store, gate: &ScimGate) -> Result<String, StoreError> {
    let k = scim_key::generate();
    store.write(|conn| {
        let mut s = store::scim_settings::get(conn)?;
        s.key_hash = Some(k.hash.clone());
        s.key_prefix = Some(k.hint.clone());
        store::scim_settings::put(conn, &s)
    })?;
    gate.invalidate();
    Ok(k.secret)
}

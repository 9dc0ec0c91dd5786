//! The SCIM settings (Logins ▸ SCIM Provisioning Setup): one row.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::conn::{on_inner, DbConn};
use crate::error::StoreError;
use crate::schema::scim_settings;
use crate::time;

/// The provider preselected before any setting is saved.
pub const DEFAULT_PROVIDER: &str = "okta";

/// SCIM provisioning settings. Only a hash of the key is ever stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimSettings {
    /// Whether the SCIM service answers.
    pub enabled: bool,
    /// The IdP (`okta`, `entra`, ... as the portal names them).
    pub provider: String,
    /// The hash of the active SCIM key, if one was saved.
    pub key_hash: Option<String>,
    /// The first characters of the key, to recognise it on screen.
    pub key_prefix: Option<String>,
    /// When the settings were last saved (`None` before the first save).
    pub updated_at: Option<NaiveDateTime>,
}

impl Default for ScimSettings {
    fn default() -> Self {
        ScimSettings {
            enabled: false,
            provider: DEFAULT_PROVIDER.to_owned(),
            key_hash: None,
            key_prefix: None,
            updated_at: None,
        }
    }
}

#[derive(Debug, Queryable, Insertable)]
#[diesel(table_name = scim_settings)]
struct Row {
    id: i32,
    enabled: bool,
    provider: String,
    key_hash: Option<String>,
    key_prefix: Option<String>,
    updated_at: NaiveDateTime,
}

/// The settings, or the defaults (disabled, no key) when never saved.
pub fn get(conn: &mut DbConn) -> Result<ScimSettings, StoreError> {
    let row = scim_settings::table.find(1).first::<Row>(conn).optional()?;
    Ok(row.map_or_else(ScimSettings::default, |r| ScimSettings {
        enabled: r.enabled,
        provider: r.provider,
        key_hash: r.key_hash,
        key_prefix: r.key_prefix,
        updated_at: Some(r.updated_at),
    }))
}

/// Saves the settings (`updated_at` is set to now) and returns them as stored.
pub fn put(conn: &mut DbConn, settings: &ScimSettings) -> Result<ScimSettings, StoreError> {
    let row = Row {
        id: 1,
        enabled: settings.enabled,
        provider: settings.provider.clone(),
        key_hash: settings.key_hash.clone(),
        key_prefix: settings.key_prefix.clone(),
        updated_at: time::now(),
    };
    on_inner!(conn, |c| diesel::insert_into(scim_settings::table)
        .values(&row)
        .on_conflict(scim_settings::id)
        .do_update()
        .set((
            scim_settings::enabled.eq(excluded(scim_settings::enabled)),
            scim_settings::provider.eq(excluded(scim_settings::provider)),
            scim_settings::key_hash.eq(excluded(scim_settings::key_hash)),
            scim_settings::key_prefix.eq(excluded(scim_settings::key_prefix)),
            scim_settings::updated_at.eq(excluded(scim_settings::updated_at)),
        ))
        .execute(c))?;
    get(conn)
}

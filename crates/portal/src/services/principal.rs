//! Who is signed in, and what they may do: resolved from a session on every request.

use permissions::{EffectiveAccess, Permissions};
use store::{DbConn, StoreError};

use super::session::{Claims, SessionKind};

/// A signed-in person.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// The administrator's or SCIM user's id.
    pub id: String,
    /// Their email (administrators) or userName (SCIM users).
    pub email: String,
    /// Local administrator or SCIM user.
    pub source: SessionKind,
    /// Their effective access (administrators: full access).
    pub access: EffectiveAccess,
    /// The session's random id (CSRF tokens derive from it).
    pub sid: String,
}

impl Principal {
    /// Their permissions.
    pub fn permissions(&self) -> Permissions {
        self.access.permissions
    }

    /// `local` or `scim`, as the API shows it.
    pub fn source_name(&self) -> &'static str {
        match self.source {
            SessionKind::Local => "local",
            SessionKind::Scim => "scim",
        }
    }
}

/// Loads the person a valid session names. `None` when they no longer exist, or are a
/// deactivated SCIM user: sessions end with the account.
pub fn load(conn: &mut DbConn, claims: &Claims) -> Result<Option<Principal>, StoreError> {
    match claims.kind {
        SessionKind::Local => match store::admins::get(conn, &claims.sub) {
            Ok(a) => Ok(Some(Principal {
                id: a.id,
                email: a.email,
                source: SessionKind::Local,
                access: EffectiveAccess::full(),
                sid: claims.sid.clone(),
            })),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        },
        SessionKind::Scim => {
            let user = match store::users::get(conn, &claims.sub) {
                Ok(u) => u,
                Err(e) if e.is_not_found() => return Ok(None),
                Err(e) => return Err(e),
            };
            if !user.active {
                return Ok(None);
            }
            let access = super::access::stored_access(conn, &user.id)?;
            if !access.has_access() {
                return Ok(None);
            }
            Ok(Some(Principal {
                id: user.id,
                email: user.user_name,
                source: SessionKind::Scim,
                access,
                sid: claims.sid.clone(),
            }))
        }
    }
}

//! Session tokens: signed (HS256) JWTs carried in the `gatehouse_session` cookie.
//!
//! No session state lives in a process: any `gatehouse serve` sharing the database (and so
//! the session secret) accepts a token. Every request still loads the person it names, so a
//! deleted administrator or a deactivated SCIM user loses access at once.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// The cookie's name (fixed by the product contract).
pub const COOKIE_NAME: &str = "gatehouse_session";

/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

/// Who a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    /// A local administrator (password sign-in).
    Local,
    /// A SCIM-provisioned user (SAML sign-in).
    Scim,
}

/// The signed claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The administrator's or user's id.
    pub sub: String,
    /// Local administrator or SCIM user.
    pub kind: SessionKind,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// A random value for CSRF tokens derived from this session.
    pub sid: String,
}

/// Errors from the session signer.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The secret cannot be used as a key.
    #[error("invalid session secret: {0}")]
    Key(String),
    /// Signing failed.
    #[error("could not sign the session: {0}")]
    Sign(String),
}

/// Signs and checks session tokens with one secret.
#[derive(Clone)]
pub struct SessionSigner {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for SessionSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionSigner(..)")
    }
}

impl SessionSigner {
    /// A signer for `secret` (at least 32 bytes of entropy expected).
    pub fn new(secret: &[u8]) -> Result<Self, SessionError> {
        let encoding =
            EncodingKey::from_secret(secret).map_err(|e| SessionError::Key(e.to_string()))?;
        let decoding =
            DecodingKey::from_secret(secret).map_err(|e| SessionError::Key(e.to_string()))?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 30;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Ok(SessionSigner {
            encoding,
            decoding,
            validation,
        })
    }

    /// A new token for `sub`, valid for [`SESSION_HOURS`].
    pub fn issue(&self, sub: &str, kind: SessionKind) -> Result<(String, Claims), SessionError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: sub.to_owned(),
            kind,
            iat: now,
            exp: now + SESSION_HOURS * 3600,
            sid: super::secret::random_token(16),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| SessionError::Sign(e.to_string()))?;
        Ok((token, claims))
    }

    /// The claims of a valid, unexpired token; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_tampered_ones_do_not() {
        let s = SessionSigner::new(b"0123456789abcdef0123456789abcdef").unwrap();
        let (tok, claims) = s.issue("u1", SessionKind::Local).unwrap();
        assert_eq!(s.verify(&tok), Some(claims));
        let other = SessionSigner::new(b"another secret of 32 bytes......").unwrap();
        assert_eq!(other.verify(&tok), None);
        let mut bad = tok.clone();
        bad.pop();
        assert_eq!(s.verify(&bad), None);
        assert_eq!(s.verify("garbage"), None);
    }
}

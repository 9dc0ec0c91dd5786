//! SCIM bearer keys: 256-bit random secrets with a recognisable prefix; only a hash is kept.

use super::secret::{constant_time_eq, random_token, sha256_hex};

/// Every key starts with this, so a leaked key is recognisable (secret scanners, logs).
pub const KEY_PREFIX: &str = "ghscim_";

/// A freshly generated key: the secret (shown once) and what is stored.
#[derive(Debug, Clone)]
pub struct NewKey {
    /// The full key, to be shown to the administrator once.
    pub secret: String,
    /// SHA-256 of the key, hex: the only thing stored.
    pub hash: String,
    /// The first characters, stored to help recognise which key is active.
    pub hint: String,
}

/// Generates a new key: `ghscim_` + 32 random bytes, URL-safe base64.
pub fn generate() -> NewKey {
    let secret = format!("{KEY_PREFIX}{}", random_token(32));
    let hash = sha256_hex(secret.as_bytes());
    let hint = secret.chars().take(KEY_PREFIX.len() + 4).collect();
    NewKey { secret, hash, hint }
}

/// Whether `presented` is the key whose hash is `stored_hash` (constant time in the key).
///
/// Hashing first means the comparison runs over fixed-length digests, so its time says
/// nothing about the stored key. A fast hash is right here: keys have 256 bits of entropy.
pub fn verify(presented: &str, stored_hash: &str) -> bool {
    let h = sha256_hex(presented.as_bytes());
    constant_time_eq(h.as_bytes(), stored_hash.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_key_verifies_and_others_do_not() {
        let k = generate();
        assert!(k.secret.starts_with(KEY_PREFIX));
        assert!(k.secret.len() >= KEY_PREFIX.len() + 43);
        assert!(verify(&k.secret, &k.hash));
        assert!(!verify(&generate().secret, &k.hash));
        assert!(!verify("", &k.hash));
        assert!(k.secret.starts_with(&k.hint));
        assert!(!k.hash.contains(&k.secret));
    }
}

//! Case-insensitive unique keys (for `userName` uniqueness and similar lookups).

/// The key under which a case-insensitive value (such as `userName`) is unique.
///
/// Two values that differ only in letter case (in any script, not only ASCII) give the
/// same key. Storage layers keep this key in its own column with a plain unique index,
/// so that every database backend enforces the same rule. Unicode normalisation (NFC)
/// is not applied.
///
/// ```
/// use scim_core::resource::normalized_key;
/// assert_eq!(normalized_key("Olivia.Lim@Example.com"), "olivia.lim@example.com");
/// assert_eq!(normalized_key("ÉMILE"), normalized_key("émile"));
/// ```
pub fn normalized_key(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_non_ascii_letters() {
        assert_eq!(normalized_key("ÖZLEM"), "özlem");
        assert_eq!(normalized_key("ΣΟΦΊΑ"), normalized_key("σοφία"));
        assert_ne!(normalized_key("anna"), normalized_key("anna "));
    }
}

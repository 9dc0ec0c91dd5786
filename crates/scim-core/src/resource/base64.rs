//! Recognising base64 text for `binary` attributes (RFC 7643 §2.3.6).

/// Whether `s` is base64 text: the standard (`+/`) or URL-safe (`-_`) alphabet, with
/// optional `=` padding; when padded, the length is a multiple of four.
pub(crate) fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let padding = s.len() - body.len();
    if padding > 2 {
        return false;
    }
    if !body
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
    {
        return false;
    }
    if padding > 0 {
        s.len().is_multiple_of(4)
    } else {
        body.len() % 4 != 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_padded_unpadded_and_url_safe() {
        assert!(is_base64("TWFu"));
        assert!(is_base64("TWE="));
        assert!(is_base64("TQ=="));
        assert!(is_base64("TQ"));
        assert!(is_base64("a-_b"));
        assert!(is_base64(""));
    }

    #[test]
    fn rejects_other_text() {
        assert!(!is_base64("not base64!"));
        assert!(!is_base64("TQ="));
        assert!(!is_base64("T"));
        assert!(!is_base64("TQ==="));
        assert!(!is_base64("TW Fu"));
    }
}

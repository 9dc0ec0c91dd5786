//! Absolute locations of discovery documents (`meta.location`).

/// `base_url` (with or without a trailing `/`) followed by `/` and each segment.
pub(crate) fn location(base_url: &str, segments: &[&str]) -> String {
    let mut out = base_url.trim_end_matches('/').to_owned();
    for segment in segments {
        out.push('/');
        out.push_str(segment.trim_start_matches('/'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_with_exactly_one_slash() {
        let want = "https://idp.example/scim/v2/ResourceTypes/User";
        assert_eq!(
            location("https://idp.example/scim/v2", &["ResourceTypes", "User"]),
            want
        );
        assert_eq!(
            location("https://idp.example/scim/v2/", &["/ResourceTypes", "User"]),
            want
        );
    }
}

//! The identity providers Gatehouse knows, by id (as stored and in the API) and display name
//! (as shown in the portal and written as the activity log's initiator).

/// Every provider id, in the order the portal lists them.
pub const PROVIDERS: &[(&str, &str)] = &[
    ("okta", "Okta"),
    ("entra", "Microsoft Entra ID"),
    ("onelogin", "OneLogin"),
    ("jumpcloud", "JumpCloud"),
    ("google", "Google Workspace"),
    ("other", "Other"),
];

/// The display name of a provider id (the id itself when unknown).
pub fn display_name(id: &str) -> &str {
    PROVIDERS
        .iter()
        .find(|(i, _)| i.eq_ignore_ascii_case(id))
        .map_or(id, |(_, name)| name)
}

/// Whether `id` is a known provider id.
pub fn is_known(id: &str) -> bool {
    PROVIDERS.iter().any(|(i, _)| i.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_known_providers() {
        assert_eq!(display_name("entra"), "Microsoft Entra ID");
        assert_eq!(display_name("OKTA"), "Okta");
        assert!(is_known("google"));
        assert!(!is_known("myspace"));
    }
}

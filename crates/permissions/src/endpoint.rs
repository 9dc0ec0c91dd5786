//! Endpoint records the scoped sections show (PRODUCT.md §9): end users and computers.
//!
//! Unknown JSON fields are ignored, so exports that carry more than these fields import.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A computer's operating system family. JSON: `"windows"`, `"mac"` or `"linux"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Microsoft Windows.
    Windows,
    /// Apple macOS: hidden from roles without `manage_mac`.
    Mac,
    /// Linux.
    Linux,
}

impl Platform {
    /// The JSON name: `windows`, `mac` or `linux`.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Windows => "windows",
            Platform::Mac => "mac",
            Platform::Linux => "linux",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person who uses the organisation's computers.
/// JSON: `{"upn", "name", "ou", "groups"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndUser {
    /// User principal name, e.g. `olivia.lim@corp.example.com`.
    pub upn: String,
    /// Display name.
    pub name: String,
    /// The OU the account is in, as a path or a DN (see [`OuPath`](crate::OuPath)); may be absent.
    #[serde(default)]
    pub ou: Option<String>,
    /// Names of the directory groups the user is a member of.
    #[serde(default)]
    pub groups: Vec<String>,
}

/// A managed computer.
/// JSON: `{"name", "platform", "ou", "groups", "user"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computer {
    /// Computer name, e.g. `PC1`.
    pub name: String,
    /// Operating system family.
    pub platform: Platform,
    /// The OU the computer is in, as a path or a DN (`CN=PC1,OU=EMEA,DC=corp` works too).
    #[serde(default)]
    pub ou: Option<String>,
    /// Names of the directory groups the computer is a member of.
    #[serde(default)]
    pub groups: Vec<String>,
    /// The UPN of the computer's (last) user, if known.
    #[serde(default)]
    pub user: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_json() {
        let computer: Result<Computer, _> = serde_json::from_value(serde_json::json!({
            "name": "MAC7", "platform": "mac", "ou": "corp/Design",
            "groups": ["Designers"], "user": "otto@corp.example.com"
        }));
        let computer = computer.ok();
        assert_eq!(computer.as_ref().map(|c| c.platform), Some(Platform::Mac));
        assert_eq!(
            computer.and_then(|c| c.user),
            Some("otto@corp.example.com".into())
        );

        let user: Result<EndUser, _> = serde_json::from_value(serde_json::json!({
            "upn": "olivia@corp", "name": "Olivia Lim", "ou": "OU=Data,DC=corp", "groups": ["Data"]
        }));
        assert_eq!(user.ok().map(|u| u.groups), Some(vec!["Data".to_owned()]));
    }

    #[test]
    fn optional_fields_may_be_missing_or_null() {
        let computer: Result<Computer, _> =
            serde_json::from_str(r#"{"name":"PC1","platform":"linux","ou":null}"#);
        let computer = computer.ok();
        assert_eq!(
            computer
                .as_ref()
                .map(|c| (c.ou.clone(), c.groups.len(), c.user.clone())),
            Some((None, 0, None))
        );
    }

    #[test]
    fn platforms_are_lowercase_in_json() {
        assert_eq!(
            serde_json::to_string(&Platform::Windows).ok().as_deref(),
            Some("\"windows\"")
        );
        assert!(serde_json::from_str::<Platform>("\"Mac\"").is_err());
        assert!(serde_json::from_str::<Platform>("\"bsd\"").is_err());
        assert_eq!(Platform::Mac.to_string(), "mac");
    }
}

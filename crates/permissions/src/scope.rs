//! The scope of a role: which endpoint records its holders may see (PRODUCT.md §5, §9).

use serde::{Deserialize, Serialize};

use crate::{Computer, EndUser, ScopeFilter};

/// Which endpoint records a person may see (PRODUCT.md §5 "Scope").
///
/// Empty lists do not restrict; a non-empty list requires membership in one of its entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Whether records about Mac computers are visible.
    pub manage_mac: bool,
    /// The end user must be in one of these groups.
    #[serde(default)]
    pub end_user_groups: Vec<String>,
    /// The end user must be in one of these OUs (or an OU nested below one).
    #[serde(default)]
    pub end_user_ous: Vec<String>,
    /// The computer must be in one of these groups.
    #[serde(default)]
    pub computer_groups: Vec<String>,
    /// The computer must be in one of these OUs (or an OU nested below one).
    #[serde(default)]
    pub computer_ous: Vec<String>,
}

impl Scope {
    /// The unrestricted scope: Macs included, no group or OU condition.
    pub fn all() -> Self {
        Scope {
            manage_mac: true,
            end_user_groups: Vec::new(),
            end_user_ous: Vec::new(),
            computer_groups: Vec::new(),
            computer_ous: Vec::new(),
        }
    }

    /// Whether a record about `end_user` and/or `computer` is visible under this scope.
    ///
    /// The rule, including what happens when the record lacks the end user or computer a
    /// list restricts, is described on [`ScopeFilter`]; build one with [`Scope::filter`] to
    /// test many records without re-parsing the scope's OUs each time.
    pub fn allows(&self, end_user: Option<&EndUser>, computer: Option<&Computer>) -> bool {
        self.filter().allows(end_user, computer)
    }

    /// This scope prepared for testing many records.
    pub fn filter(&self) -> ScopeFilter {
        ScopeFilter::new(self)
    }

    /// Whether every record is visible: Macs included and no list restricts.
    pub fn is_unrestricted(&self) -> bool {
        self.manage_mac
            && self.end_user_groups.is_empty()
            && self.end_user_ous.is_empty()
            && self.computer_groups.is_empty()
            && self.computer_ous.is_empty()
    }
}

impl Default for Scope {
    fn default() -> Self {
        Self::all()
    }
}

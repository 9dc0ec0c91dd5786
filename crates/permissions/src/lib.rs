//! # permissions
//!
//! Gatehouse's group-based roles as pure logic (PRODUCT.md §5): which role applies to a
//! person, what that role lets them see, and how two outcomes differ. No I/O.
//!
//! * **Roles** — [`Role`] (`source_group`, `is_default`, [`Permissions`], [`Scope`]) is the
//!   JSON shape of the API. [`validate_role`] checks and trims a submitted role, naming the
//!   offending field in a [`RoleError`]; [`parse_list`] / [`parse_ou_list`] read the form's
//!   comma-separated lists. [`group_key`] / [`same_group`] define when two group names are
//!   the same (trimmed, Unicode lowercase) — for source-group uniqueness too.
//! * **Resolution** — [`RoleIndex`] prepares the ordered roles once; [`RoleIndex::resolve`]
//!   gives each user's [`Access`]: the first role (in list order) whose source group is one
//!   of the user's groups, else the default role, else [`Access::Full`] when there are no
//!   roles at all, else [`Access::None`]. [`Access::effective`] turns that into the
//!   [`EffectiveAccess`] stored per user and shown by `GET /api/v1/me` and `/users`.
//! * **Scope** — [`Scope::allows`] / [`ScopeFilter`] decide whether an endpoint record
//!   ([`EndUser`], [`Computer`]) is visible. OUs are [`OuPath`]s, written as paths
//!   (`corp/Sales/EMEA`) or LDAP DNs (`OU=EMEA,OU=Sales,DC=corp`); an OU contains itself and
//!   everything nested below it. A restriction that cannot be checked (no end user, no
//!   computer, no OU on the record) hides the record.
//! * **Diffs** — [`AccessDiff::between`] lists what changed between two effective accesses,
//!   with the activity log's From and To texts.
//!
//! ## Example: the manual's roles
//!
//! ```
//! use permissions::{
//!     diff, Computer, EndUser, Permissions, Platform, Role, RoleIndex, Scope,
//! };
//!
//! let role = |group: &str, is_default, permissions, scope| Role {
//!     source_group: group.into(),
//!     is_default,
//!     permissions,
//!     scope,
//! };
//! let viewer = Permissions { inventory: true, auditlog: true, reports: true, ..Permissions::NONE };
//! let roles = vec![
//!     role("Default", true, Permissions { requests: true, ..viewer }, Scope::all()),
//!     role("WindowsAdministrators", false, Permissions::ALL,
//!          Scope { manage_mac: false, ..Scope::all() }),
//!     role("Data", false, viewer,
//!          Scope { end_user_ous: vec!["OU=Data,DC=corp".into()], ..Scope::all() }),
//! ];
//! let index = RoleIndex::new(&roles);
//!
//! // Otto is in no group: the default role applies. Olivia is in Data.
//! let otto = index.resolve(Vec::<String>::new()).effective();
//! let olivia = index.resolve(["data"]).effective();
//! assert_eq!(otto.role.as_deref(), Some("Default"));
//! assert_eq!(olivia.role.as_deref(), Some("Data"));
//!
//! // Olivia sees records of end users in OU corp/Data (or below it) only.
//! let owen = EndUser {
//!     upn: "owen@corp".into(),
//!     name: "Owen Clive".into(),
//!     ou: Some("corp/Data/Analysts".into()),
//!     groups: vec![],
//! };
//! let mac = Computer {
//!     name: "MAC1".into(),
//!     platform: Platform::Mac,
//!     ou: None,
//!     groups: vec![],
//!     user: Some("owen@corp".into()),
//! };
//! assert!(olivia.scope.allows(Some(&owen), Some(&mac)));
//! assert!(!olivia.scope.allows(None, Some(&mac)));
//!
//! // What the activity log records when Olivia was moved from Default to Data.
//! let change = diff(&otto, &olivia).unwrap();
//! assert_eq!(change.from_text(), "Role: Default; Requests: on; End user OUs: any");
//! assert_eq!(change.to_text(), "Role: Data; Requests: off; End user OUs: OU=Data,DC=corp");
//! ```

mod diff;
mod dn;
mod effective;
mod endpoint;
mod group;
mod key_table;
mod list;
mod ou;
mod permissions;
mod resolve;
mod role;
mod scope;
mod scope_filter;
mod validate;

#[cfg(test)]
mod test_support;

pub use diff::{diff, AccessDiff, Change, NO_ACCESS};
pub use effective::{EffectiveAccess, FULL_ACCESS};
pub use endpoint::{Computer, EndUser, Platform};
pub use group::{group_key, same_group};
pub use list::{format_list, parse_list, parse_ou_list};
pub use ou::{OuError, OuPath};
pub use permissions::Permissions;
pub use resolve::{resolve, Access, RoleIndex, RoleMatch};
pub use role::Role;
pub use scope::Scope;
pub use scope_filter::ScopeFilter;
pub use validate::{validate_role, RoleError, MAX_NAME_CHARS};

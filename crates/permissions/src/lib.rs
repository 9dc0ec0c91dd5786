//! # permissions
//!
//! Gatehouse's group-based roles as pure logic (PRODUCT.md §5): which role applies to a
//! person, what that role lets them see, and how two outcomes differ. No I/O.

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

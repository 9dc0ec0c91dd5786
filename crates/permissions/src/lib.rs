//! # permissions
//!
//! Gatehouse's group-based roles as pure logic (PRODUCT.md §5): which role applies to a
//! person, what that role lets them see, and how two outcomes differ. No I/O.

mod role;

pub use role::{Permissions, Role, Scope};

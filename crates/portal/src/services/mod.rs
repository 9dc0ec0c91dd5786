//! Application services: the logic between HTTP and the store.

pub mod password;
pub mod scim_key;
pub mod secret;
pub mod session;

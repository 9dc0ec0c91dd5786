//! Application services: the logic between HTTP and the store.

pub mod access;
pub mod activity;
pub mod admins;
pub mod password;
pub mod portal_users;
pub mod principal;
pub mod providers;
pub mod provisioning;
pub mod roles;
pub mod scim_config;
pub mod scim_gate;
pub mod scim_key;
pub mod secret;
pub mod session;
pub mod settings;

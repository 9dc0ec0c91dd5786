//! # portal
//!
//! Gatehouse's application services (provisioning, role recompute, activity log, sign-in)
//! and the actix-web routes that serve them: `/scim/v2`, `/api/v1` and the pages.

pub mod services;

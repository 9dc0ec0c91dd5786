//! # portal
//!
//! Gatehouse's application services (provisioning, role recompute, activity log, sign-in)
//! and the actix-web routes that serve them: `/scim/v2` and `/api/v1`.
//!
//! * [`services`]: the logic, in blocking functions over the store.
//! * [`scim_http`]: the SCIM 2.0 endpoint.
//! * [`api`]: the JSON API.
//! * [`server`]: building and running the actix server.

pub mod api;
pub mod config;
pub mod scim_http;
pub mod server;
pub mod services;
pub mod state;

pub use config::Config;
pub use server::{run, state as build_state, StartError};
pub use state::AppState;

//! Validating resources written by clients (POST and PUT bodies) against their schemas.
//!
//! [`prepare`] turns a request body into the resource a service stores: names in the
//! schema's spelling, values type-checked, `readOnly`, unknown and unassigned attributes
//! dropped, `writeOnly` values (`password`) taken out, `required`, `immutable` and
//! single-`primary` rules enforced. [`prepare_detailed`] also says what was dropped.
//! [`normalized_key`] gives the key under which a case-insensitive value is unique.

mod base64;
mod clean;
mod immutable;
mod key;
pub(crate) mod lookup;
mod mode;
mod prepare;
mod prepared;
mod primary;
mod required;
mod schemas_attr;
mod value_type;
mod write_only;

pub use key::normalized_key;
pub use mode::WriteMode;
pub use prepare::{prepare, prepare_detailed};
pub use prepared::{IgnoreReason, Ignored, Prepared};

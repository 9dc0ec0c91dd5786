//! Whether a write creates a resource or replaces one.

use serde_json::Value;

/// The kind of write [`prepare`](super::prepare) validates a body for.
#[derive(Debug, Clone, Copy)]
pub enum WriteMode<'a> {
    /// `POST`: a new resource.
    Create,
    /// `PUT`: the body replaces `existing`, the stored resource. Needed to enforce
    /// `immutable` attributes (RFC 7643 §2.2, RFC 7644 §3.5.1).
    Replace {
        /// The resource as currently stored.
        existing: &'a Value,
    },
}

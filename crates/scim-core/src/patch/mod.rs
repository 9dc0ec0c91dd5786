//! PATCH (RFC 7644 §3.5.2): paths, an RFC-pure engine, provider normalisers and group
//! membership deltas.
//!
//! A request goes through three steps:
//!
//! 1. [`crate::message::decode_json`] reads the body into a [`PatchRequest`](crate::message::PatchRequest); op names are
//!    matched case-insensitively there (Entra's `Replace`).
//! 2. [`normalize()`] rewrites the shapes that Okta and Entra send but RFC 7644 does not
//!    define (booleans as strings, a bare-string manager, removal by a value array, dotted
//!    keys in a path-less value, Okta's `id` inside a rename) into RFC operations.
//! 3. [`apply`] applies the operations to the stored resource, all or nothing.
//!
//! For groups, [`member_deltas`] splits the `members` operations off as deltas (add these
//! ids, remove those) so that a store never rewrites the whole member list.
//!
//! ```
//! use scim_core::message::{decode_json, PatchRequest};
//! use scim_core::patch::{apply, normalize};
//! use scim_core::schema::SchemaRegistry;
//! use serde_json::json;
//!
//! let registry = SchemaRegistry::standard();
//! let schema = registry.resource_schema("User").unwrap();
//! let mut user = json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "id": "2819c223", "userName": "bjensen", "active": true,
//!     "name": {"givenName": "Barbara", "familyName": "Jensen"}
//! });
//! let body = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
//!   "Operations":[
//!     {"op":"Replace","path":"active","value":"False"},
//!     {"op":"Replace","path":"name.familyName","value":"Jensen-Smith"},
//!     {"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"26118915"}
//!   ]}"#;
//! let request: PatchRequest = decode_json(body).unwrap();
//! let ops = normalize(&request.operations, &user, &schema);
//! apply(&mut user, &ops, &schema).unwrap();
//!
//! assert_eq!(user["active"], false);
//! assert_eq!(user["name"]["familyName"], "Jensen-Smith");
//! let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
//! assert_eq!(user[enterprise]["manager"]["value"], "26118915");
//! assert_eq!(user["schemas"][1], enterprise);
//! ```
//!
//! # Engine semantics
//!
//! * Names are matched case-insensitively and written with the schema's spelling;
//!   attributes of an extension live under its URN, which is added to `schemas` when the
//!   first one is written (and removed with the last).
//! * Names the schema does not know (in the path or inside a value) are 400 `invalidPath`.
//! * Values are checked against the attribute type: 400 `invalidValue`. `null` means
//!   unassigned (RFC 7643 §2.5): `replace` with null removes, null members of a value are
//!   dropped.
//! * `readOnly` attributes cannot be written (400 `mutability`); `immutable` ones only when
//!   they have no value yet or keep the same one.
//! * `add` to a multi-valued attribute skips values already present (equal `value`,
//!   honouring `caseExact`; else equal as a whole). A value written with `primary: true`
//!   clears `primary` on the others.
//! * `replace` of a multi-valued attribute without a filter replaces the whole list
//!   (`replace members []` empties it). With a filter that matches no value it is 400
//!   `noTarget`; `add` through such a filter creates the value when the filter is made of
//!   `eq` comparisons (`emails[type eq "work"].value`), else 400 `noTarget`.
//! * `remove` without a path is 400 `noTarget`; through a filter that matches nothing it
//!   changes nothing. `remove` of a whole multi-valued attribute with a value is refused
//!   (400 `invalidValue`) rather than removing every value: [`normalize()`] turns Entra's
//!   value-array removal into value filters first.
//! * Removing a required attribute of the core schema (`userName`) is 400 `invalidValue`.
//! * An empty attribute (no values, no sub-attributes) is removed from the resource.

mod container;
mod engine;
mod members;
mod multi;
pub mod normalize;
mod path;
mod select;
mod target;
mod value;

pub use members::{member_deltas, MemberDelta, MemberPatch};
pub use normalize::normalize;
pub use path::PatchPath;

use serde_json::Value;

use crate::message::{PatchOperation, ScimError};
use crate::schema::ResourceSchema;

/// Applies `ops` in order to `resource`, all or nothing: on error the resource is left as
/// it was and the error's detail names the failing operation (`Operations[2]: …`).
///
/// `resource` must be a JSON object; `schema` is its resource type's schemas.
pub fn apply(
    resource: &mut Value,
    ops: &[PatchOperation],
    schema: &ResourceSchema<'_>,
) -> Result<(), ScimError> {
    let Value::Object(original) = resource else {
        return Err(ScimError::new(
            500,
            None,
            "the stored resource is not a JSON object",
        ));
    };
    let mut work = original.clone();
    for (i, op) in ops.iter().enumerate() {
        engine::apply_operation(&mut work, op, schema).map_err(|mut e| {
            e.detail = format!("Operations[{i}] ({}): {}", describe(op), e.detail);
            e
        })?;
    }
    *original = work;
    Ok(())
}

fn describe(op: &PatchOperation) -> String {
    match &op.path {
        Some(p) => format!("{} {p}", op.op),
        None => op.op.to_string(),
    }
}

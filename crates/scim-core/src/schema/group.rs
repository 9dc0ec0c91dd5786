//! The core Group schema (RFC 7643 §4.2, §8.7.1).

use super::attribute::{Attribute, Mutability};
use super::definition::Schema;

/// URN of the core Group schema.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// The core Group schema.
pub fn group_schema() -> Schema {
    Schema::new(
        GROUP_SCHEMA,
        "Group",
        "Group",
        vec![
            Attribute::string("displayName")
                .required()
                .describe("A human-readable name for the group."),
            Attribute::complex(
                "members",
                vec![
                    Attribute::string("value")
                        .case_exact()
                        .mutability(Mutability::Immutable)
                        .describe("Identifier of the member."),
                    Attribute::reference("$ref", &["User", "Group"])
                        .mutability(Mutability::Immutable)
                        .describe("The URI of the member resource."),
                    Attribute::string("display")
                        .mutability(Mutability::Immutable)
                        .describe("A human-readable name of the member."),
                    Attribute::string("type")
                        .canonical(&["User", "Group"])
                        .mutability(Mutability::Immutable)
                        .describe("The type of the member."),
                ],
            )
            .multi()
            .describe("A list of members of the group."),
        ],
    )
}

//! The Enterprise User extension schema (RFC 7643 §4.3, §8.7.1).

use super::attribute::{Attribute, Mutability};
use super::definition::Schema;

/// URN of the Enterprise User extension.
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The Enterprise User extension schema.
pub fn enterprise_user_schema() -> Schema {
    Schema::new(
        ENTERPRISE_USER_SCHEMA,
        "EnterpriseUser",
        "Enterprise User",
        vec![
            Attribute::string("employeeNumber")
                .describe("Numeric or alphanumeric identifier assigned to a person."),
            Attribute::string("costCenter").describe("Identifies the name of a cost center."),
            Attribute::string("organization").describe("Identifies the name of an organization."),
            Attribute::string("division").describe("Identifies the name of a division."),
            Attribute::string("department").describe("Identifies the name of a department."),
            Attribute::complex(
                "manager",
                vec![
                    Attribute::string("value")
                        .describe("The id of the SCIM resource representing the user's manager."),
                    Attribute::reference("$ref", &["User"])
                        .describe("The URI of the manager resource."),
                    Attribute::string("displayName")
                        .mutability(Mutability::ReadOnly)
                        .describe("The display name of the user's manager."),
                ],
            )
            .describe("The user's manager."),
        ],
    )
}

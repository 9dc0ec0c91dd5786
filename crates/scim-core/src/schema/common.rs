//! The common attributes every resource has: `id`, `externalId`, `meta` (RFC 7643 §3.1).
//!
//! They belong to no schema URN; the registry consults them for every resource type.

use super::attribute::{Attribute, Mutability, Returned, Uniqueness};

/// `id`, `externalId` and `meta`, as RFC 7643 §3.1 and §7 (the Schema of §8.7.1) define them.
pub fn common_attributes() -> Vec<Attribute> {
    vec![
        Attribute::string("id")
            .case_exact()
            .mutability(Mutability::ReadOnly)
            .returned(Returned::Always)
            .uniqueness(Uniqueness::Server)
            .describe("Unique identifier for the resource, assigned by the service provider."),
        Attribute::string("externalId")
            .case_exact()
            .describe("Identifier of the resource as defined by the provisioning client."),
        Attribute::complex(
            "meta",
            vec![
                Attribute::string("resourceType")
                    .case_exact()
                    .mutability(Mutability::ReadOnly)
                    .describe("The name of the resource type of the resource."),
                Attribute::date_time("created")
                    .mutability(Mutability::ReadOnly)
                    .describe("When the resource was added to the service provider."),
                Attribute::date_time("lastModified")
                    .mutability(Mutability::ReadOnly)
                    .describe("When the resource was last modified."),
                Attribute::reference("location", &["uri"])
                    .case_exact()
                    .mutability(Mutability::ReadOnly)
                    .describe("The URI of the resource."),
                Attribute::string("version")
                    .case_exact()
                    .mutability(Mutability::ReadOnly)
                    .describe("The version (ETag) of the resource."),
            ],
        )
        .mutability(Mutability::ReadOnly)
        .describe("Resource metadata."),
    ]
}

//! The core User schema (RFC 7643 §4.1, §8.7.1).

use super::attribute::{Attribute, AttributeType, Mutability, Returned, Uniqueness};
use super::definition::Schema;

/// URN of the core User schema.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

fn multi_valued_string(name: &str, kinds: &[&str], description: &str) -> Attribute {
    Attribute::complex(
        name,
        vec![
            Attribute::string("value").describe("The value."),
            Attribute::string("display")
                .describe("A human-readable name, primarily used for display purposes."),
            Attribute::string("type")
                .canonical(kinds)
                .describe("A label indicating the attribute's function."),
            Attribute::boolean("primary").describe("Whether this is the primary value."),
        ],
    )
    .multi()
    .describe(description)
}

/// The core User schema with every attribute of RFC 7643 §4.1.
pub fn user_schema() -> Schema {
    let name = Attribute::complex(
        "name",
        vec![
            Attribute::string("formatted").describe("The full name, formatted for display."),
            Attribute::string("familyName").describe("The family name."),
            Attribute::string("givenName").describe("The given name."),
            Attribute::string("middleName").describe("The middle name(s)."),
            Attribute::string("honorificPrefix").describe("The honorific prefix(es), e.g. 'Ms.'."),
            Attribute::string("honorificSuffix").describe("The honorific suffix(es), e.g. 'III'."),
        ],
    )
    .describe("The components of the user's real name.");

    let emails = multi_valued_string(
        "emails",
        &["work", "home", "other"],
        "Email addresses for the user.",
    );
    let phones = multi_valued_string(
        "phoneNumbers",
        &["work", "home", "mobile", "fax", "pager", "other"],
        "Phone numbers for the user.",
    );
    let ims = multi_valued_string(
        "ims",
        &["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
        "Instant messaging addresses for the user.",
    );
    let photos = {
        let mut a = multi_valued_string(
            "photos",
            &["photo", "thumbnail"],
            "URLs of photos of the user.",
        );
        if let Some(v) = a.sub_attributes.first_mut() {
            v.kind = AttributeType::Reference;
            v.reference_types = vec!["external".into()];
            v.case_exact = true;
        }
        a
    };
    let addresses = Attribute::complex(
        "addresses",
        vec![
            Attribute::string("formatted")
                .describe("The full mailing address, formatted for display."),
            Attribute::string("streetAddress").describe("The full street address component."),
            Attribute::string("locality").describe("The city or locality component."),
            Attribute::string("region").describe("The state or region component."),
            Attribute::string("postalCode").describe("The zip code or postal code component."),
            Attribute::string("country").describe("The country name component."),
            Attribute::string("type")
                .canonical(&["work", "home", "other"])
                .describe("A label indicating the address's function."),
            Attribute::boolean("primary").describe("Whether this is the primary address."),
        ],
    )
    .multi()
    .describe("A physical mailing address for this user.");
    let groups = Attribute::complex(
        "groups",
        vec![
            Attribute::string("value")
                .mutability(Mutability::ReadOnly)
                .describe("The identifier of the user's group."),
            Attribute::reference("$ref", &["User", "Group"])
                .mutability(Mutability::ReadOnly)
                .describe("The URI of the group."),
            Attribute::string("display")
                .mutability(Mutability::ReadOnly)
                .describe("The group's display name."),
            Attribute::string("type")
                .canonical(&["direct", "indirect"])
                .mutability(Mutability::ReadOnly)
                .describe("How the membership was derived."),
        ],
    )
    .multi()
    .mutability(Mutability::ReadOnly)
    .describe("Groups the user belongs to, managed through the Group resource.");
    let simple_multi = |n: &str, d: &str| {
        Attribute::complex(
            n,
            vec![
                Attribute::string("value").describe("The value."),
                Attribute::string("display").describe("A human-readable name."),
                Attribute::string("type").describe("A label indicating the attribute's function."),
                Attribute::boolean("primary").describe("Whether this is the primary value."),
            ],
        )
        .multi()
        .describe(d)
    };
    let x509 = {
        let mut a = simple_multi(
            "x509Certificates",
            "A list of certificates issued to the user.",
        );
        if let Some(v) = a.sub_attributes.first_mut() {
            v.kind = AttributeType::Binary;
        }
        a
    };

    Schema::new(
        USER_SCHEMA,
        "User",
        "User Account",
        vec![
            Attribute::string("userName")
                .required()
                .uniqueness(Uniqueness::Server)
                .describe(
                    "Unique identifier for the user, used to authenticate. Case-insensitive.",
                ),
            name,
            Attribute::string("displayName")
                .describe("The name of the user, suitable for display."),
            Attribute::string("nickName").describe("The casual way to address the user."),
            Attribute::reference("profileUrl", &["external"])
                .describe("A URL of the user's online profile."),
            Attribute::string("title").describe("The user's title, e.g. 'Vice President'."),
            Attribute::string("userType")
                .describe("The relationship between the organisation and the user."),
            Attribute::string("preferredLanguage")
                .describe("The user's preferred written or spoken language."),
            Attribute::string("locale").describe("The user's default location for localisation."),
            Attribute::string("timezone").describe("The user's time zone, in IANA format."),
            Attribute::boolean("active").describe("The user's administrative status."),
            Attribute::string("password")
                .mutability(Mutability::WriteOnly)
                .returned(Returned::Never)
                .describe("The user's cleartext password; accepted, never returned."),
            emails,
            phones,
            ims,
            photos,
            addresses,
            groups,
            simple_multi("entitlements", "A list of entitlements for the user."),
            simple_multi("roles", "A list of roles for the user."),
            x509,
        ],
    )
}

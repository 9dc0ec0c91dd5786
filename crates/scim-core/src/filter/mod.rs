//! Filters (RFC 7644 §3.4.2.2): the syntax tree, a parser with positioned errors,
//! a canonical printer and an evaluator that honours each attribute's `caseExact`.
//!
//! * [`parse`] (or `str::parse::<Filter>()`) reads the whole grammar: `eq ne co sw ew gt ge
//!   lt le pr`, `and`/`or`/`not (…)` (`not` binds tighter than `and`, `and` tighter than
//!   `or`), parentheses, value filters `emails[type eq "work"]`, schema-qualified paths
//!   `urn:…:enterprise:2.0:User:employeeNumber`, JSON strings and numbers, and Microsoft
//!   Entra's `emails[type eq "work"].value eq "x"`. Keywords and attribute names are
//!   case-insensitive. Text longer than [`MAX_FILTER_LENGTH`] or nested deeper than
//!   [`MAX_FILTER_DEPTH`] is refused; no input makes the parser panic.
//! * `Display` prints a canonical form: keywords lowercase (`eq`, `and`, `not`, `true`,
//!   `null`); one space between tokens; attribute paths as they are in the tree; strings
//!   JSON-escaped (only `"`, `\` and control characters); numbers as `serde_json` writes
//!   them; `not (…)` and `path[…]`; and parentheses only where the tree needs them (an `or`
//!   under an `and`, and a right operand of the same or a looser operator, since both are
//!   left-associative). `parse(&f.to_string()) == Ok(f)` for every tree the parser can
//!   produce (within the length and depth limits).
//! * [`Filter::bind`] resolves every path against a
//!   [`ResourceSchema`](crate::schema::ResourceSchema) once and refuses impossible
//!   comparisons; [`BoundFilter::matches`] then tests JSON resources. A multi-valued
//!   attribute matches when any value does; strings compare by the attribute's `caseExact`
//!   (otherwise by Unicode lowercase); dateTimes compare as instants; `ne` is `not eq`;
//!   `eq null` matches an absent value; `pr` needs a value that is not null, `""`, `[]` or
//!   `{}`.
//! * [`FilterError`] converts into a 400 `invalidFilter` [`ScimError`](crate::ScimError).
//! * [`Filter::bind_within`] binds a value filter (the text between `[` and `]` of a PATCH
//!   path) to a complex attribute, to test its values one by one.
//!
//! ```
//! use scim_core::filter::{parse, Filter};
//! use scim_core::schema::SchemaRegistry;
//! use serde_json::json;
//!
//! let filter: Filter = parse(r#"USERNAME Eq "BJensen" and emails[type eq "work" and value co "@EXAMPLE.com"]"#)?;
//! assert_eq!(
//!     filter.to_string(),
//!     r#"USERNAME eq "BJensen" and emails[type eq "work" and value co "@EXAMPLE.com"]"#
//! );
//!
//! let registry = SchemaRegistry::standard();
//! let users = registry.resource_schema("User").expect("the standard registry has User");
//! let bound = filter.bind(&users)?;
//! let bjensen = json!({
//!     "userName": "bjensen",
//!     "emails": [{"type": "work", "value": "bjensen@example.com"}]
//! });
//! assert!(bound.matches(&bjensen));
//! assert!(!bound.matches(&json!({"userName": "jsmith"})));
//!
//! // `id` is caseExact, `userName` is not.
//! assert!(parse(r#"id eq "ABC""#)?.matches(&json!({"id": "ABC"}), &users));
//! assert!(!parse(r#"id eq "abc""#)?.matches(&json!({"id": "ABC"}), &users));
//!
//! // Errors carry the byte offset and become SCIM 400 invalidFilter errors.
//! let err = parse(r#"userName zz "x""#).unwrap_err();
//! assert_eq!(err.to_string(), "invalid filter at position 9: expected a comparison operator");
//! let scim: scim_core::ScimError = err.into();
//! assert_eq!(scim.status, 400);
//! # Ok::<(), scim_core::filter::FilterError>(())
//! ```

mod ast;
mod bind;
mod compare;
mod display;
mod error;
mod eval;
mod lexer;
mod parser;

pub use ast::{CompValue, CompareOp, Filter};
pub use error::{FilterError, FilterErrorKind, TypeName};
pub use eval::BoundFilter;
pub use parser::{parse, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH};

//! Filters (RFC 7644 §3.4.2.2): the syntax tree, a parser with positioned errors,
//! a canonical printer and an evaluator that honours each attribute's `caseExact`.

mod ast;

pub use ast::{CompValue, CompareOp, Filter};

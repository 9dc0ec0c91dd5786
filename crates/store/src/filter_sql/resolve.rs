//! Resolving filter paths against the resource schema, the way the evaluator does.

use scim_core::filter::{CompValue, CompareOp};
use scim_core::schema::ResourceSchema;
use scim_core::AttrPath;

use super::expr::{constant, Expr};
use super::leaf::{Leaf, TextTest};

/// A resolved attribute, by its canonical (schema) names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Whether the attribute belongs to an extension schema (never a column).
    pub(crate) extension: bool,
    /// The top-level attribute name.
    pub(crate) attr: String,
    /// The sub-attribute name, if the path names one.
    pub(crate) sub: Option<String>,
}

/// The attribute `path` designates, or `None` when the schema does not know it.
pub(crate) fn resolve(schema: &ResourceSchema<'_>, path: &AttrPath) -> Option<Target> {
    let r = schema.resolve(path)?;
    Some(Target {
        extension: r.extension.is_some(),
        attr: r.attribute.name.clone(),
        sub: r.sub_attribute.map(|s| s.name.clone()),
    })
}

/// The evaluator's answer for a comparison on an attribute the schema does not know (it has
/// no value): only `eq null` holds (`op` is never `ne` here).
pub(crate) fn unknown_attribute(op: CompareOp, value: &CompValue) -> bool {
    op == CompareOp::Eq && *value == CompValue::Null
}

/// `meta.resourceType`, which is the same for every row of a table.
pub(crate) fn resource_type<T: 'static>(name: &str, leaf: Leaf) -> Option<Expr<T>> {
    match leaf {
        Leaf::Const(b) => Some(constant(b)),
        Leaf::Present => Some(constant(true)),
        Leaf::Absent => Some(constant(false)),
        Leaf::Text(TextTest::Eq(lit)) => Some(constant(lit == name)),
        Leaf::Text(_) | Leaf::Bool(_) | Leaf::Time(_) => None,
    }
}

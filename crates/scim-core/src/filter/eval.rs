//! The evaluator: a filter bound to a schema ([`BoundFilter`]) tested against JSON resources.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Number, Value};

use super::ast::CompareOp;
use super::compare::{cmp_numbers, holds, StrLiteral};

/// A filter bound to one resource schema, ready to test resources quickly.
///
/// Made by [`Filter::bind`](super::Filter::bind) (or
/// [`Filter::bind_within`](super::Filter::bind_within) for a value filter applied to one
/// value of a complex attribute). Every attribute path is resolved once; testing a resource
/// does not allocate when the compared strings are ASCII.
#[derive(Debug, Clone)]
pub struct BoundFilter {
    pub(crate) root: Node,
}

impl BoundFilter {
    /// Whether `resource` (a SCIM resource as JSON, or one value of a complex attribute for
    /// a filter from [`Filter::bind_within`](super::Filter::bind_within)) matches.
    pub fn matches(&self, resource: &Value) -> bool {
        self.root.eval(resource)
    }

    /// `Some(answer)` when the filter gives the same answer for every resource (for
    /// example `unknownAttribute eq "x"`, which is always `false`).
    pub fn constant(&self) -> Option<bool> {
        match self.root {
            Node::Const(b) => Some(b),
            _ => None,
        }
    }
}

/// Where an attribute's values are in a JSON object: an optional extension container, the
/// attribute, an optional sub-attribute. Keys are matched case-insensitively.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Access {
    pub container: Option<String>,
    pub attr: String,
    pub sub: Option<String>,
}

/// The value under `key`, matched exactly first, then ignoring ASCII case.
fn get_ci<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    object.get(key).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Calls `f` on `value`, or on each item when it is an array, until `f` says yes.
fn any_item<F: FnMut(&Value) -> bool>(value: &Value, f: &mut F) -> bool {
    match value {
        Value::Array(items) => items.iter().any(f),
        single => f(single),
    }
}

impl Access {
    /// Whether `f` holds for any value this access reaches in `root`: each item of a
    /// multi-valued attribute, and of each item's sub-attribute.
    fn any<F: FnMut(&Value) -> bool>(&self, root: &Value, mut f: F) -> bool {
        let Some(mut object) = root.as_object() else {
            return false;
        };
        if let Some(urn) = &self.container {
            match get_ci(object, urn).and_then(Value::as_object) {
                Some(inner) => object = inner,
                None => return false,
            }
        }
        let Some(value) = get_ci(object, &self.attr) else {
            return false;
        };
        match &self.sub {
            None => any_item(value, &mut f),
            Some(sub) => any_item(value, &mut |item: &Value| {
                item.as_object()
                    .and_then(|o| get_ci(o, sub))
                    .is_some_and(|v| any_item(v, &mut f))
            }),
        }
    }
}

/// Whether a value counts as present for `pr`: not null, not an empty string, array or object.
fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items.iter().any(is_present),
        Value::Object(fields) => !fields.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// A comparison of one value with a literal; `op` is never `ne` (bound as `not eq`).
#[derive(Debug, Clone)]
pub(crate) enum Test {
    /// A string, reference or binary attribute.
    Str(CompareOp, StrLiteral),
    /// An integer or decimal attribute.
    Number(CompareOp, Number),
    /// A boolean attribute (`eq` only).
    Bool(bool),
    /// A dateTime attribute, compared as instants.
    Instant(CompareOp, DateTime<FixedOffset>),
}

impl Test {
    fn matches(&self, value: &Value) -> bool {
        match self {
            Test::Str(op, lit) => value.as_str().is_some_and(|s| lit.matches(*op, s)),
            Test::Number(op, lit) => match value {
                Value::Number(n) => cmp_numbers(n, lit).is_some_and(|o| holds(*op, o)),
                _ => false,
            },
            Test::Bool(lit) => value.as_bool() == Some(*lit),
            Test::Instant(op, lit) => value
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .is_some_and(|t| holds(*op, t.cmp(lit))),
        }
    }
}

/// A node of a bound filter.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Always this answer (unknown attributes, literals of the wrong type).
    Const(bool),
    /// `pr` (and `ne null`).
    Present(Access),
    /// Some value satisfies the test.
    Compare(Access, Test),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
    /// Some value of a complex attribute satisfies the inner filter.
    ValuePath(Access, Box<Node>),
}

impl Node {
    /// `not (node)`, folding constants.
    pub(crate) fn not(node: Node) -> Node {
        match node {
            Node::Const(b) => Node::Const(!b),
            other => Node::Not(Box::new(other)),
        }
    }

    fn eval(&self, resource: &Value) -> bool {
        match self {
            Node::Const(b) => *b,
            Node::Present(access) => access.any(resource, is_present),
            Node::Compare(access, test) => access.any(resource, |v| test.matches(v)),
            Node::And(a, b) => a.eval(resource) && b.eval(resource),
            Node::Or(a, b) => a.eval(resource) || b.eval(resource),
            Node::Not(a) => !a.eval(resource),
            Node::ValuePath(access, inner) => access.any(resource, |v| inner.eval(v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn access(attr: &str, sub: Option<&str>) -> Access {
        Access {
            container: None,
            attr: attr.into(),
            sub: sub.map(Into::into),
        }
    }

    #[test]
    fn keys_match_ignoring_case() {
        let r = json!({"USERNAME": "x"});
        assert!(access("userName", None).any(&r, |v| v == "x"));
    }

    #[test]
    fn reaches_every_item_of_a_multi_valued_sub_attribute() {
        let r = json!({"emails": [{"value": "a"}, {"Value": "b"}, "junk"]});
        assert!(access("emails", Some("value")).any(&r, |v| v == "b"));
        assert!(!access("emails", Some("value")).any(&r, |v| v == "junk"));
    }

    #[test]
    fn presence_ignores_null_and_empty_values() {
        assert!(!is_present(&json!(null)));
        assert!(!is_present(&json!("")));
        assert!(!is_present(&json!([])));
        assert!(!is_present(&json!([null, ""])));
        assert!(!is_present(&json!({})));
        assert!(is_present(&json!(false)));
        assert!(is_present(&json!(["x"])));
    }
}

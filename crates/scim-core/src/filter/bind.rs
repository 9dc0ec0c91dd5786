//! Binding a filter to a resource schema: each path is resolved once (extension container,
//! `caseExact`, type), literals are prepared, and impossible comparisons are refused.

use std::sync::LazyLock;

use chrono::DateTime;
use serde_json::Value;

use super::ast::{CompValue, CompareOp, Filter};
use super::compare::StrLiteral;
use super::error::{FilterError, FilterErrorKind, TypeName};
use super::eval::{Access, BoundFilter, Node, Test};
use crate::path::AttrPath;
use crate::schema::{Attribute, AttributeType, ResourceSchema};

/// Where the paths of a filter are resolved.
#[derive(Debug, Clone, Copy)]
enum Scope<'s, 'a> {
    /// A whole resource of this schema.
    Resource(&'s ResourceSchema<'a>),
    /// One value of this complex attribute (inside `attr[...]`).
    Within(&'s Attribute),
}

impl<'s, 'a: 's> Scope<'s, 'a> {
    /// The access to `path` and the attribute it designates, or `None` if it is unknown.
    fn resolve(self, path: &AttrPath) -> Option<(Access, &'s Attribute)> {
        match self {
            Scope::Resource(schema) => {
                let Some(resolved) = schema.resolve(path) else {
                    return schemas_attribute(path);
                };
                let access = Access {
                    container: resolved.extension.map(str::to_owned),
                    attr: resolved.attribute.name.clone(),
                    sub: resolved.sub_attribute.map(|s| s.name.clone()),
                };
                Some((access, resolved.target()))
            }
            Scope::Within(parent) => {
                if path.schema.is_some() || path.sub_attr.is_some() {
                    return None;
                }
                let sub = parent.sub_attribute(&path.attr)?;
                let access = Access {
                    container: None,
                    attr: sub.name.clone(),
                    sub: None,
                };
                Some((access, sub))
            }
        }
    }
}

/// `schemas` (RFC 7643 §3): every resource has it, but no schema defines it. Its values
/// are URIs, compared ignoring case.
static SCHEMAS: LazyLock<Attribute> =
    LazyLock::new(|| Attribute::reference("schemas", &["uri"]).multi());

/// The access to the `schemas` attribute, when `path` names it.
fn schemas_attribute(path: &AttrPath) -> Option<(Access, &'static Attribute)> {
    (path.schema.is_none() && path.sub_attr.is_none() && path.is("schemas")).then(|| {
        let access = Access {
            container: None,
            attr: SCHEMAS.name.clone(),
            sub: None,
        };
        (access, &*SCHEMAS)
    })
}

impl Filter {
    /// Binds this filter to the schema of a resource type, for fast repeated
    /// [`BoundFilter::matches`].
    ///
    /// Unknown attributes are allowed: they have no value in any resource, so
    /// `unknown eq "x"` never matches and `unknown ne "x"` always does. A literal of
    /// another type than the attribute's (`active eq "true"`) never equals a value.
    ///
    /// Refused with an `invalidFilter` error: `gt`/`ge`/`lt`/`le` on boolean or binary
    /// attributes, or with a `null` or boolean literal; `co`/`sw`/`ew` on anything but
    /// string, reference and binary attributes, or with a non-string literal; comparing a
    /// complex attribute that has no `value` sub-attribute; a value filter on a non-complex
    /// attribute; a dateTime attribute compared with a string that is not an RFC 3339
    /// date-time.
    pub fn bind(&self, schema: &ResourceSchema<'_>) -> Result<BoundFilter, FilterError> {
        Ok(BoundFilter {
            root: bind(self, Scope::Resource(schema))?,
        })
    }

    /// Binds this filter as the value filter of the complex attribute `attribute`
    /// (as in `attribute[filter]`): its paths name sub-attributes, and the result tests
    /// one value of that attribute, e.g. one item of `members` for a PATCH
    /// `members[value eq "…"]`.
    ///
    /// Fails with [`FilterErrorKind::NotComplex`] if `attribute` is unknown or not complex.
    pub fn bind_within(
        &self,
        schema: &ResourceSchema<'_>,
        attribute: &AttrPath,
    ) -> Result<BoundFilter, FilterError> {
        let target = schema
            .resolve(attribute)
            .map(|r| r.target())
            .filter(|a| a.kind == AttributeType::Complex)
            .ok_or_else(|| {
                FilterError::semantic(FilterErrorKind::NotComplex(attribute.to_string()))
            })?;
        Ok(BoundFilter {
            root: bind(self, Scope::Within(target))?,
        })
    }

    /// Whether `resource` matches this filter under `schema`; a filter that cannot be bound
    /// matches nothing. To test many resources, [`bind`](Filter::bind) once instead.
    ///
    /// ```
    /// use scim_core::filter::parse;
    /// use scim_core::schema::SchemaRegistry;
    /// let registry = SchemaRegistry::standard();
    /// let users = registry.resource_schema("User").unwrap();
    /// let f = parse(r#"emails co "EXAMPLE.com""#).unwrap();
    /// let user = serde_json::json!({"emails": [{"value": "bjensen@example.com"}]});
    /// assert!(f.matches(&user, &users));
    /// ```
    pub fn matches(&self, resource: &Value, schema: &ResourceSchema<'_>) -> bool {
        self.bind(schema).is_ok_and(|b| b.matches(resource))
    }
}

fn bind(filter: &Filter, scope: Scope<'_, '_>) -> Result<Node, FilterError> {
    Ok(match filter {
        Filter::Compare { path, op, value } => bind_compare(path, *op, value, scope)?,
        Filter::Present(path) => match scope.resolve(path) {
            Some((access, _)) => Node::Present(access),
            None => Node::Const(false),
        },
        Filter::And(a, b) => Node::And(Box::new(bind(a, scope)?), Box::new(bind(b, scope)?)),
        Filter::Or(a, b) => Node::Or(Box::new(bind(a, scope)?), Box::new(bind(b, scope)?)),
        Filter::Not(a) => Node::not(bind(a, scope)?),
        Filter::ValuePath { path, filter } => match scope.resolve(path) {
            Some((access, target)) if target.kind == AttributeType::Complex => {
                Node::ValuePath(access, Box::new(bind(filter, Scope::Within(target))?))
            }
            Some(_) => {
                return Err(FilterError::semantic(FilterErrorKind::NotComplex(
                    path.to_string(),
                )))
            }
            None => Node::Const(false),
        },
    })
}

fn bind_compare(
    path: &AttrPath,
    op: CompareOp,
    value: &CompValue,
    scope: Scope<'_, '_>,
) -> Result<Node, FilterError> {
    let unsupported_value = || {
        FilterError::semantic(FilterErrorKind::UnsupportedValue {
            attribute: path.to_string(),
            op,
            value: value.to_string(),
        })
    };
    // What no attribute could satisfy, whatever its type.
    match value {
        CompValue::Null | CompValue::Bool(_) if op.is_ordering() || op.is_substring() => {
            return Err(unsupported_value())
        }
        CompValue::Number(_) if op.is_substring() => return Err(unsupported_value()),
        _ => {}
    }
    let Some((mut access, mut target)) = scope.resolve(path) else {
        // An unknown attribute has no value.
        return Ok(Node::Const(match (op, value) {
            (CompareOp::Eq, CompValue::Null) => true,
            (CompareOp::Ne, CompValue::Null) => false,
            (op, _) => op == CompareOp::Ne,
        }));
    };
    if *value == CompValue::Null {
        let present = Node::Present(access);
        return Ok(if op == CompareOp::Eq {
            Node::not(present)
        } else {
            present
        });
    }
    // A complex attribute compares its `value` sub-attribute (`emails co "@example.com"`).
    if target.kind == AttributeType::Complex {
        match target.sub_attribute("value") {
            Some(v) if access.sub.is_none() && v.kind != AttributeType::Complex => {
                access.sub = Some(v.name.clone());
                target = v;
            }
            _ => {
                return Err(FilterError::semantic(FilterErrorKind::ComplexComparison(
                    path.to_string(),
                )))
            }
        }
    }
    let kind = target.kind;
    let refused = (op.is_ordering()
        && matches!(kind, AttributeType::Boolean | AttributeType::Binary))
        || (op.is_substring()
            && !matches!(
                kind,
                AttributeType::String | AttributeType::Reference | AttributeType::Binary
            ));
    if refused {
        return Err(FilterError::semantic(
            FilterErrorKind::UnsupportedOperator {
                attribute: path.to_string(),
                op,
                kind: TypeName(kind),
            },
        ));
    }
    let test_op = if op == CompareOp::Ne {
        CompareOp::Eq
    } else {
        op
    };
    let test = match (kind, value) {
        (AttributeType::String | AttributeType::Reference, CompValue::String(s)) => {
            Some(Test::Str(test_op, StrLiteral::new(s, target.case_exact)))
        }
        (AttributeType::Binary, CompValue::String(s)) => {
            Some(Test::Str(test_op, StrLiteral::new(s, true)))
        }
        (AttributeType::Integer | AttributeType::Decimal, CompValue::Number(n)) => {
            Some(Test::Number(test_op, n.clone()))
        }
        (AttributeType::Boolean, CompValue::Bool(b)) => Some(Test::Bool(*b)),
        (AttributeType::DateTime, CompValue::String(s)) => {
            let instant = DateTime::parse_from_rfc3339(s).map_err(|_| {
                FilterError::semantic(FilterErrorKind::InvalidDateTime {
                    attribute: path.to_string(),
                    value: s.clone(),
                })
            })?;
            Some(Test::Instant(test_op, instant))
        }
        // A literal of another type than the attribute's never equals a value.
        _ => None,
    };
    let node = match test {
        Some(test) => Node::Compare(access, test),
        None => Node::Const(false),
    };
    Ok(if op == CompareOp::Ne {
        Node::not(node)
    } else {
        node
    })
}

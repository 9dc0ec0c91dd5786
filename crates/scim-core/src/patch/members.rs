//! Group membership as deltas: the `members` operations of a PATCH request turned into
//! "add these ids", "remove those", so that a store never rewrites the whole member list.

use serde_json::{Map, Value};

use crate::filter::{CompValue, CompareOp, Filter};
use crate::message::{PatchOpKind, PatchOperation, ScimError};

use super::path::PatchPath;
use super::value::invalid_value;

/// A change to a multi-valued reference attribute, by member id (`value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberDelta {
    /// Add these ids (those already present stay once).
    Add(Vec<String>),
    /// Remove these ids (those absent are ignored).
    Remove(Vec<String>),
    /// Remove every member.
    Clear,
    /// Make these ids the whole list (empty: no members).
    Replace(Vec<String>),
}

/// What [`member_deltas`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberPatch {
    /// Every operation on the attribute is a delta.
    Deltas {
        /// The deltas, in request order.
        deltas: Vec<MemberDelta>,
        /// The other operations (for example on `displayName`), in request order, for
        /// [`apply`](super::apply).
        rest: Vec<PatchOperation>,
    },
    /// The operation at `index` touches the attribute in a way no delta expresses (a filter
    /// on `display`, a sub-attribute path, `add` through a filter, ...): apply the whole
    /// request with [`apply`](super::apply) instead.
    Fallback {
        /// The index of the operation in the request.
        index: usize,
        /// Why it is not a delta.
        reason: String,
    },
}

/// Splits (normalised) operations into deltas on the multi-valued reference `attribute`
/// (e.g. `members`) and the remaining operations.
///
/// * `add` `members` with values → [`MemberDelta::Add`];
/// * `remove` `members[value eq "a"]`, `members[value eq "a" or value eq "b"]`, or `members`
///   with a value array → [`MemberDelta::Remove`]; `remove` `members` alone →
///   [`MemberDelta::Clear`];
/// * `replace` `members` with an array (also empty) → [`MemberDelta::Replace`];
/// * `add`/`replace` without a path whose value holds `members` → the delta, and the rest
///   of the value as a path-less operation.
///
/// Member values without a string `value` are 400 `invalidValue`; a malformed path is 400
/// `invalidPath`.
///
/// ```
/// use scim_core::message::PatchOperation;
/// use scim_core::patch::{member_deltas, MemberDelta, MemberPatch};
/// use serde_json::json;
/// let ops = [
///     PatchOperation::replace(None, json!({"displayName": "Ops"})),
///     PatchOperation::add(Some("members"), json!([{"value": "u1"}, {"value": "u2"}])),
///     PatchOperation::remove(r#"members[value eq "u0"]"#),
/// ];
/// let MemberPatch::Deltas { deltas, rest } = member_deltas(&ops, "members").unwrap() else {
///     panic!("all of these are deltas");
/// };
/// assert_eq!(deltas, [
///     MemberDelta::Add(vec!["u1".into(), "u2".into()]),
///     MemberDelta::Remove(vec!["u0".into()]),
/// ]);
/// assert_eq!(rest, [ops[0].clone()]);
/// ```
pub fn member_deltas(ops: &[PatchOperation], attribute: &str) -> Result<MemberPatch, ScimError> {
    let mut deltas = Vec::new();
    let mut rest = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        let step = match &op.path {
            None => split_value_object(op, attribute),
            Some(text) => path_delta(op, text, attribute),
        };
        match step.map_err(|mut e| {
            e.detail = format!("Operations[{index}]: {}", e.detail);
            e
        })? {
            Step::Rest(op) => rest.push(op),
            Step::Delta(d) => deltas.extend(d),
            Step::Both(d, op) => {
                deltas.extend(d);
                rest.extend(op);
            }
            Step::Fallback(reason) => return Ok(MemberPatch::Fallback { index, reason }),
        }
    }
    Ok(MemberPatch::Deltas { deltas, rest })
}

enum Step {
    Rest(PatchOperation),
    Delta(Option<MemberDelta>),
    Both(Option<MemberDelta>, Option<PatchOperation>),
    Fallback(String),
}

fn path_delta(op: &PatchOperation, text: &str, attribute: &str) -> Result<Step, ScimError> {
    let path = PatchPath::parse(text)?;
    if !path.attr.is(attribute) {
        return Ok(Step::Rest(op.clone()));
    }
    if path.attr.schema.is_some() {
        return Ok(Step::Fallback(format!(
            "a schema-qualified {attribute} path"
        )));
    }
    if path.attr.sub_attr.is_some() {
        return Ok(Step::Fallback(format!(
            "the path reaches a sub-attribute of {attribute}"
        )));
    }
    let value = op.value.as_ref().filter(|v| !v.is_null());
    Ok(match (&path.filter, op.op) {
        (Some(filter), PatchOpKind::Remove) => match ids_of_filter(filter) {
            Some(ids) => Step::Delta(Some(MemberDelta::Remove(ids))),
            None => Step::Fallback("the filter selects members other than by value eq".into()),
        },
        (Some(_), _) => Step::Fallback(format!("{} through a value filter", op.op)),
        (None, PatchOpKind::Add) => match value {
            Some(v) => Step::Delta(Some(MemberDelta::Add(ids_of_values(v)?))),
            None => return Err(invalid_value("add requires a value")),
        },
        (None, PatchOpKind::Remove) => match value {
            None => Step::Delta(Some(MemberDelta::Clear)),
            Some(v) => {
                let ids = ids_of_values(v)?;
                Step::Delta((!ids.is_empty()).then_some(MemberDelta::Remove(ids)))
            }
        },
        (None, PatchOpKind::Replace) => match value {
            None => Step::Delta(Some(MemberDelta::Clear)),
            Some(v) => Step::Delta(Some(MemberDelta::Replace(ids_of_values(v)?))),
        },
    })
}

/// A path-less `add`/`replace`: its value object's `attribute` member becomes a delta.
fn split_value_object(op: &PatchOperation, attribute: &str) -> Result<Step, ScimError> {
    let Some(Value::Object(fields)) = &op.value else {
        return Ok(Step::Rest(op.clone()));
    };
    if op.op == PatchOpKind::Remove {
        return Ok(Step::Rest(op.clone()));
    }
    let mut others = Map::new();
    let mut members = None;
    for (key, v) in fields {
        if key.eq_ignore_ascii_case(attribute) {
            members = Some(v);
        } else if key.contains(':')
            && v.as_object()
                .is_some_and(|inner| inner.keys().any(|k| k.eq_ignore_ascii_case(attribute)))
        {
            return Ok(Step::Fallback(format!(
                "{attribute} inside the schema container {key}"
            )));
        } else {
            others.insert(key.clone(), v.clone());
        }
    }
    let Some(members) = members else {
        return Ok(Step::Rest(op.clone()));
    };
    let delta = match (op.op, members) {
        (PatchOpKind::Replace, Value::Null) => MemberDelta::Clear,
        (PatchOpKind::Replace, v) => MemberDelta::Replace(ids_of_values(v)?),
        (_, Value::Null) => return Ok(Step::Rest(op.clone())),
        (_, v) => MemberDelta::Add(ids_of_values(v)?),
    };
    let rest = (!others.is_empty()).then(|| PatchOperation {
        op: op.op,
        path: None,
        value: Some(Value::Object(others)),
    });
    Ok(Step::Both(Some(delta), rest))
}

/// The ids in a member value or array of them: `{"value": "id", ...}` or a bare `"id"`.
fn ids_of_values(v: &Value) -> Result<Vec<String>, ScimError> {
    let items: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::String(id) => Ok(id.clone()),
            Value::Object(m) => m
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("value"))
                .and_then(|(_, v)| v.as_str())
                .map(str::to_owned)
                .ok_or_else(|| {
                    invalid_value("each member needs a string \"value\": the member's id")
                }),
            _ => Err(invalid_value(
                "a member must be an object with a \"value\" (the member's id)",
            )),
        })
        .collect()
}

/// The ids of `value eq "a"`, `value eq "a" or value eq "b"`, ...; `None` for other filters.
fn ids_of_filter(filter: &Filter) -> Option<Vec<String>> {
    match filter {
        Filter::Or(a, b) => {
            let mut ids = ids_of_filter(a)?;
            ids.extend(ids_of_filter(b)?);
            Some(ids)
        }
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value: CompValue::String(id),
        } if path.schema.is_none() && path.sub_attr.is_none() && path.is("value") => {
            Some(vec![id.clone()])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScimType;
    use serde_json::json;

    fn deltas(ops: &[PatchOperation]) -> (Vec<MemberDelta>, Vec<PatchOperation>) {
        match member_deltas(ops, "members").unwrap() {
            MemberPatch::Deltas { deltas, rest } => (deltas, rest),
            MemberPatch::Fallback { index, reason } => panic!("fallback at {index}: {reason}"),
        }
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn removal_by_or_filter_and_by_value_array() {
        let (d, rest) = deltas(&[
            PatchOperation::remove(r#"members[value eq "a" or value eq "b"]"#),
            PatchOperation::new(
                PatchOpKind::Remove,
                Some("Members"),
                Some(json!([{"value": "c"}])),
            ),
            PatchOperation::new(PatchOpKind::Remove, Some("members"), Some(json!([]))),
        ]);
        assert_eq!(
            d,
            [
                MemberDelta::Remove(ids(&["a", "b"])),
                MemberDelta::Remove(ids(&["c"]))
            ]
        );
        assert!(rest.is_empty());
    }

    #[test]
    fn remove_without_filter_clears_and_replace_sets() {
        let (d, _) = deltas(&[
            PatchOperation::remove("members"),
            PatchOperation::replace(Some("members"), json!([{"value": "x"}, "y"])),
            PatchOperation::replace(Some("members"), json!([])),
        ]);
        assert_eq!(
            d,
            [
                MemberDelta::Clear,
                MemberDelta::Replace(ids(&["x", "y"])),
                MemberDelta::Replace(vec![])
            ]
        );
    }

    #[test]
    fn pathless_values_are_split_between_deltas_and_the_rest() {
        let (d, rest) = deltas(&[
            PatchOperation::replace(
                None,
                json!({"displayName": "Ops", "members": [{"value": "a"}]}),
            ),
            PatchOperation::add(None, json!({"members": [{"value": "b"}]})),
            PatchOperation::replace(Some("displayName"), json!("Ops 2")),
        ]);
        assert_eq!(
            d,
            [
                MemberDelta::Replace(ids(&["a"])),
                MemberDelta::Add(ids(&["b"]))
            ]
        );
        assert_eq!(
            rest,
            [
                PatchOperation::replace(None, json!({"displayName": "Ops"})),
                PatchOperation::replace(Some("displayName"), json!("Ops 2")),
            ]
        );
    }

    #[test]
    fn operations_no_delta_expresses_are_reported_with_their_index() {
        for (op, why) in [
            (
                PatchOperation::remove(r#"members[display eq "x"]"#),
                "other than by value",
            ),
            (
                PatchOperation::remove(r#"members[value ne "x"]"#),
                "other than by value",
            ),
            (
                PatchOperation::remove(r#"members[value eq "x"].display"#),
                "sub-attribute",
            ),
            (
                PatchOperation::replace(Some("members.display"), json!("x")),
                "sub-attribute",
            ),
            (
                PatchOperation::add(Some(r#"members[value eq "x"]"#), json!({"display": "y"})),
                "filter",
            ),
            (
                PatchOperation::add(
                    None,
                    json!({"urn:ietf:params:scim:schemas:core:2.0:Group": {"members": [{"value": "a"}]}}),
                ),
                "container",
            ),
        ] {
            let ops = [PatchOperation::replace(Some("displayName"), json!("n")), op];
            match member_deltas(&ops, "members").unwrap() {
                MemberPatch::Fallback { index, reason } => {
                    assert_eq!(index, 1);
                    assert!(reason.contains(why), "{reason}");
                }
                other => panic!("expected a fallback, got {other:?}"),
            }
        }
    }

    #[test]
    fn members_without_an_id_and_bad_paths_are_errors() {
        let e = member_deltas(
            &[PatchOperation::add(
                Some("members"),
                json!([{"display": "x"}]),
            )],
            "members",
        )
        .unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidValue));
        assert!(e.detail.starts_with("Operations[0]: "), "{}", e.detail);
        let e =
            member_deltas(&[PatchOperation::remove("members[value eq")], "members").unwrap_err();
        assert_eq!(e.scim_type, Some(ScimType::InvalidPath));
    }
}

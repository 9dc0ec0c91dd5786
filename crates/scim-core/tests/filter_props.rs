//! Properties of the filter module:
//! (a) printing then parsing any tree the parser can produce gives the same tree;
//! (b) the bound evaluator agrees with a naive reference evaluator written here;
//! (c) parsing never panics, whatever the input.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

use std::cmp::Ordering;

use chrono::DateTime;
use proptest::prelude::*;
use scim_core::filter::{parse, CompValue, CompareOp, Filter, MAX_FILTER_LENGTH};
use scim_core::schema::{Attribute, AttributeType, ResourceSchema, SchemaRegistry};
use scim_core::AttrPath;
use serde_json::{json, Map, Number, Value};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

// ---------------------------------------------------------------------------------------
// (a) Round trip over generated trees.

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-Z][a-zA-Z0-9_-]{0,7}",
        1 => Just("$ref".to_owned()),
        // Keywords are valid attribute names too.
        1 => prop::sample::select(vec!["and", "or", "not", "pr", "eq", "true", "null"])
            .prop_map(str::to_owned),
    ]
}

fn attr_path() -> impl Strategy<Value = AttrPath> {
    let schema = prop::option::weighted(
        0.2,
        prop::sample::select(vec![
            "urn:ietf:params:scim:schemas:core:2.0:User",
            ENTERPRISE,
            "URN:example:x.y-z:1.0",
        ]),
    );
    (schema, name(), prop::option::weighted(0.3, name())).prop_map(|(schema, attr, sub)| AttrPath {
        schema: schema.map(str::to_owned),
        attr,
        sub_attr: sub,
    })
}

fn comp_value() -> impl Strategy<Value = CompValue> {
    prop_oneof![
        Just(CompValue::Null),
        any::<bool>().prop_map(CompValue::Bool),
        any::<i64>().prop_map(|n| CompValue::Number(n.into())),
        any::<u64>().prop_map(|n| CompValue::Number(n.into())),
        any::<f64>()
            .prop_filter_map("finite", Number::from_f64)
            .prop_map(CompValue::Number),
        ".{0,12}".prop_map(CompValue::String),
        "[\\x00-\\x1f\"\\\\/a]{0,6}".prop_map(CompValue::String),
    ]
}

fn op() -> impl Strategy<Value = CompareOp> {
    prop::sample::select(CompareOp::ALL.to_vec())
}

fn leaf() -> impl Strategy<Value = Filter> {
    prop_oneof![
        (attr_path(), op(), comp_value()).prop_map(|(p, o, v)| Filter::compare(p, o, v)),
        attr_path().prop_map(Filter::present),
    ]
}

/// Trees without value paths (what may appear inside `[...]`).
fn value_filter() -> impl Strategy<Value = Filter> {
    leaf().prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.and(b)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.or(b)),
            inner.prop_map(Filter::negate),
        ]
    })
}

/// Any tree the parser can produce: value paths, but not nested.
fn filter() -> impl Strategy<Value = Filter> {
    let base = prop_oneof![
        3 => leaf(),
        1 => (attr_path(), value_filter()).prop_map(|(p, f)| Filter::value_path(p, f)),
    ];
    base.prop_recursive(4, 32, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.and(b)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.or(b)),
            inner.prop_map(Filter::negate),
        ]
    })
}

proptest! {
    #[test]
    fn printing_then_parsing_gives_the_same_tree(f in filter()) {
        let printed = f.to_string();
        prop_assume!(printed.len() <= MAX_FILTER_LENGTH);
        let parsed = parse(&printed);
        prop_assert_eq!(parsed.as_ref(), Ok(&f), "printed as {}", printed);
        // Printing is canonical: a second round changes nothing.
        prop_assert_eq!(parsed.unwrap().to_string(), printed);
    }
}

// ---------------------------------------------------------------------------------------
// (b) The evaluator against a naive reference.

/// Characters chosen to stress case-insensitive comparison: ASCII, accented letters,
/// KELVIN SIGN (lowercases to ASCII `k`), `ß`, dotted capital I (lowercases to two chars),
/// and the sigmas.
const ALPHABET: &[char] = &[
    'a', 'A', 'b', 'B', 'k', 'é', 'É', '\u{212A}', 'ß', 'İ', 'i', 'Σ', 'σ', 'ς', ' ',
];

/// Words that are case variants of one another (under Unicode lowercase or not quite),
/// so that generated values and literals often match, or nearly.
const WORDS: &[&str] = &[
    "", "a", "A", "ab", "AB", "aB", "éa", "ÉA", "Éa", "k", "K", "\u{212A}", "İ", "i\u{307}", "I",
    "ß", "SS", "σς", "ΣΣ", "Σ", "xéa", "ABk",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_owned),
        1 => (prop::sample::select(WORDS), prop::sample::select(WORDS)).prop_map(|(a, b)| format!("{a}{b}")),
        1 => prop::collection::vec(prop::sample::select(ALPHABET), 0..4)
            .prop_map(|cs| cs.into_iter().collect()),
    ]
}

/// Instants written in several offsets, some of them the same instant.
const INSTANTS: &[&str] = &[
    "2011-05-13T04:42:34Z",
    "2011-05-13T06:42:34+02:00",
    "2011-05-13T04:42:34.5Z",
    "2011-05-12T23:00:00-05:00",
    "2020-01-01T00:00:00Z",
];

fn instant() -> impl Strategy<Value = String> {
    prop::sample::select(INSTANTS).prop_map(str::to_owned)
}

/// A key written in the attribute's own case or in upper case.
fn key(name: &'static str) -> impl Strategy<Value = String> {
    any::<bool>().prop_map(move |upper| {
        if upper {
            name.to_uppercase()
        } else {
            name.to_owned()
        }
    })
}

/// A string value, sometimes null, sometimes of the wrong type.
fn string_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => text().prop_map(Value::String),
        1 => Just(Value::Null),
        1 => any::<i8>().prop_map(|n| json!(n)),
    ]
}

fn bool_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => any::<bool>().prop_map(Value::Bool),
        1 => Just(json!("true")),
        1 => Just(Value::Null),
    ]
}

fn insert_some(object: &mut Map<String, Value>, entry: Option<(String, Value)>) {
    if let Some((k, v)) = entry {
        object.insert(k, v);
    }
}

fn email() -> impl Strategy<Value = Value> {
    (
        prop::option::of((key("value"), string_value())),
        prop::option::of((key("type"), string_value())),
        prop::option::of((key("primary"), bool_value())),
    )
        .prop_map(|(v, t, p)| {
            let mut o = Map::new();
            insert_some(&mut o, v);
            insert_some(&mut o, t);
            insert_some(&mut o, p);
            Value::Object(o)
        })
}

fn user() -> impl Strategy<Value = Value> {
    let simple = (
        prop::option::of((key("userName"), string_value())),
        prop::option::of((key("displayName"), string_value())),
        prop::option::of((key("title"), string_value())),
        prop::option::of((key("id"), string_value())),
        prop::option::of((key("externalId"), string_value())),
        prop::option::of((key("active"), bool_value())),
    );
    let complex = (
        prop::option::of((
            key("emails"),
            prop::collection::vec(email(), 0..4).prop_map(Value::Array),
        )),
        prop::option::of((
            key("name"),
            (
                prop::option::of((key("givenName"), string_value())),
                prop::option::of((key("familyName"), string_value())),
            )
                .prop_map(|(g, f)| {
                    let mut o = Map::new();
                    insert_some(&mut o, g);
                    insert_some(&mut o, f);
                    Value::Object(o)
                }),
        )),
        prop::option::of(prop_oneof![
            instant().prop_map(Value::String),
            Just(json!("not a date")),
        ]),
        prop::option::of((
            prop::option::of(string_value()),
            prop::option::of(string_value()),
        )),
    );
    (simple, complex).prop_map(
        |((u, d, t, id, ext, active), (emails, name, modified, ent))| {
            let mut o = Map::new();
            for entry in [u, d, t, id, ext, active, emails, name] {
                insert_some(&mut o, entry);
            }
            if let Some(m) = modified {
                o.insert("meta".into(), json!({ "lastModified": m }));
            }
            if let Some((number, manager)) = ent {
                let mut e = Map::new();
                if let Some(n) = number {
                    e.insert("employeeNumber".into(), n);
                }
                if let Some(m) = manager {
                    e.insert("manager".into(), json!({ "value": m }));
                }
                o.insert(ENTERPRISE.into(), Value::Object(e));
            }
            Value::Object(o)
        },
    )
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Str,
    Bool,
    Instant,
}

/// Attribute paths of the User schema (and some unknown ones) with the kind of literal
/// that may be compared with them.
const USER_PATHS: &[(&str, Kind)] = &[
    ("userName", Kind::Str),
    ("USERNAME", Kind::Str),
    ("displayName", Kind::Str),
    ("title", Kind::Str),
    ("id", Kind::Str),
    ("externalId", Kind::Str),
    ("name.givenName", Kind::Str),
    ("name.familyName", Kind::Str),
    ("emails", Kind::Str),
    ("emails.value", Kind::Str),
    ("emails.type", Kind::Str),
    ("employeeNumber", Kind::Str),
    (
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
        Kind::Str,
    ),
    ("manager", Kind::Str),
    ("manager.value", Kind::Str),
    ("nickName", Kind::Str),
    ("favouriteColour", Kind::Str),
    ("name.nope", Kind::Str),
    ("active", Kind::Bool),
    ("emails.primary", Kind::Bool),
    ("meta.lastModified", Kind::Instant),
];

/// Sub-attributes usable inside `emails[...]`.
const EMAIL_PATHS: &[(&str, Kind)] = &[
    ("value", Kind::Str),
    ("type", Kind::Str),
    ("TYPE", Kind::Str),
    ("primary", Kind::Bool),
    ("display", Kind::Str),
    ("nope", Kind::Str),
];

/// A comparison that binding accepts, for a path of the given kind.
fn comparison(paths: &'static [(&'static str, Kind)]) -> impl Strategy<Value = Filter> {
    prop::sample::select(paths).prop_flat_map(|(p, kind)| {
        let path = AttrPath::parse(p).unwrap();
        let literal: BoxedStrategy<(CompareOp, CompValue)> = match kind {
            Kind::Str => prop_oneof![
                6 => (op(), text().prop_map(CompValue::String)),
                1 => (prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne]), Just(CompValue::Null)),
                1 => (prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne]), any::<bool>().prop_map(CompValue::Bool)),
            ]
            .boxed(),
            Kind::Bool => prop_oneof![
                4 => (prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne]), any::<bool>().prop_map(CompValue::Bool)),
                1 => (prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne]), Just(CompValue::Null)),
                1 => (prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne]), Just(CompValue::from("true"))),
            ]
            .boxed(),
            Kind::Instant => prop_oneof![
                4 => (
                    prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne, CompareOp::Gt, CompareOp::Ge, CompareOp::Lt, CompareOp::Le]),
                    instant().prop_map(CompValue::String),
                ),
                1 => (prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne]), Just(CompValue::Null)),
            ]
            .boxed(),
        };
        let path_for_present = path.clone();
        prop_oneof![
            5 => literal.prop_map(move |(op, value)| Filter::compare(path.clone(), op, value)),
            1 => Just(Filter::present(path_for_present)),
        ]
    })
}

fn logic(leaf: impl Strategy<Value = Filter> + 'static) -> impl Strategy<Value = Filter> {
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.and(b)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.or(b)),
            inner.prop_map(Filter::negate),
        ]
    })
}

fn user_filter() -> impl Strategy<Value = Filter> {
    let value_path =
        logic(comparison(EMAIL_PATHS)).prop_map(|f| Filter::value_path(AttrPath::new("emails"), f));
    logic(prop_oneof![4 => comparison(USER_PATHS), 1 => value_path])
}

/// The naive reference: collects values into vectors, lowercases strings by allocating,
/// scans object keys one by one, and reads the schema through `ResourceSchema::resolve`.
mod reference {
    use super::*;

    pub enum Scope<'a> {
        Resource(&'a ResourceSchema<'a>),
        Within(&'a Attribute),
    }

    fn lookup<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
        let object = value.as_object()?;
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }

    fn flatten(value: &Value) -> Vec<Value> {
        match value {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        }
    }

    /// The attribute a path names, and the values it reaches.
    fn resolve<'a>(
        scope: &'a Scope<'a>,
        path: &AttrPath,
        resource: &Value,
    ) -> Option<(&'a Attribute, Vec<Value>)> {
        match scope {
            Scope::Resource(schema) => {
                let r = schema.resolve(path)?;
                let root = match r.extension {
                    Some(urn) => lookup(resource, urn).cloned(),
                    None => Some(resource.clone()),
                };
                let mut values = root
                    .as_ref()
                    .and_then(|o| lookup(o, &r.attribute.name))
                    .map(flatten)
                    .unwrap_or_default();
                if let Some(sub) = r.sub_attribute {
                    values = values
                        .iter()
                        .filter_map(|v| lookup(v, &sub.name))
                        .flat_map(flatten)
                        .collect();
                }
                Some((r.target(), values))
            }
            Scope::Within(parent) => {
                if path.schema.is_some() || path.sub_attr.is_some() {
                    return None;
                }
                let sub = parent.sub_attribute(&path.attr)?;
                let values = lookup(resource, &sub.name).map(flatten).unwrap_or_default();
                Some((sub, values))
            }
        }
    }

    fn present(v: &Value) -> bool {
        match v {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => a.iter().any(present),
            Value::Object(o) => !o.is_empty(),
            _ => true,
        }
    }

    fn lower(s: &str) -> String {
        s.chars().flat_map(char::to_lowercase).collect()
    }

    fn ordering_holds(op: CompareOp, o: Ordering) -> bool {
        match op {
            CompareOp::Eq => o == Ordering::Equal,
            CompareOp::Gt => o == Ordering::Greater,
            CompareOp::Ge => o != Ordering::Less,
            CompareOp::Lt => o == Ordering::Less,
            CompareOp::Le => o != Ordering::Greater,
            _ => unreachable!(),
        }
    }

    fn compare_one(attr: &Attribute, op: CompareOp, lit: &CompValue, v: &Value) -> bool {
        match (attr.kind, lit, v) {
            (
                AttributeType::String | AttributeType::Reference,
                CompValue::String(l),
                Value::String(s),
            ) => {
                let (s, l) = if attr.case_exact {
                    (s.clone(), l.clone())
                } else {
                    (lower(s), lower(l))
                };
                match op {
                    CompareOp::Co => s.contains(&l),
                    CompareOp::Sw => s.starts_with(&l),
                    CompareOp::Ew => s.ends_with(&l),
                    _ => ordering_holds(op, s.cmp(&l)),
                }
            }
            (AttributeType::Boolean, CompValue::Bool(l), Value::Bool(b)) => l == b,
            (AttributeType::DateTime, CompValue::String(l), Value::String(s)) => {
                match (
                    DateTime::parse_from_rfc3339(s),
                    DateTime::parse_from_rfc3339(l),
                ) {
                    (Ok(a), Ok(b)) => ordering_holds(op, a.cmp(&b)),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    pub fn eval(f: &Filter, resource: &Value, scope: &Scope<'_>) -> bool {
        match f {
            Filter::And(a, b) => eval(a, resource, scope) && eval(b, resource, scope),
            Filter::Or(a, b) => eval(a, resource, scope) || eval(b, resource, scope),
            Filter::Not(a) => !eval(a, resource, scope),
            Filter::Present(p) => {
                resolve(scope, p, resource).is_some_and(|(_, values)| values.iter().any(present))
            }
            Filter::Compare {
                path,
                op: CompareOp::Ne,
                value,
            } => !eval(
                &Filter::compare(path.clone(), CompareOp::Eq, value.clone()),
                resource,
                scope,
            ),
            Filter::Compare { path, op, value } => {
                if *value == CompValue::Null {
                    return !eval(&Filter::present(path.clone()), resource, scope);
                }
                let Some((attr, values)) = resolve(scope, path, resource) else {
                    return false;
                };
                let (attr, values) = if attr.kind == AttributeType::Complex {
                    let v = attr.sub_attribute("value").unwrap();
                    let values = values
                        .iter()
                        .filter_map(|x| lookup(x, "value"))
                        .flat_map(flatten)
                        .collect();
                    (v, values)
                } else {
                    (attr, values)
                };
                values.iter().any(|v| compare_one(attr, *op, value, v))
            }
            Filter::ValuePath { path, filter } => {
                let Some((attr, values)) = resolve(scope, path, resource) else {
                    return false;
                };
                values.iter().any(|v| eval(filter, v, &Scope::Within(attr)))
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn evaluator_agrees_with_the_reference(f in user_filter(), resources in prop::collection::vec(user(), 1..6)) {
        let registry = SchemaRegistry::standard();
        let users = registry.resource_schema("User").unwrap();
        let bound = f.bind(&users);
        prop_assert!(bound.is_ok(), "{} did not bind: {:?}", f, bound.err());
        let bound = bound.unwrap();
        for resource in &resources {
            let expected = reference::eval(&f, resource, &reference::Scope::Resource(&users));
            prop_assert_eq!(bound.matches(resource), expected, "{} on {}", f, resource);
            prop_assert_eq!(f.matches(resource, &users), expected);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// One string comparison at a time, with values and literals that are often case
    /// variants of each other: every operator, caseExact or not, single- or multi-valued.
    #[test]
    fn string_comparisons_agree_with_the_reference(
        (path, op) in (
            prop::sample::select(vec!["userName", "id", "emails.value", "emails", "name.givenName"]),
            op(),
        ),
        value in text(),
        literal in text(),
    ) {
        let registry = SchemaRegistry::standard();
        let users = registry.resource_schema("User").unwrap();
        let resource = match path {
            "emails.value" | "emails" => json!({"emails": [{"value": "zz"}, {"value": value}]}),
            "name.givenName" => json!({"name": {"givenName": value}}),
            single => json!({ single: value }),
        };
        let f = Filter::compare(AttrPath::parse(path).unwrap(), op, CompValue::String(literal));
        let expected = reference::eval(&f, &resource, &reference::Scope::Resource(&users));
        prop_assert_eq!(f.bind(&users).unwrap().matches(&resource), expected, "{} on {}", f, resource);
    }
}

// ---------------------------------------------------------------------------------------
// (c) No input makes the parser panic.

/// Fragments of filter text, to reach deep into the grammar more often than random text.
const FRAGMENTS: &[&str] = &[
    "userName",
    "emails",
    "urn:ietf:params:scim:schemas:core:2.0:User:",
    "name.givenName",
    ".",
    ":",
    " ",
    "eq",
    "EQ",
    "pr",
    "gt",
    "co",
    "and",
    "OR",
    "not",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "\"x\"",
    "\\",
    "\\u",
    "\\ud83d",
    "\\ude00",
    "00e9",
    "-",
    "0",
    "1.5e3",
    "e",
    "true",
    "null",
    "$ref",
    "é",
    "\u{0}",
    "\t",
];

fn filterish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn parse_never_panics_on_random_text(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn parse_never_panics_on_filter_like_text(text in filterish()) {
        if let Ok(f) = parse(&text) {
            // Whatever parses also prints to something that parses back the same.
            let printed = f.to_string();
            if printed.len() <= MAX_FILTER_LENGTH {
                prop_assert_eq!(parse(&printed), Ok(f), "{} printed as {}", text, printed);
            }
        }
    }

    #[test]
    fn parse_never_panics_on_mutated_filters(
        base in prop::sample::select(vec![
            r#"emails[type eq "work" and value co "@example.com"] or not (userName sw "J")"#,
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "x\u00e9""#,
            r#"meta.lastModified gt "2011-05-13T04:42:34Z" and n le -1.5e3"#,
        ]),
        cut in any::<prop::sample::Index>(),
        insert in prop::sample::select(FRAGMENTS),
    ) {
        let at = cut.index(base.len() + 1);
        let mut text = String::new();
        // Cut at a byte offset, keeping valid UTF-8 (the bases are ASCII).
        text.push_str(&base[..at]);
        text.push_str(insert);
        text.push_str(&base[at..]);
        let _ = parse(&text);
    }
}

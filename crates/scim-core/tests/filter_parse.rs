//! Parsing and printing filters: the RFC 7644 §3.4.2.2 examples, the extensions Okta and
//! Entra use, and the errors (with their byte positions) a client sees.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

use scim_core::filter::{parse, CompValue, CompareOp, Filter, FilterErrorKind, MAX_FILTER_DEPTH};
use scim_core::{AttrPath, ScimError, ScimType};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// Every example filter of RFC 7644 §3.4.2.2 (Figure 2 and the case-insensitivity example).
const RFC_EXAMPLES: &[&str] = &[
    r#"userName eq "bjensen""#,
    r#"name.familyName co "O'Malley""#,
    r#"userName sw "J""#,
    r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
    r#"title pr"#,
    r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified le "2011-05-13T04:42:34Z""#,
    r#"title pr and userType eq "Employee""#,
    r#"title pr or userType eq "Intern""#,
    r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
    r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
    r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
    r#"userType eq "Employee" and (emails.type eq "work")"#,
    r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
    r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
    r#"userName Eq "john""#,
    r#"Username eq "john""#,
];

fn path(p: &str) -> AttrPath {
    AttrPath::parse(p).unwrap()
}

fn cmp(p: &str, op: CompareOp, v: impl Into<CompValue>) -> Filter {
    Filter::compare(path(p), op, v.into())
}

#[test]
fn every_rfc_example_parses_and_prints_back() {
    for text in RFC_EXAMPLES {
        let filter = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let printed = filter.to_string();
        assert_eq!(
            parse(&printed).unwrap(),
            filter,
            "{text} printed as {printed}"
        );
    }
}

#[test]
fn rfc_examples_in_canonical_form_print_unchanged() {
    for text in RFC_EXAMPLES {
        let printed = parse(text).unwrap().to_string();
        match *text {
            r#"userName Eq "john""# => assert_eq!(printed, r#"userName eq "john""#),
            r#"userType eq "Employee" and (emails.type eq "work")"# => {
                assert_eq!(
                    printed,
                    r#"userType eq "Employee" and emails.type eq "work""#
                )
            }
            _ => assert_eq!(&printed, text),
        }
    }
}

#[test]
fn rfc_examples_have_the_expected_structure() {
    assert_eq!(
        parse(r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#)
            .unwrap(),
        cmp("userType", CompareOp::Ne, "Employee").and(
            cmp("emails", CompareOp::Co, "example.com")
                .or(cmp("emails.value", CompareOp::Co, "example.org"))
                .negate()
        )
    );
    assert_eq!(
        parse(r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#)
            .unwrap(),
        Filter::value_path(
            path("emails"),
            cmp("type", CompareOp::Eq, "work").and(cmp("value", CompareOp::Co, "@example.com"))
        )
        .or(Filter::value_path(
            path("ims"),
            cmp("type", CompareOp::Eq, "xmpp").and(cmp("value", CompareOp::Co, "@foo.com"))
        ))
    );
    assert_eq!(parse("title pr").unwrap(), Filter::present(path("title")));
}

#[test]
fn operators_keywords_and_literals_are_case_insensitive() {
    let f = parse(r#"USERNAME EQ "x" And title PR OR NOT (active Eq TRUE) or nickName eq NULL"#)
        .unwrap();
    assert_eq!(
        f,
        cmp("USERNAME", CompareOp::Eq, "x")
            .and(Filter::present(path("title")))
            .or(cmp("active", CompareOp::Eq, true).negate())
            .or(cmp("nickName", CompareOp::Eq, CompValue::Null))
    );
    assert_eq!(
        f.to_string(),
        r#"USERNAME eq "x" and title pr or not (active eq true) or nickName eq null"#
    );
    for op in CompareOp::ALL {
        let upper = format!(r#"a {} "v""#, op.as_str().to_uppercase());
        assert_eq!(parse(&upper).unwrap(), cmp("a", op, "v"));
    }
}

#[test]
fn schema_qualified_paths_keep_their_urn() {
    assert_eq!(
        parse(&format!(r#"{ENTERPRISE}:employeeNumber eq "1""#)).unwrap(),
        Filter::compare(
            AttrPath::new("employeeNumber").with_schema(ENTERPRISE),
            CompareOp::Eq,
            "1".into()
        )
    );
    let f = parse(&format!(r#"{ENTERPRISE}:manager.value eq "26118915""#)).unwrap();
    assert_eq!(
        f,
        Filter::compare(
            AttrPath::new("manager")
                .with_schema(ENTERPRISE)
                .with_sub("value"),
            CompareOp::Eq,
            "26118915".into()
        )
    );
    assert_eq!(
        f.to_string(),
        format!(r#"{ENTERPRISE}:manager.value eq "26118915""#)
    );
}

#[test]
fn strings_decode_json_escapes_and_print_re_escaped() {
    let f = parse(r#"displayName eq "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#).unwrap();
    assert_eq!(
        f,
        cmp("displayName", CompareOp::Eq, "a\"b\\c/d\u{8}\u{c}\n\r\té😀")
    );
    assert_eq!(f.to_string(), r#"displayName eq "a\"b\\c/d\b\f\n\r\té😀""#);
}

#[test]
fn numbers_keep_their_json_value() {
    let value = |text: &str| match parse(&format!("n eq {text}")).unwrap() {
        Filter::Compare {
            value: CompValue::Number(n),
            ..
        } => n,
        other => panic!("{other:?}"),
    };
    assert_eq!(value("42").as_u64(), Some(42));
    assert_eq!(value("-42").as_i64(), Some(-42));
    assert_eq!(value("3.25").as_f64(), Some(3.25));
    assert_eq!(value("-1.5E+2").as_f64(), Some(-150.0));
    assert_eq!(value("2e-3").as_f64(), Some(0.002));
    assert_eq!(parse("n gt -1.5E+2").unwrap().to_string(), "n gt -150.0");
    assert_eq!(parse("n le 7").unwrap().to_string(), "n le 7");
}

#[test]
fn entra_value_path_with_sub_attribute_joins_the_value_filter() {
    let f = parse(r#"emails[type eq "work"].value eq "olivia.lim@example.com""#).unwrap();
    assert_eq!(
        f,
        Filter::value_path(
            path("emails"),
            cmp("type", CompareOp::Eq, "work").and(cmp(
                "value",
                CompareOp::Eq,
                "olivia.lim@example.com"
            ))
        )
    );
    assert_eq!(
        f.to_string(),
        r#"emails[type eq "work" and value eq "olivia.lim@example.com"]"#
    );
    // An `or` inside the brackets stays grouped.
    let f = parse(r#"emails[type eq "work" or primary eq true].value pr"#).unwrap();
    assert_eq!(
        f.to_string(),
        r#"emails[(type eq "work" or primary eq true) and value pr]"#
    );
}

#[test]
fn whitespace_is_flexible() {
    assert_eq!(
        parse("  (a pr)and(b pr)\t").unwrap(),
        Filter::present(path("a")).and(Filter::present(path("b")))
    );
    assert_eq!(
        parse(r#"not(a eq"x")"#).unwrap(),
        cmp("a", CompareOp::Eq, "x").negate()
    );
}

/// (filter, byte position, message after "invalid filter at position N: ").
const ERRORS: &[(&str, usize, &str)] = &[
    ("", 0, "the filter is empty"),
    ("   ", 3, "the filter is empty"),
    (r#"userName "x""#, 9, "expected a comparison operator"),
    (r#"userName xx "x""#, 9, "expected a comparison operator"),
    (
        "userName eq",
        11,
        "expected a value (a string, number, true, false or null)",
    ),
    (
        "userName eq bjensen",
        12,
        "expected a value (a string, number, true, false or null)",
    ),
    (
        r#"userName eq "x" and"#,
        19,
        r#"expected an attribute path, "not" or "(""#,
    ),
    (
        r#"userName eq "x" nand title pr"#,
        16,
        r#"expected "and", "or" or the end of the filter"#,
    ),
    (r#"(userName eq "x""#, 16, r#"expected "and", "or" or ")""#),
    (
        r#"userName eq "x")"#,
        15,
        r#"expected "and", "or" or the end of the filter"#,
    ),
    (
        r#"emails[type eq "work""#,
        21,
        r#"expected "and", "or" or "]""#,
    ),
    (
        r#"emails[type eq "work"]."#,
        23,
        "expected a sub-attribute name",
    ),
    (
        r#"emails[type eq "work"].a.b eq "x""#,
        23,
        "invalid attribute path: not a sub-attribute name",
    ),
    (r#"userName eq "abc"#, 12, "unterminated string"),
    (r#"userName eq 'abc'"#, 12, "unexpected character '\\''"),
    (
        r#"userName eq "a\qb""#,
        14,
        "invalid escape sequence in string",
    ),
    (
        r#"userName eq "\udc00""#,
        13,
        "unpaired surrogate in \\u escape",
    ),
    (
        "a.b.c pr",
        0,
        "invalid attribute path: not a sub-attribute name",
    ),
    (
        r#"foo:bar eq "x""#,
        0,
        "invalid attribute path: a schema prefix must be a URN",
    ),
    ("count eq 01", 9, "invalid number"),
    ("count eq 1.", 9, "invalid number"),
    (
        r#"emails[value[type eq "x"] pr]"#,
        12,
        "value filters cannot be nested",
    ),
    ("not (title pr", 13, r#"expected "and", "or" or ")""#),
    (
        "title pr pr",
        9,
        r#"expected "and", "or" or the end of the filter"#,
    ),
];

#[test]
fn errors_name_the_problem_and_its_byte_position() {
    for (text, position, message) in ERRORS {
        let e = parse(text).expect_err(text);
        assert_eq!(e.position, *position, "{text}: {e}");
        assert_eq!(
            e.to_string(),
            format!("invalid filter at position {position}: {message}"),
            "{text}"
        );
    }
}

#[test]
fn positions_are_byte_offsets() {
    // "é" is two bytes: the operator error is at byte 11, not character 10.
    let e = parse(r#"displayName"é" eq "x""#);
    assert_eq!(e.unwrap_err().position, 11);
    let e = parse(r#"displayName eq "é" xx"#).unwrap_err();
    assert_eq!(e.position, 20);
}

#[test]
fn too_deep_and_too_long_are_errors_not_crashes() {
    let depth = MAX_FILTER_DEPTH + 1;
    let nested = format!("{}a pr{}", "not (".repeat(depth), ")".repeat(depth));
    let e = parse(&nested).unwrap_err();
    assert_eq!(
        e.kind,
        FilterErrorKind::TooDeep {
            max: MAX_FILTER_DEPTH
        }
    );
    let unbalanced = "(".repeat(100_000);
    assert!(matches!(
        parse(&unbalanced).unwrap_err().kind,
        FilterErrorKind::TooLong { .. }
    ));
    let long_chain = vec!["a pr"; 400].join(" and ");
    assert!(long_chain.len() < scim_core::filter::MAX_FILTER_LENGTH);
    let f = parse(&long_chain).unwrap();
    assert_eq!(parse(&f.to_string()).unwrap(), f);
}

#[test]
fn errors_become_400_invalid_filter() {
    let e: ScimError = parse(r#"userName xx "x""#).unwrap_err().into();
    assert_eq!(e.status, 400);
    assert_eq!(e.scim_type, Some(ScimType::InvalidFilter));
    assert_eq!(
        e.detail,
        "invalid filter at position 9: expected a comparison operator"
    );
}

//! Every filter that the recorded Okta and Entra requests send (shared/testdata/scim): the
//! `filter` query parameters, URL-decoded, and the value filters inside PATCH paths.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

use std::fs;
use std::path::{Path, PathBuf};

use scim_core::filter::{parse, CompValue, CompareOp, Filter};
use scim_core::schema::SchemaRegistry;
use serde_json::{json, Value};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata/scim");

/// Every `*.json` file under `dir`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(json_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Decodes a query-string component: `+` is a space, `%XX` a byte.
fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// The `filter` query parameter of a request path, decoded.
fn query_filter(path: &str) -> Option<String> {
    let (_, query) = path.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("filter="))
        .map(url_decode)
}

/// The value filter between the first `[` and the last `]` of a PATCH path.
fn patch_value_filter(path: &str) -> Option<&str> {
    let open = path.find('[')?;
    let close = path.rfind(']')?;
    path.get(open + 1..close)
}

struct Found {
    file: String,
    filter: String,
}

fn fixture_filters() -> (Vec<Found>, Vec<Found>) {
    let dir = Path::new(FIXTURES);
    assert!(dir.is_dir(), "missing fixtures at {}", dir.display());
    let mut queries = Vec::new();
    let mut value_filters = Vec::new();
    for file in json_files(dir) {
        let doc: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for step in doc["steps"].as_array().into_iter().flatten() {
            if let Some(filter) = step["path"].as_str().and_then(query_filter) {
                queries.push(Found {
                    file: name.clone(),
                    filter,
                });
            }
            let operations = step["body"]["Operations"].as_array().into_iter().flatten();
            for op in operations {
                if let Some(filter) = op["path"].as_str().and_then(patch_value_filter) {
                    value_filters.push(Found {
                        file: name.clone(),
                        filter: filter.to_owned(),
                    });
                }
            }
        }
    }
    (queries, value_filters)
}

fn parse_and_reprint(found: &Found) -> Filter {
    let filter =
        parse(&found.filter).unwrap_or_else(|e| panic!("{}: {:?}: {e}", found.file, found.filter));
    assert_eq!(
        parse(&filter.to_string()).unwrap(),
        filter,
        "{}",
        found.file
    );
    filter
}

#[test]
fn every_recorded_query_filter_parses() {
    let (queries, _) = fixture_filters();
    // Okta's existence check, Entra's test connection, user and group matching.
    assert!(queries.len() >= 5, "only {} filters found", queries.len());
    let registry = SchemaRegistry::standard();
    for found in &queries {
        let filter = parse_and_reprint(found);
        // Each is `attribute eq "string"`, and binds to the resource type it queries.
        let Filter::Compare {
            path,
            op: CompareOp::Eq,
            value: CompValue::String(_),
        } = &filter
        else {
            panic!("{}: unexpected shape {filter}", found.file)
        };
        let resource_type = if path.is("displayName") {
            "Group"
        } else {
            "User"
        };
        let schema = registry.resource_schema(resource_type).unwrap();
        filter.bind(&schema).unwrap();
    }
    let okta = queries
        .iter()
        .find(|f| f.file == "02-existence-check.json")
        .unwrap();
    assert_eq!(okta.filter, r#"userName eq "olivia.lim@example.com""#);
    let user = json!({"userName": "Olivia.Lim@example.com"});
    let users = registry.resource_schema("User").unwrap();
    assert!(parse(&okta.filter).unwrap().matches(&user, &users));
}

#[test]
fn every_recorded_patch_value_filter_parses() {
    let (_, value_filters) = fixture_filters();
    // Okta's member removal and Entra's work email.
    assert!(
        value_filters.len() >= 2,
        "only {} found",
        value_filters.len()
    );
    for found in &value_filters {
        parse_and_reprint(found);
    }
}

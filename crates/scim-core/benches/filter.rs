//! Filter benchmarks: parsing Okta's existence check and a complex filter, binding, and
//! evaluating against one resource and over 10 000 generated users.
//!
//! Run with `cargo bench -p scim-core --bench filter`.

#![allow(clippy::expect_used)] // a benchmark fails loudly on broken fixtures

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scim_core::filter::{parse, BoundFilter};
use scim_core::schema::SchemaRegistry;
use serde_json::{json, Value};

/// What Okta sends before creating a user.
const OKTA: &str = r#"userName eq "olivia.lim@example.com""#;

/// Most of the grammar at once: value filter, `not`, an instant, an extension URN.
const COMPLEX: &str = r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"] or not (meta.lastModified gt "2011-05-13T04:42:34Z") and urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber sw "70""#;

/// A user like the ones Okta and Entra create; `i` varies names, numbers and dates.
fn user(i: usize) -> Value {
    let name = if i == 4_242 {
        "olivia.lim".to_owned()
    } else {
        format!("user{i}")
    };
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "id": format!("2819c223-7f76-453a-919d-{i:012}"),
        "externalId": name,
        "userName": format!("{name}@example.com"),
        "name": {"givenName": "Olivia", "familyName": format!("Lim{i}")},
        "displayName": format!("Olivia Lim {i}"),
        "userType": if i.is_multiple_of(3) { "Contractor" } else { "Employee" },
        "active": !i.is_multiple_of(7),
        "emails": [
            {"value": format!("{name}@example.com"), "type": "work", "primary": true},
            {"value": format!("{name}@home.example.org"), "type": "home"}
        ],
        "meta": {
            "resourceType": "User",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": format!("2011-05-{:02}T04:42:34Z", 1 + i % 28)
        },
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": format!("{}", 700_000 + i),
            "department": "Tour Operations"
        }
    })
}

fn bind(text: &str, registry: &SchemaRegistry) -> BoundFilter {
    let users = registry
        .resource_schema("User")
        .expect("the standard registry has User");
    parse(text)
        .expect("the benchmark filter parses")
        .bind(&users)
        .expect("the benchmark filter binds")
}

fn benches(c: &mut Criterion) {
    let registry = SchemaRegistry::standard();
    let users = registry
        .resource_schema("User")
        .expect("the standard registry has User");

    c.bench_function("parse_okta", |b| b.iter(|| parse(black_box(OKTA))));
    c.bench_function("parse_complex", |b| b.iter(|| parse(black_box(COMPLEX))));

    let okta_ast = parse(OKTA).expect("parses");
    c.bench_function("bind_okta", |b| {
        b.iter(|| black_box(&okta_ast).bind(&users))
    });
    c.bench_function("print_complex", |b| {
        let ast = parse(COMPLEX).expect("parses");
        b.iter(|| black_box(&ast).to_string())
    });

    let okta = bind(OKTA, &registry);
    let complex = bind(COMPLEX, &registry);
    let olivia = user(4_242);
    let other = user(17);
    assert!(okta.matches(&olivia) && !okta.matches(&other));
    c.bench_function("matches_okta_hit", |b| {
        b.iter(|| okta.matches(black_box(&olivia)))
    });
    c.bench_function("matches_okta_miss", |b| {
        b.iter(|| okta.matches(black_box(&other)))
    });
    c.bench_function("matches_complex", |b| {
        b.iter(|| complex.matches(black_box(&other)))
    });

    let population: Vec<Value> = (0..10_000).map(user).collect();
    let mut group = c.benchmark_group("10k_users");
    group.throughput(Throughput::Elements(population.len() as u64));
    group.bench_function("matches_okta", |b| {
        b.iter(|| population.iter().filter(|u| okta.matches(u)).count())
    });
    group.bench_function("matches_complex", |b| {
        b.iter(|| population.iter().filter(|u| complex.matches(u)).count())
    });
    group.finish();
}

criterion_group!(filter, benches);
criterion_main!(filter);

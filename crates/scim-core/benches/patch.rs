//! PATCH benchmarks: an Okta deactivation, Entra's six-operation replace, and splitting a
//! PATCH that adds 1,000 group members into deltas (and, for comparison, applying it to the
//! group JSON with the engine).
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up on fixed inputs

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use scim_core::message::{decode_value, PatchOperation, PatchRequest};
use scim_core::patch::{apply, member_deltas, normalize};
use scim_core::schema::SchemaRegistry;
use serde_json::{json, Value};
use std::hint::black_box;

fn ops(body: Value) -> Vec<PatchOperation> {
    decode_value::<PatchRequest>(body).unwrap().operations
}

fn okta_user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "3f0c2d1e-5b4a-4c3d-8e9f-0a1b2c3d4e5f",
        "userName": "olivia.lim@example.com",
        "name": {"givenName": "Olivia", "familyName": "Lim"},
        "emails": [{"primary": true, "value": "olivia.lim@example.com", "type": "work"}],
        "displayName": "Olivia Lim",
        "locale": "en-US",
        "externalId": "00uDEVFIXTURE0000001",
        "active": true,
        "meta": {"resourceType": "User"}
    })
}

fn entra_user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": "3f0c2d1e-5b4a-4c3d-8e9f-0a1b2c3d4e5f",
        "externalId": "olivia.lim",
        "userName": "olivia.lim@example.com",
        "active": true,
        "displayName": "Olivia Lim",
        "emails": [{"primary": true, "type": "work", "value": "olivia.lim@example.com"}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Olivia Lim", "familyName": "Lim", "givenName": "Olivia"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "E1001", "department": "Engineering"}
    })
}

fn bench(c: &mut Criterion) {
    let registry = SchemaRegistry::standard();
    let users = registry.resource_schema("User").expect("User");
    let groups = registry.resource_schema("Group").expect("Group");

    let deactivate = ops(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": false}}]
    }));
    let user = okta_user();
    c.bench_function("patch/okta_deactivate (normalize+apply)", |b| {
        b.iter_batched_ref(
            || user.clone(),
            |u| {
                let ops = normalize(black_box(&deactivate), u, &users);
                apply(u, &ops, &users).unwrap();
            },
            BatchSize::SmallInput,
        );
    });

    let six = ops(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "Replace", "path": "displayName", "value": "Liv Lim-Tan"},
            {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "o.lim@example.com"},
            {"op": "Replace", "path": "name.givenName", "value": "Liv"},
            {"op": "Replace", "path": "name.familyName", "value": "Lim-Tan"},
            {"op": "Replace", "path": "externalId", "value": "olivia.lim"},
            {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value": "E1002"}
        ]
    }));
    let user = entra_user();
    c.bench_function("patch/entra_six_replaces (normalize+apply)", |b| {
        b.iter_batched_ref(
            || user.clone(),
            |u| {
                let ops = normalize(black_box(&six), u, &users);
                apply(u, &ops, &users).unwrap();
            },
            BatchSize::SmallInput,
        );
    });

    let members: Vec<Value> = (0..1000)
        .map(|i| json!({"value": format!("00000000-0000-4000-8000-{i:012}"), "display": format!("user{i}@example.com")}))
        .collect();
    let add_1000 = ops(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "replace", "value": {"id": "g1", "displayName": "All staff"}},
            {"op": "add", "path": "members", "value": members}
        ]
    }));
    let group = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g1", "displayName": "Staff"});
    c.bench_function(
        "patch/member_deltas_add_1000 (normalize+member_deltas)",
        |b| {
            b.iter_batched(
                || add_1000.clone(),
                |request_ops| {
                    let ops = normalize(request_ops, &group, &groups);
                    black_box(member_deltas(&ops, "members").unwrap())
                },
                BatchSize::SmallInput,
            );
        },
    );
    let normalised = normalize(&add_1000, &group, &groups);
    c.bench_function("patch/member_deltas_add_1000 (member_deltas only)", |b| {
        b.iter(|| black_box(member_deltas(black_box(&normalised), "members").unwrap()));
    });
    c.bench_function("patch/engine_add_1000_members (normalize+apply)", |b| {
        b.iter_batched(
            || (group.clone(), add_1000.clone()),
            |(mut g, request_ops)| {
                let ops = normalize(request_ops, &g, &groups);
                apply(&mut g, &ops, &groups).unwrap();
                g
            },
            BatchSize::SmallInput,
        );
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Role resolution at scale: 50 roles, 10 000 users of 20 groups each.
//!
//! `cargo bench -p permissions --bench resolve`; the throughput line gives users per second.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use permissions::{Computer, Permissions, Platform, Role, RoleIndex, Scope};

const ROLES: usize = 50;
const USERS: usize = 10_000;
const GROUPS_PER_USER: usize = 20;
/// Distinct IdP groups; the roles name 50 of them.
const GROUPS: usize = 400;

/// A small deterministic generator (no dependency, same data every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn group_name(n: usize) -> String {
    format!("Department {n:03} Staff")
}

fn roles() -> Vec<Role> {
    (0..ROLES)
        .map(|i| Role {
            // Every 8th group is a role's group; written in another case than the IdP's.
            source_group: group_name(i * 8).to_uppercase(),
            is_default: i == 0,
            permissions: Permissions::NONE,
            scope: Scope::all(),
        })
        .collect()
}

fn users() -> Vec<Vec<String>> {
    let mut rng = Lcg(42);
    (0..USERS)
        .map(|_| {
            (0..GROUPS_PER_USER)
                .map(|_| group_name(rng.below(GROUPS)))
                .collect()
        })
        .collect()
}

fn resolution(c: &mut Criterion) {
    let roles = roles();
    let users = users();

    let mut group = c.benchmark_group("resolve 10k users, 50 roles, 20 groups each");
    group.throughput(Throughput::Elements(USERS as u64));
    group.bench_function("RoleIndex::resolve", |b| {
        let index = RoleIndex::new(&roles);
        b.iter(|| {
            for groups in &users {
                black_box(index.resolve(black_box(groups)));
            }
        })
    });
    group.finish();

    c.bench_function("RoleIndex::new (50 roles)", |b| {
        b.iter(|| black_box(RoleIndex::new(black_box(&roles))))
    });
}

fn scope_filtering(c: &mut Criterion) {
    let mut rng = Lcg(7);
    let computers: Vec<Computer> = (0..USERS)
        .map(|i| Computer {
            name: format!("PC{i}"),
            platform: [Platform::Windows, Platform::Mac, Platform::Linux][rng.below(3)],
            ou: Some(format!(
                "CN=PC{i},OU=Team {},OU=Region {},DC=corp,DC=example,DC=com",
                rng.below(20),
                rng.below(5)
            )),
            groups: (0..5).map(|_| group_name(rng.below(GROUPS))).collect(),
            user: None,
        })
        .collect();
    let scope = Scope {
        manage_mac: false,
        computer_groups: (0..10).map(|i| group_name(i * 3)).collect(),
        computer_ous: vec![
            "corp.example.com/Region 1".into(),
            "corp.example.com/Region 3/Team 4".into(),
        ],
        ..Scope::all()
    };
    let mut group = c.benchmark_group("scope 10k computers");
    group.throughput(Throughput::Elements(USERS as u64));
    group.bench_function("ScopeFilter::allows", |b| {
        b.iter_batched(
            || scope.filter(),
            |filter| {
                computers
                    .iter()
                    .filter(|pc| filter.allows(None, Some(pc)))
                    .count()
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, resolution, scope_filtering);
criterion_main!(benches);

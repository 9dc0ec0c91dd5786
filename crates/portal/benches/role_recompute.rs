//! Benchmark: editing a role that 100,000 users hold, on SQLite (issue target: recompute and
//! log in under 3 s). Run with `cargo bench -p portal --bench role_recompute` (or
//! `cargo xtask bench core`). Set `GATEHOUSE_BENCH_USERS` to change the user count.
//!
//! Setup (not timed): 100k SCIM users, all members of the group "Staff", in a fresh SQLite
//! database. Timed: creating the role "Staff" (every user's access changes from full access
//! to the role), then editing it (a permission flips for every user), each one transaction
//! that stores the new access of every user and writes one activity entry per user.

use std::time::Instant;

use permissions::{Permissions, Role, Scope};
use portal::services::activity::Initiator;
use portal::services::roles;
use serde_json::json;
use store::testing::TestDb;
use store::users::NewUser;
use store::StoreError;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::var("GATEHOUSE_BENCH_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let db = TestDb::sqlite();
    let store = db.open()?;
    let setup = Instant::now();
    let group = store.write(|conn| -> Result<String, StoreError> {
        let group = store::groups::insert(
            conn,
            &store::groups::NewGroup::from_resource(&json!({"displayName": "Staff"}))?,
        )?;
        let mut ids = Vec::with_capacity(n);
        for i in 0..n {
            let user = NewUser::from_resource(&json!({
                "userName": format!("user{i}@example.com"),
                "emails": [{"value": format!("user{i}@example.com"), "type": "work", "primary": true}],
                "active": true
            }))?;
            ids.push(store::users::insert(conn, &user)?.id);
        }
        store::groups::add_members(conn, &group.id, &ids)?;
        Ok(group.id)
    })?;
    println!(
        "setup: {n} users in group Staff ({group}) in {:.1?}",
        setup.elapsed()
    );

    let who = Initiator::admin("bench@example.com");
    let mut role = Role {
        source_group: "Staff".into(),
        is_default: false,
        permissions: Permissions {
            inventory: true,
            reports: true,
            ..Permissions::NONE
        },
        scope: Scope::all(),
    };
    let t = Instant::now();
    let created = roles::create(&store, &role, &who)?;
    println!(
        "create role Staff held by {n} users (recompute + log): {:.2?}",
        t.elapsed()
    );

    role.permissions.inventory = false;
    let t = Instant::now();
    roles::update(&store, &created.id, &role, &who)?;
    println!(
        "edit role Staff held by {n} users (recompute + log): {:.2?}",
        t.elapsed()
    );

    let logged = store.read(store::activity::count)?;
    println!("activity entries: {logged}");
    Ok(())
}

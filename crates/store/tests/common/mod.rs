//! Shared test helpers: run a body once per backend, build resources.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use serde_json::{json, Value};
use store::testing::TestDb;
use store::users::{self, NewUser, UserRecord};
use store::{DbConn, Store, StoreError};

/// Runs `body` on a fresh SQLite database and, when reachable, a fresh PostgreSQL one.
pub fn each_backend(body: impl Fn(&Store)) {
    for db in TestDb::all().unwrap() {
        let store = db.open().unwrap();
        eprintln!("-- backend {:?}", db.backend());
        body(&store);
    }
}

/// A User resource.
pub fn user_json(user_name: &str, email: Option<&str>) -> Value {
    let mut v = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "active": true,
    });
    if let Some(e) = email {
        v["emails"] = json!([{"value": e, "type": "work", "primary": true}]);
    }
    v
}

/// Inserts a user from a resource.
pub fn add_user(conn: &mut DbConn, resource: Value) -> UserRecord {
    users::insert(conn, &NewUser::from_resource(&resource).unwrap()).unwrap()
}

/// Runs `f` in a write transaction.
pub fn write<T>(store: &Store, f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>) -> T {
    store.write(f).unwrap()
}

/// Runs `f` in a read transaction.
pub fn read<T>(store: &Store, f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>) -> T {
    store.read(f).unwrap()
}

/// Inserts a group from a display name.
pub fn add_group(conn: &mut DbConn, display_name: &str) -> store::groups::GroupRecord {
    let resource = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": display_name,
    });
    store::groups::insert(
        conn,
        &store::groups::NewGroup::from_resource(&resource).unwrap(),
    )
    .unwrap()
}

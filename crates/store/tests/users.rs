//! Users: insert, read, update, delete, uniqueness and email lookup on both backends.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use common::{add_user, each_backend, read, user_json, write};
use serde_json::json;
use store::users::{self, NewUser};
use store::StoreError;

#[test]
fn insert_get_update_delete() {
    each_backend(|store| {
        let mut resource = user_json("Olivia.Lim@example.com", Some("olivia@example.com"));
        resource["externalId"] = json!("00u1");
        resource["displayName"] = json!("Olivia Lim");
        resource["password"] = json!("never stored");
        resource["id"] = json!("client-chosen");
        let created = write(store, |c| {
            users::insert(c, &NewUser::from_resource(&resource)?)
        });
        assert_eq!(created.version, 1);
        assert_ne!(created.id, "client-chosen");
        assert!(created.attributes.get("password").is_none());
        assert!(created.attributes.get("id").is_none());

        let got = read(store, |c| users::get(c, &created.id));
        assert_eq!(got, created, "timestamps read back equal (microseconds)");
        assert_eq!(got.external_id.as_deref(), Some("00u1"));
        assert_eq!(got.display_name.as_deref(), Some("Olivia Lim"));

        let mut changed = resource.clone();
        changed["active"] = json!(false);
        changed["displayName"] = json!("O. Lim");
        let updated = write(store, |c| {
            let current = users::get_for_update(c, &created.id)?;
            users::update(
                c,
                &current.id,
                Some(current.version),
                &NewUser::from_resource(&changed)?,
            )
        });
        assert_eq!(updated.version, 2);
        assert!(!updated.active);
        assert_eq!(updated.created, created.created);
        assert!(updated.last_modified >= created.last_modified);

        // A stale version is refused and changes nothing.
        let stale = store
            .write(|c| users::update(c, &created.id, Some(1), &NewUser::from_resource(&resource)?));
        assert!(
            matches!(stale, Err(StoreError::VersionConflict { expected: 1, .. })),
            "{stale:?}"
        );
        assert_eq!(read(store, |c| users::get(c, &created.id)).version, 2);

        let gone = write(store, |c| users::delete(c, &created.id));
        assert_eq!(gone.id, created.id);
        let missing = store.read(|c| users::get(c, &created.id));
        assert!(matches!(
            missing,
            Err(StoreError::NotFound { entity: "user", .. })
        ));
        let missing = store.write(|c| users::delete(c, &created.id));
        assert!(missing.unwrap_err().is_not_found());
        let missing =
            store.write(|c| users::update(c, "nope", None, &NewUser::from_resource(&resource)?));
        assert!(missing.unwrap_err().is_not_found());
    });
}

#[test]
fn user_name_is_unique_ignoring_case_in_any_script() {
    each_backend(|store| {
        write(store, |c| Ok(add_user(c, user_json("émile@x", None))));
        for taken in ["ÉMILE@x", "Émile@X", "émile@x"] {
            let err = store
                .write(|c| users::insert(c, &NewUser::from_resource(&user_json(taken, None))?))
                .unwrap_err();
            assert!(err.is_unique_violation(), "{taken}: {err:?}");
            assert!(
                matches!(err, StoreError::Conflict { ref field } if field == "userName"),
                "{err:?}"
            );
        }
        // Renaming another user onto the taken name conflicts too.
        let other = write(store, |c| Ok(add_user(c, user_json("zoë@x", None))));
        let err = store
            .write(|c| {
                users::update(
                    c,
                    &other.id,
                    None,
                    &NewUser::from_resource(&user_json("ÉMILE@X", None))?,
                )
            })
            .unwrap_err();
        assert!(err.is_unique_violation());
        let found = read(store, |c| users::find_by_user_name(c, "ÉMILE@X")).unwrap();
        assert_eq!(found.user_name, "émile@x");
        assert!(read(store, |c| users::find_by_user_name(c, "emile@x")).is_none());
        assert_eq!(read(store, users::count), 2);
    });
}

#[test]
fn email_lookup_for_sign_in() {
    each_backend(|store| {
        let a = write(store, |c| {
            Ok(add_user(c, user_json("a", Some("Shared@Example.com"))))
        });
        let mut b_json = user_json("b", None);
        b_json["emails"] = json!([
            {"value": "b@example.com", "primary": true},
            {"value": "shared@example.com", "type": "home"}
        ]);
        let b = write(store, |c| Ok(add_user(c, b_json.clone())));
        let found = read(store, |c| users::find_by_email(c, " SHARED@example.COM "));
        assert_eq!(
            found.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
            [a.id.as_str(), b.id.as_str()],
            "primary holder first"
        );
        let found = read(store, |c| users::find_by_email(c, "b@EXAMPLE.com"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, b.id);

        // Emails follow updates.
        b_json["emails"] = json!([{"value": "new@example.com"}]);
        write(store, |c| {
            users::update(c, &b.id, None, &NewUser::from_resource(&b_json)?)
        });
        assert!(read(store, |c| users::find_by_email(c, "b@example.com")).is_empty());
        assert_eq!(
            read(store, |c| users::find_by_email(c, "new@example.com")).len(),
            1
        );
        // And go with the user.
        write(store, |c| users::delete(c, &b.id));
        assert!(read(store, |c| users::find_by_email(c, "new@example.com")).is_empty());
    });
}

#[test]
fn active_is_assigned_only_when_given_and_entra_strings_count() {
    each_backend(|store| {
        let silent = write(store, |c| Ok(add_user(c, json!({"userName": "silent"}))));
        assert!(silent.active, "no active attribute: the user is active");
        assert!(silent.resource_json(None).get("active").is_none());
        let entra = write(store, |c| {
            Ok(add_user(c, json!({"userName": "e", "active": "False"})))
        });
        assert!(!entra.active);
        assert_eq!(entra.attributes["active"], json!(false));
        let mut off = NewUser::from_resource(&json!({"userName": "silent"})).unwrap();
        off.active = false;
        let off = write(store, |c| users::update(c, &silent.id, None, &off));
        assert!(!off.active);
        assert_eq!(
            off.attributes["active"],
            json!(false),
            "attributes agree with the flag"
        );
    });
}

#[test]
fn resource_json_overlays_columns_and_meta() {
    each_backend(|store| {
        let u = write(store, |c| Ok(add_user(c, user_json("x", None))));
        let json = u.resource_json(None);
        assert_eq!(json["id"], json!(u.id));
        assert_eq!(json["meta"]["resourceType"], json!("User"));
        assert!(json["meta"]["created"].as_str().unwrap().ends_with('Z'));
        assert!(json.get("groups").is_none());
        assert_eq!(json["active"], json!(true));
        assert_eq!(u.resource_json(Some(&[])).get("groups"), Some(&json!([])));
    });
}

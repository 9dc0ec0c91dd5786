//! Portal configuration on both backends: SCIM settings, key/value settings (incl. a
//! get-or-insert race between "processes"), activity log paging, administrators, roles
//! and user access.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use std::sync::{Arc, Barrier};

use common::{add_user, each_backend, read, user_json, write};
use permissions::{EffectiveAccess, Permissions, Role, Scope};
use store::activity::{self, NewActivity};
use store::roles::{self, Direction};
use store::scim_settings::{self, ScimSettings};
use store::testing::TestDb;
use store::{admins, settings, user_access, users, Store, StoreError, StoreOptions};

#[test]
fn scim_settings_default_then_saved() {
    each_backend(|store| {
        let s = read(store, scim_settings::get);
        assert_eq!(s, ScimSettings::default());
        assert!(!s.enabled && s.key_hash.is_none() && s.updated_at.is_none());
        let saved = write(store, |c| {
            scim_settings::put(
                c,
                &ScimSettings {
                    enabled: true,
                    provider: "entra".into(),
                    key_hash: Some("hash".into()),
                    key_prefix: Some("gh_scim_ab".into()),
                    updated_at: None,
                },
            )
        });
        assert!(saved.enabled && saved.updated_at.is_some());
        let again = write(store, |c| {
            scim_settings::put(
                c,
                &ScimSettings {
                    enabled: false,
                    ..saved.clone()
                },
            )
        });
        assert!(!again.enabled);
        assert_eq!(again.key_hash.as_deref(), Some("hash"));
        assert_eq!(read(store, scim_settings::get), again);
    });
}

#[test]
fn settings_put_get_delete() {
    each_backend(|store| {
        assert_eq!(read(store, |c| settings::get(c, "k")), None);
        write(store, |c| settings::put(c, "k", "1"));
        write(store, |c| settings::put(c, "k", "2"));
        assert_eq!(read(store, |c| settings::get(c, "k")).as_deref(), Some("2"));
        let first = write(store, |c| settings::get_or_insert(c, "k", || "3".into()));
        assert_eq!(first, "2");
        assert!(write(store, |c| settings::delete(c, "k")));
        assert!(!write(store, |c| settings::delete(c, "k")));
    });
}

#[test]
fn get_or_insert_race_between_processes_yields_one_value() {
    for db in TestDb::all().unwrap() {
        db.open().unwrap();
        const RACERS: usize = 8;
        let barrier = Arc::new(Barrier::new(RACERS));
        let handles: Vec<_> = (0..RACERS)
            .map(|i| {
                // Each racer is its own Store (its own pools), like separate processes.
                let store = Store::open(
                    db.url(),
                    StoreOptions {
                        pg_pool_size: 1,
                        sqlite_readers: 1,
                        ..StoreOptions::default()
                    },
                )
                .unwrap();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    barrier.wait();
                    store.write(|c| {
                        settings::get_or_insert(c, "session_secret", || format!("secret-{i}"))
                    })
                })
            })
            .collect();
        let values: Vec<String> = handles
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect();
        assert!(
            values.iter().all(|v| *v == values[0]),
            "{:?}: {values:?}",
            db.backend()
        );
    }
}

#[test]
fn activity_pages_newest_first() {
    each_backend(|store| {
        write(store, |c| {
            for i in 0..12 {
                activity::append(
                    c,
                    &NewActivity {
                        user_id: None,
                        user_label: format!("user{i}"),
                        description: "Created".into(),
                        from_text: None,
                        to_text: Some(format!("{i}")),
                        initiator: "Okta".into(),
                    },
                )?;
            }
            Ok(())
        });
        let first = read(store, |c| activity::list(c, 5, None));
        assert_eq!(
            first
                .iter()
                .map(|e| e.user_label.as_str())
                .collect::<Vec<_>>(),
            ["user11", "user10", "user9", "user8", "user7"]
        );
        assert!(first.windows(2).all(|w| w[0].time >= w[1].time));
        let second = read(store, |c| activity::list(c, 5, Some(first[4].id)));
        assert_eq!(second[0].user_label, "user6");
        let third = read(store, |c| activity::list(c, 5, Some(second[4].id)));
        assert_eq!(third.len(), 2);
        assert_eq!(third[1].user_label, "user0");
        assert!(read(store, |c| activity::list(c, 5, Some(third[1].id))).is_empty());
        assert_eq!(read(store, activity::count), 12);
    });
}

#[test]
fn administrators_by_email() {
    each_backend(|store| {
        assert_eq!(read(store, admins::count), 0);
        let a = write(store, |c| {
            admins::insert(c, " Admin@Example.com ", "$argon2id$x")
        });
        assert_eq!(a.email, "Admin@Example.com");
        let err = store
            .write(|c| admins::insert(c, "admin@EXAMPLE.com", "$argon2id$y"))
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Conflict { ref field } if field == "email"),
            "{err:?}"
        );
        assert_eq!(
            read(store, |c| admins::find_by_email(c, "ADMIN@example.com")),
            Some(a.clone())
        );
        write(store, |c| {
            admins::set_password_hash(c, &a.id, "$argon2id$z")
        });
        assert_eq!(
            read(store, |c| admins::get(c, &a.id)).password_hash,
            "$argon2id$z"
        );
        assert_eq!(read(store, admins::count), 1);
        write(store, |c| admins::insert(c, "b@example.com", "$argon2id$b"));
        let emails: Vec<String> = read(store, admins::list)
            .into_iter()
            .map(|a| a.email)
            .collect();
        assert_eq!(emails, ["Admin@Example.com", "b@example.com"]);
    });
}

fn role(group: &str, is_default: bool) -> Role {
    Role {
        source_group: group.into(),
        is_default,
        permissions: Permissions {
            inventory: true,
            ..Permissions::NONE
        },
        scope: Scope {
            manage_mac: false,
            end_user_groups: vec!["Sales".into()],
            end_user_ous: vec!["OU=EMEA,OU=Sales,DC=corp".into()],
            computer_groups: vec![],
            computer_ous: vec!["corp/Sales".into()],
        },
    }
}

fn order(store: &Store) -> Vec<String> {
    read(store, roles::list)
        .into_iter()
        .map(|r| r.role.source_group)
        .collect()
}

#[test]
fn roles_append_move_default_and_uniqueness() {
    each_backend(|store| {
        let default = write(store, |c| roles::insert(c, &role("Default", true)));
        let server = write(store, |c| roles::insert(c, &role("ServerSupport", false)));
        let windows = write(store, |c| {
            roles::insert(c, &role("WindowsAdministrators", false))
        });
        let data = write(store, |c| roles::insert(c, &role("Data", false)));
        assert_eq!(
            order(store),
            ["Default", "ServerSupport", "WindowsAdministrators", "Data"]
        );
        assert_eq!(
            read(store, |c| roles::get(c, &server.id)).role,
            role("ServerSupport", false)
        );

        assert!(write(store, |c| roles::move_role(
            c,
            &data.id,
            Direction::Up
        )));
        assert_eq!(
            order(store),
            ["Default", "ServerSupport", "Data", "WindowsAdministrators"]
        );
        assert!(write(store, |c| roles::move_role(
            c,
            &default.id,
            Direction::Down
        )));
        assert_eq!(
            order(store),
            ["ServerSupport", "Default", "Data", "WindowsAdministrators"]
        );
        assert!(!write(store, |c| roles::move_role(
            c,
            &server.id,
            Direction::Up
        )));
        assert!(!write(store, |c| roles::move_role(
            c,
            &windows.id,
            Direction::Down
        )));
        assert_eq!(
            order(store),
            ["ServerSupport", "Default", "Data", "WindowsAdministrators"]
        );

        // Setting the default on one role clears it on the other.
        write(store, |c| roles::update(c, &data.id, &role("Data", true)));
        let defaults: Vec<String> = read(store, roles::list)
            .into_iter()
            .filter(|r| r.role.is_default)
            .map(|r| r.role.source_group)
            .collect();
        assert_eq!(defaults, ["Data"]);
        write(store, |c| roles::insert(c, &role("Helpdesk", true)));
        let defaults: Vec<String> = read(store, roles::list)
            .into_iter()
            .filter(|r| r.role.is_default)
            .map(|r| r.role.source_group)
            .collect();
        assert_eq!(defaults, ["Helpdesk"]);
        assert_eq!(write(store, |c| roles::clear_default_except(c, "")), 1);

        // One role per source group, ignoring case and surrounding spaces.
        let err = store
            .write(|c| roles::insert(c, &role(" serversupport ", false)))
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Conflict { ref field } if field == "source_group"),
            "{err:?}"
        );
        let err = store
            .write(|c| roles::update(c, &data.id, &role("SERVERSUPPORT", false)))
            .unwrap_err();
        assert!(err.is_unique_violation());

        let gone = write(store, |c| roles::delete(c, &default.id));
        assert_eq!(gone.role.source_group, "Default");
        assert_eq!(
            order(store),
            ["ServerSupport", "Data", "WindowsAdministrators", "Helpdesk"]
        );
        assert!(write(store, |c| roles::move_role(
            c,
            &data.id,
            Direction::Up
        )));
        assert_eq!(
            order(store),
            ["Data", "ServerSupport", "WindowsAdministrators", "Helpdesk"]
        );
        let appended = write(store, |c| roles::insert(c, &role("Last", false)));
        assert_eq!(order(store).last().map(String::as_str), Some("Last"));
        assert!(store
            .write(|c| roles::move_role(c, "nope", Direction::Up))
            .unwrap_err()
            .is_not_found());
        assert!(appended.position > 0);
    });
}

#[test]
fn user_access_put_returns_previous_and_follows_the_user() {
    each_backend(|store| {
        let u = write(store, |c| Ok(add_user(c, user_json("a", None))));
        assert_eq!(read(store, |c| user_access::get(c, &u.id)), None);
        let full = EffectiveAccess::full();
        let prev = write(store, |c| user_access::put(c, &u.id, &full));
        assert_eq!(prev, None);
        let data = EffectiveAccess::of_role(&role("Data", false));
        let prev = write(store, |c| user_access::put(c, &u.id, &data));
        assert_eq!(prev, Some(full));
        let stored = read(store, |c| user_access::get(c, &u.id)).unwrap();
        assert_eq!(stored.access, data);
        let unchanged = write(store, |c| user_access::put(c, &u.id, &data));
        assert_eq!(unchanged, Some(data.clone()));
        assert_eq!(
            read(store, |c| user_access::get(c, &u.id))
                .unwrap()
                .updated_at,
            stored.updated_at
        );
        let many = read(store, |c| {
            user_access::get_many(c, &[u.id.as_str(), "other"])
        });
        assert_eq!(many.len(), 1);
        let err = store
            .write(|c| user_access::put(c, "no-such-user", &EffectiveAccess::none()))
            .unwrap_err();
        assert!(err.is_not_found(), "{err:?}");
        write(store, |c| users::delete(c, &u.id));
        assert_eq!(read(store, |c| user_access::get(c, &u.id)), None);
    });
}

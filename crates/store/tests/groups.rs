//! Groups and membership deltas on both backends, including concurrent additions.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use std::sync::{Arc, Barrier};

use common::{add_group, add_user, each_backend, read, user_json, write};
use serde_json::json;
use store::groups::{self, NewGroup};
use store::{users, StoreError};

fn ids(v: &[&store::users::UserRecord]) -> Vec<String> {
    v.iter().map(|u| u.id.clone()).collect()
}

#[test]
fn insert_get_update_delete() {
    each_backend(|store| {
        let resource = json!({
            "displayName": "Server Support",
            "externalId": "00g1",
            "members": [{"value": "ignored"}],
            "meta": {"resourceType": "Group"}
        });
        let g = write(store, |c| {
            groups::insert(c, &NewGroup::from_resource(&resource)?)
        });
        assert_eq!(g.version, 1);
        assert!(g.attributes.get("members").is_none());
        assert!(g.attributes.get("meta").is_none());
        assert_eq!(read(store, |c| groups::get(c, &g.id)), g);
        assert_eq!(
            read(store, |c| groups::find_by_display_name(c, "SERVER support")),
            vec![g.clone()]
        );
        let renamed = json!({"displayName": "Data", "externalId": "00g1"});
        let u = write(store, |c| {
            let cur = groups::get_for_update(c, &g.id)?;
            groups::update(
                c,
                &g.id,
                Some(cur.version),
                &NewGroup::from_resource(&renamed)?,
            )
        });
        assert_eq!((u.display_name.as_str(), u.version), ("Data", 2));
        let stale =
            store.write(|c| groups::update(c, &g.id, Some(1), &NewGroup::from_resource(&renamed)?));
        assert!(matches!(stale, Err(StoreError::VersionConflict { .. })));
        write(store, |c| groups::delete(c, &g.id));
        assert!(store
            .read(|c| groups::get(c, &g.id))
            .unwrap_err()
            .is_not_found());
        assert_eq!(read(store, groups::count), 0);
    });
}

#[test]
fn membership_deltas_are_idempotent_and_report_what_changed() {
    each_backend(|store| {
        let (g, a, b, c_) = write(store, |c| {
            Ok((
                add_group(c, "G"),
                add_user(c, user_json("a", None)),
                add_user(c, user_json("b", None)),
                add_user(c, user_json("c", None)),
            ))
        });
        let added = write(store, |c| {
            groups::add_members(c, &g.id, &ids(&[&a, &b, &a]))
        });
        assert_eq!(added, ids(&[&a, &b]));
        let v1 = read(store, |c| groups::get(c, &g.id)).version;
        assert_eq!(v1, 2, "one membership change, one version");

        // Adding again changes nothing, not even the version.
        let added = write(store, |c| groups::add_members(c, &g.id, &ids(&[&a])));
        assert!(added.is_empty());
        assert_eq!(read(store, |c| groups::get(c, &g.id)).version, v1);

        let removed = write(store, |c| {
            groups::remove_members(c, &g.id, &ids(&[&b, &c_]))
        });
        assert_eq!(removed, ids(&[&b]));
        let removed = write(store, |c| groups::remove_members(c, &g.id, &ids(&[&b])));
        assert!(removed.is_empty());

        let (added, removed) = write(store, |c| {
            groups::replace_members(c, &g.id, &ids(&[&b, &c_]))
        });
        assert_eq!(added, ids(&[&b, &c_]));
        assert_eq!(removed, ids(&[&a]));
        let members = read(store, |c| groups::members(c, &g.id));
        assert_eq!(
            members
                .iter()
                .map(|m| m.user_name.as_str())
                .collect::<Vec<_>>(),
            ["b", "c"]
        );
        assert_eq!(read(store, |c| groups::member_count(c, &g.id)), 2);
        assert_eq!(
            read(store, |c| users::groups_of_user(c, &b.id)),
            vec![users::GroupRef {
                id: g.id.clone(),
                display_name: "G".into()
            }]
        );

        let cleared = write(store, |c| groups::clear_members(c, &g.id));
        let mut expected = ids(&[&b, &c_]);
        expected.sort();
        assert_eq!(cleared, expected);
        assert_eq!(read(store, |c| groups::member_count(c, &g.id)), 0);
    });
}

#[test]
fn unknown_members_and_groups_are_refused_without_change() {
    each_backend(|store| {
        let (g, a) = write(store, |c| {
            Ok((add_group(c, "G"), add_user(c, user_json("a", None))))
        });
        let err = store
            .write(|c| groups::add_members(c, &g.id, &[a.id.as_str(), "no-such-user"]))
            .unwrap_err();
        assert!(
            matches!(err, StoreError::UnknownMember { ref id } if id == "no-such-user"),
            "{err:?}"
        );
        assert_eq!(read(store, |c| groups::member_count(c, &g.id)), 0);
        let err = store
            .write(|c| groups::replace_members(c, &g.id, &["nobody"]))
            .unwrap_err();
        assert!(matches!(err, StoreError::UnknownMember { .. }));
        let err = store
            .write(|c| groups::add_members(c, "no-such-group", &[a.id.as_str()]))
            .unwrap_err();
        assert!(err.is_not_found());
    });
}

#[test]
fn deleting_a_user_or_group_removes_memberships() {
    each_backend(|store| {
        let (g, h, a) = write(store, |c| {
            Ok((
                add_group(c, "G"),
                add_group(c, "H"),
                add_user(c, user_json("a", None)),
            ))
        });
        write(store, |c| groups::add_members(c, &g.id, &[a.id.as_str()]));
        write(store, |c| groups::add_members(c, &h.id, &[a.id.as_str()]));
        assert_eq!(read(store, |c| users::groups_of_user(c, &a.id)).len(), 2);
        write(store, |c| groups::delete(c, &h.id));
        assert_eq!(read(store, |c| users::groups_of_user(c, &a.id)).len(), 1);
        write(store, |c| users::delete(c, &a.id));
        assert_eq!(read(store, |c| groups::member_count(c, &g.id)), 0);
    });
}

#[test]
fn concurrent_additions_of_distinct_members_lose_nothing() {
    each_backend(|store| {
        const THREADS: usize = 8;
        let g = write(store, |c| Ok(add_group(c, "Everyone")));
        let members: Vec<String> = (0..THREADS)
            .map(|i| {
                write(store, |c| {
                    Ok(add_user(c, user_json(&format!("u{i}"), None)).id)
                })
            })
            .collect();
        let barrier = Arc::new(Barrier::new(THREADS));
        let handles: Vec<_> = members
            .iter()
            .cloned()
            .map(|user_id| {
                let (store, barrier, gid) = (store.clone(), barrier.clone(), g.id.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    store.write(|c| groups::add_members(c, &gid, &[user_id]))
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap().unwrap().len(), 1);
        }
        let mut present: Vec<String> = read(store, |c| groups::members(c, &g.id))
            .into_iter()
            .map(|m| m.id)
            .collect();
        present.sort();
        let mut expected = members.clone();
        expected.sort();
        assert_eq!(present, expected);
        assert_eq!(
            read(store, |c| groups::get(c, &g.id)).version,
            1 + THREADS as i64
        );
    });
}

#[test]
fn a_failed_write_rolls_back_everything() {
    each_backend(|store| {
        let before = read(store, users::count);
        let res: Result<(), StoreError> = store.write(|c| {
            add_user(c, user_json("kept?", None));
            Err(StoreError::InvalidData("caller gave up".into()))
        });
        assert!(res.is_err());
        assert_eq!(read(store, users::count), before);
    });
}

#[test]
fn a_user_and_its_groups_come_back_in_one_statement() {
    each_backend(|store| {
        let alone = write(store, |c| {
            Ok(add_user(c, user_json("alone@example.com", None)))
        });
        let member = write(store, |c| {
            Ok(add_user(c, user_json("Member@Example.com", None)))
        });
        let mut expected = Vec::new();
        for name in ["zeta", "Alpha", "mu"] {
            let g = write(store, |c| Ok(add_group(c, name)));
            write(store, |c| groups::add_members(c, &g.id, &[&member.id]));
            expected.push((name.to_lowercase(), g.id, name.to_owned()));
        }
        expected.sort();
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(_, id, name)| (id, name))
            .collect();
        let pairs = |groups: &[users::GroupRef]| -> Vec<(String, String)> {
            groups
                .iter()
                .map(|g| (g.id.clone(), g.display_name.clone()))
                .collect()
        };

        let (user, groups) = store
            .read_statement(|c| users::get_with_groups(c, &member.id))
            .unwrap()
            .unwrap();
        assert_eq!(user, read(store, |c| users::get(c, &member.id)));
        assert_eq!(pairs(&groups), expected);
        assert_eq!(
            groups,
            read(store, |c| users::groups_of_user(c, &member.id))
        );

        let (user, groups) = store
            .read_statement(|c| users::find_by_user_name_with_groups(c, "member@EXAMPLE.com"))
            .unwrap()
            .unwrap();
        assert_eq!(user.id, member.id);
        assert_eq!(pairs(&groups), expected);

        let (user, groups) = store
            .read_statement(|c| users::get_with_groups(c, &alone.id))
            .unwrap()
            .unwrap();
        assert_eq!(user.user_name, "alone@example.com");
        assert!(groups.is_empty());

        assert!(store
            .read_statement(|c| users::get_with_groups(c, "no-such-id"))
            .unwrap()
            .is_none());
        assert!(store
            .read_statement(|c| users::find_by_user_name_with_groups(c, "nobody@example.com"))
            .unwrap()
            .is_none());
    });
}

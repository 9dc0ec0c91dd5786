//! SCIM filters served by SQL: every operator on each indexed column, `and`/`or`/`not`,
//! value paths and the residual path, on both backends. Each result is checked against
//! scim-core's evaluator run over every resource (the oracle), and many against the set a
//! person would expect.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use std::collections::BTreeSet;

use common::{add_group, add_user, each_backend, read, write};
use scim_core::filter::{parse, Filter};
use scim_core::schema::SchemaRegistry;
use serde_json::json;
use store::users::{self, UserRecord};
use store::{filter_sql, groups, DbConn, ListQuery, Store, StoreError};

struct Seed {
    users: Vec<UserRecord>,
    group_id: String,
}

fn seed(store: &Store) -> Seed {
    let resources = [
        json!({
            "userName": "Alice@Example.com", "externalId": "Ext-1", "displayName": "Alice Liddell",
            "active": true, "title": "Engineer", "name": {"givenName": "Alice"},
            "emails": [
                {"value": "alice@example.com", "type": "work", "primary": true},
                {"value": "alice@home.org", "type": "home"}
            ],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "42"}
        }),
        json!({
            "userName": "bob", "externalId": "ext-2", "displayName": "Bob_Builder%",
            "active": false, "title": "Manager",
            "emails": [{"value": "BOB@example.com", "type": "work"}]
        }),
        json!({"userName": "ÉMILE", "active": true}),
        json!({
            "userName": "carol", "externalId": "EXT-3", "displayName": "carol",
            "emails": [{"value": "c@x.org", "type": "Work"}, {"type": "other"}]
        }),
    ];
    write(store, |c| {
        let users: Vec<UserRecord> = resources.iter().map(|r| add_user(c, r.clone())).collect();
        let g = add_group(c, "Admins");
        groups::add_members(c, &g.id, &[users[0].id.as_str(), users[3].id.as_str()])?;
        Ok(Seed {
            users,
            group_id: g.id,
        })
    })
}

fn names(records: &[UserRecord]) -> BTreeSet<String> {
    records.iter().map(|u| u.user_name.clone()).collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// What scim-core's evaluator says, over every user (with their groups).
fn oracle(conn: &mut DbConn, filter: &Filter) -> BTreeSet<String> {
    let registry = SchemaRegistry::standard();
    let schema = registry.resource_schema("User").unwrap();
    let (_, all) = users::list(conn, &ListQuery::page(1, 1000)).unwrap();
    let ids: Vec<String> = all.iter().map(|u| u.id.clone()).collect();
    let memberships = users::groups_of_users(conn, &ids).unwrap();
    all.iter()
        .filter(|u| {
            let g = memberships.get(&u.id).map_or(&[][..], Vec::as_slice);
            filter.matches(&u.resource_json(Some(g)), &schema)
        })
        .map(|u| u.user_name.clone())
        .collect()
}

fn run(store: &Store, text: &str) -> (BTreeSet<String>, BTreeSet<String>, bool) {
    let filter = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let registry = SchemaRegistry::standard();
    let schema = registry.resource_schema("User").unwrap();
    let pure_sql = filter_sql::users(&filter, &schema).residual.is_none();
    read(store, |c| {
        let (total, page) = users::list(c, &ListQuery::page(1, 100).filtered(&filter))?;
        assert_eq!(total, page.len(), "{text}");
        Ok((names(&page), oracle(c, &filter), pure_sql))
    })
}

#[test]
fn every_operator_on_every_indexed_user_column_matches_the_evaluator() {
    each_backend(|store| {
        let seed = seed(store);
        let (alice, bob) = (&seed.users[0], &seed.users[1]);
        let created = |u: &UserRecord| store::time::to_rfc3339(u.created);
        let cases: Vec<(String, &[&str])> = vec![
            (
                r#"userName eq "alice@example.com""#.into(),
                &["Alice@Example.com"],
            ),
            (
                r#"userName eq "ALICE@EXAMPLE.COM""#.into(),
                &["Alice@Example.com"],
            ),
            (r#"userName eq "émile""#.into(), &["ÉMILE"]),
            (
                r#"userName ne "BOB""#.into(),
                &["Alice@Example.com", "ÉMILE", "carol"],
            ),
            (r#"userName co "LIC""#.into(), &["Alice@Example.com"]),
            (r#"userName sw "B""#.into(), &["bob"]),
            (r#"userName ew ".COM""#.into(), &["Alice@Example.com"]),
            (r#"userName gt "bob""#.into(), &["carol", "ÉMILE"]),
            (r#"userName ge "bob""#.into(), &["bob", "carol", "ÉMILE"]),
            (r#"userName lt "bob""#.into(), &["Alice@Example.com"]),
            (r#"userName le "BOB""#.into(), &["Alice@Example.com", "bob"]),
            (
                r#"userName pr"#.into(),
                &["Alice@Example.com", "bob", "carol", "ÉMILE"],
            ),
            (r#"userName eq null"#.into(), &[]),
            (r#"externalId eq "ext-2""#.into(), &["bob"]),
            (r#"externalId eq "EXT-2""#.into(), &[]),
            (
                r#"externalId ne "ext-2""#.into(),
                &["Alice@Example.com", "carol", "ÉMILE"],
            ),
            (
                r#"externalId co "xt""#.into(),
                &["Alice@Example.com", "bob"],
            ),
            (
                r#"externalId sw "E""#.into(),
                &["Alice@Example.com", "carol"],
            ),
            (r#"externalId ew "T-3""#.into(), &["carol"]),
            (r#"externalId gt "Ext-1""#.into(), &["bob"]),
            (
                r#"externalId ge "Ext-1""#.into(),
                &["Alice@Example.com", "bob"],
            ),
            (r#"externalId lt "Ext-1""#.into(), &["carol"]),
            (r#"externalId le "EXT-3""#.into(), &["carol"]),
            (
                r#"externalId pr"#.into(),
                &["Alice@Example.com", "bob", "carol"],
            ),
            (r#"externalId eq null"#.into(), &["ÉMILE"]),
            (r#"not (externalId pr)"#.into(), &["ÉMILE"]),
            (
                r#"displayName eq "ALICE LIDDELL""#.into(),
                &["Alice@Example.com"],
            ),
            (
                r#"displayName ne "carol""#.into(),
                &["Alice@Example.com", "bob", "ÉMILE"],
            ),
            (r#"displayName co "_""#.into(), &["bob"]),
            (r#"displayName co "%""#.into(), &["bob"]),
            (r#"displayName sw "BOB_""#.into(), &["bob"]),
            (r#"displayName ew "r%""#.into(), &["bob"]),
            (r#"displayName co "\\""#.into(), &[]),
            (
                r#"not (displayName co "_")"#.into(),
                &["Alice@Example.com", "carol", "ÉMILE"],
            ),
            (r#"displayName gt "b""#.into(), &["bob", "carol"]),
            (r#"displayName ge "carol""#.into(), &["carol"]),
            (r#"displayName lt "b""#.into(), &["Alice@Example.com"]),
            (
                r#"displayName le "CAROL""#.into(),
                &["Alice@Example.com", "bob", "carol"],
            ),
            (
                r#"displayName pr"#.into(),
                &["Alice@Example.com", "bob", "carol"],
            ),
            (r#"active eq true"#.into(), &["Alice@Example.com", "ÉMILE"]),
            (r#"active eq false"#.into(), &["bob"]),
            (r#"active ne true"#.into(), &["bob", "carol"]),
            (r#"active eq null"#.into(), &["carol"]),
            (r#"active eq "true""#.into(), &[]),
            (
                r#"active pr"#.into(),
                &["Alice@Example.com", "bob", "ÉMILE"],
            ),
            (format!(r#"id eq "{}""#, alice.id), &["Alice@Example.com"]),
            (
                format!(r#"id ne "{}""#, alice.id),
                &["bob", "carol", "ÉMILE"],
            ),
            (format!(r#"id eq "{}""#, alice.id.to_uppercase()), &[]),
            (format!(r#"id sw "{}""#, bob.id), &["bob"]),
            (format!(r#"id ew "{}""#, &bob.id[24..]), &["bob"]),
            (format!(r#"id ge "{}""#, bob.id), &["bob", "carol", "ÉMILE"]),
            (r#"emails.value eq "bob@EXAMPLE.com""#.into(), &["bob"]),
            (r#"emails eq "bob@example.com""#.into(), &["bob"]),
            (
                r#"emails co "EXAMPLE.com""#.into(),
                &["Alice@Example.com", "bob"],
            ),
            (r#"emails.value sw "c@""#.into(), &["carol"]),
            (
                r#"emails.value ew ".ORG""#.into(),
                &["Alice@Example.com", "carol"],
            ),
            (r#"emails.value gt "c""#.into(), &["carol"]),
            (
                r#"emails.value ne "bob@example.com""#.into(),
                &["Alice@Example.com", "carol", "ÉMILE"],
            ),
            (
                r#"emails.value pr"#.into(),
                &["Alice@Example.com", "bob", "carol"],
            ),
            (r#"not (emails.value pr)"#.into(), &["ÉMILE"]),
            (
                r#"emails.type eq "WORK""#.into(),
                &["Alice@Example.com", "bob", "carol"],
            ),
            (r#"emails.type eq "other""#.into(), &["carol"]),
            (r#"emails.primary eq true"#.into(), &["Alice@Example.com"]),
            (r#"emails.primary eq false"#.into(), &[]),
            (r#"emails.primary pr"#.into(), &["Alice@Example.com"]),
            (
                r#"emails[type eq "work" and value co "alice"]"#.into(),
                &["Alice@Example.com"],
            ),
            (
                r#"emails[type eq "home" and value co "example"]"#.into(),
                &[],
            ),
            (
                r#"emails[type eq "work"].value ew "org""#.into(),
                &["carol"],
            ),
            (r#"emails[primary eq true]"#.into(), &["Alice@Example.com"]),
            (
                r#"emails[not (type eq "work")]"#.into(),
                &["Alice@Example.com", "carol"],
            ),
            (
                r#"emails[value pr]"#.into(),
                &["Alice@Example.com", "bob", "carol"],
            ),
            (
                r#"emails[type eq "other" and not (value pr)]"#.into(),
                &["carol"],
            ),
            (r#"not (emails[type eq "work"])"#.into(), &["ÉMILE"]),
            (
                format!(r#"groups.value eq "{}""#, seed.group_id),
                &["Alice@Example.com", "carol"],
            ),
            (
                format!(r#"groups eq "{}""#, seed.group_id.to_uppercase()),
                &["Alice@Example.com", "carol"],
            ),
            (
                format!(r#"groups[value eq "{}"]"#, seed.group_id),
                &["Alice@Example.com", "carol"],
            ),
            (r#"groups pr"#.into(), &["Alice@Example.com", "carol"]),
            (
                r#"meta.created gt "2000-01-01T00:00:00Z""#.into(),
                &["Alice@Example.com", "bob", "carol", "ÉMILE"],
            ),
            (r#"meta.created lt "2000-01-01T00:00:00+02:00""#.into(), &[]),
            (
                format!(r#"meta.created eq "{}""#, created(alice)),
                &["Alice@Example.com"],
            ),
            (
                format!(r#"meta.created le "{}""#, created(alice)),
                &["Alice@Example.com"],
            ),
            (
                format!(r#"meta.created gt "{}""#, created(alice)),
                &["bob", "carol", "ÉMILE"],
            ),
            (
                format!(
                    r#"meta.lastModified ge "{}""#,
                    store::time::to_rfc3339(bob.last_modified)
                ),
                &["bob", "carol", "ÉMILE"],
            ),
            (
                format!(
                    r#"meta.lastModified lt "{}""#,
                    store::time::to_rfc3339(bob.last_modified)
                ),
                &["Alice@Example.com"],
            ),
            (
                r#"meta.created pr"#.into(),
                &["Alice@Example.com", "bob", "carol", "ÉMILE"],
            ),
            (
                r#"meta.resourceType eq "User""#.into(),
                &["Alice@Example.com", "bob", "carol", "ÉMILE"],
            ),
            (r#"meta.resourceType eq "Group""#.into(), &[]),
            (
                r#"userName eq "bob" or displayName co "alice""#.into(),
                &["Alice@Example.com", "bob"],
            ),
            (
                r#"(userName eq "bob" or userName eq "carol") and active ne false"#.into(),
                &["carol"],
            ),
            (
                r#"not (userName eq "bob") and not (active eq true)"#.into(),
                &["carol"],
            ),
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "BOB""#.into(),
                &["bob"],
            ),
            (r#"nosuchattribute eq "x""#.into(), &[]),
            (
                r#"nosuchattribute ne "x""#.into(),
                &["Alice@Example.com", "bob", "carol", "ÉMILE"],
            ),
            (
                r#"nosuchattribute eq null"#.into(),
                &["Alice@Example.com", "bob", "carol", "ÉMILE"],
            ),
        ];
        for (text, expected) in &cases {
            let (got, oracle, pure_sql) = run(store, text);
            assert_eq!(got, oracle, "{text}: SQL and evaluator disagree");
            assert_eq!(got, set(expected), "{text}");
            assert!(pure_sql, "{text} should be answered by SQL alone");
        }
    });
}

#[test]
fn what_sql_cannot_say_is_evaluated_in_memory() {
    each_backend(|store| {
        seed(store);
        let cases: &[(&str, &[&str])] = &[
            (r#"title eq "engineer""#, &["Alice@Example.com"]),
            (r#"name.givenName eq "ALICE""#, &["Alice@Example.com"]),
            (
                r#"userName sw "a" and title co "eng""#,
                &["Alice@Example.com"],
            ),
            (
                r#"title co "e" or userName eq "carol""#,
                &["Alice@Example.com", "bob", "carol"],
            ),
            (r#"not (title pr)"#, &["carol", "ÉMILE"]),
            (r#"employeeNumber eq "42""#, &["Alice@Example.com"]),
            (
                r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "42""#,
                &["Alice@Example.com"],
            ),
            (r#"emails pr"#, &["Alice@Example.com", "bob", "carol"]),
            (r#"emails[display pr]"#, &[]),
            (
                r#"groups.display eq "admins""#,
                &["Alice@Example.com", "carol"],
            ),
            (
                r#"groups[type eq "direct"]"#,
                &["Alice@Example.com", "carol"],
            ),
            (
                r#"meta.resourceType co "se""#,
                &["Alice@Example.com", "bob", "carol", "ÉMILE"],
            ),
        ];
        for (text, expected) in cases {
            let (got, oracle, pure_sql) = run(store, text);
            assert!(!pure_sql, "{text} has a residual");
            assert_eq!(got, oracle, "{text}");
            assert_eq!(got, set(expected), "{text}");
        }
        // The SQL part still narrows: `userName sw "a"` goes to SQL, `title` stays residual.
        let f = parse(r#"userName sw "a" and title co "eng""#).unwrap();
        let registry = SchemaRegistry::standard();
        let split = filter_sql::users(&f, &registry.resource_schema("User").unwrap());
        assert!(split.sql.is_some());
        assert_eq!(split.residual.unwrap().to_string(), r#"title co "eng""#);
    });
}

#[test]
fn idp_lookups_are_pure_sql() {
    let registry = SchemaRegistry::standard();
    let user = registry.resource_schema("User").unwrap();
    let group = registry.resource_schema("Group").unwrap();
    for text in [
        r#"userName eq "olivia.lim@example.com""#,
        r#"externalId eq "00u1abc""#,
        r#"displayName eq "Olivia Lim""#,
        r#"emails[type eq "work"].value eq "o@example.com""#,
        r#"userName eq "a" and active eq true"#,
    ] {
        let split = filter_sql::users(&parse(text).unwrap(), &user);
        assert!(split.residual.is_none() && split.sql.is_some(), "{text}");
    }
    for text in [
        r#"displayName eq "Server Support""#,
        r#"externalId eq "00g1""#,
        r#"id eq "x" and members[value eq "u1"]"#,
        r#"members.value eq "u1""#,
    ] {
        let split = filter_sql::groups(&parse(text).unwrap(), &group);
        assert!(split.residual.is_none() && split.sql.is_some(), "{text}");
    }
}

#[test]
fn group_filters_on_indexed_columns() {
    each_backend(|store| {
        let (a, b) = write(store, |c| {
            let a = add_user(c, common::user_json("a", None));
            let b = add_user(c, common::user_json("b", None));
            let admins = add_group(c, "Admins");
            let data = add_group(c, "Data_Team");
            add_group(c, "empty");
            groups::add_members(c, &admins.id, &[a.id.as_str(), b.id.as_str()])?;
            groups::add_members(c, &data.id, &[b.id.as_str()])?;
            Ok((a, b))
        });
        let registry = SchemaRegistry::standard();
        let schema = registry.resource_schema("Group").unwrap();
        let cases: Vec<(String, &[&str])> = vec![
            (r#"displayName eq "ADMINS""#.into(), &["Admins"]),
            (r#"displayName co "_""#.into(), &["Data_Team"]),
            (r#"displayName sw "d""#.into(), &["Data_Team"]),
            (r#"displayName ew "S""#.into(), &["Admins"]),
            (r#"displayName gt "data""#.into(), &["Data_Team", "empty"]),
            (r#"displayName ne "admins""#.into(), &["Data_Team", "empty"]),
            (r#"externalId pr"#.into(), &[]),
            (
                r#"externalId eq null"#.into(),
                &["Admins", "Data_Team", "empty"],
            ),
            (format!(r#"members[value eq "{}"]"#, a.id), &["Admins"]),
            (
                format!(r#"members.value eq "{}""#, b.id),
                &["Admins", "Data_Team"],
            ),
            (format!(r#"members eq "{}""#, b.id.to_uppercase()), &[]),
            (
                format!(r#"not (members.value eq "{}")"#, a.id),
                &["Data_Team", "empty"],
            ),
            (r#"members pr"#.into(), &["Admins", "Data_Team"]),
            (r#"not (members pr)"#.into(), &["empty"]),
            (
                r#"meta.created gt "2001-01-01T00:00:00Z" and meta.resourceType eq "Group""#.into(),
                &["Admins", "Data_Team", "empty"],
            ),
            (r#"members.display eq "a""#.into(), &["Admins"]),
        ];
        for (text, expected) in &cases {
            let filter = parse(text).unwrap();
            let (got, all) = read(store, |c| {
                let (total, page) = groups::list(c, &ListQuery::page(1, 100).filtered(&filter))?;
                assert_eq!(total, page.len());
                let (_, all) = groups::list(c, &ListQuery::page(1, 100))?;
                let ids: Vec<String> = all.iter().map(|g| g.id.clone()).collect();
                let members = groups::members_of_groups(c, &ids)?;
                let oracle: BTreeSet<String> = all
                    .iter()
                    .filter(|g| {
                        let m = members.get(&g.id).map_or(&[][..], Vec::as_slice);
                        filter.matches(&g.resource_json(Some(m)), &schema)
                    })
                    .map(|g| g.display_name.clone())
                    .collect();
                Ok((
                    page.iter()
                        .map(|g| g.display_name.clone())
                        .collect::<BTreeSet<_>>(),
                    oracle,
                ))
            });
            assert_eq!(got, all, "{text}: SQL and evaluator disagree");
            assert_eq!(got, set(expected), "{text}");
        }
    });
}

#[test]
fn refused_filters_are_invalid_filter_errors() {
    each_backend(|store| {
        for text in [
            r#"active gt true"#,
            r#"meta.created eq "yesterday""#,
            r#"userName[value eq "x"]"#,
        ] {
            let filter = parse(text).unwrap();
            let err = store
                .read(|c| users::list(c, &ListQuery::page(1, 10).filtered(&filter)))
                .unwrap_err();
            assert!(
                matches!(err, StoreError::InvalidFilter(_)),
                "{text}: {err:?}"
            );
        }
    });
}

#[test]
fn literals_are_bound_not_spliced() {
    each_backend(|store| {
        seed(store);
        for text in [
            r#"userName eq "x' OR '1'='1""#,
            r#"displayName co "'); DROP TABLE users; --""#,
            r#"emails.value eq "\" OR 1=1 --""#,
        ] {
            let (got, oracle, _) = run(store, text);
            assert!(got.is_empty() && oracle.is_empty(), "{text}");
        }
        assert_eq!(read(store, users::count), 4);
    });
}

#[test]
fn paging_is_stable_with_exact_totals() {
    each_backend(|store| {
        write(store, |c| {
            for i in 0..25 {
                let mut r = common::user_json(&format!("user{:02}", (i * 7) % 25), None);
                if i % 3 == 0 {
                    r["displayName"] = json!(format!("D{}", i % 4));
                }
                r["title"] = json!(if i % 2 == 0 { "even" } else { "odd" });
                add_user(c, r);
            }
            Ok(())
        });
        let page_all = |q: ListQuery<'_>| -> (Vec<usize>, Vec<String>) {
            let mut totals = Vec::new();
            let mut seen = Vec::new();
            let mut start = 1;
            loop {
                let q = ListQuery {
                    start_index: start,
                    count: 7,
                    ..q.clone()
                };
                let (total, page) = read(store, |c| users::list(c, &q));
                totals.push(total);
                if page.is_empty() {
                    break;
                }
                seen.extend(page.into_iter().map(|u| u.user_name));
                start += 7;
            }
            (totals, seen)
        };
        // Default order: by id, i.e. insertion order.
        let (totals, seen) = page_all(ListQuery::page(1, 7));
        assert!(totals.iter().all(|t| *t == 25));
        assert_eq!(seen.len(), 25);
        assert_eq!(seen[0], "user00");
        assert_eq!(seen[1], "user07");

        // Sorted by userName descending.
        let (_, seen) =
            page_all(ListQuery::page(1, 7).sorted(scim_core::AttrPath::new("userName"), true));
        let mut expected: Vec<String> = (0..25).map(|i| format!("user{i:02}")).collect();
        expected.reverse();
        assert_eq!(seen, expected);

        // Sorted by a nullable column: absent values last ascending, first descending, ties
        // by id; the same order SQL and the in-memory path give.
        let by_display =
            ListQuery::page(1, 7).sorted(scim_core::AttrPath::new("displayName"), false);
        let (_, sql_order) = page_all(by_display.clone());
        assert_eq!(sql_order.len(), 25);
        let f = parse(r#"title pr"#).unwrap();
        let (totals, memory_order) = page_all(by_display.clone().filtered(&f));
        assert!(totals.iter().all(|t| *t == 25));
        assert_eq!(sql_order, memory_order, "SQL and in-memory sorting agree");
        let desc = ListQuery::page(1, 7).sorted(scim_core::AttrPath::new("displayName"), true);
        let (_, sql_desc) = page_all(desc.clone());
        let (_, memory_desc) = page_all(desc.filtered(&f));
        assert_eq!(sql_desc, memory_desc);
        assert_ne!(sql_desc, sql_order);

        // A residual filter pages over its own matches, with their count.
        let odd = parse(r#"title eq "odd""#).unwrap();
        let (totals, seen) = page_all(ListQuery::page(1, 7).filtered(&odd));
        assert!(totals.iter().all(|t| *t == 12));
        assert_eq!(seen.len(), 12);

        // Sorting by an attribute without a column happens in memory.
        let (_, by_title) =
            page_all(ListQuery::page(1, 7).sorted(scim_core::AttrPath::new("title"), false));
        assert_eq!(by_title.len(), 25);
        let titles: Vec<String> = read(store, |c| {
            let mut out = Vec::new();
            for n in &by_title {
                out.push(
                    users::find_by_user_name(c, n)?.unwrap().attributes["title"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                );
            }
            Ok(out)
        });
        assert!(titles.windows(2).all(|w| w[0] <= w[1]));

        // count=0 gives only the total; a start past the end gives an empty page.
        let (total, page) = read(store, |c| users::list(c, &ListQuery::page(1, 0)));
        assert_eq!((total, page.len()), (25, 0));
        let (total, page) = read(store, |c| {
            users::list(c, &ListQuery::page(100, 10).filtered(&odd))
        });
        assert_eq!((total, page.len()), (12, 0));
    });
}

#[test]
fn residual_scans_are_bounded() {
    each_backend(|store| {
        let n = store::MAX_SCAN + 1;
        write(store, |c| {
            use diesel::connection::SimpleConnection;
            let now = "2026-01-01 00:00:00";
            let sql = match c {
                DbConn::Sqlite(_) => format!(
                    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {n}) \
                     INSERT INTO users SELECT printf('id%06d', x), 'u' || x, 'u' || x, NULL, NULL, NULL, 1, \
                     '{{\"title\":\"t\"}}', '{now}', '{now}', 1 FROM n"
                ),
                DbConn::Pg(_) => format!(
                    "INSERT INTO users SELECT 'id' || lpad(x::text, 6, '0'), 'u' || x, 'u' || x, NULL, NULL, NULL, \
                     true, '{{\"title\":\"t\"}}', '{now}', '{now}', 1 FROM generate_series(1, {n}) AS x"
                ),
            };
            c.batch_execute(&sql)?;
            Ok(())
        });
        let residual = parse(r#"title eq "t""#).unwrap();
        let err = store
            .read(|c| users::list(c, &ListQuery::page(1, 10).filtered(&residual)))
            .unwrap_err();
        assert!(
            matches!(err, StoreError::TooMany { limit } if limit == store::MAX_SCAN),
            "{err:?}"
        );
        // Narrowed by SQL first, the same residual is fine.
        let narrowed = parse(r#"userName sw "u100" and title eq "t""#).unwrap();
        let (total, _) = read(store, |c| {
            users::list(c, &ListQuery::page(1, 10).filtered(&narrowed))
        });
        assert_eq!(total, 13); // u100, u1000..=u1009, u10000, u10001
                               // Pure SQL filters never hit the bound.
        let (total, _) = read(store, |c| users::list(c, &ListQuery::page(1, 10)));
        assert_eq!(total, n);
    });
}

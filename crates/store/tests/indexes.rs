//! "Served from indexes, not by loading every row" (PRODUCT.md §3): the SQL that IdP lookups
//! become uses an index (checked with SQLite's EXPLAIN QUERY PLAN on the captured SQL).

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions unwrap too

mod common;

use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, InstrumentationEvent};
use diesel::{QueryableByName, RunQueryDsl};
use scim_core::filter::parse;
use store::testing::TestDb;
use store::{users, DbConn, ListQuery};

#[derive(QueryableByName)]
struct PlanRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

/// The SQL statements a list with `filter` runs, and SQLite's plan for each.
fn plans(filter: &str) -> Vec<(String, String)> {
    let db = TestDb::sqlite();
    let store = db.open().unwrap();
    let filter = parse(filter).unwrap();
    store
        .read(|conn: &mut DbConn| {
            let seen = Arc::new(Mutex::new(Vec::<String>::new()));
            let sink = seen.clone();
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if let InstrumentationEvent::StartQuery { query, .. } = event {
                    sink.lock().unwrap().push(query.to_string());
                }
            });
            users::list(conn, &ListQuery::page(1, 10).filtered(&filter))?;
            let statements: Vec<String> = seen.lock().unwrap().clone();
            let mut out = Vec::new();
            for s in statements {
                let sql = s.split(" -- binds:").next().unwrap().to_owned();
                let plan: Vec<PlanRow> =
                    diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).load(conn)?;
                let plan = plan
                    .into_iter()
                    .map(|r| r.detail)
                    .collect::<Vec<_>>()
                    .join("; ");
                out.push((sql, plan));
            }
            Ok::<_, store::StoreError>(out)
        })
        .unwrap()
}

fn assert_uses(filter: &str, index: &str) {
    let plans = plans(filter);
    // A count and a page; the Okta existence check is a single point lookup.
    assert!(
        (1..=2).contains(&plans.len()),
        "a count and a page, or one lookup: {plans:#?}"
    );
    for (sql, plan) in &plans {
        assert!(plan.contains(index), "{filter}\n{sql}\n{plan}");
        assert!(
            !plan.contains("SCAN users"),
            "{filter}: full scan\n{sql}\n{plan}"
        );
    }
}

#[test]
fn idp_lookups_use_indexes() {
    assert_uses(
        r#"userName eq "Olivia@Example.com""#,
        "users_user_name_key_uq",
    );
    assert_uses(r#"externalId eq "00u1""#, "users_external_id_idx");
    assert_uses(
        r#"displayName eq "Olivia Lim""#,
        "users_display_name_key_idx",
    );
    assert_uses(
        r#"emails[type eq "work"].value eq "o@example.com""#,
        "user_emails_value_key_idx",
    );
}

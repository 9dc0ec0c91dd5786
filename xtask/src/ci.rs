//! `cargo xtask ci`: the whole check CI runs, in order, stopping at the first failure.

use anyhow::{bail, Result};

use crate::cmd::{cargo, run_step};
use crate::{conformance, pg};

pub fn run(args: &[String]) -> Result<()> {
    let no_pg = args.iter().any(|a| a == "--no-pg");
    let skip_conformance = args.iter().any(|a| a == "--skip-conformance");

    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    run_step("format check (cargo fmt)", fmt)?;

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]);
    run_step("lints (cargo clippy -D warnings)", clippy)?;

    let mut doc = cargo();
    doc.args(["doc", "--workspace", "--no-deps", "--locked"])
        .env("RUSTDOCFLAGS", "-D warnings");
    run_step("API docs build without warnings (cargo doc)", doc)?;

    let mut test = cargo();
    test.args(["test", "--workspace", "--locked"]);
    if no_pg {
        println!("\n(--no-pg: PostgreSQL tests are skipped)");
        test.env_remove("GATEHOUSE_REQUIRE_PG");
        test.env("GATEHOUSE_TEST_PG_URL", "");
    } else {
        let url = pg::url();
        if !pg::answers(&url) {
            bail!(
                "PostgreSQL does not answer at {url}.\n\
                 Start it (on this machine kind: pg_ctlcluster --skip-systemctl-redirect \
                 $(ls /etc/postgresql) main start), point GATEHOUSE_TEST_PG_URL at a server \
                 where the user may CREATE DATABASE, or run `cargo xtask ci --no-pg`."
            );
        }
        test.env("GATEHOUSE_TEST_PG_URL", &url)
            .env("GATEHOUSE_REQUIRE_PG", "1");
    }
    run_step("tests on SQLite and PostgreSQL (cargo test)", test)?;

    if skip_conformance {
        println!("\n(--skip-conformance: scim2-tester not run)");
    } else {
        conformance::run(&[])?;
    }
    println!("\nAll CI checks passed.");
    Ok(())
}

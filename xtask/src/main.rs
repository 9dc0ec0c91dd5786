//! Project automation: `cargo xtask <command>`.
//!
//! * `ci`          — everything CI checks, in order: fmt, clippy, docs, tests on SQLite and
//!   PostgreSQL, SCIM conformance (scim2-tester).
//! * `conformance` — run the public `scim2-tester` against a freshly started server.
//! * `bench [core|scim|all]` — criterion benchmarks and the load run against the release server.

mod bench;
mod ci;
mod cmd;
mod conformance;
mod pg;
mod server;

use anyhow::{bail, Result};

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask failed: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    match command {
        "ci" => ci::run(rest),
        "conformance" => conformance::run(rest),
        "bench" => bench::run(rest),
        "help" | "--help" | "-h" => {
            print_help();
            Ok(())
        }
        other => {
            print_help();
            bail!("unknown xtask command `{other}`")
        }
    }
}

fn print_help() {
    println!(
        "cargo xtask <command>\n\n\
         ci            fmt, clippy, docs, tests (SQLite + PostgreSQL), SCIM conformance\n\
         \x20             options: --no-pg (skip PostgreSQL), --skip-conformance\n\
         conformance   run scim2-tester (PyPI) against a fresh server\n\
         bench         [core|scim|all] criterion benchmarks; SCIM load run on the release server\n\
         \x20             against SQLite, PostgreSQL and scim2-server (`cargo xtask bench help`)\n"
    );
}

//! `cargo xtask bench`: criterion benchmarks (`core`) and the SCIM load run (`scim`) against
//! the release `gatehouse serve` on SQLite and PostgreSQL, beside the Python reference server
//! scim2-server. Reports go to stdout and `target/bench/scim-<backend>.md`.

mod database;
mod goals;
mod growth;
mod http;
mod load;
mod machine;
mod options;
mod phases;
mod process;
mod reference;
mod report;
mod requests;
mod stats;

use anyhow::{bail, Context, Result};
use std::net::SocketAddr;
use std::path::Path;

use crate::cmd::{cargo, run_step};
use crate::{conformance, server};
use database::BenchDb;
use load::Target;
use options::{Backend, ReferenceMode, ScimOptions};
use phases::Results;

/// Entry point: `bench [core|scim|all] [options]`.
pub fn run(args: &[String]) -> Result<()> {
    let (what, rest) = match args.split_first() {
        Some((w, rest)) if !w.starts_with("--") => (w.as_str(), rest),
        _ => ("all", args),
    };
    match what {
        "core" => core(rest),
        "scim" => scim(args, rest),
        "all" => {
            core(&[])?;
            scim(args, rest)
        }
        "help" => {
            println!("{}", options::HELP);
            Ok(())
        }
        other => bail!("unknown bench target `{other}`\n\n{}", options::HELP),
    }
}

/// The criterion benchmarks of the pure crates.
fn core(rest: &[String]) -> Result<()> {
    let mut bench = cargo();
    // `--bench *`: only the bench targets (criterion), so criterion flags after `--` (e.g.
    // `--quick`) do not reach the libtest harness of the libraries, which refuses them.
    bench.args(["bench", "--locked", "-p", "scim-core", "-p", "permissions"]);
    bench.args(["--bench", "*"]);
    if let Some(pos) = rest.iter().position(|a| a == "--") {
        bench.arg("--").args(&rest[pos + 1..]);
    }
    run_step("criterion benchmarks (scim-core, permissions)", bench)?;
    // Editing a role that 100k users hold (a plain timing main: one run takes seconds).
    let mut roles = cargo();
    roles.args([
        "bench",
        "--locked",
        "-p",
        "portal",
        "--bench",
        "role_recompute",
    ]);
    run_step("role edit held by 100,000 users (portal, SQLite)", roles)
}

/// Set in the optimised xtask that a debug xtask starts for the load run: the command the
/// user typed, for the reports.
const OPTIMISED_CHILD: &str = "XTASK_BENCH_COMMAND";

/// The SCIM load run. A debug build of xtask hands the run to an optimised build of itself,
/// so that the load generator does not eat the CPU the server is measured with.
fn scim(all_args: &[String], rest: &[String]) -> Result<()> {
    let opts = ScimOptions::parse(rest)?;
    let command = std::env::var(OPTIMISED_CHILD).unwrap_or_else(|_| {
        format!("cargo xtask bench {}", all_args.join(" "))
            .trim_end()
            .to_owned()
    });
    if cfg!(debug_assertions) && std::env::var_os(OPTIMISED_CHILD).is_none() {
        let mut child = cargo();
        child
            .args([
                "run",
                "--release",
                "--quiet",
                "--locked",
                "-p",
                "xtask",
                "--",
                "bench",
                "scim",
            ])
            .args(rest)
            .env(OPTIMISED_CHILD, &command);
        return run_step("SCIM load run (optimised load generator)", child);
    }
    let ctx = report::Context {
        command,
        machine: machine::facts(),
    };
    let out_dir = server::target_dir().join("bench");
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;

    let reference = if opts.reference == ReferenceMode::Off {
        None
    } else {
        let r = run_reference(&opts, &out_dir)?;
        let mut md = report::header(
            &ctx,
            "SCIM load: scim2-server (Python reference, in memory)",
        );
        md.push_str(&report::results_section(&r, "scim2-server 0.8.3"));
        write_report(&out_dir.join("scim-reference.md"), &md)?;
        Some(r)
    };

    let mut findings = Vec::new();
    let mut errors = reference.as_ref().map_or(0, Results::errors);
    if opts.reference != ReferenceMode::Only {
        let bin = server::build_gatehouse(true)?;
        for &backend in &opts.backends {
            let r = run_gatehouse(&bin, backend, &opts, &out_dir)?;
            let title = format!("Gatehouse on {}", backend.title());
            let mut md = report::header(&ctx, &format!("SCIM load: {title}"));
            md.push_str(&report::results_section(&r, &title));
            if let Some(reference) = &reference {
                md.push_str(&report::comparison_section(&r, reference));
            }
            let misses = report::misses(&r, reference.as_ref());
            md.push_str(&report::verdict(&misses));
            println!("\n{md}");
            write_report(&out_dir.join(format!("scim-{}.md", backend.name())), &md)?;
            errors += r.errors();
            findings.extend(misses);
        }
    }
    if errors > 0 {
        bail!(
            "the load run had {errors} failed requests (see the reports in {})",
            out_dir.display()
        );
    }
    if opts.strict && !findings.is_empty() {
        bail!("{} target(s) missed (--strict)", findings.len());
    }
    Ok(())
}

fn write_report(path: &Path, md: &str) -> Result<()> {
    std::fs::write(path, md).with_context(|| format!("cannot write {}", path.display()))?;
    println!("    report: {}", path.display());
    Ok(())
}

fn run_reference(opts: &ScimOptions, out_dir: &Path) -> Result<Results> {
    let python = conformance::venv()?;
    let log = out_dir.join("scim2-server.log");
    let workload = opts.reference_workload();
    println!(
        "\n==> load run: scim2-server (Python, in memory), {} users, {} connections",
        workload.users, workload.connections
    );
    let srv = reference::start(&python, &log)?;
    let results = phases::run(&srv.target, &workload);
    if results.errors() > 0 {
        println!("    scim2-server log: {}", log.display());
    }
    Ok(results)
}

fn run_gatehouse(
    bin: &Path,
    backend: Backend,
    opts: &ScimOptions,
    out_dir: &Path,
) -> Result<Results> {
    let db = match backend {
        Backend::Sqlite => BenchDb::sqlite(out_dir)?,
        Backend::Postgres => BenchDb::postgres()?,
    };
    let workload = opts.workload();
    println!(
        "\n==> load run: gatehouse (release) on {}, {} users, {} connections",
        backend.title(),
        workload.users,
        workload.connections
    );
    let srv = server::start(bin, &db.url(), &[("RUST_LOG", "warn")])?;
    let target = Target {
        name: backend.name().into(),
        addr: loopback_addr(&srv.base_url)?,
        prefix: "/scim/v2".into(),
        authorization: Some(format!("Bearer {}", srv.scim_key)),
        pid: srv.pid(),
        database_marker: db.process_marker(),
    };
    let results = phases::run(&target, &workload);
    drop(srv);
    drop(db);
    Ok(results)
}

/// The socket address of an `http://127.0.0.1:<port>` URL; anything but loopback is refused.
fn loopback_addr(base_url: &str) -> Result<SocketAddr> {
    let host_port = base_url
        .strip_prefix("http://")
        .map(|r| r.trim_end_matches('/'))
        .with_context(|| format!("not an http:// URL: {base_url}"))?;
    let addr: SocketAddr = host_port
        .parse()
        .with_context(|| format!("not an IP address and port: {host_port}"))?;
    if !addr.ip().is_loopback() {
        bail!("the load generator only targets loopback addresses, not {addr}");
    }
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::loopback_addr;

    #[test]
    fn only_loopback_targets() {
        assert_eq!(loopback_addr("http://127.0.0.1:8080").unwrap().port(), 8080);
        assert!(loopback_addr("http://10.0.0.1:8080").is_err());
        assert!(loopback_addr("https://127.0.0.1:8080").is_err());
        assert!(loopback_addr("http://example.com:80").is_err());
    }
}

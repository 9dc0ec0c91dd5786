//! Command-line options of `cargo xtask bench scim`.

use anyhow::{bail, Context, Result};
use std::time::Duration;

use super::phases::Workload;

/// A storage backend of Gatehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// PostgreSQL at `pg::url()`.
    Postgres,
}

impl Backend {
    /// `sqlite` / `postgres`, as in file names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }

    /// `SQLite` / `PostgreSQL`, for titles.
    pub fn title(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// Whether scim2-server runs too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceMode {
    /// Gatehouse and scim2-server.
    Both,
    /// Gatehouse only (`--no-reference`).
    Off,
    /// scim2-server only (`--reference-only`), to try the load generator.
    Only,
}

/// Options of the load run.
#[derive(Debug, Clone)]
pub struct ScimOptions {
    /// Users Gatehouse gets.
    pub users: usize,
    /// Users scim2-server gets.
    pub reference_users: usize,
    /// Members the growing group reaches.
    pub members: usize,
    /// Requests in each lookup phase.
    pub lookups: usize,
    /// Connections of the create and lookup phases.
    pub connections: usize,
    /// Connections to scim2-server (its listen backlog is 5: more connections lose SYNs and
    /// wait a second for the retransmission).
    pub reference_connections: usize,
    /// Time bound per phase.
    pub phase_seconds: u64,
    /// Backends to measure.
    pub backends: Vec<Backend>,
    /// Whether to run scim2-server.
    pub reference: ReferenceMode,
    /// Fail when a target is missed, not only on errors.
    pub strict: bool,
}

/// scim2-server gets at most this many users unless `--reference-users` says otherwise.
const MAX_DEFAULT_REFERENCE_USERS: usize = 10_000;
/// Time bound of a scim2-server phase.
const REFERENCE_PHASE_LIMIT: Duration = Duration::from_secs(20);

/// The help text of the options.
pub const HELP: &str = "\
cargo xtask bench [core|scim|all] [options]

core    criterion benchmarks: cargo bench -p scim-core -p permissions (args after -- go to criterion)
scim    load run against the release server (and scim2-server for comparison)
all     both (the default)

scim options:
  --users N             users to create (default 100000; --quick: 2000)
  --members N           size the group grows to, one PATCH each (default 50000; --quick: 2000)
  --requests N          requests per lookup phase (default 200000; --quick: 10000)
  --connections N       connections for create/lookup phases (default 32)
  --phase-seconds S     time bound per phase (default 60; --quick: 5); creating the users and
                        growing the group get 3x; scim2-server phases get at most 20 s (60 s)
  --backend B           sqlite | postgres | all (default all)
  --reference-users N   users for scim2-server (default: --users, at most 10000)
  --reference-connections N  connections to scim2-server (default 4: its listen backlog is 5)
  --no-reference        do not run scim2-server
  --reference-only      run only scim2-server (tries the load generator, no Gatehouse build)
  --quick               small counts for a smoke run
  --strict              exit non-zero when a target is missed (errors always fail the run)";

impl ScimOptions {
    /// Parses the options after `scim`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let quick = args.iter().any(|a| a == "--quick");
        let mut o = Self {
            users: if quick { 2_000 } else { 100_000 },
            reference_users: 0,
            members: if quick { 2_000 } else { 50_000 },
            lookups: if quick { 10_000 } else { 200_000 },
            connections: 32,
            reference_connections: 4,
            phase_seconds: if quick { 5 } else { 60 },
            backends: vec![Backend::Sqlite, Backend::Postgres],
            reference: ReferenceMode::Both,
            strict: false,
        };
        let mut reference_users = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| -> Result<usize> {
                let v = it.next().with_context(|| format!("{name} needs a value"))?;
                let n: usize = v
                    .parse()
                    .with_context(|| format!("{name}: `{v}` is not a count"))?;
                if n == 0 {
                    bail!("{name} must be at least 1");
                }
                Ok(n)
            };
            match arg.as_str() {
                "--quick" => {}
                "--strict" => o.strict = true,
                "--no-reference" => o.reference = ReferenceMode::Off,
                "--reference-only" => o.reference = ReferenceMode::Only,
                "--users" => o.users = value("--users")?,
                "--members" => o.members = value("--members")?,
                "--requests" => o.lookups = value("--requests")?,
                "--connections" => o.connections = value("--connections")?,
                "--reference-connections" => {
                    o.reference_connections = value("--reference-connections")?
                }
                "--phase-seconds" => o.phase_seconds = value("--phase-seconds")? as u64,
                "--reference-users" => reference_users = Some(value("--reference-users")?),
                "--backend" => {
                    o.backends = match it.next().map(String::as_str) {
                        Some("sqlite") => vec![Backend::Sqlite],
                        Some("postgres") => vec![Backend::Postgres],
                        Some("all") => vec![Backend::Sqlite, Backend::Postgres],
                        other => bail!("--backend takes sqlite, postgres or all, not {other:?}"),
                    }
                }
                other => bail!("unknown bench option `{other}`\n\n{HELP}"),
            }
        }
        o.reference_users = reference_users.unwrap_or(o.users.min(MAX_DEFAULT_REFERENCE_USERS));
        Ok(o)
    }

    /// The workload for Gatehouse.
    pub fn workload(&self) -> Workload {
        let limit = Duration::from_secs(self.phase_seconds);
        Workload {
            users: self.users,
            lookups: self.lookups,
            list_pages: (self.lookups / 20).max(100),
            members: self.members.min(self.users),
            bulk_repeats: 5,
            connections: self.connections,
            list_connections: 4,
            patch_connections: 4,
            phase_limit: limit,
            long_limit: limit * 3,
        }
    }

    /// The same phases for scim2-server: fewer users, its best connection count, and
    /// shorter time bounds (it is two orders of magnitude slower).
    pub fn reference_workload(&self) -> Workload {
        let base = self.workload();
        let c = self.reference_connections;
        Workload {
            users: self.reference_users,
            members: self.members.min(self.reference_users),
            connections: c,
            list_connections: base.list_connections.min(c),
            patch_connections: base.patch_connections.min(c),
            phase_limit: base.phase_limit.min(REFERENCE_PHASE_LIMIT),
            long_limit: base.long_limit.min(REFERENCE_PHASE_LIMIT * 3),
            ..base
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ScimOptions> {
        let args: Vec<String> = s.split_whitespace().map(String::from).collect();
        ScimOptions::parse(&args)
    }

    #[test]
    fn defaults_are_the_issue_3_workload() {
        let o = parse("").unwrap();
        assert_eq!(
            (o.users, o.members, o.connections, o.reference_users),
            (100_000, 50_000, 32, 10_000)
        );
        assert_eq!(o.backends, vec![Backend::Sqlite, Backend::Postgres]);
        assert_eq!(o.reference, ReferenceMode::Both);
        let w = o.workload();
        assert_eq!((w.users, w.members, w.bulk_repeats), (100_000, 50_000, 5));
        assert_eq!(w.long_limit, Duration::from_secs(180));
        let r = o.reference_workload();
        assert_eq!(
            (r.users, r.members, r.connections, r.lookups),
            (10_000, 10_000, 4, 200_000)
        );
        assert_eq!((r.phase_limit.as_secs(), r.long_limit.as_secs()), (20, 60));
    }

    #[test]
    fn quick_and_explicit_options() {
        let o = parse("--quick --backend sqlite --reference-only --connections 8").unwrap();
        assert_eq!(
            (o.users, o.members, o.phase_seconds, o.connections),
            (2_000, 2_000, 5, 8)
        );
        assert_eq!(
            (
                o.reference_users,
                o.reference_workload().phase_limit.as_secs()
            ),
            (2_000, 5)
        );
        assert_eq!(o.backends, vec![Backend::Sqlite]);
        assert_eq!(o.reference, ReferenceMode::Only);
        let o = parse("--users 500 --reference-users 100 --members 9000 --no-reference").unwrap();
        assert_eq!((o.users, o.reference_users), (500, 100));
        assert_eq!(o.reference_workload().members, 100);
        assert_eq!(o.workload().members, 500);
        assert_eq!(o.reference, ReferenceMode::Off);
    }

    #[test]
    fn bad_options_are_refused() {
        assert!(parse("--users").is_err());
        assert!(parse("--users many").is_err());
        assert!(parse("--users 0").is_err());
        assert!(parse("--backend mysql").is_err());
        assert!(parse("--frobnicate").is_err());
    }
}

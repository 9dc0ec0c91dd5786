//! The SCIM workload, phase by phase: create users (the seeding is itself the POST phase),
//! the Okta existence check, GET by id, list pages, one-member PATCHes as a group grows, and
//! 1,000-member PATCHes.

use std::sync::Mutex;
use std::time::Duration;

use super::growth::{count_member_values, growth_buckets, Bucket};
use super::http::{Client, Request, Response};
use super::load::{self, Outcome, Shape, Target};
use super::process::{self, Memory};
use super::requests::{add_members_body, group_body, lookup_path, pick, user_body, user_name};
use super::stats::{self, Summary};
use crate::server::json_string_field;

/// Members added by one PATCH of the bulk phase.
pub const BULK_SIZE: usize = 1000;
/// How much work each phase does.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Users to create (the POST phase).
    pub users: usize,
    /// Requests in each of the existence-check and GET-by-id phases.
    pub lookups: usize,
    /// List-page requests.
    pub list_pages: usize,
    /// Size the first group grows to, one PATCH per member.
    pub members: usize,
    /// How many 1,000-member PATCHes to time.
    pub bulk_repeats: usize,
    /// Connections for the create and lookup phases.
    pub connections: usize,
    /// Connections for the list-page phase.
    pub list_connections: usize,
    /// Connections for the one-member PATCH phase.
    pub patch_connections: usize,
    /// Time bound of each phase.
    pub phase_limit: Duration,
    /// Time bound of the two long phases: the POST seeding (the later phases need its users)
    /// and the group growth (many serialised writes).
    pub long_limit: Duration,
}

/// The phases, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseKind {
    /// `POST /Users`.
    Create,
    /// `GET /Users?filter=userName eq "…"` (Okta's existence check).
    Lookup,
    /// `GET /Users/{id}`.
    GetById,
    /// `GET /Users?startIndex=…&count=100`.
    ListPage,
    /// `PATCH /Groups/{id}` adding one member, as the group grows.
    AddMember,
    /// `PATCH /Groups/{id}` adding 1,000 members at once.
    AddThousand,
}

impl PhaseKind {
    /// A label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "POST /Users",
            Self::Lookup => "GET /Users?filter=userName eq (existence check)",
            Self::GetById => "GET /Users/{id}",
            Self::ListPage => "GET /Users?startIndex&count=100 (list page)",
            Self::AddMember => "PATCH /Groups/{id} +1 member (group growing)",
            Self::AddThousand => "PATCH /Groups/{id} +1,000 members",
        }
    }
}

/// CPU time spent during one phase, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CpuUse {
    /// By the server process.
    pub server: f64,
    /// By this load generator (all its threads).
    pub client: f64,
    /// By the database server's processes for this database (PostgreSQL only).
    pub database: Option<f64>,
}

/// Runs `phase` and measures the CPU time the server and this process spent meanwhile.
fn metered(target: &Target, phase: impl FnOnce() -> Outcome) -> (Outcome, Option<CpuUse>) {
    let me = std::process::id();
    let db = || {
        target
            .database_marker
            .as_deref()
            .map(process::cpu_seconds_matching)
    };
    let before = (
        process::cpu_seconds(target.pid),
        process::cpu_seconds(me),
        db(),
    );
    let out = phase();
    let after = (
        process::cpu_seconds(target.pid),
        process::cpu_seconds(me),
        db(),
    );
    let cpu = match (before, after) {
        ((Some(s0), Some(c0), d0), (Some(s1), Some(c1), d1)) => Some(CpuUse {
            server: s1 - s0,
            client: c1 - c0,
            // Backends that ended during the phase take their time with them: never negative.
            database: d1.zip(d0).map(|(d1, d0)| (d1 - d0).max(0.0)),
        }),
        _ => None,
    };
    (out, cpu)
}

/// One finished phase.
#[derive(Debug, Clone)]
pub struct Phase {
    /// Which phase.
    pub kind: PhaseKind,
    /// Requests it was to send.
    pub planned: usize,
    /// Connections it used.
    pub connections: usize,
    /// The latency summary of its successful requests.
    pub summary: Summary,
    /// The raw measurements.
    pub outcome: Outcome,
    /// CPU time of the server and the load generator during the phase.
    pub cpu: Option<CpuUse>,
}

/// Everything one server measured.
#[derive(Debug, Clone)]
pub struct Results {
    /// The server's name.
    pub target: String,
    /// The workload asked for.
    pub workload: Workload,
    /// The phases that ran, in order.
    pub phases: Vec<Phase>,
    /// Group-growth latencies per bucket of members.
    pub buckets: Vec<Bucket>,
    /// Memory after the run.
    pub memory: Option<Memory>,
    /// Users that exist after the POST phase.
    pub users_created: usize,
    /// Members the growing group held at the end, as read back from the server.
    pub members_verified: Option<usize>,
}

impl Results {
    /// The phase of `kind`, if it ran.
    pub fn phase(&self, kind: PhaseKind) -> Option<&Phase> {
        self.phases.iter().find(|p| p.kind == kind)
    }

    /// Total failed requests over all phases.
    pub fn errors(&self) -> usize {
        self.phases.iter().map(|p| p.outcome.errors).sum()
    }
}

fn expect_id(resp: &Response, id: &str) -> Result<(), String> {
    if resp.text().contains(id) {
        Ok(())
    } else {
        Err(format!(
            "answer does not hold user {id}: {}",
            resp.text().chars().take(200).collect::<String>()
        ))
    }
}

/// Runs every phase against `target` and reads its memory at the end.
pub fn run(target: &Target, w: &Workload) -> Results {
    let mut phases = Vec::new();
    let mut buckets = Vec::new();
    let prefix = target.prefix.as_str();
    let shape = |connections: usize, requests: usize| Shape {
        connections,
        requests,
        time_limit: w.phase_limit,
    };

    // POST /Users: the seeding, measured. Keep the ids of the 201 answers.
    let ids: Mutex<Vec<Option<String>>> = Mutex::new(vec![None; w.users]);
    let (out, cpu) = metered(target, || {
        load::run(
            target,
            Shape {
                connections: w.connections,
                requests: w.users,
                time_limit: w.long_limit,
            },
            |i| Request::with_body("POST", format!("{prefix}/Users"), user_body(i)),
            |i, resp| {
                let id = json_string_field(&resp.text(), "id").ok_or("201 answer without an id")?;
                if let Ok(mut ids) = ids.lock() {
                    ids[i] = Some(id);
                }
                Ok(())
            },
        )
    });
    phases.push(finish(
        target,
        PhaseKind::Create,
        w.users,
        w.connections,
        (out, cpu),
    ));
    // (userName number, id) of every user that exists.
    let users: Vec<(usize, String)> = ids
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(i, id)| id.map(|id| (i, id)))
        .collect();
    let n = users.len();
    if n == 0 {
        return Results {
            target: target.name.clone(),
            workload: w.clone(),
            phases,
            buckets,
            memory: Memory::of(target.pid),
            users_created: 0,
            members_verified: None,
        };
    }

    let (out, cpu) = metered(target, || {
        load::run(
            target,
            shape(w.connections, w.lookups),
            |i| Request::get(lookup_path(prefix, &user_name(users[pick(i, 1, n)].0))),
            |i, resp| expect_id(resp, &users[pick(i, 1, n)].1),
        )
    });
    phases.push(finish(
        target,
        PhaseKind::Lookup,
        w.lookups,
        w.connections,
        (out, cpu),
    ));

    let (out, cpu) = metered(target, || {
        load::run(
            target,
            shape(w.connections, w.lookups),
            |i| Request::get(format!("{prefix}/Users/{}", users[pick(i, 2, n)].1)),
            |i, resp| expect_id(resp, &users[pick(i, 2, n)].1),
        )
    });
    phases.push(finish(
        target,
        PhaseKind::GetById,
        w.lookups,
        w.connections,
        (out, cpu),
    ));

    let pages = n.saturating_sub(100).max(1);
    let (out, cpu) = metered(target, || {
        load::run(
            target,
            shape(w.list_connections, w.list_pages),
            |i| {
                Request::get(format!(
                    "{prefix}/Users?startIndex={}&count=100",
                    1 + pick(i, 3, pages)
                ))
            },
            |_, resp| {
                if resp.text().contains("Resources") {
                    Ok(())
                } else {
                    Err("list page without Resources".into())
                }
            },
        )
    });
    phases.push(finish(
        target,
        PhaseKind::ListPage,
        w.list_pages,
        w.list_connections,
        (out, cpu),
    ));

    // One-member PATCHes while a group grows.
    let mut members_verified = None;
    let members = w.members.min(n);
    let mut control = Client::new(target.addr, target.authorization.clone());
    match create_group(&mut control, prefix, "bench-growth") {
        Ok(gid) => {
            let growth = Shape {
                connections: w.patch_connections,
                requests: members,
                time_limit: w.long_limit,
            };
            let path = format!("{prefix}/Groups/{gid}");
            let (mut out, cpu) = metered(target, || {
                load::run(
                    target,
                    growth,
                    |i| {
                        Request::with_body(
                            "PATCH",
                            path.clone(),
                            add_members_body([users[i].1.as_str()]),
                        )
                    },
                    |_, _| Ok(()),
                )
            });
            buckets = growth_buckets(&out, members);
            let added = out.samples.len();
            match count_members(&mut control, &path) {
                Ok(count) => {
                    members_verified = Some(count);
                    if count != added {
                        out.errors += 1;
                        out.error_examples.push(format!(
                            "GET {path}: the group holds {count} members, {added} PATCHes succeeded"
                        ));
                    }
                }
                Err(e) => {
                    out.errors += 1;
                    out.error_examples.push(e);
                }
            }
            phases.push(finish(
                target,
                PhaseKind::AddMember,
                members,
                w.patch_connections,
                (out, cpu),
            ));
        }
        Err(e) => phases.push(failed(PhaseKind::AddMember, members, e)),
    }

    // 1,000 new members in one PATCH, timed one at a time, into a second group.
    let repeats = w.bulk_repeats.min(n / BULK_SIZE);
    if repeats > 0 {
        match create_group(&mut control, prefix, "bench-bulk") {
            Ok(gid) => {
                let path = format!("{prefix}/Groups/{gid}");
                let (out, cpu) = metered(target, || {
                    load::run(
                        target,
                        shape(1, repeats),
                        |r| {
                            let batch = users[r * BULK_SIZE..(r + 1) * BULK_SIZE]
                                .iter()
                                .map(|(_, id)| id.as_str());
                            Request::with_body("PATCH", path.clone(), add_members_body(batch))
                        },
                        |_, _| Ok(()),
                    )
                });
                phases.push(finish(
                    target,
                    PhaseKind::AddThousand,
                    repeats,
                    1,
                    (out, cpu),
                ));
            }
            Err(e) => phases.push(failed(PhaseKind::AddThousand, repeats, e)),
        }
    }

    Results {
        target: target.name.clone(),
        workload: w.clone(),
        phases,
        buckets,
        memory: Memory::of(target.pid),
        users_created: n,
        members_verified,
    }
}

fn finish(
    target: &Target,
    kind: PhaseKind,
    planned: usize,
    connections: usize,
    (outcome, cpu): (Outcome, Option<CpuUse>),
) -> Phase {
    let summary = stats::summarize(&outcome.latencies(), outcome.wall);
    println!(
        "    {:<13} {:<48} {:>7} ok {:>5} errors {:>9.0} req/s  p50 {:>9}  p99 {:>9}{}",
        target.name,
        kind.label(),
        summary.count,
        outcome.errors,
        summary.per_second,
        stats::ms(summary.p50),
        stats::ms(summary.p99),
        if outcome.timed_out {
            "  (time limit)"
        } else {
            ""
        }
    );
    if let Some(c) = cpu {
        let db = c
            .database
            .map_or_else(String::new, |d| format!(", PostgreSQL {d:.1} s"));
        println!(
            "        CPU: server {:.1} s{db}, load generator {:.1} s over {:.1} s",
            c.server,
            c.client,
            outcome.wall.as_secs_f64()
        );
    }
    for e in &outcome.error_examples {
        println!("        error: {e}");
    }
    Phase {
        kind,
        planned,
        connections,
        summary,
        outcome,
        cpu,
    }
}

fn failed(kind: PhaseKind, planned: usize, why: String) -> Phase {
    println!("    {} failed: {why}", kind.label());
    let outcome = Outcome {
        errors: 1,
        error_examples: vec![why],
        ..Outcome::default()
    };
    Phase {
        kind,
        planned,
        connections: 1,
        summary: stats::summarize(&[], Duration::ZERO),
        outcome,
        cpu: None,
    }
}

fn create_group(client: &mut Client, prefix: &str, name: &str) -> Result<String, String> {
    let body = group_body(name);
    let resp = client
        .send(&Request::with_body(
            "POST",
            format!("{prefix}/Groups"),
            body,
        ))
        .map_err(|e| format!("POST {prefix}/Groups: {e}"))?;
    if resp.status != 201 {
        return Err(format!(
            "POST {prefix}/Groups → HTTP {}: {}",
            resp.status,
            resp.text()
        ));
    }
    json_string_field(&resp.text(), "id")
        .ok_or_else(|| format!("POST {prefix}/Groups: no id in {}", resp.text()))
}

/// Reads a group back and counts its members (`"value"` keys of the `members` list).
fn count_members(client: &mut Client, path: &str) -> Result<usize, String> {
    let resp = client
        .send(&Request::get(path.to_owned()))
        .map_err(|e| format!("GET {path}: {e}"))?;
    if resp.status != 200 {
        return Err(format!("GET {path} → HTTP {}", resp.status));
    }
    Ok(count_member_values(&resp.text()))
}

//! Markdown reports: machine facts, the target table, group-growth buckets, the 1,000-member
//! PATCHes, memory, and the comparison with scim2-server.

use std::fmt::Write as _;

use super::goals::{self, thousands, Goal};
use super::phases::{Phase, PhaseKind, Results};
use super::stats::ms;

/// What every report repeats: how it was run and on what.
#[derive(Debug, Clone)]
pub struct Context {
    /// The exact command line.
    pub command: String,
    /// `(fact, value)` rows about the machine and the code.
    pub machine: Vec<(String, String)>,
}

/// The header shared by all reports.
pub fn header(ctx: &Context, title: &str) -> String {
    let mut s = format!(
        "# {title}\n\n```\n{}\n```\n\n| machine | |\n|---|---|\n",
        ctx.command
    );
    for (k, v) in &ctx.machine {
        let _ = writeln!(s, "| {k} | {v} |");
    }
    s.push_str(
        "\nThe load generator runs on the same cores as the server, and the machine is shared \
         with other builds: numbers vary by about ±30 %.\n",
    );
    s
}

/// Targets that `r` misses, and failures (errors, unverified group size), as sentences.
pub fn misses(r: &Results, reference: Option<&Results>) -> Vec<String> {
    let mut out = Vec::new();
    if r.errors() > 0 {
        out.push(format!("{}: {} failed requests", r.target, r.errors()));
    }
    for p in &r.phases {
        let goal = Goal::of(p.kind);
        if !goal.met(&p.summary) {
            out.push(format!(
                "{}: {} misses {}",
                r.target,
                p.kind.label(),
                goal.describe()
            ));
        }
        if p.outcome.timed_out {
            out.push(format!(
                "{}: {} stopped at the time limit after {} of {} requests",
                r.target,
                p.kind.label(),
                p.summary.count,
                p.planned
            ));
        }
    }
    for b in &r.buckets {
        if !Goal::of(PhaseKind::AddMember).met(&b.summary) {
            out.push(format!(
                "{}: PATCH +1 member at {}–{} members: p99 {} ≥ 20 ms",
                r.target,
                b.from,
                b.to,
                ms(b.summary.p99)
            ));
        }
    }
    if let Some(ratio) = growth_ratio(r) {
        if ratio > goals::MAX_GROWTH_RATIO {
            out.push(format!(
                "{}: PATCH +1 member median grew {ratio:.1}× as the group grew",
                r.target
            ));
        }
    }
    match r.memory {
        Some(m) if m.peak_mib() >= goals::MAX_MEMORY_MIB => out.push(format!(
            "{}: peak resident memory {:.0} MiB ≥ {} MiB",
            r.target,
            m.peak_mib(),
            goals::MAX_MEMORY_MIB
        )),
        Some(_) => {}
        None => out.push(format!("{}: memory could not be read", r.target)),
    }
    if let Some(reference) = reference {
        for p in &r.phases {
            if let (Some(min), Some(rp)) = (goals::min_ratio(p.kind), reference.phase(p.kind)) {
                if let Some(ratio) = ratio(p, rp) {
                    if ratio < min {
                        out.push(format!(
                            "{}: {} is {ratio:.1}× scim2-server, target ≥ {min}×",
                            r.target,
                            p.kind.label()
                        ));
                    }
                }
            }
        }
    }
    out
}

/// Median of the last growth bucket over the first.
fn growth_ratio(r: &Results) -> Option<f64> {
    let first = r.buckets.first()?;
    let last = r.buckets.last()?;
    if r.buckets.len() < 2 || first.summary.p50 == 0 {
        return None;
    }
    Some(last.summary.p50 as f64 / first.summary.p50 as f64)
}

fn ratio(ours: &Phase, theirs: &Phase) -> Option<f64> {
    (theirs.summary.per_second > 0.0 && ours.summary.count > 0)
        .then(|| ours.summary.per_second / theirs.summary.per_second)
}

/// CPU time per successful request of the server process and of the load generator, µs.
/// With PostgreSQL, the CPU time of the backends serving the bench database is added as `db`.
fn cpu_per_request(p: &Phase) -> String {
    match p.cpu {
        Some(c) if p.summary.count > 0 => {
            let n = p.summary.count as f64;
            let db = c
                .database
                .map_or_else(String::new, |d| format!(" + {:.0} db", d * 1e6 / n));
            format!("{:.0}{db} / {:.0}", c.server * 1e6 / n, c.client * 1e6 / n)
        }
        _ => "–".into(),
    }
}

fn yes_no(ok: bool) -> &'static str {
    if ok {
        "yes"
    } else {
        "**no**"
    }
}

fn requests_cell(p: &Phase) -> String {
    if p.summary.count + p.outcome.errors >= p.planned {
        thousands(p.summary.count as f64)
    } else {
        format!(
            "{} of {}{}",
            thousands(p.summary.count as f64),
            thousands(p.planned as f64),
            if p.outcome.timed_out {
                " (time limit)"
            } else {
                ""
            }
        )
    }
}

/// The target table, growth buckets, 1,000-member PATCHes and memory of one server.
pub fn results_section(r: &Results, title: &str) -> String {
    let w = &r.workload;
    let mut s = format!(
        "\n## {title}\n\n{} users created; c = connections. Phases are bounded at {} s each \
         ({} s for creating the users and for the group growth).\n\n",
        thousands(r.users_created as f64),
        w.phase_limit.as_secs(),
        w.long_limit.as_secs()
    );
    s.push_str(
        "| phase | c | requests | errors | req/s | p50 | p99 | max | target | met? | CPU µs/req server (+ db) / load gen |\n",
    );
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
    for p in &r.phases {
        let goal = Goal::of(p.kind);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            p.kind.label(),
            p.connections,
            requests_cell(p),
            p.outcome.errors,
            thousands(p.summary.per_second),
            ms(p.summary.p50),
            ms(p.summary.p99),
            ms(p.summary.max),
            goal.describe(),
            yes_no(goal.met(&p.summary) && p.outcome.errors == 0),
            cpu_per_request(p)
        );
    }
    if let Some(ratio) = growth_ratio(r) {
        let _ = writeln!(
            s,
            "| PATCH +1 member: flat as the group grows | | | | | | | | p50 last/first ≤ {}× | {} ({ratio:.2}×) | |",
            goals::MAX_GROWTH_RATIO,
            yes_no(ratio <= goals::MAX_GROWTH_RATIO)
        );
    }
    if let Some(m) = r.memory {
        let _ = writeln!(
            s,
            "| resident memory (VmRSS {:.0} MiB, peak VmHWM {:.0} MiB) | | | | | | | | peak < {} MiB | {} | |",
            m.rss_mib(),
            m.peak_mib(),
            goals::MAX_MEMORY_MIB,
            yes_no(m.peak_mib() < goals::MAX_MEMORY_MIB)
        );
    }
    s.push_str(
        "\nCPU µs/req: CPU time of the server process and of the load generator over the phase, \
         per successful request; with PostgreSQL, `+ n db` is the CPU time of its backends for the \
         bench database. Two dedicated cores serve at most 2,000,000 / (sum) requests per \
         second.\n",
    );
    if !r.buckets.is_empty() {
        s.push_str("\nPATCH adding one member, by group size when it ran:\n\n");
        s.push_str("| members | PATCHes | p50 | p90 | p99 | max | p99 < 20 ms? |\n|---|---:|---:|---:|---:|---:|---|\n");
        for b in &r.buckets {
            let _ = writeln!(
                s,
                "| {}–{} | {} | {} | {} | {} | {} | {} |",
                thousands(b.from as f64),
                thousands(b.to as f64),
                thousands(b.summary.count as f64),
                ms(b.summary.p50),
                ms(b.summary.p90),
                ms(b.summary.p99),
                ms(b.summary.max),
                yes_no(Goal::of(PhaseKind::AddMember).met(&b.summary))
            );
        }
        if let Some(n) = r.members_verified {
            let _ = writeln!(
                s,
                "\nThe group read back afterwards holds {} members.",
                thousands(n as f64)
            );
        }
    }
    if let Some(p) = r.phase(PhaseKind::AddThousand) {
        let mut samples = p.outcome.samples.clone();
        samples.sort_by_key(|x| x.index);
        let each: Vec<String> = samples.iter().map(|x| ms(x.micros)).collect();
        let _ = writeln!(
            s,
            "\nEach PATCH adding 1,000 new members (one at a time): {}.",
            each.join(", ")
        );
    }
    let examples: Vec<String> = r
        .phases
        .iter()
        .flat_map(|p| {
            p.outcome
                .error_examples
                .iter()
                .map(move |e| format!("- {}: {e}", p.kind.label()))
        })
        .collect();
    if !examples.is_empty() {
        let _ = writeln!(s, "\nFirst errors:\n\n{}", examples.join("\n"));
    }
    s
}

/// Gatehouse's rate beside scim2-server's, phase by phase.
pub fn comparison_section(ours: &Results, reference: &Results) -> String {
    let mut s = format!(
        "\n## Against scim2-server (Python reference, in memory)\n\n\
         scim2-server ran the same phases with {} users (Gatehouse: {}), {} connections (more \
         overflow its listen backlog of 5 and wait for SYN retransmissions) and phases bounded \
         at {} s ({} s for creating the users and for the group growth). It answers HTTP/1.0 \
         and closes each connection, so each of its requests includes a TCP connect.\n\n",
        thousands(reference.users_created as f64),
        thousands(ours.users_created as f64),
        reference.workload.connections,
        reference.workload.phase_limit.as_secs(),
        reference.workload.long_limit.as_secs()
    );
    s.push_str("| phase | Gatehouse req/s | scim2-server req/s | ratio | Gatehouse p50 | scim2-server p50 | target |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---|\n");
    for p in &ours.phases {
        let Some(rp) = reference.phase(p.kind) else {
            continue;
        };
        let ratio_cell = ratio(p, rp).map_or_else(|| "–".into(), |x| format!("{x:.1}×"));
        let target = goals::min_ratio(p.kind).map_or_else(String::new, |min| {
            let met = ratio(p, rp).is_some_and(|x| x >= min);
            format!("≥ {min}×: {}", yes_no(met))
        });
        let _ = writeln!(
            s,
            "| {} | {} | {} | {ratio_cell} | {} | {} | {target} |",
            p.kind.label(),
            thousands(p.summary.per_second),
            thousands(rp.summary.per_second),
            ms(p.summary.p50),
            ms(rp.summary.p50),
        );
    }
    if let (Some(m), Some(rm)) = (ours.memory, reference.memory) {
        let _ = writeln!(
            s,
            "| peak resident memory | {:.0} MiB | {:.0} MiB | | | | |",
            m.peak_mib(),
            rm.peak_mib()
        );
    }
    s
}

/// The closing verdict.
pub fn verdict(misses: &[String]) -> String {
    if misses.is_empty() {
        "\n**Result: every target met, no errors.**\n".into()
    } else {
        let list: Vec<String> = misses.iter().map(|m| format!("- {m}")).collect();
        format!(
            "\n**Result: {} finding(s):**\n\n{}\n",
            misses.len(),
            list.join("\n")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::growth::Bucket;
    use crate::bench::load::{Outcome, Sample};
    use crate::bench::phases::Workload;
    use crate::bench::process::Memory;
    use crate::bench::stats::summarize;
    use std::time::Duration;

    fn workload() -> Workload {
        Workload {
            users: 10,
            lookups: 10,
            list_pages: 10,
            members: 10,
            bulk_repeats: 0,
            connections: 2,
            list_connections: 1,
            patch_connections: 1,
            phase_limit: Duration::from_secs(60),
            long_limit: Duration::from_secs(180),
        }
    }

    fn phase(kind: PhaseKind, per_sample_us: u64, n: usize, wall_ms: u64, errors: usize) -> Phase {
        let samples: Vec<Sample> = (0..n)
            .map(|i| Sample {
                index: i,
                micros: per_sample_us,
            })
            .collect();
        let lat: Vec<u64> = samples.iter().map(|s| s.micros).collect();
        let wall = Duration::from_millis(wall_ms);
        Phase {
            kind,
            planned: n + errors,
            connections: 1,
            summary: summarize(&lat, wall),
            cpu: None,
            outcome: Outcome {
                samples,
                errors,
                error_examples: if errors > 0 {
                    vec!["HTTP 500: boom".into()]
                } else {
                    vec![]
                },
                wall,
                timed_out: false,
            },
        }
    }

    fn results(name: &str, phases: Vec<Phase>, peak_kib: u64) -> Results {
        Results {
            target: name.into(),
            workload: workload(),
            phases,
            buckets: Vec::new(),
            memory: Some(Memory {
                rss_kib: peak_kib / 2,
                peak_kib,
            }),
            users_created: 10,
            members_verified: None,
        }
    }

    #[test]
    fn a_fast_clean_run_meets_every_target() {
        // 20,000 lookups in 1 s = 20k/s; creates 10k/s.
        let r = results(
            "sqlite",
            vec![
                phase(PhaseKind::Create, 500, 10_000, 1_000, 0),
                phase(PhaseKind::Lookup, 500, 20_000, 1_000, 0),
            ],
            100 * 1024,
        );
        let slow_ref = results(
            "scim2-server",
            vec![
                phase(PhaseKind::Create, 500, 100, 1_000, 0),
                phase(PhaseKind::Lookup, 500, 1_000, 1_000, 0),
            ],
            50 * 1024,
        );
        assert_eq!(misses(&r, Some(&slow_ref)), Vec::<String>::new());
        let table = results_section(&r, "Gatehouse on SQLite");
        assert!(table.contains("| POST /Users | 1 | 10,000 | 0 | 10,000 |"));
        assert!(!table.contains("**no**"));
        let cmp = comparison_section(&r, &slow_ref);
        assert!(cmp.contains("| 100.0× |"), "{cmp}");
        assert!(cmp.contains("| 20.0× |"), "{cmp}");
    }

    #[test]
    fn errors_memory_slowness_and_ratio_are_reported() {
        let r = results(
            "postgres",
            vec![
                phase(PhaseKind::Lookup, 500, 10_000, 1_000, 3),
                phase(PhaseKind::AddMember, 25_000, 100, 1_000, 0),
            ],
            200 * 1024,
        );
        let fast_ref = results(
            "scim2-server",
            vec![phase(PhaseKind::Lookup, 500, 5_000, 1_000, 0)],
            1,
        );
        let m = misses(&r, Some(&fast_ref));
        assert!(m.iter().any(|x| x.contains("3 failed requests")));
        assert!(m.iter().any(|x| x.contains("misses ≥ 15,000 req/s")));
        assert!(m.iter().any(|x| x.contains("misses p99 < 20 ms")));
        assert!(m.iter().any(|x| x.contains("peak resident memory 200 MiB")));
        assert!(m
            .iter()
            .any(|x| x.contains("2.0× scim2-server, target ≥ 10×")));
        let table = results_section(&r, "Gatehouse on PostgreSQL");
        assert!(table.contains("HTTP 500: boom"));
        assert!(table.contains("**no**"));
        assert!(verdict(&m).contains("finding(s)"));
    }

    #[test]
    fn cpu_time_is_shown_per_request() {
        let mut p = phase(PhaseKind::GetById, 500, 10_000, 1_000, 0);
        assert_eq!(cpu_per_request(&p), "–");
        p.cpu = Some(crate::bench::phases::CpuUse {
            server: 1.0,
            client: 0.1,
            database: None,
        });
        assert_eq!(cpu_per_request(&p), "100 / 10");
        let mut pg = p.clone();
        if let Some(c) = pg.cpu.as_mut() {
            c.database = Some(3.0);
        }
        assert_eq!(cpu_per_request(&pg), "100 + 300 db / 10");
        let table = results_section(&results("sqlite", vec![p], 1024), "x");
        assert!(table.contains("| 100 / 10 |"), "{table}");
    }

    #[test]
    fn growth_that_is_not_flat_is_a_finding() {
        let mut r = results("sqlite", vec![], 1024);
        let bucket = |from: usize, p50: u64| Bucket {
            from,
            to: from + 9,
            summary: summarize(&[p50, p50], Duration::ZERO),
        };
        r.buckets = vec![bucket(1, 1_000), bucket(11, 1_500)];
        assert!(misses(&r, None).is_empty());
        r.buckets.push(bucket(21, 2_500));
        assert!(misses(&r, None).iter().any(|m| m.contains("grew 2.5×")));
        assert!(results_section(&r, "x").contains("| 21–30 | 2 |"));
    }
}

//! What a process costs: resident memory from `/proc/<pid>/status`, CPU time from
//! `/proc/<pid>/stat`.

/// Resident set sizes in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// Current resident set (`VmRSS`).
    pub rss_kib: u64,
    /// Peak resident set (`VmHWM`).
    pub peak_kib: u64,
}

impl Memory {
    /// Reads the memory of process `pid`; `None` when it is gone or not Linux.
    pub fn of(pid: u32) -> Option<Self> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        parse_status(&status)
    }

    /// The peak in MiB.
    pub fn peak_mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }

    /// The current resident set in MiB.
    pub fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }
}

/// `VmRSS` and `VmHWM` of a `/proc/<pid>/status` text.
pub fn parse_status(status: &str) -> Option<Memory> {
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    Some(Memory {
        rss_kib: field("VmRSS:")?,
        peak_kib: field("VmHWM:")?,
    })
}

/// Clock ticks per second of `/proc/<pid>/stat` times (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// User plus system CPU time of process `pid` (all its threads), in seconds.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_cpu_ticks(&stat).map(|t| t as f64 / TICKS_PER_SECOND)
}

/// Summed CPU time, in seconds, of every process whose command line contains `marker`
/// (PostgreSQL backends show their database name there: `postgres: user db 127.0.0.1(…) idle`).
pub fn cpu_seconds_matching(marker: &str) -> f64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains(marker))
        })
        .filter_map(cpu_seconds)
        .sum()
}

/// `utime + stime` (fields 14 and 15) of a `/proc/<pid>/stat` line. The command name in
/// parentheses may hold spaces, so fields are counted after its closing parenthesis.
pub fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    let after = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // `after` starts at field 3 (state): utime is field 14, stime field 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cpu_ticks() {
        let stat =
            "28672 (gatehouse) S 1 28603 31501 0 -1 4194304 3301 0 0 0 1128 300 0 0 20 0 100";
        assert_eq!(parse_cpu_ticks(stat), Some(1428));
        let odd = "7 (a) b (c) R 1 2 3 0 -1 0 0 0 0 0 5 6 0 0 20 0 1";
        assert_eq!(parse_cpu_ticks(odd), Some(11));
        assert_eq!(parse_cpu_ticks("7 (x) R 1"), None);
    }

    #[test]
    fn cpu_of_processes_by_command_line() {
        let marker = "xtask-cpu-marker-test";
        let mut child = std::process::Command::new("sh")
            .args([
                "-c",
                "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 5",
                marker,
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let used = cpu_seconds_matching(marker);
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(used > 0.0, "{used}");
        assert_eq!(
            cpu_seconds_matching("no process has this in its command line \u{1}"),
            0.0
        );
    }

    #[test]
    fn this_process_uses_cpu() {
        let start = cpu_seconds(std::process::id()).unwrap();
        let mut x = 0u64;
        for i in 0..50_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        assert!(cpu_seconds(std::process::id()).unwrap() > start);
    }

    #[test]
    fn parses_proc_status() {
        let text = "Name:\tgatehouse\nVmPeak:\t  900000 kB\nVmHWM:\t   51200 kB\nVmRSS:\t   40960 kB\nThreads:\t5\n";
        let m = parse_status(text).unwrap();
        assert_eq!(
            m,
            Memory {
                rss_kib: 40960,
                peak_kib: 51200
            }
        );
        assert_eq!(m.peak_mib(), 50.0);
        assert_eq!(parse_status("Name:\tx\n"), None);
    }

    #[test]
    fn reads_this_process() {
        let m = Memory::of(std::process::id()).unwrap();
        assert!(m.rss_kib > 0 && m.peak_kib >= m.rss_kib);
    }
}

//! The HTTP load generator: worker threads, each with its own keep-alive connection, take
//! request numbers from a shared counter until the request count or the time limit is reached.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::http::{Client, Request, Response};

/// The server under load.
#[derive(Debug, Clone)]
pub struct Target {
    /// A short name for reports: `sqlite`, `postgres`, `scim2-server`.
    pub name: String,
    /// A loopback address.
    pub addr: SocketAddr,
    /// The SCIM base path, e.g. `/scim/v2`.
    pub prefix: String,
    /// The `Authorization` header value.
    pub authorization: Option<String>,
    /// The server's process id, for its memory use.
    pub pid: u32,
    /// A text in the command line of the database processes serving it (PostgreSQL
    /// backends), to count their CPU time.
    pub database_marker: Option<String>,
}

/// How much load one phase applies.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Concurrent connections (one thread each).
    pub connections: usize,
    /// Requests to send, numbered `0..requests`.
    pub requests: usize,
    /// Stop taking new requests after this long.
    pub time_limit: Duration,
}

/// One successful request: its number and latency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// The request number given to the request builder.
    pub index: usize,
    /// Time from the first byte written to the last byte read, µs.
    pub micros: u64,
}

/// What a phase measured.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Successful requests, in no particular order.
    pub samples: Vec<Sample>,
    /// Requests that failed (transport error, non-2xx status, or a failed check).
    pub errors: usize,
    /// The first few failures, described.
    pub error_examples: Vec<String>,
    /// Wall time from the first request to the last answer.
    pub wall: Duration,
    /// Whether the time limit ended the phase before all requests were sent.
    pub timed_out: bool,
}

impl Outcome {
    /// Latencies of all successful requests, µs.
    pub fn latencies(&self) -> Vec<u64> {
        self.samples.iter().map(|s| s.micros).collect()
    }
}

const MAX_EXAMPLES: usize = 5;
const MAX_EXAMPLE_BODY: usize = 400;

/// Runs one phase: `make(i)` builds request `i`, `check(i, response)` judges a 2xx answer
/// (and may keep data from it). Non-2xx answers are errors without calling `check`.
pub fn run<M, C>(target: &Target, shape: Shape, make: M, check: C) -> Outcome
where
    M: Fn(usize) -> Request + Sync,
    C: Fn(usize, &Response) -> Result<(), String> + Sync,
{
    let next = AtomicUsize::new(0);
    let timed_out = AtomicBool::new(false);
    let examples = Mutex::new(Vec::new());
    let errors = AtomicUsize::new(0);
    let start = Instant::now();
    let connections = shape.connections.clamp(1, shape.requests.max(1));
    let per_worker: Vec<Vec<Sample>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..connections)
            .map(|_| {
                scope.spawn(|| {
                    let mut client = Client::new(target.addr, target.authorization.clone());
                    let mut samples = Vec::new();
                    loop {
                        if start.elapsed() >= shape.time_limit {
                            if next.load(Ordering::Relaxed) < shape.requests {
                                timed_out.store(true, Ordering::Relaxed);
                            }
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= shape.requests {
                            break;
                        }
                        let req = make(i);
                        let sent = Instant::now();
                        let result = client.send(&req);
                        let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
                        let verdict = match &result {
                            Err(e) => Err(format!("transport error: {e}")),
                            Ok(resp) if !(200..300).contains(&resp.status) => {
                                Err(format!("HTTP {}: {}", resp.status, clip(&resp.text())))
                            }
                            Ok(resp) => check(i, resp),
                        };
                        match verdict {
                            Ok(()) => samples.push(Sample { index: i, micros }),
                            Err(why) => {
                                errors.fetch_add(1, Ordering::Relaxed);
                                if let Ok(mut ex) = examples.lock() {
                                    if ex.len() < MAX_EXAMPLES {
                                        ex.push(format!(
                                            "{} {} → {why}",
                                            req.method,
                                            clip(&req.path)
                                        ));
                                    }
                                }
                            }
                        }
                    }
                    samples
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let wall = start.elapsed();
    Outcome {
        samples: per_worker.into_iter().flatten().collect(),
        errors: errors.into_inner(),
        error_examples: examples.into_inner().unwrap_or_default(),
        wall,
        timed_out: timed_out.into_inner(),
    }
}

fn clip(s: &str) -> String {
    if s.len() <= MAX_EXAMPLE_BODY {
        return s.to_owned();
    }
    let mut end = MAX_EXAMPLE_BODY;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// A keep-alive server answering 200, or 500 for paths containing `fail`.
    fn tiny_server() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let stream = stream.unwrap();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut w = stream;
                    loop {
                        let mut first = String::new();
                        if reader.read_line(&mut first).unwrap_or(0) == 0 {
                            return;
                        }
                        loop {
                            let mut l = String::new();
                            reader.read_line(&mut l).unwrap();
                            if l == "\r\n" {
                                break;
                            }
                        }
                        let reply: &[u8] = if first.contains("fail") {
                            b"HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\nboom"
                        } else {
                            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        };
                        w.write_all(reply).unwrap();
                    }
                });
            }
        });
        addr
    }

    fn target(addr: SocketAddr) -> Target {
        Target {
            name: "test".into(),
            addr,
            prefix: String::new(),
            authorization: None,
            pid: 0,
            database_marker: None,
        }
    }

    #[test]
    fn every_request_is_sent_once_and_failures_are_counted() {
        let t = target(tiny_server());
        let shape = Shape {
            connections: 4,
            requests: 200,
            time_limit: Duration::from_secs(30),
        };
        let out = run(
            &t,
            shape,
            |i| {
                Request::get(if i % 50 == 7 {
                    format!("/fail/{i}")
                } else {
                    format!("/ok/{i}")
                })
            },
            |i, _| {
                if i == 3 {
                    Err("rejected by check".into())
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(out.errors, 5);
        assert_eq!(out.samples.len(), 195);
        let mut seen: Vec<usize> = out.samples.iter().map(|s| s.index).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 195);
        assert!(!seen.contains(&3) && !seen.contains(&57));
        assert!(out
            .error_examples
            .iter()
            .any(|e| e.contains("HTTP 500: boom")));
        assert!(out
            .error_examples
            .iter()
            .any(|e| e.contains("rejected by check")));
        assert!(!out.timed_out);
    }

    #[test]
    fn time_limit_stops_a_phase() {
        let t = target(tiny_server());
        let shape = Shape {
            connections: 2,
            requests: usize::MAX,
            time_limit: Duration::from_millis(200),
        };
        let out = run(&t, shape, |_| Request::get("/ok".into()), |_, _| Ok(()));
        assert!(out.timed_out);
        assert!(!out.samples.is_empty());
        assert!(out.wall < Duration::from_secs(5));
    }

    #[test]
    fn unreachable_server_counts_errors() {
        let port = crate::server::free_port().unwrap();
        let t = target(SocketAddr::from(([127, 0, 0, 1], port)));
        let shape = Shape {
            connections: 1,
            requests: 3,
            time_limit: Duration::from_secs(10),
        };
        let out = run(&t, shape, |_| Request::get("/".into()), |_, _| Ok(()));
        assert_eq!(out.errors, 3);
        assert!(out.error_examples[0].contains("transport error"));
    }
}

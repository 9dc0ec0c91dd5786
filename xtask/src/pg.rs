//! Finding the PostgreSQL server the tests use.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The default test server: the one this machine kind runs.
pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The URL from `GATEHOUSE_TEST_PG_URL`, or the default.
pub fn url() -> String {
    std::env::var("GATEHOUSE_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_URL.to_owned())
}

/// Whether something accepts TCP connections at the URL's host and port.
pub fn answers(url: &str) -> bool {
    let Some(host_port) = host_port(url) else {
        return false;
    };
    let Ok(addrs) = host_port.to_socket_addrs() else {
        return false;
    };
    addrs
        .into_iter()
        .any(|a| TcpStream::connect_timeout(&a, Duration::from_secs(2)).is_ok())
}

/// `host:port` of a `postgres://user@host:port/db` URL (port 5432 when absent).
fn host_port(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.is_empty() {
        return None;
    }
    if host_port.contains(':') {
        Some(host_port.to_owned())
    } else {
        Some(format!("{host_port}:5432"))
    }
}

#[cfg(test)]
mod tests {
    use super::host_port;

    #[test]
    fn host_port_from_urls() {
        assert_eq!(
            host_port(super::DEFAULT_URL).as_deref(),
            Some("127.0.0.1:5432")
        );
        assert_eq!(host_port("postgres://u:p@db/x").as_deref(), Some("db:5432"));
        assert_eq!(host_port("postgres:///x"), None);
    }
}

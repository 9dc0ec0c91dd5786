//! A small blocking HTTP/1.1 client over one keep-alive `TcpStream`: enough to load a local
//! server (request line, headers, `Content-Length` body; responses with `Content-Length`,
//! chunked, or read-to-close bodies).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// One request to send: method, path with query, optional JSON body.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, `PATCH`, …
    pub method: &'static str,
    /// Path and query, starting with `/`.
    pub path: String,
    /// A body sent as `application/scim+json`.
    pub body: Option<String>,
}

impl Request {
    /// A `GET` of `path`.
    pub fn get(path: String) -> Self {
        Self {
            method: "GET",
            path,
            body: None,
        }
    }

    /// A request with a JSON body.
    pub fn with_body(method: &'static str, path: String, body: String) -> Self {
        Self {
            method,
            path,
            body: Some(body),
        }
    }
}

/// A parsed response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lower-cased) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
    /// Whether the connection may carry another request.
    pub keep_alive: bool,
}

impl Response {
    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The largest body or header block we accept (a 50k-member group is a few MB).
const MAX_BODY: usize = 256 * 1024 * 1024;
const MAX_LINE: usize = 64 * 1024;

/// A keep-alive connection to one server that reconnects when the server closes it.
#[derive(Debug)]
pub struct Client {
    addr: SocketAddr,
    host: String,
    authorization: Option<String>,
    conn: Option<BufReader<TcpStream>>,
    /// How many TCP connections this client opened.
    pub connects: u64,
}

impl Client {
    /// A client for `addr`, sending `Authorization: <authorization>` when given.
    pub fn new(addr: SocketAddr, authorization: Option<String>) -> Self {
        Self {
            addr,
            host: addr.to_string(),
            authorization,
            conn: None,
            connects: 0,
        }
    }

    /// Sends `req` and reads the whole response. On an I/O error the connection is dropped
    /// (the next call reconnects). A request on a reused connection that turns out closed
    /// (end of stream, reset, broken pipe: e.g. the server's keep-alive timeout) is sent
    /// once more on a new connection.
    pub fn send(&mut self, req: &Request) -> io::Result<Response> {
        let head = self.encode(req);
        let reused = self.conn.is_some();
        match self.exchange(&head) {
            Ok(r) => Ok(r),
            Err(e) if reused && is_stale_connection(&e) => {
                self.conn = None;
                self.exchange(&head)
            }
            Err(e) => {
                self.conn = None;
                Err(e)
            }
        }
    }

    fn exchange(&mut self, bytes: &[u8]) -> io::Result<Response> {
        let conn = match self.conn.as_mut() {
            Some(c) => c,
            None => {
                let stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
                stream.set_nodelay(true)?;
                stream.set_read_timeout(Some(Duration::from_secs(120)))?;
                self.connects += 1;
                self.conn
                    .insert(BufReader::with_capacity(64 * 1024, stream))
            }
        };
        conn.get_mut().write_all(bytes)?;
        let resp = read_response(conn)?;
        if !resp.keep_alive {
            self.conn = None;
        }
        Ok(resp)
    }

    fn encode(&self, req: &Request) -> Vec<u8> {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\nAccept: application/scim+json\r\n",
            req.method, req.path, self.host
        );
        if let Some(auth) = &self.authorization {
            head.push_str("Authorization: ");
            head.push_str(auth);
            head.push_str("\r\n");
        }
        let body = req.body.as_deref().unwrap_or("");
        if req.body.is_some() {
            head.push_str("Content-Type: application/scim+json\r\n");
        }
        if req.body.is_some() || req.method != "GET" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        bytes
    }
}

fn is_stale_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
    )
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Reads one line ending in `\n` (without the line ending). EOF before any byte is
/// `UnexpectedEof`.
fn read_line<R: BufRead>(r: &mut R) -> io::Result<String> {
    let mut line = Vec::new();
    let n = r.take(MAX_LINE as u64).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    if line.last() != Some(&b'\n') {
        return Err(bad("line too long or cut short"));
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| bad("line is not UTF-8"))
}

/// Parses one HTTP/1.x response from `r`: status line, headers, and the body framed by
/// `Transfer-Encoding: chunked`, `Content-Length`, or the end of the stream.
pub fn read_response<R: BufRead>(r: &mut R) -> io::Result<Response> {
    let status_line = read_line(r)?;
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("bad status line: {status_line:?}")))?;
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(bad(format!("bad status line: {status_line:?}"))),
    };
    let mut headers = Vec::new();
    loop {
        let line = read_line(r)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad(format!("bad header line: {line:?}")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let find = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    let connection = find("connection").map(str::to_ascii_lowercase);
    let mut keep_alive = match connection.as_deref() {
        Some(c) if c.contains("close") => false,
        Some(c) if c.contains("keep-alive") => true,
        _ => !http10,
    };
    let chunked =
        find("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let no_body = status == 204 || status == 304 || (100..200).contains(&status);
    let body = if no_body {
        Vec::new()
    } else if chunked {
        read_chunked(r)?
    } else if let Some(len) = find("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| bad(format!("bad Content-Length: {len:?}")))?;
        if len > MAX_BODY {
            return Err(bad(format!("body of {len} bytes is too large")));
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body)?;
        body
    } else {
        keep_alive = false;
        let mut body = Vec::new();
        r.take(MAX_BODY as u64).read_to_end(&mut body)?;
        body
    };
    Ok(Response {
        status,
        headers,
        body,
        keep_alive,
    })
}

fn read_chunked<R: BufRead>(r: &mut R) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = read_line(r)?;
        let size_hex = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| bad(format!("bad chunk size: {line:?}")))?;
        if size == 0 {
            // Trailers, up to the empty line.
            while !read_line(r)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(bad("chunked body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])?;
        if !read_line(r)?.is_empty() {
            return Err(bad("chunk not followed by CRLF"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::net::TcpListener;

    fn parse(raw: &str) -> io::Result<Response> {
        read_response(&mut Cursor::new(raw.as_bytes().to_vec()))
    }

    #[test]
    fn content_length_body_and_keep_alive() {
        let r = parse("HTTP/1.1 201 Created\r\nContent-Type: application/scim+json\r\nContent-Length: 11\r\n\r\n{\"id\":\"a1\"}").unwrap();
        assert_eq!(r.status, 201);
        assert_eq!(r.text(), "{\"id\":\"a1\"}");
        assert_eq!(
            r.headers[0],
            ("content-type".into(), "application/scim+json".into())
        );
        assert!(r.keep_alive);
    }

    #[test]
    fn two_responses_on_one_stream() {
        let raw = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabHTTP/1.1 204 No Content\r\n\r\n";
        let mut c = Cursor::new(raw.as_bytes().to_vec());
        assert_eq!(read_response(&mut c).unwrap().text(), "ab");
        let second = read_response(&mut c).unwrap();
        assert_eq!(second.status, 204);
        assert!(second.body.is_empty());
    }

    #[test]
    fn chunked_body_with_extension_and_trailer() {
        let r = parse(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
             4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.text(), "Wikipedia in \r\n\r\nchunks.");
        assert!(r.keep_alive);
    }

    #[test]
    fn http10_and_connection_close_end_the_connection() {
        let r = parse("HTTP/1.0 201 Created\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert!(!r.keep_alive);
        let r = parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
        assert!(r.keep_alive);
        let r = parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert!(!r.keep_alive);
    }

    #[test]
    fn body_without_length_reads_to_end() {
        let r = parse("HTTP/1.1 500 Internal Server Error\r\n\r\noops").unwrap();
        assert_eq!(r.status, 500);
        assert_eq!(r.text(), "oops");
        assert!(!r.keep_alive);
    }

    #[test]
    fn malformed_responses_are_errors() {
        assert!(parse("").is_err());
        assert!(parse("SSH-2.0-OpenSSH\r\n\r\n").is_err());
        assert!(parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort").is_err());
        assert!(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err());
        assert!(parse("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n").is_err());
    }

    #[test]
    fn client_keeps_alive_and_sends_bodies() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut seen = Vec::new();
            for _ in 0..2 {
                let mut head = String::new();
                let mut len = 0;
                loop {
                    let line = read_line(&mut reader).unwrap();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                    head.push_str(&line);
                    head.push('\n');
                }
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                seen.push((head, String::from_utf8(body).unwrap()));
                let mut w = &stream;
                w.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    .unwrap();
            }
            seen
        });
        let mut client = Client::new(addr, Some("Bearer k".into()));
        let r1 = client.send(&Request::get("/a?x=1".into())).unwrap();
        let r2 = client
            .send(&Request::with_body("POST", "/b".into(), "{}".into()))
            .unwrap();
        assert_eq!((r1.text(), r2.text()), ("ok".into(), "ok".into()));
        assert_eq!(client.connects, 1);
        let seen = server.join().unwrap();
        assert!(seen[0].0.starts_with("GET /a?x=1 HTTP/1.1\n"));
        assert!(seen[0].0.contains("Authorization: Bearer k\n"));
        assert!(seen[1].0.starts_with("POST /b HTTP/1.1\n"));
        assert!(seen[1].0.contains("Content-Type: application/scim+json\n"));
        assert_eq!(seen[1].1, "{}");
    }
}

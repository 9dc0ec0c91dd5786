//! The Python reference server, `scim2-server` (in memory), from the conformance venv.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::load::Target;
use crate::server::free_port;

/// The bearer token the reference server is started with (it checks it like Gatehouse does).
const TOKEN: &str = "bench-reference-token";

/// A running scim2-server, killed on drop.
#[derive(Debug)]
pub struct Reference {
    child: Child,
    /// Where to send load.
    pub target: Target,
}

impl Drop for Reference {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `scim2-server` with `python` on a free loopback port; its log goes to `log`.
pub fn start(python: &Path, log: &Path) -> Result<Reference> {
    let port = free_port()?;
    let out = File::create(log).with_context(|| format!("cannot write {}", log.display()))?;
    let err = out.try_clone()?;
    let mut child = Command::new(python)
        .args([
            "-m",
            "scim2_server.testserver.cli",
            "--hostname",
            "127.0.0.1",
            "--port",
        ])
        .arg(port.to_string())
        .args(["--bearer-token", TOKEN])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .context("could not start scim2-server")?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            bail!("scim2-server exited ({status}); see {}", log.display());
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            bail!(
                "scim2-server did not listen on {addr} within 30 s; see {}",
                log.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let target = Target {
        name: "scim2-server".into(),
        addr,
        prefix: "/v2".into(),
        authorization: Some(format!("Bearer {TOKEN}")),
        pid: child.id(),
        database_marker: None,
    };
    Ok(Reference { child, target })
}

//! Starting a real `gatehouse serve` for conformance runs and load benchmarks.

use anyhow::{bail, Context, Result};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::{cargo, root, run_step};

/// Where cargo puts build output for this workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Builds the `gatehouse` binary (`release` or `debug` profile) and returns its path.
pub fn build_gatehouse(release: bool) -> Result<PathBuf> {
    let mut build = cargo();
    build.args(["build", "--locked", "-p", "gatehouse"]);
    if release {
        build.arg("--release");
    }
    run_step("build gatehouse", build)?;
    let bin = target_dir()
        .join(if release { "release" } else { "debug" })
        .join("gatehouse");
    if !bin.exists() {
        bail!("gatehouse binary not found at {}", bin.display());
    }
    Ok(bin)
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").context("no free port on 127.0.0.1")?;
    Ok(l.local_addr()?.port())
}

/// A running server, killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// The SCIM bearer key configured for it.
    pub scim_key: String,
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `gatehouse <args>` against `database_url` and returns its standard output.
pub fn gatehouse_cli(bin: &Path, database_url: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(bin)
        .args(args)
        .env("GATEHOUSE_DATABASE_URL", database_url)
        .output()
        .with_context(|| format!("could not run {}", bin.display()))?;
    if !out.status.success() {
        bail!(
            "gatehouse {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Enables SCIM on `database_url` and starts `gatehouse serve` on a free port.
pub fn start(bin: &Path, database_url: &str, extra_env: &[(&str, &str)]) -> Result<Server> {
    gatehouse_cli(bin, database_url, &["migrate"])?;
    let out = gatehouse_cli(
        bin,
        database_url,
        &["scim", "enable", "--provider", "other", "--json"],
    )?;
    let scim_key = json_string_field(&out, "api_key")
        .with_context(|| format!("no api_key in `scim enable --json` output: {out}"))?;
    let port = free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let base_url = format!("http://{bind}");
    let mut cmd = Command::new(bin);
    cmd.arg("serve")
        .env("GATEHOUSE_DATABASE_URL", database_url)
        .env("GATEHOUSE_BIND", &bind)
        .env("GATEHOUSE_PUBLIC_URL", &base_url)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().context("could not start gatehouse serve")?;
    let server = Server {
        child,
        base_url,
        scim_key,
    };
    wait_for_port(port, Duration::from_secs(30))?;
    Ok(server)
}

fn wait_for_port(port: u16, limit: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("gatehouse did not listen on port {port} within {limit:?}")
}

/// The string value of `"field": "..."` in a flat JSON object (no escapes expected: keys and URLs).
pub fn json_string_field(json: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let after = &json[json.find(&key)? + key.len()..];
    let after = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(after[..after.find('"')?].to_owned())
}

#[cfg(test)]
mod tests {
    use super::json_string_field;

    #[test]
    fn reads_flat_json_fields() {
        let j = r#"{"scim_url": "http://x/scim/v2", "api_key": "ghscim_abc"}"#;
        assert_eq!(
            json_string_field(j, "api_key").as_deref(),
            Some("ghscim_abc")
        );
        assert_eq!(json_string_field(j, "nope"), None);
    }
}

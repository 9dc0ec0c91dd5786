//! `cargo xtask conformance`: the public `scim2-tester` (PyPI) against a fresh server.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::Command;

use crate::cmd::{root, run_step};
use crate::server;

/// Pinned versions of the third-party checker and its HTTP engine.
const REQUIREMENTS: &[&str] = &["scim2-tester==0.5.2", "scim2-client[httpx2]==0.13.2"];

/// A Python virtual environment under the target directory with the checker installed.
pub fn venv() -> Result<PathBuf> {
    let dir = server::target_dir().join("xtask-venv");
    let python = dir.join("bin").join("python");
    let marker = dir.join(format!(
        "installed-{}",
        REQUIREMENTS.join("+").replace(['[', ']', '='], "_")
    ));
    if !marker.exists() {
        let mut mk = Command::new("python3");
        mk.args(["-m", "venv"]).arg(&dir);
        run_step("create Python venv for SCIM tools", mk).context(
            "python3 with the venv module is needed (Debian: apt-get install -y python3-venv)",
        )?;
        let mut pip = Command::new(&python);
        pip.args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(REQUIREMENTS)
        .arg("scim2-server==0.8.3");
        run_step("install scim2-tester and scim2-server from PyPI", pip)?;
        std::fs::write(&marker, b"ok")?;
    }
    Ok(python)
}

pub fn run(_args: &[String]) -> Result<()> {
    let python = venv()?;
    let bin = server::build_gatehouse(false)?;
    let db = std::env::temp_dir().join(format!("gatehouse-conformance-{}.db", std::process::id()));
    let url = format!("sqlite://{}", db.display());
    let result = (|| {
        let srv = server::start(&bin, &url, &[])?;
        let mut check = Command::new(&python);
        check
            .arg(root().join("xtask/python/conformance.py"))
            .arg(format!("{}/scim/v2", srv.base_url))
            .arg(&srv.scim_key);
        run_step("SCIM conformance (scim2-tester)", check)
    })();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    if let Err(e) = result {
        bail!("{e:#}");
    }
    Ok(())
}

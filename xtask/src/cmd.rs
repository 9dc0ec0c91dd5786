//! Running commands with a visible trace and a clear failure message.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// `cargo` as invoked by the caller (respects rustup's choice).
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

/// Runs `cmd`, printing a step header and the time it took; fails with `what` on error.
pub fn run_step(what: &str, mut cmd: Command) -> Result<()> {
    println!("\n==> {what}\n    $ {}", describe(&cmd));
    let start = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("could not start: {}", describe(&cmd)))?;
    let secs = start.elapsed().as_secs_f32();
    if !status.success() {
        bail!("step failed after {secs:.0}s: {what} ({})", describe(&cmd));
    }
    println!("    ok: {what} ({secs:.0}s)");
    Ok(())
}

/// A shell-like rendering of a command, for logs.
pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

//! `gatehouse`: the command line — serve, migrate, and the automation commands of PRODUCT.md §2.

mod cli;
mod commands;

use anyhow::Result;
use clap::Parser;

/// mimalloc: fewer cycles per allocation than glibc's malloc on the request path, and less
/// memory held back by per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let cli = cli::Cli::parse();
    commands::run(cli)
}

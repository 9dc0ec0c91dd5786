//! `gatehouse`: the command line — serve, migrate, and the automation commands of PRODUCT.md §2.

mod cli;
mod commands;

use anyhow::Result;
use clap::Parser;

fn main() -> Result<()> {
    let cli = cli::Cli::parse();
    commands::run(cli)
}

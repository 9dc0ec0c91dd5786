//! What each command does: open the store, call the portal's services, print the result.

use std::io::BufRead as _;
use std::net::TcpListener;

use anyhow::{bail, Context, Result};
use portal::services::{admins, scim_config, scim_gate::ScimGate};
use portal::Config;
use store::{Store, StoreOptions};

use crate::cli::{AdminCommand, Cli, Command, Global, ScimCommand};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve { demo } => serve(&cli.global, demo),
        Command::Migrate => {
            open(&cli.global)?;
            println!(
                "database {} is up to date",
                redact(&cli.global.database_url)
            );
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::Create { email, .. },
        } => admin_create(&cli.global, &email),
        Command::Scim { command } => scim(&cli.global, command),
    }
}

/// Opens and migrates the database.
fn open(global: &Global) -> Result<Store> {
    let store = Store::open(&global.database_url, StoreOptions::default())
        .with_context(|| format!("cannot open the database {}", redact(&global.database_url)))?;
    store.migrate().context("cannot migrate the database")?;
    Ok(store)
}

/// The URL with any password replaced by `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

fn config(global: &Global) -> Config {
    let mut c = Config::new(global.public_url());
    c.session_secret = global.session_secret.clone();
    c
}

fn serve(global: &Global, demo: bool) -> Result<()> {
    if demo {
        bail!("--demo is not available yet: the demo data arrives with the portal pages");
    }
    let store = open(global)?;
    let config = config(global);
    let scim_url = config.scim_url();
    let public_url = config.public_url.clone();
    let state =
        portal::build_state(store.clone(), config).context("cannot prepare the application")?;
    let listener = TcpListener::bind(&global.bind)
        .with_context(|| format!("cannot listen on {}", global.bind))?;
    let addr = listener.local_addr()?;
    let view = scim_config::view(&store, &scim_url)?;
    println!("Gatehouse listening on http://{addr} (public URL {public_url})");
    println!("  database: {}", redact(&global.database_url));
    println!(
        "  SCIM:     {scim_url} ({}, provider {})",
        if view.enabled {
            "enabled"
        } else {
            "disabled — run `gatehouse scim enable --provider okta`"
        },
        view.provider_name
    );
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let server = portal::run(listener, state)?;
        server.await.context("server stopped with an error")
    })?;
    println!("Gatehouse stopped");
    Ok(())
}

fn admin_create(global: &Global, email: &str) -> Result<()> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("cannot read the password from standard input")?;
    let password = password.trim_end_matches(['\n', '\r']);
    let store = open(global)?;
    match admins::create(&store, email, password) {
        Ok(_) => {
            println!("administrator {email} created");
            Ok(())
        }
        Err(admins::AdminError::Store(e)) if e.is_unique_violation() => {
            bail!("an administrator with the email {email} already exists")
        }
        Err(e) => Err(e).context("cannot create the administrator"),
    }
}

fn print_key(scim_url: &str, key: &str, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::json!({ "scim_url": scim_url, "api_key": key })
        );
    } else {
        println!("SCIM URL: {scim_url}");
        println!("API key:  {key}");
        println!("Paste both into your identity provider now: the key is not shown again.");
    }
}

fn scim(global: &Global, command: ScimCommand) -> Result<()> {
    let store = open(global)?;
    let scim_url = config(global).scim_url();
    let gate = ScimGate::default();
    match command {
        ScimCommand::Enable { provider, json } => {
            scim_config::update(&store, &gate, true, provider.id())?;
            let key = scim_config::rotate_key(&store, &gate)?;
            print_key(&scim_url, &key, json);
        }
        ScimCommand::RotateKey { json } => {
            let key = scim_config::rotate_key(&store, &gate)?;
            print_key(&scim_url, &key, json);
        }
        ScimCommand::Disable => {
            let view = scim_config::view(&store, &scim_url)?;
            scim_config::update(&store, &gate, false, &view.provider)?;
            println!("SCIM disabled: every SCIM request is now refused");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://gatehouse.db"), "sqlite://gatehouse.db");
    }
}

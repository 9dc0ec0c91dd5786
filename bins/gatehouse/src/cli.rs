//! Command-line flags and subcommands. Every global flag can also come from a `GATEHOUSE_*`
//! environment variable.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Gatehouse: SCIM 2.0 provisioning, group-based roles and SAML sign-in for your portal.
#[derive(Debug, Parser)]
#[command(name = "gatehouse", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database: `sqlite://path` (default `sqlite://gatehouse.db`) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "GATEHOUSE_DATABASE_URL",
        default_value = "sqlite://gatehouse.db",
        global = true
    )]
    pub database_url: String,
    /// Address to listen on.
    #[arg(
        long,
        env = "GATEHOUSE_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// The URL people and IdPs reach Gatehouse at (default `http://<bind>`).
    #[arg(long, env = "GATEHOUSE_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Secret for signing session cookies (default: generated once, kept in the database).
    #[arg(
        long,
        env = "GATEHOUSE_SESSION_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub session_secret: Option<String>,
}

impl Global {
    /// The public URL, defaulting to `http://<bind>`.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        /// Load the manual's example roles and endpoint data first.
        #[arg(long)]
        demo: bool,
    },
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Local administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// SCIM provisioning settings.
    Scim {
        #[command(subcommand)]
        command: ScimCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a local administrator (full access, password sign-in).
    Create {
        /// The administrator's email address (their sign-in name).
        #[arg(long)]
        email: String,
        /// Read the password from standard input (one line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScimCommand {
    /// Enable SCIM for a provider and print the SCIM URL and a new key (shown once).
    Enable {
        /// The identity provider that will call the SCIM endpoint.
        #[arg(long, value_enum)]
        provider: Provider,
        /// Print `{"scim_url": "...", "api_key": "..."}`.
        #[arg(long)]
        json: bool,
    },
    /// Replace the SCIM key with a new one (shown once); the old key stops working at once.
    RotateKey {
        /// Print `{"scim_url": "...", "api_key": "..."}`.
        #[arg(long)]
        json: bool,
    },
    /// Disable SCIM: every SCIM request is refused until it is enabled again.
    Disable,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Provider {
    Okta,
    Entra,
    Onelogin,
    Jumpcloud,
    Google,
    Other,
}

impl Provider {
    /// The provider's id as stored and shown in the API.
    pub fn id(self) -> &'static str {
        match self {
            Provider::Okta => "okta",
            Provider::Entra => "entra",
            Provider::Onelogin => "onelogin",
            Provider::Jumpcloud => "jumpcloud",
            Provider::Google => "google",
            Provider::Other => "other",
        }
    }
}

//! Writing the SCIM activity log (Logins ▸ SCIM Activity): time, user, description, from, to,
//! initiator. Entries are written inside the caller's transaction.

/// Who caused a change: the IdP (for SCIM requests) or an administrator (for portal changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initiator(pub String);

impl Initiator {
    /// The IdP with this provider id (written by its display name, e.g. "Okta").
    pub fn provider(provider_id: &str) -> Self {
        Initiator(super::providers::display_name(provider_id).to_owned())
    }

    /// An administrator, by email.
    pub fn admin(email: &str) -> Self {
        Initiator(email.to_owned())
    }

    /// The command line (`gatehouse …`).
    pub fn cli() -> Self {
        Initiator("gatehouse CLI".to_owned())
    }
}

/// One activity entry to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The user concerned (its id), if any.
    pub user_id: Option<String>,
    /// The user (or group) as shown: userName or group name at the time.
    pub user_label: String,
    /// What happened.
    pub description: String,
    /// For permission changes: before.
    pub from: Option<String>,
    /// For permission changes: after.
    pub to: Option<String>,
}

impl Entry {
    /// An entry without From/To.
    pub fn new(user_id: Option<&str>, user_label: &str, description: impl Into<String>) -> Self {
        Entry {
            user_id: user_id.map(str::to_owned),
            user_label: user_label.to_owned(),
            description: description.into(),
            from: None,
            to: None,
        }
    }
}

/// Appends `entries` (in order) in the caller's transaction, stamped now.
pub fn write(
    conn: &mut store::DbConn,
    who: &Initiator,
    entries: &[Entry],
) -> Result<(), store::StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let rows: Vec<store::activity::NewActivity> = entries
        .iter()
        .map(|e| store::activity::NewActivity {
            user_id: e.user_id.clone(),
            user_label: e.user_label.clone(),
            description: e.description.clone(),
            from_text: e.from.clone(),
            to_text: e.to.clone(),
            initiator: who.0.clone(),
        })
        .collect();
    store::activity::append_many(conn, &rows)
}

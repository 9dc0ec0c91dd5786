//! Effective access: role resolution stored per user, recomputed in the transaction of every
//! change that can alter it, each change logged with From/To (PRODUCT.md §5; issue "roles").

use std::collections::HashMap;

use permissions::{diff, EffectiveAccess, Role, RoleIndex};
use store::{DbConn, StoreError};

use super::activity::{self, Entry, Initiator};

/// How many users are resolved per batch of queries.
const BATCH: usize = 500;

/// The ordered roles.
pub fn roles(conn: &mut DbConn) -> Result<Vec<Role>, StoreError> {
    Ok(store::roles::list(conn)?
        .into_iter()
        .map(|r| r.role)
        .collect())
}

/// The stored access of one user (no access when never computed).
pub fn stored_access(conn: &mut DbConn, user_id: &str) -> Result<EffectiveAccess, StoreError> {
    Ok(store::user_access::get(conn, user_id)?
        .map(|r| r.access)
        .unwrap_or_else(EffectiveAccess::none))
}

/// Recomputes the access of `user_ids` against the current roles and memberships, stores what
/// changed and logs each change. Unknown ids are skipped.
///
/// For membership and user changes: it takes the shared role lock and locks the users first
/// (see `store::locks`), so that concurrent changes cannot leave stale access behind.
pub fn recompute_users(
    conn: &mut DbConn,
    user_ids: &[String],
    who: &Initiator,
) -> Result<usize, StoreError> {
    if user_ids.is_empty() {
        return Ok(0);
    }
    store::locks::roles_shared(conn)?;
    store::locks::users_for_access(conn, user_ids)?;
    recompute(conn, user_ids, who)
}

/// Stores and logs the access of a user created in this transaction: it belongs to no group
/// yet and has no access stored, so only the roles are read.
///
/// Takes the shared role lock like [`recompute_users`], so a concurrent role change waits
/// for this user to be committed and then recomputes it too.
pub fn grant_new_user(
    conn: &mut DbConn,
    user_id: &str,
    user_name: &str,
    who: &Initiator,
) -> Result<(), StoreError> {
    store::locks::roles_shared(conn)?;
    let roles = roles(conn)?;
    let access = RoleIndex::new(&roles)
        .resolve(std::iter::empty::<&str>())
        .effective();
    store::user_access::insert_first(conn, user_id, &access)?;
    if let Some(d) = diff(&EffectiveAccess::none(), &access) {
        activity::write(conn, who, &[permissions_changed(user_id, user_name, &d)])?;
    }
    Ok(())
}

/// Takes the exclusive role lock: call first in every transaction that changes roles.
pub fn lock_roles(conn: &mut DbConn) -> Result<(), StoreError> {
    store::locks::roles_exclusive(conn)
}

/// Recomputes every user's access (after a role change; the caller holds [`lock_roles`]).
pub fn recompute_all(conn: &mut DbConn, who: &Initiator) -> Result<usize, StoreError> {
    let ids = store::users::all_ids(conn)?;
    recompute(conn, &ids, who)
}

fn recompute(conn: &mut DbConn, user_ids: &[String], who: &Initiator) -> Result<usize, StoreError> {
    if user_ids.is_empty() {
        return Ok(0);
    }
    let roles = roles(conn)?;
    let index = RoleIndex::new(&roles);
    let mut changed = 0;
    for chunk in user_ids.chunks(BATCH) {
        changed += recompute_batch(conn, &index, chunk, who)?;
    }
    Ok(changed)
}

fn recompute_batch(
    conn: &mut DbConn,
    index: &RoleIndex<'_>,
    ids: &[String],
    who: &Initiator,
) -> Result<usize, StoreError> {
    let groups = store::users::groups_of_users(conn, ids)?;
    let current: HashMap<String, EffectiveAccess> = store::user_access::get_many(conn, ids)?
        .into_iter()
        .map(|(id, r)| (id, r.access))
        .collect();
    let mut updates: Vec<(String, EffectiveAccess)> = Vec::new();
    let mut diffs: Vec<(String, permissions::AccessDiff)> = Vec::new();
    let no_groups = Vec::new();
    for id in ids {
        let names = groups
            .get(id)
            .unwrap_or(&no_groups)
            .iter()
            .map(|g| g.display_name.as_str());
        let next: EffectiveAccess = index.resolve(names).effective();
        let before = current.get(id);
        if before == Some(&next) {
            continue;
        }
        let before = before.cloned().unwrap_or_else(EffectiveAccess::none);
        if let Some(d) = diff(&before, &next) {
            diffs.push((id.clone(), d));
        }
        updates.push((id.clone(), next));
    }
    if updates.is_empty() {
        return Ok(0);
    }
    store::user_access::put_many(conn, &updates)?;
    if !diffs.is_empty() {
        let ids: Vec<String> = diffs.iter().map(|(id, _)| id.clone()).collect();
        let names: HashMap<String, String> = store::users::get_many(conn, &ids)?
            .into_iter()
            .map(|u| (u.id, u.user_name))
            .collect();
        let entries: Vec<Entry> = diffs
            .into_iter()
            .filter_map(|(id, d)| Some(permissions_changed(&id, names.get(&id)?, &d)))
            .collect();
        activity::write(conn, who, &entries)?;
    }
    Ok(updates.len())
}

/// The activity entry for a user whose access changed.
fn permissions_changed(user_id: &str, user_name: &str, d: &permissions::AccessDiff) -> Entry {
    let mut e = Entry::new(Some(user_id), user_name, "Permissions changed");
    e.from = Some(d.from_text());
    e.to = Some(d.to_text());
    e
}

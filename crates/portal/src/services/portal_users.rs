//! Portal users as Logins ▸ User Logins and `GET /api/v1/users` show them: every SCIM user
//! with the access of the role applied, and every local administrator.

use permissions::EffectiveAccess;
use serde::Serialize;
use store::{DbConn, StoreError};

/// One portal user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortalUser {
    /// The id (SCIM id or administrator id).
    pub id: String,
    /// userName (SCIM) or email (local).
    pub user_name: String,
    /// displayName.
    pub display_name: Option<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// `scim` or `local`.
    pub source: &'static str,
    /// The user's IdP groups (display names).
    pub groups: Vec<String>,
    /// The applied role's source group, `"full access"`, or `null`.
    pub role: Option<String>,
    /// The effective permissions.
    pub permissions: permissions::Permissions,
    /// The effective scope.
    pub scope: permissions::Scope,
}

fn scim_user(
    record: &store::users::UserRecord,
    groups: &[store::users::GroupRef],
    access: Option<&EffectiveAccess>,
) -> PortalUser {
    let access = access.cloned().unwrap_or_else(EffectiveAccess::none);
    PortalUser {
        id: record.id.clone(),
        user_name: record.user_name.clone(),
        display_name: record.display_name.clone(),
        active: record.active,
        source: "scim",
        groups: groups.iter().map(|g| g.display_name.clone()).collect(),
        role: access.role,
        permissions: access.permissions,
        scope: access.scope,
    }
}

fn admin(a: store::admins::AdminRecord) -> PortalUser {
    let full = EffectiveAccess::full();
    PortalUser {
        id: a.id,
        user_name: a.email,
        display_name: None,
        active: true,
        source: "local",
        groups: Vec::new(),
        role: full.role,
        permissions: full.permissions,
        scope: full.scope,
    }
}

/// Every portal user: local administrators first, then SCIM users by userName.
pub fn list(conn: &mut DbConn) -> Result<Vec<PortalUser>, StoreError> {
    let mut out: Vec<PortalUser> = store::admins::list(conn)?.into_iter().map(admin).collect();
    let everyone =
        store::ListQuery::page(1, usize::MAX).sorted(scim_core::AttrPath::new("userName"), false);
    let (_, records) = store::users::list(conn, &everyone)?;
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let groups = store::users::groups_of_users(conn, &ids)?;
    let access: std::collections::HashMap<String, EffectiveAccess> =
        store::user_access::get_many(conn, &ids)?
            .into_iter()
            .map(|(id, r)| (id, r.access))
            .collect();
    let none = Vec::new();
    out.extend(
        records
            .iter()
            .map(|r| scim_user(r, groups.get(&r.id).unwrap_or(&none), access.get(&r.id))),
    );
    Ok(out)
}

/// One portal user by id.
pub fn get(conn: &mut DbConn, id: &str) -> Result<Option<PortalUser>, StoreError> {
    match store::admins::get(conn, id) {
        Ok(a) => return Ok(Some(admin(a))),
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(e),
    }
    match store::users::get(conn, id) {
        Ok(r) => {
            let groups = store::users::groups_of_user(conn, id)?;
            let access = store::user_access::get(conn, id)?.map(|r| r.access);
            Ok(Some(scim_user(&r, &groups, access.as_ref())))
        }
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

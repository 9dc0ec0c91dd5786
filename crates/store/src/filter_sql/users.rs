//! User attributes that live in indexed columns: `id`, `userName` (key), `externalId`,
//! `displayName` (key), `active`, `meta.created`, `meta.lastModified`, `meta.resourceType`,
//! `emails.{value,type,primary}` (table `user_emails`) and `groups.value` (`group_members`).

use diesel::QueryDsl;
use scim_core::filter::{CompValue, CompareOp, Filter};
use scim_core::schema::ResourceSchema;
use scim_core::AttrPath;

use super::expr::{bool_leaf, constant, text_leaf, time_leaf, Expr};
use super::leaf::{compare, Kind, Leaf};
use super::resolve::{resolve, unknown_attribute, Target};
use super::split::{full, Columns};
use super::subquery::InSubquery;
use crate::schema::{group_members, user_emails, users};

const CI: Kind = Kind::Text { case_exact: false };
const CE: Kind = Kind::Text { case_exact: true };

/// The User resource over table `users`.
pub(crate) struct UserColumns<'s, 'a> {
    pub(crate) schema: &'s ResourceSchema<'a>,
}

/// One email (an item of `emails`) over table `user_emails`.
struct EmailColumns;

/// One item of the user's `groups` over table `group_members` (`value` = group id).
struct GroupRefColumns;

impl UserColumns<'_, '_> {
    /// `leaf` (made for the column's kind) applied to the column of a top-level attribute.
    fn column(
        &self,
        target: &Target,
        leaf: impl FnOnce(Kind) -> Option<Leaf>,
    ) -> Option<Expr<users::table>> {
        match (target.attr.as_str(), target.sub.as_deref()) {
            ("id", None) => text_leaf!(users::id, leaf(CE)?),
            ("externalId", None) => text_leaf!(users::external_id, nullable, leaf(CE)?),
            ("userName", None) => text_leaf!(users::user_name_key, leaf(CI)?),
            ("displayName", None) => text_leaf!(users::display_name_key, nullable, leaf(CI)?),
            ("active", None) => bool_leaf!(users::active, nullable, leaf(Kind::Bool)?),
            ("meta", Some("created")) => time_leaf!(users::created, leaf(Kind::Time)?),
            ("meta", Some("lastModified")) => time_leaf!(users::last_modified, leaf(Kind::Time)?),
            ("meta", Some("resourceType")) => super::resolve::resource_type("User", leaf(CE)?),
            _ => None,
        }
    }
}

fn emails_where(inner: Expr<user_emails::table>) -> Expr<users::table> {
    Box::new(InSubquery::new(
        users::id,
        user_emails::table
            .filter(inner)
            .select(user_emails::user_id)
            .into_boxed(),
    ))
}

fn groups_where(inner: Expr<group_members::table>) -> Expr<users::table> {
    Box::new(InSubquery::new(
        users::id,
        group_members::table
            .filter(inner)
            .select(group_members::user_id)
            .into_boxed(),
    ))
}

impl Columns<users::table> for UserColumns<'_, '_> {
    fn compare(
        &self,
        path: &AttrPath,
        op: CompareOp,
        value: &CompValue,
    ) -> Option<Expr<users::table>> {
        let Some(target) = resolve(self.schema, path) else {
            return Some(constant(unknown_attribute(op, value)));
        };
        if target.extension {
            return None;
        }
        let sub = AttrPath::new(target.sub.clone().unwrap_or_else(|| "value".into()));
        match target.attr.as_str() {
            "emails" => Some(emails_where(EmailColumns.compare(&sub, op, value)?)),
            "groups" => Some(groups_where(GroupRefColumns.compare(&sub, op, value)?)),
            _ => self.column(&target, |kind| compare(op, value, kind)),
        }
    }

    fn present(&self, path: &AttrPath) -> Option<Expr<users::table>> {
        let Some(target) = resolve(self.schema, path) else {
            return Some(constant(false));
        };
        if target.extension {
            return None;
        }
        match (target.attr.as_str(), target.sub.as_deref()) {
            // An email object may hold only sub-attributes the table does not keep.
            ("emails", None) => None,
            ("emails", Some(sub)) => Some(emails_where(EmailColumns.present(&AttrPath::new(sub))?)),
            ("groups", None) => Some(groups_where(constant(true))),
            ("groups", Some(sub)) => {
                Some(groups_where(GroupRefColumns.present(&AttrPath::new(sub))?))
            }
            ("meta", None) => Some(constant(true)),
            _ => self.column(&target, |_| Some(Leaf::Present)),
        }
    }

    fn value_path(&self, path: &AttrPath, filter: &Filter) -> Option<Expr<users::table>> {
        let Some(target) = resolve(self.schema, path) else {
            return Some(constant(false));
        };
        if target.extension || target.sub.is_some() {
            return None;
        }
        match target.attr.as_str() {
            "emails" => Some(emails_where(full(&EmailColumns, filter)?)),
            "groups" => Some(groups_where(full(&GroupRefColumns, filter)?)),
            _ => None,
        }
    }
}

/// The sub-attribute named by a path inside `emails[...]` or after `emails.`.
fn sub_name(path: &AttrPath) -> Option<&str> {
    if path.schema.is_some() || path.sub_attr.is_some() {
        return None;
    }
    ["value", "type", "primary", "display"]
        .into_iter()
        .find(|n| path.attr.eq_ignore_ascii_case(n))
}

impl EmailColumns {
    fn column(path: &AttrPath, leaf: Leaf) -> Option<Expr<user_emails::table>> {
        match sub_name(path)? {
            "value" => text_leaf!(user_emails::value_key, nullable, leaf),
            "type" => text_leaf!(user_emails::type_key, nullable, leaf),
            "primary" => bool_leaf!(user_emails::is_primary, nullable, leaf),
            _ => None,
        }
    }

    fn kind(path: &AttrPath) -> Option<Kind> {
        match sub_name(path)? {
            "value" | "type" => Some(CI),
            "primary" => Some(Kind::Bool),
            _ => None,
        }
    }
}

impl Columns<user_emails::table> for EmailColumns {
    fn compare(
        &self,
        path: &AttrPath,
        op: CompareOp,
        value: &CompValue,
    ) -> Option<Expr<user_emails::table>> {
        Self::column(path, compare(op, value, Self::kind(path)?)?)
    }

    fn present(&self, path: &AttrPath) -> Option<Expr<user_emails::table>> {
        Self::column(path, Leaf::Present)
    }

    fn value_path(&self, _path: &AttrPath, _filter: &Filter) -> Option<Expr<user_emails::table>> {
        None
    }
}

impl Columns<group_members::table> for GroupRefColumns {
    fn compare(
        &self,
        path: &AttrPath,
        op: CompareOp,
        value: &CompValue,
    ) -> Option<Expr<group_members::table>> {
        // `groups.value` is case-insensitive in the User schema; group ids are generated
        // lowercase, so the column is its own key.
        if sub_name(path)? != "value" {
            return None;
        }
        text_leaf!(group_members::group_id, compare(op, value, CI)?)
    }

    fn present(&self, path: &AttrPath) -> Option<Expr<group_members::table>> {
        if sub_name(path)? != "value" {
            return None;
        }
        text_leaf!(group_members::group_id, Leaf::Present)
    }

    fn value_path(&self, _path: &AttrPath, _filter: &Filter) -> Option<Expr<group_members::table>> {
        None
    }
}

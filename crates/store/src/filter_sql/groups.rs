//! Group attributes that live in indexed columns: `id`, `displayName` (key), `externalId`,
//! `meta.created`, `meta.lastModified`, `meta.resourceType` and `members.value`
//! (table `group_members`).

use diesel::QueryDsl;
use scim_core::filter::{CompValue, CompareOp, Filter};
use scim_core::schema::ResourceSchema;
use scim_core::AttrPath;

use super::expr::{constant, text_leaf, time_leaf, Expr};
use super::leaf::{compare, Kind, Leaf};
use super::resolve::{resolve, unknown_attribute, Target};
use super::split::{full, Columns};
use super::subquery::InSubquery;
use crate::schema::{group_members, groups};

const CI: Kind = Kind::Text { case_exact: false };
const CE: Kind = Kind::Text { case_exact: true };

/// The Group resource over table `groups`.
pub(crate) struct GroupColumns<'s, 'a> {
    pub(crate) schema: &'s ResourceSchema<'a>,
}

/// One item of `members` over table `group_members` (`value` = user id, case-exact).
struct MemberColumns;

impl GroupColumns<'_, '_> {
    fn column(
        &self,
        target: &Target,
        leaf: impl FnOnce(Kind) -> Option<Leaf>,
    ) -> Option<Expr<groups::table>> {
        match (target.attr.as_str(), target.sub.as_deref()) {
            ("id", None) => text_leaf!(groups::id, leaf(CE)?),
            ("externalId", None) => text_leaf!(groups::external_id, nullable, leaf(CE)?),
            ("displayName", None) => text_leaf!(groups::display_name_key, leaf(CI)?),
            ("meta", Some("created")) => time_leaf!(groups::created, leaf(Kind::Time)?),
            ("meta", Some("lastModified")) => time_leaf!(groups::last_modified, leaf(Kind::Time)?),
            ("meta", Some("resourceType")) => super::resolve::resource_type("Group", leaf(CE)?),
            _ => None,
        }
    }
}

fn members_where(inner: Expr<group_members::table>) -> Expr<groups::table> {
    Box::new(InSubquery::new(
        groups::id,
        group_members::table
            .filter(inner)
            .select(group_members::group_id)
            .into_boxed(),
    ))
}

impl Columns<groups::table> for GroupColumns<'_, '_> {
    fn compare(
        &self,
        path: &AttrPath,
        op: CompareOp,
        value: &CompValue,
    ) -> Option<Expr<groups::table>> {
        let Some(target) = resolve(self.schema, path) else {
            return Some(constant(unknown_attribute(op, value)));
        };
        if target.extension {
            return None;
        }
        if target.attr == "members" {
            let sub = AttrPath::new(target.sub.clone().unwrap_or_else(|| "value".into()));
            return Some(members_where(MemberColumns.compare(&sub, op, value)?));
        }
        self.column(&target, |kind| compare(op, value, kind))
    }

    fn present(&self, path: &AttrPath) -> Option<Expr<groups::table>> {
        let Some(target) = resolve(self.schema, path) else {
            return Some(constant(false));
        };
        if target.extension {
            return None;
        }
        match (target.attr.as_str(), target.sub.as_deref()) {
            ("members", None) => Some(members_where(constant(true))),
            ("members", Some(sub)) => {
                Some(members_where(MemberColumns.present(&AttrPath::new(sub))?))
            }
            ("meta", None) => Some(constant(true)),
            _ => self.column(&target, |_| Some(Leaf::Present)),
        }
    }

    fn value_path(&self, path: &AttrPath, filter: &Filter) -> Option<Expr<groups::table>> {
        let Some(target) = resolve(self.schema, path) else {
            return Some(constant(false));
        };
        if target.extension || target.sub.is_some() || target.attr != "members" {
            return None;
        }
        Some(members_where(full(&MemberColumns, filter)?))
    }
}

fn is_value(path: &AttrPath) -> bool {
    path.schema.is_none() && path.sub_attr.is_none() && path.attr.eq_ignore_ascii_case("value")
}

impl Columns<group_members::table> for MemberColumns {
    fn compare(
        &self,
        path: &AttrPath,
        op: CompareOp,
        value: &CompValue,
    ) -> Option<Expr<group_members::table>> {
        if !is_value(path) {
            return None;
        }
        text_leaf!(group_members::user_id, compare(op, value, CE)?)
    }

    fn present(&self, path: &AttrPath) -> Option<Expr<group_members::table>> {
        if !is_value(path) {
            return None;
        }
        text_leaf!(group_members::user_id, Leaf::Present)
    }

    fn value_path(&self, _path: &AttrPath, _filter: &Filter) -> Option<Expr<group_members::table>> {
        None
    }
}

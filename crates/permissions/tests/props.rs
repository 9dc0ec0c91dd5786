//! Property tests: resolution and the scope predicate against plain reference
//! implementations written here, over generated roles, groups, OUs and records.

use permissions::{
    diff, group_key, resolve, Access, Computer, EffectiveAccess, EndUser, OuPath, Permissions,
    Platform, Role, RoleIndex, RoleMatch, Scope,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Names with case and whitespace variants.

const NAMES: &[&str] = &[
    "Data",
    "ServerSupport",
    "Default",
    "Ärzte",
    "Σίσυφος",
    "Sales Team",
    "x",
    "Data2",
];

/// A name from the pool, or an arbitrary one, written in some case with some padding.
fn name() -> impl Strategy<Value = String> {
    let pooled = (0..NAMES.len(), 0..3u8, 0..4u8).prop_map(|(i, case, pad)| {
        let base = NAMES[i];
        let cased = match case {
            0 => base.to_owned(),
            1 => base.to_uppercase(),
            _ => base.to_lowercase(),
        };
        match pad {
            0 => cased,
            1 => format!(" {cased}"),
            2 => format!("{cased}\t "),
            _ => format!("  {cased} "),
        }
    });
    prop_oneof![4 => pooled, 1 => "\\PC{0,6}"]
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

// ---------------------------------------------------------------------------------------
// Resolution.

fn roles() -> impl Strategy<Value = Vec<Role>> {
    prop::collection::vec((name(), prop::bool::weighted(0.2), any::<u8>()), 0..8).prop_map(
        |specs| {
            specs
                .into_iter()
                .map(|(source_group, is_default, bits)| Role {
                    source_group,
                    is_default,
                    permissions: Permissions {
                        users: bits & 1 != 0,
                        settings: bits & 2 != 0,
                        inventory: bits & 4 != 0,
                        requests: bits & 8 != 0,
                        auditlog: bits & 16 != 0,
                        reports: bits & 32 != 0,
                    },
                    scope: Scope {
                        manage_mac: bits & 64 != 0,
                        ..Scope::all()
                    },
                })
                .collect()
        },
    )
}

#[derive(Debug, PartialEq)]
enum Expected {
    Group(usize),
    Default(usize),
    Full,
    Nothing,
}

/// PRODUCT.md §5, read literally: the first role in list order whose (non-blank) source
/// group is one of the user's groups, else the first default role, else full access when
/// there are no roles, else no access.
fn reference_resolve(roles: &[Role], groups: &[String]) -> Expected {
    for (index, role) in roles.iter().enumerate() {
        let wanted = key(&role.source_group);
        if !wanted.is_empty() && groups.iter().any(|g| key(g) == wanted) {
            return Expected::Group(index);
        }
    }
    if let Some(index) = roles.iter().position(|r| r.is_default) {
        return Expected::Default(index);
    }
    if roles.is_empty() {
        Expected::Full
    } else {
        Expected::Nothing
    }
}

fn observed(access: Access<'_>) -> Expected {
    match access {
        Access::Role {
            index,
            matched: RoleMatch::Group,
            ..
        } => Expected::Group(index),
        Access::Role {
            index,
            matched: RoleMatch::Default,
            ..
        } => Expected::Default(index),
        Access::Full => Expected::Full,
        Access::None => Expected::Nothing,
    }
}

proptest! {
    #[test]
    fn resolution_matches_the_reference(roles in roles(), groups in prop::collection::vec(name(), 0..6)) {
        let expected = reference_resolve(&roles, &groups);
        let index = RoleIndex::new(&roles);
        let access = index.resolve(&groups);
        if let Access::Role { index: at, role, .. } = access {
            prop_assert!(std::ptr::eq(role, &roles[at]));
            prop_assert_eq!(access.effective(), EffectiveAccess::of_role(&roles[at]));
        }
        prop_assert_eq!(observed(access), expected);
        prop_assert_eq!(observed(resolve(&roles, &groups)), observed(access));
        // Group keys are names of the same groups.
        let keys: Vec<String> = groups.iter().map(|g| group_key(g)).collect();
        prop_assert_eq!(observed(index.resolve(&keys)), observed(access));
    }

    #[test]
    fn group_order_does_not_matter(roles in roles(), mut groups in prop::collection::vec(name(), 0..6)) {
        let before = observed(resolve(&roles, &groups));
        groups.reverse();
        prop_assert_eq!(observed(resolve(&roles, &groups)), before);
    }
}

// ---------------------------------------------------------------------------------------
// OUs: generated as component lists, written as paths or DNs in varying case.

const ROOTS: &[&str] = &["corp", "Corp.Example.com", "other"];
const UNITS: &[&str] = &[
    "Sales",
    "EMEA",
    "HR",
    "SalesX",
    "Ärzte",
    "a, b",
    r"back\slash",
    "North America",
];

/// Components root first.
fn ou_components() -> impl Strategy<Value = Vec<String>> {
    (0..ROOTS.len(), prop::collection::vec(0..UNITS.len(), 0..4)).prop_map(|(root, units)| {
        std::iter::once(ROOTS[root])
            .chain(units.into_iter().map(|u| UNITS[u]))
            .map(str::to_owned)
            .collect()
    })
}

#[derive(Debug, Clone, Copy)]
enum Form {
    Path { slashes: bool, spaces: bool },
    Dn { object: bool, lower_types: bool },
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        (any::<bool>(), any::<bool>()).prop_map(|(slashes, spaces)| Form::Path { slashes, spaces }),
        (any::<bool>(), any::<bool>()).prop_map(|(object, lower_types)| Form::Dn {
            object,
            lower_types
        }),
    ]
}

fn recase(text: &str, case: u8) -> String {
    match case % 3 {
        0 => text.to_owned(),
        1 => text.to_uppercase(),
        _ => text.to_lowercase(),
    }
}

fn escape_dn(value: &str) -> String {
    value.replace('\\', r"\\").replace(',', r"\,")
}

fn render(components: &[String], form: Form, case: u8) -> String {
    let parts: Vec<String> = components.iter().map(|c| recase(c, case)).collect();
    match form {
        Form::Path { slashes, spaces } => {
            let path = parts.join(if spaces { " / " } else { "/" });
            if slashes {
                format!(" /{path}/ ")
            } else {
                path
            }
        }
        Form::Dn {
            object,
            lower_types,
        } => {
            let (ou, dc, cn) = if lower_types {
                ("ou", "dc", "cn")
            } else {
                ("OU", "DC", "CN")
            };
            let mut rdns: Vec<String> = Vec::new();
            if object {
                rdns.push(format!("{cn}=PC1"));
            }
            rdns.extend(
                parts[1..]
                    .iter()
                    .rev()
                    .map(|unit| format!("{ou}={}", escape_dn(unit))),
            );
            rdns.extend(parts[0].split('.').map(|label| format!("{dc}={label}")));
            rdns.join(",")
        }
    }
}

fn lowered(components: &[String]) -> Vec<String> {
    components.iter().map(|c| c.to_lowercase()).collect()
}

/// `outer` is `inner` or one of its ancestors.
fn reference_contains(outer: &[String], inner: &[String]) -> bool {
    let (outer, inner) = (lowered(outer), lowered(inner));
    outer.len() <= inner.len() && outer.iter().zip(&inner).all(|(a, b)| a == b)
}

fn parsed(text: &str) -> Result<OuPath, TestCaseError> {
    OuPath::parse(text).map_err(|err| TestCaseError::fail(format!("{text:?}: {err}")))
}

proptest! {
    #[test]
    fn every_notation_parses_to_the_components(components in ou_components(), form in form(), case in any::<u8>()) {
        let text = render(&components, form, case);
        let ou = parsed(&text)?;
        prop_assert_eq!(lowered(ou.components()), lowered(&components), "{}", text);
        prop_assert_eq!(&ou, &parsed(&render(&components, Form::Path { slashes: false, spaces: false }, 0))?);
    }

    #[test]
    fn nesting_matches_the_reference(
        outer in ou_components(), inner in ou_components(),
        forms in (form(), form()), cases in any::<(u8, u8)>(),
    ) {
        let a = parsed(&render(&outer, forms.0, cases.0))?;
        let b = parsed(&render(&inner, forms.1, cases.1))?;
        prop_assert_eq!(a.contains(&b), reference_contains(&outer, &inner));
        prop_assert_eq!(a == b, lowered(&outer) == lowered(&inner));
    }

    #[test]
    fn an_ou_contains_everything_below_it(outer in ou_components(), tail in prop::collection::vec(0..UNITS.len(), 0..3), forms in (form(), form())) {
        let mut inner = outer.clone();
        inner.extend(tail.iter().map(|&u| UNITS[u].to_owned()));
        let a = parsed(&render(&outer, forms.0, 0))?;
        let b = parsed(&render(&inner, forms.1, 1))?;
        prop_assert!(a.contains(&b));
        prop_assert_eq!(b.contains(&a), tail.is_empty());
    }

    #[test]
    fn parsing_never_panics(text in "\\PC{0,40}") {
        let _ = OuPath::parse(&text);
    }
}

// ---------------------------------------------------------------------------------------
// The scope predicate.

const GROUPS: &[&str] = &["WindowsUsers", "Laptops", "Data", "Ärzte"];

fn group_name() -> impl Strategy<Value = String> {
    (0..GROUPS.len(), any::<u8>(), any::<bool>()).prop_map(|(i, case, pad)| {
        let name = recase(GROUPS[i], case);
        if pad {
            format!(" {name} ")
        } else {
            name
        }
    })
}

fn groups() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(group_name(), 0..3)
}

/// An OU as components plus the text it is written as.
#[derive(Debug, Clone)]
struct Ou {
    components: Vec<String>,
    text: String,
}

fn ou() -> impl Strategy<Value = Ou> {
    (ou_components(), form(), any::<u8>()).prop_map(|(components, form, case)| Ou {
        text: render(&components, form, case),
        components,
    })
}

fn ous() -> impl Strategy<Value = Vec<Ou>> {
    prop::collection::vec(ou(), 0..3)
}

#[derive(Debug, Clone)]
struct Party {
    groups: Vec<String>,
    ou: Option<Ou>,
}

fn party() -> impl Strategy<Value = Option<Party>> {
    prop::option::weighted(
        0.85,
        (groups(), prop::option::weighted(0.9, ou())).prop_map(|(groups, ou)| Party { groups, ou }),
    )
}

#[derive(Debug, Clone)]
struct ScopeSpec {
    manage_mac: bool,
    end_user_groups: Vec<String>,
    end_user_ous: Vec<Ou>,
    computer_groups: Vec<String>,
    computer_ous: Vec<Ou>,
}

fn scope_spec() -> impl Strategy<Value = ScopeSpec> {
    // Lists are mostly empty so that records are often visible.
    let sparse_groups = prop_oneof![2 => Just(Vec::new()), 1 => groups()];
    let sparse_ous = prop_oneof![2 => Just(Vec::new()), 1 => ous()];
    (
        any::<bool>(),
        sparse_groups.clone(),
        sparse_ous.clone(),
        sparse_groups,
        sparse_ous,
    )
        .prop_map(
            |(manage_mac, end_user_groups, end_user_ous, computer_groups, computer_ous)| {
                ScopeSpec {
                    manage_mac,
                    end_user_groups,
                    end_user_ous,
                    computer_groups,
                    computer_ous,
                }
            },
        )
}

fn texts(ous: &[Ou]) -> Vec<String> {
    ous.iter().map(|ou| ou.text.clone()).collect()
}

/// PRODUCT.md §5 read literally; a list that restricts a party the record lacks hides it.
fn reference_allows(
    scope: &ScopeSpec,
    end_user: Option<&Party>,
    computer: Option<(&Party, Platform)>,
) -> bool {
    let mac = computer.is_some_and(|(_, platform)| platform == Platform::Mac);
    let in_groups = |list: &[String], party: Option<&Party>| {
        list.is_empty()
            || party.is_some_and(|p| {
                p.groups
                    .iter()
                    .any(|g| list.iter().any(|l| key(l) == key(g)))
            })
    };
    let in_ous = |list: &[Ou], party: Option<&Party>| {
        list.is_empty()
            || party.and_then(|p| p.ou.as_ref()).is_some_and(|ou| {
                list.iter()
                    .any(|l| reference_contains(&l.components, &ou.components))
            })
    };
    let pc = computer.map(|(party, _)| party);
    (!mac || scope.manage_mac)
        && in_groups(&scope.end_user_groups, end_user)
        && in_ous(&scope.end_user_ous, end_user)
        && in_groups(&scope.computer_groups, pc)
        && in_ous(&scope.computer_ous, pc)
}

fn platform() -> impl Strategy<Value = Platform> {
    prop_oneof![
        Just(Platform::Windows),
        Just(Platform::Mac),
        Just(Platform::Linux)
    ]
}

proptest! {
    #[test]
    fn the_scope_predicate_matches_the_reference(
        spec in scope_spec(), end_user in party(), computer in party(), platform in platform(),
    ) {
        let scope = Scope {
            manage_mac: spec.manage_mac,
            end_user_groups: spec.end_user_groups.clone(),
            end_user_ous: texts(&spec.end_user_ous),
            computer_groups: spec.computer_groups.clone(),
            computer_ous: texts(&spec.computer_ous),
        };
        let eu = end_user.as_ref().map(|p| EndUser {
            upn: "u@corp".into(),
            name: "U".into(),
            ou: p.ou.as_ref().map(|ou| ou.text.clone()),
            groups: p.groups.clone(),
        });
        let pc = computer.as_ref().map(|p| Computer {
            name: "PC1".into(),
            platform,
            ou: p.ou.as_ref().map(|ou| ou.text.clone()),
            groups: p.groups.clone(),
            user: None,
        });
        let expected = reference_allows(&spec, end_user.as_ref(), computer.as_ref().map(|p| (p, platform)));
        prop_assert_eq!(scope.allows(eu.as_ref(), pc.as_ref()), expected);
        prop_assert_eq!(scope.filter().allows(eu.as_ref(), pc.as_ref()), expected);
    }
}

// ---------------------------------------------------------------------------------------
// Diffs.

proptest! {
    #[test]
    fn diffs_are_symmetric_and_empty_only_without_change(roles in roles(), a in groups(), b in groups()) {
        let before = resolve(&roles, &a).effective();
        let after = resolve(&roles, &b).effective();
        let forward = diff(&before, &after);
        let backward = diff(&after, &before);
        prop_assert_eq!(forward.is_none(), before == after);
        prop_assert_eq!(forward.as_ref().map(|d| d.from_text()), backward.as_ref().map(|d| d.to_text()));
        prop_assert_eq!(forward.as_ref().map(|d| d.to_text()), backward.as_ref().map(|d| d.from_text()));
        prop_assert!(diff(&before, &before).is_none());
    }
}

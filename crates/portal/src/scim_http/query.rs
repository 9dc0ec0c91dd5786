//! Query parameters of SCIM list requests (RFC 7644 §3.4.2), read case-insensitively.

use scim_core::{ScimError, ScimType};

/// The list parameters, from a query string or a `/.search` body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListParams {
    /// `filter`, as text.
    pub filter: Option<String>,
    /// `startIndex` (1-based; values below 1 are read as 1).
    pub start_index: usize,
    /// `count`, capped at the page limit; `None` when not given.
    pub count: Option<usize>,
    /// `sortBy`.
    pub sort_by: Option<String>,
    /// `sortOrder=descending`.
    pub descending: bool,
    /// `attributes`, comma-separated.
    pub attributes: Option<String>,
    /// `excludedAttributes`, comma-separated.
    pub excluded_attributes: Option<String>,
}

fn integer(name: &str, value: &str) -> Result<i64, ScimError> {
    value.trim().parse::<i64>().map_err(|_| {
        ScimError::bad_request(
            ScimType::InvalidValue,
            format!("{name} must be an integer, not {value:?}"),
        )
    })
}

impl ListParams {
    /// Reads the parameters from decoded query pairs. Unknown parameters are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, ScimError> {
        let mut p = ListParams {
            start_index: 1,
            ..ListParams::default()
        };
        for (k, v) in pairs {
            match k.to_ascii_lowercase().as_str() {
                "filter" => p.filter = Some(v.clone()),
                "startindex" => p.start_index = integer("startIndex", v)?.max(1) as usize,
                "count" => p.count = Some(integer("count", v)?.max(0) as usize),
                "sortby" => p.sort_by = Some(v.clone()),
                "sortorder" => p.descending = parse_sort_order(v)?,
                "attributes" => p.attributes = Some(v.clone()),
                "excludedattributes" => p.excluded_attributes = Some(v.clone()),
                _ => {}
            }
        }
        Ok(p)
    }

    /// The page size to serve: `count` (default `max`) capped at `max`.
    pub fn page_size(&self, max: usize) -> usize {
        self.count.unwrap_or(max).min(max)
    }
}

/// `ascending` (default) or `descending`, case-insensitive.
pub fn parse_sort_order(v: &str) -> Result<bool, ScimError> {
    match v.to_ascii_lowercase().as_str() {
        "ascending" | "" => Ok(false),
        "descending" => Ok(true),
        _ => Err(ScimError::bad_request(
            ScimType::InvalidValue,
            format!("sortOrder must be \"ascending\" or \"descending\", not {v:?}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| ((*a).into(), (*b).into())).collect()
    }

    #[test]
    fn reads_okta_paging_and_filter() {
        let p = ListParams::from_pairs(&pairs(&[
            ("filter", "userName eq \"a\""),
            ("startIndex", "101"),
            ("count", "100"),
        ]))
        .unwrap();
        assert_eq!(p.filter.as_deref(), Some("userName eq \"a\""));
        assert_eq!(p.start_index, 101);
        assert_eq!(p.page_size(1000), 100);
    }

    #[test]
    fn clamps_out_of_range_values_and_rejects_non_integers() {
        let p = ListParams::from_pairs(&pairs(&[("startindex", "0"), ("COUNT", "-5")])).unwrap();
        assert_eq!(p.start_index, 1);
        assert_eq!(p.page_size(1000), 0);
        assert_eq!(
            ListParams::from_pairs(&pairs(&[])).unwrap().page_size(50),
            50
        );
        let e = ListParams::from_pairs(&pairs(&[("count", "ten")])).unwrap_err();
        assert_eq!(e.status, 400);
        assert!(ListParams::from_pairs(&pairs(&[("sortOrder", "sideways")])).is_err());
    }
}

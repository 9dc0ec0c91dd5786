//! The bridge to the filter module: parsing a value filter and finding the values of a
//! multi-valued attribute that it selects.

use serde_json::Value;

use crate::filter::{parse, Filter};
use crate::message::ScimError;
use crate::path::AttrPath;
use crate::schema::ResourceSchema;

use super::target::Target;

/// Parses the text between `[` and `]` of a value path; the error is the parser's message.
pub(crate) fn parse_value_filter(text: &str) -> Result<Filter, String> {
    parse(text).map_err(|e| e.to_string())
}

/// The indices of `values` that the target's filter selects (all of them without a
/// filter). A filter that cannot apply to the attribute's values (`gt` on a boolean) is
/// 400 `invalidFilter`.
pub(crate) fn matching(
    values: &[Value],
    target: &Target<'_, '_>,
    schema: &ResourceSchema<'_>,
) -> Result<Vec<usize>, ScimError> {
    let Some(filter) = target.filter else {
        return Ok((0..values.len()).collect());
    };
    let attribute = AttrPath {
        schema: target.extension.map(str::to_owned),
        attr: target.attribute.name.clone(),
        sub_attr: None,
    };
    let bound = filter.bind_within(schema, &attribute)?;
    Ok(values
        .iter()
        .enumerate()
        .filter(|(_, v)| bound.matches(v))
        .map(|(i, _)| i)
        .collect())
}

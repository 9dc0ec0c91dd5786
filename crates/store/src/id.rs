//! Ids of new rows: UUIDv7 strings (time-ordered, lowercase hyphenated).

/// A new id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// How many ids one `IN (...)` list or multi-row insert carries (well under SQLite's 32766
/// and PostgreSQL's 65535 bind parameters).
pub(crate) const CHUNK: usize = 500;

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_lowercase_and_increase() {
        let a = super::new_id();
        let b = super::new_id();
        assert_eq!(a, a.to_lowercase());
        assert!(a < b);
    }
}

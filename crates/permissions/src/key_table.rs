//! The role index's lookup table: group key → role position, queried with raw group names.
//!
//! Resolution looks up every group of every user, so this avoids what a `HashMap<String, _>`
//! lookup would cost per name: trimming through Unicode tables, copying the name to
//! lowercase it, and SipHash. For ASCII names (the usual case) the hash is computed over the
//! name lowercased on the fly, eight bytes at a time, and candidates are compared ignoring
//! ASCII case; other names take the exact path through [`group_key`](crate::group_key).
//!
//! The hash is not randomised. That is safe here: the table's keys are the role list, which
//! only administrators write, so a lookup (user groups come from the IdP) can at worst probe
//! that small, fixed table.

/// Open addressing with linear probing; never more than half full.
#[derive(Debug, Clone)]
pub(crate) struct KeyTable {
    /// Length is a power of two.
    slots: Vec<Slot>,
    /// (normalised key, value), in insertion order.
    entries: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    hash: u64,
    /// 0 for an empty slot, else the index into `entries` plus one.
    entry: usize,
}

impl KeyTable {
    /// An empty table for up to `capacity` keys.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let slots = (capacity.max(4) * 2).next_power_of_two();
        KeyTable {
            slots: vec![Slot::default(); slots],
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Adds `key` (already normalised) unless present; the first value for a key stays.
    pub(crate) fn insert_if_absent(&mut self, key: String, value: usize) {
        if self.get_key(&key).is_some() {
            return;
        }
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let hash = hash_lowered(key.as_bytes()).0;
        self.entries.push((key, value));
        let entry = self.entries.len();
        self.place(hash, entry);
    }

    /// The value for an already normalised key (compared exactly).
    pub(crate) fn get_key(&self, key: &str) -> Option<usize> {
        let hash = hash_lowered(key.as_bytes()).0;
        self.find(hash, |candidate| candidate == key)
    }

    /// The value for a group name as written: trimmed and compared ignoring case.
    pub(crate) fn get_name(&self, name: &str) -> Option<usize> {
        let name = trim(name);
        let (hash, ascii) = hash_lowered(name.as_bytes());
        if !ascii {
            return self.get_key(&name.to_lowercase());
        }
        // A key is lowercase: it equals the name's key when equal ignoring ASCII case.
        self.find(hash, |candidate| {
            candidate.as_bytes().eq_ignore_ascii_case(name.as_bytes())
        })
    }

    fn find(&self, hash: u64, matches: impl Fn(&str) -> bool) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut at = bucket(hash) & mask;
        loop {
            let slot = self.slots.get(at)?;
            if slot.entry == 0 {
                return None;
            }
            if slot.hash == hash {
                if let Some((key, value)) = self.entries.get(slot.entry - 1) {
                    if matches(key) {
                        return Some(*value);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    fn place(&mut self, hash: u64, entry: usize) {
        let mask = self.slots.len() - 1;
        let mut at = bucket(hash) & mask;
        while let Some(slot) = self.slots.get_mut(at) {
            if slot.entry == 0 {
                *slot = Slot { hash, entry };
                return;
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let doubled = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for slot in old.into_iter().filter(|slot| slot.entry != 0) {
            self.place(slot.hash, slot.entry);
        }
    }
}

/// `str::trim`, skipped when both ends are visible ASCII characters.
fn trim(name: &str) -> &str {
    match (name.as_bytes().first(), name.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => name,
        _ => name.trim(),
    }
}

fn bucket(hash: u64) -> usize {
    // The top bits are the best mixed; usize is at least 32 bits on supported targets.
    (hash >> 32) as usize
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = ONES * 0x80;
const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

/// Lowercases the ASCII letters among eight bytes, leaving all other bytes alone.
fn lower_ascii_word(word: u64) -> u64 {
    let ascii = !word & HIGH_BITS;
    let low7 = word & !HIGH_BITS;
    // Per byte, no carry crosses into the next: the high bit says "≥ 'A'" / "> 'Z'".
    let at_least_a = low7 + ONES * (0x80 - u64::from(b'A'));
    let above_z = low7 + ONES * (0x80 - u64::from(b'Z') - 1);
    let upper = at_least_a & !above_z & ascii;
    word | (upper >> 2)
}

/// The last `rest.len()` (1 to 7) bytes of `bytes` as a word, zero-padded: one overlapping
/// load when `bytes` has eight or more (a byte-wise copy to a buffer stalls the load).
fn tail_word(bytes: &[u8], rest: &[u8]) -> u64 {
    match bytes
        .len()
        .checked_sub(8)
        .and_then(|start| bytes.get(start..))
    {
        Some(last8) => {
            let mut word = [0; 8];
            word.copy_from_slice(last8);
            u64::from_le_bytes(word) >> (8 * (8 - rest.len()))
        }
        None => rest
            .iter()
            .rev()
            .fold(0, |word, &byte| (word << 8) | u64::from(byte)),
    }
}

/// The hash of `bytes` with ASCII letters lowercased, and whether all bytes are ASCII.
fn hash_lowered(bytes: &[u8]) -> (u64, bool) {
    let mut hash = (bytes.len() as u64).wrapping_mul(MULTIPLIER);
    let mut seen = 0;
    let mut add = |word: u64| {
        seen |= word;
        hash = (hash.rotate_left(5) ^ lower_ascii_word(word)).wrapping_mul(MULTIPLIER);
    };
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        add(u64::from_le_bytes(word));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        add(tail_word(bytes, rest));
    }
    let mixed = hash ^ (hash >> 29);
    (
        mixed.wrapping_mul(MULTIPLIER) ^ (mixed >> 32),
        seen & HIGH_BITS == 0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group_key;
    use std::collections::HashSet;

    #[test]
    fn word_lowercasing_touches_only_ascii_capitals() {
        for byte in 0..=255u8 {
            let word = u64::from_le_bytes([byte, b'Q', 0xC3, 0x84, b'@', b'[', b'z', 0xFF]);
            let lowered = lower_ascii_word(word).to_le_bytes();
            assert_eq!(lowered[0], byte.to_ascii_lowercase(), "byte {byte:#x}");
            assert_eq!(&lowered[1..], &[b'q', 0xC3, 0x84, b'@', b'[', b'z', 0xFF]);
        }
    }

    #[test]
    fn names_find_their_keys_in_any_case_and_padding() {
        let groups = [
            "Data",
            "ServerSupport",
            "Ärzte",
            "x",
            "department 017 staff",
            "\u{212A}elvin",
        ];
        let mut table = KeyTable::with_capacity(1);
        for (position, group) in groups.iter().enumerate() {
            table.insert_if_absent(group_key(group), position);
        }
        for (position, group) in groups.iter().enumerate() {
            for variant in [
                group.to_string(),
                group.to_uppercase(),
                format!("  {} ", group.to_lowercase()),
            ] {
                assert_eq!(table.get_name(&variant), Some(position), "{variant:?}");
                assert_eq!(
                    table.get_key(&group_key(&variant)),
                    Some(position),
                    "{variant:?}"
                );
            }
        }
        // The Kelvin sign lowercases to an ASCII "k": the ASCII spelling finds it too.
        assert_eq!(table.get_name("KELVIN"), Some(5));
        assert_eq!(table.get_name("Data2"), None);
        assert_eq!(table.get_name(""), None);
        assert_eq!(table.get_key("DATA"), None, "keys are compared exactly");
    }

    #[test]
    fn the_first_value_for_a_key_stays_and_growth_keeps_everything() {
        let mut table = KeyTable::with_capacity(0);
        for n in 0..500 {
            table.insert_if_absent(format!("group {n}"), n);
            table.insert_if_absent(format!("group {n}"), n + 1000);
        }
        for n in 0..500 {
            assert_eq!(table.get_name(&format!("GROUP {n}")), Some(n));
        }
        assert_eq!(table.get_name("group 500"), None);
    }

    #[test]
    fn tail_words_are_the_zero_padded_remainder() {
        let text = b"department 017 staff";
        for len in 1..=text.len() {
            let bytes = &text[..len];
            let rest = &bytes[len - len % 8..];
            if rest.is_empty() {
                continue;
            }
            let mut padded = [0; 8];
            padded[..rest.len()].copy_from_slice(rest);
            assert_eq!(
                tail_word(bytes, rest),
                u64::from_le_bytes(padded),
                "length {len}"
            );
        }
    }

    #[test]
    fn similar_keys_spread_over_buckets() {
        let keys: Vec<String> = (0..2000)
            .map(|n| format!("department {n:04} staff"))
            .collect();
        let hashes: HashSet<u64> = keys.iter().map(|k| hash_lowered(k.as_bytes()).0).collect();
        assert_eq!(hashes.len(), keys.len());
        let buckets: HashSet<usize> = keys
            .iter()
            .map(|k| bucket(hash_lowered(k.as_bytes()).0) & 63)
            .collect();
        assert_eq!(buckets.len(), 64);
        assert_ne!(hash_lowered(b"a").0, hash_lowered(b"a\0").0);
    }
}

//! The short reference of a request: a number a person can read out on the phone or type
//! into a message, where the id (`ip-` and 32 hex digits) is too long. Eight random
//! characters of Crockford's base32 (digits and letters without I, L, O and U), shown
//! grouped `K7Q2-M9XD`; read case-insensitively, with or without the hyphen and spaces, and
//! with Crockford's mappings of the look-alikes (O → 0, I and L → 1). 40 bits: unique by a
//! conditional marker in the store (a collision is retried with a fresh one), not
//! unguessable on its own: the status lookup asks for the e-mail address too, and is bounded.
//! The id stays the key of every link.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Crockford's base32 alphabet: the 32 symbols, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters of a reference.
pub const LENGTH: usize = 8;

/// A well-formed reference, in its canonical form (eight upper-case symbols, no hyphen).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(String);

impl Reference {
    /// A fresh random reference.
    pub fn random() -> Reference {
        let bytes: [u8; LENGTH] = rand::random();
        Reference(
            bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
                .collect(),
        )
    }

    /// Reads what a person typed: case-insensitive, hyphens and white space ignored, O read
    /// as 0 and I, L as 1. `None` unless exactly eight symbols remain.
    pub fn parse(typed: &str) -> Option<Reference> {
        let mut out = String::with_capacity(LENGTH);
        for c in typed.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) || out.len() == LENGTH {
                return None;
            }
            out.push(c);
        }
        (out.len() == LENGTH).then_some(Reference(out))
    }

    /// The canonical form: `K7Q2M9XD` (the store's key).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As people see it: `K7Q2-M9XD`.
    pub fn grouped(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl TryFrom<String> for Reference {
    type Error = String;

    /// The stored form must be canonical: anything else is corrupt, not re-read leniently.
    fn try_from(s: String) -> Result<Reference, String> {
        match Reference::parse(&s) {
            Some(r) if r.0 == s => Ok(r),
            _ => Err(format!("`{s}` is not a request reference")),
        }
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> String {
        r.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        assert_eq!(ALPHABET.len(), 32);
        for c in *b"ILOU" {
            assert!(!ALPHABET.contains(&c), "{}", c as char);
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), 32, "no symbol twice");
    }

    #[test]
    fn references_are_random_grouped_and_canonical() {
        let r = Reference::random();
        assert_eq!(r.as_str().len(), LENGTH);
        assert!(r.as_str().bytes().all(|b| ALPHABET.contains(&b)));
        let g = r.grouped();
        assert_eq!(g.len(), 9);
        assert_eq!(&g[4..5], "-");
        assert_eq!(g.replace('-', ""), r.as_str());
        assert_eq!(r.to_string(), g);
        assert_ne!(
            (0..4).map(|_| Reference::random()).collect::<Vec<_>>(),
            vec![r.clone(); 4]
        );
    }

    #[test]
    fn typing_is_forgiving_as_crockford_says() {
        let r = |s: &str| Reference::parse(s).map(|r| r.as_str().to_string());
        assert_eq!(r("K7Q2-M9XD").as_deref(), Some("K7Q2M9XD"));
        assert_eq!(r("k7q2m9xd").as_deref(), Some("K7Q2M9XD"));
        assert_eq!(r("  k7q2 m9xd\t").as_deref(), Some("K7Q2M9XD"));
        assert_eq!(r("K7Q2--M9XD").as_deref(), Some("K7Q2M9XD"));
        // The look-alikes: O is zero, I and L are one.
        assert_eq!(r("OOIL-oilo").as_deref(), Some("00110110"));
        // U is not a symbol; neither is anything outside ASCII or the alphabet.
        for bad in [
            "",
            "K7Q2-M9X",
            "K7Q2-M9XDA",
            "K7Q2-M9XU",
            "K7Q2_M9XD",
            "К7Q2-M9XD",
            "ip-k7q2m9xd",
            "K7Q2-M9X*",
            "K7Q2\u{200b}M9XD",
        ] {
            assert_eq!(r(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_stored_form_is_strict() {
        let ok: Reference = serde_json::from_str("\"K7Q2M9XD\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"K7Q2M9XD\"");
        for bad in ["\"K7Q2-M9XD\"", "\"k7q2m9xd\"", "\"O7Q2M9XD\"", "\"K7Q2\""] {
            assert!(serde_json::from_str::<Reference>(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_reference_reads_back_however_it_is_typed(
            bytes in proptest::array::uniform8(0u8..32),
            lower in proptest::collection::vec(any::<bool>(), 8),
            hyphen in any::<bool>(),
            spaces in 0usize..3,
        ) {
            let canonical: String = bytes.iter().map(|b| ALPHABET[*b as usize] as char).collect();
            let r = Reference::try_from(canonical.clone()).unwrap();
            prop_assert_eq!(Reference::parse(&r.grouped()), Some(r.clone()));
            let mut typed: String = canonical
                .chars()
                .zip(&lower)
                .map(|(c, l)| if *l { c.to_ascii_lowercase() } else { c })
                .collect();
            if hyphen {
                typed.insert(4, '-');
            }
            let typed = format!("{}{typed}{}", " ".repeat(spaces), " ".repeat(spaces));
            prop_assert_eq!(Reference::parse(&typed), Some(r));
        }
    }
}

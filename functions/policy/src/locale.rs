//! The three locales of the product, in the order they are shown (the state language first).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    Kk,
    Ru,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Kk, Locale::Ru, Locale::En];
    /// The language of the source text and of the printed URLs.
    pub const DEFAULT: Locale = Locale::Ru;

    /// The position in `ALL`, for per-locale arrays.
    pub fn index(self) -> usize {
        match self {
            Locale::Kk => 0,
            Locale::Ru => 1,
            Locale::En => 2,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Locale::Kk => "kk",
            Locale::Ru => "ru",
            Locale::En => "en",
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (pos, part) in header.split(',').enumerate() {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let Ok(locale) = primary.to_ascii_lowercase().parse::<Locale>() else {
                continue;
            };
            if q <= 0.0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((bq, bpos, _)) => q > bq || (q == bq && pos < bpos),
            };
            if better {
                best = Some((q, pos, locale));
            }
        }
        best.map(|(_, _, l)| l)
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown locale {0:?} (expected kk, ru or en)")]
pub struct UnknownLocale(pub String);

impl FromStr for Locale {
    type Err = UnknownLocale;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "kk" => Ok(Locale::Kk),
            "ru" => Ok(Locale::Ru),
            "en" => Ok(Locale::En),
            other => Err(UnknownLocale(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_q() {
        assert_eq!(
            Locale::from_accept_language("en;q=0.5, kk-KZ"),
            Some(Locale::Kk)
        );
        assert_eq!(
            Locale::from_accept_language("de, ru;q=0.3, en;q=0.4"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("de, fr"), None);
        assert_eq!(Locale::from_accept_language(""), None);
        assert_eq!(Locale::from_accept_language("ru;q=0"), None);
    }
}

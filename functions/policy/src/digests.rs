//! `content/page-digests.toml`, written by the site's build: the policy version in force and
//! the SHA-256 of each current page's text by page and language. The intake function
//! compiles it in and records with each request the version and the digest of the privacy
//! page its requester could read.

use crate::{Facts, Locale};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageDigests {
    /// The `policy.version` the pages were built from.
    pub version: String,
    /// Page slug → language code → SHA-256 (hex).
    pub pages: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum DigestsError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// The page whose digest each request records.
pub const PRIVACY: &str = "privacy";

impl PageDigests {
    /// Parses the file and checks that the privacy page has a SHA-256 for every language.
    pub fn from_toml(text: &str, file: &str) -> Result<PageDigests, DigestsError> {
        let invalid = |message: String| DigestsError::Invalid {
            file: file.to_string(),
            message,
        };
        let digests: PageDigests = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if digests.version.trim().is_empty() {
            return Err(invalid("`version` is empty".into()));
        }
        let privacy = digests
            .pages
            .get(PRIVACY)
            .ok_or_else(|| invalid(format!("has no [pages.{PRIVACY}]")))?;
        for locale in Locale::ALL {
            let d = privacy
                .get(locale.code())
                .ok_or_else(|| invalid(format!("[pages.{PRIVACY}] has no `{}`", locale.code())))?;
            if d.len() != 64 || !d.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(invalid(format!(
                    "[pages.{PRIVACY}].{} is not a SHA-256 in lower-case hex",
                    locale.code()
                )));
            }
        }
        Ok(digests)
    }

    /// The SHA-256 of the privacy page in `locale` (checked present by [`Self::from_toml`]).
    pub fn privacy(&self, locale: Locale) -> Option<&str> {
        self.pages
            .get(PRIVACY)
            .and_then(|p| p.get(locale.code()))
            .map(String::as_str)
    }

    /// The digests must be of the facts' version: otherwise the site was not rebuilt after
    /// `policy.version` changed.
    pub fn check_version(&self, facts: &Facts, file: &str) -> Result<(), DigestsError> {
        if self.version == facts.policy.version {
            Ok(())
        } else {
            Err(DigestsError::Invalid {
                file: file.to_string(),
                message: format!(
                    "is of version {} but content/facts.toml has policy.version {}: run \
                     `cargo run --bin build-site` to rewrite it",
                    self.version, facts.policy.version
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PageDigests;

    const HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn file(privacy: &str) -> String {
        format!("version = \"1.0\"\n[pages.privacy]\n{privacy}\n")
    }

    #[test]
    fn every_language_of_the_privacy_page_needs_a_sha256() {
        let ok = file(&format!("kk = \"{HEX}\"\nru = \"{HEX}\"\nen = \"{HEX}\""));
        let d = PageDigests::from_toml(&ok, "d.toml").unwrap();
        assert_eq!(d.privacy(crate::Locale::Kk), Some(HEX));
        let missing = file(&format!("kk = \"{HEX}\"\nru = \"{HEX}\""));
        let e = PageDigests::from_toml(&missing, "d.toml").unwrap_err();
        assert!(e.to_string().contains("has no `en`"), "{e}");
        let short = file(&format!("kk = \"{HEX}\"\nru = \"{HEX}\"\nen = \"abc\""));
        let e = PageDigests::from_toml(&short, "d.toml").unwrap_err();
        assert!(e.to_string().contains("[pages.privacy].en"), "{e}");
        let e =
            PageDigests::from_toml("version = \"1.0\"\n[pages.cookies]\n", "d.toml").unwrap_err();
        assert!(
            e.to_string().starts_with("d.toml: has no [pages.privacy]"),
            "{e}"
        );
    }
}

//! The content compiled into binaries (the intake function), so a deployed function states
//! exactly the facts and deadlines the site was built from.

use crate::catalog::Source;
#[cfg(test)]
use crate::Catalog;
use crate::{Calendar, Facts, Locale, PageDigests};

pub const FACTS_TOML: &str = include_str!("../../../content/facts.toml");
pub const CALENDAR_TOML: &str = include_str!("../../../content/calendar.toml");
/// Written by the site's build: the version of the pages and the SHA-256 of each page.
pub const PAGE_DIGESTS_TOML: &str = include_str!("../../../content/page-digests.toml");

/// The Fluent files shared by the site and the function (dates, durations, request terms).
pub const COMMON_FTL: [(Locale, &str); 3] = [
    (Locale::Kk, include_str!("../../../locales/kk/common.ftl")),
    (Locale::Ru, include_str!("../../../locales/ru/common.ftl")),
    (Locale::En, include_str!("../../../locales/en/common.ftl")),
];

pub fn common_sources() -> Vec<Source<'static>> {
    COMMON_FTL
        .iter()
        .map(|(locale, text)| Source {
            locale: *locale,
            file: format!("locales/{locale}/common.ftl"),
            text,
        })
        .collect()
}

/// The embedded facts. The tests below keep the embedded content valid, so a binary
/// built from the repository never meets a parse error here at run time.
pub fn facts() -> Result<Facts, crate::facts::FactsError> {
    Facts::from_toml(FACTS_TOML, "content/facts.toml")
}

/// The embedded page digests, checked to be of the embedded facts' version.
pub fn page_digests() -> Result<PageDigests, crate::digests::DigestsError> {
    let file = "content/page-digests.toml";
    let digests = PageDigests::from_toml(PAGE_DIGESTS_TOML, file)?;
    let facts = facts().map_err(|e| crate::digests::DigestsError::Invalid {
        file: "content/facts.toml".into(),
        message: e.to_string(),
    })?;
    digests.check_version(&facts, file)?;
    Ok(digests)
}

pub fn calendar_checked() -> Result<Calendar, crate::calendar::CalendarError> {
    Calendar::from_toml(CALENDAR_TOML, "content/calendar.toml")
}

#[cfg(test)]
pub fn calendar() -> Calendar {
    calendar_checked().unwrap()
}

#[cfg(test)]
pub fn catalog() -> Catalog {
    Catalog::from_sources(&common_sources()).unwrap()
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_content_is_valid() {
        super::facts().unwrap();
        super::calendar_checked().unwrap();
        super::catalog();
    }

    /// A mismatch means the site was not rebuilt after `policy.version` changed: every
    /// request would record a version whose digests it does not have.
    #[test]
    fn the_page_digests_are_of_the_embedded_facts_version() {
        let digests =
            crate::PageDigests::from_toml(super::PAGE_DIGESTS_TOML, "content/page-digests.toml")
                .unwrap();
        assert_eq!(
            digests.version,
            super::facts().unwrap().policy.version,
            "content/page-digests.toml is of another version than content/facts.toml: run \
             `cargo run --bin build-site`"
        );
        super::page_digests().unwrap();
    }
}

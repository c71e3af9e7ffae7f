//! The content compiled into binaries (the intake function), so a deployed function states
//! exactly the facts and deadlines the site was built from.

use crate::catalog::Source;
#[cfg(test)]
use crate::Catalog;
use crate::{Calendar, Facts, Locale};

pub const FACTS_TOML: &str = include_str!("../../../content/facts.toml");
pub const CALENDAR_TOML: &str = include_str!("../../../content/calendar.toml");

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
}

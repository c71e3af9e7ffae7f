//! The function's strings: the shared `common.ftl`, its own `intake.ftl` (errors and
//! e-mails) and the site's `site.ftl` (the request form, which the function shows again
//! with its errors when a form posted without JavaScript is invalid), compiled in from
//! `locales/`.

use policy::catalog::Source;
use policy::{Catalog, Locale};

const INTAKE_FTL: [(Locale, &str); 3] = [
    (Locale::Kk, include_str!("../../../locales/kk/intake.ftl")),
    (Locale::Ru, include_str!("../../../locales/ru/intake.ftl")),
    (Locale::En, include_str!("../../../locales/en/intake.ftl")),
];

const SITE_FTL: [(Locale, &str); 3] = [
    (Locale::Kk, include_str!("../../../locales/kk/site.ftl")),
    (Locale::Ru, include_str!("../../../locales/ru/site.ftl")),
    (Locale::En, include_str!("../../../locales/en/site.ftl")),
];

pub fn catalog() -> Result<Catalog, policy::catalog::CatalogError> {
    let mut sources = policy::embedded::common_sources();
    sources.extend(INTAKE_FTL.iter().map(|(locale, text)| Source {
        locale: *locale,
        file: format!("locales/{locale}/intake.ftl"),
        text,
    }));
    sources.extend(SITE_FTL.iter().map(|(locale, text)| Source {
        locale: *locale,
        file: format!("locales/{locale}/site.ftl"),
        text,
    }));
    Catalog::from_sources(&sources)
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_catalog_is_complete() {
        super::catalog().unwrap();
    }
}

//! The function's strings: the shared `common.ftl` and its own `intake.ftl` (errors and
//! e-mails), compiled in from `locales/`.

use policy::catalog::Source;
use policy::{Catalog, Locale};

const INTAKE_FTL: [(Locale, &str); 3] = [
    (Locale::Kk, include_str!("../../../locales/kk/intake.ftl")),
    (Locale::Ru, include_str!("../../../locales/ru/intake.ftl")),
    (Locale::En, include_str!("../../../locales/en/intake.ftl")),
];

pub fn catalog() -> Result<Catalog, policy::catalog::CatalogError> {
    let mut sources = policy::embedded::common_sources();
    sources.extend(INTAKE_FTL.iter().map(|(locale, text)| Source {
        locale: *locale,
        file: format!("locales/{locale}/intake.ftl"),
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

//! The content the function's e-mails and pages state, read from the project `serve` previews
//! (the deployed Lambda compiles it in): after each good build the preview's e-mails use the
//! facts, calendar and strings on disk, so an edited fact shows in the outbox as on the pages.

use policy::catalog::Source;
use policy::{Calendar, Catalog, Facts, Locale};
use std::path::Path;

pub struct Content {
    pub facts: Facts,
    pub calendar: Calendar,
    pub catalog: Catalog,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads `content/facts.toml`, `content/calendar.toml` and the function's Fluent files
/// (`locales/<l>/common.ftl` and `intake.ftl`) of the project at `root`.
pub fn load(root: &Path) -> Result<Content, String> {
    let facts_file = root.join("content/facts.toml");
    let facts = Facts::from_toml(&read(&facts_file)?, &facts_file.display().to_string())
        .map_err(|e| e.to_string())?;
    let calendar_file = root.join("content/calendar.toml");
    let calendar =
        Calendar::from_toml(&read(&calendar_file)?, &calendar_file.display().to_string())
            .map_err(|e| e.to_string())?;
    let mut texts = Vec::new();
    for locale in Locale::ALL {
        for name in ["common.ftl", "intake.ftl"] {
            let path = root.join("locales").join(locale.code()).join(name);
            texts.push((locale, path.display().to_string(), read(&path)?));
        }
    }
    let sources: Vec<Source> = texts
        .iter()
        .map(|(locale, file, text)| Source {
            locale: *locale,
            file: file.clone(),
            text,
        })
        .collect();
    let catalog = Catalog::from_sources(&sources).map_err(|e| e.to_string())?;
    Ok(Content {
        facts,
        calendar,
        catalog,
    })
}

/// Puts the content into the function's application.
pub fn apply(app: &mut intake::app::App, content: Content) {
    app.facts = content.facts;
    app.calendar = content.calendar;
    app.catalog = content.catalog;
}

//! The content the function's e-mails and pages state, read from the project `serve` previews
//! (the deployed Lambda compiles it in): after each good build the preview's e-mails use the
//! facts, calendar and strings on disk, so an edited fact shows in the outbox as on the pages.

use policy::{Calendar, Catalog, Facts, PageDigests};
use std::path::Path;

pub struct Content {
    pub facts: Facts,
    pub digests: PageDigests,
    pub calendar: Calendar,
    pub catalog: Catalog,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads `content/facts.toml`, `content/calendar.toml` and the Fluent files of the project at
/// `root`.
pub fn load(root: &Path) -> Result<Content, String> {
    let facts_file = root.join("content/facts.toml");
    let facts = Facts::from_toml(&read(&facts_file)?, &facts_file.display().to_string())
        .map_err(|e| e.to_string())?;
    // Written by the build that has just succeeded: the version and digests each request records.
    let digests_file = root.join("content/page-digests.toml");
    let digests_name = digests_file.display().to_string();
    let digests =
        PageDigests::from_toml(&read(&digests_file)?, &digests_name).map_err(|e| e.to_string())?;
    digests
        .check_version(&facts, &digests_name)
        .map_err(|e| e.to_string())?;
    let calendar_file = root.join("content/calendar.toml");
    let calendar =
        Calendar::from_toml(&read(&calendar_file)?, &calendar_file.display().to_string())
            .map_err(|e| e.to_string())?;
    // Every Fluent file of the project: the function's messages (common.ftl, intake.ftl) are
    // among them, and the site's build has just checked them all.
    let catalog = Catalog::from_dir(&root.join("locales")).map_err(|e| e.to_string())?;
    Ok(Content {
        facts,
        digests,
        calendar,
        catalog,
    })
}

/// Puts the content into the function's application.
pub fn apply(app: &mut intake::app::App, content: Content) {
    app.facts = content.facts;
    app.digests = content.digests;
    app.calendar = content.calendar;
    app.catalog = content.catalog;
}

//! What the function states, from the policy data: facts, working-day calendar, strings,
//! the policy version's page digests, and each kind's deadline. Compiled in for the Lambda;
//! read from the project on disk by `serve`, so an edited fact shows in its outbox.

use crate::request::Kinds;
use policy::{Calendar, Catalog, Facts, Locale, PageDigests};
use std::path::Path;

pub struct Content {
    pub facts: Facts,
    /// The policy version of the facts and the SHA-256 of its pages (recorded with each
    /// request), from `content/page-digests.toml`.
    pub digests: PageDigests,
    pub calendar: Calendar,
    pub catalog: Catalog,
    pub kinds: Kinds,
    /// The site's layout for the function's pages, one per locale (`Locale::index` order),
    /// written by the site build to `functions/intake/templates/shell/`.
    pub shells: [String; 3],
}

/// The shells as the site build last wrote them.
const EMBEDDED_SHELLS: [&str; 3] = [
    include_str!("../templates/shell/kk.html"),
    include_str!("../templates/shell/ru.html"),
    include_str!("../templates/shell/en.html"),
];

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ContentError(String);

fn err(e: impl std::fmt::Display) -> ContentError {
    ContentError(e.to_string())
}

impl Content {
    /// The content compiled into the binary (checked again here: a bad build must not start).
    pub fn embedded() -> Result<Content, ContentError> {
        let facts = policy::embedded::facts().map_err(err)?;
        let kinds = Kinds::from_facts(&facts, "content/facts.toml (embedded)").map_err(err)?;
        Ok(Content {
            digests: policy::embedded::page_digests().map_err(err)?,
            calendar: policy::embedded::calendar_checked().map_err(err)?,
            catalog: crate::i18n::catalog().map_err(err)?,
            kinds,
            facts,
            shells: EMBEDDED_SHELLS.map(str::to_string),
        })
    }

    /// `content/facts.toml`, `content/page-digests.toml`, `content/calendar.toml` and the
    /// Fluent files of the project at `root`.
    pub fn from_dir(root: &Path) -> Result<Content, ContentError> {
        let read = |path: &Path| {
            std::fs::read_to_string(path)
                .map_err(|e| ContentError(format!("{}: {e}", path.display())))
        };
        let facts_file = root.join("content/facts.toml");
        let facts_name = facts_file.display().to_string();
        let facts = Facts::from_toml(&read(&facts_file)?, &facts_name).map_err(err)?;
        let kinds = Kinds::from_facts(&facts, &facts_name).map_err(err)?;
        // Written by the build that has just succeeded.
        let digests_file = root.join("content/page-digests.toml");
        let digests_name = digests_file.display().to_string();
        let digests = PageDigests::from_toml(&read(&digests_file)?, &digests_name).map_err(err)?;
        digests.check_version(&facts, &digests_name).map_err(err)?;
        let calendar_file = root.join("content/calendar.toml");
        let calendar =
            Calendar::from_toml(&read(&calendar_file)?, &calendar_file.display().to_string())
                .map_err(err)?;
        // Every Fluent file of the project: the function's messages (common.ftl, intake.ftl)
        // are among them.
        let catalog = Catalog::from_dir(&root.join("locales")).map_err(err)?;
        let shell_dir = root.join("functions/intake/templates/shell");
        let shells = [Locale::Kk, Locale::Ru, Locale::En]
            .map(|l| read(&shell_dir.join(format!("{}.html", l.code()))));
        let [kk, ru, en] = shells;
        Ok(Content {
            facts,
            digests,
            calendar,
            catalog,
            kinds,
            shells: [kk?, ru?, en?],
        })
    }
}

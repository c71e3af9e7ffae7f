//! Where the inputs live. A project root holds `content/`, `locales/` and `site/`
//! (templates and assets); each can be pointed elsewhere (the benchmark does).

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Project {
    pub content: PathBuf,
    pub locales: PathBuf,
    pub templates: PathBuf,
    pub assets: PathBuf,
    /// Where the build writes the intake function's page layouts (`shell.rs`).
    pub shell: PathBuf,
}

impl Project {
    pub fn at(root: &Path) -> Project {
        Project {
            content: root.join("content"),
            locales: root.join("locales"),
            templates: root.join("site").join("templates"),
            assets: root.join("site").join("assets"),
            shell: root.join("functions/intake/templates/shell"),
        }
    }

    pub fn facts_file(&self) -> PathBuf {
        self.content.join("facts.toml")
    }

    /// What each section of each page renders of the policy.
    pub fn sections_file(&self) -> PathBuf {
        self.content.join("sections.toml")
    }

    pub fn calendar_file(&self) -> PathBuf {
        self.content.join("calendar.toml")
    }

    /// Every directory whose change should trigger a rebuild.
    pub fn watched(&self) -> Vec<PathBuf> {
        vec![
            self.content.clone(),
            self.locales.clone(),
            self.templates.clone(),
            self.assets.clone(),
        ]
    }
}

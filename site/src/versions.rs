//! Versions of the policy that stay: the current one (`content/`) and every earlier one,
//! frozen with its own facts and pages in `content/versions/<version>/`. A frozen version is
//! rendered with today's templates but its own facts, so its text never changes. The history
//! (numbers, dates, change log) is checked here; `freeze` makes the copy.

use crate::error::{BuildError, Errors};
use crate::pages::{self, PageSet};
use jiff::civil::Date;
use policy::{Facts, Locale};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where frozen versions live, relative to `content/`.
pub const DIR: &str = "versions";

/// A frozen version: its facts and its pages.
pub struct Frozen {
    pub dir: PathBuf,
    pub facts: Arc<Facts>,
    pub pages: PageSet,
}

/// One version of the history, in order of its effective date.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub number: String,
    pub effective: Date,
    pub updated: Date,
    /// The last day it applied (the day before the next version took effect); `None` for the
    /// current version.
    pub until: Option<Date>,
    /// Index into the frozen versions; `None` for the current one.
    pub frozen: Option<usize>,
}

/// The URL suffix of a version's permanent pages: `/ru/privacy/v1.0/`.
pub fn suffix(number: &str) -> String {
    format!("v{number}/")
}

/// Reads every `content/versions/<version>/`: its `facts.toml` and its pages, which must be
/// complete (every page in every language) and named by its own version.
pub fn load_frozen(content: &Path) -> Result<Vec<Frozen>, BuildError> {
    let root = content.join(DIR);
    if !root.exists() {
        return Ok(Vec::new());
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map_err(|e| BuildError::io(root.display(), e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut errors = Errors::default();
    let mut out = Vec::new();
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let facts_file = dir.join("facts.toml");
        let facts = std::fs::read_to_string(&facts_file)
            .map_err(|e| {
                BuildError::io(
                    facts_file.display(),
                    format!("version {name} is incomplete: {e}"),
                )
            })
            .and_then(|t| Ok(Facts::from_toml(&t, &facts_file.display().to_string())?));
        let Some(facts) = errors.take(facts) else {
            continue;
        };
        if facts.policy.version != name {
            errors.push(BuildError::Io {
                file: facts_file.display().to_string(),
                message: format!(
                    "the folder is version {name} but its policy.version is {}",
                    facts.policy.version
                ),
            });
            continue;
        }
        let Some(page_set) = errors.take(pages::load(&dir)) else {
            continue;
        };
        if page_set.pages.is_empty() {
            errors.push(BuildError::Io {
                file: dir.display().to_string(),
                message: format!(
                    "version {name} has no pages: it needs content/versions/{name}/{{kk,ru,en}}/*.md"
                ),
            });
            continue;
        }
        out.push(Frozen {
            dir,
            facts: Arc::new(facts),
            pages: page_set,
        });
    }
    errors.finish()?;
    Ok(out)
}

/// The history: every version in order, each with its dates, checked against the current
/// facts' change log. Refuses two versions with one number, dates out of order, a change-log
/// entry without its frozen version (the previous version was not frozen before the bump)
/// and a frozen version without its entry.
pub fn history(
    frozen: &[Frozen],
    current: &Facts,
    facts_file: &str,
) -> Result<Vec<Entry>, BuildError> {
    let err = |file: &str, message: String| BuildError::Io {
        file: file.to_string(),
        message,
    };
    let mut entries: Vec<Entry> = frozen
        .iter()
        .enumerate()
        .map(|(i, f)| Entry {
            number: f.facts.policy.version.clone(),
            effective: f.facts.policy.effective_date,
            updated: f.facts.policy.last_updated,
            until: None,
            frozen: Some(i),
        })
        .collect();
    if let Some(f) = frozen
        .iter()
        .find(|f| f.facts.policy.version == current.policy.version)
    {
        return Err(err(
            &f.dir.display().to_string(),
            format!(
                "version {} is both frozen and current: bump policy.version in {facts_file} \
                 (and add its change-log entry)",
                current.policy.version
            ),
        ));
    }
    entries.sort_by_key(|e| e.effective);
    for pair in entries.windows(2) {
        if pair[0].effective == pair[1].effective {
            return Err(err(
                facts_file,
                format!(
                    "versions {} and {} take effect on the same day ({})",
                    pair[0].number, pair[1].number, pair[0].effective
                ),
            ));
        }
    }
    if let Some(last) = entries.last() {
        if last.effective >= current.policy.effective_date {
            return Err(err(
                facts_file,
                format!(
                    "policy.effective_date {} of version {} is not after version {}'s ({}): \
                     versions take effect in order",
                    current.policy.effective_date,
                    current.policy.version,
                    last.number,
                    last.effective
                ),
            ));
        }
    }
    entries.push(Entry {
        number: current.policy.version.clone(),
        effective: current.policy.effective_date,
        updated: current.policy.last_updated,
        until: None,
        frozen: None,
    });
    for i in 0..entries.len().saturating_sub(1) {
        entries[i].until = Some(entries[i + 1].effective.yesterday().map_err(|e| {
            err(
                facts_file,
                format!("version {}: {e}", entries[i + 1].number),
            )
        })?);
    }
    // The change log of the current facts has exactly one entry per version, dated from when
    // that version applies.
    for e in &entries {
        match current.changelog.iter().find(|c| c.version == e.number) {
            None => {
                return Err(err(
                    facts_file,
                    format!(
                        "the change log has no entry for version {} (in force from {})",
                        e.number, e.effective
                    ),
                ))
            }
            Some(c) if c.date != e.effective => {
                return Err(err(
                    facts_file,
                    format!(
                        "changelog entry {} is dated {}, but version {} takes effect on {}",
                        c.version, c.date, e.number, e.effective
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(c) = current
        .changelog
        .iter()
        .find(|c| !entries.iter().any(|e| e.number == c.version))
    {
        return Err(err(
            facts_file,
            format!(
                "the change log names version {}, but content/{DIR}/{}/ does not exist: freeze \
                 a version (`build-site freeze`) before bumping policy.version",
                c.version, c.version
            ),
        ));
    }
    Ok(entries)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), BuildError> {
    std::fs::create_dir_all(to).map_err(|e| BuildError::io(to.display(), e))?;
    for entry in std::fs::read_dir(from).map_err(|e| BuildError::io(from.display(), e))? {
        let path = entry.map_err(|e| BuildError::io(from.display(), e))?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.extension().is_some_and(|x| x == "md") {
            std::fs::copy(&path, &target).map_err(|e| BuildError::io(path.display(), e))?;
        }
    }
    Ok(())
}

/// Copies the current version (its facts and its pages in every language) into
/// `content/versions/<version>/`, the first step of publishing the next one.
pub fn freeze(content: &Path) -> Result<PathBuf, BuildError> {
    let facts_file = content.join("facts.toml");
    let text = std::fs::read_to_string(&facts_file)
        .map_err(|e| BuildError::io(facts_file.display(), e))?;
    let facts = Facts::from_toml(&text, &facts_file.display().to_string())?;
    let dir = content.join(DIR).join(&facts.policy.version);
    if dir.exists() {
        return Err(BuildError::io(
            dir.display(),
            format!(
                "version {} is frozen already; nothing was written",
                facts.policy.version
            ),
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|e| BuildError::io(dir.display(), e))?;
    std::fs::write(dir.join("facts.toml"), &text)
        .map_err(|e| BuildError::io(dir.join("facts.toml").display(), e))?;
    for locale in Locale::ALL {
        copy_dir(&content.join(locale.code()), &dir.join(locale.code()))?;
    }
    Ok(dir)
}

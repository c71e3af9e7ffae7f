//! `content/sections.toml`: for each page and each of its `##` sections, what it renders of
//! the operator's policy (clauses, public law), or that it renders none (`site: …`, how to
//! use this site's own features). A reviewer reads a page beside the policy with it; the
//! build fails when a section is missing from it or it names a section that does not exist.

use crate::error::BuildError;
use policy::source::Origin;
use std::collections::BTreeMap;
use std::path::Path;

/// What one part of a section renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renders {
    /// A clause of the policy or an act of law (`policy §8`, `law: …`).
    Source(Origin),
    /// Nothing of the policy: the site's own feature, described.
    Site(String),
}

/// Page slug → section id → what the section renders.
pub type Sections = BTreeMap<String, BTreeMap<String, Vec<Renders>>>;

fn parse_value(value: &str) -> Result<Vec<Renders>, String> {
    value
        .split("; ")
        .map(|part| {
            let part = part.trim();
            if let Some(what) = part.strip_prefix("site:") {
                let what = what.trim();
                if what.is_empty() {
                    return Err("`site:` needs a description of what the section does".into());
                }
                return Ok(Renders::Site(what.to_string()));
            }
            match Origin::parse(part)? {
                o @ (Origin::Policy(_) | Origin::Law(_)) => Ok(Renders::Source(o)),
                _ => Err(format!(
                    "`{part}`: a section renders `policy §N`, `law: <act>` or `site: <what>`"
                )),
            }
        })
        .collect()
}

/// Reads and parses the file; `file` names it in errors.
pub fn load(path: &Path) -> Result<Sections, BuildError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| BuildError::io(&file, e))?;
    parse(&text, &file)
}

pub fn parse(text: &str, file: &str) -> Result<Sections, BuildError> {
    let raw: BTreeMap<String, BTreeMap<String, String>> =
        toml::from_str(text).map_err(|e| BuildError::Io {
            file: file.to_string(),
            message: e.to_string(),
        })?;
    let mut out = Sections::new();
    for (page, sections) in raw {
        let mut parsed = BTreeMap::new();
        for (id, value) in sections {
            let renders = parse_value(&value).map_err(|message| BuildError::Io {
                file: file.to_string(),
                message: format!("[{page}] {id}: {message}"),
            })?;
            parsed.insert(id, renders);
        }
        out.insert(page, parsed);
    }
    Ok(out)
}

/// Every section of every page (`slug` → its ids in page order) is listed, and nothing else.
pub fn check(
    sections: &Sections,
    pages: &BTreeMap<&str, Vec<String>>,
    drafts: &std::collections::BTreeSet<String>,
    file: &str,
) -> Result<(), BuildError> {
    let err = |message: String| BuildError::Io {
        file: file.to_string(),
        message,
    };
    for (slug, ids) in pages {
        let listed = sections.get(*slug).ok_or_else(|| {
            err(format!(
                "no [{slug}] table: name what each section of the page renders"
            ))
        })?;
        for id in ids {
            if !listed.contains_key(id) {
                return Err(err(format!(
                    "[{slug}] does not name section `{id}`: add `{id} = \"policy §N\"` (or \
                     `site: …` for a section that renders no clause of the policy)"
                )));
            }
        }
        if let Some(extra) = listed.keys().find(|k| !ids.contains(k)) {
            return Err(err(format!(
                "[{slug}] names section `{extra}`, which the page does not have"
            )));
        }
    }
    // A draft's table may be written before the draft is published.
    if let Some(extra) = sections
        .keys()
        .find(|k| !pages.contains_key(k.as_str()) && !drafts.contains(*k))
    {
        return Err(err(format!("[{extra}] names a page that does not exist")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "content/sections.toml";

    #[test]
    fn values_parse() {
        let s = parse(
            "[privacy]\nrights = \"policy §8; site: the request form\"\nauthority = \"law: decree No. 846\"\n",
            FILE,
        )
        .unwrap();
        assert_eq!(
            s["privacy"]["rights"],
            [
                Renders::Source(Origin::Policy("§8".into())),
                Renders::Site("the request form".into())
            ]
        );
        for bad in ["\"§8\"", "\"operator: who?\"", "\"site:\""] {
            let err = parse(&format!("[privacy]\nrights = {bad}\n"), FILE)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("content/sections.toml") && err.contains("rights"),
                "{err}"
            );
        }
    }

    #[test]
    fn every_section_and_nothing_else() {
        let s = parse("[privacy]\na = \"policy §1\"\nb = \"policy §2\"\n", FILE).unwrap();
        let pages = |ids: &[&str]| {
            BTreeMap::from([("privacy", ids.iter().map(|s| s.to_string()).collect())])
        };
        check(&s, &pages(&["a", "b"]), &Default::default(), FILE).unwrap();
        let err = check(&s, &pages(&["a", "b", "c"]), &Default::default(), FILE)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`c`"), "{err}");
        let err = check(&s, &pages(&["a"]), &Default::default(), FILE)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`b`"), "{err}");
    }
}

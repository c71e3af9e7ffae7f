//! `content/sections.toml`: for each page and each of its `##` sections, what it renders of
//! the operator's policy (clauses, public law), or that it renders none (`site: …`, how to
//! use this site's own features). A reviewer reads a page beside the policy with it; the
//! build fails when a section is missing from it or it names a section that does not exist.

use crate::error::BuildError;
use policy::source::Origin;
use std::collections::{BTreeMap, BTreeSet};
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

/// Page slug → the ids of the sections the file names (their values checked).
pub type SectionIds = BTreeMap<String, BTreeSet<String>>;

/// `load`, keeping only the section ids: what the build checks the pages against.
pub fn load_ids(path: &Path) -> Result<SectionIds, BuildError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| BuildError::io(&file, e))?;
    parse_ids(&text, &file)
}

/// `parse`, keeping only the section ids, each value checked as `parse` checks it.
///
/// A site of many pages has a large file (a table per page), and a TOML parser holds the
/// whole document as a tree before it gives a value: tens of MiB for ten thousand pages. So
/// the file is parsed a top-level table at a time. Anything unusual (a table that does not
/// parse alone, a table named twice) is parsed whole instead, so every error is the parser's
/// own, as from `parse`.
pub fn parse_ids(text: &str, file: &str) -> Result<SectionIds, BuildError> {
    let whole = || -> Result<SectionIds, BuildError> {
        Ok(parse(text, file)?
            .into_iter()
            .map(|(page, sections)| (page, sections.into_keys().collect()))
            .collect())
    };
    let mut ids = SectionIds::new();
    // The first bad value in page and id order, as `parse` finds it.
    let mut first_bad: Option<(String, String, String)> = None;
    let starts = table_starts(text);
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    for (start, end) in starts.iter().copied().zip(ends) {
        let Ok(raw) =
            toml::from_str::<BTreeMap<String, BTreeMap<String, String>>>(&text[start..end])
        else {
            return whole();
        };
        for (page, sections) in raw {
            if ids.contains_key(&page) {
                return whole();
            }
            for (id, value) in &sections {
                if let Err(message) = parse_value(value) {
                    let earlier = first_bad
                        .as_ref()
                        .is_some_and(|(p, i, _)| (p, i) <= (&page, id));
                    if !earlier {
                        first_bad = Some((page.clone(), id.clone(), message));
                    }
                }
            }
            ids.insert(page, sections.into_keys().collect());
        }
    }
    if let Some((page, id, message)) = first_bad {
        return Err(BuildError::Io {
            file: file.to_string(),
            message: format!("[{page}] {id}: {message}"),
        });
    }
    Ok(ids)
}

/// Where the top-level tables of a TOML document start (and 0): the lines whose first
/// character, after spaces, is `[`, outside strings, comments and open arrays or inline
/// tables. A mistake here only costs a whole parse (`parse_ids`).
fn table_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        if line_start {
            line_start = false;
            let mut j = i;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            if depth == 0 && j < b.len() && b[j] == b'[' && i > 0 {
                starts.push(i);
            }
        }
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let quote = b[i];
                let multi = b[i..].starts_with(&[quote; 3]);
                i += if multi { 3 } else { 1 };
                while i < b.len() {
                    if quote == b'"' && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == quote && (!multi || b[i..].starts_with(&[quote; 3])) {
                        i += if multi { 3 } else { 1 };
                        break;
                    }
                    if b[i] == b'\n' && !multi {
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    starts
}

/// Every section of every page (`slug` → its ids in page order) is listed, and nothing else.
pub fn check(
    sections: &Sections,
    pages: &BTreeMap<&str, Vec<String>>,
    drafts: &std::collections::BTreeSet<String>,
    file: &str,
) -> Result<(), BuildError> {
    let ids: SectionIds = sections
        .iter()
        .map(|(page, s)| (page.clone(), s.keys().cloned().collect()))
        .collect();
    check_ids(&ids, pages, drafts, file)
}

/// `check` against the ids of `load_ids`.
pub fn check_ids<V: AsRef<[String]>>(
    sections: &SectionIds,
    pages: &BTreeMap<&str, V>,
    drafts: &std::collections::BTreeSet<String>,
    file: &str,
) -> Result<(), BuildError> {
    let err = |message: String| BuildError::Io {
        file: file.to_string(),
        message,
    };
    for (slug, ids) in pages {
        let ids = ids.as_ref();
        let listed = sections.get(*slug).ok_or_else(|| {
            err(format!(
                "no [{slug}] table: name what each section of the page renders"
            ))
        })?;
        for id in ids {
            if !listed.contains(id) {
                return Err(err(format!(
                    "[{slug}] does not name section `{id}`: add `{id} = \"policy §N\"` (or \
                     `site: …` for a section that renders no clause of the policy)"
                )));
            }
        }
        if let Some(extra) = listed.iter().find(|k| !ids.contains(k)) {
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

    /// `parse_ids` gives what `parse` gives: the same ids, or the same error.
    fn same_as_whole(text: &str) {
        let whole = parse(text, FILE).map(|s| {
            s.into_iter()
                .map(|(p, m)| (p, m.into_keys().collect::<BTreeSet<_>>()))
                .collect::<SectionIds>()
        });
        let by_table = parse_ids(text, FILE);
        match (whole, by_table) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
            (a, b) => panic!("{text}: whole {a:?}, by table {b:?}"),
        }
    }

    #[test]
    fn the_file_read_table_by_table_is_the_file_read_whole() {
        for text in [
            "",
            "# only a comment\n",
            "[privacy]\na = \"policy §1\"\n\n[rights]\nb = \"site: the form\"\n",
            "# [not] a table\n  [privacy] # comment [x]\na = \"policy §1\"\n[ \"rights\" ]\nb = 'policy §2'\n",
            // Lines that start with `[` inside strings and arrays are not tables.
            "[privacy]\na = \"\"\"policy §1\n[rights]\n\"\"\"\nb = '''\n[x]'''\n[rights]\nc = \"policy §2\"\n",
            "[privacy]\na = \"\"\"site: a\\\"\"\"\"\n[rights]\nc = \"policy §2\"\n",
            "[privacy]\na = [\n[1],\n]\n",
            "[privacy]\na = \"policy §1\"\n[privacy]\nb = \"policy §2\"\n",
            "[privacy]\na = \"policy §1\"\n[privacy.sub]\nb = \"policy §2\"\n",
            "[[privacy]]\na = \"policy §1\"\n",
            "root = \"policy §1\"\n[privacy]\na = \"policy §1\"\n",
            "[privacy]\na = \"policy §1\"\na = \"policy §2\"\n",
            "[privacy]\na = \"§8\"\n[cookies]\nb = \"operator: who?\"\nc = \"site:\"\n",
            "[zeta]\nb = \"site:\"\n[alpha]\nz = \"§1\"\n",
            "[privacy]\na = \"unterminated\n[rights]\nb = \"policy §2\"\n",
            "[privacy]\na = { x = \"policy §1\" }\n",
            "[privacy]\r\na = \"policy §1\"\r\n[rights]\r\nb = \"policy §2\"\r\n",
        ] {
            same_as_whole(text);
        }
        let real = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../content/sections.toml"
        ))
        .unwrap();
        same_as_whole(&real);
        assert!(table_starts(&real).len() > 2);
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

//! Loading the per-locale Markdown pages: front matter, and the rule that every page
//! exists in every locale.

use crate::error::BuildError;
use policy::Locale;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The only front-matter fields a page may have; anything else fails the build.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub locale: Locale,
    /// Path as written in errors, e.g. `content/ru/privacy.md`.
    pub file: String,
    pub front: FrontMatter,
    /// The body: a tera template producing Markdown.
    pub body: String,
    /// Line of the file where the body starts, so errors can point into the file.
    pub body_line: usize,
}

/// The pages, by slug then locale. The well-known pages come first in navigation.
pub const NAV_ORDER: [&str; 3] = ["privacy", "data-deletion", "cookies"];

#[derive(Debug, Clone, Default)]
pub struct PageSet {
    pub pages: BTreeMap<String, BTreeMap<Locale, Page>>,
}

impl PageSet {
    /// Slugs in navigation order: the well-known pages, then the others alphabetically.
    pub fn slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<&str> = NAV_ORDER
            .iter()
            .copied()
            .filter(|s| self.pages.contains_key(*s))
            .collect();
        slugs.extend(
            self.pages
                .keys()
                .map(String::as_str)
                .filter(|s| !NAV_ORDER.contains(s)),
        );
        slugs
    }

    pub fn get(&self, slug: &str, locale: Locale) -> Option<&Page> {
        self.pages.get(slug).and_then(|m| m.get(&locale))
    }
}

fn split_front_matter<'a>(
    text: &'a str,
    file: &str,
    locale: Locale,
) -> Result<(&'a str, &'a str, usize), BuildError> {
    let err = |message: &str| BuildError::FrontMatter {
        file: file.to_string(),
        locale,
        message: message.to_string(),
    };
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or_else(|| err("the file must start with a `+++` line"))?;
    let end = rest
        .find("\n+++")
        .ok_or_else(|| err("no closing `+++` line"))?;
    let front = &rest[..end + 1];
    let after = &rest[end + 4..];
    let body = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    let body_line = text[..text.len() - body.len()].matches('\n').count() + 1;
    Ok((front, body, body_line))
}

pub fn parse_page(text: &str, slug: &str, locale: Locale, file: &str) -> Result<Page, BuildError> {
    let (front, body, body_line) = split_front_matter(text, file, locale)?;
    let front: FrontMatter = toml::from_str(front).map_err(|e| BuildError::FrontMatter {
        file: file.to_string(),
        locale,
        message: e.to_string(),
    })?;
    for (field, value) in [("title", &front.title), ("description", &front.description)] {
        if value.trim().is_empty() {
            return Err(BuildError::FrontMatter {
                file: file.to_string(),
                locale,
                message: format!("`{field}` is empty"),
            });
        }
    }
    Ok(Page {
        slug: slug.to_string(),
        locale,
        file: file.to_string(),
        front,
        body: body.to_string(),
        body_line,
    })
}

/// Reads `content/{kk,ru,en}/*.md`. A page that exists in one locale but not in all is an error.
pub fn load(content_dir: &Path) -> Result<PageSet, BuildError> {
    let mut set = PageSet::default();
    for locale in Locale::ALL {
        let dir = content_dir.join(locale.code());
        let entries = std::fs::read_dir(&dir).map_err(|e| BuildError::io(dir.display(), e))?;
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        for path in files {
            let slug = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let file = path.display().to_string();
            if slug.is_empty()
                || !slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(BuildError::Content {
                    file,
                    locale,
                    message: "a page file name must be lowercase ASCII letters, digits and dashes"
                        .into(),
                });
            }
            let text = std::fs::read_to_string(&path).map_err(|e| BuildError::io(&file, e))?;
            let page = parse_page(&text, &slug, locale, &file)?;
            set.pages.entry(slug).or_default().insert(locale, page);
        }
    }
    for (slug, by_locale) in &set.pages {
        if by_locale.len() != Locale::ALL.len() {
            let present: Vec<&str> = by_locale.keys().map(|l| l.code()).collect();
            let missing: Vec<&str> = Locale::ALL
                .iter()
                .filter(|l| !by_locale.contains_key(l))
                .map(|l| l.code())
                .collect();
            let some = by_locale.values().next();
            return Err(BuildError::PageParity {
                file: some.map(|p| p.file.clone()).unwrap_or_default(),
                page: slug.clone(),
                present: present.join(", "),
                missing: missing
                    .iter()
                    .map(|l| {
                        content_dir
                            .join(l)
                            .join(format!("{slug}.md"))
                            .display()
                            .to_string()
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_strict() {
        let err = parse_page(
            "+++\ntitle = \"T\"\ndescription = \"D\"\ndraft = true\n+++\nbody",
            "p",
            Locale::Kk,
            "content/kk/p.md",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("content/kk/p.md") && err.contains("kk") && err.contains("draft"),
            "{err}"
        );
    }

    #[test]
    fn body_line_points_after_front_matter() {
        let p = parse_page(
            "+++\ntitle = \"T\"\ndescription = \"D\"\n+++\nbody\n",
            "p",
            Locale::Ru,
            "f",
        )
        .unwrap();
        assert_eq!(p.body, "body\n");
        assert_eq!(p.body_line, 5);
    }

    #[test]
    fn missing_front_matter() {
        let err = parse_page("# no", "p", Locale::En, "content/en/p.md")
            .unwrap_err()
            .to_string();
        assert!(err.contains("content/en/p.md"), "{err}");
    }
}

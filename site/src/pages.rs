//! Loading the per-locale Markdown pages: front matter, and the rule that every page
//! exists in every locale.

use crate::error::{BuildError, Errors};
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
    /// Order in the navigation: lower first; pages without one follow, by slug.
    #[serde(default)]
    pub weight: Option<i64>,
    /// A draft is checked like any page but not published.
    #[serde(default)]
    pub draft: bool,
    /// The version line under the title: the policy's (default), none, or the page's own.
    #[serde(default)]
    pub version: VersionLine,
    /// Listed in every page's navigation (the default). `nav = false` publishes the page
    /// (its URLs, the sitemap, the language index, every check) without an entry there: a
    /// navigation of every page grows each page with the size of the site.
    #[serde(default = "listed")]
    pub nav: bool,
}

fn listed() -> bool {
    true
}

/// `version = "policy"`, `version = "none"`, or
/// `version = { number = "2.0", effective = 2026-01-01, updated = 2026-01-01 }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum VersionLine {
    #[default]
    Policy,
    None,
    Own {
        number: String,
        effective: jiff::civil::Date,
        updated: jiff::civil::Date,
    },
}

impl<'de> Deserialize<'de> for VersionLine {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Own {
            number: String,
            #[serde(deserialize_with = "policy::facts::toml_date")]
            effective: jiff::civil::Date,
            #[serde(deserialize_with = "policy::facts::toml_date")]
            updated: jiff::civil::Date,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Own(Own),
        }
        let raw = Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "`version` is \"policy\", \"none\" or { number = \"1.0\", effective = \
                 YYYY-MM-DD, updated = YYYY-MM-DD }",
            )
        })?;
        match raw {
            Raw::Name(n) if n == "policy" => Ok(VersionLine::Policy),
            Raw::Name(n) if n == "none" => Ok(VersionLine::None),
            Raw::Name(n) => Err(serde::de::Error::custom(format!(
                "`version = \"{n}\"`: write \"policy\", \"none\" or a table with number, \
                 effective and updated"
            ))),
            Raw::Own(o) => Ok(VersionLine::Own {
                number: o.number,
                effective: o.effective,
                updated: o.updated,
            }),
        }
    }
}

/// Paths the intake function answers under the site's origin, and the site's own folders:
/// a page with such a slug would be shadowed or would shadow them.
pub const RESERVED_SLUGS: [&str; 6] = ["requests", "meta", "assets", "sitemap", "robots", "index"];

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub locale: Locale,
    /// Path as written in errors, e.g. `content/ru/privacy.md`.
    pub file: String,
    pub front: FrontMatter,
    /// The body (a tera template producing Markdown), when it is kept in memory; pages read
    /// from a content directory leave it on disk until it is rendered, so a build holds one
    /// body at a time and not the whole site (see `body`).
    pub text: Option<String>,
    /// Line of the file where the body starts, so errors can point into the file.
    pub body_line: usize,
}

impl Page {
    /// The body: kept in memory, or read again from the page's file.
    pub fn body(&self) -> Result<std::borrow::Cow<'_, str>, BuildError> {
        if let Some(text) = &self.text {
            return Ok(std::borrow::Cow::Borrowed(text));
        }
        let text =
            std::fs::read_to_string(&self.file).map_err(|e| BuildError::io(&self.file, e))?;
        let (_, body, _) = split_front_matter(&text, &self.file, self.locale)?;
        Ok(std::borrow::Cow::Owned(body.to_string()))
    }
}

/// The published pages, by slug then locale (drafts are checked, then left out).
#[derive(Debug, Clone, Default)]
pub struct PageSet {
    /// Boxed: a map node holds room for eleven values, and a site has three per page.
    pub pages: BTreeMap<String, BTreeMap<Locale, Box<Page>>>,
    /// Slugs of draft pages: checked, not published.
    pub drafts: std::collections::BTreeSet<String>,
}

impl PageSet {
    /// Slugs in navigation order: by `weight` (the default locale's), then by slug.
    pub fn slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<(Option<i64>, &str)> = self
            .pages
            .iter()
            .map(|(slug, by_locale)| {
                let weight = by_locale
                    .get(&Locale::DEFAULT)
                    .or_else(|| by_locale.values().next())
                    .and_then(|p| p.front.weight);
                (weight, slug.as_str())
            })
            .collect();
        // Pages with a weight first (`None` sorts last).
        slugs.sort_by_key(|(w, slug)| (w.is_none(), *w, *slug));
        slugs.into_iter().map(|(_, s)| s).collect()
    }

    pub fn get(&self, slug: &str, locale: Locale) -> Option<&Page> {
        self.pages
            .get(slug)
            .and_then(|m| m.get(&locale))
            .map(|p| &**p)
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
    let (mut page, body) = parse_front(text, slug, locale, file)?;
    page.text = Some(body.to_string());
    Ok(page)
}

/// `parse_page` without its body (`text: None`), and the body.
fn parse_front<'a>(
    text: &'a str,
    slug: &str,
    locale: Locale,
    file: &str,
) -> Result<(Page, &'a str), BuildError> {
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
    if let Some((line, text)) = positional_fact(body) {
        return Err(BuildError::Content {
            file: file.to_string(),
            line: Some(body_line + line),
            locale,
            message: format!(
                "`{text}` refers to a list entry by its position, which changes when the list \
                 is reordered: name it by id, e.g. `fact(list=\"recipients\", id=\"meta\")`"
            ),
        });
    }
    Ok((
        Page {
            slug: slug.to_string(),
            locale,
            file: file.to_string(),
            front,
            text: None,
            body_line,
        },
        body,
    ))
}

/// Whether `slug` can name a page: lowercase ASCII letters, digits and dashes, not reserved.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty()
        || !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!(
            "`{slug}`: a page name is lowercase ASCII letters, digits and dashes"
        ));
    }
    if RESERVED_SLUGS.contains(&slug) {
        return Err(format!(
            "the page name `{slug}` is taken: `/{slug}` belongs to the request-intake function \
             or to the site itself (reserved: {})",
            RESERVED_SLUGS.join(", ")
        ));
    }
    Ok(())
}

/// Creates `content/{kk,ru,en}/<slug>.md` as a draft, with front matter and a first section,
/// so a page never exists in one language only. Returns the files written.
pub fn create(content_dir: &Path, slug: &str) -> Result<Vec<std::path::PathBuf>, BuildError> {
    check_slug(slug).map_err(|message| BuildError::Io {
        file: content_dir.display().to_string(),
        message,
    })?;
    let paths: Vec<(Locale, std::path::PathBuf)> = Locale::ALL
        .iter()
        .map(|l| (*l, content_dir.join(l.code()).join(format!("{slug}.md"))))
        .collect();
    if let Some((_, existing)) = paths.iter().find(|(_, p)| p.exists()) {
        return Err(BuildError::io(
            existing.display(),
            "exists already; nothing was written",
        ));
    }
    for (locale, path) in &paths {
        let (title, description, heading, text) = match locale {
            Locale::Kk => (
                "Жаңа бет",
                "Беттің қысқаша сипаттамасы.",
                "Бірінші бөлім",
                "Мәтін.",
            ),
            Locale::Ru => (
                "Новая страница",
                "Краткое описание страницы.",
                "Первый раздел",
                "Текст.",
            ),
            Locale::En => (
                "New page",
                "A short description of the page.",
                "First section",
                "Text.",
            ),
        };
        let body = format!(
            "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\n# Published once this line \
             is removed in all three languages and content/sections.toml names the sections.\n\
             draft = true\n+++\n\n## {heading} {{#first-section}}\n\n{text}\n"
        );
        std::fs::write(path, body).map_err(|e| BuildError::io(path.display(), e))?;
    }
    Ok(paths.into_iter().map(|(_, p)| p).collect())
}

/// The first `facts.<list>[<number>]` of a body: its line (0-based) and the text.
fn positional_fact(body: &str) -> Option<(usize, String)> {
    for (n, line) in body.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("facts.") {
            let after = &rest[at + "facts.".len()..];
            let path_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(after.len());
            let tail = after[path_len..].trim_start();
            if let Some(index) = tail.strip_prefix('[') {
                if index.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
                    let end = index.find(']').map_or(index.len(), |i| i + 1);
                    return Some((n, format!("facts.{}[{}", &after[..path_len], &index[..end])));
                }
            }
            rest = &after[path_len..];
        }
    }
    None
}

/// The pages of one locale directory, in file-name order, and what is wrong with the others.
fn load_locale(content_dir: &Path, locale: Locale) -> Result<(Vec<Page>, Errors), BuildError> {
    let mut errors = Errors::default();
    let mut pages = Vec::new();
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
        let content_error = |message: String| BuildError::Content {
            file: file.clone(),
            line: None,
            locale,
            message,
        };
        if let Err(message) = check_slug(&slug) {
            errors.push(content_error(message));
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(BuildError::io(&file, e));
                continue;
            }
        };
        // Checked; the body is read again when it is rendered.
        if let Some((page, _)) = errors.take(parse_front(&text, &slug, locale, &file)) {
            pages.push(page);
        }
    }
    Ok((pages, errors))
}

/// Reads `content/{kk,ru,en}/*.md`, reporting every page that cannot be used. A page that
/// exists in one locale but not in all is an error; drafts are checked and left out.
pub fn load(content_dir: &Path) -> Result<PageSet, BuildError> {
    let mut set = PageSet::default();
    let mut errors = Errors::default();
    // The locales are read in parallel (a large site is thousands of files), then merged in
    // locale order, so pages and errors come out as if read one locale after the other.
    let loaded: Vec<Result<(Vec<Page>, Errors), BuildError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = Locale::ALL
            .iter()
            .map(|l| (*l, scope.spawn(move || load_locale(content_dir, *l))))
            .collect();
        handles
            .into_iter()
            .map(|(l, h)| {
                h.join().unwrap_or_else(|_| {
                    Err(BuildError::io(
                        content_dir.join(l.code()).display(),
                        "reading the pages panicked",
                    ))
                })
            })
            .collect()
    });
    for result in loaded {
        let (pages, locale_errors) = result?;
        errors.extend(locale_errors);
        for page in pages {
            set.pages
                .entry(page.slug.clone())
                .or_default()
                .insert(page.locale, Box::new(page));
        }
    }
    for (slug, by_locale) in &set.pages {
        if by_locale.len() != Locale::ALL.len() && errors.is_empty() {
            let present: Vec<&str> = by_locale.keys().map(|l| l.code()).collect();
            let missing: Vec<&str> = Locale::ALL
                .iter()
                .filter(|l| !by_locale.contains_key(l))
                .map(|l| l.code())
                .collect();
            let some = by_locale.values().next();
            errors.push(BuildError::PageParity {
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
        let drafts: Vec<&str> = by_locale
            .values()
            .filter(|p| p.front.draft)
            .map(|p| p.locale.code())
            .collect();
        if !drafts.is_empty() && drafts.len() != by_locale.len() {
            errors.push(BuildError::Content {
                file: by_locale
                    .values()
                    .find(|p| p.front.draft)
                    .map(|p| p.file.clone())
                    .unwrap_or_default(),
                line: None,
                locale: Locale::DEFAULT,
                message: format!(
                    "page `{slug}` is a draft in {} only: mark it `draft = true` in every \
                     language or in none",
                    drafts.join(", ")
                ),
            });
        }
    }
    errors.finish()?;
    // Checked above; now leave the drafts out of what is published.
    let drafts = &mut set.drafts;
    set.pages.retain(|slug, by_locale| {
        let draft = by_locale.values().any(|p| p.front.draft);
        if draft {
            drafts.insert(slug.clone());
        }
        !draft
    });
    Ok(set)
}

#[cfg(test)]
mod tests {
    #[test]
    fn positional_fact_references_are_found_with_their_line() {
        use super::positional_fact;
        assert_eq!(
            positional_fact("a\nb {{ facts.recipients[0].name }}"),
            Some((1, "facts.recipients[0]".into()))
        );
        assert_eq!(
            positional_fact("{% set x = facts.retention [ 2 ] %}"),
            Some((0, "facts.retention[ 2 ]".into()))
        );
        assert_eq!(
            positional_fact("{{ facts.laws[b] }} {{ facts.deadlines.information }}"),
            None
        );
    }

    use super::*;

    #[test]
    fn front_matter_is_strict() {
        let err = parse_page(
            "+++\ntitle = \"T\"\ndescription = \"D\"\nlayout = \"wide\"\n+++\nbody",
            "p",
            Locale::Kk,
            "content/kk/p.md",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("content/kk/p.md") && err.contains("kk") && err.contains("layout"),
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
        assert_eq!(p.body().unwrap(), "body\n");
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

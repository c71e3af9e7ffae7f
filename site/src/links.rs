//! Internal link and anchor checking over the built HTML: every internal `href` (absolute
//! path, fragment, relative path, or an absolute URL of the site's own origin) must reach a
//! file of the site and, with a fragment, an element id on that page. Errors name the source.

use crate::error::{line_of, BuildError, Errors};
use crate::output::Output;
use policy::Locale;
use std::collections::{BTreeSet, HashMap};

/// The values of ` id="…"`, ` href="…"` and ` action="…"` in `html`, each list in order:
/// what three searches for ` NAME="` give, each going on from the closing quote of the value
/// it found, made in one pass over the text.
fn attribute_values(html: &str) -> [Vec<&str>; 3] {
    const NAMES: [&[u8]; 3] = [b"id", b"href", b"action"];
    let bytes = html.as_bytes();
    let mut found: [Vec<&str>; 3] = Default::default();
    // Where each search goes on; `usize::MAX`: a value was never closed, the search ended.
    let mut resume = [0usize; 3];
    for (eq, _) in html.match_indices("=\"") {
        for (k, name) in NAMES.iter().enumerate() {
            // ` NAME="` starts at `start`.
            let Some(start) = eq.checked_sub(name.len() + 1) else {
                continue;
            };
            if start < resume[k] || bytes[start] != b' ' || &bytes[start + 1..eq] != *name {
                continue;
            }
            let value = eq + 2;
            match html[value..].find('"') {
                Some(end) => {
                    found[k].push(&html[value..value + end]);
                    resume[k] = value + end;
                }
                None => resume[k] = usize::MAX,
            }
        }
    }
    found
}

/// The file a site path resolves to, as the server and CloudFront resolve it.
fn resolve(path: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() {
        return exists("index.html").then(|| "index.html".to_string());
    }
    if !rel.ends_with('/') && exists(rel) {
        return Some(rel.to_string());
    }
    let index = if rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        format!("{rel}/index.html")
    };
    exists(&index).then_some(index)
}

/// Where a built file was written from, so a broken link is reported in its source.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The source file (`content/en/cookies.md`, `site/templates/received.html`).
    pub file: String,
    pub locale: Option<Locale>,
    /// A page body and the line of its file where it starts, to find a link's line.
    pub body: Option<(String, usize)>,
}

/// What the link check needs to know besides the files.
pub struct LinkContext<'a> {
    /// Origins whose absolute links are this site's own (`https://interpay.kz`).
    pub own_origins: &'a [&'a str],
    /// The source of a built file; `None` for files checked elsewhere (aliases: the same
    /// bytes as the page they alias).
    pub origin_of: &'a dyn Fn(&str) -> Option<Origin>,
}

/// An absolute path or a fragment (`/ru/privacy/#rights`, `/assets/site.1a2b.css`, `#top`)
/// that the URL parser would return as it is, whatever the page: letters, digits, `/-_.#`,
/// one `#` at most, no `.` or `..` segment, not `//`.
fn plain(href: &str) -> bool {
    (href.starts_with('/') && !href.starts_with("//") || href.starts_with('#'))
        && href
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'#' | b'.'))
        && href.bytes().filter(|b| *b == b'#').count() <= 1
        && !href
            .split(['/', '#'])
            .any(|segment| segment == "." || segment == "..")
}

/// The site path an `href` of the page at `page_url` points to, if it is internal: absolute
/// paths, fragments, relative paths (`../privacy/`) and absolute URLs of the site's own
/// origin all are; other schemes and hosts are not.
fn internal_target(href: &str, page_url: &url::Url, own: &[url::Url]) -> Option<String> {
    if href.starts_with("//") {
        return None;
    }
    if plain(href) {
        return Some(href.to_string());
    }
    let has_scheme = href
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.contains('#'));
    if has_scheme {
        let absolute = url::Url::parse(href).ok()?;
        let same = own.iter().any(|o| {
            o.scheme() == absolute.scheme()
                && o.host_str() == absolute.host_str()
                && o.port() == absolute.port()
        });
        if !same {
            return None;
        }
        return Some(site_relative(&absolute));
    }
    let joined = page_url.join(href).ok()?;
    Some(site_relative(&joined))
}

/// `/en/privacy/?x#y` of a URL: its path, query and fragment.
fn site_relative(u: &url::Url) -> String {
    let mut out = u.path().to_string();
    if let Some(f) = u.fragment() {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Every internal link and anchor of the built HTML reaches a file and an element id; ids are
/// unique on a page. Reports every broken one, in the source file (and line) it came from.
pub fn check(output: &Output, cx: &LinkContext) -> Result<(), BuildError> {
    let mut links = Collector::new(cx.own_origins)?;
    for (file, bytes) in &output.files {
        let checked = (cx.origin_of)(file).is_some();
        links.add(Scanned::new(file, bytes, checked));
    }
    links.finish(cx)
}

/// What the check needs of one built file, read while it is written: its ids and its links.
pub struct Scanned {
    file: String,
    /// Element ids of an HTML file (sorted, once each); `None` for other files.
    ids: Option<Vec<String>>,
    /// Ids used twice on the page.
    duplicates: Vec<String>,
    /// `(href, is a form action)` of a page whose links are checked.
    hrefs: Vec<(String, bool)>,
    not_utf8: Option<String>,
}

impl Scanned {
    /// Reads a built file. `checked`: its links and ids are checked (not for the printed
    /// aliases, the same bytes as a page checked elsewhere).
    pub fn new(file: &str, bytes: &[u8], checked: bool) -> Scanned {
        if !file.ends_with(".html") {
            return Scanned::text(file, "", checked);
        }
        match std::str::from_utf8(bytes) {
            Ok(html) => Scanned::text(file, html, checked),
            Err(e) => {
                // The generator writes only UTF-8; anything else is a bug to report, not skip.
                let mut scanned = Scanned::text(file, "", checked);
                scanned.ids = None;
                scanned.not_utf8 = Some(e.to_string());
                scanned
            }
        }
    }

    /// `new` of a file already known to be text.
    pub fn text(file: &str, html: &str, checked: bool) -> Scanned {
        let mut scanned = Scanned {
            file: file.to_string(),
            ids: None,
            duplicates: Vec::new(),
            hrefs: Vec::new(),
            not_utf8: None,
        };
        if !file.ends_with(".html") {
            return scanned;
        }
        let [ids, hrefs, actions] = attribute_values(html);
        let mut seen = BTreeSet::new();
        for id in ids {
            // A heading `{#id}` that repeats a block's id breaks anchors, labels and scripts.
            if !seen.insert(id) && checked {
                scanned.duplicates.push(id.to_string());
            }
        }
        scanned.ids = Some(seen.into_iter().map(str::to_string).collect());
        if checked {
            let actions: BTreeSet<&str> = actions.into_iter().collect();
            for raw in hrefs.into_iter().chain(actions.iter().copied()) {
                scanned.hrefs.push((raw.to_string(), actions.contains(raw)));
            }
        }
        scanned
    }
}

/// A broken link found before the sources are looked up.
struct Broken {
    file: String,
    href: String,
    message: String,
    needle: String,
}

/// The link check of a site written file by file: it keeps every file's path, one copy of
/// each distinct set of element ids (pages and their versions share them), and the links it
/// could not check yet because their target was not written yet, never the pages themselves.
pub struct Collector {
    own: Vec<url::Url>,
    local: url::Url,
    /// Every file, with the index of its ids in `id_sets` (HTML files).
    files: HashMap<String, Option<u32>>,
    id_sets: Vec<Vec<String>>,
    id_set_index: HashMap<Vec<String>, u32>,
    /// `(page, href, is a form action)` whose target was not known yet.
    pending: Vec<(String, String, bool)>,
    /// When to try the pending links again (they wait for pages of other locales).
    retry_at: usize,
    broken: Vec<Broken>,
    errors: Errors,
}

enum Outcome {
    Ok,
    Broken(Broken),
    /// The target is not written (yet).
    Unknown,
}

impl Collector {
    pub fn new(own_origins: &[&str]) -> Result<Collector, BuildError> {
        Ok(Collector {
            own: own_origins
                .iter()
                .filter_map(|o| url::Url::parse(o).ok())
                .collect(),
            local: url::Url::parse("http://site.invalid/")
                .map_err(|e| BuildError::io("links", e))?,
            files: HashMap::new(),
            id_sets: Vec::new(),
            id_set_index: HashMap::new(),
            pending: Vec::new(),
            retry_at: 4096,
            broken: Vec::new(),
            errors: Errors::default(),
        })
    }

    /// The number of files seen.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `file` was written.
    pub fn contains(&self, file: &str) -> bool {
        self.files.contains_key(file)
    }

    /// Every file written, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Records a file; checks its links whose targets are known, keeps the others for later.
    pub fn add(&mut self, scanned: Scanned) {
        let Scanned {
            file,
            ids,
            duplicates,
            hrefs,
            not_utf8,
        } = scanned;
        if let Some(e) = not_utf8 {
            self.errors
                .push(BuildError::io(&file, format!("not UTF-8: {e}")));
        }
        for id in duplicates {
            self.broken.push(Broken {
                file: file.clone(),
                href: format!("#{id}"),
                message: "the id is used twice on the page".into(),
                needle: id,
            });
        }
        let set = ids.map(|ids| match self.id_set_index.get(&ids) {
            Some(i) => *i,
            None => {
                let i = self.id_sets.len() as u32;
                self.id_sets.push(ids.clone());
                self.id_set_index.insert(ids, i);
                i
            }
        });
        self.files.insert(file.clone(), set);
        for (href, action) in hrefs {
            match self.outcome(&file, &href) {
                Outcome::Ok => {}
                Outcome::Broken(b) => self.broken.push(b),
                Outcome::Unknown => self.pending.push((file.clone(), href, action)),
            }
        }
        if self.pending.len() >= self.retry_at {
            self.retry();
            self.retry_at = (self.pending.len() * 2).max(4096);
        }
    }

    /// Records `file`, the same bytes as `existing` (recorded already): the same ids, its
    /// links checked there.
    pub fn alias(&mut self, file: &str, existing: &str) {
        let set = self.files.get(existing).copied().flatten();
        self.files.insert(file.to_string(), set);
    }

    /// Checks the pending links whose targets have been written since.
    fn retry(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for (file, href, action) in pending {
            match self.outcome(&file, &href) {
                Outcome::Ok => {}
                Outcome::Broken(b) => self.broken.push(b),
                Outcome::Unknown => self.pending.push((file, href, action)),
            }
        }
    }

    fn outcome(&self, file: &str, raw: &str) -> Outcome {
        let href = if raw.contains("&amp;") {
            std::borrow::Cow::Owned(raw.replace("&amp;", "&"))
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        // Most links are plain (`/ru/privacy/#rights`, `#rights`): the URL parser would give
        // them back as they are, against any page URL, so neither is made.
        let target_href = if plain(&href) {
            href.clone()
        } else {
            let Ok(page_url) = self
                .local
                .join(&format!("/{}", file.trim_end_matches("index.html")))
            else {
                return Outcome::Broken(Broken {
                    file: file.to_string(),
                    href: href.to_string(),
                    message: "the page has no URL".into(),
                    needle: href.to_string(),
                });
            };
            let Some(target_href) = internal_target(&href, &page_url, &self.own) else {
                return Outcome::Ok;
            };
            std::borrow::Cow::Owned(target_href)
        };
        let (path, fragment) = match target_href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target_href.as_ref(), None),
        };
        let target = if href.starts_with('#') {
            Some(file.to_string())
        } else {
            resolve(path, |c| self.files.contains_key(c))
        };
        let Some(target) = target else {
            return Outcome::Unknown;
        };
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            let found = self.files.get(&target).copied().flatten().is_some_and(|i| {
                self.id_sets[i as usize]
                    .binary_search_by(|id| id.as_str().cmp(fragment))
                    .is_ok()
            });
            if !found {
                return Outcome::Broken(Broken {
                    file: file.to_string(),
                    message: format!(
                        "no element with id `{fragment}` on /{}",
                        target.trim_end_matches("index.html")
                    ),
                    href: href.to_string(),
                    needle: fragment.to_string(),
                });
            }
        }
        Outcome::Ok
    }

    /// Every file is written: the links still pending either reach one now or are broken.
    /// The files stay known (`contains`), for the staging tree's clean-up.
    pub fn finish(&mut self, cx: &LinkContext) -> Result<(), BuildError> {
        for (file, href, action) in std::mem::take(&mut self.pending) {
            match self.outcome(&file, &href) {
                Outcome::Ok => {}
                Outcome::Broken(b) => self.broken.push(b),
                // The form posts to the intake function, which is not part of the static site.
                Outcome::Unknown if action => {}
                Outcome::Unknown => {
                    let href = href.replace("&amp;", "&");
                    self.broken.push(Broken {
                        file,
                        message: "no such page in the site".into(),
                        needle: href.clone(),
                        href,
                    });
                }
            }
        }
        let mut errors = std::mem::take(&mut self.errors);
        for b in std::mem::take(&mut self.broken) {
            let origin = (cx.origin_of)(&b.file).unwrap_or(Origin {
                file: b.file.clone(),
                locale: None,
                body: None,
            });
            errors.push(link_error(&origin, &b.href, b.message, &b.needle));
        }
        errors.finish()
    }
}

/// A broken link in its source: the line where the href, or its anchor, is written.
fn link_error(origin: &Origin, href: &str, message: String, needle: &str) -> BuildError {
    let line = origin.body.as_ref().and_then(|(body, first)| {
        line_of(body, *first, href)
            .or_else(|| line_of(body, *first, &format!("anchor=\"{needle}\"")))
            .or_else(|| line_of(body, *first, &format!("#{needle}")))
            .or_else(|| line_of(body, *first, needle))
    });
    BuildError::Link {
        file: origin.file.clone(),
        line,
        locale: origin.locale,
        href: href.to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(file: &str) -> Option<Origin> {
        Some(Origin {
            file: format!("src:{file}"),
            locale: None,
            body: None,
        })
    }

    fn run(o: &Output) -> Result<(), BuildError> {
        check(
            o,
            &LinkContext {
                own_origins: &["https://interpay.kz"],
                origin_of: &origin,
            },
        )
    }

    fn site(pages: &[(&str, &str)]) -> Output {
        let mut o = Output::default();
        for (p, c) in pages {
            o.add(*p, c.as_bytes().to_vec());
        }
        o
    }

    /// The search the one pass replaces: ` NAME="` found again and again from the closing
    /// quote of the last value.
    fn searched<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
        let needle = format!(" {attr}=\"");
        let mut rest = html;
        let mut out = Vec::new();
        while let Some(at) = rest.find(&needle) {
            let tail = &rest[at + needle.len()..];
            let Some(end) = tail.find('"') else { break };
            out.push(&tail[..end]);
            rest = &tail[end..];
        }
        out
    }

    #[test]
    fn one_pass_finds_what_three_searches_find() {
        for html in [
            r##"<a href="/a" id="x"><p id="">t</p><form action="/requests" id="f">"##,
            r##"<a href="x id="y">z</a> id="q" href="#" <i  id="w"> id=" unclosed"##,
            r##"id="start" <b id="é">Ё href="/ru/"</b> action="a" action="b" href=""##,
            r##"<x data-id="1" xid="2" href=""=" id="a"b" id="c">"##,
            "",
        ] {
            let [ids, hrefs, actions] = attribute_values(html);
            assert_eq!(ids, searched(html, "id"), "{html}");
            assert_eq!(hrefs, searched(html, "href"), "{html}");
            assert_eq!(actions, searched(html, "action"), "{html}");
        }
    }

    #[test]
    fn plain_links_are_what_the_url_parser_returns() {
        let page = url::Url::parse("http://site.invalid/ru/privacy/").unwrap();
        for href in [
            "/ru/privacy/#rights",
            "/assets/site.1a2b.css",
            "/ru/policy-changes.xml",
            "#top",
            "#",
            "/",
        ] {
            assert!(plain(href), "{href}");
            let joined = page.join(href).unwrap();
            let expected = site_relative(&joined);
            let got = if href.starts_with('#') {
                format!("/ru/privacy/{href}")
            } else {
                href.to_string()
            };
            assert_eq!(got, expected, "{href}");
        }
        for href in [
            "/a/../b", "/./x", "//host/x", "/a?b", "../x", "x", "/a#b#c", "/é",
        ] {
            assert!(!plain(href), "{href}");
        }
    }

    #[test]
    fn good_links_pass() {
        let o = site(&[
            (
                "ru/privacy/index.html",
                r##"<a href="/ru/cookies/#list">x</a><a href="#top">t</a><p id="top"></p>"##,
            ),
            ("ru/cookies/index.html", r#"<h2 id="list"></h2>"#),
        ]);
        run(&o).unwrap();
    }

    #[test]
    fn duplicate_ids_fail() {
        let o = site(&[("ru/a/index.html", r#"<h2 id="x"></h2><form id="x"></form>"#)]);
        let err = run(&o).unwrap_err().to_string();
        assert!(
            err.contains("ru/a/index.html") && err.contains("#x"),
            "{err}"
        );
    }

    #[test]
    fn missing_page_and_anchor_fail_with_file() {
        let o = site(&[("ru/privacy/index.html", r#"<a href="/ru/nope/">x</a>"#)]);
        let err = run(&o).unwrap_err().to_string();
        assert!(
            err.contains("ru/privacy/index.html") && err.contains("/ru/nope/"),
            "{err}"
        );
        let o = site(&[
            (
                "ru/privacy/index.html",
                r##"<a href="/ru/cookies/#lst">x</a>"##,
            ),
            ("ru/cookies/index.html", r#"<h2 id="list"></h2>"#),
        ]);
        let err = run(&o).unwrap_err().to_string();
        assert!(err.contains("lst"), "{err}");
    }

    #[test]
    fn relative_and_own_origin_links_are_checked_and_every_error_reported() {
        let o = site(&[
            (
                "en/cookies/index.html",
                r#"<a href="../privacy/">ok</a><a href="../privasy/">typo</a><a href="https://interpay.kz/en/privasy/">own</a><a href="https://example.org/x">other</a><a href="mailto:a@b.kz">m</a>"#,
            ),
            ("en/privacy/index.html", "<p></p>"),
        ]);
        let err = run(&o).unwrap_err().to_string();
        assert!(err.contains("`../privasy/`"), "{err}");
        assert!(err.contains("`https://interpay.kz/en/privasy/`"), "{err}");
        assert!(
            !err.contains("example.org") && !err.contains("mailto"),
            "{err}"
        );
        assert!(err.contains("2 errors"), "{err}");
        assert!(err.contains("src:en/cookies/index.html"), "{err}");
    }

    #[test]
    fn a_link_is_reported_at_its_line_in_the_source() {
        let o = site(&[("en/a/index.html", r#"<a href="/en/nope/">x</a>"#)]);
        let at_line = |_: &str| {
            Some(Origin {
                file: "content/en/a.md".into(),
                locale: Some(Locale::En),
                body: Some(("Intro\n\nSee [x](/en/nope/).\n".into(), 5)),
            })
        };
        let err = check(
            &o,
            &LinkContext {
                own_origins: &[],
                origin_of: &at_line,
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("content/en/a.md:7 (en): broken link `/en/nope/`"),
            "{err}"
        );
    }
}

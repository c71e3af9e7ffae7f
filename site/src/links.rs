//! Internal link and anchor checking over the built HTML: every internal `href` (absolute
//! path, fragment, relative path, or an absolute URL of the site's own origin) must reach a
//! file of the site and, with a fragment, an element id on that page. Errors name the source.

use crate::error::{line_of, BuildError, Errors};
use crate::output::Output;
use policy::Locale;
use std::collections::{BTreeMap, BTreeSet};

fn attribute_values<'a>(html: &'a str, attr: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let needle = format!(" {attr}=\"");
    let mut rest = html;
    std::iter::from_fn(move || {
        let start = rest.find(&needle)? + needle.len();
        let tail = &rest[start..];
        let end = tail.find('"')?;
        rest = &tail[end..];
        Some(&tail[..end])
    })
}

/// The file a site path resolves to, as the server and CloudFront resolve it.
fn resolve(path: &str, files: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    let rel = path.trim_start_matches('/');
    let candidates = if rel.is_empty() {
        vec!["index.html".to_string()]
    } else if rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string(), format!("{rel}/index.html")]
    };
    candidates.into_iter().find(|c| files.contains_key(c))
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

/// The site path an `href` of the page at `page_url` points to, if it is internal: absolute
/// paths, fragments, relative paths (`../privacy/`) and absolute URLs of the site's own
/// origin all are; other schemes and hosts are not.
fn internal_target(href: &str, page_url: &url::Url, own: &[url::Url]) -> Option<String> {
    if href.starts_with("//") {
        return None;
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
    let mut errors = Errors::default();
    let local = url::Url::parse("http://site.invalid/").map_err(|e| BuildError::io("links", e))?;
    let own: Vec<url::Url> = cx
        .own_origins
        .iter()
        .filter_map(|o| url::Url::parse(o).ok())
        .collect();
    let mut ids: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut pages: Vec<(&String, &str, Origin)> = Vec::new();
    for (file, bytes) in output.html_files() {
        let html = match std::str::from_utf8(bytes) {
            Ok(h) => h,
            Err(e) => {
                // The generator writes only UTF-8; anything else is a bug to report, not skip.
                errors.push(BuildError::io(file, format!("not UTF-8: {e}")));
                continue;
            }
        };
        let origin = (cx.origin_of)(file);
        let mut seen = BTreeSet::new();
        for id in attribute_values(html, "id") {
            // A heading `{#id}` that repeats a block's id breaks anchors, labels and scripts.
            if !seen.insert(id) {
                if let Some(o) = &origin {
                    errors.push(link_error(
                        o,
                        &format!("#{id}"),
                        "the id is used twice on the page".into(),
                        id,
                    ));
                }
            }
        }
        ids.insert(file.as_str(), seen);
        if let Some(o) = origin {
            pages.push((file, html, o));
        }
    }
    for (file, html, origin) in &pages {
        let page_url = local
            .join(&format!("/{}", file.trim_end_matches("index.html")))
            .map_err(|e| BuildError::io(*file, e))?;
        let actions: BTreeSet<&str> = attribute_values(html, "action").collect();
        for raw in attribute_values(html, "href").chain(actions.iter().copied()) {
            let href = raw.replace("&amp;", "&");
            let Some(target_href) = internal_target(&href, &page_url, &own) else {
                continue;
            };
            let (path, fragment) = match target_href.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (target_href.clone(), None),
            };
            let same_page = href.starts_with('#');
            let target = if same_page {
                Some((*file).clone())
            } else {
                resolve(&path, &output.files)
            };
            let Some(target) = target else {
                // The form posts to the intake function, which is not part of the static site.
                if actions.contains(raw) {
                    continue;
                }
                errors.push(link_error(
                    origin,
                    &href,
                    "no such page in the site".into(),
                    &href,
                ));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let found = ids
                    .get(target.as_str())
                    .is_some_and(|s| s.contains(fragment.as_str()));
                if !found {
                    errors.push(link_error(
                        origin,
                        &href,
                        format!(
                            "no element with id `{fragment}` on /{}",
                            target.trim_end_matches("index.html")
                        ),
                        &fragment,
                    ));
                }
            }
        }
    }
    errors.finish()
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

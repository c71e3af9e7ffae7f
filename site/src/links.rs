//! Internal link and anchor checking over the built HTML: every `href="/…"` and `href="#…"`
//! must reach a file of the site and, with a fragment, an element id on that page.

use crate::error::BuildError;
use crate::output::Output;
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

pub fn check(output: &Output) -> Result<(), BuildError> {
    let mut ids: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (file, bytes) in output.html_files() {
        let html = std::str::from_utf8(bytes).unwrap_or("");
        let mut seen = BTreeSet::new();
        for id in attribute_values(html, "id") {
            // A heading `{#id}` that repeats a block's id breaks anchors, labels and scripts.
            if !seen.insert(id) {
                return Err(BuildError::Link {
                    file: file.clone(),
                    href: format!("#{id}"),
                    message: "the id is used twice on the page".into(),
                });
            }
        }
        ids.insert(file.as_str(), seen);
    }
    for (file, bytes) in output.html_files() {
        let html = std::str::from_utf8(bytes).unwrap_or("");
        for href in attribute_values(html, "href").chain(attribute_values(html, "action")) {
            let href = href.replace("&amp;", "&");
            if !(href.starts_with('/') || href.starts_with('#')) || href.starts_with("//") {
                continue;
            }
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                Some(file.clone())
            } else {
                resolve(path, &output.files)
            };
            let Some(target) = target else {
                // The form posts to the intake function, which is not part of the static site.
                if attribute_values(html, "action").any(|a| a == href) {
                    continue;
                }
                return Err(BuildError::Link {
                    file: file.clone(),
                    href: href.clone(),
                    message: "no such page in the site".into(),
                });
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let found = ids
                    .get(target.as_str())
                    .is_some_and(|s| s.contains(fragment));
                if !found {
                    return Err(BuildError::Link {
                        file: file.clone(),
                        href: href.clone(),
                        message: format!("no element with id `{fragment}` in {target}"),
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        check(&o).unwrap();
    }

    #[test]
    fn duplicate_ids_fail() {
        let o = site(&[("ru/a/index.html", r#"<h2 id="x"></h2><form id="x"></form>"#)]);
        let err = check(&o).unwrap_err().to_string();
        assert!(
            err.contains("ru/a/index.html") && err.contains("#x"),
            "{err}"
        );
    }

    #[test]
    fn missing_page_and_anchor_fail_with_file() {
        let o = site(&[("ru/privacy/index.html", r#"<a href="/ru/nope/">x</a>"#)]);
        let err = check(&o).unwrap_err().to_string();
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
        let err = check(&o).unwrap_err().to_string();
        assert!(err.contains("lst"), "{err}");
    }
}

//! The policy as data: `/policy.json` (every fact in kk, ru and en, where each comes from, the
//! versions with their dates, and a SHA-256 digest of each current page's text) and
//! `/policy.schema.json` (its JSON Schema), for the operator's other sites and for auditors.

use crate::error::BuildError;
use crate::render::Body;
use crate::templating::page_path;
use crate::versions::{self, Entry};
use policy::{Facts, Locale};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The JSON Schema of `/policy.json`.
pub const SCHEMA: &str = include_str!("policy.schema.json");

/// SHA-256 of a page's text (its body without markup and without the site's frame, as
/// `compare::text_of` reads it), lower hex: the same whatever the build's URLs.
pub fn digest(body: &Body) -> String {
    let hash = Sha256::digest(crate::compare::text_of(&body.html).as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest of every current page, by locale and slug (computed once, as each page is
/// rendered).
pub type Digests = BTreeMap<Locale, BTreeMap<String, String>>;

/// `/policy.json`. `digests` are those of the current pages by locale and slug.
pub fn document(
    base_url: &str,
    facts: &Facts,
    localized: &[std::sync::Arc<Value>; 3],
    history: &[Entry],
    digests: &Digests,
) -> Result<String, BuildError> {
    let base = base_url.trim_end_matches('/');
    let suffix = versions::suffix(&facts.policy.version);
    // One entry per page and language: written as it is serialised, not built as a JSON
    // tree first (tens of thousands on a large site).
    let mut pages = Vec::new();
    for (locale, by_slug) in digests {
        for (slug, digest) in by_slug {
            pages.push(PageEntry {
                locale: *locale,
                base,
                slug,
                suffix: &suffix,
                sha256: digest,
            });
        }
    }
    let summaries: BTreeMap<&str, &policy::facts::L10n> = facts
        .changelog
        .iter()
        .map(|c| (c.version.as_str(), &c.summary))
        .collect();
    let versions: Vec<Value> = history
        .iter()
        .map(|e| {
            json!({
                "version": e.number,
                "effective_date": e.effective.to_string(),
                "last_updated": e.updated.to_string(),
                "until": e.until.map(|d| d.to_string()),
                "summary": summaries.get(e.number.as_str()).map(|s| json!({"kk": s.kk, "ru": s.ru, "en": s.en})),
            })
        })
        .collect();
    let sources: serde_json::Map<String, Value> = facts
        .sources()
        .into_iter()
        .map(|s| (s.key, Value::from(s.origin.to_string())))
        .collect();
    // The fields in name order, as a JSON object (a sorted map) writes them.
    let doc = Document {
        effective_date: facts.policy.effective_date.to_string(),
        facts: json!({
            "kk": *localized[Locale::Kk.index()],
            "ru": *localized[Locale::Ru.index()],
            "en": *localized[Locale::En.index()],
        }),
        last_updated: facts.policy.last_updated.to_string(),
        pages,
        sources,
        version: &facts.policy.version,
        versions,
    };
    serde_json::to_string_pretty(&doc)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| BuildError::io("policy.json", e))
}

/// `/policy.json`, its fields in name order (as `serde_json`'s sorted maps write them).
#[derive(serde::Serialize)]
struct Document<'a> {
    effective_date: String,
    facts: Value,
    last_updated: String,
    pages: Vec<PageEntry<'a>>,
    sources: serde_json::Map<String, Value>,
    version: &'a str,
    versions: Vec<Value>,
}

/// One page of `/policy.json`: `{ locale, permanent_url, sha256, slug, url }`.
struct PageEntry<'a> {
    locale: Locale,
    base: &'a str,
    slug: &'a str,
    suffix: &'a str,
    sha256: &'a str,
}

impl serde::Serialize for PageEntry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let url = format!("{}{}", self.base, page_path(self.locale, self.slug));
        let mut entry = serializer.serialize_struct("PageEntry", 5)?;
        entry.serialize_field("locale", self.locale.code())?;
        entry.serialize_field("permanent_url", &format!("{url}{}", self.suffix))?;
        entry.serialize_field("sha256", self.sha256)?;
        entry.serialize_field("slug", self.slug)?;
        entry.serialize_field("url", &url)?;
        entry.end()
    }
}

/// Path, relative to the project root, of the digests the intake function compiles in, so
/// each request records the digest of the page its requester could read.
pub const DIGESTS_FILE: &str = "content/page-digests.toml";

/// `content/page-digests.toml`: the current version and the SHA-256 of each current page's
/// body by page and language. Written by every successful build when it differs (like a lock
/// file: commit it with the content); `--check` reports it stale.
pub fn digests_toml(version: &str, digests: &Digests) -> String {
    let mut by_slug: BTreeMap<&str, Vec<(Locale, &str)>> = BTreeMap::new();
    for (locale, pages) in digests {
        for (slug, digest) in pages {
            by_slug.entry(slug).or_default().push((*locale, digest));
        }
    }
    let mut out = String::from(
        "# Generated by `cargo run --bin build-site`: do not edit. The SHA-256 of each current\n\
         # page's body (its text, without the site's frame), by page and language, for the\n\
         # version in force. The intake function compiles it in and records, with each request,\n\
         # the digest of the privacy policy in the requester's language.\n",
    );
    out.push_str(&format!("version = \"{version}\"\n"));
    for (slug, digests) in by_slug {
        out.push_str(&format!("\n[pages.{slug}]\n"));
        for (locale, d) in digests {
            out.push_str(&format!("{} = \"{d}\"\n", locale.code()));
        }
    }
    out
}

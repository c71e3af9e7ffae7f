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

/// SHA-256 of a page's body (the text of the policy without the site's frame), lower hex.
pub fn digest(body: &Body) -> String {
    let hash = Sha256::digest(body.html.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// `/policy.json`. `bodies` are the current pages by locale and slug.
pub fn document(
    base_url: &str,
    facts: &Facts,
    localized: &[std::sync::Arc<Value>; 3],
    history: &[Entry],
    bodies: &BTreeMap<Locale, BTreeMap<String, Body>>,
) -> Result<String, BuildError> {
    let base = base_url.trim_end_matches('/');
    let mut pages = Vec::new();
    for (locale, by_slug) in bodies {
        for (slug, body) in by_slug {
            let url = format!("{base}{}", page_path(*locale, slug));
            pages.push(json!({
                "slug": slug,
                "locale": locale.code(),
                "url": url,
                "permanent_url": format!("{url}{}", versions::suffix(&facts.policy.version)),
                "sha256": digest(body),
            }));
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
    let doc = json!({
        "version": facts.policy.version,
        "effective_date": facts.policy.effective_date.to_string(),
        "last_updated": facts.policy.last_updated.to_string(),
        "facts": {
            "kk": *localized[Locale::Kk.index()],
            "ru": *localized[Locale::Ru.index()],
            "en": *localized[Locale::En.index()],
        },
        "sources": sources,
        "pages": pages,
        "versions": versions,
    });
    serde_json::to_string_pretty(&doc)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| BuildError::io("policy.json", e))
}

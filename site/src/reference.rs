//! The editors' reference (`content/REFERENCE.md`): every fact key with its source and its
//! Russian value, every helper function and every block a page body can use, generated from
//! the code and the facts so that it cannot drift (a test compares it with the file).
//! Regenerate with `cargo run --bin build-site -- reference`.

use crate::error::BuildError;
use policy::{Facts, Locale};
use serde_json::Value;
use std::fmt::Write;

/// Path of the reference, relative to the project root.
pub const FILE: &str = "content/REFERENCE.md";

/// The functions `templating` registers for page bodies: name, call, what it gives.
pub const HELPERS: [(&str, &str, &str); 7] = [
    (
        "t",
        r#"{{ t(key="privacy-working-days-gen", count=3) }}"#,
        "A Fluent message of the page's language (locales/<l>/*.ftl), with arguments; for case \
         forms and plurals. A message must exist in all three languages.",
    ),
    (
        "date",
        "{{ date(value=facts.policy.effective_date) }}",
        "A date in the page's language: «13 июня 2026 г.», «2026 жылғы 13 маусым», «13 June 2026».",
    ),
    (
        "duration",
        r#"{{ duration(deadline="information") }}"#,
        "A deadline of [deadlines] in words: «3 рабочих дня».",
    ),
    (
        "years",
        "{{ years(n=5) }}",
        "A number of years with its plural: «5 лет», «5 жыл», «5 years».",
    ),
    (
        "retention_period",
        r#"{{ retention_period(id="contracts") }}"#,
        "A retention period as the policy states it, with «не менее» and its starting point in \
         the language's word order; the e-mails use the same words.",
    ),
    (
        "fact",
        r#"{% set chat = fact(list="retention", id="whatsapp") %}{{ chat.years }}"#,
        "An entry of a list of facts by its id (cookies by `name`, change-log entries by \
         `version`). Never refer to an entry by position (`facts.recipients[0]`): the build \
         refuses it, because reordering the list would change the text.",
    ),
    (
        "page_url",
        r#"{{ page_url(page="data-deletion", anchor="request-form") }}"#,
        "The URL of a page in the page's language (or `lang=\"kk\"`), with an optional anchor; \
         the page must exist.",
    ),
];

/// The generated blocks (`site/templates/blocks/`), for `{% include "blocks/<name>.html" %}`.
pub const BLOCKS: [(&str, &str); 7] = [
    (
        "operator",
        "The operator's name, address, e-mail, WhatsApp and site ([operator]).",
    ),
    (
        "recipients",
        "The table of [[recipients]]: location, purpose, cross-border (derived).",
    ),
    (
        "retention",
        "The table of [[retention]] periods and their legal bases.",
    ),
    (
        "deadlines",
        "The table of [deadlines], with the article or \"our commitment\".",
    ),
    (
        "cookies",
        "The [[cookies]] by category; nothing while the list is empty.",
    ),
    (
        "request-form",
        "The request form (posts to the intake function).",
    ),
    ("changelog", "The [[changelog]] table of versions."),
];

/// Every leaf of the facts as templates see them: (`facts.operator.email`, value).
fn leaves(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                leaves(v, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                out.push((path.to_string(), "(empty list)".into()));
            }
            for item in items {
                let id = ["id", "name", "version"]
                    .iter()
                    .find_map(|k| item.get(*k).and_then(Value::as_str).map(|v| (*k, v)));
                match id {
                    Some((_, id)) => {
                        let list = path.trim_start_matches("facts.");
                        let base = format!("fact(list=\"{list}\", id=\"{id}\")");
                        leaves(item, &base, out);
                    }
                    // A list of plain values (`bases`, `countries`): shown whole.
                    None => {
                        out.push((path.to_string(), value.to_string()));
                        return;
                    }
                }
            }
        }
        Value::Null => out.push((path.to_string(), "(none)".into())),
        Value::String(s) => out.push((path.to_string(), s.clone())),
        other => out.push((path.to_string(), other.to_string())),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The reference as Markdown.
pub fn markdown(facts: &Facts) -> Result<String, BuildError> {
    let ru = facts.localized(Locale::Ru)?;
    let mut out = String::new();
    let w = |out: &mut String, s: &str| out.push_str(s);
    w(
        &mut out,
        "# What page bodies can use\n\n\
         Generated from the code and `content/facts.toml` by `cargo run --bin build-site -- \
         reference`; a test fails when it is stale. Page bodies (`content/<l>/<page>.md`) are \
         tera templates rendered before Markdown: refer to facts, never retype them.\n\n\
         ## Helpers\n\n| helper | example | gives |\n|---|---|---|\n",
    );
    for (name, example, what) in HELPERS {
        let _ = writeln!(out, "| `{name}` | `{}` | {} |", cell(example), cell(what));
    }
    w(
        &mut out,
        "\n## Blocks\n\n`{% include \"blocks/<name>.html\" %}`\n\n| block | renders |\n|---|---|\n",
    );
    for (name, what) in BLOCKS {
        let _ = writeln!(out, "| `{name}` | {} |", cell(what));
    }
    w(
        &mut out,
        "\n## Facts\n\nEach fact as a page writes it, where it comes from, and its Russian text \
         (kk and en have their own). `operator:` sources await the operator's confirmation.\n\n\
         | fact | source | value (ru) |\n|---|---|---|\n",
    );
    let sources = facts.sources();
    let source_of = |path: &str| -> String {
        // `facts.policy.version` → `policy.version`; `fact(list="retention", id="x").years`
        // → `retention.x`.
        let key = if let Some(rest) = path.strip_prefix("fact(list=\"") {
            let (list, rest) = rest.split_once("\", id=\"").unwrap_or((rest, ""));
            let id = rest.split('"').next().unwrap_or("");
            format!("{list}.{id}")
        } else {
            path.trim_start_matches("facts.").to_string()
        };
        sources
            .iter()
            .filter(|s| key == s.key || key.starts_with(&format!("{}.", s.key)))
            .max_by_key(|s| s.key.len())
            .map_or_else(|| "derived".to_string(), |s| s.origin.to_string())
    };
    let mut all = Vec::new();
    leaves(&ru, "facts", &mut all);
    for (path, value) in all {
        let shown = if path.starts_with("fact(") {
            // fact(list="x", id="y").field
            let (call, field) = path.split_once(").").unwrap_or((&path, ""));
            format!("{call}).{field}")
        } else {
            path.clone()
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            cell(&shown),
            cell(&source_of(&path)),
            cell(&value)
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_registered_helper_and_every_block_is_documented() {
        let code = include_str!("templating.rs");
        let registered: Vec<&str> = code
            .split("register_function(\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        let documented: Vec<&str> = super::HELPERS.iter().map(|h| h.0).collect();
        let mut a = registered.clone();
        let mut b = documented.clone();
        a.sort();
        b.sort();
        assert_eq!(
            a, b,
            "templating.rs registers {registered:?}; HELPERS documents {documented:?}"
        );
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/blocks");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                e.unwrap()
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        let mut blocks: Vec<String> = super::BLOCKS.iter().map(|b| b.0.to_string()).collect();
        blocks.sort();
        assert_eq!(files, blocks);
    }
}

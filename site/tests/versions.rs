//! Policy versions that stay: a fixture project publishes version 1.1 with the documented
//! step (freeze, bump, change log) and changes one retention period and adds one recipient.

mod common;
use common::{edit, scratch};

use std::path::{Path, PathBuf};
use std::process::Command;

fn cli(project: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_build-site"))
        .arg("--root")
        .arg(project)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

const NEW_RECIPIENT: &str = r#"
[[recipients]]
id = "auditor"
source = "policy §5"
name.ru = "Аудитор-фикстура"
name.kk = "Аудитор-фикстура"
name.en = "Fixture Auditor"
countries = ["KZ"]
role = "recipient"
purpose.ru = "аудит"
purpose.kk = "аудит"
purpose.en = "audit"
"#;

const CHANGE_1_1: &str = r#"
[[changelog]]
source = "operator: fixture"
version = "1.1"
date = 2027-01-01
summary.ru = "Срок хранения переписки изменён; добавлен получатель."
summary.kk = "Хат алмасуды сақтау мерзімі өзгертілді; алушы қосылды."
summary.en = "Retention of correspondence changed; a recipient added."
"#;

/// A scratch project at version 1.1: 1.0 frozen, WhatsApp correspondence kept 6 years
/// instead of 5, a recipient added.
fn two_versions() -> tempfile::TempDir {
    let dir = scratch();
    let (ok, out) = cli(dir.path(), &["freeze"]);
    assert!(ok, "{out}");
    assert!(dir
        .path()
        .join("content/versions/1.0/ru/privacy.md")
        .exists());
    // Without the bump, the build refuses a version that is both frozen and current.
    let (ok, out) = cli(dir.path(), &["--check"]);
    assert!(!ok && out.contains("both frozen and current"), "{out}");
    edit(dir.path(), "content/facts.toml", |t| {
        let t = t
            .replacen(
                "version = \"1.0\"\neffective_date = 2026-06-13\nlast_updated = 2026-06-13",
                "version = \"1.1\"\neffective_date = 2027-01-01\nlast_updated = 2026-12-01",
                1,
            )
            .replacen(
                "id = \"whatsapp\"\nsource = \"policy §6\"\nyears = 5",
                "id = \"whatsapp\"\nsource = \"policy §6\"\nyears = 6",
                1,
            );
        let at = t.find("\n[[changelog]]").unwrap();
        format!("{}{NEW_RECIPIENT}{CHANGE_1_1}{}", &t[..at], &t[at..])
    });
    dir
}

fn build(project: &Path) -> PathBuf {
    let out = project.join("public");
    let (ok, text) = cli(project, &["--out", out.to_str().unwrap()]);
    assert!(ok, "{text}");
    out
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn two_versions_stay_readable_with_their_changes_feed_and_data() {
    let p = two_versions();
    let out = build(p.path());
    for l in ["kk", "ru", "en"] {
        for page in ["privacy", "rights", "data-deletion", "cookies"] {
            let old = read(&out, &format!("{l}/{page}/v1.0/index.html"));
            let new = read(&out, &format!("{l}/{page}/v1.1/index.html"));
            // The old version says it is not in force, from when to when, links to the
            // current page and is its own canonical page.
            assert!(old.contains("class=\"superseded\""), "{l}/{page}");
            assert!(
                old.contains(&format!("href=\"/{l}/{page}/\"")),
                "{l}/{page}"
            );
            assert!(old.contains(&format!(
                "<link rel=\"canonical\" href=\"https://interpay.kz/{l}/{page}/v1.0/\">"
            )));
            assert!(!new.contains("class=\"superseded\""));
            assert!(new.contains(&format!(
                "<link rel=\"canonical\" href=\"https://interpay.kz/{l}/{page}/\">"
            )));
            read(&out, &format!("{l}/{page}/v1.1/changes/index.html"));
            assert!(!out
                .join(format!("{l}/{page}/v1.0/changes/index.html"))
                .exists());
        }
    }
    let old_ru = read(&out, "ru/privacy/v1.0/index.html");
    let new_ru = read(&out, "ru/privacy/index.html");
    assert!(
        old_ru.contains("5 лет с момента последнего сообщения"),
        "the old period"
    );
    assert!(!old_ru.contains("Аудитор-фикстура"));
    assert!(
        old_ru.contains("применялась с 13 июня 2026 г. по 31 декабря 2026 г."),
        "its dates"
    );
    assert!(new_ru.contains("6 лет с момента последнего сообщения"));
    assert!(new_ru.contains("Аудитор-фикстура"));

    // The comparison shows exactly what changed: the retention period and the recipient
    // (in the summary, and §11's date of the last update, which is text too); nothing else.
    let changes = read(&out, "ru/privacy/v1.1/changes/index.html");
    let changed: Vec<&str> = changes
        .split("<section class=\"change change-")
        .skip(1)
        .filter(|s| s.starts_with("changed") || s.starts_with("added") || s.starts_with("removed"))
        .map(|s| {
            s.split("aria-labelledby=\"change-")
                .nth(1)
                .map_or("(intro)", |r| r.split('"').next().unwrap())
        })
        .collect();
    assert_eq!(
        changed,
        ["summary", "recipients", "retention", "changes"],
        "{changes}"
    );
    assert!(
        changes.contains("<del><span class=\"change-label\">удалено:</span> 5</del>"),
        "{changes}"
    );
    assert!(
        changes.contains("<ins><span class=\"change-label\">добавлено:</span> 6</ins>"),
        "{changes}"
    );
    assert!(changes.contains("Аудитор-фикстура"));

    // The change log lists both versions with their pages and the comparison.
    assert!(
        new_ru.contains("href=\"/ru/privacy/v1.0/\"")
            && new_ru.contains("href=\"/ru/privacy/v1.1/changes/\"")
    );

    // The Atom feed: valid XML in the Atom namespace, one entry per version, newest first.
    for l in ["kk", "ru", "en"] {
        let xml = read(&out, &format!("{l}/policy-changes.xml"));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let feed = doc.root_element();
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        assert_eq!(feed.tag_name().name(), "feed");
        for required in ["id", "title", "updated", "author"] {
            assert!(
                feed.children().any(|c| c.tag_name().name() == required),
                "{l}: {required}"
            );
        }
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .collect();
        assert_eq!(entries.len(), 2, "{l}");
        let ids: Vec<&str> = entries
            .iter()
            .map(|e| {
                e.children()
                    .find(|c| c.tag_name().name() == "id")
                    .unwrap()
                    .text()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            ids,
            [
                format!("https://interpay.kz/{l}/privacy/v1.1/"),
                format!("https://interpay.kz/{l}/privacy/v1.0/")
            ]
        );
        for e in &entries {
            for required in ["title", "updated", "summary"] {
                assert!(
                    e.children().any(|c| c.tag_name().name() == required),
                    "{l}: entry {required}"
                );
            }
            let updated = e
                .children()
                .find(|c| c.tag_name().name() == "updated")
                .unwrap()
                .text()
                .unwrap();
            updated.parse::<jiff::Timestamp>().unwrap();
        }
        let page = read(&out, &format!("{l}/privacy/index.html"));
        assert!(page.contains(&format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/{l}/policy-changes.xml\""
        )));
    }

    // The policy as data, valid against its schema, with the new facts and both versions.
    let doc: serde_json::Value = serde_json::from_str(&read(&out, "policy.json")).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&read(&out, "policy.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(doc["version"], "1.1");
    let whatsapp = doc["facts"]["en"]["retention"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "whatsapp")
        .unwrap();
    assert_eq!(whatsapp["years"], 6);
    assert_eq!(doc["versions"].as_array().unwrap().len(), 2);
    assert_eq!(doc["versions"][0]["until"], "2026-12-31");
    assert_eq!(doc["pages"].as_array().unwrap().len(), 12);

    // The sitemap lists the current pages only (old versions are archives, reached from the
    // change log and the feed).
    let sitemap = read(&out, "sitemap.xml");
    assert!(!sitemap.contains("/v1.0/") && !sitemap.contains("/v1.1/"));
}

#[test]
fn editing_a_fact_today_leaves_the_frozen_version_byte_for_byte() {
    let p = two_versions();
    let before = build(p.path());
    let old: Vec<(String, Vec<u8>)> = ["kk", "ru", "en"]
        .iter()
        .flat_map(|l| {
            ["privacy", "data-deletion", "cookies"]
                .iter()
                .map(move |page| format!("{l}/{page}/v1.0/index.html"))
        })
        .map(|rel| {
            let bytes = std::fs::read(before.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect();
    edit(p.path(), "content/facts.toml", |t| {
        t.replace("support@interpay.kz", "privacy@interpay.kz")
            .replace("years = 6", "years = 7")
    });
    let after = build(p.path());
    assert!(read(&after, "ru/privacy/index.html").contains("privacy@interpay.kz"));
    for (rel, bytes) in old {
        assert_eq!(
            std::fs::read(after.join(&rel)).unwrap(),
            bytes,
            "{rel} changed"
        );
    }
}

#[test]
fn the_build_refuses_a_broken_history() {
    // A bump whose previous version was not frozen.
    let p = scratch();
    edit(p.path(), "content/facts.toml", |t| {
        let t = t.replacen(
            "version = \"1.0\"\neffective_date = 2026-06-13",
            "version = \"1.1\"\neffective_date = 2027-01-01",
            1,
        );
        let at = t.find("\n[[changelog]]").unwrap();
        format!("{}{CHANGE_1_1}{}", &t[..at], &t[at..])
    });
    let (ok, out) = cli(p.path(), &["--check"]);
    assert!(
        !ok && out.contains("version 1.0") && out.contains("freeze"),
        "{out}"
    );

    // A bump without its change-log entry.
    let p = two_versions();
    edit(p.path(), "content/facts.toml", |t| {
        t.replace(CHANGE_1_1, "")
    });
    let (ok, out) = cli(p.path(), &["--check"]);
    assert!(
        !ok && out.contains("1.1") && out.contains("changelog"),
        "{out}"
    );

    // Dates out of order.
    let p = two_versions();
    edit(p.path(), "content/facts.toml", |t| {
        t.replace("effective_date = 2027-01-01", "effective_date = 2026-01-01")
            .replace("date = 2027-01-01", "date = 2026-01-01")
    });
    let (ok, out) = cli(p.path(), &["--check"]);
    assert!(!ok && out.contains("not after version 1.0"), "{out}");

    // An incomplete frozen version names its file and version.
    let p = two_versions();
    std::fs::remove_file(p.path().join("content/versions/1.0/kk/cookies.md")).unwrap();
    let (ok, out) = cli(p.path(), &["--check"]);
    assert!(
        !ok && out.contains("content/versions/1.0") && out.contains("cookies"),
        "{out}"
    );
    let p = two_versions();
    std::fs::remove_file(p.path().join("content/versions/1.0/facts.toml")).unwrap();
    let (ok, out) = cli(p.path(), &["--check"]);
    assert!(
        !ok && out.contains("content/versions/1.0/facts.toml") && out.contains("incomplete"),
        "{out}"
    );
}

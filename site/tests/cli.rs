//! The `build-site` command as an editor runs it: `--check`, `new <slug>`, drafts, weights.

mod common;
use common::{edit, root, scratch};

use std::path::Path;
use std::process::Command;

struct Run {
    ok: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(project: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_build-site"))
        .arg("--root")
        .arg(project)
        .args(args)
        .output()
        .unwrap();
    Run {
        ok: out.status.success(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn check_writes_nothing_and_lists_every_error() {
    let p = scratch();
    let out = p.path().join("never");
    let r = run(p.path(), &["--check", "--out", out.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.starts_with("checked 4 pages"), "{}", r.stdout);
    assert!(!out.exists(), "--check writes nothing");

    edit(p.path(), "content/en/cookies.md", |t| {
        format!("{t}\n[typo](../privasy/)\n\n{{{{ facts.operator.fax }}}}\n")
    });
    edit(p.path(), "content/kk/privacy.md", |t| {
        format!("{t}\n## Тақырып\n")
    });
    let r = run(p.path(), &["--check", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(!out.exists());
    let errors: Vec<&str> = r.stderr.lines().collect();
    assert!(
        errors
            .iter()
            .any(|l| l.contains("content/en/cookies.md:") && l.contains("fax")),
        "{}",
        r.stderr
    );
    assert!(
        errors
            .iter()
            .any(|l| l.contains("content/kk/privacy.md:") && l.contains("{#id}")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.trim_end().ends_with("errors; nothing was written"),
        "{}",
        r.stderr
    );
}

#[test]
fn new_creates_a_draft_in_every_language_that_publishes_when_named() {
    let p = scratch();
    let r = run(p.path(), &["new", "terms"]);
    assert!(r.ok, "{}", r.stderr);
    for l in ["kk", "ru", "en"] {
        let text = std::fs::read_to_string(p.path().join(format!("content/{l}/terms.md"))).unwrap();
        assert!(
            text.contains("draft = true") && text.contains("{#first-section}"),
            "{text}"
        );
    }
    // A draft is checked but not published.
    let out = p.path().join("public");
    let r = run(p.path(), &["--out", out.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    assert!(!out.join("ru/terms/index.html").exists());
    let privacy = std::fs::read_to_string(out.join("ru/privacy/index.html")).unwrap();
    assert!(
        !privacy.contains("/ru/terms/"),
        "a draft is not in the navigation"
    );

    // Published: the build asks for its sections in content/sections.toml.
    for l in ["kk", "ru", "en"] {
        edit(p.path(), &format!("content/{l}/terms.md"), |t| {
            t.replace("draft = true\n", "weight = 40\n")
        });
    }
    let r = run(p.path(), &["--out", out.to_str().unwrap()]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("content/sections.toml") && r.stderr.contains("[terms]"),
        "{}",
        r.stderr
    );
    edit(p.path(), "content/sections.toml", |t| {
        format!("{t}\n[terms]\nfirst-section = \"site: a test page\"\n")
    });
    let r = run(p.path(), &["--out", out.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    assert!(out.join("kk/terms/index.html").exists());
    // In every page's navigation, ordered by weight (40 comes after the policy pages: 10, 20, 30).
    let privacy = std::fs::read_to_string(out.join("en/privacy/index.html")).unwrap();
    let nav = privacy.split("main-nav").nth(1).unwrap();
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let order: Vec<usize> = [
        "/en/privacy/",
        "/en/data-deletion/",
        "/en/cookies/",
        "/en/terms/",
    ]
    .iter()
    .map(|u| {
        nav.find(&format!("href=\"{u}\""))
            .unwrap_or_else(|| panic!("{u} in {nav}"))
    })
    .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "{nav}");
}

#[test]
fn a_page_with_nav_false_is_published_without_a_navigation_entry() {
    let p = scratch();
    for l in ["kk", "ru", "en"] {
        let privacy =
            std::fs::read_to_string(p.path().join(format!("content/{l}/privacy.md"))).unwrap();
        std::fs::write(
            p.path().join(format!("content/{l}/privacy-2.md")),
            privacy.replace("weight = 10\n", "nav = false\n"),
        )
        .unwrap();
    }
    edit(p.path(), "content/sections.toml", |t| {
        let table = t.split("[privacy]\n").nth(1).unwrap();
        let table = &table[..table.find("\n[").unwrap()];
        format!("{t}\n[privacy-2]\n{table}\n")
    });
    let out = p.path().join("public");
    let r = run(p.path(), &["--out", out.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    let page = std::fs::read_to_string(out.join("en/privacy-2/index.html")).unwrap();
    let nav = page.split("main-nav").nth(1).unwrap();
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert!(nav.contains("href=\"/en/privacy/\""), "{nav}");
    assert!(!nav.contains("/en/privacy-2/"), "{nav}");
    assert!(
        std::fs::read_to_string(out.join("sitemap.xml"))
            .unwrap()
            .contains("/en/privacy-2/"),
        "still in the sitemap"
    );
}

#[test]
fn new_refuses_reserved_existing_and_malformed_names() {
    let p = scratch();
    for (slug, needle) in [
        ("requests", "reserved"),
        ("meta", "reserved"),
        ("assets", "reserved"),
        ("privacy", "exists already"),
        ("Terms", "lowercase"),
    ] {
        let r = run(p.path(), &["new", slug]);
        assert_eq!(r.code, Some(1), "{slug}");
        assert!(r.stderr.contains(needle), "{slug}: {}", r.stderr);
    }
    assert!(!p.path().join("content/ru/requests.md").exists());
    // A page file with a reserved name fails the build with a clear message.
    std::fs::write(
        p.path().join("content/ru/meta.md"),
        "+++\ntitle = \"M\"\ndescription = \"D\"\n+++\nText\n",
    )
    .unwrap();
    let r = run(p.path(), &["--check"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("content/ru/meta.md") && r.stderr.contains("reserved"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_generator_reads_content_at_run_time_and_never_embeds_it() {
    // `cargo run --bin build-site` builds the site crate alone: the policy crate's
    // `embedded` feature (content compiled in) must not be part of it, or every edit of a fact
    // or a Fluent file would recompile the generator. Asked of cargo itself, which resolves
    // the features of that very build.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "--offline", "-p", "site", "-e", "features"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("policy feature \"default\""), "{tree}");
    assert!(!tree.contains("policy feature \"embedded\""), "{tree}");
    // The function does embed it: it states the facts the site was built from.
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["tree", "--offline", "-p", "intake", "-e", "features"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("policy feature \"embedded\""));
}

#[test]
fn the_page_digests_follow_the_text_like_a_lock_file() {
    // The committed file is current (a scratch copy of the real project checks clean).
    let p = scratch();
    let r = run(p.path(), &["--check"]);
    assert!(r.ok, "{}", r.stderr);
    // A changed text makes it stale: --check says so and writes nothing; a build rewrites it.
    edit(p.path(), "content/ru/privacy.md", |t| {
        format!("{t}\nНовое предложение.\n")
    });
    let before = std::fs::read_to_string(p.path().join("content/page-digests.toml")).unwrap();
    let r = run(p.path(), &["--check"]);
    assert!(
        !r.ok && r.stderr.contains("content/page-digests.toml") && r.stderr.contains("stale"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(p.path().join("content/page-digests.toml")).unwrap(),
        before
    );
    let out = p.path().join("public");
    let r = run(p.path(), &["--out", out.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    let after = std::fs::read_to_string(p.path().join("content/page-digests.toml")).unwrap();
    assert_ne!(after, before);
    let ru_privacy = |t: &str| {
        t.split("[pages.privacy]")
            .nth(1)
            .unwrap()
            .lines()
            .find(|l| l.starts_with("ru = "))
            .unwrap()
            .to_string()
    };
    assert_ne!(
        ru_privacy(&after),
        ru_privacy(&before),
        "the Russian privacy page's digest changed"
    );
    let policy: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("policy.json")).unwrap()).unwrap();
    let published = policy["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "privacy" && p["locale"] == "ru")
        .unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        ru_privacy(&after).contains(&published),
        "the file and /policy.json agree"
    );
    assert!(run(p.path(), &["--check"]).ok);
}

#[test]
fn the_function_page_layouts_follow_the_site_like_a_lock_file() {
    let p = scratch();
    let shell = |l: &str| {
        std::fs::read_to_string(
            p.path()
                .join(format!("functions/intake/templates/shell/{l}.html")),
        )
        .unwrap()
    };
    let before = shell("ru");
    // The site's header, footer, stylesheet and navigation, with the function's slots.
    for part in [
        "<a class=\"skip-link\" href=\"#content\">",
        "<header class=\"site-header\">",
        "<footer class=\"site-footer\">",
        "href=\"{{ site | safe }}/ru/privacy/\"",
        "href=\"{{ switch.kk }}\"",
        "<title>{{ title }} — ",
        "{% block main %}{% endblock main %}",
    ] {
        assert!(before.contains(part), "{part} in {before}");
    }
    assert!(
        !before.contains("<script"),
        "the function's pages run no script"
    );
    let css = before
        .split("href=\"{{ site | safe }}/assets/site.")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    // A changed stylesheet makes them stale: --check says so and writes nothing.
    edit(p.path(), "site/assets/site.css", |t| {
        format!("{t}\n.x {{ }}\n")
    });
    let r = run(p.path(), &["--check"]);
    assert!(
        !r.ok
            && r.stderr.contains("functions/intake/templates/shell/")
            && r.stderr.contains("stale"),
        "{}",
        r.stderr
    );
    assert_eq!(shell("ru"), before);
    let out = p.path().join("public");
    let r = run(p.path(), &["--out", out.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    let after = shell("ru");
    assert!(
        !after.contains(&css),
        "the new stylesheet's name is in the layout"
    );
    let new_css = after
        .split("href=\"{{ site | safe }}/assets/site.")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(
        out.join(format!("assets/site.{new_css}")).is_file(),
        "the layout names the stylesheet the build wrote"
    );
    assert!(run(p.path(), &["--check"]).ok);
}

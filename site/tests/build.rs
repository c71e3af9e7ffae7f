//! Builds the real content and checks the output; then breaks a copy of the project in each
//! way the build must refuse, and checks the error names file, locale and key.

use policy::{Facts, Locale};
use site::{build, BuildOptions};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn build_real(out: &Path) -> site::BuildSummary {
    let mut o = BuildOptions::new(&root());
    o.out = out.to_path_buf();
    build(&o).unwrap()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn section_ids(html: &str) -> Vec<String> {
    html.split("<h2 id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .filter(|id| id != "toc-title")
        .collect()
}

#[test]
fn the_real_site_builds_with_every_page_and_fact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let summary = build_real(&out);
    assert_eq!(summary.pages, 3);
    let facts = Facts::from_toml(
        &std::fs::read_to_string(root().join("content/facts.toml")).unwrap(),
        "facts",
    )
    .unwrap();
    let catalog = site::build::load_catalog(&root().join("locales")).unwrap();
    for page in ["privacy", "data-deletion", "cookies"] {
        let mut ids_by_locale = Vec::new();
        for l in Locale::ALL {
            let html = read(&out, &format!("{}/{page}/index.html", l.code()));
            assert!(
                html.contains(&format!("<html lang=\"{}\">", l.code())),
                "{l} {page}"
            );
            assert!(html.contains(&format!(
                "<link rel=\"canonical\" href=\"https://interpay.kz/{}/{page}/\">",
                l.code()
            )));
            for alt in Locale::ALL {
                assert!(html.contains(&format!(
                    "hreflang=\"{}\" href=\"https://interpay.kz/{}/{page}/\"",
                    alt.code(),
                    alt.code()
                )));
            }
            assert!(html.contains(&format!(
                "hreflang=\"x-default\" href=\"https://interpay.kz/ru/{page}/\""
            )));
            assert!(html.contains("class=\"skip-link\" href=\"#content\""));
            assert!(html.contains(&facts.policy.version));
            assert!(html.contains(&catalog.format_date(l, facts.policy.effective_date).unwrap()));
            assert!(
                !html.contains("{{") && !html.contains("{%"),
                "unrendered template in {l} {page}"
            );
            assert!(!html.contains("Unknown localization"), "{l} {page}");
            ids_by_locale.push(section_ids(&html));
        }
        assert!(!ids_by_locale[0].is_empty());
        assert!(
            ids_by_locale.iter().all(|ids| *ids == ids_by_locale[0]),
            "{page}: {ids_by_locale:?}"
        );
        // The printed URLs serve the Russian page, canonical to /ru/.
        let alias = read(&out, &format!("{page}/index.html"));
        assert!(alias.contains("<html lang=\"ru\">"));
        assert!(alias.contains(&format!(
            "<link rel=\"canonical\" href=\"https://interpay.kz/ru/{page}/\">"
        )));
    }
    // Every fact of the facts file on the privacy page, in every locale.
    for l in Locale::ALL {
        let html = read(&out, &format!("{}/privacy/index.html", l.code()));
        let text = html
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        let op = &facts.operator;
        let mut expected = vec![
            op.email.clone(),
            op.whatsapp.clone(),
            op.name.get(l).to_string(),
            op.address.get(l).to_string(),
            op.site_host.clone(),
            facts.authority.name.get(l).to_string(),
            facts.authority.site.clone(),
            catalog
                .format_duration(
                    l,
                    facts.deadlines["information"].amount,
                    facts.deadlines["information"].unit,
                )
                .unwrap(),
            catalog
                .format_duration(
                    l,
                    facts.deadlines["rectification"].amount,
                    facts.deadlines["rectification"].unit,
                )
                .unwrap(),
            catalog.format_years(l, 5).unwrap(),
            catalog.format_date(l, facts.policy.last_updated).unwrap(),
        ];
        expected.extend(facts.laws.values().map(|t| t.get(l).to_string()));
        for r in &facts.recipients {
            expected.push(r.name.get(l).to_string());
            expected.push(r.country.get(l).to_string());
        }
        for r in &facts.retention {
            expected.push(r.what.get(l).to_string());
        }
        for c in &facts.changelog {
            expected.push(c.summary.get(l).to_string());
        }
        for fact in expected {
            assert!(text.contains(&fact), "{l}: privacy page lacks `{fact}`");
        }
        let cookies = read(&out, &format!("{}/cookies/index.html", l.code()));
        for c in &facts.cookies {
            assert!(
                cookies
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .contains(&c.name),
                "{l}: cookie {}",
                c.name
            );
        }
        let deletion = read(&out, &format!("{}/data-deletion/index.html", l.code()));
        for field in [
            "name=\"type\"",
            "value=\"deletion\"",
            "value=\"consent_withdrawal\"",
            "name=\"name\"",
            "name=\"email\"",
            "name=\"phone\"",
            "name=\"details\"",
            "name=\"scope\"",
            "name=\"confirm\"",
            "name=\"website\"",
            "method=\"post\"",
            "action=\"/requests\"",
        ] {
            assert!(deletion.contains(field), "{l}: form lacks {field}");
        }
        assert!(deletion.contains(&format!("name=\"locale\" value=\"{}\"", l.code())));
        read(
            &out,
            &format!("{}/data-deletion/received/index.html", l.code()),
        );
        read(&out, &format!("{}/404.html", l.code()));
    }
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert_eq!(sitemap.matches("<url>").count(), 9);
    assert_eq!(sitemap.matches("<xhtml:link").count(), 9 * 4);
    assert!(read(&out, "robots.txt").contains("Sitemap: https://interpay.kz/sitemap.xml"));
    let index = read(&out, "index.html");
    for l in ["/kk/privacy/", "/ru/privacy/", "/en/privacy/"] {
        assert!(index.contains(l));
    }
    read(&out, "404.html");
}

#[test]
fn rebuilds_are_byte_identical_and_replace_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    build_real(&a);
    build_real(&b);
    std::fs::write(b.join("stale.html"), "old").unwrap();
    build_real(&b);
    assert!(
        !b.join("stale.html").exists(),
        "the old tree is swapped out"
    );
    let list = |p: &Path| {
        let mut v = Vec::new();
        let mut stack = vec![p.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path)
                } else {
                    v.push((
                        path.strip_prefix(p).unwrap().to_path_buf(),
                        std::fs::read(&path).unwrap(),
                    ))
                }
            }
        }
        v.sort();
        v
    };
    assert_eq!(list(&a), list(&b));
}

/// A copy of the project to break.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "locales", "site/templates", "site/assets"] {
        copy_dir(&root().join(sub), &dir.path().join(sub));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target)
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

fn build_error(project: &Path) -> String {
    let mut o = BuildOptions::new(project);
    o.out = project.join("public");
    std::fs::create_dir_all(&o.out).unwrap();
    std::fs::write(o.out.join("keep.txt"), "previous site").unwrap();
    let err = build(&o).expect_err("the build must fail").to_string();
    assert_eq!(
        std::fs::read_to_string(o.out.join("keep.txt")).unwrap(),
        "previous site",
        "a failed build leaves the old site"
    );
    err
}

#[test]
fn strictness_failures_name_file_locale_and_key() {
    // A missing Fluent message in one locale.
    let p = scratch();
    edit(p.path(), "locales/kk/site.ftl", |t| {
        t.replace("toc-title = Мазмұны\n", "")
    });
    let e = build_error(p.path());
    assert!(e.contains("locales/kk") && e.contains("toc-title"), "{e}");

    // A Fluent syntax error.
    let p = scratch();
    edit(p.path(), "locales/en/site.ftl", |t| {
        t.replace("toc-title = Contents", "toc-title = { $oops")
    });
    let e = build_error(p.path());
    assert!(
        e.contains("locales/en/site.ftl:") && e.contains("(en)"),
        "{e}"
    );

    // A page in one locale only.
    let p = scratch();
    std::fs::write(
        p.path().join("content/en/extra.md"),
        "+++\ntitle = \"X\"\ndescription = \"Y\"\n+++\nText\n",
    )
    .unwrap();
    let e = build_error(p.path());
    assert!(
        e.contains("content/en/extra.md") && e.contains("extra") && e.contains("kk"),
        "{e}"
    );

    // A fact reference that does not resolve.
    let p = scratch();
    edit(p.path(), "content/ru/privacy.md", |t| {
        t.replacen("{{ facts.operator.email }}", "{{ facts.operator.fax }}", 1)
    });
    let e = build_error(p.path());
    assert!(
        e.contains("content/ru/privacy.md") && e.contains("(ru)") && e.contains("fax"),
        "{e}"
    );

    // An unknown front-matter field.
    let p = scratch();
    edit(p.path(), "content/kk/cookies.md", |t| {
        t.replacen("+++\n", "+++\ndraft = true\n", 1)
    });
    let e = build_error(p.path());
    assert!(
        e.contains("content/kk/cookies.md") && e.contains("(kk)") && e.contains("draft"),
        "{e}"
    );

    // A broken internal anchor.
    let p = scratch();
    edit(p.path(), "content/en/cookies.md", |t| {
        format!("{t}\n[broken](/en/privacy/#no-such-section)\n")
    });
    let e = build_error(p.path());
    assert!(
        e.contains("en/cookies/index.html") && e.contains("no-such-section"),
        "{e}"
    );

    // Sections that differ between locales.
    let p = scratch();
    edit(p.path(), "content/kk/privacy.md", |t| {
        t.replacen("{#children}", "{#kids}", 1)
    });
    let e = build_error(p.path());
    assert!(
        e.contains("content/kk/privacy.md") && e.contains("kids"),
        "{e}"
    );

    // A fact file field that is unknown.
    let p = scratch();
    edit(p.path(), "content/facts.toml", |t| {
        t.replace("[operator]\n", "[operator]\nfax = \"1\"\n")
    });
    let e = build_error(p.path());
    assert!(e.contains("facts.toml") && e.contains("fax"), "{e}");
}

#[test]
fn a_change_in_the_facts_changes_every_language() {
    let p = scratch();
    edit(p.path(), "content/facts.toml", |t| {
        t.replace(
            "email = \"support@interpay.kz\"",
            "email = \"privacy@interpay.kz\"",
        )
    });
    let out = p.path().join("public");
    let mut o = BuildOptions::new(p.path());
    o.out = out.clone();
    build(&o).unwrap();
    for l in ["kk", "ru", "en"] {
        for page in ["privacy", "data-deletion", "cookies"] {
            let html = read(&out, &format!("{l}/{page}/index.html"));
            assert!(html.contains("privacy@interpay.kz"), "{l} {page}");
            assert!(!html.contains("support@interpay.kz"), "{l} {page}");
        }
    }
}

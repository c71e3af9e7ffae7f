//! Builds the real content and checks the output; then breaks a copy of the project in each
//! way the build must refuse, and checks the error names file, locale and key.

mod common;
use common::{edit, root, scratch};

use policy::{Facts, Locale};
use site::{build, BuildOptions};
use std::path::Path;

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
    assert_eq!(summary.pages, 4);
    assert_eq!(
        summary.awaiting_operator,
        Facts::from_toml(
            &std::fs::read_to_string(root().join("content/facts.toml")).unwrap(),
            "facts"
        )
        .unwrap()
        .awaiting_operator()
        .len()
    );
    assert!(summary.awaiting_operator > 0);
    assert!(
        summary.to_string().ends_with(&format!(
            "{} facts await the operator's confirmation",
            summary.awaiting_operator
        )),
        "{summary}"
    );
    let facts = Facts::from_toml(
        &std::fs::read_to_string(root().join("content/facts.toml")).unwrap(),
        "facts",
    )
    .unwrap();
    let catalog = site::build::load_catalog(&root().join("locales")).unwrap();
    for page in ["privacy", "rights", "data-deletion", "cookies"] {
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
            if let Some(location) = &r.location {
                expected.push(location.get(l).to_string());
            }
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
    assert_eq!(sitemap.matches("<url>").count(), 12);
    assert_eq!(sitemap.matches("<xhtml:link").count(), 12 * 4);
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

#[test]
fn a_build_failing_after_pages_were_written_keeps_the_old_site_and_the_next_one_is_clean() {
    let p = scratch();
    let mut o = BuildOptions::new(p.path());
    o.out = p.path().join("public");
    build(&o).unwrap();
    let before = read(&o.out, "ru/cookies/index.html");
    // Pages are written into the staging tree as they render; the broken link is found after.
    edit(p.path(), "content/ru/cookies.md", |t| {
        format!("{t}\nСм. [раздел](/ru/privasy/).\n")
    });
    let err = build(&o).unwrap_err().to_string();
    assert!(
        err.contains("content/ru/cookies.md") && err.contains("/ru/privasy/"),
        "{err}"
    );
    assert_eq!(
        read(&o.out, "ru/cookies/index.html"),
        before,
        "the old site stays"
    );
    // Fixed: the staging tree of the failed build is reused, and nothing of it is left over.
    edit(p.path(), "content/ru/cookies.md", |t| {
        t.replace("\nСм. [раздел](/ru/privasy/).\n", "")
    });
    std::fs::write(p.path().join(".public.next/stale.html"), "old").unwrap();
    build(&o).unwrap();
    assert_eq!(read(&o.out, "ru/cookies/index.html"), before);
    assert!(!o.out.join("stale.html").exists());
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
        t.replacen("+++\n", "+++\nlayout = \"wide\"\n", 1)
    });
    let e = build_error(p.path());
    assert!(
        e.contains("content/kk/cookies.md") && e.contains("(kk)") && e.contains("layout"),
        "{e}"
    );

    // A broken internal anchor.
    let p = scratch();
    edit(p.path(), "content/en/cookies.md", |t| {
        format!("{t}\n[broken](/en/privacy/#no-such-section)\n")
    });
    let e = build_error(p.path());
    // Named in the source file, at the line where the link is written.
    let line = std::fs::read_to_string(p.path().join("content/en/cookies.md"))
        .unwrap()
        .lines()
        .position(|l| l.contains("no-such-section"))
        .unwrap()
        + 1;
    assert!(
        e.contains(&format!("content/en/cookies.md:{line} (en): broken link"))
            && e.contains("no-such-section"),
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

#[test]
fn a_fact_without_a_source_fails_the_build_naming_file_and_key() {
    let p = scratch();
    edit(p.path(), "content/facts.toml", |t| {
        t.replacen(
            "[operator]\nsource.name = \"policy preamble\"\n",
            "[operator]\n",
            1,
        )
    });
    let e = build_error(p.path());
    assert!(
        e.contains("facts.toml") && e.contains("operator.name") && e.contains("source"),
        "{e}"
    );
}

#[test]
fn a_positional_fact_reference_fails_with_file_and_line() {
    let p = scratch();
    let rel = "content/en/privacy.md";
    let text = std::fs::read_to_string(p.path().join(rel)).unwrap();
    let text = format!("{text}\nSee {{{{ facts.recipients[1].name }}}}.\n");
    let line = text.lines().position(|l| l.starts_with("See {{")).unwrap() + 1;
    std::fs::write(p.path().join(rel), &text).unwrap();
    let e = build_error(p.path());
    assert!(
        e.contains(&format!("{rel}:{line}"))
            && e.contains("facts.recipients[1]")
            && e.contains("id"),
        "{e}"
    );
}

#[test]
fn every_section_names_what_it_renders() {
    // A section the sidecar does not list.
    let p = scratch();
    edit(p.path(), "content/sections.toml", |t| {
        t.lines()
            .filter(|l| !l.starts_with("children ="))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    let e = build_error(p.path());
    assert!(
        e.contains("content/sections.toml") && e.contains("children"),
        "{e}"
    );
    // A source that is not a clause, a law or the site's own feature.
    let p = scratch();
    edit(p.path(), "content/sections.toml", |t| {
        let line = t
            .lines()
            .find(|l| l.starts_with("children ="))
            .unwrap()
            .to_string();
        t.replace(&line, "children = \"our guess\"")
    });
    let e = build_error(p.path());
    assert!(
        e.contains("content/sections.toml") && e.contains("children"),
        "{e}"
    );
}

#[test]
fn the_cookie_list_renders_what_the_facts_hold_and_nothing_while_empty() {
    // The real facts name no cookie (the policy names none): no cookie table.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_real(&out);
    for l in ["kk", "ru", "en"] {
        let html = read(&out, &format!("{l}/cookies/index.html"));
        assert!(!html.contains("cookie-list"), "{l}");
        assert!(!html.contains("_ga"), "{l}");
    }
    // A fixture with one cookie: it appears in its category's table in every language.
    let p = scratch();
    edit(p.path(), "content/facts.toml", |t| {
        t.replacen(
            "[[changelog]]",
            "[[cookies]]\nsource = \"operator: fixture\"\nname = \"fixture_cookie\"\nprovider = \"Fixture Ltd\"\ncategory = \"functional\"\nfirst_party = true\nlifetime_days = 30\nneeds_consent = true\npurpose.kk = \"kk-purpose\"\npurpose.ru = \"ru-purpose\"\npurpose.en = \"en-purpose\"\n\n[[changelog]]",
            1,
        )
    });
    let out = p.path().join("public");
    let mut o = BuildOptions::new(p.path());
    o.out = out.clone();
    build(&o).unwrap();
    for l in ["kk", "ru", "en"] {
        let html = read(&out, &format!("{l}/cookies/index.html"));
        assert!(html.contains("class=\"cookie-list\""), "{l}");
        assert!(html.contains("id=\"cookies-functional\""), "{l}");
        assert!(
            !html.contains("id=\"cookies-analytics\""),
            "{l}: empty categories are not shown"
        );
        assert!(html.contains("<code>fixture_cookie</code>"), "{l}");
        assert!(html.contains(&format!("{l}-purpose")), "{l}");
        assert!(html.contains("Fixture Ltd"), "{l}");
    }
}

/// The rows of every table, sorted, and the page without them: reordering a list in the
/// facts may change the order of rows and nothing else.
fn text_apart_from_table_order(html: &str) -> (String, Vec<String>) {
    let mut rest = String::new();
    let mut rows = Vec::new();
    let mut tail = html;
    while let Some(start) = tail.find("<tr>") {
        rest.push_str(&tail[..start]);
        let end = tail[start..].find("</tr>").map(|e| start + e + 5).unwrap();
        rows.push(tail[start..end].to_string());
        tail = &tail[end..];
    }
    rest.push_str(tail);
    rows.sort();
    (rest, rows)
}

#[test]
fn reordering_every_list_in_the_facts_changes_only_table_order() {
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before");
    build_real(&before);
    let p = scratch();
    edit(p.path(), "content/facts.toml", |t| {
        let mut value: toml::Table = toml::from_str(&t).unwrap();
        let mut reversed = 0;
        for list in ["retention", "recipients", "cookies", "changelog"] {
            if let Some(toml::Value::Array(items)) = value.get_mut(list) {
                items.reverse();
                reversed += usize::from(items.len() > 1);
            }
        }
        assert!(reversed >= 2, "the facts have lists to reorder");
        toml::to_string(&value).unwrap()
    });
    let after = p.path().join("public");
    let mut o = BuildOptions::new(p.path());
    o.out = after.clone();
    build(&o).unwrap();
    for l in ["kk", "ru", "en"] {
        for page in ["privacy", "data-deletion", "cookies"] {
            let rel = format!("{l}/{page}/index.html");
            let a = text_apart_from_table_order(&read(&before, &rel));
            let b = text_apart_from_table_order(&read(&after, &rel));
            assert_eq!(a.0, b.0, "{rel}: text outside tables changed");
            assert_eq!(a.1, b.1, "{rel}: table rows changed");
        }
    }
}

#[test]
fn the_readme_lists_every_fact_awaiting_the_operator() {
    let facts = Facts::from_toml(
        &std::fs::read_to_string(root().join("content/facts.toml")).unwrap(),
        "facts",
    )
    .unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## For the operator to confirm")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a section \"For the operator to confirm\"");
    let awaiting = facts.awaiting_operator();
    assert!(!awaiting.is_empty());
    for fact in awaiting {
        assert!(
            section.contains(&format!("`{}`", fact.key)),
            "README, \"For the operator to confirm\", does not list `{}` ({})",
            fact.key,
            fact.origin
        );
    }
}

/// The 1-based line of `needle` in a file of the scratch project.
fn line_in(root: &Path, rel: &str, needle: &str) -> usize {
    std::fs::read_to_string(root.join(rel))
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {rel}"))
        + 1
}

#[test]
fn every_mistake_of_a_build_is_reported_where_it_was_made() {
    let p = scratch();
    let root = p.path();
    // Five mistakes in four files.
    edit(root, "content/ru/privacy.md", |t| {
        format!("{t}\nОшибка {{{{ facts.operator.fax }}}}.\n")
    });
    edit(root, "content/ru/cookies.md", |t| {
        format!("{t}\n## Без якоря\n")
    });
    edit(root, "content/en/cookies.md", |t| {
        format!("{t}\n| a | b |\n|---|---|\n| only one |\n\n[typo](../privasy/)\n")
    });
    edit(root, "content/kk/cookies.md", |t| {
        format!("{t}\nSyntax {{{{ facts.operator.email \n")
    });
    let e = build_error(root);
    let lines: Vec<&str> = e.lines().collect();
    let ru = "content/ru/privacy.md";
    let fax = line_in(root, ru, "facts.operator.fax");
    let heading = line_in(root, "content/ru/cookies.md", "## Без якоря");
    let kk_syntax = line_in(root, "content/kk/cookies.md", "Syntax {{");
    let en_row = line_in(root, "content/en/cookies.md", "| only one |");
    let expect = [
        format!(
            "content/en/cookies.md:{en_row} (en): table: this row has 1 cells, the header has 2"
        ),
        format!("content/kk/cookies.md:{kk_syntax} (kk): template syntax"),
        format!("{ru}:{fax} (ru): "),
        format!("content/ru/cookies.md:{heading} (ru): heading `## Без якоря` has no `{{#id}}`"),
    ];
    for needle in &expect {
        assert!(
            lines.iter().any(|l| l.contains(needle.as_str())),
            "missing `{needle}` in:\n{e}"
        );
    }
    assert!(e.contains("facts.operator.fax"), "{e}");
    assert!(
        !e.contains("_lit"),
        "the generator's rewritten text never shows: {e}"
    );
    // Sorted by file, then line; one summary line.
    let files: Vec<&str> = lines[..lines.len() - 1]
        .iter()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "{e}");
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with("errors; nothing was written"),
        "{e}"
    );

    // With the template errors fixed, the broken relative link is found in its source line.
    let p = scratch();
    edit(p.path(), "content/en/cookies.md", |t| {
        format!("{t}\n[typo](../privasy/)\n")
    });
    let e = build_error(p.path());
    let line = line_in(p.path(), "content/en/cookies.md", "../privasy/");
    assert!(
        e.contains(&format!(
            "content/en/cookies.md:{line} (en): broken link `../privasy/`"
        )),
        "{e}"
    );
    // And an absolute link to the site's own origin is checked like an internal one.
    let p = scratch();
    edit(p.path(), "content/en/cookies.md", |t| {
        format!("{t}\n[own](https://interpay.kz/en/privasy/)\n")
    });
    let e = build_error(p.path());
    assert!(
        e.contains("broken link `https://interpay.kz/en/privasy/`"),
        "{e}"
    );
}

#[test]
fn a_changed_section_id_blames_the_file_that_changed() {
    // ru is the reference language, but when ru alone changes, kk and en agree: ru is blamed.
    let p = scratch();
    edit(p.path(), "content/ru/privacy.md", |t| {
        t.replacen("{#children}", "{#kids}", 1)
    });
    let e = build_error(p.path());
    let line = line_in(p.path(), "content/ru/privacy.md", "{#kids}");
    assert!(
        e.contains(&format!("content/ru/privacy.md:{line} (ru)")) && e.contains("\"kids\""),
        "{e}"
    );
    assert!(e.contains("lacks [\"children\"]"), "{e}");
    assert!(
        !e.contains("content/kk/privacy.md") && !e.contains("content/en/privacy.md"),
        "{e}"
    );
}

#[test]
fn a_fluent_error_names_the_message_where_it_is_defined_and_the_page_line() {
    let p = scratch();
    edit(p.path(), "content/en/cookies.md", |t| {
        format!("{t}\nWithin {{{{ t(key=\"pages-within\", count=3) }}}}.\n")
    });
    let e = build_error(p.path());
    let page_line = line_in(
        p.path(),
        "content/en/cookies.md",
        "t(key=\"pages-within\", count=3)",
    );
    let ftl_line = line_in(p.path(), "locales/en/content-pages.ftl", "pages-within =");
    assert!(
        e.contains(&format!("content/en/cookies.md:{page_line} (en)")),
        "{e}"
    );
    assert!(
        e.contains(&format!("locales/en/content-pages.ftl:{ftl_line}")),
        "{e}"
    );
}

#[test]
fn the_editors_reference_is_up_to_date() {
    let facts = Facts::from_toml(
        &std::fs::read_to_string(root().join("content/facts.toml")).unwrap(),
        "facts",
    )
    .unwrap();
    let expected = site::reference::markdown(&facts).unwrap();
    let committed = std::fs::read_to_string(root().join(site::reference::FILE)).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is stale: run `cargo run --bin build-site -- reference`",
        site::reference::FILE
    );
    for helper in [
        "`t`",
        "`date`",
        "`duration`",
        "`years`",
        "`page_url`",
        "`fact`",
    ] {
        assert!(expected.contains(helper), "{helper}");
    }
    assert!(
        expected.contains("`facts.operator.email`") && expected.contains("support@interpay.kz")
    );
    assert!(expected.contains("fact(list=\"retention\", id=\"contracts\").years"));
}

#[test]
fn a_page_carries_the_policys_version_line_its_own_or_none() {
    let p = scratch();
    for l in ["kk", "ru", "en"] {
        edit(p.path(), &format!("content/{l}/cookies.md"), |t| {
            t.replacen("+++\n", "+++\nversion = \"none\"\n", 1)
        });
        edit(p.path(), &format!("content/{l}/data-deletion.md"), |t| {
            t.replacen(
                "+++\n",
                "+++\nversion = { number = \"7.3\", effective = 2026-02-01, updated = 2026-01-15 }\n",
                1,
            )
        });
    }
    let out = p.path().join("public");
    let mut o = BuildOptions::new(p.path());
    o.out = out.clone();
    build(&o).unwrap();
    let ru = |page: &str| read(&out, &format!("ru/{page}/index.html"));
    assert!(
        ru("privacy").contains("Редакция 1.0"),
        "the policy's own line"
    );
    assert!(!ru("cookies").contains("Редакция"), "no version line");
    let own = ru("data-deletion");
    assert!(
        own.contains("Редакция 7.3") && own.contains("1 февраля 2026 г."),
        "its own line"
    );
    assert!(own.contains("15 января 2026 г."));
    // The 404 and received pages carry none.
    assert!(!read(&out, "ru/404.html").contains("Редакция"));
    assert!(!read(&out, "ru/data-deletion/received/index.html").contains("Редакция"));
    // A bad value says what it wants.
    let p = scratch();
    edit(p.path(), "content/en/cookies.md", |t| {
        t.replacen("+++\n", "+++\nversion = \"latest\"\n", 1)
    });
    let e = build_error(p.path());
    assert!(
        e.contains("content/en/cookies.md") && e.contains("\"policy\", \"none\""),
        "{e}"
    );
}

#[test]
fn facts_in_attributes_are_escaped_in_every_edition() {
    // The request form carries the date patterns as JSON in an attribute: its quotes must be
    // escaped (page bodies are autoescaped whatever the generator names their templates).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_real(&out);
    for rel in [
        "ru/data-deletion/index.html",
        "ru/data-deletion/v1.0/index.html",
    ] {
        let html = read(&out, rel);
        let attr = html.split("data-date-patterns=\"").nth(1).unwrap();
        let value = &attr[..attr.find('"').unwrap()];
        assert!(value.starts_with("[&quot;"), "{rel}: {value}");
    }
}

//! Rendering: page bodies (tera, then Markdown), then the page layout; the generated pages
//! (root aliases, language index, received page, 404).

use crate::error::{line_of, tera_message, BuildError, Errors};
use crate::markdown::{self, Heading};
use crate::pages::{Page, PageSet};
use crate::templating::page_path;
use policy::{Catalog, Facts, Locale};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera};

/// Native names, shown in the language switcher whatever the page's language.
pub fn language_name(locale: Locale) -> &'static str {
    match locale {
        Locale::Kk => "Қазақша",
        Locale::Ru => "Русский",
        Locale::En => "English",
    }
}

#[derive(Debug, Clone, Serialize)]
struct Link {
    code: &'static str,
    name: &'static str,
    url: String,
    current: bool,
    /// "This page is in <language>", in that language, for visitors who prefer it.
    hint: String,
    hint_dismiss: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
struct NavItem {
    slug: String,
    title: String,
    url: String,
    current: bool,
}

/// The settings every page shares.
#[derive(Clone)]
pub struct Site<'a> {
    pub base_url: &'a str,
    pub intake_url: &'a str,
    pub css: &'a str,
    pub js: &'a str,
    pub facts: &'a Facts,
    /// `facts` as each locale sees them (`Locale::index` order).
    pub localized: &'a [std::sync::Arc<serde_json::Value>; 3],
    pub catalog: &'a Catalog,
    pub pages: &'a PageSet,
    /// Which edition of the pages this is: the current one, its permanent copy, or a
    /// version no longer in force.
    pub edition: Edition,
}

/// An edition of the pages: where they live and what they say about being in force.
#[derive(Debug, Clone, Default)]
pub struct Edition {
    /// Appended to each page's path: empty for the current pages, `v1.0/` for a version's
    /// permanent pages.
    pub suffix: String,
    /// For a version no longer in force: it, its dates, and the current version.
    pub superseded: Option<Superseded>,
}

#[derive(Debug, Clone)]
pub struct Superseded {
    pub version: String,
    pub from: jiff::civil::Date,
    pub until: jiff::civil::Date,
}

/// What the layouts (`base.html`, `page.html`, the special pages) read of the locale context,
/// besides the operator's facts.
const LAYOUT_KEYS: [&str; 7] = [
    "lang",
    "base_url",
    "intake_url",
    "css",
    "js",
    "nav",
    "date_patterns",
];

/// A body rendered to HTML, with its table of contents.
pub struct Body {
    pub html: String,
    pub toc: Vec<Heading>,
}

impl Site<'_> {
    fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }

    /// The context common to every page of a locale.
    pub fn locale_context(&self, locale: Locale) -> Result<Context, BuildError> {
        let mut ctx = Context::new();
        ctx.insert("lang", locale.code());
        ctx.insert("facts", &*self.localized[locale.index()]);
        ctx.insert("base_url", self.base_url.trim_end_matches('/'));
        ctx.insert("intake_url", self.intake_url);
        ctx.insert("css", self.css);
        ctx.insert("js", self.js);
        let nav: Vec<NavItem> = self
            .pages
            .slugs()
            .into_iter()
            .filter_map(|slug| self.pages.get(slug, locale))
            .map(|p| NavItem {
                slug: p.slug.clone(),
                title: p.front.title.clone(),
                url: page_path(locale, &p.slug),
                current: false,
            })
            .collect();
        ctx.insert("nav", &nav);
        // Patterns for client-side date formatting: the Fluent date with placeholders.
        let months: Result<Vec<String>, _> = (1..=12)
            .map(|m| {
                self.catalog.format(
                    locale,
                    "date-long",
                    &[
                        ("day", 99i64.into()),
                        ("month", i64::from(m).into()),
                        ("year", 9999i64.into()),
                    ],
                )
            })
            .collect();
        ctx.insert(
            "date_patterns",
            &serde_json::to_string(&months?).unwrap_or_default(),
        );
        Ok(ctx)
    }

    /// Alternates of a path that exists in every locale (`/{l}{rest}`).
    fn alternates(&self, rest: &str, current: Locale) -> Result<Vec<Link>, BuildError> {
        Locale::ALL
            .iter()
            .map(|l| {
                Ok(Link {
                    code: l.code(),
                    name: language_name(*l),
                    url: format!("/{}{rest}", l.code()),
                    current: *l == current,
                    hint: self.catalog.text(*l, "language-hint")?,
                    hint_dismiss: self.catalog.text(*l, "language-hint-dismiss")?,
                })
            })
            .collect()
    }

    fn page_context(
        &self,
        base: &Context,
        locale: Locale,
        rest: &str,
        canonical_path: &str,
        x_default: &str,
    ) -> Result<Context, BuildError> {
        // Layouts read only the operator's facts (the received page also a deadline's name):
        // a small copy, not every fact cloned for every page of every version.
        let mut ctx = Context::new();
        for key in LAYOUT_KEYS {
            if let Some(value) = base.get(key) {
                ctx.insert(key, value);
            }
        }
        let facts = base.get("facts").ok_or_else(|| BuildError::Template {
            file: "site/templates".into(),
            message: "the locale context has no facts".into(),
        })?;
        ctx.insert(
            "facts",
            &serde_json::json!({
                "operator": facts["operator"],
                "request_deadlines": facts["request_deadlines"],
            }),
        );
        ctx.insert("languages", &self.alternates(rest, locale)?);
        ctx.insert("canonical", &self.absolute(canonical_path));
        ctx.insert("x_default", &self.absolute(x_default));
        ctx.insert("path", canonical_path);
        Ok(ctx)
    }

    /// The line under a page's title: the policy's version and dates, the page's own, or
    /// none (an empty string: the templates then print no line).
    fn version_line(
        &self,
        locale: Locale,
        version: &crate::pages::VersionLine,
    ) -> Result<String, BuildError> {
        use crate::pages::VersionLine;
        let (number, effective, updated) = match version {
            VersionLine::None => return Ok(String::new()),
            VersionLine::Policy => (
                self.facts.policy.version.as_str(),
                self.facts.policy.effective_date,
                self.facts.policy.last_updated,
            ),
            VersionLine::Own {
                number,
                effective,
                updated,
            } => (number.as_str(), *effective, *updated),
        };
        let date = |d| self.catalog.format_date(locale, d);
        let parts = [
            self.catalog.format(
                locale,
                "meta-version",
                &[("version", number.to_string().into())],
            )?,
            self.catalog.format(
                locale,
                "meta-effective",
                &[("date", date(effective)?.into())],
            )?,
            self.catalog
                .format(locale, "meta-updated", &[("date", date(updated)?.into())])?,
        ];
        Ok(parts.join(" · "))
    }

    /// Renders one content page into its layout.
    pub fn render_page(
        &self,
        tera: &Tera,
        base: &Context,
        locale: Locale,
        slug: &str,
        body: &Body,
    ) -> Result<String, BuildError> {
        let page = self
            .pages
            .get(slug, locale)
            .ok_or_else(|| BuildError::Content {
                file: slug.to_string(),
                line: None,
                locale,
                message: "page missing".into(),
            })?;
        let suffix = &self.edition.suffix;
        let rest = format!("/{slug}/{suffix}");
        // A version no longer in force is its own canonical page; the current version's
        // permanent copy points to the current page.
        let canonical = if self.edition.superseded.is_some() {
            format!("{}{suffix}", page_path(locale, slug))
        } else {
            page_path(locale, slug)
        };
        let x_default = format!("{}{suffix}", page_path(Locale::DEFAULT, slug));
        let mut ctx = self.page_context(base, locale, &rest, &canonical, &x_default)?;
        ctx.insert("path", &format!("{}{suffix}", page_path(locale, slug)));
        if let Some(old) = &self.edition.superseded {
            let date = |d| self.catalog.format_date(locale, d);
            ctx.insert(
                "superseded",
                &serde_json::json!({
                    "title": self.catalog.text(locale, "version-superseded-title")?,
                    "text": self.catalog.format(locale, "version-superseded-text", &[
                        ("version", old.version.clone().into()),
                        ("from", date(old.from)?.into()),
                        ("until", date(old.until)?.into()),
                    ])?,
                    "current_label": self.catalog.text(locale, "version-current-link")?,
                    "current_url": page_path(locale, slug),
                }),
            );
        }
        ctx.insert(
            "version_line",
            &self.version_line(locale, &page.front.version)?,
        );
        ctx.insert("title", &page.front.title);
        ctx.insert("description", &page.front.description);
        ctx.insert("slug", slug);
        ctx.insert("body", &body.html);
        ctx.insert("toc", &body.toc);
        let mut nav: Vec<NavItem> = base
            .get("nav")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        for item in &mut nav {
            item.current = item.slug == slug;
        }
        ctx.insert("nav", &nav);
        tera.render("page.html", &ctx)
            .map_err(|e| BuildError::Template {
                file: format!("{} (page.html)", page.file),
                message: tera_message(&e),
            })
    }

    /// The comparison of a page between two versions (`/{l}/{slug}/v{new}/changes/`).
    #[allow(clippy::too_many_arguments)]
    pub fn render_changes(
        &self,
        tera: &Tera,
        base: &Context,
        locale: Locale,
        slug: &str,
        old: &crate::versions::Entry,
        new: &crate::versions::Entry,
        sections: &[crate::compare::SectionDiff],
    ) -> Result<String, BuildError> {
        let suffix = crate::versions::suffix(&new.number);
        let rest = format!("/{slug}/{suffix}changes/");
        let path = format!("/{}{rest}", locale.code());
        let mut ctx = self.page_context(
            base,
            locale,
            &rest,
            &path,
            &format!("/{}{rest}", Locale::DEFAULT.code()),
        )?;
        let t = |key: &str, args: &[(&str, fluent_bundle::FluentValue)]| {
            self.catalog.format(locale, key, args)
        };
        let date = |d| self.catalog.format_date(locale, d);
        ctx.insert(
            "title",
            &t("changes-title", &[("version", new.number.clone().into())])?,
        );
        ctx.insert(
            "intro",
            &t(
                "changes-intro",
                &[
                    ("version", new.number.clone().into()),
                    ("from", date(new.effective)?.into()),
                    ("previous", old.number.clone().into()),
                ],
            )?,
        );
        let version_url =
            |v: &str| format!("{}{}", page_path(locale, slug), crate::versions::suffix(v));
        ctx.insert("old_url", &version_url(&old.number));
        ctx.insert("new_url", &version_url(&new.number));
        ctx.insert(
            "old_label",
            &t(
                "changes-open-version",
                &[("version", old.number.clone().into())],
            )?,
        );
        ctx.insert(
            "new_label",
            &t(
                "changes-open-version",
                &[("version", new.number.clone().into())],
            )?,
        );
        ctx.insert("sections", sections);
        ctx.insert("unchanged", &t("changes-section-unchanged", &[])?);
        ctx.insert("section_added", &t("changes-section-added", &[])?);
        ctx.insert("section_removed", &t("changes-section-removed", &[])?);
        ctx.insert("version_line", "");
        ctx.insert("slug", slug);
        tera.render("changes.html", &ctx)
            .map_err(|e| BuildError::Template {
                file: format!("site/templates/changes.html ({locale})"),
                message: tera_message(&e),
            })
    }

    /// A page that is not made from Markdown (received, 404, index), from its own template.
    pub fn render_special(
        &self,
        tera: &Tera,
        base: &Context,
        locale: Locale,
        template: &str,
        rest: &str,
        extra: &[(&str, &dyn erased::Value)],
    ) -> Result<String, BuildError> {
        let path = format!("/{}{rest}", locale.code());
        let mut ctx = self.page_context(
            base,
            locale,
            rest,
            &path,
            &format!("/{}{rest}", Locale::DEFAULT.code()),
        )?;
        for (k, v) in extra {
            v.insert_into(&mut ctx, k);
        }
        tera.render(template, &ctx)
            .map_err(|e| BuildError::Template {
                file: format!("site/templates/{template} ({locale})"),
                message: tera_message(&e),
            })
    }
}

/// Lets callers pass a few typed extras to a template without boxing serde values.
pub mod erased {
    pub trait Value {
        fn insert_into(&self, ctx: &mut tera::Context, key: &str);
    }
    impl<T: serde::Serialize> Value for T {
        fn insert_into(&self, ctx: &mut tera::Context, key: &str) {
            ctx.insert(key, self);
        }
    }
}

/// Renders every body of a locale: tera first (facts, functions, blocks), then Markdown.
/// Every page is rendered even when another fails, so one build reports every mistake.
pub fn render_bodies(
    tera: &mut Tera,
    base: &Context,
    pages: &PageSet,
    locale: Locale,
) -> Result<BTreeMap<String, Body>, BuildError> {
    let mut errors = Errors::default();
    // All bodies are added in one call: adding templates one by one re-links every
    // template each time, which is quadratic in the number of pages.
    let mut sources = Vec::new();
    for slug in pages.slugs() {
        if let Some(p) = pages.get(slug, locale) {
            if let Some((line, open)) = unclosed_tag(&p.body) {
                errors.push(BuildError::Content {
                    file: p.file.clone(),
                    line: Some(p.body_line + line),
                    locale,
                    message: format!(
                        "template syntax: `{open}` is never closed (`{}`)",
                        if open == "{{" { "}}" } else { "%}" }
                    ),
                });
                continue;
            }
            let (template, literals) = template_source(p);
            // Named by content: a frozen version's unchanged page is the same template, parsed
            // once for every version (its facts come from the render, not the template).
            // The name keeps the file's `.md` ending: autoescaping is chosen by suffix.
            let hash = format!("{:016x}#", content_hash(&template));
            let name = tera
                .get_template_names()
                .find(|n| n.starts_with(&hash))
                .map_or_else(|| format!("{hash}{}", p.file), str::to_string);
            for (line, message) in markdown::check_tables(&p.body) {
                errors.push(BuildError::Content {
                    file: p.file.clone(),
                    line: Some(p.body_line + line),
                    locale,
                    message,
                });
            }
            sources.push((name, template, literals, p));
        }
    }
    let new_templates: Vec<(&str, &str)> = sources
        .iter()
        .filter(|(name, ..)| tera.get_template(name).is_err())
        .map(|(name, body, _, _)| (name.as_str(), body.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(new_templates) {
        // tera stops at the first template that does not parse: name it at its line.
        let message = tera_message(&e);
        let page = sources
            .iter()
            .find(|(f, ..)| {
                message.contains(&format!("'{f}'")) || message.contains(&format!("\"{f}\""))
            })
            .map(|(_, _, _, p)| *p);
        errors.push(match page {
            Some(p) => content_error(p, &message),
            None => BuildError::Template {
                file: format!("content/{locale}"),
                message,
            },
        });
        return Err(errors.finish().err().unwrap_or(BuildError::Template {
            file: format!("content/{locale}"),
            message: "the page templates do not parse".into(),
        }));
    }
    let mut out = BTreeMap::new();
    for (name, _, literals, page) in &sources {
        let file = &page.file;
        let mut ctx = base.clone();
        ctx.insert("slug", &page.slug);
        ctx.insert("_lit", literals);
        let markdown = match tera.render(name, &ctx) {
            Ok(m) => m,
            Err(e) => {
                errors.push(content_error(page, &tera_message(&e)));
                continue;
            }
        };
        match markdown::render(&markdown) {
            Ok(rendered) => {
                out.insert(
                    page.slug.clone(),
                    Body {
                        html: rendered.html,
                        toc: rendered.toc,
                    },
                );
            }
            Err(problems) => {
                for problem in problems {
                    errors.push(BuildError::Content {
                        file: file.clone(),
                        line: problem
                            .source_text
                            .as_deref()
                            .and_then(|t| line_of(&page.body, page.body_line, t)),
                        locale,
                        message: problem.message,
                    });
                }
            }
        }
    }
    errors.finish()?;
    Ok(out)
}

/// A stable hash of a template's text, to name it by content.
fn content_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A tera error in a page body, at the line of the page's source file where it was made.
///
/// tera's syntax errors carry a line (the body is padded so that it is the file's line) but
/// quote the generator's rewritten text; its render errors carry none, so the line is found
/// by the name the error quotes (`facts.operator.fax`, `id="meta"`).
fn content_error(page: &Page, message: &str) -> BuildError {
    let lines: Vec<&str> = page.body.lines().collect();
    let source_line = |line: usize| {
        line.checked_sub(page.body_line)
            .and_then(|i| lines.get(i))
            .map(|l| l.trim().to_string())
    };
    // Syntax: " --> 35:10" and pest's "= expected …".
    if let Some(pos) = message.find(" --> ") {
        let at = &message[pos + 5..];
        let line = at
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse::<usize>().ok());
        let expected = message
            .lines()
            .find_map(|l| l.trim().strip_prefix("= "))
            .unwrap_or("a tera tag that does not parse");
        let quoted = line
            .and_then(source_line)
            .map(|l| format!(": `{l}`"))
            .unwrap_or_default();
        return BuildError::Content {
            file: page.file.clone(),
            line,
            locale: page.locale,
            message: format!("template syntax: {expected}{quoted}"),
        };
    }
    // Render: drop tera's "Failed to render '…'" and find the quoted name in the source.
    let cause = message
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("Failed to render"))
        .map_or(message, |(_, rest)| rest);
    let mut names: Vec<String> = Vec::new();
    for quote in ['`', '\''] {
        let mut parts = cause.split(quote);
        parts.next();
        while let (Some(inside), _) = (parts.next(), parts.next()) {
            if !inside.is_empty() && !inside.contains(' ') {
                names.push(inside.to_string());
            }
        }
    }
    let line = names.iter().find_map(|n| {
        line_of(&page.body, page.body_line, n)
            .or_else(|| line_of(&page.body, page.body_line, &format!("\"{n}\"")))
    });
    BuildError::Content {
        file: page.file.clone(),
        line,
        locale: page.locale,
        message: cause
            .replace(&format!(" while rendering '{}'", page.file), "")
            .to_string(),
    }
}

/// The first `{{` or `{%` of a body that is never closed: its 0-based line. tera would report
/// it at the end of the file; the editor needs the line where it opens.
pub fn unclosed_tag(body: &str) -> Option<(usize, &'static str)> {
    let mut i = 0;
    while let Some(at) = body[i..].find('{') {
        let start = i + at;
        let rest = &body[start..];
        let (open, close) = if rest.starts_with("{{") {
            ("{{", "}}")
        } else if rest.starts_with("{%") {
            ("{%", "%}")
        } else {
            i = start + 1;
            continue;
        };
        match rest[2..].find(close) {
            // A tag never spans a `{{`/`{%` of its own: if another opens first, this one is
            // unclosed.
            Some(end) if !rest[2..2 + end].contains("{{") && !rest[2..2 + end].contains("{%") => {
                i = start + 2 + end + 2;
            }
            _ => return Some((body[..start].matches('\n').count(), open)),
        }
    }
    None
}

/// The body as a tera template, and its literal text.
///
/// Parsing is what a tera render of a large body costs (pest scans every character for a
/// delimiter), so every run of plain Markdown between tera tags is moved out of the template
/// into `_lit[i]` and printed back unescaped. Each moved run leaves its newlines in a comment,
/// and leading newlines stand for the front matter, so tera's line numbers stay the file's.
/// A heading's `{#id}` (which tera would read as a comment) is literal text.
pub fn template_source(page: &crate::pages::Page) -> (String, Vec<String>) {
    let body = page.body.as_str();
    let mut out = "\n".repeat(page.body_line.saturating_sub(1));
    let mut literals: Vec<String> = Vec::new();
    let mut literal = String::new();
    let flush = |literal: &mut String, out: &mut String, literals: &mut Vec<String>| {
        if literal.is_empty() {
            return;
        }
        let newlines = literal.matches('\n').count();
        out.push_str(&format!("{{{{ _lit[{}] | safe }}}}", literals.len()));
        if newlines > 0 {
            out.push_str("{#");
            out.push_str(&"\n".repeat(newlines));
            out.push_str("#}");
        }
        literals.push(std::mem::take(literal));
    };
    let mut i = 0;
    let mut line_start = true;
    let mut heading = false;
    while i < body.len() {
        let rest = &body[i..];
        if line_start {
            heading = rest.starts_with('#');
        }
        let tag_end = if rest.starts_with("{% raw %}") {
            rest.find("{% endraw %}").map(|e| e + "{% endraw %}".len())
        } else if rest.starts_with("{{") {
            rest.find("}}").map(|e| e + 2)
        } else if rest.starts_with("{%") {
            rest.find("%}").map(|e| e + 2)
        } else if rest.starts_with("{#") {
            let line_end = rest.find('\n').unwrap_or(rest.len());
            let is_heading_id = heading
                && rest[..line_end].trim_end().ends_with('}')
                && !rest[2..line_end].contains("#}");
            if is_heading_id {
                None
            } else {
                rest.find("#}").map(|e| e + 2)
            }
        } else {
            None
        };
        // An unclosed `{{` or `{%` stays template text, so tera reports it at its line
        // instead of it being published as literal braces.
        let unclosed = tag_end.is_none() && (rest.starts_with("{{") || rest.starts_with("{%"));
        if unclosed {
            flush(&mut literal, &mut out, &mut literals);
            out.push_str(rest);
            break;
        }
        match tag_end {
            Some(end) => {
                flush(&mut literal, &mut out, &mut literals);
                out.push_str(&rest[..end]);
                line_start = rest[..end].ends_with('\n');
                i += end;
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                literal.push(c);
                line_start = c == '\n';
                i += c.len_utf8();
            }
        }
    }
    flush(&mut literal, &mut out, &mut literals);
    (out, literals)
}

/// The same sections, in the same order, in every locale: anchors must be identical. When
/// two languages agree, the third is the one that changed and is blamed, with the ids that
/// differ.
pub fn check_section_parity(
    pages: &PageSet,
    bodies: &BTreeMap<Locale, BTreeMap<String, Body>>,
) -> Result<(), BuildError> {
    let mut errors = Errors::default();
    for slug in pages.slugs() {
        let ids = |l: Locale| -> Vec<String> {
            bodies
                .get(&l)
                .and_then(|b| b.get(slug))
                .map(|b| b.toc.iter().map(|h| h.id.clone()).collect())
                .unwrap_or_default()
        };
        let all: Vec<(Locale, Vec<String>)> = Locale::ALL.iter().map(|l| (*l, ids(*l))).collect();
        // The majority's ids are the expected ones; with no majority, the source language's.
        let expected = all
            .iter()
            .find(|(_, a)| all.iter().filter(|(_, b)| b == a).count() >= 2)
            .map_or_else(|| ids(Locale::DEFAULT), |(_, a)| a.clone());
        for (locale, got) in &all {
            if *got == expected {
                continue;
            }
            let Some(page) = pages.get(slug, *locale) else {
                continue;
            };
            let extra: Vec<&String> = got.iter().filter(|i| !expected.contains(i)).collect();
            let lacking: Vec<&String> = expected.iter().filter(|i| !got.contains(i)).collect();
            let message = if extra.is_empty() && lacking.is_empty() {
                format!("the same ids in another order: {got:?}, the others have {expected:?}")
            } else {
                let mut parts = Vec::new();
                if !extra.is_empty() {
                    parts.push(format!("has {extra:?}, which the other languages lack"));
                }
                if !lacking.is_empty() {
                    parts.push(format!("lacks {lacking:?}"));
                }
                parts.join("; ")
            };
            let line = extra
                .first()
                .and_then(|id| line_of(&page.body, page.body_line, &format!("{{#{id}}}")));
            errors.push(match line {
                Some(line) => BuildError::Content {
                    file: page.file.clone(),
                    line: Some(line),
                    locale: *locale,
                    message: format!("sections differ from the other languages: {message}"),
                },
                None => BuildError::SectionParity {
                    file: page.file.clone(),
                    locale: *locale,
                    message,
                },
            });
        }
    }
    errors.finish()
}

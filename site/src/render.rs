//! Rendering: page bodies (tera, then Markdown), then the page layout; the generated pages
//! (root aliases, language index, received page, 404).

use crate::error::{tera_message, BuildError};
use crate::markdown::{self, Heading};
use crate::pages::{PageSet, NAV_ORDER};
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
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
struct NavItem {
    slug: String,
    title: String,
    url: String,
    current: bool,
}

/// The settings every page shares.
pub struct Site<'a> {
    pub base_url: &'a str,
    pub intake_url: &'a str,
    pub css: &'a str,
    pub js: &'a str,
    pub facts: &'a Facts,
    pub catalog: &'a Catalog,
    pub pages: &'a PageSet,
}

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
        ctx.insert("facts", &self.facts.localized(locale));
        ctx.insert("base_url", self.base_url.trim_end_matches('/'));
        ctx.insert("intake_url", self.intake_url);
        ctx.insert("css", self.css);
        ctx.insert("js", self.js);
        ctx.insert(
            "effective_date",
            &self
                .catalog
                .format_date(locale, self.facts.policy.effective_date)?,
        );
        ctx.insert(
            "last_updated",
            &self
                .catalog
                .format_date(locale, self.facts.policy.last_updated)?,
        );
        let nav: Vec<NavItem> = NAV_ORDER
            .iter()
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
    fn alternates(&self, rest: &str, current: Locale) -> Vec<Link> {
        Locale::ALL
            .iter()
            .map(|l| Link {
                code: l.code(),
                name: language_name(*l),
                url: format!("/{}{rest}", l.code()),
                current: *l == current,
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
    ) -> Context {
        let mut ctx = base.clone();
        ctx.insert("languages", &self.alternates(rest, locale));
        ctx.insert("canonical", &self.absolute(canonical_path));
        ctx.insert("x_default", &self.absolute(x_default));
        ctx.insert("path", canonical_path);
        ctx
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
                locale,
                message: "page missing".into(),
            })?;
        let rest = format!("/{slug}/");
        let canonical = page_path(locale, slug);
        let mut ctx = self.page_context(
            base,
            locale,
            &rest,
            &canonical,
            &page_path(Locale::DEFAULT, slug),
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
        );
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
pub fn render_bodies(
    tera: &mut Tera,
    base: &Context,
    pages: &PageSet,
    locale: Locale,
) -> Result<BTreeMap<String, Body>, BuildError> {
    // All bodies are added in one call: adding templates one by one re-links every
    // template each time, which is quadratic in the number of pages.
    let mut sources = Vec::new();
    for slug in pages.slugs() {
        if let Some(p) = pages.get(slug, locale) {
            let (template, literals) = template_source(p);
            sources.push((p.file.clone(), template, literals, p));
        }
    }
    tera.add_raw_templates(sources.iter().map(|(f, b, _, _)| (f.as_str(), b.as_str())))
        .map_err(|e| BuildError::Template {
            file: format!("content/{locale}"),
            message: tera_message(&e),
        })?;
    let mut out = BTreeMap::new();
    for (file, _, literals, page) in &sources {
        let mut ctx = base.clone();
        ctx.insert("slug", &page.slug);
        ctx.insert("_lit", literals);
        let markdown = tera.render(file, &ctx).map_err(|e| BuildError::Content {
            file: file.clone(),
            locale,
            message: tera_message(&e),
        })?;
        let rendered = markdown::render(&markdown).map_err(|message| BuildError::Content {
            file: file.clone(),
            locale,
            message,
        })?;
        out.insert(
            page.slug.clone(),
            Body {
                html: rendered.html,
                toc: rendered.toc,
            },
        );
    }
    Ok(out)
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

/// The same sections, in the same order, in every locale: anchors must be identical.
pub fn check_section_parity(
    pages: &PageSet,
    bodies: &BTreeMap<Locale, BTreeMap<String, Body>>,
) -> Result<(), BuildError> {
    let reference = Locale::DEFAULT;
    for slug in pages.slugs() {
        let ids = |l: Locale| -> Vec<String> {
            bodies
                .get(&l)
                .and_then(|b| b.get(slug))
                .map(|b| b.toc.iter().map(|h| h.id.clone()).collect())
                .unwrap_or_default()
        };
        let expected = ids(reference);
        for locale in Locale::ALL {
            let got = ids(locale);
            if got != expected {
                let page = pages
                    .get(slug, locale)
                    .map(|p| p.file.clone())
                    .unwrap_or_default();
                let other = pages
                    .get(slug, reference)
                    .map(|p| p.file.clone())
                    .unwrap_or_default();
                return Err(BuildError::SectionParity {
                    file: page,
                    locale,
                    other,
                    message: format!("sections {got:?}, expected {expected:?}"),
                });
            }
        }
    }
    Ok(())
}

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
    pub favicon: &'a str,
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
const LAYOUT_KEYS: [&str; 8] = [
    "lang",
    "base_url",
    "intake_url",
    "css",
    "js",
    "favicon",
    "nav",
    "date_patterns",
];

/// A body rendered to HTML, with its table of contents.
pub struct Body {
    pub html: String,
    pub toc: Vec<Heading>,
}

/// What every page of one edition in one locale shares in its layout ([`Site::frame`]).
pub struct Frame {
    locale: Locale,
    /// The locale context's layout keys and the operator's facts.
    common: Context,
    nav: Vec<NavItem>,
    /// Each language's "this page is in …" hint and its dismiss label, in `Locale::ALL` order.
    hints: Vec<(String, String)>,
    /// The version line of the pages that show the policy's.
    policy_line: String,
}

/// What `page.html` is given as `body`: a comment no page contains, whose `<` and `>` would
/// be escaped (and the marker not found) if the layout printed the body without `| safe`.
const BODY_SLOT: &str = "<!--site:body-->";

/// `layout` with its one `BODY_SLOT` replaced by `body`; `None` unless it holds exactly one.
fn splice_body(layout: &str, body: &str) -> Option<String> {
    let at = layout.find(BODY_SLOT)?;
    let rest = &layout[at + BODY_SLOT.len()..];
    if rest.contains(BODY_SLOT) {
        return None;
    }
    let mut html = String::with_capacity(layout.len() - BODY_SLOT.len() + body.len());
    html.push_str(&layout[..at]);
    html.push_str(body);
    html.push_str(rest);
    Some(html)
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
        ctx.insert("favicon", self.favicon);
        let nav: Vec<NavItem> = self
            .pages
            .slugs()
            .into_iter()
            .filter_map(|slug| self.pages.get(slug, locale))
            .filter(|p| p.front.nav)
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
        let patterns = serde_json::to_string(&months?).map_err(|e| BuildError::Template {
            file: format!("locales/{locale}"),
            message: format!("the date patterns: {e}"),
        })?;
        ctx.insert("date_patterns", &patterns);
        Ok(ctx)
    }

    /// What the layout of every page of this edition in `locale` shares, made once for all
    /// of them (the locale context's layout keys, the navigation, the language hints, the
    /// policy's version line) rather than for each page.
    pub fn frame(&self, base: &Context, locale: Locale) -> Result<Frame, BuildError> {
        let missing = |what: &str| BuildError::Template {
            file: "site/templates".into(),
            message: format!("the {locale} context has no {what}"),
        };
        // Layouts read only the operator's facts (the received page also a deadline's name):
        // a small copy, not every fact cloned for every page of every version.
        let mut common = Context::new();
        for key in LAYOUT_KEYS {
            if let Some(value) = base.get(key) {
                common.insert(key, value);
            }
        }
        let facts = base.get("facts").ok_or_else(|| missing("facts"))?;
        common.insert(
            "facts",
            &serde_json::json!({
                "operator": facts["operator"],
                "request_deadlines": facts["request_deadlines"],
            }),
        );
        let nav = base.get("nav").ok_or_else(|| missing("navigation"))?;
        let nav: Vec<NavItem> =
            serde_json::from_value(nav.clone()).map_err(|e| BuildError::Template {
                file: "site/templates".into(),
                message: format!("the {locale} navigation: {e}"),
            })?;
        let hints = Locale::ALL
            .iter()
            .map(|l| {
                Ok((
                    self.catalog.text(*l, "language-hint")?,
                    self.catalog.text(*l, "language-hint-dismiss")?,
                ))
            })
            .collect::<Result<_, BuildError>>()?;
        let policy_line = self.version_line(locale, &crate::pages::VersionLine::Policy)?;
        Ok(Frame {
            locale,
            common,
            nav,
            hints,
            policy_line,
        })
    }

    /// Alternates of a path that exists in every locale (`/{l}{rest}`).
    fn alternates(&self, frame: &Frame, rest: &str) -> Vec<Link> {
        Locale::ALL
            .iter()
            .zip(&frame.hints)
            .map(|(l, (hint, hint_dismiss))| Link {
                code: l.code(),
                name: language_name(*l),
                url: format!("/{}{rest}", l.code()),
                current: *l == frame.locale,
                hint: hint.clone(),
                hint_dismiss: hint_dismiss.clone(),
            })
            .collect()
    }

    fn page_context(
        &self,
        frame: &Frame,
        rest: &str,
        canonical_path: &str,
        x_default: &str,
    ) -> Context {
        let mut ctx = frame.common.clone();
        ctx.insert("languages", &self.alternates(frame, rest));
        ctx.insert("canonical", &self.absolute(canonical_path));
        ctx.insert("x_default", &self.absolute(x_default));
        ctx.insert("path", canonical_path);
        ctx
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

    /// Renders one content page into its layout. The layout is rendered with a marker where
    /// the body goes and the body spliced in after: the body, most of a page, is then neither
    /// copied into the context and through tera nor checked as UTF-8 again (the same bytes as
    /// `{{ body | safe }}`).
    pub fn render_page(
        &self,
        tera: &Tera,
        frame: &Frame,
        slug: &str,
        body: &Body,
    ) -> Result<String, BuildError> {
        let locale = frame.locale;
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
        let mut ctx = self.page_context(frame, &rest, &canonical, &x_default);
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
        let version_line = match &page.front.version {
            crate::pages::VersionLine::Policy => std::borrow::Cow::Borrowed(&frame.policy_line),
            other => std::borrow::Cow::Owned(self.version_line(locale, other)?),
        };
        ctx.insert("version_line", &*version_line);
        ctx.insert("title", &page.front.title);
        ctx.insert("description", &page.front.description);
        ctx.insert("slug", slug);
        ctx.insert("body", BODY_SLOT);
        ctx.insert("toc", &body.toc);
        let nav: Vec<NavItem> = frame
            .nav
            .iter()
            .map(|item| NavItem {
                current: item.slug == slug,
                ..item.clone()
            })
            .collect();
        ctx.insert("nav", &nav);
        let layout = tera
            .render("page.html", &ctx)
            .map_err(|e| BuildError::Template {
                file: format!("{} (page.html)", page.file),
                message: tera_message(&e),
            })?;
        splice_body(&layout, &body.html).ok_or_else(|| BuildError::Template {
            file: "site/templates/page.html".into(),
            message: "must print the body exactly once, as `{{ body | safe }}`".into(),
        })
    }

    /// The comparison of a page between two versions (`/{l}/{slug}/v{new}/changes/`).
    pub fn render_changes(
        &self,
        tera: &Tera,
        frame: &Frame,
        slug: &str,
        old: &crate::versions::Entry,
        new: &crate::versions::Entry,
        sections: &[crate::compare::SectionDiff],
    ) -> Result<String, BuildError> {
        let suffix = crate::versions::suffix(&new.number);
        let rest = format!("/{slug}/{suffix}changes/");
        let locale = frame.locale;
        let path = format!("/{}{rest}", locale.code());
        let mut ctx = self.page_context(
            frame,
            &rest,
            &path,
            &format!("/{}{rest}", Locale::DEFAULT.code()),
        );
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
        frame: &Frame,
        template: &str,
        rest: &str,
        extra: &[(&str, &dyn erased::Value)],
    ) -> Result<String, BuildError> {
        let locale = frame.locale;
        let path = format!("/{}{rest}", locale.code());
        let mut ctx = self.page_context(
            frame,
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

impl Site<'_> {
    /// The intake function's layout in `locale` (`shell.html`): this site's header, footer
    /// and stylesheet, with the language links left as `{{ switch.<code> }}` for the function
    /// (the same page of its own in each language).
    pub fn render_shell(&self, tera: &Tera, frame: &Frame) -> Result<String, BuildError> {
        let locale = frame.locale;
        let rest = "/";
        let mut ctx = self.page_context(frame, rest, rest, rest);
        let mut languages = self.alternates(frame, rest);
        for link in &mut languages {
            link.url = format!("{{{{ switch.{} }}}}", link.code);
        }
        ctx.insert("languages", &languages);
        ctx.insert("version_line", "");
        let html = tera
            .render("shell.html", &ctx)
            .map_err(|e| BuildError::Template {
                file: format!("site/templates/shell.html ({locale})"),
                message: tera_message(&e),
            })?;
        // The function's pages may be served from the API's own origin (a form posted there
        // is answered there), so the site's links and assets are made absolute, under the
        // site's origin the function is configured with.
        Ok(html
            .replace("href=\"/", "href=\"{{ site | safe }}/")
            .replace("src=\"/", "src=\"{{ site | safe }}/"))
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

/// One piece of a body: literal Markdown, or a tera tag as written (`{{ … }}`, `{% … %}`,
/// `{# … #}`, or an unclosed rest).
enum Segment {
    /// A literal run (its text is in the literals, in order), with its number of newlines.
    Literal(usize),
    Tag(String),
}

/// Block tags whose end tag closes them, and the end tags.
const OPENERS: [&str; 5] = ["if", "for", "filter", "block", "macro"];
const CLOSERS: [&str; 5] = ["endif", "endfor", "endfilter", "endblock", "endmacro"];

/// The first word of a `{% … %}` tag.
fn keyword(tag: &str) -> Option<&str> {
    tag.strip_prefix("{%")?.split_whitespace().next()
}

/// Renders page bodies of one locale: tera first (facts, functions, blocks), then Markdown.
///
/// A body's template is assembled from parsed pieces instead of being parsed whole: literal
/// Markdown becomes text nodes, and each tag (or a whole `{% if %}…{% endif %}`) is parsed
/// once per environment and reused, since the same tags recur on every page and in every
/// version. pest parsing was 42 % of a build of 1,000 copies of the privacy page. A body
/// whose pieces do not parse alone, or that trims whitespace or defines blocks or macros, is
/// parsed whole as before, so errors and output are tera's own.
#[derive(Default)]
pub struct BodyRenderer {
    /// Parsed pieces by their text.
    pieces: std::collections::HashMap<String, Option<Vec<tera::ast::Node>>>,
    /// `check` was made (see `render_checked`).
    checked: bool,
}

/// A body checked and ready to render: its template name, AST and literal runs.
struct Prepared {
    name: String,
    /// `None`: parse `source` whole.
    ast: Option<Vec<tera::ast::Node>>,
    source: String,
    literals: Vec<String>,
    /// The AST reads `_lit` (literal runs inside a block, or a whole parse).
    needs_literals: bool,
}

impl BodyRenderer {
    /// The AST of `segments`, or `None` when the body must be parsed whole.
    fn assemble(
        &mut self,
        segments: &[Segment],
        literals: &[String],
        build: bool,
    ) -> Option<(Vec<tera::ast::Node>, bool)> {
        let mut nodes = Vec::new();
        let mut needs_literals = false;
        let mut lit = 0;
        let mut i = 0;
        while i < segments.len() {
            let (unit, next) = match &segments[i] {
                Segment::Literal(_) => {
                    if build {
                        nodes.push(tera::ast::Node::Text(literals[lit].clone()));
                    }
                    lit += 1;
                    i += 1;
                    continue;
                }
                Segment::Tag(tag) => {
                    let opens = keyword(tag).is_some_and(|k| OPENERS.contains(&k));
                    if !opens {
                        if keyword(tag).is_some_and(|k| {
                            CLOSERS.contains(&k)
                                || k == "elif"
                                || k == "else"
                                || k == "extends"
                                || k == "import"
                        }) {
                            return None;
                        }
                        (tag.clone(), i + 1)
                    } else {
                        // The whole block, its literal runs as `_lit[i]` as in `template_source`.
                        let mut unit = String::new();
                        let mut depth = 0usize;
                        let mut j = i;
                        let mut k = lit;
                        loop {
                            match segments.get(j)? {
                                Segment::Literal(_) => {
                                    unit.push_str(&format!("{{{{ _lit[{k}] | safe }}}}"));
                                    k += 1;
                                    needs_literals = true;
                                }
                                Segment::Tag(t) => {
                                    match keyword(t) {
                                        Some(w) if OPENERS.contains(&w) => depth += 1,
                                        Some(w) if CLOSERS.contains(&w) => depth -= 1,
                                        _ => {}
                                    }
                                    unit.push_str(t);
                                }
                            }
                            j += 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        lit = k;
                        (unit, j)
                    }
                }
            };
            // Whitespace control reaches into the neighbouring text, blocks and macros need
            // the whole template: those bodies are parsed whole.
            if ["{%-", "-%}", "{{-", "-}}", "{#-", "-#}"]
                .iter()
                .any(|m| unit.contains(m))
            {
                return None;
            }
            let parsed = self
                .pieces
                .entry(unit)
                .or_insert_with_key(|unit| {
                    tera::Template::new("piece", None, unit)
                        .ok()
                        .filter(|t| {
                            t.parent.is_none()
                                && t.macros.is_empty()
                                && t.imported_macro_files.is_empty()
                                && t.blocks.is_empty()
                        })
                        .map(|t| t.ast)
                })
                .as_ref()?;
            if build {
                nodes.extend(parsed.iter().cloned());
            }
            i = next;
        }
        Some((nodes, needs_literals))
    }

    /// The checks made before anything renders (unclosed tags, tables), then the template.
    fn prepare(&mut self, page: &Page, body: &str, errors: &mut Errors) -> Option<Prepared> {
        let locale = page.locale;
        if let Some((line, open)) = unclosed_tag(body) {
            errors.push(BuildError::Content {
                file: page.file.clone(),
                line: Some(page.body_line + line),
                locale,
                message: format!(
                    "template syntax: `{open}` is never closed (`{}`)",
                    if open == "{{" { "}}" } else { "%}" }
                ),
            });
            return None;
        }
        for (line, message) in markdown::check_tables(body) {
            errors.push(BuildError::Content {
                file: page.file.clone(),
                line: Some(page.body_line + line),
                locale,
                message,
            });
        }
        let (segments, literals) = segments(body);
        let source = source_of(&segments, page.body_line);
        // Named by content, with the file's `.md` ending: autoescaping is chosen by suffix.
        let name = format!("{:016x}#{}", content_hash(&source), page.file);
        let (ast, needs_literals) = match self.assemble(&segments, &literals, true) {
            Some((ast, needs)) => (Some(ast), needs),
            None => (None, true),
        };
        Some(Prepared {
            name,
            ast,
            source,
            literals,
            needs_literals,
        })
    }

    /// Adds the prepared body to `tera`: its assembled AST, or the whole source parsed.
    fn install(tera: &mut Tera, p: &mut Prepared) -> Result<(), tera::Error> {
        match p.ast.take() {
            Some(ast) => {
                let mut template = tera::Template::new(&p.name, None, "")?;
                template.ast = ast;
                // No parents, blocks or macros (checked when assembled): nothing to link.
                tera.templates.insert(p.name.clone(), template);
                Ok(())
            }
            None => tera.add_raw_template(&p.name, &p.source),
        }
    }

    /// Renders a prepared body with `ctx` (the locale's context; `slug` and `_lit` are set
    /// here), then Markdown. The template is removed again: only one body is held at a time.
    fn render_prepared(
        tera: &mut Tera,
        ctx: &mut Context,
        page: &Page,
        body: &str,
        mut p: Prepared,
        errors: &mut Errors,
    ) -> Option<Body> {
        ctx.insert("slug", &page.slug);
        if p.needs_literals {
            ctx.insert("_lit", &p.literals);
        } else {
            ctx.remove("_lit");
        }
        if let Err(e) = Self::install(tera, &mut p) {
            errors.push(parse_error(page, body, &p.name, &tera_message(&e)));
            return None;
        }
        let rendered = tera.render(&p.name, ctx);
        tera.templates.remove(&p.name);
        let markdown = match rendered {
            Ok(m) => m,
            Err(e) => {
                errors.push(content_error(page, body, &tera_message(&e)));
                return None;
            }
        };
        match markdown::render(&markdown) {
            Ok(rendered) => Some(Body {
                html: rendered.html,
                toc: rendered.toc,
            }),
            Err(problems) => {
                for problem in problems {
                    errors.push(BuildError::Content {
                        file: page.file.clone(),
                        line: problem
                            .source_text
                            .as_deref()
                            .and_then(|t| line_of(body, page.body_line, t)),
                        locale: page.locale,
                        message: problem.message,
                    });
                }
                None
            }
        }
    }

    /// Checks that every body of a locale parses, reporting what a whole render would report
    /// before rendering anything: every unclosed tag and malformed table, and the first body
    /// that does not parse (tera stops at the first). Nothing is kept but the parsed pieces.
    pub fn check(&mut self, pages: &PageSet, locale: Locale) -> Result<(), BuildError> {
        // Usually every body is made of pieces that parse: then there is nothing to report
        // before rendering (the rendering reports unclosed tags and tables).
        let mut whole = true;
        for slug in pages.slugs() {
            let Some(page) = pages.get(slug, locale) else {
                continue;
            };
            let Ok(body) = page.body() else {
                whole = false;
                break;
            };
            if unclosed_tag(&body).is_some() {
                continue;
            }
            let (segments, literals) = segments(&body);
            if self.assemble(&segments, &literals, false).is_none() {
                whole = false;
                break;
            }
        }
        if whole {
            return Ok(());
        }
        let mut errors = Errors::default();
        for slug in pages.slugs() {
            let Some(page) = pages.get(slug, locale) else {
                continue;
            };
            let Some(body) = errors.take(page.body()) else {
                continue;
            };
            let Some(p) = self.prepare(page, &body, &mut errors) else {
                continue;
            };
            if p.ast.is_none() {
                if let Err(e) = tera::Template::new(&p.name, None, &p.source) {
                    let e = tera::Error::chain(format!("Failed to parse '{}'", p.name), e);
                    errors.push(parse_error(page, &body, &p.name, &tera_message(&e)));
                    return errors.finish();
                }
            }
        }
        // Without a body that does not parse, every page renders and reports its own errors.
        Ok(())
    }

    /// `render` of one body of `pages`, making `check` first if it was not made and this is
    /// the first body that does not assemble from pieces (or cannot be read): what `check`
    /// before every render reports, without reading and cutting every body twice when all
    /// assemble. `Err`: the check failed (report it alone, as `check` would before rendering);
    /// `Ok(Err)`: this body's own errors.
    pub fn render_checked(
        &mut self,
        tera: &mut Tera,
        ctx: &mut Context,
        page: &Page,
        pages: &PageSet,
    ) -> Result<Result<Body, BuildError>, BuildError> {
        let body = match page.body() {
            Ok(body) => body,
            Err(e) => {
                self.check_once(pages, page.locale)?;
                return Ok(Err(e));
            }
        };
        let mut errors = Errors::default();
        let prepared = self.prepare(page, &body, &mut errors);
        if prepared.as_ref().is_some_and(|p| p.ast.is_none()) {
            self.check_once(pages, page.locale)?;
        }
        let body =
            prepared.and_then(|p| Self::render_prepared(tera, ctx, page, &body, p, &mut errors));
        Ok(errors.finish().and_then(|()| {
            body.ok_or_else(|| BuildError::Template {
                file: page.file.clone(),
                message: "the body did not render".into(),
            })
        }))
    }

    fn check_once(&mut self, pages: &PageSet, locale: Locale) -> Result<(), BuildError> {
        if self.checked {
            return Ok(());
        }
        self.checked = true;
        self.check(pages, locale)
    }

    /// Renders one body (after `check`): tera, then Markdown.
    pub fn render(
        &mut self,
        tera: &mut Tera,
        ctx: &mut Context,
        page: &Page,
    ) -> Result<Body, BuildError> {
        let mut errors = Errors::default();
        let body = page.body()?;
        let body = self
            .prepare(page, &body, &mut errors)
            .and_then(|p| Self::render_prepared(tera, ctx, page, &body, p, &mut errors));
        errors.finish()?;
        body.ok_or_else(|| BuildError::Template {
            file: page.file.clone(),
            message: "the body did not render".into(),
        })
    }
}

/// A body that does not parse, at its line.
fn parse_error(page: &Page, body: &str, name: &str, message: &str) -> BuildError {
    if message.contains(&format!("'{name}'")) || message.contains(&format!("\"{name}\"")) {
        content_error(page, body, message)
    } else {
        BuildError::Template {
            file: format!("content/{}", page.locale),
            message: message.to_string(),
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
    let mut renderer = BodyRenderer::default();
    renderer.check(pages, locale)?;
    let mut ctx = base.clone();
    let mut errors = Errors::default();
    let mut out = BTreeMap::new();
    for slug in pages.slugs() {
        if let Some(page) = pages.get(slug, locale) {
            if let Some(body) = errors.take(renderer.render(tera, &mut ctx, page)) {
                out.insert(page.slug.clone(), body);
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
fn content_error(page: &Page, body: &str, message: &str) -> BuildError {
    let lines: Vec<&str> = body.lines().collect();
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
        line_of(body, page.body_line, n)
            .or_else(|| line_of(body, page.body_line, &format!("\"{n}\"")))
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
pub fn template_source(page: &crate::pages::Page) -> Result<(String, Vec<String>), BuildError> {
    let body = page.body()?;
    let (segments, literals) = segments(&body);
    Ok((source_of(&segments, page.body_line), literals))
}

/// `template_source` of the segments of a body.
fn source_of(segments: &[Segment], body_line: usize) -> String {
    let mut out = "\n".repeat(body_line.saturating_sub(1));
    let mut k = 0;
    for segment in segments {
        match segment {
            Segment::Literal(newlines) => {
                out.push_str(&format!("{{{{ _lit[{k}] | safe }}}}"));
                k += 1;
                if *newlines > 0 {
                    out.push_str("{#");
                    out.push_str(&"\n".repeat(*newlines));
                    out.push_str("#}");
                }
            }
            Segment::Tag(tag) => out.push_str(tag),
        }
    }
    out
}

/// A body cut into literal runs and tags (see `template_source`), and the literal runs.
fn segments(body: &str) -> (Vec<Segment>, Vec<String>) {
    let mut segments = Vec::new();
    let mut literals: Vec<String> = Vec::new();
    let mut flush = |from: usize, to: usize, segments: &mut Vec<Segment>| {
        if from < to {
            let text = &body[from..to];
            segments.push(Segment::Literal(text.matches('\n').count()));
            literals.push(text.to_string());
        }
    };
    // Whether the current line of literal text is a heading (a tag's own lines do not count).
    let mut heading = body.starts_with('#');
    let mut literal_from = 0;
    let mut i = 0;
    while let Some(at) = body[i..].find('{') {
        let start = i + at;
        if let Some(nl) = body[i..start].rfind('\n') {
            heading = body[i + nl + 1..].starts_with('#');
        }
        let rest = &body[start..];
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
            flush(literal_from, start, &mut segments);
            segments.push(Segment::Tag(rest.to_string()));
            return (segments, literals);
        }
        match tag_end {
            Some(end) => {
                flush(literal_from, start, &mut segments);
                segments.push(Segment::Tag(rest[..end].to_string()));
                i = start + end;
                literal_from = i;
            }
            None => i = start + 1,
        }
    }
    flush(literal_from, body.len(), &mut segments);
    (segments, literals)
}

/// The same sections, in the same order, in every locale: anchors must be identical. When
/// two languages agree, the third is the one that changed and is blamed, with the ids that
/// differ.
pub fn check_section_parity<V: std::borrow::Borrow<[String]>>(
    pages: &PageSet,
    section_ids: &BTreeMap<Locale, BTreeMap<String, V>>,
) -> Result<(), BuildError> {
    let mut errors = Errors::default();
    for slug in pages.slugs() {
        let ids = |l: Locale| -> Vec<String> {
            section_ids
                .get(&l)
                .and_then(|b| b.get(slug))
                .map(|ids| ids.borrow().to_vec())
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
            let body = page.body().unwrap_or_default();
            let line = extra
                .first()
                .and_then(|id| line_of(&body, page.body_line, &format!("{{#{id}}}")));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_spliced_where_the_layout_prints_it_once_and_safe() {
        let render = |layout: &str| {
            let mut tera = Tera::default();
            tera.add_raw_template("page.html", layout).unwrap();
            let mut ctx = Context::new();
            ctx.insert("body", BODY_SLOT);
            let html = tera.render("page.html", &ctx).unwrap();
            splice_body(&html, "<p>Б & \"</p>")
        };
        // The same bytes as the body given to the layout itself.
        let mut tera = Tera::default();
        let layout = "<main>{{ body | safe }}</main>";
        tera.add_raw_template("page.html", layout).unwrap();
        let mut ctx = Context::new();
        ctx.insert("body", "<p>Б & \"</p>");
        let whole = tera.render("page.html", &ctx).unwrap();
        assert_eq!(render(layout).as_deref(), Some(whole.as_str()));
        // Escaped, printed twice, or not at all: an error, not a page.
        assert_eq!(render("<main>{{ body }}</main>"), None);
        assert_eq!(render("{{ body | safe }}{{ body | safe }}"), None);
        assert_eq!(render("<main></main>"), None);
    }

    /// A body rendered from its assembled pieces and from a whole parse of its template.
    fn both(body: &str) -> (String, String) {
        let (segments, literals) = segments(body);
        let mut renderer = BodyRenderer::default();
        let (ast, _) = renderer
            .assemble(&segments, &literals, true)
            .expect("assembles");
        let mut ctx = Context::new();
        ctx.insert("items", &["a", "b"]);
        ctx.insert("name", "<Interpay>");
        ctx.insert("_lit", &literals);
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        let mut template = tera::Template::new("pieces.md", None, "").unwrap();
        template.ast = ast;
        tera.templates.insert("pieces.md".into(), template);
        tera.add_raw_template("whole.md", &source_of(&segments, 1))
            .unwrap();
        (
            tera.render("pieces.md", &ctx).unwrap(),
            tera.render("whole.md", &ctx).unwrap(),
        )
    }

    #[test]
    fn assembled_bodies_render_as_a_whole_parse() {
        let body = "Intro {{ name }}\n\n## Title {#an-id}\n\n{% set x = 3 %}{% for i in items %}- {{ i }} {% if x > 2 %}big{% else %}small{% endif %}\n{% endfor %}{# a note #}\n{% raw %}{{ kept }}{% endraw %} end {x}\n";
        let (pieces, whole) = both(body);
        assert_eq!(pieces, whole);
        assert!(pieces.contains("&lt;Interpay&gt;") && pieces.contains("{#an-id}"));
        assert!(pieces.contains("- a big\n- b big") && pieces.contains("{{ kept }}"));
    }

    #[test]
    fn bodies_that_need_the_whole_template_are_not_assembled() {
        for body in [
            "a {%- if true %}b{% endif %}",
            "{% block x %}y{% endblock x %}",
            "{% else %}",
            "{% if true %}never closed",
        ] {
            let (segments, literals) = segments(body);
            assert!(
                BodyRenderer::default()
                    .assemble(&segments, &literals, true)
                    .is_none(),
                "{body}"
            );
        }
    }
}

//! One build: read and check everything, render every page in every locale, check links,
//! write atomically.

use crate::error::{BuildError, Errors};
use crate::links;
use crate::output::Staging;
use crate::pages;
use crate::project::Project;
use crate::render::{self, Site};
use crate::sitemap;
use crate::templating::{self, Shared};
use crate::versions;
use policy::{Calendar, Catalog, Facts, Locale};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tera::Context;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub project: Project,
    pub out: PathBuf,
    /// Absolute origin for canonical URLs, hreflang and the sitemap.
    pub base_url: String,
    /// Where the request form posts.
    pub intake_url: String,
}

impl BuildOptions {
    pub fn new(root: &Path) -> Self {
        BuildOptions {
            project: Project::at(root),
            out: root.join("public"),
            base_url: "https://interpay.kz".into(),
            intake_url: "/requests".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub locales: usize,
    pub files: usize,
    pub millis: u128,
    /// Facts whose source is `operator: …`: decisions the operator has still to confirm.
    pub awaiting_operator: usize,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} pages in {} locales ({} files) in {} ms; {} facts await the operator's \
             confirmation",
            self.pages, self.locales, self.files, self.millis, self.awaiting_operator
        )
    }
}

/// Every `.ftl` file of every locale directory, in name order.
pub fn load_catalog(locales: &Path) -> Result<Catalog, BuildError> {
    Ok(Catalog::from_dir(locales)?)
}

fn read(path: &Path) -> Result<String, BuildError> {
    std::fs::read_to_string(path).map_err(|e| BuildError::io(path.display(), e))
}

/// A short content hash for cache-busting asset names; stable across runs of one binary.
fn fingerprint(bytes: &[u8]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("{:08x}", h.finish() as u32)
}

/// What a render produced: the number of files and of pages, the facts awaiting the
/// operator, and the text of `content/page-digests.toml`.
pub struct SiteRender {
    pub files: usize,
    pub pages: usize,
    pub awaiting_operator: usize,
    pub digests: String,
    /// The intake function's page layouts.
    pub shells: crate::shell::Shells,
    /// Every file written (to clean the staging tree of what an earlier build left).
    pub written: links::Collector,
}

/// Where the built files go as they are rendered: into the staging tree (`None` for
/// `--check`, which writes nothing), and through the link check, which keeps only what it
/// needs of each (its path, its ids, its links not checked yet).
pub struct Sink<'a> {
    staging: Option<&'a Staging>,
    links: std::sync::Mutex<links::Collector>,
}

impl Sink<'_> {
    /// Writes a file; `checked`: its links are checked (not for the printed aliases, the
    /// same bytes as the page they alias).
    fn add(&self, path: &str, bytes: &[u8], checked: bool) -> Result<(), BuildError> {
        if let Some(staging) = self.staging {
            staging.write(path, bytes)?;
        }
        self.record(links::Scanned::new(path, bytes, checked), path)
    }

    /// `add` of text (no UTF-8 check needed).
    fn add_text(&self, path: &str, text: &str, checked: bool) -> Result<(), BuildError> {
        if let Some(staging) = self.staging {
            staging.write(path, text.as_bytes())?;
        }
        self.record(links::Scanned::text(path, text, checked), path)
    }

    /// Publishes `existing`'s bytes (written already) at `path` too; its links are checked
    /// at `existing`.
    fn link(&self, path: &str, existing: &str) -> Result<(), BuildError> {
        if let Some(staging) = self.staging {
            staging.link(path, existing)?;
        }
        self.links
            .lock()
            .map_err(|_| BuildError::io(path, "a rendering thread panicked"))?
            .alias(path, existing);
        Ok(())
    }

    fn record(&self, scanned: links::Scanned, path: &str) -> Result<(), BuildError> {
        self.links
            .lock()
            .map_err(|_| BuildError::io(path, "a rendering thread panicked"))?
            .add(scanned);
        Ok(())
    }
}

/// Renders the whole site page by page, writing each file into `staging` as it is made
/// (`None`: writes nothing), and checks it: what a build keeps in memory is the pages' front
/// matter and what the link check needs, never the whole site.
pub fn render_site(
    options: &BuildOptions,
    staging: Option<&Staging>,
) -> Result<SiteRender, BuildError> {
    let project = &options.project;
    let facts_file = project.facts_file();
    // The templates parse while the content loads: their parse is the longest step before
    // the pages render. The content's errors come first, as when one followed the other.
    let (loaded, templates) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| {
            templating::parse_templates(
                &templating::load_templates(&project.templates)?,
                &project.templates,
            )
        });
        let loaded = (|| -> Result<_, BuildError> {
            let facts = Facts::from_toml(&read(&facts_file)?, &facts_file.display().to_string())?;
            // The calendar is not shown on the site, but a broken one must fail the build too.
            let calendar_file = project.calendar_file();
            Calendar::from_toml(&read(&calendar_file)?, &calendar_file.display().to_string())?;
            Ok((
                facts,
                load_catalog(&project.locales)?,
                pages::load(&project.content)?,
            ))
        })();
        let templates = templates.join().unwrap_or_else(|_| {
            Err(BuildError::io(
                project.templates.display(),
                "the template parser panicked",
            ))
        });
        (loaded, templates)
    });
    let (facts, catalog, page_set) = loaded?;
    let templates = templates?;
    let frozen = versions::load_frozen(&project.content)?;
    let history = versions::history(&frozen, &facts, &facts_file.display().to_string())?;

    let site_url = facts.operator.site_url.clone();
    let own_origins = [options.base_url.as_str(), site_url.as_str()];
    let sink = Sink {
        staging,
        links: std::sync::Mutex::new(links::Collector::new(&own_origins)?),
    };
    let css = std::fs::read(project.assets.join("site.css"))
        .map_err(|e| BuildError::io(project.assets.join("site.css").display(), e))?;
    let js = std::fs::read(project.assets.join("site.js"))
        .map_err(|e| BuildError::io(project.assets.join("site.js").display(), e))?;
    let icon_file = project.assets.join("favicon.svg");
    let icon = std::fs::read(&icon_file).map_err(|e| BuildError::io(icon_file.display(), e))?;
    let css_path = format!("assets/site.{}.css", fingerprint(&css));
    let js_path = format!("assets/site.{}.js", fingerprint(&js));
    let icon_path = format!("assets/favicon.{}.svg", fingerprint(&icon));
    sink.add(&css_path, &css, true)?;
    sink.add(&js_path, &js, true)?;
    sink.add(&icon_path, &icon, true)?;

    let localized = [
        Arc::new(facts.localized(Locale::Kk)?),
        Arc::new(facts.localized(Locale::Ru)?),
        Arc::new(facts.localized(Locale::En)?),
    ];
    let catalog = Arc::new(catalog);
    let shared = Shared {
        catalog: catalog.clone(),
        facts: Arc::new(facts),
        localized,
        slugs: Arc::new(page_set.pages.keys().cloned().collect::<BTreeSet<_>>()),
        suffix: Arc::new(String::new()),
    };
    // Each frozen version renders with today's templates and its own facts; its links stay
    // within it, and its change log ends with its own last day.
    let frozen_shared = history
        .iter()
        .filter_map(|e| e.frozen.map(|i| (e, &frozen[i])))
        .map(
            |(entry, f)| -> Result<(versions::Entry, Shared), BuildError> {
                let localized = Locale::ALL.map(|l| {
                    let mut v = f.facts.localized(l)?;
                    if let (Some(list), Some(until)) = (
                        v.get_mut("changelog").and_then(|c| c.as_array_mut()),
                        entry.until,
                    ) {
                        for item in list
                            .iter_mut()
                            .filter(|c| c["version"] == entry.number.as_str())
                        {
                            item["until"] = until.to_string().into();
                        }
                    }
                    Ok::<_, BuildError>(Arc::new(v))
                });
                let [kk, ru, en] = localized;
                Ok((
                    entry.clone(),
                    Shared {
                        catalog: catalog.clone(),
                        facts: f.facts.clone(),
                        localized: [kk?, ru?, en?],
                        slugs: Arc::new(f.pages.pages.keys().cloned().collect()),
                        suffix: Arc::new(versions::suffix(&entry.number)),
                    },
                ))
            },
        )
        .collect::<Result<Vec<_>, _>>()?;
    let current_entry = history
        .last()
        .cloned()
        .ok_or_else(|| BuildError::io(facts_file.display(), "no current version"))?;
    let css_url = format!("/{css_path}");
    let js_url = format!("/{js_path}");
    let icon_url = format!("/{icon_path}");
    let site = Site {
        base_url: &options.base_url,
        intake_url: &options.intake_url,
        css: &css_url,
        js: &js_url,
        favicon: &icon_url,
        facts: &shared.facts,
        localized: &shared.localized,
        catalog: &shared.catalog,
        pages: &page_set,
        edition: render::Edition::default(),
    };
    // The current bodies are kept only to compare them with the frozen versions.
    let keep_bodies = !frozen_shared.is_empty();

    // Each locale renders on its own thread (its own tera environment); the site is small per
    // page, so this is where the cores pay off.
    let slugs = page_set.slugs();
    let render_locale = |locale: Locale| -> Result<Rendered, BuildError> {
        let mut tera = templating::environment(&templates, &project.templates, &shared, locale)?;
        let base = site.locale_context(locale)?;
        // The current pages and their permanent copies have the same facts: one frame.
        let frame = site.frame(&base, locale)?;
        // Bodies are checked as they render (`render_checked`): before rendering anything
        // only when one of them needs it.
        let mut renderer = render::BodyRenderer::default();
        let mut ctx = base.clone();
        let permanent = Site {
            edition: render::Edition {
                suffix: versions::suffix(&current_entry.number),
                superseded: None,
            },
            ..site.clone()
        };
        let mut out = Rendered {
            section_ids: BTreeMap::new(),
            digests: BTreeMap::new(),
            shell: String::new(),
            base: Context::new(),
            tera: tera::Tera::default(),
        };
        let mut bodies = BTreeMap::new();
        let mut id_lists: std::collections::HashMap<Vec<String>, Arc<[String]>> =
            Default::default();
        let mut body_errors = Errors::default();
        // Like a render of every body before any layout: once a body fails, only bodies are
        // rendered (to report them all), and a layout error is reported only without them.
        let mut layout_error = None;
        for slug in &slugs {
            let Some(page) = page_set.get(slug, locale) else {
                continue;
            };
            let rendered = renderer.render_checked(&mut tera, &mut ctx, page, &page_set)?;
            let Some(body) = body_errors.take(rendered) else {
                continue;
            };
            let ids: Vec<String> = body.toc.iter().map(|h| h.id.clone()).collect();
            // Pages often share their sections (versions, copies): one list each.
            let ids = match id_lists.get(&ids) {
                Some(shared) => Arc::clone(shared),
                None => {
                    let shared: Arc<[String]> = ids.clone().into();
                    id_lists.insert(ids, Arc::clone(&shared));
                    shared
                }
            };
            out.section_ids.insert(slug.to_string(), ids);
            out.digests
                .insert(slug.to_string(), crate::policy_data::digest(&body));
            if body_errors.is_empty() && layout_error.is_none() {
                let written = (|| -> Result<(), BuildError> {
                    let html = site.render_page(&tera, &frame, slug, &body)?;
                    let page_file = format!("{}/{slug}/index.html", locale.code());
                    sink.add_text(&page_file, &html, true)?;
                    if locale == Locale::DEFAULT {
                        // The printed URLs (/privacy, /data-deletion) serve the source
                        // language, with the canonical URL of /ru/…: the same bytes, the
                        // same file.
                        sink.link(&format!("{slug}/index.html"), &page_file)?;
                    }
                    // Every version at its permanent URL: the current one here (canonical to
                    // the current page), each frozen one below.
                    let html = permanent.render_page(&tera, &frame, slug, &body)?;
                    sink.add_text(
                        &format!(
                            "{}/{slug}/{}index.html",
                            locale.code(),
                            permanent.edition.suffix
                        ),
                        &html,
                        true,
                    )
                })();
                layout_error = written.err();
            }
            if keep_bodies {
                bodies.insert(slug.to_string(), body);
            }
        }
        body_errors.finish()?;
        if let Some(e) = layout_error {
            return Err(e);
        }
        if page_set.pages.contains_key("data-deletion") {
            let html = site.render_special(
                &tera,
                &frame,
                "received.html",
                "/data-deletion/received/",
                &[],
            )?;
            sink.add_text(
                &format!("{}/data-deletion/received/index.html", locale.code()),
                &html,
                true,
            )?;
        }
        let html = site.render_special(&tera, &frame, "404.html", "/404.html", &[])?;
        sink.add_text(&format!("{}/404.html", locale.code()), &html, true)?;
        out.shell = site.render_shell(&tera, &frame)?;
        crate::shell::check(locale, &out.shell)?;

        // Each frozen version: its own canonical, with the notice that it is not in force.
        let mut editions: Vec<(&versions::Entry, BTreeMap<String, render::Body>)> = Vec::new();
        let mut errors = Errors::default();
        for (entry, f_shared) in &frozen_shared {
            let Some(f) = entry.frozen.map(|i| &frozen[i]) else {
                continue;
            };
            let old_site = Site {
                facts: &f_shared.facts,
                localized: &f_shared.localized,
                pages: &f.pages,
                edition: render::Edition {
                    suffix: versions::suffix(&entry.number),
                    superseded: Some(render::Superseded {
                        version: entry.number.clone(),
                        from: entry.effective,
                        // Every version but the current one has a last day (history).
                        until: entry.until.ok_or_else(|| {
                            BuildError::io(
                                f.dir.display(),
                                format!("version {} has no last day", entry.number),
                            )
                        })?,
                    }),
                },
                ..site.clone()
            };
            // The same environment, its functions bound to this version's facts and links.
            let rendered = templating::with_edition(f_shared, || -> Result<_, BuildError> {
                let old_base = old_site.locale_context(locale)?;
                let old_bodies = render::render_bodies(&mut tera, &old_base, &f.pages, locale)?;
                let old_frame = old_site.frame(&old_base, locale)?;
                for slug in f.pages.slugs() {
                    let html = old_site.render_page(&tera, &old_frame, slug, &old_bodies[slug])?;
                    sink.add_text(
                        &format!(
                            "{}/{slug}/{}index.html",
                            locale.code(),
                            old_site.edition.suffix
                        ),
                        &html,
                        true,
                    )?;
                }
                Ok(old_bodies)
            });
            let Some(old_bodies) = errors.take(rendered) else {
                continue;
            };
            editions.push((entry, old_bodies));
        }
        errors.finish()?;
        // Each version after the first, compared with the one before, page by page.
        let mut chain: Vec<(&versions::Entry, &BTreeMap<String, render::Body>)> =
            editions.iter().map(|(e, b)| (*e, b)).collect();
        chain.push((&current_entry, &bodies));
        let removed = shared.catalog.text(locale, "changes-removed")?;
        let added = shared.catalog.text(locale, "changes-added")?;
        for pair in chain.windows(2) {
            let ((old_entry, old_bodies), (new_entry, new_bodies)) = (&pair[0], &pair[1]);
            for (slug, new_body) in new_bodies.iter() {
                let Some(old_body) = old_bodies.get(slug) else {
                    continue;
                };
                let sections = crate::compare::compare(old_body, new_body, &removed, &added);
                let html =
                    site.render_changes(&tera, &frame, slug, old_entry, new_entry, &sections)?;
                sink.add_text(
                    &format!(
                        "{}/{slug}/{}changes/index.html",
                        locale.code(),
                        versions::suffix(&new_entry.number)
                    ),
                    &html,
                    true,
                )?;
            }
        }
        out.base = base;
        out.tera = tera;
        Ok(out)
    };
    let results: Vec<(Locale, Result<Rendered, BuildError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = Locale::ALL
            .iter()
            .map(|l| (*l, scope.spawn(move || render_locale(*l))))
            .collect();
        handles
            .into_iter()
            .map(|(l, h)| {
                let result = h.join().unwrap_or_else(|_| {
                    Err(BuildError::Template {
                        file: format!("content/{l}"),
                        message: "rendering panicked".into(),
                    })
                });
                (l, result)
            })
            .collect()
    });
    let mut section_ids = BTreeMap::new();
    let mut digests = BTreeMap::new();
    let mut bases = BTreeMap::new();
    let mut envs = BTreeMap::new();
    let mut shells = Vec::new();
    // Every locale's errors are reported together; the checks that compare locales or follow
    // links run only on a complete render.
    let mut errors = Errors::default();
    for (locale, result) in results {
        let Some(r) = errors.take(result) else {
            continue;
        };
        envs.insert(locale, r.tera);
        section_ids.insert(locale, r.section_ids);
        digests.insert(locale, r.digests);
        shells.push((locale, r.shell));
        bases.insert(locale, r.base);
    }
    errors.finish()?;
    let mut errors = Errors::default();
    errors.take(render::check_section_parity(&page_set, &section_ids));
    let sections_file = project.sections_file();
    let default_ids: BTreeMap<&str, &[String]> = slugs
        .iter()
        .map(|slug| {
            let ids = section_ids
                .get(&Locale::DEFAULT)
                .and_then(|b| b.get(*slug))
                .map_or(&[][..], |ids| &ids[..]);
            (*slug, ids)
        })
        .collect();
    errors.take(
        crate::sections::load_ids(&sections_file).and_then(|sections| {
            crate::sections::check_ids(
                &sections,
                &default_ids,
                &page_set.drafts,
                &sections_file.display().to_string(),
            )
        }),
    );
    drop(default_ids);
    drop(section_ids);
    // The root: a language chooser, and a 404 for paths outside any locale, in all three.
    // Serialised once, into the context: the index lists every page of the site.
    let all: Vec<RootLocale> = Locale::ALL
        .iter()
        .map(|l| {
            let t = |k: &str| shared.catalog.text(*l, k);
            Ok(RootLocale {
                code: l.code(),
                name: render::language_name(*l),
                site_title: t("site-title")?,
                choose: t("index-choose")?,
                about: shared.catalog.format(
                    *l,
                    "index-about",
                    &[(
                        "operator",
                        shared.facts.operator.short_name.get(*l).to_string().into(),
                    )],
                )?,
                feed: t("feed-title")?,
                operator: shared.facts.operator.short_name.get(*l),
                not_found_title: t("not-found-title")?,
                not_found_text: t("not-found-text")?,
                pages: slugs
                    .iter()
                    .filter_map(|s| page_set.get(s, *l))
                    .map(|p| RootPage {
                        title: &p.front.title,
                        description: &p.front.description,
                        url: templating::page_path(*l, &p.slug),
                    })
                    .collect(),
            })
        })
        .collect::<Result<_, BuildError>>()?;
    // The root pages use the default locale's environment (already built for its pages).
    let root_tera = &envs[&Locale::DEFAULT];
    let root_base = &bases[&Locale::DEFAULT];
    // One context for both (the language index lists every page: not copied twice).
    let mut root_ctx = root_base.clone();
    root_ctx.insert("all", &all);
    drop(all);
    root_ctx.insert(
        "canonical",
        &format!("{}/", options.base_url.trim_end_matches('/')),
    );
    for (template, file) in [("index.html", "index.html"), ("404-all.html", "404.html")] {
        let ctx = &root_ctx;
        let html = root_tera
            .render(template, ctx)
            .map_err(|e| BuildError::Template {
                file: format!("site/templates/{template}"),
                message: crate::error::tera_message(&e),
            })?;
        sink.add_text(file, &html, true)?;
    }
    drop(root_ctx);
    let lastmod = shared.facts.policy.last_updated.to_string();
    sink.add_text(
        "sitemap.xml",
        &sitemap::sitemap(&options.base_url, &slugs, &lastmod),
        true,
    )?;
    sink.add_text("robots.txt", &sitemap::robots(&options.base_url), true)?;
    let document = crate::policy_data::document(
        &options.base_url,
        &shared.facts,
        &shared.localized,
        &history,
        &digests,
    )?;
    sink.add_text("policy.json", &document, true)?;
    drop(document);
    sink.add_text("policy.schema.json", crate::policy_data::SCHEMA, true)?;
    for locale in Locale::ALL {
        let feed = crate::feed::atom(
            &options.base_url,
            locale,
            &history,
            &shared.facts,
            &shared.catalog,
        )?;
        sink.add_text(
            &format!("{}/policy-changes.xml", locale.code()),
            &feed,
            true,
        )?;
    }

    let origin_of = |file: &str| origin_of(file, &page_set, &project.templates);
    let mut links = sink
        .links
        .into_inner()
        .map_err(|_| BuildError::io("links", "a rendering thread panicked"))?;
    let files = links.len();
    errors.take(links.finish(&crate::links::LinkContext {
        own_origins: &own_origins,
        origin_of: &origin_of,
    }));
    errors.finish()?;
    Ok(SiteRender {
        files,
        pages: slugs.len(),
        awaiting_operator: shared.facts.awaiting_operator().len(),
        digests: crate::policy_data::digests_toml(&shared.facts.policy.version, &digests),
        shells: crate::shell::Shells(shells),
        written: links,
    })
}

/// What one locale's thread hands back: what the checks across locales and the root pages
/// need.
struct Rendered {
    /// The `##` ids of each page, in order.
    section_ids: BTreeMap<String, Arc<[String]>>,
    /// The digest of each current page's text.
    digests: BTreeMap<String, String>,
    /// The intake function's layout in this locale.
    shell: String,
    base: Context,
    tera: tera::Tera,
}

/// A language of the root pages (`index.html`, `404.html`): the context's `all`.
#[derive(serde::Serialize)]
struct RootLocale<'a> {
    code: &'static str,
    name: &'static str,
    site_title: String,
    choose: String,
    about: String,
    feed: String,
    operator: &'a str,
    not_found_title: String,
    not_found_text: String,
    pages: Vec<RootPage<'a>>,
}

/// A page listed on the language index.
#[derive(serde::Serialize)]
struct RootPage<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
}

/// The source a built file was written from, for errors found in the output.
fn origin_of(file: &str, pages: &pages::PageSet, templates: &Path) -> Option<links::Origin> {
    let template = |name: &str, locale: Option<Locale>| links::Origin {
        file: templates.join(name).display().to_string(),
        locale,
        body: None,
    };
    let parts: Vec<&str> = file.split('/').collect();
    let locale = parts.first().and_then(|c| c.parse::<Locale>().ok());
    match (locale, parts.as_slice()) {
        (Some(l), [_, slug, "index.html"]) => pages.get(slug, l).map(|p| links::Origin {
            file: p.file.clone(),
            locale: Some(l),
            // Read again: only for an error's line.
            body: p.body().ok().map(|b| (b.into_owned(), p.body_line)),
        }),
        (Some(l), [_, "data-deletion", "received", "index.html"]) => {
            Some(template("received.html", Some(l)))
        }
        (Some(l), [_, "404.html"]) => Some(template("404.html", Some(l))),
        // The printed aliases are the default locale's bytes, checked there.
        (None, [slug, "index.html"]) if pages.pages.contains_key(*slug) => None,
        (None, ["index.html"]) => Some(template("index.html", None)),
        (None, ["404.html"]) => Some(template("404-all.html", None)),
        _ => Some(links::Origin {
            file: file.to_string(),
            locale,
            body: None,
        }),
    }
}

/// `content/page-digests.toml` of the project, and whether it already holds `digests`.
fn digests_current(options: &BuildOptions, digests: &str) -> (PathBuf, bool) {
    let file = options.project.content.join("page-digests.toml");
    let current = std::fs::read_to_string(&file).ok().as_deref() == Some(digests);
    (file, current)
}

/// Renders, then writes the output (`build`) or only checks the digests file (`check`).
fn run(options: &BuildOptions, write: bool) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    // Pages are written into the staging tree as they are rendered; the tree replaces the
    // output only once everything rendered and every check passed.
    let staging = if write {
        Some(Staging::begin(&options.out)?)
    } else {
        None
    };
    let SiteRender {
        files,
        pages,
        awaiting_operator,
        digests,
        shells,
        written,
    } = render_site(options, staging.as_ref())?;
    let (file, current) = digests_current(options, &digests);
    let stale_shells = crate::shell::stale(&options.project.shell, &shells);
    if let Some(staging) = staging {
        staging.commit(&|rel| written.contains(rel))?;
        // Like a lock file: rewritten only when the pages' text changed.
        if !current {
            std::fs::write(&file, digests).map_err(|e| BuildError::io(file.display(), e))?;
        }
        crate::shell::write(&options.project.shell, &stale_shells)?;
    } else if !current {
        return Err(BuildError::Io {
            file: file.display().to_string(),
            message: "is stale: the pages changed; run `cargo run --bin build-site` to \
                      rewrite it (the intake function compiles it in)"
                .into(),
        });
    } else if let Some((path, _)) = stale_shells.first() {
        return Err(BuildError::Io {
            file: path.display().to_string(),
            message: "is stale: the site's layout changed; run `cargo run --bin build-site` \
                      to rewrite it (the intake function compiles it in)"
                .into(),
        });
    }
    Ok(BuildSummary {
        pages,
        awaiting_operator,
        locales: Locale::ALL.len(),
        files,
        millis: started.elapsed().as_millis(),
    })
}

/// Everything a build checks, nothing written: the summary of what would be built.
pub fn check(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    run(options, false)
}

/// Builds the site into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    run(options, true)
}

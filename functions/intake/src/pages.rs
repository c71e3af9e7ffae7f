//! The function's own HTML pages (a request's status, the confirmation link's answer, the
//! request form again with its errors, errors, not found), rendered with tera from
//! `templates/pages/`, autoescaped, inside the site's own layout: the shell the site build
//! writes for each language (`templates/shell/`, see `site/src/shell.rs`), with the site's
//! header, language switcher, skip link, navigation, footer and fingerprinted stylesheet.
//! The request form is the site's own block (`site/templates/blocks/request-form.html`).

use crate::content::Content;
use lambda_http::http::HeaderValue;
use policy::Locale;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use tera::{Context, Tera, Value};

/// One tera environment per language, each extending its language's shell as `layout.html`,
/// compiled when a page in that language is first shown: parsing the templates was a third of
/// the function's start-up CPU, and most invocations show no page or pages in one language.
pub struct Pages {
    content: Arc<Content>,
    /// The pages and the form block, the same in every language: parsed once.
    shared: OnceLock<Result<Tera, PagesError>>,
    by_locale: [OnceLock<Result<Tera, PagesError>>; 3],
    csp_strict: HeaderValue,
    csp_form: HeaderValue,
}

/// The `Content-Security-Policy` of the function's pages. They load the site's stylesheet and
/// icon, from the site's origin (`site_origin`; a form posted to the API's own origin is
/// answered there), and run nothing: no scripts, no framing. `form`: the page has a form that
/// posts to the function, at the page's own origin.
pub fn content_security_policy(site_origin: &str, form: bool) -> String {
    format!(
        "default-src 'none'; style-src 'self' {site_origin}; img-src 'self' {site_origin}; \
         base-uri 'none'; form-action {}; frame-ancestors 'none'",
        if form { "'self'" } else { "'none'" }
    )
}

/// The security of one of the function's pages besides what every page has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSecurity {
    /// Its form posts to the function (the CSP's `form-action 'self'`).
    pub form: bool,
    /// `Referrer-Policy`, also the layout's `<meta name="referrer">`.
    pub referrer: &'static str,
}

impl PageSecurity {
    /// Every page without a form: no form may post anywhere, no referrer (the URL holds the
    /// request id or a token).
    pub const STRICT: PageSecurity = PageSecurity {
        form: false,
        referrer: "no-referrer",
    };
    /// A page with a form that posts to the function (the confirmation button, the request
    /// form shown again): the referrer policy is `strict-origin`, because under
    /// `no-referrer` browsers send `Origin: null` with a form POST, which the function
    /// refuses like any unknown origin. `strict-origin` sends only the origin (never the
    /// path with its token) as `Referer`.
    pub const CONFIRM_FORM: PageSecurity = PageSecurity {
        form: true,
        referrer: "strict-origin",
    };
}

/// The autonym of each language, for the language links.
pub fn autonym(locale: Locale) -> &'static str {
    match locale {
        Locale::Kk => "Қазақша",
        Locale::Ru => "Русский",
        Locale::En => "English",
    }
}

const PAGES: [(&str, &str); 8] = [
    (
        "status.html",
        include_str!("../templates/pages/status.html"),
    ),
    (
        "confirm.html",
        include_str!("../templates/pages/confirm.html"),
    ),
    (
        "confirm-form.html",
        include_str!("../templates/pages/confirm-form.html"),
    ),
    (
        "not-found.html",
        include_str!("../templates/pages/not-found.html"),
    ),
    ("error.html", include_str!("../templates/pages/error.html")),
    ("form.html", include_str!("../templates/pages/form.html")),
    (
        "lookup.html",
        include_str!("../templates/pages/lookup.html"),
    ),
    (
        "blocks/request-form.html",
        include_str!("../../../site/templates/blocks/request-form.html"),
    ),
];

#[derive(Debug, Clone, thiserror::Error)]
#[error("page templates ({locale}): {message}")]
pub struct PagesError {
    locale: Locale,
    message: String,
}

impl Pages {
    /// The pages of every language against `content`'s shells, each language compiled when
    /// first shown. `site_url`: the site's origin, where the shells' stylesheet and icon are.
    pub fn new(content: &Arc<Content>, site_url: &str) -> Result<Pages, PagesError> {
        let setup = |message: String| PagesError {
            locale: Locale::DEFAULT,
            message,
        };
        let origin = url::Url::parse(site_url)
            .map_err(|e| setup(format!("SITE_URL {site_url}: {e}")))?
            .origin()
            .ascii_serialization();
        let header = |form| {
            HeaderValue::from_str(&content_security_policy(&origin, form))
                .map_err(|e| setup(format!("SITE_URL {site_url} in the CSP: {e}")))
        };
        let (csp_strict, csp_form) = (header(false)?, header(true)?);
        Ok(Pages {
            content: content.clone(),
            shared: OnceLock::new(),
            by_locale: Default::default(),
            csp_strict,
            csp_form,
        })
    }

    /// [`Pages::new`], with every language compiled now: what `serve` checks before it
    /// replaces the pages of a running function, and what the tests check.
    pub fn compiled(content: &Arc<Content>, site_url: &str) -> Result<Pages, PagesError> {
        let pages = Pages::new(content, site_url)?;
        for locale in Locale::ALL {
            pages.environment(locale)?;
        }
        Ok(pages)
    }

    /// The pages in every language, parsed once. The placeholder layout only lets them
    /// parse alone; each language's shell replaces it.
    fn shared(&self) -> Result<&Tera, PagesError> {
        self.shared
            .get_or_init(|| {
                let mut shared = Tera::default();
                let mut templates = vec![("layout.html", "{% block main %}{% endblock main %}")];
                templates.extend(PAGES);
                shared
                    .add_raw_templates(templates)
                    .map_err(|e| PagesError {
                        locale: Locale::DEFAULT,
                        message: error_chain(&e),
                    })?;
                Ok(shared)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The environment of `locale`, compiled on first use; the site's form block reads its
    /// strings through `t(key=…)`, as on the site.
    fn environment(&self, locale: Locale) -> Result<&Tera, PagesError> {
        self.by_locale[locale.index()]
            .get_or_init(|| {
                let fail = |e: tera::Error| PagesError {
                    locale,
                    message: error_chain(&e),
                };
                let mut tera = Tera::default();
                tera.autoescape_on(vec![".html"]);
                tera.add_raw_template("layout.html", self.content.shells[locale.index()].as_str())
                    .map_err(fail)?;
                tera.extend(self.shared()?).map_err(fail)?;
                let strings = self.content.clone();
                tera.register_function("t", move |args: &HashMap<String, Value>| {
                    let key = args
                        .get("key")
                        .and_then(Value::as_str)
                        .ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
                    strings
                        .catalog
                        .text(locale, key)
                        .map(Value::String)
                        .map_err(|e| tera::Error::msg(format!("{key} ({locale}): {e}")))
                });
                Ok(tera)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The `Content-Security-Policy` header of a page with `security`.
    pub fn csp(&self, security: PageSecurity) -> &HeaderValue {
        if security.form {
            &self.csp_form
        } else {
            &self.csp_strict
        }
    }

    pub fn render(&self, locale: Locale, name: &str, ctx: &Context) -> Result<String, String> {
        self.environment(locale)
            .map_err(|e| e.to_string())?
            .render(name, ctx)
            .map_err(|e| error_chain(&e))
    }
}

/// tera's error with its causes (the cause holds the template's line).
fn error_chain(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_compiles_on_first_use_and_once() {
        let content = Arc::new(Content::embedded().unwrap());
        let pages = Pages::new(&content, "https://interpay.kz").unwrap();
        assert!(pages.by_locale.iter().all(|t| t.get().is_none()));
        let first = pages.environment(Locale::Kk).unwrap() as *const Tera;
        assert_eq!(first, pages.environment(Locale::Kk).unwrap() as *const Tera);
        assert!(pages.by_locale[Locale::Ru.index()].get().is_none());
        // The shell of the language, with the pages of all.
        let names: Vec<&str> = pages
            .environment(Locale::Kk)
            .unwrap()
            .get_template_names()
            .collect();
        assert!(names.contains(&"status.html") && names.contains(&"blocks/request-form.html"));
        Pages::compiled(&content, "https://interpay.kz").unwrap();
    }

    #[test]
    fn a_page_that_does_not_compile_is_an_error_with_its_language_every_time() {
        let mut content = Content::embedded().unwrap();
        content.shells[Locale::En.index()] = "{% block main %}".into();
        let content = Arc::new(content);
        let pages = Pages::new(&content, "https://interpay.kz").unwrap();
        for _ in 0..2 {
            let e = pages
                .render(Locale::En, "error.html", &Context::new())
                .unwrap_err();
            assert!(e.contains("(en)"), "{e}");
        }
        assert!(Pages::compiled(&content, "https://interpay.kz").is_err());
        assert!(pages.environment(Locale::Ru).is_ok());
    }
}

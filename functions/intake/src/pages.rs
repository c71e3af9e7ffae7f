//! The function's own small HTML pages (a request's status, the confirmation link's answer,
//! not found), rendered with tera from `templates/pages/`, autoescaped.

use tera::{Context, Tera};

pub struct Pages {
    tera: Tera,
}

/// The pages load nothing and run nothing: inline styles only, no scripts, no framing, and
/// no referrer (the URL holds the request id or a token).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The security headers of one of the function's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSecurity {
    pub csp: &'static str,
    /// `Referrer-Policy`, also the layout's `<meta name="referrer">`.
    pub referrer: &'static str,
}

impl PageSecurity {
    /// Every page but the confirmation form: no form may post anywhere, no referrer.
    pub const STRICT: PageSecurity = PageSecurity {
        csp: CONTENT_SECURITY_POLICY,
        referrer: "no-referrer",
    };
    /// The confirmation page with its one button: its form may post to its own origin, and
    /// the referrer policy is `strict-origin`, because under `no-referrer` browsers send
    /// `Origin: null` with a form POST, which the function refuses like any unknown origin.
    /// `strict-origin` sends only the origin (never the path with its token) as `Referer`.
    pub const CONFIRM_FORM: PageSecurity = PageSecurity {
        csp: "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        referrer: "strict-origin",
    };
}

/// The autonym of each language, for the language links.
pub fn autonym(locale: policy::Locale) -> &'static str {
    match locale {
        policy::Locale::Kk => "Қазақша",
        policy::Locale::Ru => "Русский",
        policy::Locale::En => "English",
    }
}

impl Pages {
    pub fn new() -> Result<Pages, tera::Error> {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            (
                "layout.html",
                include_str!("../templates/pages/layout.html"),
            ),
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
            (
                "lookup.html",
                include_str!("../templates/pages/lookup.html"),
            ),
        ])?;
        tera.autoescape_on(vec![".html"]);
        Ok(Pages { tera })
    }

    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, tera::Error> {
        self.tera.render(name, ctx)
    }
}

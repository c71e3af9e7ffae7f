//! The function's own small HTML pages (a request's status, the confirmation link's answer,
//! not found), rendered with tera from `templates/pages/`, autoescaped.

use tera::{Context, Tera};

pub struct Pages {
    tera: Tera,
}

/// The pages load nothing and run nothing: inline styles only, no scripts, no framing, and
/// no referrer (the URL holds the request id or a token).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
                "not-found.html",
                include_str!("../templates/pages/not-found.html"),
            ),
        ])?;
        tera.autoescape_on(vec![".html"]);
        Ok(Pages { tera })
    }

    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, tera::Error> {
        self.tera.render(name, ctx)
    }
}

//! The intake function's page layouts ("shells"): the site's header, language switcher, skip
//! link, navigation, footer and fingerprinted stylesheet, rendered by every build from
//! `site/templates/shell.html` into one tera template per language, so that the function's
//! pages (status, confirmation, form errors, not found) look like the site's and follow it
//! when it changes. The function compiles them in (`functions/intake/src/pages.rs`); like
//! `content/page-digests.toml`, they are rewritten only when they change, and `--check`
//! fails while one is stale.

use crate::error::BuildError;
use policy::Locale;
use std::path::{Path, PathBuf};

/// One shell per locale, in `Locale::ALL` order.
pub struct Shells(pub Vec<(Locale, String)>);

/// The file of `locale`'s shell under `dir`.
pub fn file(dir: &Path, locale: Locale) -> PathBuf {
    dir.join(format!("{}.html", locale.code()))
}

/// A shell must be a tera template the function can extend: checked here, where the cause
/// (a template or a fact with tera syntax in it) can still be named.
pub fn check(locale: Locale, shell: &str) -> Result<(), BuildError> {
    let fail = |message: String| BuildError::Template {
        file: format!("site/templates/shell.html ({locale})"),
        message,
    };
    let mut tera = tera::Tera::default();
    tera.add_raw_templates([
        ("layout.html", shell),
        (
            "probe.html",
            r#"{% extends "layout.html" %}{% block main %}<p data-probe></p>{% endblock main %}"#,
        ),
    ])
    .map_err(|e| fail(format!("is not a template the function can extend: {e}")))?;
    let mut ctx = tera::Context::new();
    ctx.insert("title", "probe");
    ctx.insert("referrer", "no-referrer");
    ctx.insert("site", "https://example.kz");
    ctx.insert(
        "switch",
        &serde_json::json!({"kk": "/kk", "ru": "/ru", "en": "/en"}),
    );
    let html = tera.render("probe.html", &ctx).map_err(|e| {
        fail(format!(
            "does not render with the function's variables: {e}"
        ))
    })?;
    if !html.contains("<p data-probe></p>") {
        return Err(fail("has no `main` block for the function's pages".into()));
    }
    Ok(())
}

/// The shells whose file under `dir` does not hold them yet.
pub fn stale<'a>(dir: &Path, shells: &'a Shells) -> Vec<(PathBuf, &'a str)> {
    shells
        .0
        .iter()
        .map(|(locale, text)| (file(dir, *locale), text.as_str()))
        .filter(|(path, text)| std::fs::read_to_string(path).ok().as_deref() != Some(*text))
        .collect()
}

/// Writes the stale shells.
pub fn write(dir: &Path, stale: &[(PathBuf, &str)]) -> Result<(), BuildError> {
    if stale.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| BuildError::io(dir.display(), e))?;
    for (path, text) in stale {
        std::fs::write(path, text).map_err(|e| BuildError::io(path.display(), e))?;
    }
    Ok(())
}

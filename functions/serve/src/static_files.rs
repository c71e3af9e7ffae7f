//! Static files with the production URL rules (as CloudFront's rewrite does): `/x/` serves
//! `x/index.html`, `/x` redirects to `/x/` when that is a directory, and anything else is the
//! localized `404.html` with status 404.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use std::path::{Component, Path, PathBuf};

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A request path as a relative path inside the site, refusing `..` and the like.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = path.trim_start_matches('/');
    let rel = PathBuf::from(decoded);
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(rel)
}

fn file_response(status: StatusCode, path: &Path) -> Option<Response<Body>> {
    let bytes = std::fs::read(path).ok()?;
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Some(r)
}

pub fn serve(root: &Path, path: &str) -> Response<Body> {
    if let Some(rel) = safe_relative(path) {
        let target = root.join(&rel);
        if path.ends_with('/') || path.is_empty() {
            if let Some(r) = file_response(StatusCode::OK, &target.join("index.html")) {
                return r;
            }
        } else if target.is_file() {
            if let Some(r) = file_response(StatusCode::OK, &target) {
                return r;
            }
        } else if target.join("index.html").is_file() {
            // The Location is built from the cleaned path: `//privacy` must not become the
            // protocol-relative `//privacy/` (another host).
            let clean: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
            if let Ok(v) = HeaderValue::from_str(&format!("/{}/", clean.join("/"))) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
    }
    // The 404 of the locale the path is in, else the trilingual one.
    let locale = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let localized = root.join(locale).join("404.html");
    let page = if ["kk", "ru", "en"].contains(&locale) && localized.is_file() {
        localized
    } else {
        root.join("404.html")
    };
    file_response(StatusCode::NOT_FOUND, &page).unwrap_or_else(|| {
        let mut r = Response::new(Body::from("not found"));
        *r.status_mut() = StatusCode::NOT_FOUND;
        r
    })
}

//! Live preview: every page `serve` sends gets a small script that waits for the next build
//! and reloads; while the last build failed, every page is an error page listing the errors
//! with file and line (as `hugo server` and `zola serve` do). The script is injected only
//! into responses of `serve`, never into the built site.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::watch;

/// Path prefix of `serve`'s own endpoints (never a page: `__` is not a valid page name).
pub const PREFIX: &str = "/__serve/";

/// How long a wait request is held before it answers "no change" and the script asks again.
const HOLD: Duration = Duration::from_secs(25);

/// The script: wait for a build newer than the one this page came from, then reload.
const SCRIPT: &str = r#"// serve's live reload (not part of the built site).
(() => {
  const me = document.currentScript;
  let generation = new URL(me.src).searchParams.get('g');
  async function wait() {
    for (;;) {
      try {
        const r = await fetch('/__serve/wait?g=' + generation, { cache: 'no-store' });
        const now = (await r.json()).generation;
        if (String(now) !== String(generation)) { location.reload(); return; }
      } catch (e) {
        // serve restarting: try again shortly.
        await new Promise((ok) => setTimeout(ok, 1000));
      }
    }
  }
  wait();
})();
"#;

/// The state of the last build, shared by the watcher and the server.
pub struct Live {
    generation: watch::Sender<u64>,
    failure: Mutex<Option<String>>,
}

impl Live {
    pub fn new() -> Live {
        Live {
            generation: watch::channel(0).0,
            failure: Mutex::new(None),
        }
    }

    fn finish(&self, failure: Option<String>) {
        if let Ok(mut f) = self.failure.lock() {
            *f = failure;
        }
        self.generation.send_modify(|g| *g += 1);
    }

    /// A build succeeded: pages are served again, and open pages reload.
    pub fn succeeded(&self) {
        self.finish(None);
    }

    /// A build failed: pages become the error page, and open pages reload to show it.
    pub fn failed(&self, errors: String) {
        self.finish(Some(errors));
    }

    pub fn generation(&self) -> u64 {
        *self.generation.borrow()
    }

    pub fn failure(&self) -> Option<String> {
        self.failure.lock().ok().and_then(|f| f.clone())
    }

    /// Answers `GET /__serve/wait?g=N` once the generation differs from N (or after a
    /// while, with the same one).
    pub async fn wait(&self, seen: Option<u64>) -> Response<Body> {
        let mut rx = self.generation.subscribe();
        if seen == Some(*rx.borrow_and_update()) {
            let _ = tokio::time::timeout(HOLD, rx.changed()).await;
        }
        let body = format!("{{\"generation\":{}}}", *rx.borrow());
        let mut r = Response::new(Body::from(body));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }

    /// The script tag for a page of the current generation.
    fn tag(&self) -> String {
        format!(
            "<script src=\"{PREFIX}live.js?g={}\" defer></script>",
            self.generation()
        )
    }

    /// An HTML page with the live script before `</body>`.
    pub fn inject(&self, html: &[u8]) -> Vec<u8> {
        let tag = self.tag();
        let text = String::from_utf8_lossy(html);
        match text.rfind("</body>") {
            Some(at) => format!("{}{tag}\n{}", &text[..at], &text[at..]).into_bytes(),
            None => format!("{text}{tag}").into_bytes(),
        }
    }

    /// The page shown instead of every page while the last build failed.
    pub fn error_page(&self, errors: &str) -> Response<Body> {
        let items: String = errors
            .lines()
            .map(|l| format!("<li><code>{}</code></li>\n", escape(l)))
            .collect();
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>Build failed — serve</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;\
             margin:2rem auto;max-width:60rem;padding:0 1rem}}h1{{color:#a40000}}li{{margin:.5rem 0}}\
             code{{white-space:pre-wrap;word-break:break-word}}</style>\n</head>\n<body>\n\
             <main>\n<h1>The site did not build</h1>\n<p>Fix the errors below and save: this page \
             reloads by itself. The last good site is kept in the output directory.</p>\n\
             <ol class=\"build-errors\">\n{items}</ol>\n</main>\n{}\n</body>\n</html>\n",
            self.tag()
        );
        let mut r = Response::new(Body::from(html));
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }

    /// `serve`'s own endpoints: the script and the wait.
    pub async fn endpoint(&self, path: &str, query: Option<&str>) -> Response<Body> {
        match path.strip_prefix(PREFIX) {
            Some("live.js") => {
                let mut r = Response::new(Body::from(SCRIPT));
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/javascript; charset=utf-8"),
                );
                r
            }
            Some("wait") => {
                let seen = query
                    .unwrap_or("")
                    .split('&')
                    .find_map(|p| p.strip_prefix("g="))
                    .and_then(|g| g.parse().ok());
                self.wait(seen).await
            }
            _ => {
                let mut r = Response::new(Body::from("not found"));
                *r.status_mut() = StatusCode::NOT_FOUND;
                r
            }
        }
    }
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Whether a response is an HTML page (the ones that get the script).
pub fn is_html(r: &Response<Body>) -> bool {
    r.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body_with_the_generation() {
        let live = Live::new();
        live.succeeded();
        let html = String::from_utf8(live.inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert_eq!(
            html,
            "<html><body><p>x</p><script src=\"/__serve/live.js?g=1\" defer></script>\n</body></html>"
        );
    }

    #[tokio::test]
    async fn a_wait_answers_when_the_next_build_ends() {
        let live = std::sync::Arc::new(Live::new());
        let waiter = {
            let live = live.clone();
            tokio::spawn(async move { live.wait(Some(0)).await })
        };
        live.failed("content/ru/privacy.md:3 (ru): <oops>".into());
        let r = waiter.await.unwrap();
        let body = axum::body::to_bytes(r.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], b"{\"generation\":1}");
        let page = live.error_page(&live.failure().unwrap());
        assert_eq!(page.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(page.into_body(), 4096).await.unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            text.contains("content/ru/privacy.md:3 (ru): &lt;oops&gt;"),
            "{text}"
        );
    }
}

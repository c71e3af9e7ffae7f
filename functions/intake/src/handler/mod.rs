//! The one HTTP handler of the function; the Lambda and the local `serve` both call
//! [`handle`], which never fails and never panics on any input. Routes:
//! `POST /requests` (+ CORS preflight) in `submit`, `GET /requests/{id}` and
//! `GET`/`POST /requests/{id}/confirm` in `status`, `POST /requests/lookup` (+ preflight) and
//! `POST /requests/{id}/confirmation` in `lookup`, `POST /meta/data-deletion` in `meta_callback`.

pub mod body;
mod form_page;
mod lookup;
mod meta_callback;
mod status;
mod submit;

use crate::app::App;
use crate::request::submission::{self, FieldErrors};
use lambda_http::http::{header, HeaderMap, Method, StatusCode};
use lambda_http::{Body, Request, RequestExt, Response};
use policy::Locale;
use serde_json::json;
use std::time::Instant;

pub const PATH: &str = "/requests";

/// A 500 for a response that could not be built (a header value the function made itself
/// was invalid: a bug), built from parts that cannot fail, and logged.
fn internal_error(e: &lambda_http::http::Error) -> Response<Body> {
    tracing::error!(error = %e, "response could not be built");
    let mut r = Response::new(Body::from("500 Internal Server Error"));
    *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    r
}

/// How the client wants its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Client {
    Json,
    Html,
}

pub(super) struct Ctx<'a> {
    app: &'a App,
    client: Client,
    locale: Locale,
    cors_origin: Option<String>,
    /// What a new request's e-mails did, for its log line.
    delivered: Option<crate::resend::Delivered>,
    /// The request's raw query (the language switcher keeps it).
    query: String,
}

pub(super) fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

pub(super) fn body_bytes(body: &Body) -> &[u8] {
    match body {
        Body::Empty => &[],
        Body::Text(t) => t.as_bytes(),
        Body::Binary(b) => b,
        _ => &[],
    }
}

/// The platform's receipt time (`requestContext.timeEpoch`), else now.
pub(super) fn receipt_time(req: &Request) -> jiff::Timestamp {
    use lambda_http::request::RequestContext;
    let millis = match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(c)) => Some(c.time_epoch),
        Some(RequestContext::ApiGatewayV1(c)) => Some(c.request_time_epoch),
        _ => None,
    };
    millis
        .filter(|m| *m > 0)
        .and_then(|m| jiff::Timestamp::from_millisecond(m).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// The header the distribution's viewer-request function sets to the viewer's address.
pub const VIEWER_ADDRESS: &str = "x-viewer-address";
/// The header CloudFront adds with the deployment's `ORIGIN_VERIFY_SECRET`.
pub const ORIGIN_VERIFY: &str = "x-origin-verify";

/// The address the request came from, for the per-source limits only (as a keyed hash;
/// never logged).
///
/// Behind CloudFront the platform's `sourceIp` is the edge's, shared by every visitor it
/// serves. So when the request carries `X-Origin-Verify` with the deployment's secret (it came
/// through the distribution, whose function sets `X-Viewer-Address` and overwrites any the
/// visitor sent), that address is the visitor's. Otherwise, a direct call to the API or a local
/// run, it is the platform's: `requestContext.http.sourceIp` /
/// `requestContext.identity.sourceIp` (`serve` sets the peer's). A forged `X-Viewer-Address`
/// without the secret changes nothing.
fn source_ip<'r>(
    req: &'r Request,
    verify: Option<&crate::config::OriginVerify>,
) -> Option<&'r str> {
    use lambda_http::request::RequestContext;
    let headers = req.headers();
    let through_cloudfront = verify.is_some_and(|v| {
        headers
            .get(ORIGIN_VERIFY)
            .is_some_and(|h| v.matches(h.as_bytes()))
    });
    if through_cloudfront {
        let viewer = headers
            .get(VIEWER_ADDRESS)
            .and_then(|h| h.to_str().ok())
            .map(str::trim)
            .filter(|a| a.parse::<std::net::IpAddr>().is_ok());
        match viewer {
            Some(address) => return Some(address),
            // The distribution's function did not run: its behaviour lacks it.
            None => tracing::warn!(
                "a request through CloudFront without a valid X-Viewer-Address: the edge's \
                 address applies"
            ),
        }
    }
    match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(c)) => c.http.source_ip.as_deref(),
        Some(RequestContext::ApiGatewayV1(c)) => c.identity.source_ip.as_deref(),
        _ => None,
    }
}

pub(super) fn log(
    id: &str,
    kind: &str,
    locale: Locale,
    outcome: &str,
    status: StatusCode,
    started: Instant,
) {
    tracing::info!(
        id,
        r#type = kind,
        locale = locale.code(),
        outcome,
        status = status.as_u16(),
        latency_ms = started.elapsed().as_millis() as u64,
        "request"
    );
}

/// The path without the API stage that REST API events carry (`/prod/requests`).
fn route_path(req: &Request) -> String {
    use lambda_http::request::RequestContext;
    let path = req.uri().path();
    let stage = match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV1(c)) => c.stage.clone(),
        Some(RequestContext::ApiGatewayV2(c)) => c.stage.clone(),
        _ => None,
    };
    match stage.filter(|s| s != "$default") {
        Some(stage) => path
            .strip_prefix(&format!("/{stage}"))
            .filter(|rest| rest.starts_with('/'))
            .unwrap_or(path)
            .to_string(),
        None => path.to_string(),
    }
}

/// Whether every `charset` parameter of a Content-Type, wherever it stands and however it is
/// spaced or quoted, is UTF-8 (none at all means UTF-8).
pub(super) fn charset_is_utf8(content_type: &str) -> bool {
    content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("charset"))
        .all(|(_, value)| {
            value
                .trim()
                .trim_matches('"')
                .trim()
                .eq_ignore_ascii_case("utf-8")
        })
}

/// The `Origin` header: absent, or an exact origin (`scheme://host[:port]` as browsers
/// serialize it: ASCII, lower case, no default port, no path, userinfo, query or fragment),
/// else refused. Never echoed: an allowed one is answered with the configured value.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum OriginHeader {
    Absent,
    Valid(String),
    Invalid,
}

pub(super) fn origin_header(headers: &HeaderMap) -> OriginHeader {
    let mut values = headers.get_all(header::ORIGIN).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return if headers.contains_key(header::ORIGIN) {
            OriginHeader::Invalid
        } else {
            OriginHeader::Absent
        };
    };
    let Ok(text) = value.to_str() else {
        return OriginHeader::Invalid;
    };
    match url::Url::parse(text) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.origin().ascii_serialization() == text =>
        {
            OriginHeader::Valid(text.to_string())
        }
        _ => OriginHeader::Invalid,
    }
}

/// The media type of the body, lower-cased without parameters, and the whole header.
pub(super) fn content_type(headers: &HeaderMap) -> (String, String) {
    let content_type = header_str(headers, header::CONTENT_TYPE)
        .unwrap_or("")
        .to_ascii_lowercase();
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    (media, content_type)
}

impl<'a> Ctx<'a> {
    /// How to answer this client: JSON or HTML, in the language of its `Accept-Language`
    /// until the body names one.
    fn for_headers(app: &'a App, headers: &HeaderMap, media: &str) -> Ctx<'a> {
        let accept = header_str(headers, header::ACCEPT).unwrap_or("");
        let client = if accept.contains("application/json") || media == "application/json" {
            Client::Json
        } else if accept.contains("text/html") {
            Client::Html
        } else {
            Client::Json
        };
        Ctx {
            app,
            client,
            locale: submission::pick_locale(None, header_str(headers, header::ACCEPT_LANGUAGE)),
            cors_origin: None,
            delivered: None,
            query: String::new(),
        }
    }
}

/// A request whose body the platform could not decode (invalid base64): 400, localized like
/// every other error, nothing stored or sent.
pub fn undecodable_body(app: &App, req: &Request) -> Response<Body> {
    let (media, _) = content_type(req.headers());
    Ctx::for_headers(app, req.headers(), &media).error(
        StatusCode::BAD_REQUEST,
        "invalid_encoding",
        "error-encoding",
        None,
    )
}

/// A request whose body did not arrive in time (`serve` reads bodies with a bound): 408,
/// localized, nothing stored or sent.
pub fn incomplete_body(app: &App, req: &Request) -> Response<Body> {
    let (media, _) = content_type(req.headers());
    let mut r = Ctx::for_headers(app, req.headers(), &media).error(
        StatusCode::REQUEST_TIMEOUT,
        "body_timeout",
        "error-body-timeout",
        None,
    );
    r.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    r
}

/// Where a request goes, by path.
#[derive(Debug, PartialEq, Eq)]
enum Route<'p> {
    Requests,
    /// `/requests/lookup`: never a status page (ids start with `ip-`).
    Lookup,
    Status(&'p str),
    Confirm(&'p str),
    /// `/requests/{id}/confirmation`: send the confirmation e-mail again.
    Reconfirm(&'p str),
    Meta,
    NotFound,
}

impl<'p> Route<'p> {
    /// Exact paths only: one optional trailing slash, no empty segments (`/requests//` is not
    /// `/requests`).
    fn of(path: &'p str) -> Route<'p> {
        let path = match path.strip_suffix('/') {
            Some(p) if !p.is_empty() => p,
            _ => path,
        };
        if path == crate::meta::PATH {
            return Route::Meta;
        }
        let Some(rest) = path.strip_prefix(PATH) else {
            return Route::NotFound;
        };
        if rest.is_empty() {
            return Route::Requests;
        }
        let Some(rest) = rest.strip_prefix('/') else {
            return Route::NotFound;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Route::NotFound;
        }
        match parts.as_slice() {
            ["lookup"] => Route::Lookup,
            [id] => Route::Status(id),
            [id, "confirm"] => Route::Confirm(id),
            [id, "confirmation"] => Route::Reconfirm(id),
            _ => Route::NotFound,
        }
    }
}

/// A query parameter, from the URI (serve and both API payloads carry the raw query).
fn query_param(req: &Request, name: &str) -> Option<String> {
    req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    })
}

/// Whether `origin` is the function's own (its `Host`, under the scheme the platform says it
/// was reached by): a form the function showed again, at the API's origin, posts from there.
/// A cross-site page cannot send it.
fn is_own_origin(headers: &HeaderMap, origin: &str) -> bool {
    let Some(host) = header_str(headers, header::HOST) else {
        return false;
    };
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("https");
    origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
}

pub async fn handle(app: &App, req: Request) -> Response<Body> {
    let started = Instant::now();
    let path = route_path(&req);
    let (media, _) = content_type(req.headers());
    let mut ctx = Ctx::for_headers(app, req.headers(), &media);
    ctx.query = req.uri().query().unwrap_or_default().to_string();
    let (allow, outcome) = match (Route::of(&path), req.method()) {
        (Route::Requests, _) => return requests(ctx, req, started).await,
        (Route::Status(id), &Method::GET | &Method::HEAD) => {
            return ctx.status_page(&req, id, started).await
        }
        // GET and HEAD (mail scanners, link checkers) only show the page with its button;
        // only the button's POST confirms.
        (Route::Confirm(id), &Method::GET | &Method::HEAD) => {
            return ctx.confirm_page(&req, id, started).await
        }
        (Route::Confirm(id), &Method::POST) => return ctx.confirm(&req, id, started).await,
        (Route::Meta, &Method::POST) => return ctx.meta_callback(&req, started).await,
        (Route::Lookup, _) => return ctx.lookup(&req, started).await,
        (Route::Reconfirm(id), &Method::POST) => {
            return ctx.resend_confirmation(&req, id, started).await
        }
        (Route::Reconfirm(_), _) => ("POST", "method_not_allowed"),
        (Route::Status(_), _) => ("GET, HEAD", "method_not_allowed"),
        (Route::Confirm(_), _) => ("GET, HEAD, POST", "method_not_allowed"),
        (Route::Meta, _) => ("POST", "method_not_allowed"),
        (Route::NotFound, _) => ("", "not_found"),
    };
    let r = if allow.is_empty() {
        ctx.client = ctx.page_client(&req);
        ctx.not_found()
    } else {
        ctx.method_not_allowed(allow)
    };
    log("-", "-", ctx.locale, outcome, r.status(), started);
    r
}

/// `/requests`: the submission and its CORS preflight.
async fn requests(mut ctx: Ctx<'_>, req: Request, started: Instant) -> Response<Body> {
    let app = ctx.app;
    let headers = req.headers();
    let (media, content_type) = content_type(headers);
    let accept_language = header_str(headers, header::ACCEPT_LANGUAGE);
    let origin = match origin_header(headers) {
        OriginHeader::Absent => None,
        OriginHeader::Valid(o) if is_own_origin(headers, &o) => Some(Some(o)),
        OriginHeader::Valid(o) => Some(app.settings.allowed_origins.get(&o).cloned()),
        OriginHeader::Invalid => Some(None),
    };
    // None: no Origin (not a browser's cross-site request); Some(None): refused.
    let allowed = origin.as_ref().map(Option::is_some);
    let origin = origin.flatten();
    match *req.method() {
        Method::OPTIONS => {
            let r = ctx.preflight(origin.as_deref());
            log("-", "-", ctx.locale, "preflight", r.status(), started);
            r
        }
        Method::POST => {
            if allowed == Some(false) {
                let r = ctx.error(
                    StatusCode::FORBIDDEN,
                    "forbidden_origin",
                    "error-origin",
                    None,
                );
                log(
                    "-",
                    "-",
                    ctx.locale,
                    "forbidden_origin",
                    r.status(),
                    started,
                );
                return r;
            }
            if allowed == Some(true) {
                ctx.cors_origin = origin;
            }
            let (outcome, id, kind, r) = ctx
                .submit(&req, &media, &content_type, accept_language)
                .await;
            match ctx.delivered {
                Some(d) => tracing::info!(
                    id,
                    r#type = kind,
                    locale = ctx.locale.code(),
                    outcome,
                    ack = d.ack.0.as_str(),
                    notice = d.notice.0.as_str(),
                    status = r.status().as_u16(),
                    latency_ms = started.elapsed().as_millis() as u64,
                    "request"
                ),
                None => log(&id, kind, ctx.locale, outcome, r.status(), started),
            }
            r
        }
        _ => {
            let r = ctx.method_not_allowed("POST, OPTIONS");
            log(
                "-",
                "-",
                ctx.locale,
                "method_not_allowed",
                r.status(),
                started,
            );
            r
        }
    }
}

impl Ctx<'_> {
    /// The visitor's address for the per-source limits ([`source_ip`] with this deployment's
    /// secret).
    fn visitor_address<'r>(&self, req: &'r Request) -> Option<&'r str> {
        source_ip(req, self.app.settings.origin_verify.as_ref())
    }

    fn t(&self, key: &str) -> String {
        self.format(key, &[])
    }

    /// A message in the answer's language. The catalogue is complete in every language
    /// (checked at start-up), so a miss is a bug: it is logged with its key and language,
    /// and the key stands in the answer so the status code and the rest still reach the
    /// visitor.
    fn format(&self, key: &str, args: &[(&str, fluent_bundle::FluentValue)]) -> String {
        match self.app.content.catalog.format(self.locale, key, args) {
            Ok(text) => text,
            Err(e) => {
                tracing::error!(key, locale = self.locale.code(), error = %e, "message missing");
                key.to_string()
            }
        }
    }

    fn respond(&self, status: StatusCode, content_type: &str, body: String) -> Response<Body> {
        let mut builder = Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CACHE_CONTROL, "no-store")
            .header(header::CONTENT_LANGUAGE, self.locale.code())
            .header("x-content-type-options", "nosniff");
        if let Some(origin) = &self.cors_origin {
            builder = builder
                .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.as_str())
                .header(header::VARY, "Origin");
        }
        builder
            .body(Body::from(body))
            .unwrap_or_else(|e| internal_error(&e))
    }

    /// 503 "please try again": the store failed or timed out; nothing was changed or sent.
    fn unavailable(&self) -> Response<Body> {
        self.error(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "error-unavailable",
            None,
        )
    }

    /// 405 with the methods the route allows.
    pub(super) fn method_not_allowed(&self, allow: &'static str) -> Response<Body> {
        let mut r = self.error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "error-method",
            None,
        );
        r.headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static(allow));
        r
    }

    /// `origin` is the configured origin that matched the request's, if one did.
    fn preflight(&self, origin: Option<&str>) -> Response<Body> {
        match origin {
            Some(o) => Response::builder()
                .status(StatusCode::NO_CONTENT)
                .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, o)
                .header(header::ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS")
                .header(header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type, accept")
                .header(header::ACCESS_CONTROL_MAX_AGE, "600")
                .header(header::VARY, "Origin")
                .body(Body::Empty)
                .unwrap_or_else(|e| internal_error(&e)),
            None => self.error(
                StatusCode::FORBIDDEN,
                "forbidden_origin",
                "error-origin",
                None,
            ),
        }
    }

    fn field_messages(&self, errors: &FieldErrors) -> serde_json::Map<String, serde_json::Value> {
        errors
            .iter()
            .map(|(field, code)| {
                (
                    field.to_string(),
                    json!(self.t(&format!("field-{field}-{code}"))),
                )
            })
            .collect()
    }

    fn error(
        &self,
        status: StatusCode,
        code: &str,
        message_key: &str,
        fields: Option<&FieldErrors>,
    ) -> Response<Body> {
        let message = self.t(message_key);
        let fields = fields.map(|f| self.field_messages(f)).unwrap_or_default();
        match self.client {
            Client::Json => {
                let body = json!({"error": {"code": code, "message": message, "fields": fields}});
                self.respond(status, "application/json; charset=utf-8", body.to_string())
            }
            Client::Html => {
                let mut ctx = tera::Context::new();
                ctx.insert("code", code);
                ctx.insert("title", &self.t("error-page-title"));
                ctx.insert("message", &message);
                let items: Vec<&str> = fields.values().filter_map(|v| v.as_str()).collect();
                ctx.insert("items", &items);
                ctx.insert("back", &self.t("error-back"));
                ctx.insert(
                    "back_url",
                    &format!(
                        "{}/{}/data-deletion/#request-form",
                        self.app.settings.site_url,
                        self.locale.code()
                    ),
                );
                ctx.insert("switch", &self.site_page_switch("data-deletion/"));
                self.html_page(status, "error.html", ctx)
            }
        }
    }

    /// The switcher's links to a page of the site (`rest` after the language) in each
    /// language: for the answers to a POST, whose URL shows nothing by GET.
    pub(super) fn site_page_switch(
        &self,
        rest: &str,
    ) -> serde_json::Map<String, serde_json::Value> {
        Locale::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_string(),
                    json!(format!(
                        "{}/{}/{rest}",
                        self.app.settings.site_url,
                        l.code()
                    )),
                )
            })
            .collect()
    }

    /// A page of the function's own, with the headers every one of them has: it cannot be
    /// framed, is not indexed, and sends the referrer its `security` allows (its URL may
    /// hold an id or a token).
    fn respond_html_as(
        &self,
        status: StatusCode,
        html: String,
        security: crate::pages::PageSecurity,
    ) -> Response<Body> {
        let mut r = self.respond(status, "text/html; charset=utf-8", html);
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            self.app.pages.csp(security).clone(),
        );
        for (name, value) in [
            ("referrer-policy", security.referrer),
            ("x-robots-tag", "noindex, nofollow"),
            ("x-frame-options", "DENY"),
        ] {
            h.insert(name, header::HeaderValue::from_static(value));
        }
        r
    }

    /// 429 for a source past its limit, with when its window ends; nothing stored.
    fn rate_limited(&self, until: i64, now: i64) -> Response<Body> {
        let mut r = self.error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "error-rate-limited",
            None,
        );
        let seconds = (until - now).clamp(1, crate::limits::SOURCE_WINDOW_SECONDS);
        if let Ok(v) = header::HeaderValue::from_str(&seconds.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::{charset_is_utf8, origin_header, source_ip, OriginHeader, Route};
    use lambda_http::http::{header, HeaderMap, HeaderValue};

    #[test]
    fn the_viewers_address_is_believed_only_beside_the_secret() {
        let secret = "0123456789abcdef0123456789abcdef";
        let verify = crate::config::OriginVerify::new(secret).unwrap();
        let event = |headers: serde_json::Value| {
            let e = serde_json::json!({
                "version": "2.0", "routeKey": "$default", "rawPath": "/requests",
                "rawQueryString": "", "headers": headers,
                "requestContext": {
                    "accountId": "1", "apiId": "a", "domainName": "a.example", "domainPrefix": "a",
                    "http": {"method": "POST", "path": "/requests", "protocol": "HTTP/1.1",
                             "sourceIp": "130.176.0.1", "userAgent": "t"},
                    "requestId": "r", "routeKey": "$default", "stage": "$default",
                    "time": "01/Dec/2026:00:00:00 +0000", "timeEpoch": 1
                },
                "isBase64Encoded": false
            });
            lambda_http::request::from_str(&e.to_string()).unwrap()
        };
        let through = event(serde_json::json!({
            "x-origin-verify": secret, "x-viewer-address": "203.0.113.10"
        }));
        assert_eq!(source_ip(&through, Some(&verify)), Some("203.0.113.10"));
        // Not configured (a local run): the platform's address.
        assert_eq!(source_ip(&through, None), Some("130.176.0.1"));
        for headers in [
            serde_json::json!({"x-viewer-address": "203.0.113.10"}),
            serde_json::json!({"x-origin-verify": "0123456789abcdef0123456789abcdeX",
                               "x-viewer-address": "203.0.113.10"}),
            serde_json::json!({"x-origin-verify": secret, "x-viewer-address": "not an address"}),
            serde_json::json!({"x-origin-verify": secret}),
        ] {
            let req = event(headers.clone());
            assert_eq!(
                source_ip(&req, Some(&verify)),
                Some("130.176.0.1"),
                "{headers}"
            );
        }
    }

    #[test]
    fn origins_are_exact_or_refused() {
        let of = |v: &[u8]| {
            let mut h = HeaderMap::new();
            h.insert(header::ORIGIN, HeaderValue::from_bytes(v).unwrap());
            origin_header(&h)
        };
        assert_eq!(origin_header(&HeaderMap::new()), OriginHeader::Absent);
        for good in [
            "https://interpay.kz",
            "http://127.0.0.1:8080",
            "https://xn--80a.kz",
        ] {
            assert_eq!(
                of(good.as_bytes()),
                OriginHeader::Valid(good.into()),
                "{good}"
            );
        }
        for bad in [
            "https://interpay.kz/",
            "https://a@interpay.kz",
            "https://interpay.kz:443",
            "HTTPS://interpay.kz",
            "https://интерпей.kz",
            "null",
            "ftp://interpay.kz",
        ] {
            assert_eq!(of(bad.as_bytes()), OriginHeader::Invalid, "{bad}");
        }
        assert_eq!(of(b"https://interpay.kz\xc3\xa9"), OriginHeader::Invalid);
        let mut two = HeaderMap::new();
        two.append(
            header::ORIGIN,
            HeaderValue::from_static("https://interpay.kz"),
        );
        two.append(
            header::ORIGIN,
            HeaderValue::from_static("https://interpay.kz"),
        );
        assert_eq!(origin_header(&two), OriginHeader::Invalid);
    }

    #[test]
    fn every_charset_parameter_is_checked() {
        assert!(charset_is_utf8("application/json"));
        assert!(charset_is_utf8("application/json; charset=utf-8"));
        assert!(charset_is_utf8("application/json;CHARSET=\"UTF-8\""));
        assert!(!charset_is_utf8("application/json; charset = latin1"));
        assert!(!charset_is_utf8(
            "application/json; charset=utf-8; charset=latin1"
        ));
        assert!(!charset_is_utf8("application/json; q=1;\tcharset=koi8-r"));
    }

    #[test]
    fn routes() {
        for (path, route) in [
            ("/requests", Route::Requests),
            ("/requests/", Route::Requests),
            ("/requests/ip-1", Route::Status("ip-1")),
            ("/requests/ip-1/", Route::Status("ip-1")),
            ("/requests/ip-1/confirm", Route::Confirm("ip-1")),
            ("/requests/ip-1/confirm/", Route::Confirm("ip-1")),
            ("/requests/lookup", Route::Lookup),
            ("/requests/lookup/", Route::Lookup),
            ("/requests/ip-1/confirmation", Route::Reconfirm("ip-1")),
            ("/requests/ip-1/confirmation/", Route::Reconfirm("ip-1")),
            ("/requests/lookup/confirm", Route::Confirm("lookup")),
            ("/requests/Lookup", Route::Status("Lookup")),
            ("/requests//lookup", Route::NotFound),
            ("/requests/lookup/x", Route::NotFound),
            ("/meta/data-deletion", Route::Meta),
            ("/meta/data-deletion/", Route::Meta),
            ("/requests//", Route::NotFound),
            ("//requests", Route::NotFound),
            ("/requests//ip-1", Route::NotFound),
            ("/requests/ip-1//confirm", Route::NotFound),
            ("/meta//data-deletion", Route::NotFound),
            ("/requestsx", Route::NotFound),
            ("/requests/ip-1/other", Route::NotFound),
            ("/requests/a/b/c", Route::NotFound),
            ("/meta", Route::NotFound),
            ("/", Route::NotFound),
        ] {
            assert_eq!(Route::of(path), route, "{path}");
        }
    }
}

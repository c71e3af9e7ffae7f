//! The one HTTP handler: `POST /requests` and its CORS preflight. The Lambda and the local
//! `serve` both call [`handle`]; it never fails and never panics on any input.

use crate::app::App;
use crate::form::{self, BodyKind, FieldErrors, ParseError, Submission};
use crate::record::{AckStatus, RequestRecord};
use crate::store::Created;
use lambda_http::http::{header, HeaderMap, Method, StatusCode};
use lambda_http::{Body, Request, RequestExt, Response};
use policy::{DeadlineRule, Locale};
use serde_json::json;
use std::time::Instant;

pub const PATH: &str = "/requests";

/// How the client wants its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Client {
    Json,
    Html,
}

struct Ctx<'a> {
    app: &'a App,
    client: Client,
    locale: Locale,
    cors_origin: Option<String>,
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn body_bytes(body: &Body) -> &[u8] {
    match body {
        Body::Empty => &[],
        Body::Text(t) => t.as_bytes(),
        Body::Binary(b) => b,
        _ => &[],
    }
}

/// The platform's receipt time (`requestContext.timeEpoch`), else now.
fn receipt_time(req: &Request) -> jiff::Timestamp {
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

fn log(id: &str, kind: &str, locale: Locale, outcome: &str, status: StatusCode, started: Instant) {
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

/// The media type of the body, lower-cased without parameters, and the whole header.
fn content_type(headers: &HeaderMap) -> (String, String) {
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
            locale: form::pick_locale(None, header_str(headers, header::ACCEPT_LANGUAGE)),
            cors_origin: None,
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

pub async fn handle(app: &App, req: Request) -> Response<Body> {
    let started = Instant::now();
    let headers = req.headers();
    let (media, content_type) = content_type(headers);
    let accept_language = header_str(headers, header::ACCEPT_LANGUAGE);
    let mut ctx = Ctx::for_headers(app, headers, &media);
    let origin = header_str(headers, header::ORIGIN).map(str::to_string);
    let path = route_path(&req);
    if path != PATH && path != "/requests/" {
        let r = ctx.error(StatusCode::NOT_FOUND, "not_found", "error-not-found", None);
        log("-", "-", ctx.locale, "not_found", r.status(), started);
        return r;
    }
    let allowed = origin.as_deref().map(|o| {
        crate::config::normalize_origin(o)
            .is_some_and(|n| app.settings.allowed_origins.contains(&n))
    });
    match *req.method() {
        Method::OPTIONS => {
            let r = ctx.preflight(origin.as_deref(), allowed == Some(true));
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
            log(&id, kind, ctx.locale, outcome, r.status(), started);
            r
        }
        _ => {
            let mut r = ctx.error(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "error-method",
                None,
            );
            r.headers_mut().insert(
                header::ALLOW,
                header::HeaderValue::from_static("POST, OPTIONS"),
            );
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
    fn t(&self, key: &str) -> String {
        // The catalogue is checked at start-up and by tests; a miss would be a bug, not input.
        self.app
            .catalog
            .text(self.locale, key)
            .unwrap_or_else(|_| key.to_string())
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
            .unwrap_or_else(|_| Response::new(Body::Empty))
    }

    fn preflight(&self, origin: Option<&str>, allowed: bool) -> Response<Body> {
        match origin {
            Some(o) if allowed => Response::builder()
                .status(StatusCode::NO_CONTENT)
                .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, o)
                .header(header::ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS")
                .header(header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type, accept")
                .header(header::ACCESS_CONTROL_MAX_AGE, "600")
                .header(header::VARY, "Origin")
                .body(Body::Empty)
                .unwrap_or_else(|_| Response::new(Body::Empty)),
            _ => self.error(
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
                let esc = |s: &str| {
                    let mut out = String::with_capacity(s.len());
                    // Writing into a String cannot fail.
                    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
                    out
                };
                let items: String = fields
                    .values()
                    .filter_map(|v| v.as_str())
                    .map(|m| format!("<li>{}</li>", esc(m)))
                    .collect();
                let back = format!(
                    "{}/{}/data-deletion/#request-form",
                    self.app.settings.site_url,
                    self.locale.code()
                );
                let html = format!(
                    "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\n<body>\n<main>\n<h1>{title}</h1>\n<p>{message}</p>\n{list}<p><a href=\"{back}\">{back_text}</a></p>\n</main>\n</body>\n</html>\n",
                    lang = self.locale.code(),
                    title = esc(&self.t("error-page-title")),
                    message = esc(&message),
                    list = if items.is_empty() { String::new() } else { format!("<ul>{items}</ul>\n") },
                    back = esc(&back),
                    back_text = esc(&self.t("error-back")),
                );
                self.respond(status, "text/html; charset=utf-8", html)
            }
        }
    }

    fn success(
        &self,
        status: StatusCode,
        record: &RequestRecord,
        message_key: &str,
    ) -> Response<Body> {
        match self.client {
            Client::Json => {
                let deadline_text = record
                    .deadline_date()
                    .and_then(|d| self.app.catalog.format_date(record.locale, d).ok())
                    .unwrap_or_else(|| record.deadline.clone());
                let body = json!({
                    "id": record.id,
                    "type": record.kind.as_str(),
                    "received_at": record.received_at,
                    "deadline": record.deadline,
                    "status": record.status,
                    "deadline_text": deadline_text,
                    "acknowledgement": record.ack_status.as_str(),
                    "message": self.t(message_key),
                });
                self.respond(status, "application/json; charset=utf-8", body.to_string())
            }
            Client::Html => {
                let query = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("id", &record.id)
                    .append_pair("deadline", &record.deadline)
                    .finish();
                let location = format!(
                    "{}/{}/data-deletion/received/?{query}",
                    self.app.settings.site_url,
                    record.locale.code()
                );
                let mut r = self.respond(
                    StatusCode::SEE_OTHER,
                    "text/plain; charset=utf-8",
                    String::new(),
                );
                if let Ok(v) = header::HeaderValue::from_str(&location) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                r
            }
        }
    }

    /// Returns (outcome, id, type, response) for the log line.
    async fn submit(
        &mut self,
        req: &Request,
        media: &str,
        content_type: &str,
        accept_language: Option<&str>,
    ) -> (&'static str, String, &'static str, Response<Body>) {
        let none = || "-".to_string();
        let kind = match media {
            "application/x-www-form-urlencoded" => BodyKind::Form,
            "application/json" => BodyKind::Json,
            _ => {
                let r = self.error(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "error-unsupported-media",
                    None,
                );
                return ("unsupported_media_type", none(), "-", r);
            }
        };
        if let Some(charset) = content_type
            .split(';')
            .skip(1)
            .find_map(|p| p.trim().strip_prefix("charset="))
        {
            if !charset.trim_matches('"').eq_ignore_ascii_case("utf-8") {
                let r = self.error(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_charset",
                    "error-encoding",
                    None,
                );
                return ("unsupported_media_type", none(), "-", r);
            }
        }
        let body = body_bytes(req.body());
        if body.len() > form::MAX_BODY {
            let r = self.error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "error-too-large",
                None,
            );
            return ("too_large", none(), "-", r);
        }
        let raw = match form::parse(kind, body) {
            Ok(raw) => raw,
            Err(e) => {
                let (code, key) = match e {
                    ParseError::Encoding => ("invalid_encoding", "error-encoding"),
                    ParseError::MalformedJson => ("malformed_json", "error-malformed"),
                    ParseError::MalformedForm => ("malformed_form", "error-malformed"),
                };
                let r = self.error(StatusCode::BAD_REQUEST, code, key, None);
                return ("malformed", none(), "-", r);
            }
        };
        let (locale, result) = form::validate(&raw, accept_language);
        self.locale = locale;
        let submission = match result {
            Ok(s) => s,
            Err(errors) => {
                let r = self.error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation_failed",
                    "error-invalid",
                    Some(&errors),
                );
                return ("invalid", none(), "-", r);
            }
        };
        let kind_str = submission.kind.as_str();
        let received = receipt_time(req);
        let Some(record) = self.record(&submission, received) else {
            let r = self.error(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "error-unavailable",
                None,
            );
            return ("config_error", none(), kind_str, r);
        };
        if submission.is_bot {
            // Looks accepted to the bot; nothing stored, nothing sent.
            return (
                "honeypot",
                none(),
                kind_str,
                self.success(StatusCode::CREATED, &record, "accepted"),
            );
        }
        match self.app.store.create(&record, received.as_second()).await {
            Err(e) => {
                tracing::warn!(error = e.class(), "store failed");
                let r = self.error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "error-unavailable",
                    None,
                );
                ("store_failed", none(), kind_str, r)
            }
            Ok(Created::Duplicate(first)) => {
                let r = self.success(StatusCode::OK, &first, "accepted");
                ("duplicate", first.id.clone(), kind_str, r)
            }
            Ok(Created::New) => {
                let mut record = record;
                let ack = crate::resend::acknowledge(self.app, &record).await;
                record.ack_status = ack;
                let (outcome, key) = match ack {
                    AckStatus::Sent => ("accepted", "accepted"),
                    _ => ("ack_failed", "accepted-ack-delayed"),
                };
                let r = self.success(StatusCode::CREATED, &record, key);
                (outcome, record.id.clone(), kind_str, r)
            }
        }
    }

    fn record(&self, s: &Submission, received: jiff::Timestamp) -> Option<RequestRecord> {
        let (_, fact) = self.app.facts.request_deadline(s.kind.as_str())?;
        let deadline = DeadlineRule::from(fact).compute(&self.app.calendar, received);
        if !deadline.from_published_calendar {
            tracing::warn!(
                year = deadline.receipt_date.year(),
                "no published working-day calendar for this period: fixed-date holiday rules used"
            );
        }
        Some(RequestRecord::new(
            s,
            &deadline,
            &self.app.secret,
            self.app.settings.retention_days,
        ))
    }
}

//! `POST /requests/lookup` (the site's status lookup: the short reference and the e-mail
//! address give the request's status page, one answer for every failure) and
//! `POST /requests/{id}/confirmation` (the status page's button: send the confirmation
//! e-mail again), translated to and from the request core's use cases.

use super::status::StatusView;
use super::{
    body, body_bytes, charset_is_utf8, content_type, header_str, log, origin_header, Client, Ctx,
    OriginHeader,
};
use crate::limits;
use crate::request::{self, submission, Found, RequestRecord, Resent};
use lambda_http::http::{header, Method, StatusCode};
use lambda_http::{Body, Request, Response};
use serde::Deserialize;
use serde_json::json;
use std::time::Instant;
use tera::Context;

/// The lookup form's fields (form-encoded or JSON).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LookupFields {
    reference: Option<String>,
    email: Option<String>,
    locale: Option<String>,
}

impl Ctx<'_> {
    /// `/requests/lookup`: POST and its CORS preflight; origins as for the form.
    pub(super) async fn lookup(&mut self, req: &Request, started: Instant) -> Response<Body> {
        let app = self.app;
        let origin = match origin_header(req.headers()) {
            OriginHeader::Absent => None,
            OriginHeader::Valid(o) => Some(app.settings.allowed_origins.get(&o).cloned()),
            OriginHeader::Invalid => Some(None),
        };
        let allowed = origin.as_ref().map(Option::is_some);
        let origin = origin.flatten();
        let (outcome, id, r) = match *req.method() {
            Method::OPTIONS => ("preflight", None, self.preflight(origin.as_deref())),
            Method::POST if allowed == Some(false) => (
                "forbidden_origin",
                None,
                self.error(
                    StatusCode::FORBIDDEN,
                    "forbidden_origin",
                    "error-origin",
                    None,
                ),
            ),
            Method::POST => {
                if allowed == Some(true) {
                    self.cors_origin = origin;
                }
                self.lookup_post(req).await
            }
            _ => {
                let r = self.method_not_allowed("POST, OPTIONS");
                ("method_not_allowed", None, r)
            }
        };
        log(
            id.as_deref().unwrap_or("-"),
            "-",
            self.locale,
            outcome,
            r.status(),
            started,
        );
        r
    }

    /// Returns (log outcome, request id when found, answer).
    async fn lookup_post(
        &mut self,
        req: &Request,
    ) -> (&'static str, Option<String>, Response<Body>) {
        let (media, content_type) = content_type(req.headers());
        let bytes = body_bytes(req.body());
        let fields = match media.as_str() {
            _ if !charset_is_utf8(&content_type) => Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_charset",
                "error-encoding",
            )),
            _ if bytes.len() > body::MAX_BODY => Err((
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "error-too-large",
            )),
            "application/x-www-form-urlencoded" => body::decode_form_text(bytes)
                .map(|pairs| {
                    let first = |name: &str| {
                        pairs
                            .iter()
                            .find(|(k, _)| k == name)
                            .map(|(_, v)| v.clone())
                    };
                    LookupFields {
                        reference: first("reference"),
                        email: first("email"),
                        locale: first("locale"),
                    }
                })
                .map_err(|_| {
                    (
                        StatusCode::BAD_REQUEST,
                        "invalid_encoding",
                        "error-encoding",
                    )
                }),
            "application/json" => serde_json::from_slice::<LookupFields>(bytes)
                .map_err(|_| (StatusCode::BAD_REQUEST, "malformed_json", "error-malformed")),
            _ => Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "error-unsupported-media",
            )),
        };
        let fields = match fields {
            Ok(f) => f,
            Err((status, code, key)) => {
                return ("malformed", None, self.error(status, code, key, None));
            }
        };
        self.locale = submission::pick_locale(
            fields.locale.as_deref(),
            header_str(req.headers(), header::ACCEPT_LANGUAGE),
        );
        let now = super::receipt_time(req).as_second();
        let source = limits::lookup_source_key(&self.app.keys, self.visitor_address(req));
        let found = request::lookup(
            self.app,
            fields.reference.as_deref().unwrap_or(""),
            fields.email.as_deref().unwrap_or(""),
            &source,
            now,
        )
        .await;
        match found {
            Err(e) => {
                tracing::warn!(error = e.class(), "store failed");
                ("store_failed", None, self.unavailable())
            }
            Ok(Found::Limited { until }) => {
                ("lookup_limited", None, self.lookup_limited(until, now))
            }
            Ok(Found::NotFound) => ("lookup_not_found", None, self.lookup_not_found()),
            Ok(Found::Request(record)) => {
                let url = crate::links::status_url(
                    &self.app.settings.site_url,
                    &record.id,
                    Some(self.locale),
                );
                let r = match self.client {
                    Client::Json => self.respond(
                        StatusCode::OK,
                        "application/json; charset=utf-8",
                        json!({
                            "id": record.id,
                            "reference": record.reference.as_ref().map(|x| x.grouped()),
                            "status": record.status.as_str(),
                            "status_url": url,
                        })
                        .to_string(),
                    ),
                    Client::Html => self.see_other(&url),
                };
                ("lookup_found", Some(record.id.clone()), r)
            }
        }
    }

    /// Where the site's lookup form is, to try again.
    fn lookup_form_url(&self) -> String {
        format!(
            "{}/{}/data-deletion/#status-lookup",
            self.app.settings.site_url,
            self.locale.code()
        )
    }

    /// The one answer to every failed lookup: 404, the pair was not found (never which part).
    fn lookup_not_found(&self) -> Response<Body> {
        match self.client {
            Client::Json => self.error(
                StatusCode::NOT_FOUND,
                "lookup_not_found",
                "lookup-not-found",
                None,
            ),
            Client::Html => {
                let mut ctx = Context::new();
                ctx.insert("title", &self.t("lookup-not-found-title"));
                ctx.insert("text", &self.t("lookup-not-found"));
                ctx.insert("again", &self.t("lookup-again"));
                ctx.insert("again_url", &self.lookup_form_url());
                ctx.insert("outcome", "not-found");
                self.html_page(StatusCode::NOT_FOUND, "lookup.html", ctx)
            }
        }
    }

    /// 429 past a lookup bound, with `Retry-After`.
    fn lookup_limited(&self, until: i64, now: i64) -> Response<Body> {
        let mut r = match self.client {
            Client::Json => self.error(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "lookup-limited",
                None,
            ),
            Client::Html => {
                let mut ctx = Context::new();
                ctx.insert("title", &self.t("lookup-limited-title"));
                ctx.insert("text", &self.t("lookup-limited"));
                ctx.insert("again", &self.t("lookup-again"));
                ctx.insert("again_url", &self.lookup_form_url());
                ctx.insert("outcome", "limited");
                self.html_page(StatusCode::TOO_MANY_REQUESTS, "lookup.html", ctx)
            }
        };
        retry_after(&mut r, until, now, limits::LOOKUP_WINDOW_SECONDS);
        r
    }

    /// `POST /requests/{id}/confirmation`: sends the confirmation e-mail again to the address
    /// on file (no token: it reveals nothing to whoever presses it). Checks as for the
    /// confirmation button: `Origin` absent, allowed or the site's own; a UTF-8 form body
    /// (its fields are not read).
    pub(super) async fn resend_confirmation(
        &mut self,
        req: &Request,
        id: &str,
        started: Instant,
    ) -> Response<Body> {
        if let Some(r) = self.begin_confirm_post(req, started) {
            return r;
        }
        let now = jiff::Timestamp::now().as_second();
        let source = limits::resend_source_key(&self.app.keys, self.visitor_address(req));
        let resent = match request::resend_confirmation(self.app, id, &source, now).await {
            Ok(r) => r,
            Err(e) => return self.store_failed(req, &e, started),
        };
        let record = match &resent {
            Resent::Sent(r) | Resent::NotNeeded(r) | Resent::Failed(r) => Some(r.as_ref()),
            Resent::NotFound | Resent::Limited { .. } => None,
        };
        let record = match record {
            Some(r) => Some(r.clone()),
            // The limit's page shows the request too.
            None if matches!(resent, Resent::Limited { .. }) => {
                self.app.store.get(id).await.ok().flatten()
            }
            None => None,
        };
        self.locale = self.page_locale(req, record.as_ref());
        let (outcome, r) = match (&resent, record) {
            (Resent::NotFound, _) | (_, None) => {
                let r = self.not_found();
                ("not_found", r)
            }
            (Resent::Sent(_), Some(record)) => ("confirmation_resent", self.resent_answer(&record)),
            (Resent::NotNeeded(_), Some(record)) => {
                let r = match self.client {
                    Client::Json => self.respond(
                        StatusCode::CONFLICT,
                        "application/json; charset=utf-8",
                        json!({"outcome": "not_needed", "id": record.id, "status": record.status.as_str(), "confirmed": record.is_confirmed()}).to_string(),
                    ),
                    Client::Html => self.see_other(&crate::links::status_url(
                        &self.app.settings.site_url,
                        &record.id,
                        Some(self.locale),
                    )),
                };
                ("confirmation_not_needed", r)
            }
            (Resent::Limited { until }, Some(record)) => {
                let mut r = match self.client {
                    Client::Json => self.error(
                        StatusCode::TOO_MANY_REQUESTS,
                        "rate_limited",
                        "status-resend-limited",
                        None,
                    ),
                    Client::Html => self.status_after_post(
                        &record,
                        ("limited", "status-resend-limited"),
                        StatusCode::TOO_MANY_REQUESTS,
                    ),
                };
                retry_after(&mut r, *until, now, limits::RESEND_WINDOW_SECONDS);
                ("confirmation_limited", r)
            }
            (Resent::Failed(_), Some(record)) => {
                let r = match self.client {
                    Client::Json => self.unavailable(),
                    Client::Html => self.status_after_post(
                        &record,
                        ("failed", "status-resend-failed"),
                        StatusCode::SERVICE_UNAVAILABLE,
                    ),
                };
                ("confirmation_resend_failed", r)
            }
        };
        let (id_for_log, kind) = match &resent {
            Resent::Sent(r) | Resent::NotNeeded(r) | Resent::Failed(r) => {
                (r.id.as_str(), r.kind.as_str())
            }
            _ => ("-", "-"),
        };
        log(id_for_log, kind, self.locale, outcome, r.status(), started);
        r
    }

    /// Sent: JSON says so; a browser goes back to the status page (303), which says it.
    fn resent_answer(&self, record: &RequestRecord) -> Response<Body> {
        match self.client {
            Client::Json => self.respond(
                StatusCode::OK,
                "application/json; charset=utf-8",
                json!({
                    "outcome": "sent",
                    "id": record.id,
                    "reference": record.reference.as_ref().map(|x| x.grouped()),
                })
                .to_string(),
            ),
            Client::Html => self.see_other(&format!(
                "{}&resent=sent",
                crate::links::status_url(
                    &self.app.settings.site_url,
                    &record.id,
                    Some(self.locale)
                )
            )),
        }
    }

    /// The status page answered to the button's POST, with a notice (its URL is
    /// `/requests/{id}/confirmation`: the language links and the button point back).
    fn status_after_post(
        &self,
        record: &RequestRecord,
        notice: (&'static str, &'static str),
        code: StatusCode,
    ) -> Response<Body> {
        let view = StatusView {
            received: None,
            notice: Some(notice),
            resend_action: "confirmation".to_string(),
            links_base: format!("../{}", record.id),
        };
        self.status_html(record, &view, code)
    }
}

/// `Retry-After`: the seconds until the bound's window ends (at least 1, at most `window`).
fn retry_after(r: &mut Response<Body>, until: i64, now: i64, window: i64) {
    let seconds = (until - now).clamp(1, window);
    if let Ok(v) = header::HeaderValue::from_str(&seconds.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
}

//! `GET /requests/{id}` (where a request stands, as JSON or a small localized page),
//! `GET /requests/{id}/confirm?token=…` (a page with one button; changes nothing, so a mail
//! scanner that opens the link confirms nothing) and `POST /requests/{id}/confirm` (the
//! button: form field `token`, the requester's one-time confirmation). None ever shows the
//! name, e-mail, phone or details; every unknown id gets the same 404.

use super::body;
use super::{body_bytes, log, origin_header, query_param, Client, Ctx, OriginHeader};
use crate::pages::PageSecurity;
use crate::request::{is_id, Event, RequestRecord, TOKEN_TTL_SECONDS};
use crate::store::Confirmation;
use lambda_http::http::{header, StatusCode};
use lambda_http::{Body, Request, Response};
use policy::Locale;
use serde_json::json;
use std::time::Instant;
use tera::Context;

impl Ctx<'_> {
    /// Browsers get a page; a client that asks for JSON gets JSON.
    pub(super) fn page_client(&self, req: &Request) -> Client {
        let accept = super::header_str(req.headers(), header::ACCEPT).unwrap_or("");
        if accept.contains("application/json") && !accept.contains("text/html") {
            Client::Json
        } else {
            Client::Html
        }
    }

    /// `?lang=`, else the language the requester chose on the form, else `Accept-Language`
    /// (a request sent by Meta has no language of its own), else Russian.
    pub(super) fn page_locale(&self, req: &Request, record: Option<&RequestRecord>) -> Locale {
        let chosen = record
            .filter(|r| r.kind != crate::request::Kind::MetaDeletion)
            .map(|r| r.locale);
        query_param(req, "lang")
            .and_then(|l| l.parse().ok())
            .or(chosen)
            .or_else(|| {
                super::header_str(req.headers(), header::ACCEPT_LANGUAGE)
                    .and_then(Locale::from_accept_language)
            })
            .unwrap_or(Locale::DEFAULT)
    }

    fn date_text(&self, date: Option<jiff::civil::Date>, raw: &str) -> String {
        date.and_then(|d| self.app.content.catalog.format_date(self.locale, d).ok())
            .unwrap_or_else(|| raw.to_string())
    }

    /// The date part of a stored RFC 3339 time, localized.
    fn time_text(&self, at: &str) -> String {
        self.date_text(at.get(..10).and_then(|d| d.parse().ok()), at)
    }

    pub(super) fn html_page(
        &self,
        status: StatusCode,
        template: &str,
        ctx: Context,
    ) -> Response<Body> {
        self.html_page_as(status, template, ctx, PageSecurity::STRICT)
    }

    pub(super) fn html_page_as(
        &self,
        status: StatusCode,
        template: &str,
        mut ctx: Context,
        security: PageSecurity,
    ) -> Response<Body> {
        let l = self.locale;
        ctx.insert("referrer", security.referrer);
        ctx.insert("lang", l.code());
        ctx.insert("site", &self.app.settings.site_url);
        if !ctx.contains_key("switch") {
            ctx.insert("switch", &self.same_page_switch());
        }
        let html = match self.app.pages.render(l, template, &ctx) {
            Ok(html) => html,
            Err(e) => {
                tracing::error!(template, locale = l.code(), error = %e, "page template failed");
                return self.error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "error-unavailable",
                    None,
                );
            }
        };
        self.respond_html_as(status, html, security)
    }

    /// The language switcher's links to this same page (its query with `lang` replaced),
    /// relative, so they work behind any prefix (a REST stage, CloudFront).
    pub(super) fn same_page_switch(&self) -> serde_json::Map<String, serde_json::Value> {
        let kept: Vec<(String, String)> = url::form_urlencoded::parse(self.query.as_bytes())
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Locale::ALL
            .iter()
            .map(|l| {
                let mut query = url::form_urlencoded::Serializer::new(String::new());
                query.extend_pairs(&kept);
                query.append_pair("lang", l.code());
                (l.code().to_string(), json!(format!("?{}", query.finish())))
            })
            .collect()
    }

    /// The switcher's links to a request's status page in each language.
    fn status_switch(&self, id: &str) -> serde_json::Map<String, serde_json::Value> {
        Locale::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_string(),
                    json!(crate::links::status_url("", id, Some(*l))),
                )
            })
            .collect()
    }

    /// 503 when the store failed: "please try again", in the page's language.
    pub(super) fn store_failed(
        &mut self,
        req: &Request,
        e: &crate::store::StoreError,
        started: Instant,
    ) -> Response<Body> {
        self.locale = self.page_locale(req, None);
        tracing::warn!(error = e.class(), "store failed");
        let r = self.unavailable();
        log("-", "-", self.locale, "store_failed", r.status(), started);
        r
    }

    /// The one answer for any unknown id (and any unknown path).
    pub(super) fn not_found(&self) -> Response<Body> {
        match self.client {
            Client::Json => self.error(StatusCode::NOT_FOUND, "not_found", "error-not-found", None),
            Client::Html => {
                let mut ctx = Context::new();
                ctx.insert("title", &self.t("status-not-found-title"));
                ctx.insert("text", &self.t("status-not-found"));
                self.html_page(StatusCode::NOT_FOUND, "not-found.html", ctx)
            }
        }
    }

    pub(super) async fn status_page(
        &mut self,
        req: &Request,
        id: &str,
        started: Instant,
    ) -> Response<Body> {
        self.client = self.page_client(req);
        let record = if is_id(id) {
            match self.app.store.get(id).await {
                Ok(r) => r,
                Err(e) => return self.store_failed(req, &e, started),
            }
        } else {
            None
        };
        self.locale = self.page_locale(req, record.as_ref());
        let Some(record) = record else {
            let r = self.not_found();
            log("-", "-", self.locale, "not_found", r.status(), started);
            return r;
        };
        // `?received=sent|delayed`: the page a form post without JavaScript lands on says
        // the request was received, and whether its e-mail went out.
        let received = match query_param(req, "received").as_deref() {
            Some("sent") => Some("accepted"),
            Some("delayed") => Some("accepted-ack-delayed"),
            _ => None,
        };
        let resent = match query_param(req, "resent").as_deref() {
            Some("sent") => Some(("sent", "status-resend-sent")),
            _ => None,
        };
        let view = StatusView {
            received,
            notice: resent,
            // Relative, so it works behind any prefix (a REST stage, CloudFront).
            resend_action: if req.uri().path().ends_with('/') {
                "confirmation".to_string()
            } else {
                format!("{}/confirmation", record.id)
            },
            links_base: String::new(),
        };
        let r = match self.client {
            Client::Json => self.status_json(&record),
            Client::Html => self.status_html(&record, &view, StatusCode::OK),
        };
        log(
            &record.id,
            record.kind.as_str(),
            self.locale,
            "status",
            r.status(),
            started,
        );
        r
    }

    fn status_json(&self, r: &RequestRecord) -> Response<Body> {
        let body = json!({
            "id": r.id,
            "reference": r.reference.as_ref().map(|x| x.grouped()),
            "type": r.kind.as_str(),
            "received_at": r.received_at,
            "deadline": r.deadline,
            "status": r.status.as_str(),
            "confirmed": r.is_confirmed(),
            "policy_version": r.policy_version,
            "policy_url": r.policy_version.as_deref().map(|v| crate::links::policy_url(
                &self.app.settings.site_url,
                self.locale,
                v,
            )),
            "last_change": r.last_change().map(|c| json!({
                "at": c.at,
                "status": c.status.as_str(),
                "by": c.by,
            })),
        });
        self.respond(
            StatusCode::OK,
            "application/json; charset=utf-8",
            body.to_string(),
        )
    }

    /// The status page of `r` as `view` says, with status `code`.
    pub(super) fn status_html(
        &self,
        r: &RequestRecord,
        view: &StatusView<'_>,
        code: StatusCode,
    ) -> Response<Body> {
        let received = view.received;
        let status = r.status.as_str();
        let confirmed_text = if r.kind == crate::request::Kind::MetaDeletion {
            self.t("status-confirmed-not-applicable")
        } else if let Some(at) = &r.confirmed_at {
            self.format(
                "status-confirmed-yes",
                &[("date", self.time_text(at).into())],
            )
        } else {
            self.t("status-confirmed-no")
        };
        let last_change = r
            .last_change()
            .map(|c| {
                let what = match c.status {
                    Event::Confirmed => self.t("status-value-confirmed"),
                    other => self.t(&format!("status-value-{}", other.as_str())),
                };
                self.format(
                    "status-last-change-value",
                    &[
                        ("date", self.time_text(&c.at).into()),
                        ("status", what.into()),
                    ],
                )
            })
            .unwrap_or_else(|| self.time_text(&r.received_at));
        let mut ctx = Context::new();
        ctx.insert("title", &self.t("status-page-title"));
        ctx.insert("explain", &self.t(&format!("status-explain-{status}")));
        ctx.insert(
            "labels",
            &json!({
                "id": self.t("ack-id"),
                "type": self.t("status-type"),
                "received": self.t("ack-received"),
                "deadline": self.t("ack-deadline"),
                "status": self.t("status-status"),
                "confirmed": self.t("status-confirmed"),
                "last_change": self.t("status-last-change"),
                "policy": self.t("status-policy"),
                "progress": self.t("status-progress"),
            }),
        );
        match &r.policy_version {
            Some(v) => {
                ctx.insert(
                    "policy_text",
                    &self.format("status-policy-value", &[("version", v.clone().into())]),
                );
                ctx.insert(
                    "policy_url",
                    &crate::links::policy_url(&self.app.settings.site_url, self.locale, v),
                );
            }
            None => {
                ctx.insert("policy_text", &self.t("status-policy-unknown"));
                ctx.insert("policy_url", &None::<String>);
            }
        }
        ctx.insert("id", &r.id);
        ctx.insert("status", status);
        ctx.insert("confirmed", &r.is_confirmed());
        ctx.insert(
            "what",
            &self.t(&format!("request-type-{}", r.kind.as_str())),
        );
        ctx.insert(
            "received",
            &self.date_text(r.receipt_date(), &r.receipt_date),
        );
        ctx.insert("deadline", &self.date_text(r.deadline_date(), &r.deadline));
        ctx.insert("status_text", &self.t(&format!("status-value-{status}")));
        ctx.insert("confirmed_text", &confirmed_text);
        ctx.insert("last_change", &last_change);
        let complaint = (r.status == crate::request::Status::Refused).then(|| {
            self.format(
                "outcome-complaint",
                &[(
                    "authority",
                    self.app
                        .content
                        .facts
                        .authority
                        .name
                        .get(self.locale)
                        .to_string()
                        .into(),
                )],
            )
        });
        ctx.insert("complaint", &complaint);
        ctx.insert("received_notice", &received.map(|key| self.t(key)));
        ctx.insert(
            "notice",
            &view
                .notice
                .map(|(kind, key)| json!({"kind": kind, "text": self.t(key)})),
        );
        ctx.insert("number", &r.number());
        ctx.insert("steps", &self.progress_steps(r));
        let resend = r.awaits_confirmation().then(|| {
            json!({
                "action": format!("{}?lang={}", view.resend_action, self.locale.code()),
                "text": self.t("status-resend-text"),
                "button": self.t("status-resend-button"),
            })
        });
        // On a page answered to a POST (the resend button's), the language links lead to the
        // request's status page; on the status page itself, to the same page (its state kept).
        if !view.links_base.is_empty() {
            ctx.insert("switch", &self.status_switch(&r.id));
        }
        // The button's form posts to this origin: the confirmation page's CSP and referrer
        // policy (under `no-referrer` a browser's form POST says `Origin: null`).
        let security = if resend.is_some() {
            PageSecurity::CONFIRM_FORM
        } else {
            PageSecurity::STRICT
        };
        ctx.insert("resend", &resend);
        self.html_page_as(code, "status.html", ctx, security)
    }

    /// The progress line: received → in progress → completed or refused, dated from the
    /// audit trail, the current step marked.
    fn progress_steps(&self, r: &RequestRecord) -> Vec<serde_json::Value> {
        crate::request::progress(r.status, &r.history, &r.received_at)
            .iter()
            .map(|step| {
                let key = step.status.map(|s| s.as_str()).unwrap_or("final");
                json!({
                    "key": key,
                    "label": self.t(&format!("status-step-{key}")),
                    "state": step.state,
                    "current": step.state == crate::request::StepState::Current,
                    "date": step.at.as_deref().map(|at| self.time_text(at)),
                    "datetime": step.at.as_deref().and_then(|at| at.get(..10)),
                })
            })
            .collect()
    }

    /// `GET`/`HEAD /requests/{id}/confirm?token=…`: reads the request (for its language and
    /// to know what the button would do) and writes nothing. When posting the token would
    /// confirm: 200 and a page with one button that posts it; otherwise the answer the `POST`
    /// would give (409 used, 410 expired, 400 not valid), so nobody presses a dead button.
    pub(super) async fn confirm_page(
        &mut self,
        req: &Request,
        id: &str,
        started: Instant,
    ) -> Response<Body> {
        self.client = self.page_client(req);
        let token = query_param(req, "token").unwrap_or_default();
        let preview = if is_id(id) && crate::request::token::is_token(&token) {
            match self.app.store.get(id).await {
                Ok(current) => crate::store::preview_confirmation(
                    current,
                    &crate::request::token::hash(&token),
                    jiff::Timestamp::now().as_second(),
                ),
                Err(e) => return self.store_failed(req, &e, started),
            }
        } else {
            Err(Confirmation::Invalid)
        };
        let record = match preview {
            Ok(record) => record,
            Err(outcome) => {
                let (code, r) = self.confirmation_answer(req, &outcome);
                let record = confirmation_record(&outcome);
                log(
                    record.map(|r| r.id.as_str()).unwrap_or("-"),
                    record.map(|r| r.kind.as_str()).unwrap_or("-"),
                    self.locale,
                    &format!("confirm_page_{code}"),
                    r.status(),
                    started,
                );
                return r;
            }
        };
        self.locale = self.page_locale(req, Some(&record));
        let r = match self.client {
            Client::Json => self.respond(
                StatusCode::OK,
                "application/json; charset=utf-8",
                json!({
                    "outcome": "pending",
                    "id": record.id,
                    "status": record.status.as_str(),
                    "confirmed": false,
                })
                .to_string(),
            ),
            Client::Html => {
                // Relative, so it works behind any prefix (a REST stage, CloudFront).
                let action = if req.uri().path().ends_with('/') {
                    "../confirm"
                } else {
                    "confirm"
                };
                let deadline = self.date_text(record.deadline_date(), &record.deadline);
                let mut ctx = Context::new();
                ctx.insert("title", &self.t("confirm-title-pending"));
                ctx.insert(
                    "text",
                    &self.format("confirm-text-pending", &[("id", record.number().into())]),
                );
                ctx.insert(
                    "note",
                    &self.format("confirm-note-pending", &[("deadline", deadline.into())]),
                );
                ctx.insert("button", &self.t("confirm-button"));
                ctx.insert("action", &format!("{action}?lang={}", self.locale.code()));
                ctx.insert("token", &token);
                self.html_page_as(
                    StatusCode::OK,
                    "confirm-form.html",
                    ctx,
                    PageSecurity::CONFIRM_FORM,
                )
            }
        };
        log(
            &record.id,
            record.kind.as_str(),
            self.locale,
            "confirm_page",
            r.status(),
            started,
        );
        r
    }

    /// `POST /requests/{id}/confirm`, form field `token`: confirms (200), or 409 used,
    /// 410 expired, 400 forged, another request's or missing. A browser's `Origin` must be an
    /// allowed origin or the site's own (the page with the button lives there); no `Origin`
    /// (not a browser) is accepted: the token itself is the proof, and a cross-site page
    /// cannot know it.
    pub(super) async fn confirm(
        &mut self,
        req: &Request,
        id: &str,
        started: Instant,
    ) -> Response<Body> {
        if let Some(r) = self.begin_confirm_post(req, started) {
            return r;
        }
        let token = match body::decode_form_text(body_bytes(req.body())) {
            Ok(pairs) => pairs
                .into_iter()
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v)
                .unwrap_or_default(),
            Err(_) => {
                let r = self.error(
                    StatusCode::BAD_REQUEST,
                    "invalid_encoding",
                    "error-encoding",
                    None,
                );
                log("-", "-", self.locale, "malformed", r.status(), started);
                return r;
            }
        };
        let now = jiff::Timestamp::now();
        let outcome = match crate::request::confirm(self.app, id, &token, now).await {
            Ok(c) => c,
            Err(e) => return self.store_failed(req, &e, started),
        };
        let (code, r) = self.confirmation_answer(req, &outcome);
        let record = confirmation_record(&outcome);
        let id_for_log = record.map(|r| r.id.as_str()).unwrap_or("-");
        let kind = record.map(|r| r.kind.as_str()).unwrap_or("-");
        log(id_for_log, kind, self.locale, code, r.status(), started);
        r
    }

    /// Begins a `POST` of the confirmation page's buttons (confirm, send the letter again):
    /// the answer's client and language from the request, then the checks made before its body
    /// is read. `Some`: the refusal, logged.
    pub(super) fn begin_confirm_post(
        &mut self,
        req: &Request,
        started: Instant,
    ) -> Option<Response<Body>> {
        self.client = self.page_client(req);
        self.locale = self.page_locale(req, None);
        let (outcome, r) = self.confirm_post_refused(req)?;
        log("-", "-", self.locale, outcome, r.status(), started);
        Some(r)
    }

    /// Why a confirmation `POST` is refused before its body is read: an `Origin` that is
    /// neither allowed nor the site's (403), a body that is not a UTF-8 form (415) or too
    /// large (413). Returns the log outcome and the answer.
    fn confirm_post_refused(&self, req: &Request) -> Option<(&'static str, Response<Body>)> {
        let settings = &self.app.settings;
        let origin_ok = match origin_header(req.headers()) {
            OriginHeader::Absent => true,
            OriginHeader::Valid(o) => {
                settings.allowed_origins.contains(&o)
                    || url::Url::parse(&settings.site_url)
                        .is_ok_and(|u| u.origin().ascii_serialization() == o)
            }
            OriginHeader::Invalid => false,
        };
        if !origin_ok {
            let r = self.error(
                StatusCode::FORBIDDEN,
                "forbidden_origin",
                "error-origin",
                None,
            );
            return Some(("forbidden_origin", r));
        }
        let (media, content_type) = super::content_type(req.headers());
        if media != "application/x-www-form-urlencoded" || !super::charset_is_utf8(&content_type) {
            let r = self.error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "error-unsupported-media",
                None,
            );
            return Some(("unsupported_media_type", r));
        }
        if body_bytes(req.body()).len() > body::MAX_BODY {
            let r = self.error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "error-too-large",
                None,
            );
            return Some(("too_large", r));
        }
        None
    }

    /// The answer to a confirmation's outcome (the `POST`'s, or what the `GET` found), in the
    /// page's language; returns the outcome code too.
    fn confirmation_answer(
        &mut self,
        req: &Request,
        outcome: &Confirmation,
    ) -> (&'static str, Response<Body>) {
        let (code, status) = match outcome {
            Confirmation::Confirmed(_) => ("confirmed", StatusCode::OK),
            Confirmation::AlreadyConfirmed(_) => ("already_confirmed", StatusCode::CONFLICT),
            Confirmation::Expired(_) => ("expired", StatusCode::GONE),
            // 400, not 404: the page must say that nothing changed (a 404 is the site's).
            Confirmation::Invalid => ("invalid", StatusCode::BAD_REQUEST),
        };
        let record = confirmation_record(outcome);
        self.locale = self.page_locale(req, record);
        let r = match self.client {
            Client::Json => self.respond(
                status,
                "application/json; charset=utf-8",
                json!({
                    "outcome": code,
                    "id": record.map(|r| r.id.as_str()),
                    "status": record.map(|r| r.status.as_str()),
                    "confirmed": record.is_some_and(RequestRecord::is_confirmed),
                })
                .to_string(),
            ),
            Client::Html => self.confirm_html(code, status, record),
        };
        (code, r)
    }

    fn confirm_html(
        &self,
        code: &str,
        status: StatusCode,
        record: Option<&RequestRecord>,
    ) -> Response<Body> {
        let mut args: Vec<(&str, fluent_bundle::FluentValue)> =
            vec![("days", (TOKEN_TTL_SECONDS / 86_400).into())];
        if let Some(r) = record {
            args.push(("id", r.number().into()));
            args.push((
                "deadline",
                self.date_text(r.deadline_date(), &r.deadline).into(),
            ));
            args.push((
                "date",
                r.confirmed_at
                    .as_deref()
                    .map(|at| self.time_text(at))
                    .unwrap_or_default()
                    .into(),
            ));
        }
        let mut ctx = Context::new();
        ctx.insert("outcome", code);
        ctx.insert("title", &self.t(&format!("confirm-title-{code}")));
        ctx.insert("text", &self.format(&format!("confirm-text-{code}"), &args));
        ctx.insert(
            "status_url",
            &record.map(|r| crate::links::status_url("", &r.id, Some(self.locale))),
        );
        ctx.insert("status_link", &self.t("confirm-status-link"));
        // After a POST, this URL shows nothing by GET: the switcher leads to the request's
        // status page instead (a GET's answer could be shown again, but says the same).
        if let Some(r) = record {
            ctx.insert("switch", &self.status_switch(&r.id));
        }
        self.html_page(status, "confirm.html", ctx)
    }
}

/// How a status page is shown: the "received" notice of a form post without JavaScript
/// (its message key), another notice (its kind for tests and its message key), where the
/// resend button posts (relative to the page) and what its language links are relative to.
pub(super) struct StatusView<'a> {
    pub received: Option<&'a str>,
    pub notice: Option<(&'static str, &'static str)>,
    pub resend_action: String,
    /// Prefix of the language links (`?lang=…`): empty on the status page itself, `../{id}`
    /// on a page answered to the button's POST (`/requests/{id}/confirmation`).
    pub links_base: String,
}

/// The request an outcome is about, if the token was its own.
fn confirmation_record(outcome: &Confirmation) -> Option<&RequestRecord> {
    match outcome {
        Confirmation::Confirmed(r)
        | Confirmation::AlreadyConfirmed(r)
        | Confirmation::Expired(r) => Some(r.as_ref()),
        Confirmation::Invalid => None,
    }
}

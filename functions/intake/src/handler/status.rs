//! `GET /requests/{id}` (where a request stands, as JSON or a small localized page) and
//! `GET /requests/{id}/confirm?token=…` (the requester's one-time confirmation). Neither
//! ever shows the name, e-mail, phone or details; every unknown id gets the same 404.

use super::{log, query_param, Client, Ctx};
use crate::pages;
use crate::record::{
    almaty_time, is_id, Actor, AuditEntry, Event, RequestRecord, TOKEN_TTL_SECONDS,
};
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
    fn page_locale(&self, req: &Request, record: Option<&RequestRecord>) -> Locale {
        let chosen = record
            .filter(|r| r.kind != crate::form::RequestType::MetaDeletion)
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
        date.and_then(|d| self.app.catalog.format_date(self.locale, d).ok())
            .unwrap_or_else(|| raw.to_string())
    }

    /// The date part of a stored RFC 3339 time, localized.
    fn time_text(&self, at: &str) -> String {
        self.date_text(at.get(..10).and_then(|d| d.parse().ok()), at)
    }

    fn html_page(&self, status: StatusCode, template: &str, mut ctx: Context) -> Response<Body> {
        let l = self.locale;
        let facts = &self.app.facts;
        ctx.insert("lang", l.code());
        ctx.insert("operator", facts.operator.short_name.get(l));
        ctx.insert("site", &self.app.settings.site_url);
        ctx.insert("languages_label", &self.t("status-languages"));
        ctx.insert("back", &self.t("status-back"));
        ctx.insert("form", &self.t("error-back"));
        if !ctx.contains_key("languages") {
            ctx.insert("languages", &Vec::<serde_json::Value>::new());
        }
        let html = match self.app.pages.render(template, &ctx) {
            Ok(html) => html,
            Err(e) => {
                tracing::error!(template, error = %e, "page template failed");
                return self.error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "error-unavailable",
                    None,
                );
            }
        };
        self.respond_html(status, html)
    }

    /// Links to this page in each language (relative, so they work behind any proxy).
    fn language_links(&self) -> Vec<serde_json::Value> {
        Locale::ALL
            .iter()
            .map(|l| {
                json!({
                    "code": l.code(),
                    "name": pages::autonym(*l),
                    "href": format!("?lang={}", l.code()),
                    "current": *l == self.locale,
                })
            })
            .collect()
    }

    /// 503 when the store failed: "please try again", in the page's language.
    fn store_failed(
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
        let r = match self.client {
            Client::Json => self.status_json(&record),
            Client::Html => self.status_html(&record),
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
            "type": r.kind.as_str(),
            "received_at": r.received_at,
            "deadline": r.deadline,
            "status": r.status.as_str(),
            "confirmed": r.is_confirmed(),
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

    fn status_html(&self, r: &RequestRecord) -> Response<Body> {
        let status = r.status.as_str();
        let confirmed_text = if r.kind == crate::form::RequestType::MetaDeletion {
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
        ctx.insert(
            "title",
            &self.format("status-page-title", &[("id", r.id.clone().into())]),
        );
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
            }),
        );
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
        let complaint = (r.status == crate::record::Status::Refused).then(|| {
            self.format(
                "outcome-complaint",
                &[(
                    "authority",
                    self.app
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
        ctx.insert("languages", &self.language_links());
        self.html_page(StatusCode::OK, "status.html", ctx)
    }

    pub(super) async fn confirm(
        &mut self,
        req: &Request,
        id: &str,
        started: Instant,
    ) -> Response<Body> {
        self.client = self.page_client(req);
        let token = query_param(req, "token").unwrap_or_default();
        let outcome = if is_id(id) && crate::token::is_token(&token) {
            let now = jiff::Timestamp::now();
            let entry = AuditEntry {
                at: almaty_time(now),
                status: Event::Confirmed,
                by: Actor::Requester,
                reason: None,
            };
            match self
                .app
                .store
                .confirm(id, &crate::token::hash(&token), &entry, now.as_second())
                .await
            {
                Ok(c) => c,
                Err(e) => return self.store_failed(req, &e, started),
            }
        } else {
            Confirmation::Invalid
        };
        let (code, status, record) = match &outcome {
            Confirmation::Confirmed(r) => ("confirmed", StatusCode::OK, Some(r.as_ref())),
            Confirmation::AlreadyConfirmed(r) => {
                ("already_confirmed", StatusCode::CONFLICT, Some(r.as_ref()))
            }
            Confirmation::Expired(r) => ("expired", StatusCode::GONE, Some(r.as_ref())),
            // 400, not 404: the page must say that nothing changed (a 404 is the site's).
            Confirmation::Invalid => ("invalid", StatusCode::BAD_REQUEST, None),
        };
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
        let id_for_log = record.map(|r| r.id.as_str()).unwrap_or("-");
        let kind = record.map(|r| r.kind.as_str()).unwrap_or("-");
        log(id_for_log, kind, self.locale, code, r.status(), started);
        r
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
            args.push(("id", r.id.clone().into()));
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
        self.html_page(status, "confirm.html", ctx)
    }
}

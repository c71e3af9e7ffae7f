//! `POST /requests`: the form's submission, translated to and from the request core's use
//! case "file a request".

use super::body::{self, BodyKind, ParseError};
use super::{body_bytes, receipt_time, Client, Ctx};
use crate::limits;
use crate::request::{self, submission, AckStatus, Filed, Filing, NewRequest, RequestRecord};
use lambda_http::http::{header, StatusCode};
use lambda_http::{Body, Request, Response};
use serde_json::json;

impl Ctx<'_> {
    /// The answer to a new request. `acknowledgement` is what the client is told: an
    /// acknowledgement withheld by the per-recipient limit is answered as sent, since
    /// anything else would tell whoever typed the address that others asked for it.
    fn success(
        &self,
        status: StatusCode,
        record: &RequestRecord,
        acknowledgement: AckStatus,
        message_key: &str,
    ) -> Response<Body> {
        match self.client {
            Client::Json => {
                let deadline_text = record
                    .deadline_date()
                    .and_then(|d| self.app.content.catalog.format_date(record.locale, d).ok())
                    .unwrap_or_else(|| record.deadline.clone());
                let body = json!({
                    "id": record.id,
                    "reference": record.reference.as_ref().map(|r| r.grouped()),
                    "type": record.kind.as_str(),
                    "received_at": record.received_at,
                    "deadline": record.deadline,
                    "status": record.status,
                    "deadline_text": deadline_text,
                    "acknowledgement": acknowledgement.as_str(),
                    "status_url": crate::links::status_url(
                        &self.app.settings.site_url,
                        &record.id,
                        Some(record.locale),
                    ),
                    "message": self.t(message_key),
                });
                self.respond(status, "application/json; charset=utf-8", body.to_string())
            }
            // Without JavaScript the visitor lands on the request's own status page, in the
            // "received" state: its number, deadline and status, server-rendered in the form's
            // language (the site's static received page cannot know them).
            Client::Html => {
                let mail = if acknowledgement == AckStatus::Sent {
                    "sent"
                } else {
                    "delayed"
                };
                let location = format!(
                    "{}&received={mail}",
                    crate::links::status_url(
                        &self.app.settings.site_url,
                        &record.id,
                        Some(record.locale)
                    )
                );
                self.see_other(&location)
            }
        }
    }

    /// A 303 (the no-JavaScript answer of a form post).
    pub(super) fn see_other(&self, location: &str) -> Response<Body> {
        let mut r = self.respond(
            StatusCode::SEE_OTHER,
            "text/plain; charset=utf-8",
            String::new(),
        );
        if let Ok(v) = header::HeaderValue::from_str(location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        r
    }

    /// The answer to a resubmission within the dedupe window: the same kind as a new
    /// request's ("received; see the e-mail we sent"), but nothing about the first request
    /// (its id, time, language, status page): anyone can type someone's address.
    fn duplicate(&self, kind: crate::request::Kind) -> Response<Body> {
        match self.client {
            Client::Json => {
                let body = json!({
                    "type": kind.as_str(),
                    "status": crate::request::Status::Received.as_str(),
                    "message": self.t("accepted-duplicate"),
                });
                self.respond(
                    StatusCode::OK,
                    "application/json; charset=utf-8",
                    body.to_string(),
                )
            }
            Client::Html => self.see_other(&format!(
                "{}/{}/data-deletion/received/",
                self.app.settings.site_url,
                self.locale.code()
            )),
        }
    }

    /// Returns (outcome, id, type, response) for the log line.
    pub(super) async fn submit(
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
        if !super::charset_is_utf8(content_type) {
            let r = self.error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_charset",
                "error-encoding",
                None,
            );
            return ("unsupported_media_type", none(), "-", r);
        }
        let bytes = body_bytes(req.body());
        if bytes.len() > body::MAX_BODY {
            let r = self.error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "error-too-large",
                None,
            );
            return ("too_large", none(), "-", r);
        }
        let raw = match body::parse(kind, bytes) {
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
        let (locale, result) = submission::validate(&raw, accept_language);
        self.locale = locale;
        let submission = match result {
            Ok(s) => s,
            Err(errors) => {
                let (status, code, key) = (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation_failed",
                    "error-invalid",
                );
                let r = match self.client {
                    Client::Html => self.form_again(status, code, key, &raw, &errors),
                    Client::Json => self.error(status, code, key, Some(&errors)),
                };
                return ("invalid", none(), "-", r);
            }
        };
        let kind_str = submission.kind.as_str();
        // Every valid submission counts against its source, the honeypot's too (it must look
        // like any other).
        let filing = Filing {
            request: NewRequest::from(&submission),
            received: receipt_time(req),
            source: Some(limits::source_key(
                &self.app.keys,
                self.visitor_address(req),
            )),
        };
        let now = filing.received.as_second();
        match request::file(self.app, filing).await {
            Err(e) => {
                tracing::warn!(error = e.class(), "store failed");
                // Without JavaScript, "try again" comes with the form still filled in.
                let r = match self.client {
                    Client::Html => self.form_again(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "unavailable",
                        "error-unavailable",
                        &raw,
                        &Default::default(),
                    ),
                    Client::Json => self.unavailable(),
                };
                ("store_failed", none(), kind_str, r)
            }
            Ok(Filed::Limited { until }) => (
                "rate_limited",
                none(),
                kind_str,
                self.rate_limited(until, now),
            ),
            Ok(Filed::Duplicate(_)) => (
                "duplicate",
                none(),
                kind_str,
                self.duplicate(submission.kind),
            ),
            // A honeypot's request is answered like a real one (its status page works too).
            Ok(Filed::New {
                record,
                delivered: None,
            }) => (
                "honeypot",
                record.id.clone(),
                kind_str,
                self.success(StatusCode::CREATED, &record, AckStatus::Sent, "accepted"),
            ),
            Ok(Filed::New {
                record,
                delivered: Some(delivered),
            }) => {
                let (outcome, told, key) = match delivered.ack.0 {
                    AckStatus::Sent => ("accepted", AckStatus::Sent, "accepted"),
                    AckStatus::Withheld => ("ack_withheld", AckStatus::Sent, "accepted"),
                    other => ("ack_failed", other, "accepted-ack-delayed"),
                };
                self.delivered = Some(delivered);
                let r = self.success(StatusCode::CREATED, &record, told, key);
                (outcome, record.id.clone(), kind_str, r)
            }
        }
    }
}

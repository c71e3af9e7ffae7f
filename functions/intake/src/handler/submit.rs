//! `POST /requests`: validate, log, acknowledge.

use super::{body_bytes, receipt_time, Client, Ctx};
use crate::form::{self, BodyKind, ParseError, Submission};
use crate::record::{AckStatus, NewRequest, RequestRecord};
use crate::store::Created;
use lambda_http::http::{header, StatusCode};
use lambda_http::{Body, Request, Response};
use policy::DeadlineRule;
use serde_json::json;

impl Ctx<'_> {
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
                    "status_url": crate::links::status_url(
                        &self.app.settings.site_url,
                        &record.id,
                        Some(record.locale),
                    ),
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
        let Some(mut record) = self.record(&submission, received) else {
            let r = self.unavailable();
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
        // The confirmation token is stored (hashed) with the request, so the link in the
        // acknowledgement works as soon as it is sent.
        // Valid for 7 days from when it is issued (the deadline, not this, counts from receipt).
        let issued = crate::token::issue();
        record.token_hash = Some(issued.hash);
        record.token_expires = Some(issued.expires);
        match self.app.store.create(&record, received.as_second()).await {
            Err(e) => {
                tracing::warn!(error = e.class(), "store failed");
                let r = self.unavailable();
                ("store_failed", none(), kind_str, r)
            }
            Ok(Created::Duplicate(first)) => {
                let r = self.success(StatusCode::OK, &first, "accepted");
                ("duplicate", first.id.clone(), kind_str, r)
            }
            Ok(Created::New) => {
                let ack = crate::resend::acknowledge(self.app, &record, Some(issued.token)).await;
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
        let (_, fact) = self.app.facts.request_deadline(s.kind.deadline_key())?;
        let deadline = DeadlineRule::from(fact).compute(&self.app.calendar, received);
        if !deadline.from_published_calendar {
            tracing::warn!(
                year = deadline.receipt_date.year(),
                "no published working-day calendar for this period: fixed-date holiday rules used"
            );
        }
        Some(RequestRecord::new(
            &NewRequest::from(s),
            &deadline,
            &self.app.secret,
            self.app.settings.retention_days,
        ))
    }
}

//! `POST /meta/data-deletion`: Meta's data-deletion request callback, translated to and from
//! the request core's "file a request". A verified request is logged as `meta_deletion`
//! for the app-scoped user (deadline as for deletion), the operator is notified, and Meta gets the status page and a confirmation code (the request id).

use super::{body_bytes, log, receipt_time, Ctx};
use crate::links;
use crate::meta::{self, SignedRequestError};
use crate::request::{self, Actor, Filed, Filing, Kind, NewRequest, NoticeStatus, RequestRecord};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use policy::Locale;
use serde_json::json;
use std::time::Instant;

impl Ctx<'_> {
    pub(super) async fn meta_callback(
        &mut self,
        req: &Request,
        started: Instant,
    ) -> Response<Body> {
        let (outcome, id, r) = self.meta_outcome(req).await;
        log(
            &id,
            Kind::MetaDeletion.as_str(),
            self.locale,
            outcome,
            r.status(),
            started,
        );
        r
    }

    fn bad_signed_request(&self, e: SignedRequestError) -> (&'static str, String, Response<Body>) {
        let message = match e {
            SignedRequestError::Stale => "error-signed-request-stale",
            _ => "error-signed-request",
        };
        let r = self.error(
            StatusCode::BAD_REQUEST,
            "invalid_signed_request",
            message,
            None,
        );
        tracing::info!(reason = e.class(), "signed_request rejected");
        ("invalid_signed_request", "-".into(), r)
    }

    fn meta_unavailable(&self, outcome: &'static str) -> (&'static str, String, Response<Body>) {
        (outcome, "-".into(), self.unavailable())
    }

    fn meta_answer(&self, status: StatusCode, record: &RequestRecord) -> Response<Body> {
        let body = json!({
            "url": links::status_url(&self.app.settings.site_url, &record.id, None),
            "confirmation_code": record.id,
        });
        self.respond(status, "application/json; charset=utf-8", body.to_string())
    }

    async fn meta_outcome(&mut self, req: &Request) -> (&'static str, String, Response<Body>) {
        // Meta is a machine: always JSON.
        self.client = super::Client::Json;
        let Some(secret) = self.app.meta_secret.as_ref() else {
            tracing::warn!("META_APP_SECRET is not configured: the Meta callback is disabled");
            return self.meta_unavailable("not_configured");
        };
        let body = body_bytes(req.body());
        if body.len() > meta::MAX_SIGNED_REQUEST * 2 {
            return self.bad_signed_request(SignedRequestError::Malformed);
        }
        let signed_request = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
            .ok()
            .and_then(|fields| {
                fields
                    .into_iter()
                    .find(|(k, _)| k == "signed_request")
                    .map(|(_, v)| v)
            })
            .unwrap_or_default();
        let verified = match meta::verify(&signed_request, secret) {
            Ok(v) => v,
            Err(e) => return self.bad_signed_request(e),
        };
        let received = receipt_time(req);
        if let Err(e) = meta::check_fresh(&verified, received.as_second()) {
            return self.bad_signed_request(e);
        }
        let filing = Filing {
            request: NewRequest {
                kind: Kind::MetaDeletion,
                locale: Locale::DEFAULT,
                name: None,
                email: None,
                phone: None,
                details: None,
                scope: None,
                meta_user_id: Some(&verified.user_id),
                by: Actor::System,
                honeypot: false,
            },
            received,
            source: None,
        };
        match request::file(self.app, filing).await {
            Err(e) => {
                tracing::warn!(error = e.class(), "store failed");
                self.meta_unavailable("store_failed")
            }
            Ok(Filed::Duplicate(first)) => (
                "duplicate",
                first.id.clone(),
                self.meta_answer(StatusCode::OK, &first),
            ),
            Ok(Filed::New { record, delivered }) => {
                // The operator notice (nobody else can be told); a failure is recorded for the
                // resend, the request stays.
                let outcome = match delivered.map(|d| d.notice.0) {
                    Some(NoticeStatus::Sent) => "accepted",
                    Some(NoticeStatus::Deferred) => "notice_deferred",
                    _ => "notice_failed",
                };
                (
                    outcome,
                    record.id.clone(),
                    self.meta_answer(StatusCode::OK, &record),
                )
            }
            // Meta's callback has no per-source limit.
            Ok(Filed::Limited { .. }) => self.meta_unavailable("rate_limited"),
        }
    }
}

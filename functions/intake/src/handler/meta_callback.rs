//! `POST /meta/data-deletion`: Meta's data-deletion request callback. A verified request is
//! logged as `meta_deletion` for the app-scoped user (deadline as for deletion), the operator
//! is notified, and Meta gets the status page and a confirmation code (the request id).

use super::{body_bytes, log, receipt_time, Ctx};
use crate::form::RequestType;
use crate::links;
use crate::meta::{self, SignedRequestError};
use crate::record::{Actor, NewRequest, RequestRecord};
use crate::store::Created;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use policy::{DeadlineRule, Locale};
use serde_json::json;
use std::time::Instant;

const KIND: &str = "meta_deletion";

impl Ctx<'_> {
    pub(super) async fn meta_callback(
        &mut self,
        req: &Request,
        started: Instant,
    ) -> Response<Body> {
        let (outcome, id, r) = self.meta_outcome(req).await;
        log(&id, KIND, self.locale, outcome, r.status(), started);
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
        let Some((_, fact)) = self
            .app
            .facts
            .request_deadline(RequestType::MetaDeletion.deadline_key())
        else {
            return self.meta_unavailable("config_error");
        };
        let deadline = DeadlineRule::from(fact).compute(&self.app.calendar, received);
        let intake = NewRequest {
            kind: RequestType::MetaDeletion,
            locale: Locale::DEFAULT,
            name: None,
            email: None,
            phone: None,
            details: None,
            scope: None,
            meta_user_id: Some(&verified.user_id),
            by: Actor::System,
            honeypot: false,
        };
        let record = RequestRecord::new(
            &intake,
            &deadline,
            &self.app.secret,
            self.app.settings.retention_days,
        )
        .with_policy(&self.app.digests);
        match self.app.store.create(&record, received.as_second()).await {
            Err(e) => {
                tracing::warn!(error = e.class(), "store failed");
                self.meta_unavailable("store_failed")
            }
            Ok(Created::Duplicate(first)) => (
                "duplicate",
                first.id.clone(),
                self.meta_answer(StatusCode::OK, &first),
            ),
            Ok(Created::New) => {
                // The operator notice (nobody else can be told); a failure is recorded for the
                // resend, the request stays.
                let delivered =
                    crate::resend::deliver_new(self.app, &record, None, received.as_second()).await;
                let outcome = match delivered.notice.0 {
                    crate::record::NoticeStatus::Sent => "accepted",
                    crate::record::NoticeStatus::Deferred => "notice_deferred",
                    _ => "notice_failed",
                };
                (
                    outcome,
                    record.id.clone(),
                    self.meta_answer(StatusCode::OK, &record),
                )
            }
        }
    }
}

//! Sending what a stored request is owed (the acknowledgement to the requester, the operator
//! notice, the outcome e-mail after `completed` / `refused`), and resending whatever is
//! still pending or failed. The acknowledgement and the notice are independent: one failing
//! neither stops nor repeats the other.

use crate::app::App;
use crate::limits::{self, Slot};
use crate::mail::MailError;
use crate::request::record::MAIL_LEASE_SECONDS;
use crate::request::token;
use crate::request::{
    AckStatus, NoticeStatus, RequestRecord, WITHHELD_NO_ADDRESS, WITHHELD_RECIPIENT_LIMIT,
};
use crate::store::Delivery;

/// The acknowledgement's state and its error class or the reason it was withheld.
pub type Outcome<S> = (S, Option<&'static str>);

/// What the first delivery of a new request did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub ack: Outcome<AckStatus>,
    pub notice: Outcome<NoticeStatus>,
}

/// Sends a new request's acknowledgement (with the confirmation link for `token`, whose hash
/// is stored with the request) unless its mailbox had its acknowledgements for the day, and,
/// independently, the operator notice unless this hour's notices are used up (then it waits
/// for the summary). Records both on the request. `now` is the receipt time. Never fails:
/// a failure is recorded with its class, for a later resend.
pub async fn deliver_new(
    app: &App,
    record: &RequestRecord,
    token: Option<String>,
    now: i64,
) -> Delivered {
    let mut record = record.clone();
    let ack = if !record.has_email() {
        (AckStatus::Withheld, Some(WITHHELD_NO_ADDRESS))
    } else {
        let key = limits::recipient_key(&app.keys, record.email.as_deref().unwrap_or(""));
        match app
            .store
            .take_slot(
                &key,
                limits::RECIPIENT_ACKS_PER_DAY,
                limits::RECIPIENT_WINDOW_SECONDS,
                now,
            )
            .await
        {
            Ok(Slot::Taken) => send_ack(app, &mut record, token).await,
            Ok(Slot::Full { .. }) => (AckStatus::Withheld, Some(WITHHELD_RECIPIENT_LIMIT)),
            // Unknown whether the mailbox is past its limit: not sent now; the resend sends
            // it (a store failure is not something a visitor can cause at will).
            Err(e) => {
                tracing::warn!(id = %record.id, error = e.class(), "recipient limit unavailable");
                (AckStatus::Failed, Some("limit_unavailable"))
            }
        }
    };
    record.ack_status = ack.0;
    record.ack_error = ack.1.map(str::to_string);
    let notice = match app
        .store
        .take_slot(
            limits::NOTICES_KEY,
            app.settings.limits.notices_per_hour,
            limits::NOTICE_WINDOW_SECONDS,
            now,
        )
        .await
    {
        Ok(Slot::Taken) => send_notice(app, &record).await,
        Ok(Slot::Full { .. }) => (NoticeStatus::Deferred, None),
        Err(e) => {
            tracing::warn!(id = %record.id, error = e.class(), "notice limit unavailable");
            (NoticeStatus::Failed, Some("limit_unavailable"))
        }
    };
    let delivered = Delivered { ack, notice };
    record_delivery(
        app,
        &record.id,
        Delivery {
            ack: Some(ack),
            notice: Some(notice),
            // The lease taken when the request was filed ends here.
            release: true,
        },
    )
    .await;
    delivered
}

pub(crate) async fn record_delivery(app: &App, id: &str, delivery: Delivery<'_>) {
    if let Err(e) = app.store.record_delivery(id, &delivery).await {
        // The request itself is stored; what was not recorded stays owed and is resent.
        tracing::warn!(id, error = e.class(), "could not record the e-mail status");
    }
}

/// Sends the acknowledgement; without a `token` (a resend) a new token replaces the old.
pub(crate) async fn send_ack(
    app: &App,
    record: &mut RequestRecord,
    token: Option<String>,
) -> Outcome<AckStatus> {
    let result = async {
        let token = match token {
            Some(t) => t,
            None => {
                let issued = token::issue();
                app.store
                    .set_token(&record.id, &issued.hash, issued.expires)
                    .await
                    .map_err(|e| MailError::Transport(e.class()))?;
                record.token_hash = Some(issued.hash);
                record.token_expires = Some(issued.expires);
                issued.token
            }
        };
        let until = record
            .token_expires
            .and_then(|e| jiff::Timestamp::from_second(e).ok())
            .map(crate::almaty::date)
            .ok_or_else(|| MailError::Build("token expiry".into()))?;
        let message = app.composer.acknowledgement(record, &token, until)?;
        app.mailer.send(message).await
    }
    .await;
    match result {
        Ok(()) => (AckStatus::Sent, None),
        Err(e) => {
            tracing::warn!(id = %record.id, error = e.class(), "acknowledgement failed");
            (AckStatus::Failed, Some(e.class()))
        }
    }
}

async fn send_notice(app: &App, record: &RequestRecord) -> Outcome<NoticeStatus> {
    let result = match app.composer.operator_notice(record) {
        Ok(message) => app.mailer.send(message).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => (NoticeStatus::Sent, None),
        Err(e) => {
            tracing::warn!(id = %record.id, error = e.class(), "operator notice failed");
            (NoticeStatus::Failed, Some(e.class()))
        }
    }
}

/// Sends the requester the outcome of a `completed` or `refused` request and records it.
/// `None` when there is nobody to write to (a request sent by Meta).
pub async fn send_outcome(app: &App, record: &RequestRecord) -> Option<AckStatus> {
    if !record.has_email() {
        return None;
    }
    let result = match app.composer.outcome(record) {
        Ok(message) => app.mailer.send(message).await,
        Err(e) => Err(e),
    };
    let status = match &result {
        Ok(()) => AckStatus::Sent,
        Err(e) => {
            tracing::warn!(id = %record.id, error = e.class(), "outcome e-mail failed");
            AckStatus::Failed
        }
    };
    if let Err(e) = app.store.set_outcome_mail(&record.id, status).await {
        tracing::warn!(id = %record.id, error = e.class(), "could not record outcome e-mail status");
    }
    Some(status)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ResendReport {
    pub attempted: usize,
    pub sent: usize,
    pub failed: usize,
    /// Requests left alone because another sender holds their lease (a delivery in flight).
    pub in_flight: usize,
}

impl ResendReport {
    fn count(&mut self, sent: bool) {
        self.attempted += 1;
        if sent {
            self.sent += 1;
        } else {
            self.failed += 1;
        }
    }
}

/// Resends every pending or failed e-mail (acknowledgements, operator notices, outcome
/// e-mails), each on its own, and sends one summary notice of the requests whose notices
/// were deferred by the hourly limit.
pub async fn resend_pending(app: &App) -> Result<ResendReport, crate::store::StoreError> {
    let mut report = ResendReport::default();
    let pending = match app.store.needs_mail().await {
        Ok(p) => p,
        Err(e) => {
            // Logged like a failed resend so the deployment's alarm on `failed > 0` fires.
            tracing::error!(
                attempted = 0,
                sent = 0,
                failed = 1,
                error = e.class(),
                outcome = "resend",
                "resend"
            );
            return Err(e);
        }
    };
    let mut deferred = Vec::new();
    let now = jiff::Timestamp::now().as_second();
    for mut record in pending {
        // Only the holder of the request's lease sends its e-mails: a delivery in flight (or
        // another resend) keeps this one from sending them a second time.
        match app
            .store
            .take_mail_lease(&record.id, now, now + MAIL_LEASE_SECONDS)
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                report.in_flight += 1;
                continue;
            }
            Err(e) => {
                tracing::warn!(id = %record.id, error = e.class(), "lease unavailable");
                report.count(false);
                continue;
            }
        }
        let mut delivery = Delivery {
            release: true,
            ..Delivery::default()
        };
        if record.ack_status.is_owed() && record.has_email() {
            let ack = send_ack(app, &mut record, None).await;
            report.count(ack.0 == AckStatus::Sent);
            delivery.ack = Some(ack);
            record.ack_status = ack.0;
        }
        if record.ack_status.is_owed() && !record.has_email() {
            // An item from before the two had their own states (a Meta request's "ack" was
            // its notice): nobody to acknowledge.
            delivery.ack = Some((AckStatus::Withheld, Some(WITHHELD_NO_ADDRESS)));
        }
        if record.notice_owed() {
            let notice = send_notice(app, &record).await;
            report.count(notice.0 == NoticeStatus::Sent);
            delivery.notice = Some(notice);
        }
        if record.outcome_mail.is_some_and(AckStatus::is_owed) {
            if let Some(status) = send_outcome(app, &record).await {
                report.count(status == AckStatus::Sent);
            }
        }
        // Records what was sent and ends the lease, except for a notice deferred to the
        // summary: its lease lasts until the summary is sent, so no other resend sends one too.
        let summarize = record.notice_status == Some(NoticeStatus::Deferred);
        delivery.release = !summarize;
        record_delivery(app, &record.id, delivery).await;
        if summarize {
            deferred.push(record.clone());
        }
    }
    if !deferred.is_empty() {
        let sent = send_summary(app, &deferred).await;
        report.count(sent);
    }
    tracing::info!(
        attempted = report.attempted,
        sent = report.sent,
        failed = report.failed,
        in_flight = report.in_flight,
        summarized = deferred.len(),
        outcome = "resend",
        "resend"
    );
    Ok(report)
}

/// One notice for the requests the hourly limit kept from having their own; they are
/// marked `summarized` once it is sent (else they wait for the next run).
async fn send_summary(app: &App, records: &[RequestRecord]) -> bool {
    let result = match app
        .composer
        .notice_summary(records, app.settings.limits.notices_per_hour)
    {
        Ok(message) => app.mailer.send(message).await,
        Err(e) => Err(e),
    };
    let sent = match result {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(
                error = e.class(),
                count = records.len(),
                "notice summary failed"
            );
            false
        }
    };
    // Marked `summarized` once sent (else they wait for the next run); the leases end.
    for r in records {
        let done = Delivery {
            ack: None,
            notice: sent.then_some((NoticeStatus::Summarized, None)),
            release: true,
        };
        record_delivery(app, &r.id, done).await;
    }
    sent
}

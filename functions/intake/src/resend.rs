//! Sending what a stored request is owed (the acknowledgement with the operator notice, and
//! the outcome e-mail after `completed` / `refused`), and resending whatever is still
//! pending or failed.

use crate::app::App;
use crate::record::{almaty_date, AckStatus, RequestRecord};
use crate::token;

/// Sends the acknowledgement (with the confirmation link for `token`) and the operator
/// notice, and records the outcome on the request. `token` is the fresh token whose hash was
/// stored with the request; without one (a resend) a new token replaces the old. Never
/// fails: a failure is recorded as `failed` with its class, for a later resend.
pub async fn acknowledge(app: &App, record: &RequestRecord, token: Option<String>) -> AckStatus {
    let s = &app.settings;
    let mut record = record.clone();
    let result = async {
        let mut ack = None;
        if record.has_email() {
            let token = match token {
                Some(t) => t,
                None => {
                    let issued = token::issue();
                    app.store
                        .set_token(&record.id, &issued.hash, issued.expires)
                        .await
                        .map_err(|e| crate::mail::MailError::Transport(e.class()))?;
                    record.token_hash = Some(issued.hash);
                    record.token_expires = Some(issued.expires);
                    issued.token
                }
            };
            let until = record
                .token_expires
                .and_then(|e| jiff::Timestamp::from_second(e).ok())
                .map(almaty_date)
                .ok_or_else(|| crate::mail::MailError::Build("token expiry".into()))?;
            ack = Some(app.composer.acknowledgement(
                &app.catalog,
                &app.facts,
                &s.mail_from,
                &s.site_url,
                &record,
                &token,
                until,
            )?);
        }
        let notice = app.composer.operator_notice(
            &app.catalog,
            &app.facts,
            &s.mail_from,
            &s.operator_email,
            &s.site_url,
            &record,
        )?;
        if let Some(ack) = ack {
            app.mailer.send(ack).await?;
        }
        app.mailer.send(notice).await
    }
    .await;
    let (status, class) = match &result {
        Ok(()) => (AckStatus::Sent, None),
        Err(e) => (AckStatus::Failed, Some(e.class())),
    };
    if let Some(class) = class {
        tracing::warn!(id = %record.id, error = class, "acknowledgement failed");
    }
    if let Err(e) = app.store.set_ack(&record.id, status, class).await {
        // The request itself is stored; it stays `pending` and the resend picks it up.
        tracing::warn!(id = %record.id, error = e.class(), "could not record acknowledgement status");
    }
    status
}

/// Sends the requester the outcome of a `completed` or `refused` request and records it.
/// `None` when there is nobody to write to (a request sent by Meta).
pub async fn send_outcome(app: &App, record: &RequestRecord) -> Option<AckStatus> {
    if !record.has_email() {
        return None;
    }
    let s = &app.settings;
    let result =
        match app
            .composer
            .outcome(&app.catalog, &app.facts, &s.mail_from, &s.site_url, record)
        {
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
}

/// Resends every pending or failed e-mail: acknowledgements (with their operator notice)
/// and outcome e-mails.
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
    for record in pending {
        let mut outcomes = Vec::new();
        if record.ack_status != AckStatus::Sent {
            outcomes.push(acknowledge(app, &record, None).await);
        }
        if matches!(
            record.outcome_mail,
            Some(AckStatus::Pending | AckStatus::Failed)
        ) {
            if let Some(status) = send_outcome(app, &record).await {
                outcomes.push(status);
            }
        }
        for status in outcomes {
            report.attempted += 1;
            match status {
                AckStatus::Sent => report.sent += 1,
                _ => report.failed += 1,
            }
        }
    }
    tracing::info!(
        attempted = report.attempted,
        sent = report.sent,
        failed = report.failed,
        outcome = "resend",
        "resend"
    );
    Ok(report)
}

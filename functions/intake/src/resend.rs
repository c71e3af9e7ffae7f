//! Sending the acknowledgement and the operator notice of a stored request, and resending
//! them for requests whose acknowledgement is still pending or failed.

use crate::app::App;
use crate::record::{AckStatus, RequestRecord};

/// Sends both e-mails and records the outcome on the request. Never fails: a failure is
/// recorded as `failed` with its class, for a later resend.
pub async fn acknowledge(app: &App, record: &RequestRecord) -> AckStatus {
    let s = &app.settings;
    let result = async {
        let ack = app
            .composer
            .acknowledgement(&app.catalog, &app.facts, &s.mail_from, record)?;
        let notice = app.composer.operator_notice(
            &app.catalog,
            &app.facts,
            &s.mail_from,
            &s.operator_email,
            record,
        )?;
        app.mailer.send(ack).await?;
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

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ResendReport {
    pub attempted: usize,
    pub sent: usize,
    pub failed: usize,
}

/// Resends every pending or failed acknowledgement (with its operator notice).
pub async fn resend_pending(app: &App) -> Result<ResendReport, crate::store::StoreError> {
    let mut report = ResendReport::default();
    let pending = match app.store.unacknowledged().await {
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
        report.attempted += 1;
        match acknowledge(app, &record).await {
            AckStatus::Sent => report.sent += 1,
            _ => report.failed += 1,
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

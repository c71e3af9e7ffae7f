//! The daily scheduled run: resend what is owed, e-mail the operator a digest of open
//! requests that are overdue or due within 3 working days, or whose acknowledgement the
//! per-recipient limit withheld, and record that it ran.

use crate::app::App;
use crate::mail::compose::{Digest, DigestItem};
use crate::store::{RunSummary, StoreError};

/// "Due soon" means due within this many working days (Almaty calendar).
pub const DUE_SOON_WORKING_DAYS: i64 = 3;

/// A claimed run that has not finished after this long is taken to have died.
const STALE_RUN_SECONDS: i64 = 15 * 60;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DailyReport {
    pub day: String,
    pub resent: u32,
    pub failed: u32,
    pub due_soon: u32,
    pub overdue: u32,
    /// Open requests whose acknowledgement the per-recipient limit withheld.
    pub withheld: u32,
    /// `sent`, `none` (nothing due), `failed`, or `already_ran` (a repeated delivery).
    pub digest: &'static str,
    /// Items the run read from DynamoDB's indexes (none for the local store): it grows with
    /// open requests and owed e-mails, not with the table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items_read: Option<u64>,
}

/// Runs the day's tasks at `now`. Repeated deliveries of the schedule on the same day resend
/// again but send no second digest (unless the first one failed).
pub async fn run(app: &App, now: jiff::Timestamp) -> Result<DailyReport, StoreError> {
    let reads_before = app.store.items_read();
    let today = crate::almaty::date(now);
    let day = today.to_string();
    let started_at = crate::almaty::time(now);
    let mut first = app
        .store
        .claim_run(&day, &started_at, now.as_second())
        .await?;
    if !first {
        // A digest that failed earlier today may be sent again, and so may a run that claimed
        // the day but never finished (it died); a run still going on is left alone.
        first = app.store.run(&day).await?.is_some_and(|r| {
            let stale = r
                .started_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|t| now.as_second() - t.as_second() > STALE_RUN_SECONDS);
            r.digest.as_deref() == Some("failed") || (r.finished_at.is_none() && stale)
        });
    }
    let (resent, mut failed) = match crate::resend::resend_pending(app).await {
        Ok(r) => (r.sent as u32, r.failed as u32),
        Err(_) => (0, 1),
    };
    let open = app.store.open_requests().await?;
    let mut overdue = Vec::new();
    let mut due_soon = Vec::new();
    let mut withheld = Vec::new();
    for record in &open {
        // A stored deadline that does not parse is a corrupt item: it must not drop out of
        // the operator's view, so it is logged and listed as overdue.
        let Some(deadline) = record.deadline_date() else {
            tracing::error!(
                id = %record.id,
                "open request with an unreadable deadline: listed as overdue"
            );
            overdue.push(DigestItem {
                record,
                days_left: 0,
            });
            continue;
        };
        let days_left = app.content.calendar.working_days_between(today, deadline);
        if record.ack_withheld_by_limit() {
            withheld.push(DigestItem { record, days_left });
        }
        let item = DigestItem { record, days_left };
        if deadline < today {
            overdue.push(item);
        } else if days_left <= DUE_SOON_WORKING_DAYS {
            due_soon.push(item);
        }
    }
    let digest = if !first {
        "already_ran"
    } else if overdue.is_empty() && due_soon.is_empty() && withheld.is_empty() {
        "none"
    } else {
        let sent = match app.composer.digest(&Digest {
            today,
            overdue: &overdue,
            due_soon: &due_soon,
            withheld: &withheld,
        }) {
            Ok(message) => app.mailer.send(message).await,
            Err(e) => Err(e),
        };
        match sent {
            Ok(()) => "sent",
            Err(e) => {
                tracing::warn!(error = e.class(), "digest failed");
                failed += 1;
                "failed"
            }
        }
    };
    let report = DailyReport {
        day: day.clone(),
        resent,
        failed,
        due_soon: due_soon.len() as u32,
        overdue: overdue.len() as u32,
        withheld: withheld.len() as u32,
        digest,
        items_read: app
            .store
            .items_read()
            .zip(reads_before)
            .map(|(after, before)| after - before),
    };
    if first {
        let summary = RunSummary {
            started_at,
            finished_at: Some(crate::almaty::time(jiff::Timestamp::now())),
            resent,
            failed,
            due_soon: report.due_soon,
            overdue: report.overdue,
            withheld: report.withheld,
            digest: Some(digest.to_string()),
        };
        app.store.finish_run(&day, &summary).await?;
    }
    tracing::info!(
        day = %day,
        resent,
        failed,
        due_soon = report.due_soon,
        overdue = report.overdue,
        withheld = report.withheld,
        digest,
        items_read = report.items_read,
        outcome = "daily",
        "daily"
    );
    Ok(report)
}

//! The use case "change a request's status", on the operator's behalf: `received` → `in_progress` → `completed` | `refused`,
//! each appended to the request's audit trail, and the outcome e-mail to the requester.

use super::record::{AckStatus, RequestRecord};
use super::status::{Actor, AuditEntry, Refusal, RefusalReason, Status};
use crate::app::App;
use crate::store::{Change, StoreError, Transition};

#[derive(Debug, thiserror::Error)]
pub enum MarkError {
    #[error("no request {0}")]
    NotFound(String),
    #[error("a request that is {from} cannot become {to}")]
    NotAllowed {
        from: &'static str,
        to: &'static str,
    },
    #[error("`refused` needs --reason ({0})")]
    MissingReason(String),
    #[error("--reason is only for `refused`")]
    UnexpectedReason,
    #[error("a note goes with `completed` or `refused`")]
    UnexpectedNote,
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What a status change did.
#[derive(Debug)]
pub struct Marked {
    pub record: RequestRecord,
    /// The outcome e-mail: `None` when none is owed (not final, or no address).
    pub outcome_mail: Option<AckStatus>,
}

/// Moves request `id` to `to` on the operator's behalf; `completed` and `refused` e-mail the
/// requester. Conditional on the current status, so concurrent changes cannot both win.
pub async fn mark(
    app: &App,
    id: &str,
    to: Status,
    refusal: Option<Refusal>,
    note: Option<String>,
) -> Result<Marked, MarkError> {
    if note.is_some() && to != Status::Completed {
        return Err(MarkError::UnexpectedNote);
    }
    match (to, &refusal) {
        (Status::Refused, None) => {
            let reasons: Vec<&str> = RefusalReason::ALL.iter().map(|r| r.as_str()).collect();
            return Err(MarkError::MissingReason(reasons.join(", ")));
        }
        (Status::Refused, Some(_)) | (_, None) => {}
        (_, Some(_)) => return Err(MarkError::UnexpectedReason),
    }
    let current = app
        .store
        .get(id)
        .await?
        .ok_or_else(|| MarkError::NotFound(id.to_string()))?;
    let owes_mail = !to.is_open() && current.has_email();
    let change = Change {
        to,
        entry: AuditEntry {
            at: crate::almaty::time(jiff::Timestamp::now()),
            status: to.into(),
            by: Actor::Operator,
            reason: refusal.as_ref().map(|r| r.reason),
        },
        refusal: refusal.as_ref(),
        note: note.as_deref(),
        outcome_mail: owes_mail.then_some(AckStatus::Pending),
    };
    let record = match app.store.transition(id, &change).await? {
        Transition::Changed(r) => *r,
        Transition::NotAllowed(from) => {
            return Err(MarkError::NotAllowed {
                from: from.as_str(),
                to: to.as_str(),
            })
        }
        Transition::NotFound => return Err(MarkError::NotFound(id.to_string())),
    };
    tracing::info!(
        id,
        status = to.as_str(),
        by = "operator",
        outcome = "status_changed",
        "status"
    );
    let outcome_mail = if owes_mail {
        send_outcome_leased(app, &record).await
    } else {
        None
    };
    Ok(Marked {
        record,
        outcome_mail,
    })
}

/// Sends the outcome e-mail if this process gets the request's lease; otherwise a delivery
/// is in flight and the resend sends it (it stays `pending`).
async fn send_outcome_leased(app: &App, record: &RequestRecord) -> Option<AckStatus> {
    let now = jiff::Timestamp::now().as_second();
    let until = now + super::record::MAIL_LEASE_SECONDS;
    match app.store.take_mail_lease(&record.id, now, until).await {
        Ok(true) => {
            let status = crate::resend::send_outcome(app, record).await;
            let release = crate::store::Delivery {
                release: true,
                ..Default::default()
            };
            if let Err(e) = app.store.record_delivery(&record.id, &release).await {
                tracing::warn!(id = %record.id, error = e.class(), "could not end the lease");
            }
            status
        }
        Ok(false) => Some(AckStatus::Pending),
        Err(e) => {
            tracing::warn!(id = %record.id, error = e.class(), "lease unavailable");
            Some(AckStatus::Pending)
        }
    }
}

//! Where requests are logged: DynamoDB in production, an append-only file locally. Both give
//! the same guarantees: a conditional create, and one request per dedupe key and window,
//! also under concurrent submits.

pub mod dynamo;
pub mod file;

use crate::limits::Slot;
use crate::request::{
    AckStatus, AuditEntry, NoticeStatus, Reference, Refusal, RequestRecord, Status,
};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store timed out")]
    Timeout,
    #[error("store unavailable: {0}")]
    Unavailable(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// A short class for logs and for the `ack_error`-style fields: never a message with data.
    pub fn class(&self) -> &'static str {
        match self {
            StoreError::Timeout => "timeout",
            StoreError::Unavailable(_) => "unavailable",
            StoreError::Corrupt(_) => "corrupt",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    New,
    /// The same request was already logged within the dedupe window: this is the first one.
    Duplicate(Box<RequestRecord>),
    /// Another request holds this reference: nothing was written; file it again with a fresh
    /// reference.
    ReferenceTaken,
}

/// What sending (or deciding not to send) a request's e-mails gave, recorded on it: each
/// part with its error class or the reason it was withheld.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery<'a> {
    pub ack: Option<(AckStatus, Option<&'a str>)>,
    pub notice: Option<(NoticeStatus, Option<&'a str>)>,
    /// The sender is done: its lease on the request's e-mails ends.
    pub release: bool,
}

/// What opening a confirmation link did.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmation {
    /// The request is now confirmed.
    Confirmed(Box<RequestRecord>),
    /// The token is this request's, but it was confirmed before: nothing changed.
    AlreadyConfirmed(Box<RequestRecord>),
    /// The token is this request's but older than its validity: nothing changed.
    Expired(Box<RequestRecord>),
    /// No such request, or not its token: nothing changed.
    Invalid,
}

/// What a status change did.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    Changed(Box<RequestRecord>),
    /// The request is in a status from which the change is not allowed: nothing changed.
    NotAllowed(Status),
    NotFound,
}

/// A status change as the store applies it, conditional on the current status.
pub struct Change<'a> {
    pub to: Status,
    pub entry: AuditEntry,
    pub refusal: Option<&'a Refusal>,
    /// The operator's note for a `completed` request (sent in its outcome e-mail).
    pub note: Option<&'a str>,
    /// Set when the change owes the requester an outcome e-mail.
    pub outcome_mail: Option<AckStatus>,
}

/// What posting `token_hash` for `current` would do, read only: the confirmation page's
/// `GET` shows its button only when the `POST` would confirm (`Ok`), else the answer the
/// `POST` would give. Nothing is written.
pub fn preview_confirmation(
    current: Option<RequestRecord>,
    token_hash: &str,
    now: i64,
) -> Result<Box<RequestRecord>, Confirmation> {
    match current {
        Some(r)
            if r.token_hash.as_deref() == Some(token_hash)
                && !r.is_confirmed()
                && r.token_expires.is_some_and(|e| e >= now) =>
        {
            Ok(Box::new(r))
        }
        other => Err(classify_confirmation(other, token_hash)),
    }
}

/// Classifies a failed conditional confirmation from the item as it is now.
pub(crate) fn classify_confirmation(
    current: Option<RequestRecord>,
    token_hash: &str,
) -> Confirmation {
    match current {
        Some(r) if r.token_hash.as_deref() == Some(token_hash) => {
            if r.is_confirmed() {
                Confirmation::AlreadyConfirmed(Box::new(r))
            } else {
                Confirmation::Expired(Box::new(r))
            }
        }
        _ => Confirmation::Invalid,
    }
}

/// The store of the process, with the bound on each call.
pub struct Store {
    backend: Backend,
    timeout: Duration,
}

// One store per process: the size of the enum does not matter.
#[allow(clippy::large_enum_variant)]
enum Backend {
    Dynamo(dynamo::DynamoStore),
    File(file::FileStore),
}

/// What a daily run did, recorded on its `run#daily#<day>` item.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RunSummary {
    pub started_at: String,
    #[serde(default)]
    pub finished_at: Option<String>,
    #[serde(default)]
    pub resent: u32,
    #[serde(default)]
    pub failed: u32,
    #[serde(default)]
    pub due_soon: u32,
    #[serde(default)]
    pub overdue: u32,
    #[serde(default)]
    pub withheld: u32,
    /// `sent`, `none`, `failed`
    #[serde(default)]
    pub digest: Option<String>,
}

impl Store {
    /// `timeout` bounds each call (a scan of many items gets 15 times as long).
    pub fn dynamo(store: dynamo::DynamoStore, timeout: Duration) -> Store {
        Store {
            backend: Backend::Dynamo(store),
            timeout,
        }
    }

    pub fn file(store: file::FileStore, timeout: Duration) -> Store {
        Store {
            backend: Backend::File(store),
            timeout,
        }
    }

    /// The bound on one call.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    async fn bounded<T>(
        &self,
        fut: impl std::future::Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        tokio::time::timeout(self.timeout, fut)
            .await
            .map_err(|_| StoreError::Timeout)?
    }

    /// A scan of a large table can take longer than one visitor call: bound it generously.
    async fn scan_bounded<T>(
        &self,
        fut: impl std::future::Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        tokio::time::timeout(self.timeout * 15, fut)
            .await
            .map_err(|_| StoreError::Timeout)?
    }

    /// The secret of the dedupe HMAC, created once per store and kept in it.
    pub async fn dedupe_secret(&self) -> Result<Vec<u8>, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.dedupe_secret()).await,
            Backend::File(s) => self.bounded(s.dedupe_secret()).await,
        }
    }

    pub async fn create(&self, record: &RequestRecord, now: i64) -> Result<Created, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.create(record, now)).await,
            Backend::File(s) => self.bounded(s.create(record, now)).await,
        }
    }

    /// Records the state of the acknowledgement and of the operator notice.
    pub async fn record_delivery(
        &self,
        id: &str,
        delivery: &Delivery<'_>,
    ) -> Result<(), StoreError> {
        if delivery.ack.is_none() && delivery.notice.is_none() && !delivery.release {
            return Ok(());
        }
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.record_delivery(id, delivery)).await,
            Backend::File(s) => self.bounded(s.record_delivery(id, delivery)).await,
        }
    }

    /// Takes one of `limit` slots of the window of `window` seconds under `key` (a keyed
    /// hash, or [`crate::limits::NOTICES_KEY`]), atomically: concurrent callers never take
    /// more than `limit`. A window starts with its first slot, at `now`.
    pub async fn take_slot(
        &self,
        key: &str,
        limit: u32,
        window: i64,
        now: i64,
    ) -> Result<Slot, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.take_slot(key, limit, window, now)).await,
            Backend::File(s) => self.bounded(s.take_slot(key, limit, window, now)).await,
        }
    }

    pub async fn get(&self, id: &str) -> Result<Option<RequestRecord>, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.get(id)).await,
            Backend::File(s) => self.bounded(s.get(id)).await,
        }
    }

    /// The request that holds `reference`, if any: DynamoDB reads its marker
    /// (`ref#<REFERENCE>`) and then the request, never a scan.
    pub async fn find_reference(
        &self,
        reference: &Reference,
    ) -> Result<Option<RequestRecord>, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.find_reference(reference)).await,
            Backend::File(s) => self.bounded(s.find_reference(reference)).await,
        }
    }

    /// The request `id`, or the one holding the reference `typed` (as a person types it):
    /// the operator's commands accept either.
    pub async fn get_by_id_or_reference(
        &self,
        typed: &str,
    ) -> Result<Option<RequestRecord>, StoreError> {
        let typed = typed.trim();
        if crate::request::is_id(typed) {
            return self.get(typed).await;
        }
        match Reference::parse(typed) {
            Some(reference) => self.find_reference(&reference).await,
            None => Ok(None),
        }
    }

    /// Takes the lease on the request's e-mails until `until` if nobody holds one at `now`
    /// (none, or expired): true for the one caller that got it.
    pub async fn take_mail_lease(
        &self,
        id: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.take_mail_lease(id, now, until)).await,
            Backend::File(s) => self.bounded(s.take_mail_lease(id, now, until)).await,
        }
    }

    /// Replaces the confirmation token (a resend carries a new link).
    pub async fn set_token(&self, id: &str, hash: &str, expires: i64) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.set_token(id, hash, expires)).await,
            Backend::File(s) => self.bounded(s.set_token(id, hash, expires)).await,
        }
    }

    /// Marks the request confirmed if `token_hash` is its token, unused and unexpired.
    pub async fn confirm(
        &self,
        id: &str,
        token_hash: &str,
        entry: &AuditEntry,
        now: i64,
    ) -> Result<Confirmation, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.confirm(id, token_hash, entry, now)).await,
            Backend::File(s) => self.bounded(s.confirm(id, token_hash, entry, now)).await,
        }
    }

    /// Moves the request to `change.to` if its current status allows it.
    pub async fn transition(
        &self,
        id: &str,
        change: &Change<'_>,
    ) -> Result<Transition, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.transition(id, change)).await,
            Backend::File(s) => self.bounded(s.transition(id, change)).await,
        }
    }

    pub async fn set_outcome_mail(&self, id: &str, status: AckStatus) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.set_outcome_mail(id, status)).await,
            Backend::File(s) => self.bounded(s.set_outcome_mail(id, status)).await,
        }
    }

    /// Requests that owe an e-mail: the acknowledgement, the operator notice or the outcome,
    /// pending or failed, and notices deferred to a summary (never a honeypot's). DynamoDB
    /// reads them from a sparse index, never the whole table.
    pub async fn needs_mail(&self) -> Result<Vec<RequestRecord>, StoreError> {
        self.scan_bounded(async {
            match &self.backend {
                Backend::Dynamo(s) => s.needs_mail().await,
                Backend::File(s) => s.needs_mail().await,
            }
        })
        .await
    }

    /// Requests still owed an answer (`received`, `in_progress`), earliest deadline first
    /// (never a honeypot's); DynamoDB reads them from a sparse index.
    pub async fn open_requests(&self) -> Result<Vec<RequestRecord>, StoreError> {
        let mut open = self
            .scan_bounded(async {
                match &self.backend {
                    Backend::Dynamo(s) => s.open_requests().await,
                    Backend::File(s) => s.open_requests().await,
                }
            })
            .await?;
        open.sort_by(|a, b| {
            (a.deadline.as_str(), a.received_at.as_str())
                .cmp(&(b.deadline.as_str(), b.received_at.as_str()))
        });
        Ok(open)
    }

    /// Claims the scheduled run of `day` (`YYYY-MM-DD`): true for the first caller only, so
    /// a repeated delivery of the schedule does not send a second digest.
    pub async fn claim_run(&self, day: &str, at: &str, now: i64) -> Result<bool, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.claim_run(day, at, now)).await,
            Backend::File(s) => self.bounded(s.claim_run(day, at)).await,
        }
    }

    /// Records what the run of `day` did.
    pub async fn finish_run(&self, day: &str, summary: &RunSummary) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.finish_run(day, summary)).await,
            Backend::File(s) => self.bounded(s.finish_run(day, summary)).await,
        }
    }

    /// What the run of `day` recorded, if it ran.
    pub async fn run(&self, day: &str) -> Result<Option<RunSummary>, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => self.bounded(s.run(day)).await,
            Backend::File(s) => self.bounded(s.run(day)).await,
        }
    }

    /// Puts the requests stored before the indexes existed into them; how many it changed.
    /// The file store has no indexes (0).
    pub async fn reindex(&self) -> Result<u64, StoreError> {
        match &self.backend {
            Backend::Dynamo(s) => s.reindex().await,
            Backend::File(_) => Ok(0),
        }
    }

    /// Items the scheduled work has read from DynamoDB's indexes so far; `None` for the file
    /// store (it reads its journal once, at start).
    pub fn items_read(&self) -> Option<u64> {
        match &self.backend {
            Backend::Dynamo(s) => Some(s.items_read()),
            Backend::File(_) => None,
        }
    }

    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Dynamo(s) => format!("DynamoDB table {}", s.table()),
            Backend::File(s) => format!("local store {}", s.path().display()),
        }
    }

    /// Every request received from `from` to `to` (Almaty dates of receipt, inclusive; each
    /// bound optional), in the order received, never a honeypot's: the register for an
    /// auditor (`intake export`, `intake report`). On DynamoDB a Scan (bounded like one):
    /// the register covers closed requests too, and no index is kept over receipt dates.
    pub async fn requests_received(
        &self,
        from: Option<jiff::civil::Date>,
        to: Option<jiff::civil::Date>,
    ) -> Result<Vec<RequestRecord>, StoreError> {
        let mut records = self
            .scan_bounded(async {
                match &self.backend {
                    Backend::Dynamo(s) => s.requests_received(from, to).await,
                    Backend::File(s) => s.requests_received(from, to).await,
                }
            })
            .await?;
        records.sort_by(|a, b| (&a.received_at, &a.id).cmp(&(&b.received_at, &b.id)));
        Ok(records)
    }
}

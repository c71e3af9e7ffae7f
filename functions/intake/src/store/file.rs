//! The local store of `serve`: an append-only JSON-lines journal under the data directory.
//! Every change is one appended line (a created request, the request as changed, or a daily
//! run), written and synced under a lock, so the same conditional rules hold as in DynamoDB.
//! Before each operation the store reads what other processes appended (the operator's
//! `intake --data-dir` next to a running `serve`), so neither overwrites the other's changes.

use super::{
    classify_confirmation, Change, Confirmation, Created, Delivery, RunSummary, StoreError,
    Transition,
};
use crate::limits::Slot;
use crate::request::{AckStatus, AuditEntry, NoticeStatus, RequestRecord};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use tokio::sync::Mutex;

#[derive(Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum Entry {
    Created {
        record: Box<RequestRecord>,
    },
    Ack {
        id: String,
        status: AckStatus,
        error: Option<String>,
    },
    Notice {
        id: String,
        status: NoticeStatus,
        error: Option<String>,
    },
    /// A limit's window as it now is (`key` is a keyed hash: no personal data).
    Slot {
        key: String,
        window_start: i64,
        used: u32,
    },
    /// The whole request after a change (status, confirmation, token, outcome e-mail).
    Updated {
        record: Box<RequestRecord>,
    },
    Run {
        day: String,
        summary: RunSummary,
    },
}

#[derive(Default)]
struct State {
    records: HashMap<String, RequestRecord>,
    /// dedupe key -> id of the first request in its window
    dedupe: HashMap<String, String>,
    /// reference (canonical) -> id of the request that holds it
    references: HashMap<String, String>,
    order: Vec<String>,
    runs: HashMap<String, RunSummary>,
    /// limit key -> (window start, slots used)
    slots: HashMap<String, (i64, u32)>,
    /// How far the journal has been read.
    offset: u64,
}

pub struct FileStore {
    journal: PathBuf,
    secret_file: PathBuf,
    state: Mutex<State>,
}

fn io(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("{}: {e}", path.display()))
}

impl FileStore {
    /// Opens (or creates) the store in `dir`, replaying the journal.
    pub fn open(dir: &Path) -> Result<FileStore, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let journal = dir.join("requests.jsonl");
        let mut state = State::default();
        read_new(&journal, &mut state)?;
        Ok(FileStore {
            secret_file: dir.join("dedupe.key"),
            journal,
            state: Mutex::new(state),
        })
    }

    pub fn path(&self) -> &Path {
        &self.journal
    }

    /// The state, with whatever other processes appended since the last look.
    async fn state(&self) -> Result<tokio::sync::MutexGuard<'_, State>, StoreError> {
        let mut state = self.state.lock().await;
        read_new(&self.journal, &mut state)?;
        Ok(state)
    }

    fn append(&self, entry: &Entry) -> Result<(), StoreError> {
        let mut line =
            serde_json::to_string(entry).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        line.push('\n');
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.journal)
            .map_err(|e| io(&self.journal, e))?;
        // One write of one line with O_APPEND: a crash leaves whole lines only (or a torn
        // last line, which replay reports).
        file.write_all(line.as_bytes())
            .map_err(|e| io(&self.journal, e))?;
        file.sync_data().map_err(|e| io(&self.journal, e))
    }

    pub async fn dedupe_secret(&self) -> Result<Vec<u8>, StoreError> {
        let _guard = self.state().await?;
        if let Ok(bytes) = std::fs::read(&self.secret_file) {
            if bytes.len() == 32 {
                return Ok(bytes);
            }
        }
        let fresh: [u8; 32] = rand::random();
        std::fs::write(&self.secret_file, fresh).map_err(|e| io(&self.secret_file, e))?;
        Ok(fresh.to_vec())
    }

    pub async fn create(&self, record: &RequestRecord, now: i64) -> Result<Created, StoreError> {
        let mut state = self.state().await?;
        if let Some(first) = state
            .dedupe
            .get(&record.dedupe_key)
            .and_then(|id| state.records.get(id))
        {
            if first.dedupe_until >= now {
                return Ok(Created::Duplicate(Box::new(first.clone())));
            }
        }
        if state.records.contains_key(&record.id) {
            return Err(StoreError::Corrupt("request id collision".into()));
        }
        if let Some(reference) = &record.reference {
            if state.references.contains_key(reference.as_str()) {
                return Ok(Created::ReferenceTaken);
            }
        }
        let entry = Entry::Created {
            record: Box::new(record.clone()),
        };
        self.append(&entry)?;
        apply(&mut state, entry);
        Ok(Created::New)
    }

    pub async fn record_delivery(
        &self,
        id: &str,
        delivery: &Delivery<'_>,
    ) -> Result<(), StoreError> {
        let mut state = self.state().await?;
        if !state.records.contains_key(id) {
            return Err(StoreError::Corrupt(format!("no request {id}")));
        }
        let mut entries = Vec::new();
        if let Some((status, error)) = delivery.ack {
            entries.push(Entry::Ack {
                id: id.to_string(),
                status,
                error: error.map(str::to_string),
            });
        }
        if let Some((status, error)) = delivery.notice {
            entries.push(Entry::Notice {
                id: id.to_string(),
                status,
                error: error.map(str::to_string),
            });
        }
        for entry in entries {
            self.append(&entry)?;
            apply(&mut state, entry);
        }
        if delivery.release {
            if let Some(mut record) = state.records.get(id).cloned() {
                record.mail_lease_until = None;
                let entry = Entry::Updated {
                    record: Box::new(record),
                };
                self.append(&entry)?;
                apply(&mut state, entry);
            }
        }
        Ok(())
    }

    /// The same rule as DynamoDB's, under the lock: only when no lease is live at `now`.
    pub async fn take_mail_lease(
        &self,
        id: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        let mut state = self.state().await?;
        let Some(mut record) = state.records.get(id).cloned() else {
            return Err(StoreError::Corrupt(format!("no request {id}")));
        };
        if record.mail_lease_until.is_some_and(|held| held >= now) {
            return Ok(false);
        }
        record.mail_lease_until = Some(until);
        let entry = Entry::Updated {
            record: Box::new(record),
        };
        self.append(&entry)?;
        apply(&mut state, entry);
        Ok(true)
    }

    /// The same rule as DynamoDB's, checked and changed under the lock.
    pub async fn take_slot(
        &self,
        key: &str,
        limit: u32,
        window: i64,
        now: i64,
    ) -> Result<Slot, StoreError> {
        let mut state = self.state().await?;
        let (window_start, used) = match state.slots.get(key) {
            Some(&(start, used)) if start > now - window => {
                if used >= limit {
                    return Ok(Slot::Full {
                        until: start + window,
                    });
                }
                (start, used + 1)
            }
            _ if limit == 0 => {
                return Ok(Slot::Full {
                    until: now + window,
                })
            }
            _ => (now, 1),
        };
        let entry = Entry::Slot {
            key: key.to_string(),
            window_start,
            used,
        };
        self.append(&entry)?;
        apply(&mut state, entry);
        Ok(Slot::Taken)
    }

    pub async fn get(&self, id: &str) -> Result<Option<RequestRecord>, StoreError> {
        Ok(self.state().await?.records.get(id).cloned())
    }

    pub async fn find_reference(
        &self,
        reference: &crate::request::Reference,
    ) -> Result<Option<RequestRecord>, StoreError> {
        let state = self.state().await?;
        Ok(state
            .references
            .get(reference.as_str())
            .and_then(|id| state.records.get(id))
            .cloned())
    }

    /// Applies `change` to a copy of the request and journals it, under the lock.
    async fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut RequestRecord),
    ) -> Result<Option<RequestRecord>, StoreError> {
        let mut state = self.state().await?;
        let Some(mut record) = state.records.get(id).cloned() else {
            return Ok(None);
        };
        change(&mut record);
        let entry = Entry::Updated {
            record: Box::new(record.clone()),
        };
        self.append(&entry)?;
        apply(&mut state, entry);
        Ok(Some(record))
    }

    pub async fn set_token(&self, id: &str, hash: &str, expires: i64) -> Result<(), StoreError> {
        self.update(id, |r| {
            r.token_hash = Some(hash.to_string());
            r.token_expires = Some(expires);
        })
        .await?
        .map(|_| ())
        .ok_or_else(|| StoreError::Corrupt(format!("no request {id}")))
    }

    pub async fn confirm(
        &self,
        id: &str,
        token_hash: &str,
        entry: &AuditEntry,
        now: i64,
    ) -> Result<Confirmation, StoreError> {
        // Checked and changed under one lock, like DynamoDB's conditional update.
        let mut state = self.state().await?;
        let current = state.records.get(id).cloned();
        let Some(mut record) = current.clone().filter(|r| {
            r.token_hash.as_deref() == Some(token_hash)
                && !r.is_confirmed()
                && r.token_expires.is_some_and(|e| e >= now)
        }) else {
            return Ok(classify_confirmation(current, token_hash));
        };
        record.confirmed_at = Some(entry.at.clone());
        record.history.push(entry.clone());
        let entry = Entry::Updated {
            record: Box::new(record.clone()),
        };
        self.append(&entry)?;
        apply(&mut state, entry);
        Ok(Confirmation::Confirmed(Box::new(record)))
    }

    pub async fn transition(
        &self,
        id: &str,
        change: &Change<'_>,
    ) -> Result<Transition, StoreError> {
        let mut state = self.state().await?;
        let Some(mut record) = state.records.get(id).cloned() else {
            return Ok(Transition::NotFound);
        };
        if !record.status.next().contains(&change.to) {
            return Ok(Transition::NotAllowed(record.status));
        }
        record.status = change.to;
        record.history.push(change.entry.clone());
        if let Some(refusal) = change.refusal {
            record.refusal = Some(refusal.clone());
        }
        if let Some(note) = change.note {
            record.outcome_note = Some(note.to_string());
        }
        if change.outcome_mail.is_some() {
            record.outcome_mail = change.outcome_mail;
        }
        let entry = Entry::Updated {
            record: Box::new(record.clone()),
        };
        self.append(&entry)?;
        apply(&mut state, entry);
        Ok(Transition::Changed(Box::new(record)))
    }

    pub async fn set_outcome_mail(&self, id: &str, status: AckStatus) -> Result<(), StoreError> {
        self.update(id, |r| r.outcome_mail = Some(status))
            .await?
            .map(|_| ())
            .ok_or_else(|| StoreError::Corrupt(format!("no request {id}")))
    }

    pub async fn needs_mail(&self) -> Result<Vec<RequestRecord>, StoreError> {
        Ok(self
            .all()
            .await?
            .into_iter()
            .filter(|r| !r.honeypot && r.owes_mail())
            .collect())
    }

    pub async fn open_requests(&self) -> Result<Vec<RequestRecord>, StoreError> {
        Ok(self
            .all()
            .await?
            .into_iter()
            .filter(|r| r.status.is_open() && !r.honeypot)
            .collect())
    }

    pub async fn claim_run(&self, day: &str, at: &str) -> Result<bool, StoreError> {
        let mut state = self.state().await?;
        if state.runs.contains_key(day) {
            return Ok(false);
        }
        let entry = Entry::Run {
            day: day.to_string(),
            summary: RunSummary {
                started_at: at.to_string(),
                ..RunSummary::default()
            },
        };
        self.append(&entry)?;
        apply(&mut state, entry);
        Ok(true)
    }

    pub async fn finish_run(&self, day: &str, summary: &RunSummary) -> Result<(), StoreError> {
        let mut state = self.state().await?;
        let entry = Entry::Run {
            day: day.to_string(),
            summary: summary.clone(),
        };
        self.append(&entry)?;
        apply(&mut state, entry);
        Ok(())
    }

    pub async fn run(&self, day: &str) -> Result<Option<RunSummary>, StoreError> {
        Ok(self.state().await?.runs.get(day).cloned())
    }

    /// Every request, oldest first.
    pub async fn all(&self) -> Result<Vec<RequestRecord>, StoreError> {
        let state = self.state().await?;
        Ok(state
            .order
            .iter()
            .filter_map(|id| state.records.get(id))
            .cloned()
            .collect())
    }

    /// Every request received from `from` to `to` (dates of receipt, inclusive; each bound
    /// optional), never a honeypot's, oldest first.
    pub async fn requests_received(
        &self,
        from: Option<jiff::civil::Date>,
        to: Option<jiff::civil::Date>,
    ) -> Result<Vec<RequestRecord>, StoreError> {
        Ok(self
            .all()
            .await?
            .into_iter()
            .filter(|r| !r.honeypot)
            .filter(|r| {
                r.receipt_date()
                    .is_some_and(|d| from.is_none_or(|f| f <= d) && to.is_none_or(|t| d <= t))
            })
            .collect())
    }
}

/// Reads and applies the lines appended since `state.offset` (our own included: applying a
/// line twice changes nothing).
fn read_new(journal: &Path, state: &mut State) -> Result<(), StoreError> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = match std::fs::File::open(journal) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(journal, e)),
    };
    let len = file.metadata().map_err(|e| io(journal, e))?.len();
    if len <= state.offset {
        return Ok(());
    }
    file.seek(SeekFrom::Start(state.offset))
        .map_err(|e| io(journal, e))?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|e| io(journal, e))?;
    // Only whole lines: a line still being written by another process is read next time.
    let complete = text.rfind('\n').map(|i| i + 1).unwrap_or(0);
    for line in text[..complete].lines().filter(|l| !l.trim().is_empty()) {
        let entry: Entry = serde_json::from_str(line)
            .map_err(|e| StoreError::Corrupt(format!("{}: {e}", journal.display())))?;
        apply(state, entry);
    }
    state.offset += complete as u64;
    Ok(())
}

/// Keeps the index of references (a request's reference never changes once given).
fn index_reference(state: &mut State, record: &RequestRecord) {
    if let Some(reference) = &record.reference {
        state
            .references
            .entry(reference.as_str().to_string())
            .or_insert_with(|| record.id.clone());
    }
}

fn apply(state: &mut State, entry: Entry) {
    match entry {
        Entry::Created { record } => {
            index_reference(state, &record);
            state
                .dedupe
                .insert(record.dedupe_key.clone(), record.id.clone());
            if !state.records.contains_key(&record.id) {
                state.order.push(record.id.clone());
            }
            state.records.insert(record.id.clone(), *record);
        }
        Entry::Ack { id, status, error } => {
            if let Some(r) = state.records.get_mut(&id) {
                r.ack_status = status;
                r.ack_error = error;
            }
        }
        Entry::Notice { id, status, error } => {
            if let Some(r) = state.records.get_mut(&id) {
                r.notice_status = Some(status);
                r.notice_error = error;
            }
        }
        Entry::Slot {
            key,
            window_start,
            used,
        } => {
            state.slots.insert(key, (window_start, used));
        }
        Entry::Updated { record } => {
            index_reference(state, &record);
            state.records.insert(record.id.clone(), *record);
        }
        Entry::Run { day, summary } => {
            state.runs.insert(day, summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Kind;
    use crate::request::{Actor, Event, NewRequest, Refusal, RefusalReason, Status};
    use crate::store::Change;

    fn record(email: &str) -> RequestRecord {
        let calendar = policy::embedded::calendar_checked().unwrap();
        let rule = policy::DeadlineRule {
            amount: 10,
            unit: policy::facts::DeadlineUnit::WorkingDays,
        };
        let deadline = rule.compute(&calendar, "2026-11-02T05:00:00Z".parse().unwrap());
        let intake = NewRequest {
            kind: Kind::Deletion,
            locale: policy::Locale::En,
            name: Some("N"),
            email: Some(email),
            phone: None,
            details: None,
            scope: None,
            meta_user_id: None,
            by: Actor::Requester,
            honeypot: false,
        };
        RequestRecord::new(
            &intake,
            &deadline,
            &crate::keys::Keyer::new(b"k").unwrap(),
            30,
        )
    }

    fn entry(status: Event, by: Actor) -> AuditEntry {
        AuditEntry {
            at: "2026-11-03T10:00:00+05:00".into(),
            status,
            by,
            reason: None,
        }
    }

    #[tokio::test]
    async fn the_lifecycle_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(dir.path()).unwrap();
        let mut r = record("a@b.kz");
        r.token_hash = Some("h".into());
        r.token_expires = Some(100);
        assert_eq!(store.create(&r, 0).await.unwrap(), Created::New);

        let confirm = entry(Event::Confirmed, Actor::Requester);
        assert!(matches!(
            store.confirm(&r.id, "wrong", &confirm, 50).await.unwrap(),
            Confirmation::Invalid
        ));
        assert!(matches!(
            store.confirm(&r.id, "h", &confirm, 101).await.unwrap(),
            Confirmation::Expired(_)
        ));
        assert!(matches!(
            store.confirm(&r.id, "h", &confirm, 50).await.unwrap(),
            Confirmation::Confirmed(_)
        ));
        assert!(matches!(
            store.confirm(&r.id, "h", &confirm, 50).await.unwrap(),
            Confirmation::AlreadyConfirmed(_)
        ));

        let refusal = Refusal {
            reason: RefusalReason::LegalRetention,
            note: None,
        };
        let change = |to| Change {
            to,
            entry: entry(to.into(), Actor::Operator),
            refusal: (to == Status::Refused).then_some(&refusal),
            note: None,
            outcome_mail: (to == Status::Refused).then_some(AckStatus::Pending),
        };
        assert!(matches!(
            store
                .transition(&r.id, &change(Status::Refused))
                .await
                .unwrap(),
            Transition::Changed(_)
        ));
        assert_eq!(
            store
                .transition(&r.id, &change(Status::Completed))
                .await
                .unwrap(),
            Transition::NotAllowed(Status::Refused)
        );
        assert_eq!(
            store
                .transition("ip-none", &change(Status::Completed))
                .await
                .unwrap(),
            Transition::NotFound
        );
        assert!(store.claim_run("2026-11-03", "t").await.unwrap());
        assert!(!store.claim_run("2026-11-03", "t").await.unwrap());
        drop(store);

        // Replaying the journal gives the same state.
        let store = FileStore::open(dir.path()).unwrap();
        let back = store.get(&r.id).await.unwrap().unwrap();
        assert_eq!(back.status, Status::Refused);
        assert!(back.confirmed_at.is_some());
        assert_eq!(back.refusal, Some(refusal.clone()));
        assert_eq!(
            back.history.iter().map(|e| e.status).collect::<Vec<_>>(),
            [Event::Received, Event::Confirmed, Event::Refused]
        );
        assert_eq!(
            store.needs_mail().await.unwrap().len(),
            1,
            "ack and outcome owed"
        );
        assert!(store.open_requests().await.unwrap().is_empty());
        assert!(!store.claim_run("2026-11-03", "t").await.unwrap());
    }

    #[tokio::test]
    async fn limit_slots_fill_expire_and_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(dir.path()).unwrap();
        for _ in 0..2 {
            assert_eq!(
                store.take_slot("k", 2, 100, 1000).await.unwrap(),
                Slot::Taken
            );
        }
        assert_eq!(
            store.take_slot("k", 2, 100, 1050).await.unwrap(),
            Slot::Full { until: 1100 }
        );
        // Another key is another limit.
        assert_eq!(
            store.take_slot("j", 2, 100, 1050).await.unwrap(),
            Slot::Taken
        );
        drop(store);
        let store = FileStore::open(dir.path()).unwrap();
        assert_eq!(
            store.take_slot("k", 2, 100, 1099).await.unwrap(),
            Slot::Full { until: 1100 }
        );
        // The window has ended: a new one.
        assert_eq!(
            store.take_slot("k", 2, 100, 1100).await.unwrap(),
            Slot::Taken
        );
        assert_eq!(
            store.take_slot("k", 2, 100, 1101).await.unwrap(),
            Slot::Taken
        );
        assert_eq!(
            store.take_slot("k", 2, 100, 1102).await.unwrap(),
            Slot::Full { until: 1200 }
        );
    }

    #[tokio::test]
    async fn two_processes_on_one_journal_see_each_others_changes() {
        let dir = tempfile::tempdir().unwrap();
        let serve = FileStore::open(dir.path()).unwrap();
        let r = record("x@y.kz");
        serve.create(&r, 0).await.unwrap();
        // The operator's command, as another process, marks it in progress.
        let operator = FileStore::open(dir.path()).unwrap();
        let change = Change {
            to: Status::InProgress,
            entry: entry(Event::InProgress, Actor::Operator),
            refusal: None,
            note: None,
            outcome_mail: None,
        };
        assert!(matches!(
            operator.transition(&r.id, &change).await.unwrap(),
            Transition::Changed(_)
        ));
        // serve sees it, and its own next change builds on it instead of overwriting it.
        assert_eq!(
            serve.get(&r.id).await.unwrap().unwrap().status,
            Status::InProgress
        );
        let sent = Delivery {
            ack: Some((AckStatus::Sent, None)),
            notice: None,
            release: false,
        };
        serve.record_delivery(&r.id, &sent).await.unwrap();
        let back = FileStore::open(dir.path()).unwrap();
        let r2 = back.get(&r.id).await.unwrap().unwrap();
        assert_eq!(
            (r2.status, r2.ack_status),
            (Status::InProgress, AckStatus::Sent)
        );
        assert_eq!(back.all().await.unwrap().len(), 1);
    }
}

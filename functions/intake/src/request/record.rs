//! The stored request: what was asked, its deadline, its status and audit trail, the state of
//! each e-mail it is owed, and its keys (no key ever holds personal data).

use super::kind::{Kind, Scope};
use super::reference::Reference;
use super::status::{Actor, AuditEntry, Event, Refusal, Status};
use super::submission::Submission;
use crate::keys::Keyer;
use jiff::Timestamp;
use policy::{Deadline, Locale};
use serde::{Deserialize, Serialize};

/// A resubmission of the same type, e-mail and scope within this window is the same request.
pub const DEDUPE_WINDOW_SECONDS: i64 = 24 * 3600;

/// How long a lease on a request's e-mails lasts: longer than the slowest delivery (two
/// sends of at most 8 s each, their limit checks and the record of the outcome).
pub const MAIL_LEASE_SECONDS: i64 = 120;

/// State of an e-mail the function owes the requester: the acknowledgement or the outcome
/// e-mail after `completed` / `refused`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckStatus {
    Pending,
    Sent,
    Failed,
    /// Not sent on purpose, never resent; why is in `ack_error`: `recipient_limit` (the
    /// mailbox had its acknowledgements for the day), `no_address` (a request from Meta),
    /// `honeypot`.
    Withheld,
}

impl AckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AckStatus::Pending => "pending",
            AckStatus::Sent => "sent",
            AckStatus::Failed => "failed",
            AckStatus::Withheld => "withheld",
        }
    }

    /// Still to be sent (by the resend).
    pub fn is_owed(self) -> bool {
        matches!(self, AckStatus::Pending | AckStatus::Failed)
    }
}

/// Why an acknowledgement was withheld (`ack_error`).
pub const WITHHELD_RECIPIENT_LIMIT: &str = "recipient_limit";
pub const WITHHELD_NO_ADDRESS: &str = "no_address";
pub const WITHHELD_HONEYPOT: &str = "honeypot";

/// State of the operator's notice of a request, kept apart from the acknowledgement: one
/// failing must not stop or repeat the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    Pending,
    Sent,
    Failed,
    /// Past the hourly limit of notices: waits for the next summary (the hourly resend).
    Deferred,
    /// Listed in a summary notice.
    Summarized,
}

impl NoticeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeStatus::Pending => "pending",
            NoticeStatus::Sent => "sent",
            NoticeStatus::Failed => "failed",
            NoticeStatus::Deferred => "deferred",
            NoticeStatus::Summarized => "summarized",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub id: String,
    /// The short reference people quote (`K7Q2-M9XD`); absent on a request filed by Meta's
    /// callback (Meta shows the id as its confirmation code) and on items from before
    /// references were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Reference>,
    #[serde(rename = "type")]
    pub kind: Kind,
    pub locale: Locale,
    /// Absent for a request filed by Meta's callback.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub details: Option<String>,
    #[serde(default)]
    pub scope: Option<Scope>,
    /// Meta's app-scoped user id, for `meta_deletion`.
    #[serde(default)]
    pub meta_user_id: Option<String>,
    /// RFC 3339 in Almaty time, with its offset: `2026-11-02T01:30:00+05:00`.
    pub received_at: String,
    pub receipt_date: String,
    /// `YYYY-MM-DD`
    pub deadline: String,
    /// The rule as applied, e.g. `10 working_days`.
    pub rule: String,
    pub status: Status,
    #[serde(default)]
    pub history: Vec<AuditEntry>,
    /// When the requester opened the confirmation link (RFC 3339, Almaty).
    #[serde(default)]
    pub confirmed_at: Option<String>,
    /// SHA-256 (hex) of the confirmation token; the token itself is only in the e-mail.
    #[serde(default)]
    pub token_hash: Option<String>,
    /// Epoch seconds after which the token no longer confirms.
    #[serde(default)]
    pub token_expires: Option<i64>,
    #[serde(default)]
    pub refusal: Option<Refusal>,
    pub ack_status: AckStatus,
    /// The error class of a failed acknowledgement, or why it was withheld.
    #[serde(default)]
    pub ack_error: Option<String>,
    /// The operator's notice; absent on items from before it had its own state (then it
    /// shared the acknowledgement's).
    #[serde(default)]
    pub notice_status: Option<NoticeStatus>,
    #[serde(default)]
    pub notice_error: Option<String>,
    /// Filed through the form's honeypot: kept (without anything the bot typed) only so that
    /// its answer and status page look like a real request's; never mailed or listed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub honeypot: bool,
    /// The operator's note for a `completed` request (what applies to this person), sent
    /// only in the outcome e-mail; never on the status page or in a log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_note: Option<String>,
    /// The e-mail telling the requester the outcome (`completed` / `refused`).
    #[serde(default)]
    pub outcome_mail: Option<AckStatus>,
    pub dedupe_key: String,
    /// Epoch seconds until which one process holds the right to send this request's e-mails
    /// (the one that filed it, or a resend that took the lease): a second sender skips it, so
    /// no letter goes out twice; a holder that died leaves a lease that expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_lease_until: Option<i64>,
    /// Epoch seconds; DynamoDB's TTL attribute.
    pub expires_at: i64,
    /// Epoch seconds after which a resubmission is a new request.
    pub dedupe_until: i64,
    /// The policy version in force at receipt (`policy.version` of the facts compiled in,
    /// e.g. `1.0`); absent on items from before versions were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_version: Option<String>,
    /// SHA-256 (hex) of that version's privacy page in the request's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_digest: Option<String>,
}

/// 128 random bits: unguessable, so the id can be shown in a status URL.
pub fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    format!("ip-{}", hex::encode(bytes))
}

/// The shape of an id, checked before any store call.
pub fn is_id(s: &str) -> bool {
    s.strip_prefix("ip-").is_some_and(|hex| {
        hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// Who is behind a request and what they asked, before it has an id.
pub struct NewRequest<'a> {
    pub kind: Kind,
    pub locale: Locale,
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub details: Option<&'a str>,
    pub scope: Option<Scope>,
    pub meta_user_id: Option<&'a str>,
    pub by: Actor,
    /// Filed through the honeypot: nothing of it is kept but its shape.
    pub honeypot: bool,
}

impl<'a> From<&'a Submission> for NewRequest<'a> {
    fn from(s: &'a Submission) -> NewRequest<'a> {
        NewRequest {
            kind: s.kind,
            locale: s.locale,
            name: Some(&s.name),
            email: Some(&s.email),
            phone: s.phone.as_deref(),
            details: s.details.as_deref(),
            scope: s.scope,
            meta_user_id: None,
            by: Actor::Requester,
            honeypot: s.is_bot,
        }
    }
}

impl RequestRecord {
    pub fn new(
        intake: &NewRequest,
        deadline: &Deadline,
        keyer: &Keyer,
        retention_days: u32,
    ) -> RequestRecord {
        let received: Timestamp = deadline.received_at.timestamp();
        let unit = match deadline.rule.unit {
            policy::facts::DeadlineUnit::WorkingDays => "working_days",
            policy::facts::DeadlineUnit::CalendarDays => "calendar_days",
        };
        let received_at = crate::almaty::time(received);
        let subject = intake.email.or(intake.meta_user_id).unwrap_or("");
        // A honeypot's resubmissions are deduplicated like a person's (same answer), but in
        // a key space of their own, so that a bot cannot suppress a person's real request.
        let subject = if intake.honeypot {
            format!("honeypot\n{subject}")
        } else {
            subject.to_string()
        };
        let keep = |v: Option<&str>| v.filter(|_| !intake.honeypot).map(str::to_string);
        let (ack_status, ack_error) = if intake.honeypot {
            (AckStatus::Withheld, Some(WITHHELD_HONEYPOT.to_string()))
        } else {
            (AckStatus::Pending, None)
        };
        RequestRecord {
            id: new_id(),
            reference: intake.kind.has_requester().then(Reference::random),
            kind: intake.kind,
            locale: intake.locale,
            name: keep(intake.name),
            email: keep(intake.email),
            phone: keep(intake.phone),
            details: keep(intake.details),
            scope: intake.scope,
            meta_user_id: intake.meta_user_id.map(str::to_string),
            received_at: received_at.clone(),
            receipt_date: deadline.receipt_date.to_string(),
            deadline: deadline.due.to_string(),
            rule: format!("{} {unit}", deadline.rule.amount),
            status: Status::Received,
            history: vec![AuditEntry {
                at: received_at,
                status: Event::Received,
                by: intake.by,
                reason: None,
            }],
            confirmed_at: None,
            token_hash: None,
            token_expires: None,
            refusal: None,
            ack_status,
            ack_error,
            notice_status: (!intake.honeypot).then_some(NoticeStatus::Pending),
            notice_error: None,
            honeypot: intake.honeypot,
            outcome_note: None,
            outcome_mail: None,
            dedupe_key: dedupe_key(keyer, intake.kind, &subject, intake.scope),
            mail_lease_until: None,
            expires_at: received.as_second() + i64::from(retention_days) * 86_400,
            dedupe_until: received.as_second() + DEDUPE_WINDOW_SECONDS,
            policy_version: None,
            policy_digest: None,
        }
    }

    /// Records the policy version in force and the digest of its privacy page in the
    /// request's language.
    pub fn with_policy(mut self, digests: &policy::PageDigests) -> RequestRecord {
        self.policy_version = Some(digests.version.clone());
        self.policy_digest = digests.privacy(self.locale).map(str::to_string);
        self
    }

    /// The number to show people: the reference (`K7Q2-M9XD`), else the id (Meta's
    /// requests, and items from before references were given).
    pub fn number(&self) -> String {
        match &self.reference {
            Some(r) => r.grouped(),
            None => self.id.clone(),
        }
    }

    pub fn deadline_date(&self) -> Option<jiff::civil::Date> {
        self.deadline.parse().ok()
    }

    pub fn receipt_date(&self) -> Option<jiff::civil::Date> {
        self.receipt_date.parse().ok()
    }

    /// The latest entry of the audit trail.
    pub fn last_change(&self) -> Option<&AuditEntry> {
        self.history.last()
    }

    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    /// Whether the status page offers to send the confirmation e-mail again: a request filed
    /// by a person (a honeypot's looks like one), not confirmed yet, still open.
    pub fn awaits_confirmation(&self) -> bool {
        self.kind.has_requester() && !self.is_confirmed() && self.status.is_open()
    }

    /// Whether there is anyone to e-mail (a Meta request has no address).
    pub fn has_email(&self) -> bool {
        self.email.as_deref().is_some_and(|e| !e.is_empty())
    }

    /// Whether the operator's notice is still to be sent individually. An item from before
    /// the notice had its own state owes it when its acknowledgement does.
    pub fn notice_owed(&self) -> bool {
        match self.notice_status {
            Some(s) => matches!(s, NoticeStatus::Pending | NoticeStatus::Failed),
            None => self.ack_status.is_owed(),
        }
    }

    /// Whether any e-mail of the request is still to send: the acknowledgement, the notice
    /// (individually or in the summary) or the outcome, pending, failed or deferred.
    pub fn owes_mail(&self) -> bool {
        self.ack_status.is_owed()
            || self.notice_owed()
            || self.notice_status == Some(NoticeStatus::Deferred)
            || self.outcome_mail.is_some_and(AckStatus::is_owed)
    }

    /// The acknowledgement was withheld because the mailbox reached its daily limit.
    pub fn ack_withheld_by_limit(&self) -> bool {
        self.ack_status == AckStatus::Withheld
            && self.ack_error.as_deref() == Some(WITHHELD_RECIPIENT_LIMIT)
    }
}

/// The dedupe key: over type, normalized subject (e-mail, or Meta's user id) and scope.
pub fn dedupe_key(keyer: &Keyer, kind: Kind, subject: &str, scope: Option<Scope>) -> String {
    keyer.hash(&[
        kind.as_str(),
        &subject.trim().to_lowercase(),
        scope.map(Scope::as_str).unwrap_or(""),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &[u8]) -> Keyer {
        Keyer::new(secret).unwrap()
    }

    #[test]
    fn ids_are_long_distinct_and_recognised() {
        let a = new_id();
        assert_eq!(a.len(), 35);
        assert_ne!(a, new_id());
        assert!(is_id(&a));
        assert!(!is_id("ip-0123"));
        assert!(!is_id(&a.to_uppercase()));
        assert!(!is_id(&format!("{a}0")));
        assert!(!is_id("ip-0123456789abcdef0123456789abcdeg"));
    }

    #[test]
    fn dedupe_key_normalizes_email_and_hides_it() {
        let k1 = dedupe_key(&key(b"k"), Kind::Deletion, " A@B.kz ", None);
        let k2 = dedupe_key(&key(b"k"), Kind::Deletion, "a@b.kz", None);
        assert_eq!(k1, k2);
        assert!(!k1.contains("b.kz"));
        assert_ne!(
            k1,
            dedupe_key(&key(b"other"), Kind::Deletion, "a@b.kz", None)
        );
        assert_ne!(
            k1,
            dedupe_key(
                &key(b"k"),
                Kind::ConsentWithdrawal,
                "a@b.kz",
                Some(Scope::All)
            )
        );
    }

    #[test]
    fn old_items_without_the_new_fields_still_read() {
        let old = serde_json::json!({
            "id": "ip-00000000000000000000000000000000", "type": "deletion", "locale": "ru",
            "name": "N", "email": "a@b.kz", "received_at": "2026-11-02T10:00:00+05:00",
            "receipt_date": "2026-11-02", "deadline": "2026-11-16", "rule": "10 working_days",
            "status": "received", "ack_status": "sent", "dedupe_key": "k",
            "expires_at": 1, "dedupe_until": 1
        });
        let r: RequestRecord = serde_json::from_value(old).unwrap();
        assert_eq!(r.status, Status::Received);
        assert!(r.history.is_empty() && r.outcome_mail.is_none());
        assert!(r.policy_version.is_none() && r.policy_digest.is_none());
        assert!(r.reference.is_none());
        assert_eq!(r.number(), r.id, "an old item shows its id");
    }
}

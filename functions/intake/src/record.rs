//! The stored request, its id, and the keyed dedupe hash (no key ever holds personal data).

use crate::form::{RequestType, Scope, Submission};
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use policy::{Deadline, Locale};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// A resubmission of the same type, e-mail and scope within this window is the same request.
pub const DEDUPE_WINDOW_SECONDS: i64 = 24 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckStatus {
    Pending,
    Sent,
    Failed,
}

impl AckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AckStatus::Pending => "pending",
            AckStatus::Sent => "sent",
            AckStatus::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<AckStatus> {
        match s {
            "pending" => Some(AckStatus::Pending),
            "sent" => Some(AckStatus::Sent),
            "failed" => Some(AckStatus::Failed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: RequestType,
    pub locale: Locale,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub details: Option<String>,
    pub scope: Option<Scope>,
    /// RFC 3339 in Almaty time, with its offset: `2026-11-02T01:30:00+05:00`.
    pub received_at: String,
    pub receipt_date: String,
    /// `YYYY-MM-DD`
    pub deadline: String,
    /// The rule as applied, e.g. `10 working_days`.
    pub rule: String,
    pub status: String,
    pub ack_status: AckStatus,
    pub ack_error: Option<String>,
    pub dedupe_key: String,
    /// Epoch seconds; DynamoDB's TTL attribute.
    pub expires_at: i64,
    /// Epoch seconds after which a resubmission is a new request.
    pub dedupe_until: i64,
}

/// 128 random bits: unguessable, so an id can later be shown in a status URL.
pub fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    format!("ip-{}", hex::encode(bytes))
}

/// HMAC-SHA256 over type, normalized e-mail and scope.
pub fn dedupe_key(secret: &[u8], kind: RequestType, email: &str, scope: Option<Scope>) -> String {
    // A key of any length is valid for HMAC; this cannot fail.
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(kind.as_str().as_bytes());
    mac.update(b"\n");
    mac.update(email.trim().to_lowercase().as_bytes());
    mac.update(b"\n");
    mac.update(scope.map(Scope::as_str).unwrap_or("").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

impl RequestRecord {
    pub fn new(
        sub: &Submission,
        deadline: &Deadline,
        secret: &[u8],
        retention_days: u32,
    ) -> RequestRecord {
        let received: Timestamp = deadline.received_at.timestamp();
        let unit = match deadline.rule.unit {
            policy::facts::DeadlineUnit::WorkingDays => "working_days",
            policy::facts::DeadlineUnit::CalendarDays => "calendar_days",
        };
        RequestRecord {
            id: new_id(),
            kind: sub.kind,
            locale: sub.locale,
            name: sub.name.clone(),
            email: sub.email.clone(),
            phone: sub.phone.clone(),
            details: sub.details.clone(),
            scope: sub.scope,
            received_at: deadline
                .received_at
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            receipt_date: deadline.receipt_date.to_string(),
            deadline: deadline.due.to_string(),
            rule: format!("{} {unit}", deadline.rule.amount),
            status: "received".into(),
            ack_status: AckStatus::Pending,
            ack_error: None,
            dedupe_key: dedupe_key(secret, sub.kind, &sub.email, sub.scope),
            expires_at: received.as_second() + i64::from(retention_days) * 86_400,
            dedupe_until: received.as_second() + DEDUPE_WINDOW_SECONDS,
        }
    }

    pub fn deadline_date(&self) -> Option<jiff::civil::Date> {
        self.deadline.parse().ok()
    }

    pub fn receipt_date(&self) -> Option<jiff::civil::Date> {
        self.receipt_date.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_long_and_distinct() {
        let a = new_id();
        assert_eq!(a.len(), 35);
        assert_ne!(a, new_id());
    }

    #[test]
    fn dedupe_key_normalizes_email_and_hides_it() {
        let k1 = dedupe_key(b"k", RequestType::Deletion, " A@B.kz ", None);
        let k2 = dedupe_key(b"k", RequestType::Deletion, "a@b.kz", None);
        assert_eq!(k1, k2);
        assert!(!k1.contains("b.kz"));
        assert_ne!(
            k1,
            dedupe_key(b"other", RequestType::Deletion, "a@b.kz", None)
        );
        assert_ne!(
            k1,
            dedupe_key(
                b"k",
                RequestType::ConsentWithdrawal,
                "a@b.kz",
                Some(Scope::All)
            )
        );
    }
}

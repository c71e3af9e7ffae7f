//! Where a request stands and how it got there: its status, the audit trail, and a
//! refusal's reason.

use serde::{Deserialize, Serialize};

/// Where a request stands: `received` → `in_progress` → `completed` | `refused`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    InProgress,
    Completed,
    Refused,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Received,
        Status::InProgress,
        Status::Completed,
        Status::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Still owed an answer.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Received | Status::InProgress)
    }

    /// The statuses a request may move to from this one. `completed` and `refused` are final.
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::Received => &[Status::InProgress, Status::Completed, Status::Refused],
            Status::InProgress => &[Status::Completed, Status::Refused],
            Status::Completed | Status::Refused => &[],
        }
    }

    /// The statuses from which `to` may be reached.
    pub fn sources(to: Status) -> Vec<Status> {
        Status::ALL
            .into_iter()
            .filter(|from| from.next().contains(&to))
            .collect()
    }
}

/// Who made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Requester,
    Operator,
    System,
}

/// What happened, in the audit trail: a status, or the requester's confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Received,
    Confirmed,
    InProgress,
    Completed,
    Refused,
}

impl From<Status> for Event {
    fn from(s: Status) -> Event {
        match s {
            Status::Received => Event::Received,
            Status::InProgress => Event::InProgress,
            Status::Completed => Event::Completed,
            Status::Refused => Event::Refused,
        }
    }
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Received => "received",
            Event::Confirmed => "confirmed",
            Event::InProgress => "in_progress",
            Event::Completed => "completed",
            Event::Refused => "refused",
        }
    }
}

/// One line of the audit trail. Never holds personal data (a refusal's note stays on the
/// request, not in the trail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339 in Almaty time.
    pub at: String,
    pub status: Event,
    pub by: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RefusalReason>,
}

/// Why a request was refused; each reason has its localized wording and legal basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The law requires the data to be kept (the retention periods of the policy).
    LegalRetention,
    /// It could not be confirmed that the request came from the person the data is about.
    IdentityNotVerified,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 2] = [
        RefusalReason::LegalRetention,
        RefusalReason::IdentityNotVerified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefusalReason::LegalRetention => "legal_retention",
            RefusalReason::IdentityNotVerified => "identity_not_verified",
        }
    }

    pub fn parse(s: &str) -> Option<RefusalReason> {
        RefusalReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub reason: RefusalReason,
    /// The operator's own words to the requester (sent by e-mail, never shown on the status
    /// page or logged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_are_forward_only() {
        assert_eq!(
            Status::sources(Status::Completed),
            vec![Status::Received, Status::InProgress]
        );
        assert_eq!(Status::sources(Status::InProgress), vec![Status::Received]);
        assert!(Status::sources(Status::Received).is_empty());
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert!(!s.next().contains(&s));
        }
        assert!(Status::Completed.next().is_empty() && Status::Refused.next().is_empty());
    }
}

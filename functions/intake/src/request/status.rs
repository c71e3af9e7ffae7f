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

/// Where a step of the progress line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Reached before the current step.
    Done,
    /// Where the request stands now.
    Current,
    /// Not reached yet.
    Upcoming,
    /// Passed over (`received` straight to `completed` / `refused`).
    Skipped,
}

/// One step of the progress line a status page shows: received → in progress → completed
/// or refused. `status` is `None` for the last step while the request is open (it will be
/// one of the two); `at` is when the trail recorded the step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub status: Option<Status>,
    pub state: StepState,
    pub at: Option<String>,
}

/// The progress line of a request in `status` with audit trail `history`, each step dated
/// from the trail (its first entry of that status; an item without a trail dates its receipt
/// from `received_at`).
pub fn progress(status: Status, history: &[AuditEntry], received_at: &str) -> [Step; 3] {
    let at = |s: Status| {
        history
            .iter()
            .find(|e| e.status == Event::from(s))
            .map(|e| e.at.clone())
    };
    let state_of = |step: usize| {
        let current = match status {
            Status::Received => 0,
            Status::InProgress => 1,
            Status::Completed | Status::Refused => 2,
        };
        match step.cmp(&current) {
            std::cmp::Ordering::Less => {
                if step == 1 && at(Status::InProgress).is_none() {
                    StepState::Skipped
                } else {
                    StepState::Done
                }
            }
            std::cmp::Ordering::Equal => StepState::Current,
            std::cmp::Ordering::Greater => StepState::Upcoming,
        }
    };
    let last = (!status.is_open()).then_some(status);
    [
        Step {
            status: Some(Status::Received),
            state: state_of(0),
            at: at(Status::Received).or_else(|| Some(received_at.to_string())),
        },
        Step {
            status: Some(Status::InProgress),
            state: state_of(1),
            at: at(Status::InProgress),
        },
        Step {
            status: last,
            state: state_of(2),
            at: last.and_then(&at),
        },
    ]
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

    fn entry(at: &str, status: Event) -> AuditEntry {
        AuditEntry {
            at: at.into(),
            status,
            by: Actor::Operator,
            reason: None,
        }
    }

    #[test]
    fn the_progress_line_dates_each_step_from_the_trail() {
        let received = entry("2026-11-02T10:00:00+05:00", Event::Received);
        let confirmed = entry("2026-11-02T11:00:00+05:00", Event::Confirmed);
        let working = entry("2026-11-03T09:00:00+05:00", Event::InProgress);
        let done = entry("2026-11-05T12:00:00+05:00", Event::Completed);
        let states = |steps: &[Step; 3]| steps.iter().map(|s| s.state).collect::<Vec<_>>();
        fn dates(steps: &[Step; 3]) -> Vec<Option<&str>> {
            steps
                .iter()
                .map(|s| s.at.as_deref().map(|a| &a[..10]))
                .collect()
        }

        let open = progress(
            Status::Received,
            &[received.clone(), confirmed.clone()],
            "x",
        );
        use StepState::*;
        assert_eq!(states(&open), [Current, Upcoming, Upcoming]);
        assert_eq!(dates(&open), [Some("2026-11-02"), None, None]);
        assert_eq!(open[2].status, None, "completed or refused: not known yet");

        let trail = [received.clone(), confirmed, working.clone()];
        let working_on = progress(Status::InProgress, &trail, "x");
        assert_eq!(states(&working_on), [Done, Current, Upcoming]);
        assert_eq!(dates(&working_on)[1], Some("2026-11-03"));

        let trail = [received.clone(), working, done.clone()];
        let closed = progress(Status::Completed, &trail, "x");
        assert_eq!(states(&closed), [Done, Done, Current]);
        assert_eq!(closed[2].status, Some(Status::Completed));
        assert_eq!(dates(&closed)[2], Some("2026-11-05"));

        let refused = entry("2026-11-04T12:00:00+05:00", Event::Refused);
        let straight = progress(Status::Refused, &[received, refused], "x");
        assert_eq!(states(&straight), [Done, Skipped, Current]);
        assert_eq!(straight[2].status, Some(Status::Refused));
        assert_eq!(
            dates(&straight),
            [Some("2026-11-02"), None, Some("2026-11-04")]
        );

        // An item from before the trail: receipt from its received_at.
        let old = progress(Status::Received, &[], "2026-10-01T10:00:00+05:00");
        assert_eq!(dates(&old)[0], Some("2026-10-01"));
    }
}

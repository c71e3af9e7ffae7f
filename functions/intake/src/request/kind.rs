//! The kinds of request and everything that differs between them, in one table
//! ([`Kind::spec`]); their deadlines come from the policy data ([`Kinds`]).
//!
//! Adding a kind: a variant here with its [`KindSpec`], its `[request_deadlines]` entry in
//! `content/facts.toml`, and its Fluent strings (`request-type-…`, `ack-next-…`,
//! `outcome-completed-…`, in kk, ru and en). Nothing else names a kind.

use policy::{DeadlineRule, Facts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Destruction of one's data (policy §8; Law 94-V art. 12).
    Deletion,
    /// Withdrawal of consent (policy §8; Law 94-V art. 8).
    ConsentWithdrawal,
    /// Information about the processing of one's data (policy §8; Law 94-V art. 25).
    Information,
    /// Rectification of one's data (policy §8; Law 94-V art. 12): `details` says what is
    /// wrong and what is right.
    Rectification,
    /// Filed by Meta's data-deletion callback, never through the form.
    MetaDeletion,
}

/// Who files requests of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// A person, through the site's form: they get the acknowledgement, confirm it and hear
    /// the outcome.
    Form,
    /// Meta's callback, for an app-scoped user: nobody to write to or to confirm.
    Meta,
}

/// Whether `details` must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Details {
    Optional,
    Required,
}

/// What the `completed` e-mail says beyond the kind's own sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Nothing,
    /// The scope of the withdrawn consent.
    Scope,
    /// What the policy says is processed: recipients, retention periods, the policy version.
    Processing,
    /// What the law makes the operator keep after a deletion.
    Retention,
}

/// Everything that differs between kinds.
#[derive(Debug)]
pub struct KindSpec {
    /// On the wire (`type`), in the store, in Fluent keys and in `[request_deadlines]`.
    pub name: &'static str,
    pub channel: Channel,
    pub details: Details,
    /// Takes a consent `scope` (notifications, analytics, all).
    pub takes_scope: bool,
    pub answer: Answer,
    /// The key of `[request_deadlines]` that gives its deadline: its own name, except for
    /// Meta's deletion request, which is a deletion request.
    pub deadline: &'static str,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Deletion,
        Kind::ConsentWithdrawal,
        Kind::Information,
        Kind::Rectification,
        Kind::MetaDeletion,
    ];

    pub const fn spec(self) -> &'static KindSpec {
        match self {
            Kind::Deletion => &KindSpec {
                name: "deletion",
                channel: Channel::Form,
                details: Details::Optional,
                takes_scope: false,
                answer: Answer::Retention,
                deadline: "deletion",
            },
            Kind::ConsentWithdrawal => &KindSpec {
                name: "consent_withdrawal",
                channel: Channel::Form,
                details: Details::Optional,
                takes_scope: true,
                answer: Answer::Scope,
                deadline: "consent_withdrawal",
            },
            Kind::Information => &KindSpec {
                name: "information",
                channel: Channel::Form,
                details: Details::Optional,
                takes_scope: false,
                answer: Answer::Processing,
                deadline: "information",
            },
            Kind::Rectification => &KindSpec {
                name: "rectification",
                channel: Channel::Form,
                details: Details::Required,
                takes_scope: false,
                answer: Answer::Nothing,
                deadline: "rectification",
            },
            Kind::MetaDeletion => &KindSpec {
                name: "meta_deletion",
                channel: Channel::Meta,
                details: Details::Optional,
                takes_scope: false,
                answer: Answer::Retention,
                deadline: "deletion",
            },
        }
    }

    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// A kind a visitor may choose on the form.
    pub fn from_form(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.spec().channel == Channel::Form && k.as_str() == s)
    }

    /// Filed by a person, who is acknowledged, confirms and is told the outcome.
    pub fn has_requester(self) -> bool {
        self.spec().channel == Channel::Form
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Service notifications (policy §3: sent "по предварительному согласию").
    Notifications,
    /// Analytics cookies on the operator's site (policy §9).
    Analytics,
    All,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Notifications, Scope::Analytics, Scope::All];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Notifications => "notifications",
            Scope::Analytics => "analytics",
            Scope::All => "all",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|sc| sc.as_str() == s)
    }
}

/// A kind's deadline as the policy data states it.
#[derive(Debug, Clone)]
pub struct KindDeadline {
    /// The name of the deadline in `[deadlines]` (`rectification`, `information`, …).
    pub name: String,
    pub rule: DeadlineRule,
    /// The article of the law, or `None` for the operator's own commitment.
    pub article: Option<String>,
}

/// Every kind's deadline, read from the facts once (a kind without one stops the start).
#[derive(Debug, Clone)]
pub struct Kinds {
    deadlines: BTreeMap<Kind, KindDeadline>,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}: [request_deadlines] has no `{key}`, the deadline of requests of type `{kind}`")]
pub struct MissingDeadline {
    pub file: String,
    pub key: &'static str,
    pub kind: &'static str,
}

impl Kinds {
    /// `file` names the facts' source in the error.
    pub fn from_facts(facts: &Facts, file: &str) -> Result<Kinds, MissingDeadline> {
        let mut deadlines = BTreeMap::new();
        for kind in Kind::ALL {
            let spec = kind.spec();
            let (name, fact) =
                facts
                    .request_deadline(spec.deadline)
                    .ok_or_else(|| MissingDeadline {
                        file: file.to_string(),
                        key: spec.deadline,
                        kind: spec.name,
                    })?;
            deadlines.insert(
                kind,
                KindDeadline {
                    name: name.to_string(),
                    rule: DeadlineRule::from(fact),
                    article: fact.article.clone(),
                },
            );
        }
        Ok(Kinds { deadlines })
    }

    pub fn deadline(&self, kind: Kind) -> &KindDeadline {
        // Every kind is inserted by `from_facts`, the only constructor.
        &self.deadlines[&kind]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for k in Kind::ALL {
            let json = serde_json::to_value(k).unwrap();
            assert_eq!(json, k.as_str());
            assert_eq!(
                Kind::ALL
                    .iter()
                    .filter(|o| o.as_str() == k.as_str())
                    .count(),
                1
            );
        }
        assert_eq!(Kind::from_form("rectification"), Some(Kind::Rectification));
        assert_eq!(
            Kind::from_form("meta_deletion"),
            None,
            "Meta's kind is not on the form"
        );
        assert_eq!(Kind::from_form("erase"), None);
    }

    #[test]
    fn deadlines_come_from_the_facts() {
        let facts = policy::embedded::facts().unwrap();
        let kinds = Kinds::from_facts(&facts, "facts.toml").unwrap();
        let days = |k: Kind| kinds.deadline(k).rule.amount;
        assert_eq!(days(Kind::Information), 3);
        assert_eq!(days(Kind::Rectification), 10);
        assert_eq!(days(Kind::Deletion), 10);
        assert_eq!(
            kinds.deadline(Kind::MetaDeletion).name,
            kinds.deadline(Kind::Deletion).name
        );
        assert_eq!(
            kinds.deadline(Kind::Information).article.as_deref(),
            Some("25")
        );
        assert!(kinds.deadline(Kind::ConsentWithdrawal).article.is_none());
    }

    #[test]
    fn a_kind_without_a_deadline_is_named() {
        let mut facts = policy::embedded::facts().unwrap();
        facts.request_deadlines.kinds.remove("information");
        let err = Kinds::from_facts(&facts, "content/facts.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/facts.toml: [request_deadlines] has no `information`, the deadline of requests of type `information`"
        );
    }
}

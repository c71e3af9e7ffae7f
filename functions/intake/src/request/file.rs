//! The use case "file a request": the form's submission and Meta's callback both come here.
//! It bounds the source, computes the deadline from the policy data, stores the request
//! (one per dedupe key and window) and sends what it is owed. Nothing accepted is lost: the
//! request is stored before any e-mail, and an e-mail that fails stays owed for the resend.

use super::record::{NewRequest, RequestRecord, MAIL_LEASE_SECONDS};
use super::reference::Reference;
use super::token;
use crate::app::App;
use crate::limits::{self, Slot};
use crate::resend::{self, Delivered};
use crate::store::{Created, StoreError};
use jiff::Timestamp;

/// How many more references are drawn when the one drawn is taken.
const REFERENCE_ATTEMPTS: usize = 4;

/// A request to file.
pub struct Filing<'a> {
    pub request: NewRequest<'a>,
    /// When the platform received it: the deadline counts from its Almaty date.
    pub received: Timestamp,
    /// The per-source limit's key ([`limits::source_key`]) for the form; `None` for Meta's
    /// callback, which is not a visitor.
    pub source: Option<String>,
}

/// What filing did.
#[derive(Debug)]
pub enum Filed {
    /// Stored. `delivered` is what its first e-mails did; `None` for the honeypot's, which
    /// is stored without anything it typed and sent nothing.
    New {
        record: Box<RequestRecord>,
        delivered: Option<Delivered>,
    },
    /// The same request was filed within the dedupe window: this is the first one. Nothing
    /// was stored or sent.
    Duplicate(Box<RequestRecord>),
    /// The source is past its hourly limit until `until` (epoch seconds): nothing stored.
    Limited { until: i64 },
}

/// Files `filing`. An error means nothing was stored and nothing sent: the caller tells
/// the visitor to retry.
pub async fn file(app: &App, filing: Filing<'_>) -> Result<Filed, StoreError> {
    let now = filing.received.as_second();
    if let Some(source) = &filing.source {
        let limit = app.settings.limits.source_requests_per_hour;
        if let Slot::Full { until } = app
            .store
            .take_slot(source, limit, limits::SOURCE_WINDOW_SECONDS, now)
            .await?
        {
            return Ok(Filed::Limited { until });
        }
    }
    let content = &app.content;
    let deadline = content
        .kinds
        .deadline(filing.request.kind)
        .rule
        .compute(&content.calendar, filing.received);
    if !deadline.from_published_calendar {
        tracing::warn!(
            year = deadline.receipt_date.year(),
            "no published working-day calendar for this period: fixed-date holiday rules used"
        );
    }
    let mut record = RequestRecord::new(
        &filing.request,
        &deadline,
        &app.keys,
        app.settings.retention_days,
    )
    .with_policy(&content.digests);
    // The confirmation token is stored (hashed) with the request, so the link in the
    // acknowledgement works as soon as it is sent. Nobody confirms Meta's or a bot's request.
    let issued = (record.kind.has_requester() && !record.honeypot).then(token::issue);
    if let Some(issued) = &issued {
        record.token_hash = Some(issued.hash.clone());
        record.token_expires = Some(issued.expires);
    }
    // This process sends the first e-mails: it holds their lease from the start, counted on
    // the clock (the receipt time is the platform's, and may be earlier).
    if !record.honeypot {
        record.mail_lease_until = Some(Timestamp::now().as_second() + MAIL_LEASE_SECONDS);
    }
    // A reference another request holds (40 bits: rare) is drawn again; nothing was written.
    let mut created = app.store.create(&record, now).await?;
    for _ in 0..REFERENCE_ATTEMPTS {
        if created != Created::ReferenceTaken {
            break;
        }
        tracing::warn!(id = %record.id, "reference taken: drawing another");
        record.reference = Some(Reference::random());
        created = app.store.create(&record, now).await?;
    }
    match created {
        Created::ReferenceTaken => Err(StoreError::Corrupt(
            "no free reference after several attempts".into(),
        )),
        Created::Duplicate(first) => Ok(Filed::Duplicate(first)),
        Created::New if record.honeypot => Ok(Filed::New {
            record: Box::new(record),
            delivered: None,
        }),
        Created::New => {
            let token = issued.map(|i| i.token);
            let delivered = resend::deliver_new(app, &record, token, now).await;
            Ok(Filed::New {
                record: Box::new(record),
                delivered: Some(delivered),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    //! On the file store and the `.eml` outbox: the use case without any outside server.
    use super::*;
    use crate::request::{AckStatus, Actor, Kind, NoticeStatus, Scope, Status};
    use policy::Locale;

    async fn app(dir: &std::path::Path) -> App {
        App::local(dir, "https://interpay.kz", Default::default())
            .await
            .unwrap()
    }

    fn person(kind: Kind, email: &str) -> NewRequest<'_> {
        NewRequest {
            kind,
            locale: Locale::Kk,
            name: Some("Айгерім Сапарова"),
            email: Some(email),
            phone: None,
            details: Some("Тегім қате жазылған"),
            scope: kind.spec().takes_scope.then_some(Scope::Analytics),
            meta_user_id: None,
            by: Actor::Requester,
            honeypot: false,
        }
    }

    /// Monday 2 November 2026, 10:00 in Almaty.
    fn monday() -> Timestamp {
        "2026-11-02T05:00:00Z".parse().unwrap()
    }

    fn outbox(dir: &std::path::Path) -> Vec<String> {
        let mut mails: Vec<String> = std::fs::read_dir(dir.join("outbox"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        mails.sort();
        mails
    }

    fn filing(request: NewRequest<'_>) -> Filing<'_> {
        Filing {
            request,
            received: monday(),
            source: Some("source#test".into()),
        }
    }

    #[tokio::test]
    async fn every_kind_gets_its_deadline_from_the_facts_and_its_two_letters() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path()).await;
        let mut expected_mails = 0;
        for (kind, due) in [
            (Kind::Information, "2026-11-05"),
            (Kind::Rectification, "2026-11-16"),
            (Kind::Deletion, "2026-11-16"),
            (Kind::ConsentWithdrawal, "2026-11-16"),
        ] {
            let email = format!("{}@example.kz", kind.as_str());
            let filed = file(&app, filing(person(kind, &email))).await.unwrap();
            let Filed::New { record, delivered } = filed else {
                panic!("{kind:?}: {filed:?}");
            };
            assert_eq!(record.deadline, due, "{kind:?}");
            assert_eq!(record.status, Status::Received);
            let delivered = delivered.unwrap();
            assert_eq!(delivered.ack.0, AckStatus::Sent, "{kind:?}");
            assert_eq!(delivered.notice.0, NoticeStatus::Sent, "{kind:?}");
            let stored = app.store.get(&record.id).await.unwrap().unwrap();
            assert_eq!(stored.ack_status, AckStatus::Sent);
            assert!(stored.token_hash.is_some(), "a person confirms: {kind:?}");
            expected_mails += 2;
            assert_eq!(outbox(dir.path()).len(), expected_mails);
        }
    }

    #[tokio::test]
    async fn a_resubmission_is_the_first_request_and_sends_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path()).await;
        let Filed::New { record: first, .. } = file(&app, filing(person(Kind::Deletion, "a@b.kz")))
            .await
            .unwrap()
        else {
            panic!("first");
        };
        let again = file(&app, filing(person(Kind::Deletion, "A@B.kz")))
            .await
            .unwrap();
        let Filed::Duplicate(same) = again else {
            panic!("{again:?}");
        };
        assert_eq!(same.id, first.id);
        assert_eq!(outbox(dir.path()).len(), 2);
    }

    #[tokio::test]
    async fn meta_requests_notify_the_operator_only_and_carry_no_token() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path()).await;
        let request = NewRequest {
            kind: Kind::MetaDeletion,
            locale: Locale::DEFAULT,
            name: None,
            email: None,
            phone: None,
            details: None,
            scope: None,
            meta_user_id: Some("1234567890"),
            by: Actor::System,
            honeypot: false,
        };
        let filed = file(
            &app,
            Filing {
                request,
                received: monday(),
                source: None,
            },
        )
        .await
        .unwrap();
        let Filed::New { record, delivered } = filed else {
            panic!("{filed:?}");
        };
        // A deletion's deadline: 10 working days.
        assert_eq!(record.deadline, "2026-11-16");
        assert!(record.token_hash.is_none());
        let delivered = delivered.unwrap();
        assert_eq!(delivered.ack.0, AckStatus::Withheld);
        assert_eq!(delivered.notice.0, NoticeStatus::Sent);
        let mails = outbox(dir.path());
        assert_eq!(mails.len(), 1);
        let operator = app.settings.operator_email.email.to_string();
        assert!(
            mails[0]
                .lines()
                .any(|l| l.starts_with("To:") && l.contains(&operator)),
            "the notice goes to the operator: {}",
            mails[0]
        );
    }

    #[tokio::test]
    async fn the_honeypot_is_stored_empty_and_sends_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path()).await;
        let mut bot = person(Kind::Deletion, "victim@example.kz");
        bot.honeypot = true;
        let Filed::New { record, delivered } = file(&app, filing(bot)).await.unwrap() else {
            panic!("honeypot");
        };
        assert!(delivered.is_none());
        let stored = app.store.get(&record.id).await.unwrap().unwrap();
        assert_eq!(stored.email, None);
        assert_eq!(stored.name, None);
        assert!(!dir.path().join("outbox").exists() || outbox(dir.path()).is_empty());
    }

    #[tokio::test]
    async fn a_source_past_its_limit_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path()).await;
        app.settings.limits.source_requests_per_hour = 1;
        file(&app, filing(person(Kind::Deletion, "one@b.kz")))
            .await
            .unwrap();
        let filed = file(&app, filing(person(Kind::Information, "two@b.kz")))
            .await
            .unwrap();
        let Filed::Limited { until } = filed else {
            panic!("{filed:?}");
        };
        assert_eq!(until, monday().as_second() + limits::SOURCE_WINDOW_SECONDS);
        assert_eq!(app.store.open_requests().await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_failed_send_keeps_the_request_and_marks_it_for_the_resend() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path()).await;
        // Nothing listens on port 9 of this host: the SMTP connection is refused.
        app.mailer = crate::mail::Mailer::smtp("smtp://127.0.0.1:9").unwrap();
        let Filed::New { record, delivered } =
            file(&app, filing(person(Kind::Rectification, "r@b.kz")))
                .await
                .unwrap()
        else {
            panic!("rectification");
        };
        let delivered = delivered.unwrap();
        assert_eq!(delivered.ack.0, AckStatus::Failed);
        assert_eq!(delivered.notice.0, NoticeStatus::Failed);
        let stored = app.store.get(&record.id).await.unwrap().unwrap();
        assert_eq!(stored.ack_status, AckStatus::Failed);
        assert_eq!(stored.ack_error.as_deref(), Some("connection"));
        assert!(app
            .store
            .needs_mail()
            .await
            .unwrap()
            .iter()
            .any(|r| r.id == record.id));
    }
}

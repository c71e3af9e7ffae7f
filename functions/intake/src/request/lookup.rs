//! Two use cases of the status page's visitor (issue 15): "find my request" (the short
//! reference and the e-mail address it was filed with give its status page) and "send the
//! confirmation e-mail again" (a fresh link to the address on file). Both are bounded with
//! the limit machinery of [`crate::limits`]; neither tells a visitor anything the pair or
//! the status page's id did not already give.

use super::record::{is_id, RequestRecord, MAIL_LEASE_SECONDS};
use super::reference::Reference;
use super::submission::{mailbox_key, normalize_email};
use crate::app::App;
use crate::limits::{self, Slot};
use crate::request::AckStatus;
use crate::store::{Delivery, StoreError};

/// What a lookup gave.
#[derive(Debug)]
pub enum Found {
    /// The reference exists and was filed with this address.
    Request(Box<RequestRecord>),
    /// One answer for an unknown reference, another address, a malformed reference or a
    /// malformed address: the visitor is not told which.
    NotFound,
    /// The source, or the reference, is past its bound until this epoch second.
    Limited { until: i64 },
}

/// Looks up the request with reference `typed_reference` filed with `typed_email`, counting
/// the attempt against `source` (a [`limits::lookup_source_key`]) and, when the reference
/// is well formed, against the reference (whether or not it exists).
pub async fn lookup(
    app: &App,
    typed_reference: &str,
    typed_email: &str,
    source: &str,
    now: i64,
) -> Result<Found, StoreError> {
    let per_source = app.settings.limits.source_requests_per_hour;
    if let Slot::Full { until } = app
        .store
        .take_slot(source, per_source, limits::LOOKUP_WINDOW_SECONDS, now)
        .await?
    {
        return Ok(Found::Limited { until });
    }
    let Some(reference) = Reference::parse(typed_reference) else {
        return Ok(Found::NotFound);
    };
    if let Slot::Full { until } = app
        .store
        .take_slot(
            &limits::lookup_reference_key(&app.keys, &reference),
            limits::LOOKUPS_PER_REFERENCE_PER_HOUR,
            limits::LOOKUP_WINDOW_SECONDS,
            now,
        )
        .await?
    {
        return Ok(Found::Limited { until });
    }
    let Some(email) = normalize_email(typed_email) else {
        return Ok(Found::NotFound);
    };
    let Some(record) = app.store.find_reference(&reference).await? else {
        return Ok(Found::NotFound);
    };
    // A honeypot's request has no address, Meta's neither: never found this way.
    match record.email.as_deref() {
        Some(stored) if !record.honeypot && mailbox_key(stored) == mailbox_key(&email) => {
            Ok(Found::Request(Box::new(record)))
        }
        _ => Ok(Found::NotFound),
    }
}

/// What asking for the confirmation e-mail again gave.
#[derive(Debug)]
pub enum Resent {
    /// A new link was sent to the address on file; the old one no longer confirms.
    Sent(Box<RequestRecord>),
    /// Nothing to confirm (confirmed already, closed, or a request sent by Meta): the
    /// status page says where it stands.
    NotNeeded(Box<RequestRecord>),
    NotFound,
    /// A bound is reached (the source's, the request's, its mailbox's, or a delivery is in
    /// flight) until this epoch second.
    Limited {
        until: i64,
    },
    /// Sending failed; the e-mail stays owed and the hourly resend sends it.
    Failed(Box<RequestRecord>),
}

/// Sends the confirmation e-mail of request `id` again, with a fresh token (new validity;
/// the old token stops working), bounded per `source` (a [`limits::resend_source_key`]),
/// per request and per mailbox. A honeypot's request answers as if sent and sends nothing.
pub async fn resend_confirmation(
    app: &App,
    id: &str,
    source: &str,
    now: i64,
) -> Result<Resent, StoreError> {
    if !is_id(id) {
        return Ok(Resent::NotFound);
    }
    let Some(mut record) = app.store.get(id).await? else {
        return Ok(Resent::NotFound);
    };
    if !record.awaits_confirmation() {
        return Ok(Resent::NotNeeded(Box::new(record)));
    }
    let per_source = app.settings.limits.source_requests_per_hour;
    for (key, limit, window) in [
        (
            source.to_string(),
            per_source,
            limits::SOURCE_WINDOW_SECONDS,
        ),
        (
            limits::resend_request_key(&app.keys, id),
            limits::CONFIRMATION_RESENDS_PER_DAY,
            limits::RESEND_WINDOW_SECONDS,
        ),
    ] {
        if let Slot::Full { until } = app.store.take_slot(&key, limit, window, now).await? {
            return Ok(Resent::Limited { until });
        }
    }
    if record.honeypot {
        return Ok(Resent::Sent(Box::new(record)));
    }
    let Some(address) = record.email.clone().filter(|e| !e.is_empty()) else {
        return Ok(Resent::NotNeeded(Box::new(record)));
    };
    if let Slot::Full { until } = app
        .store
        .take_slot(
            &limits::recipient_key(&app.keys, &address),
            limits::RECIPIENT_ACKS_PER_DAY,
            limits::RECIPIENT_WINDOW_SECONDS,
            now,
        )
        .await?
    {
        return Ok(Resent::Limited { until });
    }
    // One sender at a time: a delivery in flight (the first one, or the hourly resend) is
    // left to finish.
    if !app
        .store
        .take_mail_lease(id, now, now + MAIL_LEASE_SECONDS)
        .await?
    {
        let until = record
            .mail_lease_until
            .filter(|u| *u > now)
            .unwrap_or(now + MAIL_LEASE_SECONDS);
        return Ok(Resent::Limited { until });
    }
    let ack = crate::resend::send_ack(app, &mut record, None).await;
    crate::resend::record_delivery(
        app,
        id,
        Delivery {
            ack: Some(ack),
            notice: None,
            release: true,
        },
    )
    .await;
    record.ack_status = ack.0;
    Ok(if ack.0 == AckStatus::Sent {
        Resent::Sent(Box::new(record))
    } else {
        Resent::Failed(Box::new(record))
    })
}

#[cfg(test)]
mod tests {
    //! On the file store and the `.eml` outbox.
    use super::*;
    use crate::request::{file, Actor, Filed, Filing, Kind, NewRequest};
    use jiff::Timestamp;

    async fn app(dir: &std::path::Path) -> App {
        App::local(dir, "https://interpay.kz", Default::default())
            .await
            .unwrap()
    }

    async fn filed(app: &App, email: &str) -> RequestRecord {
        let request = NewRequest {
            kind: Kind::Deletion,
            locale: policy::Locale::Kk,
            name: Some("Айгерім"),
            email: Some(email),
            phone: None,
            details: None,
            scope: None,
            meta_user_id: None,
            by: Actor::Requester,
            honeypot: false,
        };
        let filing = Filing {
            request,
            received: Timestamp::now(),
            source: None,
        };
        match file(app, filing).await.unwrap() {
            Filed::New { record, .. } => *record,
            other => panic!("{other:?}"),
        }
    }

    fn outbox(dir: &std::path::Path) -> Vec<String> {
        let mut mails: Vec<String> = std::fs::read_dir(dir.join("outbox"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        mails.sort();
        mails
    }

    #[tokio::test]
    async fn the_pair_finds_the_request_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path()).await;
        let r = filed(&app, "Aigerim+kz@Example.KZ").await;
        let reference = r.reference.clone().unwrap();
        let now = Timestamp::now().as_second();
        let typed = reference.grouped().to_lowercase().replace('-', " ");
        let found = lookup(&app, &typed, "aigerim@example.kz", "s1", now)
            .await
            .unwrap();
        let Found::Request(found) = found else {
            panic!("{found:?}");
        };
        assert_eq!(found.id, r.id);
        let other = Reference::random();
        for (reference, email) in [
            (reference.as_str(), "someone@example.kz"),
            (other.as_str(), "aigerim@example.kz"),
            ("not a reference", "aigerim@example.kz"),
            (reference.as_str(), "not an address"),
        ] {
            let got = lookup(&app, reference, email, "s2", now).await.unwrap();
            assert!(
                matches!(got, Found::NotFound),
                "{reference} {email}: {got:?}"
            );
        }
    }

    #[tokio::test]
    async fn lookups_are_bounded_per_reference_and_per_source() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path()).await;
        let r = filed(&app, "a@example.kz").await;
        let reference = r.reference.clone().unwrap();
        let now = Timestamp::now().as_second();
        for i in 0..limits::LOOKUPS_PER_REFERENCE_PER_HOUR {
            let got = lookup(
                &app,
                reference.as_str(),
                "wrong@example.kz",
                &format!("s{i}"),
                now,
            )
            .await
            .unwrap();
            assert!(matches!(got, Found::NotFound), "{got:?}");
        }
        // The right pair too, from another source: the reference has had its attempts.
        let got = lookup(&app, reference.as_str(), "a@example.kz", "fresh", now)
            .await
            .unwrap();
        let Found::Limited { until } = got else {
            panic!("{got:?}");
        };
        assert_eq!(until, now + limits::LOOKUP_WINDOW_SECONDS);
        // An hour later it is found.
        let later = now + limits::LOOKUP_WINDOW_SECONDS;
        assert!(matches!(
            lookup(&app, reference.as_str(), "a@example.kz", "fresh", later)
                .await
                .unwrap(),
            Found::Request(_)
        ));
        app.settings.limits.source_requests_per_hour = 2;
        for _ in 0..2 {
            lookup(&app, "junk", "x", "one-source", now).await.unwrap();
        }
        assert!(matches!(
            lookup(&app, reference.as_str(), "a@example.kz", "one-source", now)
                .await
                .unwrap(),
            Found::Limited { .. }
        ));
    }

    #[tokio::test]
    async fn a_resend_sends_a_new_link_and_the_old_one_dies() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path()).await;
        let r = filed(&app, "b@example.kz").await;
        let first = app.store.get(&r.id).await.unwrap().unwrap();
        assert_eq!(outbox(dir.path()).len(), 2, "acknowledgement and notice");
        let now = Timestamp::now().as_second();
        let got = resend_confirmation(&app, &r.id, "s", now).await.unwrap();
        assert!(matches!(got, Resent::Sent(_)), "{got:?}");
        let second = app.store.get(&r.id).await.unwrap().unwrap();
        assert_ne!(first.token_hash, second.token_hash, "a fresh token");
        assert!(second.mail_lease_until.is_none(), "the lease is released");
        assert_eq!(outbox(dir.path()).len(), 3);
        // Two more today, then the request's bound (the mailbox's: 3 a day, the first
        // acknowledgement included, comes first here).
        let got = resend_confirmation(&app, &r.id, "s", now).await.unwrap();
        assert!(matches!(got, Resent::Sent(_)), "{got:?}");
        let got = resend_confirmation(&app, &r.id, "s", now).await.unwrap();
        assert!(matches!(got, Resent::Limited { .. }), "{got:?}");
        assert_eq!(outbox(dir.path()).len(), 4);
        assert!(matches!(
            resend_confirmation(&app, "ip-00000000000000000000000000000000", "s", now)
                .await
                .unwrap(),
            Resent::NotFound
        ));
    }

    #[tokio::test]
    async fn a_confirmed_request_needs_no_resend() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path()).await;
        let r = filed(&app, "c@example.kz").await;
        let entry = crate::request::AuditEntry {
            at: crate::almaty::time(Timestamp::now()),
            status: crate::request::Event::Confirmed,
            by: Actor::Requester,
            reason: None,
        };
        let stored = app.store.get(&r.id).await.unwrap().unwrap();
        let hash = stored.token_hash.clone().unwrap();
        let now = Timestamp::now().as_second();
        app.store.confirm(&r.id, &hash, &entry, now).await.unwrap();
        let got = resend_confirmation(&app, &r.id, "s", now).await.unwrap();
        assert!(matches!(got, Resent::NotNeeded(_)), "{got:?}");
        assert_eq!(outbox(dir.path()).len(), 2);
    }
}

//! The use case "the requester confirms": the token from the acknowledgement's link,
//! presented by the confirmation page's button, marks the request confirmed once.

use super::status::{Actor, AuditEntry, Event};
use super::{record, token};
use crate::app::App;
use crate::store::{Confirmation, StoreError};
use jiff::Timestamp;

/// Confirms request `id` with `token` at `now`. A malformed id or token is
/// [`Confirmation::Invalid`] without a store call; the store changes the request only if the
/// token is its own, unused and unexpired.
pub async fn confirm(
    app: &App,
    id: &str,
    presented: &str,
    now: Timestamp,
) -> Result<Confirmation, StoreError> {
    if !record::is_id(id) || !token::is_token(presented) {
        return Ok(Confirmation::Invalid);
    }
    let entry = AuditEntry {
        at: crate::almaty::time(now),
        status: Event::Confirmed,
        by: Actor::Requester,
        reason: None,
    };
    app.store
        .confirm(id, &token::hash(presented), &entry, now.as_second())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{file, Actor, Filed, Filing, Kind, NewRequest};

    #[tokio::test]
    async fn once_with_its_own_token_and_never_with_another() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::local(dir.path(), "https://interpay.kz", Default::default())
            .await
            .unwrap();
        let request = NewRequest {
            kind: Kind::Information,
            locale: policy::Locale::En,
            name: Some("Jane Doe"),
            email: Some("jane@example.kz"),
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
        let Filed::New { record, .. } = file(&app, filing).await.unwrap() else {
            panic!("not filed");
        };
        // The token is only in the e-mail: take it from the outbox's confirmation link.
        let mail = std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|m| m.contains("jane@example.kz") && !m.contains("Reply-To: jane"))
            .unwrap();
        let unfolded = mail.replace("=\r\n", "").replace("=3D", "=");
        let token = unfolded
            .split("confirm?token=")
            .nth(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "-_".contains(*c))
                    .collect::<String>()
            })
            .expect("a confirmation link in the acknowledgement");
        let now = Timestamp::now();
        let (other, _) = token::new_token();
        assert!(matches!(
            confirm(&app, &record.id, &other, now).await.unwrap(),
            Confirmation::Invalid
        ));
        assert!(matches!(
            confirm(&app, &record.id, "not a token", now).await.unwrap(),
            Confirmation::Invalid
        ));
        assert!(matches!(
            confirm(&app, "ip-1", &token, now).await.unwrap(),
            Confirmation::Invalid
        ));
        assert!(matches!(
            confirm(&app, &record.id, &token, now).await.unwrap(),
            Confirmation::Confirmed(_)
        ));
        assert!(matches!(
            confirm(&app, &record.id, &token, now).await.unwrap(),
            Confirmation::AlreadyConfirmed(_)
        ));
        let stored = app.store.get(&record.id).await.unwrap().unwrap();
        assert!(stored.is_confirmed());
    }
}

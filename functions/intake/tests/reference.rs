//! Issue 15 against real servers (moto's DynamoDB, an aiosmtpd SMTP server): the short
//! reference of every request (stored with its marker, in the e-mails, the JSON answer, the
//! status page and the operator's commands), the status lookup (one answer for every failure,
//! bounded with 429) and sending the confirmation e-mail again (a new link; the old one dies).

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::*;
use intake::operator::{self, Command};
use intake::request::{Reference, Status};
use serde_json::{json, Value};
use testkit::SmtpSink;

/// The form's lookup POST (form-encoded, as the site's form sends it, with its `Origin`).
fn lookup_post(reference: &str, email: &str, locale: &str, html: bool, ip: &str) -> Value {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("reference", reference)
        .append_pair("email", email)
        .append_pair("locale", locale)
        .finish();
    let headers = json!({
        "content-type": "application/x-www-form-urlencoded",
        "origin": SITE,
        "accept": if html { "text/html,application/xhtml+xml" } else { "application/json" },
    });
    from_ip(v2("POST", "/requests/lookup", headers, &body, now_ms()), ip)
}

/// The status page's button: `POST /requests/{id}/confirmation` from the site's origin.
fn resend_post(id: &str, html: bool, ip: &str) -> Value {
    let headers = json!({
        "content-type": "application/x-www-form-urlencoded",
        "origin": SITE,
        "accept": if html { "text/html,application/xhtml+xml" } else { "application/json" },
    });
    from_ip(
        v2(
            "POST",
            &format!("/requests/{id}/confirmation"),
            headers,
            "",
            now_ms(),
        ),
        ip,
    )
}

async fn new_request(env: &Env, locale: &str, email: &str) -> (String, String) {
    let r = env
        .call(v2(
            "POST",
            "/requests",
            json_headers(),
            &submission("deletion", locale, email).to_string(),
            now_ms(),
        ))
        .await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let b = body_json(&r);
    (
        b["id"].as_str().unwrap().to_string(),
        b["reference"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn every_request_has_a_reference_in_its_answer_letters_page_and_commands() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "ref-everywhere@example.kz";
    let (id, reference) = new_request(&env, "ru", email).await;
    // The JSON answer keeps every field and adds the grouped reference.
    let parsed = Reference::parse(&reference).expect("a well-formed reference");
    assert_eq!(parsed.grouped(), reference);
    // Stored on the request, with a marker item pointing to it.
    let items = env.requests().await;
    assert_eq!(items[0]["reference"].as_s().unwrap(), parsed.as_str());
    let marker = env
        .client
        .get_item()
        .table_name(&env.table)
        .key("pk", AttributeValue::S(format!("ref#{}", parsed.as_str())))
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    let marker = marker.item().expect("the reference's marker");
    assert_eq!(marker["request_id"].as_s().unwrap(), &id);
    // The acknowledgement and the notice say the reference; the long id only in links.
    let ack = &sink.mails_to(email)[0];
    assert!(ack.subject.contains(&reference), "{}", ack.subject);
    assert!(!ack.subject.contains(&id));
    assert!(ack.text.contains(&reference) && ack.html.contains(&reference));
    let notice = &sink.mails_to(OPERATOR)[0];
    assert!(notice.subject.contains(&reference) && notice.text.contains(&reference));
    // The status page shows the number once; the id only in the URL.
    let page = env
        .call(get(&format!("/requests/{id}?lang=ru"), true, None))
        .await;
    let html = page["body"].as_str().unwrap();
    assert_eq!(html.matches(reference.as_str()).count(), 1, "{html}");
    assert!(html.contains(&format!("data-field=\"reference\">{reference}<")));
    assert!(!html.contains(&format!(">{id}<")), "{html}");
    let json_page = body_json(&env.call(get(&format!("/requests/{id}"), false, None)).await);
    assert_eq!(json_page["reference"], reference.as_str());
    assert_eq!(json_page["id"], id.as_str());
    // The operator's commands take the reference as typed (any case, no hyphen).
    let typed = parsed.as_str().to_lowercase();
    let shown = operator::run(
        &env.app,
        Command::Show {
            id: typed.clone(),
            json: true,
        },
    )
    .await;
    assert!(shown.ok, "{}", shown.text);
    let shown: Value = serde_json::from_str(&shown.text).unwrap();
    assert_eq!(
        (shown["id"].as_str(), shown["reference"].as_str()),
        (Some(id.as_str()), Some(reference.as_str()))
    );
    let marked = operator::run(
        &env.app,
        Command::Mark {
            id: typed,
            to: Status::InProgress,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(marked.ok, "{}", marked.text);
    assert!(
        marked.text.contains(&reference) && marked.text.contains(&id),
        "{}",
        marked.text
    );
    let list = operator::run(
        &env.app,
        Command::List {
            json: false,
            version: None,
        },
    )
    .await;
    assert!(
        list.text.contains(&reference) && list.text.contains("REF"),
        "{}",
        list.text
    );
    let unknown = operator::run(
        &env.app,
        Command::Show {
            id: Reference::random().grouped(),
            json: false,
        },
    )
    .await;
    assert!(
        !unknown.ok && unknown.text.starts_with("no request"),
        "{}",
        unknown.text
    );
    // The progress line: received done, in progress current, with its date.
    let page = env
        .call(get(&format!("/requests/{id}?lang=en"), true, None))
        .await;
    let html = page["body"].as_str().unwrap();
    assert!(
        html.contains("data-step=\"in_progress\" data-state=\"current\" aria-current=\"step\""),
        "{html}"
    );
    assert!(
        html.contains("data-step=\"received\" data-state=\"done\""),
        "{html}"
    );
    assert!(
        html.contains("data-step=\"final\" data-state=\"upcoming\""),
        "{html}"
    );
}

#[tokio::test]
async fn the_lookup_finds_the_pair_and_answers_every_failure_alike() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "Lookup.Person@Example.KZ";
    let (id, reference) = new_request(&env, "kk", email).await;
    let ip = "198.51.100.7";
    // Typed as people type it: lower case, a space instead of the hyphen, O for 0.
    let typed = reference.to_lowercase().replace('-', " ").replace('0', "o");
    let r = env
        .call(lookup_post(
            &typed,
            "lookup.person@example.kz",
            "kk",
            true,
            ip,
        ))
        .await;
    assert_eq!(r["statusCode"], 303, "{r}");
    assert_eq!(
        r["headers"]["location"],
        format!("{SITE}/requests/{id}?lang=kk")
    );
    let r = env
        .call(lookup_post(&reference, email, "en", false, ip))
        .await;
    assert_eq!(r["statusCode"], 200, "{r}");
    assert_eq!(body_json(&r)["id"], id.as_str());
    assert_eq!(r["headers"]["access-control-allow-origin"], SITE);
    // Wrong e-mail, unknown reference, malformed reference: one answer, byte for byte.
    let mut answers = Vec::new();
    for (reference, email) in [
        (reference.as_str(), "someone.else@example.kz"),
        ("ZZZZ-ZZZZ", email),
        ("not-a-reference", email),
    ] {
        for html in [true, false] {
            let r = env
                .call(lookup_post(reference, email, "ru", html, ip))
                .await;
            assert_eq!(r["statusCode"], 404, "{r}");
            answers.push((html, r["body"].as_str().unwrap().to_string()));
        }
    }
    for html in [true, false] {
        let bodies: Vec<&String> = answers
            .iter()
            .filter(|a| a.0 == html)
            .map(|a| &a.1)
            .collect();
        assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
    }
    let html_body = &answers[0].1;
    assert!(html_body.contains("<html lang=\"ru\">"), "{html_body}");
    assert!(!html_body.contains(&id) && !html_body.contains("someone.else"));
    // From a site not allowed: 403, nothing looked up.
    let mut foreign = lookup_post(&reference, email, "ru", true, ip);
    foreign["headers"]["origin"] = json!("https://evil.example");
    assert_eq!(env.call(foreign).await["statusCode"], 403);
}

#[tokio::test]
async fn lookups_are_bounded_per_reference_and_per_source_with_429() {
    let sink = SmtpSink::start();
    let mut settings = settings();
    settings.limits.source_requests_per_hour = 8;
    let env = env_at(&testkit::moto_endpoint(), &sink.url(), settings).await;
    let email = "bounded@example.kz";
    let (_, reference) = new_request(&env, "en", email).await;
    for i in 0..intake::limits::LOOKUPS_PER_REFERENCE_PER_HOUR {
        let r = env
            .call(lookup_post(
                &reference,
                "guess@example.kz",
                "en",
                true,
                &format!("192.0.2.{i}"),
            ))
            .await;
        assert_eq!(r["statusCode"], 404, "{r}");
    }
    // The right pair from a fresh address: the reference has had its attempts.
    let r = env
        .call(lookup_post(&reference, email, "en", true, "192.0.2.200"))
        .await;
    assert_eq!(r["statusCode"], 429, "{r}");
    let retry: i64 = r["headers"]["retry-after"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    assert!(r["body"]
        .as_str()
        .unwrap()
        .contains("data-lookup=\"limited\""));
    // One source: its own counter (not the form's), 8 an hour.
    for _ in 0..8 {
        let unknown = Reference::random().grouped();
        let r = env
            .call(lookup_post(&unknown, email, "ru", false, "192.0.2.99"))
            .await;
        assert_eq!(r["statusCode"], 404, "{r}");
    }
    let r = env
        .call(lookup_post(&reference, email, "ru", false, "192.0.2.99"))
        .await;
    assert_eq!(r["statusCode"], 429, "{r}");
    assert_eq!(body_json(&r)["error"]["code"], "rate_limited");
    // The form is not affected: its source limit counts apart.
    let filed = env
        .call(from_ip(
            v2(
                "POST",
                "/requests",
                json_headers(),
                &submission("deletion", "ru", "other@example.kz").to_string(),
                now_ms(),
            ),
            "192.0.2.99",
        ))
        .await;
    assert_eq!(filed["statusCode"], 201, "{filed}");
}

#[tokio::test]
async fn the_confirmation_email_is_sent_again_with_a_new_link_and_the_old_one_dies() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "resend@example.kz";
    let (id, _) = new_request(&env, "en", email).await;
    let first = link_with(&sink.mails_to(email)[0].text, "/confirm?token=").unwrap();
    // The status page offers the button, with the form's CSP and referrer policy.
    let page = env
        .call(get(&format!("/requests/{id}?lang=en"), true, None))
        .await;
    let html = unescape_html(page["body"].as_str().unwrap());
    assert!(
        html.contains(&format!("action=\"{id}/confirmation?lang=en\"")),
        "{html}"
    );
    assert_eq!(page["headers"]["referrer-policy"], "strict-origin");
    assert!(page["headers"]["content-security-policy"]
        .as_str()
        .unwrap()
        .contains("form-action 'self'"));
    let r = env.call(resend_post(&id, true, "203.0.113.50")).await;
    assert_eq!(r["statusCode"], 303, "{r}");
    assert_eq!(
        r["headers"]["location"],
        format!("{SITE}/requests/{id}?lang=en&resent=sent")
    );
    let mails = sink.mails_to(email);
    assert_eq!(mails.len(), 2, "a second letter");
    let second = link_with(&mails[1].text, "/confirm?token=").unwrap();
    assert_ne!(first, second);
    // The old link confirms nothing; the new one does.
    let old = env
        .call(confirm_post(&id, &token_of(&first), false, None))
        .await;
    assert_eq!(old["statusCode"], 400, "{old}");
    let new = env
        .call(confirm_post(&id, &token_of(&second), false, None))
        .await;
    assert_eq!(new["statusCode"], 200, "{new}");
    // Confirmed: nothing more to send, the button is gone.
    let r = env.call(resend_post(&id, false, "203.0.113.50")).await;
    assert_eq!(r["statusCode"], 409, "{r}");
    let page = env.call(get(&format!("/requests/{id}"), true, None)).await;
    assert!(!page["body"].as_str().unwrap().contains("data-resend-form"));
    assert_eq!(page["headers"]["referrer-policy"], "no-referrer");
    assert_eq!(sink.mails_to(email).len(), 2);
    // Another site's page cannot press it.
    let mut foreign = resend_post(&id, true, "203.0.113.50");
    foreign["headers"]["origin"] = json!("https://evil.example");
    assert_eq!(env.call(foreign).await["statusCode"], 403);
}

#[tokio::test]
async fn resends_are_bounded_and_the_limit_page_is_the_status_page() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "bound-resend@example.kz";
    let (id, reference) = new_request(&env, "kk", email).await;
    // The mailbox's 3 letters a day, the acknowledgement included: two resends, then 429.
    for _ in 0..2 {
        let r = env.call(resend_post(&id, true, "203.0.113.60")).await;
        assert_eq!(r["statusCode"], 303, "{r}");
    }
    let r = env.call(resend_post(&id, true, "203.0.113.60")).await;
    assert_eq!(r["statusCode"], 429, "{r}");
    assert!(r["headers"]["retry-after"].as_str().is_some());
    let html = unescape_html(r["body"].as_str().unwrap());
    assert!(html.contains("data-notice=\"limited\""), "{html}");
    assert!(html.contains(&reference), "{html}");
    assert!(
        html.contains(&format!("href=\"/requests/{id}?lang=ru\"")),
        "{html}"
    );
    assert_eq!(sink.mails_to(email).len(), 3);
    let r = env
        .call(resend_post(
            "ip-00000000000000000000000000000000",
            false,
            "203.0.113.60",
        ))
        .await;
    assert_eq!(r["statusCode"], 404, "{r}");
    let r = env.call(resend_post("lookup", false, "203.0.113.60")).await;
    assert_eq!(r["statusCode"], 404, "{r}");
}

#[tokio::test]
async fn a_taken_reference_is_refused_by_the_store() {
    use intake::store::Created;
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let (id, reference) = new_request(&env, "ru", "taken@example.kz").await;
    // A second record with the same reference (as a collision would draw it): refused, and
    // nothing of it written.
    let first = env.app.store.get(&id).await.unwrap().unwrap();
    let mut other = first.clone();
    other.id = intake::request::new_id();
    other.dedupe_key = "another-key".into();
    let now = jiff::Timestamp::now().as_second();
    assert_eq!(
        env.app.store.create(&other, now).await.unwrap(),
        Created::ReferenceTaken
    );
    assert!(env.app.store.get(&other.id).await.unwrap().is_none());
    let found = env
        .app
        .store
        .find_reference(&Reference::parse(&reference).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, id);
}

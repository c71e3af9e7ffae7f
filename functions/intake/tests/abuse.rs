//! The attacks of issue 14, each reproduced against the real servers (moto's DynamoDB over
//! HTTP, aiosmtpd over SMTP): mail bombing and phishing through the acknowledgement, requests
//! no one is told about, the duplicate answer that told who asked, and the smaller holes.

mod common;

use common::*;
use intake::limits::RECIPIENT_ACKS_PER_DAY;
use policy::Locale;
use serde_json::{json, Value};
use testkit::SmtpSink;

const LOCALES: [&str; 3] = ["kk", "ru", "en"];

/// An app with small configured limits (the defaults are numbers in `intake::limits`; a
/// test need not send thirty requests to meet one).
async fn env_limited(sink: &SmtpSink, source: u32, notices: u32) -> Env {
    let mut s = settings();
    s.limits.source_requests_per_hour = source;
    s.limits.notices_per_hour = notices;
    env_at(&testkit::moto_endpoint(), &sink.url(), s).await
}

fn text(env: &Env, locale: &str, key: &str) -> String {
    env.app
        .content
        .catalog
        .text(locale.parse::<Locale>().unwrap(), key)
        .unwrap()
}

fn fmt(env: &Env, locale: &str, key: &str, args: &[(&str, i64)]) -> String {
    let args: Vec<(&str, fluent_bundle::FluentValue)> =
        args.iter().map(|(k, v)| (*k, (*v).into())).collect();
    env.app
        .content
        .catalog
        .format(locale.parse::<Locale>().unwrap(), key, &args)
        .unwrap()
}

/// A request from an address of its own (so that the source limit is not what a test meets).
fn ip(n: usize) -> String {
    format!("198.18.{}.{}", n / 250, n % 250 + 1)
}

/// Every value of every item of the table, as text (to look for what must not be stored).
async fn all_values(env: &Env) -> String {
    let items = testkit::scan_prefix(&env.client, &env.table, "").await;
    format!("{items:?}")
}

async fn item(
    env: &Env,
    id: &str,
) -> std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> {
    testkit::scan_prefix(&env.client, &env.table, &format!("req#{id}"))
        .await
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no item for {id}"))
}

fn s(
    item: &std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>,
    k: &str,
) -> String {
    item.get(k)
        .and_then(|v| v.as_s().ok())
        .cloned()
        .unwrap_or_default()
}

// ----------------------------------------------------------------------------------------
// 1 and 2: the address is a bare address the transport can send, stored normalised.

#[tokio::test]
async fn an_address_is_a_bare_address_that_the_transport_can_send() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let refused = [
        "Anything <victim@example.com>",
        "\"Your data will be deleted! Call +7 700\" <victim@example.com>",
        "victim@example.com (comment)",
        "(comment)victim@example.com",
        "victim@example.com, other@example.com",
        "victim@example.com; other@example.com",
        "<victim@example.com>",
        "\"john doe\"@example.org",
        "\"victim\"@example.com",
        "ip@[127.0.0.1]",
        "ip@[IPv6:::1]",
        "ip@127.0.0.1",
        "юзер@example.kz",
        "a@localhost",
        "a@b_c.kz",
        "a@-b.kz",
        "a@b.kz.",
        "a..b@example.kz",
    ];
    for (n, address) in refused.iter().enumerate() {
        let locale = LOCALES[n % 3];
        let r = env
            .call(post_from(&ip(n), &submission("deletion", locale, address)))
            .await;
        assert_eq!(r["statusCode"], 422, "{address}: {r}");
        let b = body_json(&r);
        assert_eq!(
            b["error"]["fields"]["email"],
            text(&env, locale, "field-email-invalid"),
            "{address} in {locale}: {b}"
        );
    }
    assert!(env.requests().await.is_empty(), "nothing stored");
    assert!(sink.mails().is_empty(), "nothing sent");

    // Accepted, and stored and deduplicated as the normalised address: the domain
    // lower-cased and in ASCII (IDNA), the local part as typed.
    let r = env
        .call(post_from(
            &ip(100),
            &submission("deletion", "ru", " Victim@ПРИМЕР.рф "),
        ))
        .await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let id = body_json(&r)["id"].as_str().unwrap().to_string();
    let stored = item(&env, &id).await;
    assert_eq!(s(&stored, "email"), "Victim@xn--e1afmkfd.xn--p1ai");
    assert_eq!(
        sink.mails_to("Victim@xn--e1afmkfd.xn--p1ai").len(),
        1,
        "the acknowledgement goes to the normalised address"
    );
    let again = env
        .call(post_from(
            &ip(101),
            &submission("deletion", "en", "victim@XN--E1AFMKFD.xn--p1ai"),
        ))
        .await;
    assert_eq!(
        again["statusCode"], 200,
        "the same address: a resubmission: {again}"
    );
    assert_eq!(env.requests().await.len(), 1);
}

// ----------------------------------------------------------------------------------------
// 1: mail bombing one mailbox through many requests.

#[tokio::test]
async fn one_mailbox_gets_at_most_a_few_acknowledgements_a_day_and_the_operator_sees_the_rest() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let kinds = [
        ("deletion", None),
        ("consent_withdrawal", Some("notifications")),
        ("consent_withdrawal", Some("analytics")),
        ("consent_withdrawal", Some("all")),
    ];
    let addresses = [
        "victim@example.com",
        "Victim+1@example.com",
        "victim+2@EXAMPLE.com",
        "VICTIM+three@example.com",
        "victim+4@Example.Com",
    ];
    let mut answers = Vec::new();
    for (n, (address, (kind, scope))) in addresses
        .iter()
        .flat_map(|a| kinds.iter().map(move |k| (a, k)))
        .take(17)
        .enumerate()
    {
        let mut body = submission(kind, LOCALES[n % 3], address);
        if let Some(scope) = scope {
            body["scope"] = json!(scope);
        }
        answers.push(env.call(post_from(&ip(n), &body)).await);
    }
    // Every request is recorded and answered as usual.
    for r in &answers {
        assert_eq!(r["statusCode"], 201, "{r}");
        let b = body_json(r);
        assert_eq!(b["acknowledgement"], "sent", "{b}");
        assert!(b["id"].as_str().is_some());
    }
    assert_eq!(env.requests().await.len(), 17);
    // ... but the mailbox gets only the first few acknowledgements.
    let to_victim: Vec<_> = sink
        .mails()
        .into_iter()
        .filter(|m| {
            m.rcpt_tos
                .iter()
                .any(|r| r.to_lowercase().starts_with("victim"))
        })
        .collect();
    assert_eq!(to_victim.len(), RECIPIENT_ACKS_PER_DAY as usize);
    let withheld: Vec<String> = env
        .requests()
        .await
        .iter()
        .filter(|i| s(i, "ack_status") == "withheld")
        .map(|i| s(i, "id"))
        .collect();
    assert_eq!(withheld.len(), 17 - RECIPIENT_ACKS_PER_DAY as usize);
    // The operator's notice of each says so ...
    let notices = sink.mails_to(OPERATOR);
    assert_eq!(notices.len(), 17);
    let limit = [("limit", i64::from(RECIPIENT_ACKS_PER_DAY))];
    let said = fmt(&env, "ru", "notice-ack-withheld", &limit);
    for id in &withheld {
        let number = number(&env, id).await;
        let notice = notices
            .iter()
            .find(|m| m.subject.contains(number.as_str()))
            .unwrap();
        assert!(notice.text.contains(&said), "{}", notice.text);
    }
    // ... and the daily digest lists them.
    let report = intake::daily::run(&env.app, jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(report.digest, "sent", "{report:?}");
    let digest = sink
        .mails_to(OPERATOR)
        .into_iter()
        .find(|m| m.text.contains(&fmt(&env, "ru", "digest-withheld", &limit)))
        .expect("a digest with the withheld acknowledgements");
    for id in &withheld {
        assert!(digest.text.contains(id.as_str()), "{id} in {}", digest.text);
    }
    // A day after the first acknowledgement the mailbox gets one again.
    let tomorrow = from_ip(
        v2(
            "POST",
            "/requests",
            json_headers(),
            &submission("deletion", "en", "victim+tomorrow@example.com").to_string(),
            now_ms() + 86_401_000,
        ),
        &ip(99),
    );
    assert_eq!(env.call(tomorrow).await["statusCode"], 201);
    assert_eq!(sink.mails_to("victim+tomorrow@example.com").len(), 1);
    // The limits' items hold no address.
    let limits = testkit::scan_prefix(&env.client, &env.table, "limit#recipient#").await;
    assert!(!limits.is_empty());
    let text = format!("{limits:?}").to_lowercase();
    assert!(
        !text.contains("victim") && !text.contains("example.com"),
        "{text}"
    );
}

// ----------------------------------------------------------------------------------------
// 1: the per-source limit.

#[tokio::test]
async fn a_source_past_its_limit_gets_a_localized_429_and_nothing_is_stored() {
    let sink = SmtpSink::start();
    let limit = 6;
    let env = env_limited(&sink, limit as u32, 100).await;
    let from = "198.51.100.7";
    for n in 0..limit {
        let r = env
            .call(post_from(
                from,
                &submission("deletion", "ru", &format!("src{n}@example.kz")),
            ))
            .await;
        assert_eq!(r["statusCode"], 201, "{n}: {r}");
    }
    let stored = env.requests().await.len();
    let mails = sink.mails().len();
    for locale in LOCALES {
        let r = env
            .call(post_from(
                from,
                &submission("deletion", locale, &format!("over-{locale}@example.kz")),
            ))
            .await;
        assert_eq!(r["statusCode"], 429, "{r}");
        let b = body_json(&r);
        assert_eq!(b["error"]["code"], "rate_limited");
        assert_eq!(
            b["error"]["message"],
            text(&env, locale, "error-rate-limited")
        );
        let retry: u64 = r["headers"]["retry-after"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=3600).contains(&retry), "{retry}");
    }
    // A browser without JavaScript gets a localized page.
    let html = env
        .call(from_ip(
            v2(
                "POST",
                "/requests",
                form_headers(),
                "type=deletion&locale=kk&name=A&email=over-html%40example.kz&confirm=on",
                now_ms(),
            ),
            from,
        ))
        .await;
    assert_eq!(html["statusCode"], 429);
    assert!(html["body"]
        .as_str()
        .unwrap()
        .contains(&text(&env, "kk", "error-rate-limited")));
    // A REST API event from the same source counts too.
    let rest = from_ip(
        v1(
            "POST",
            "/requests",
            json_headers(),
            &submission("deletion", "en", "over-rest@example.kz").to_string(),
            now_ms(),
        ),
        from,
    );
    assert_eq!(env.call(rest).await["statusCode"], 429);
    assert_eq!(env.requests().await.len(), stored, "nothing stored");
    assert_eq!(sink.mails().len(), mails, "nothing sent");

    // The window ends an hour after it began: the same source may send again.
    let later = from_ip(
        v2(
            "POST",
            "/requests",
            json_headers(),
            &submission("deletion", "ru", "next-hour@example.kz").to_string(),
            now_ms() + 3_601_000,
        ),
        from,
    );
    assert_eq!(env.call(later).await["statusCode"], 201);
    let stored = stored + 1;

    // Another source is not affected.
    let r = env
        .call(post_from(
            "198.51.100.8",
            &submission("deletion", "ru", "other-src@example.kz"),
        ))
        .await;
    assert_eq!(r["statusCode"], 201);

    // IPv6: one /64 is one source (an attacker has 2^64 of its addresses).
    for n in 0..limit {
        let r = env
            .call(post_from(
                &format!("2001:db8:1:2::{:x}", n + 1),
                &submission("deletion", "ru", &format!("v6-{n}@example.kz")),
            ))
            .await;
        assert_eq!(r["statusCode"], 201, "{r}");
    }
    let same_64 = post_from(
        "2001:db8:1:2:ffff:ffff:ffff:9",
        &submission("deletion", "ru", "v6-over@example.kz"),
    );
    assert_eq!(env.call(same_64).await["statusCode"], 429);
    let next_64 = post_from(
        "2001:db8:1:3::1",
        &submission("deletion", "ru", "v6-next@example.kz"),
    );
    assert_eq!(env.call(next_64).await["statusCode"], 201);
    assert_eq!(env.requests().await.len(), stored + 1 + limit + 1);

    // Only a keyed hash of the source is kept, never the address.
    let values = all_values(&env).await;
    for raw in [from, "2001:db8:1:2", "198.51.100.8"] {
        assert!(!values.contains(raw), "{raw} is stored");
    }
}

#[tokio::test]
async fn concurrent_submits_from_one_source_stop_exactly_at_the_limit() {
    // A moto of its own: the shared one serves the other tests one request at a time.
    let moto = testkit::MotoServer::start();
    let sink = SmtpSink::start();
    let limit = 10;
    let mut settings = settings();
    settings.limits.source_requests_per_hour = limit as u32;
    let env = env_at(&moto.endpoint, &sink.url(), settings).await;
    let n = limit + 10;
    let calls: Vec<_> = (0..n)
        .map(|i| {
            env.call(post_from(
                "192.0.2.44",
                &submission("deletion", "en", &format!("race{i}@example.kz")),
            ))
        })
        .collect();
    let answers = join_all(calls).await;
    let created = answers.iter().filter(|r| r["statusCode"] == 201).count();
    let limited = answers.iter().filter(|r| r["statusCode"] == 429).count();
    assert_eq!((created, limited), (limit, 10), "{answers:?}");
    assert_eq!(env.requests().await.len(), limit);
}

// ----------------------------------------------------------------------------------------
// 1: the phishing relay.

#[tokio::test]
async fn an_unconfirmed_address_gets_no_text_the_requester_typed() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let bait = "Your data will be deleted! Call +7 700 000 0000";
    let link = "http://evil.example/login";
    let mut body = submission("deletion", "en", "target@example.kz");
    body["name"] = json!(bait);
    body["details"] = json!(format!("Visit {link} now"));
    let r = env.call(post_from(&ip(1), &body)).await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let id = body_json(&r)["id"].as_str().unwrap().to_string();
    let acks = sink.mails_to("target@example.kz");
    assert_eq!(acks.len(), 1);
    let ack = &acks[0];
    assert_eq!(ack.to, "target@example.kz", "no display name in To:");
    for part in [&ack.text, &ack.html, &ack.subject, &ack.to] {
        assert!(!part.contains("Call +7"), "{part}");
        assert!(!part.contains("evil.example"), "{part}");
    }
    assert!(
        ack.text
            .starts_with(&text(&env, "en", "ack-greeting-anonymous")),
        "{}",
        ack.text
    );
    // The operator, in their own inbox, sees what was typed.
    let notice = &sink.mails_to(OPERATOR)[0];
    assert!(notice.text.contains(bait) && notice.text.contains(link));

    // The outcome e-mail to an address that never confirmed carries no name either.
    let out = intake::operator::run(
        &env.app,
        intake::operator::Command::Mark {
            id: id.clone(),
            to: intake::request::Status::Completed,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(out.ok, "{}", out.text);
    let mails = sink.mails_to("target@example.kz");
    assert_eq!(mails.len(), 2, "the acknowledgement and the outcome");
    let outcome = &mails[1];
    assert!(!outcome.text.contains("Call +7"), "{}", outcome.text);
    assert!(outcome
        .text
        .starts_with(&text(&env, "en", "ack-greeting-anonymous")));

    // Once the address has confirmed, the greeting may use the name it confirmed.
    let mut body = submission("deletion", "ru", "confirmed@example.kz");
    body["name"] = json!("Анна Подтверждённая");
    let r = env.call(post_from(&ip(2), &body)).await;
    let id = body_json(&r)["id"].as_str().unwrap().to_string();
    let ack = sink.mails_to("confirmed@example.kz").pop().unwrap();
    assert!(!ack.text.contains("Анна"), "{}", ack.text);
    let confirm = link_with(&ack.text, "/confirm?token=").unwrap();
    assert_eq!(
        env.call(confirm_post(&id, &token_of(&confirm), false, None))
            .await["statusCode"],
        200
    );
    let out = intake::operator::run(
        &env.app,
        intake::operator::Command::Mark {
            id,
            to: intake::request::Status::Completed,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(out.ok, "{}", out.text);
    let outcome = sink.mails_to("confirmed@example.kz").pop().unwrap();
    assert!(
        outcome.text.contains("Анна Подтверждённая"),
        "{}",
        outcome.text
    );
}

// ----------------------------------------------------------------------------------------
// 1: operator notices under a flood.

#[tokio::test]
async fn operator_notices_are_bounded_per_hour_then_summarised() {
    let sink = SmtpSink::start();
    let limit = 4;
    let env = env_limited(&sink, 100, limit as u32).await;
    let n = limit + 5;
    let mut ids = Vec::new();
    for i in 0..n {
        let r = env
            .call(post_from(
                &ip(i),
                &submission("deletion", "ru", &format!("flood{i}@example.kz")),
            ))
            .await;
        assert_eq!(r["statusCode"], 201, "{r}");
        ids.push(body_json(&r)["id"].as_str().unwrap().to_string());
    }
    // Every requester is acknowledged; the operator gets one notice per request up to the
    // limit, and none for the rest yet.
    assert_eq!(sink.mails().len(), n + limit);
    let notices = sink.mails_to(OPERATOR);
    assert_eq!(notices.len(), limit);
    for id in &ids[..limit] {
        let number = number(&env, id).await;
        assert!(notices.iter().any(|m| m.subject.contains(number.as_str())));
    }
    for id in &ids[limit..] {
        assert_eq!(s(&item(&env, id).await, "notice_status"), "deferred");
    }
    // The hourly run sends one summary of the rest.
    let report = env.call(json!({"task": "resend_pending"})).await;
    assert_eq!(report["report"]["failed"], 0, "{report}");
    let notices = sink.mails_to(OPERATOR);
    assert_eq!(notices.len(), limit + 1);
    let subject = fmt(&env, "ru", "summary-subject", &[("count", 5)]);
    let summary = notices
        .iter()
        .find(|m| m.subject == subject)
        .expect("a summary notice");
    for id in &ids[limit..] {
        assert!(summary.text.contains(id.as_str()), "{id}: {}", summary.text);
    }
    for id in &ids[..limit] {
        assert!(!summary.text.contains(id.as_str()));
    }
    for id in &ids[limit..] {
        assert_eq!(s(&item(&env, id).await, "notice_status"), "summarized");
    }
    let again = env.call(json!({"task": "resend_pending"})).await;
    assert_eq!(again["report"]["attempted"], 0, "{again}");
    assert_eq!(sink.mails_to(OPERATOR).len(), limit + 1);
}

// ----------------------------------------------------------------------------------------
// 2: a request no one is told about.

#[tokio::test]
async fn the_operator_is_told_even_when_the_acknowledgement_bounces() {
    let sink = SmtpSink::start_rejecting(None, &["bounce@example.kz"]);
    let env = env(&sink).await;
    let r = env
        .call(post_from(
            &ip(1),
            &submission("deletion", "ru", "bounce@example.kz"),
        ))
        .await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let b = body_json(&r);
    assert_eq!(b["acknowledgement"], "failed");
    let id = b["id"].as_str().unwrap().to_string();
    let notices = sink.mails_to(OPERATOR);
    assert_eq!(notices.len(), 1, "the operator is told");
    assert!(notices[0].subject.contains(&number(&env, &id).await));
    let stored = item(&env, &id).await;
    assert_eq!(s(&stored, "ack_status"), "failed");
    assert_eq!(s(&stored, "ack_error"), "smtp_permanent");
    assert_eq!(s(&stored, "notice_status"), "sent");
}

#[tokio::test]
async fn a_failed_notice_is_resent_without_a_second_acknowledgement() {
    let port = testkit::closed_port();
    let down = SmtpSink::start_rejecting(Some(port), &[OPERATOR]);
    let env = env_with(&down.url()).await;
    let r = env
        .call(post_from(
            &ip(1),
            &submission("deletion", "kk", "once@example.kz"),
        ))
        .await;
    let b = body_json(&r);
    assert_eq!(b["acknowledgement"], "sent", "{b}");
    let id = b["id"].as_str().unwrap().to_string();
    assert_eq!(down.mails_to("once@example.kz").len(), 1);
    let stored = item(&env, &id).await;
    assert_eq!(s(&stored, "ack_status"), "sent");
    assert_eq!(s(&stored, "notice_status"), "failed");
    drop(down);

    let up = SmtpSink::start_on(Some(port));
    let report = env.call(json!({"task": "resend_pending"})).await;
    assert_eq!(report["report"]["sent"], 1, "{report}");
    assert_eq!(up.mails_to(OPERATOR).len(), 1);
    assert!(
        up.mails_to("once@example.kz").is_empty(),
        "no second acknowledgement"
    );
    assert_eq!(s(&item(&env, &id).await, "notice_status"), "sent");
}

// ----------------------------------------------------------------------------------------
// 3: who asked is nobody else's business.

#[tokio::test]
async fn a_resubmission_discloses_nothing_about_the_first_request() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let first = env
        .call(post_from(
            &ip(1),
            &submission("deletion", "ru", "asked@example.kz"),
        ))
        .await;
    assert_eq!(first["statusCode"], 201);
    let mails = sink.mails().len();

    // Someone else types the same address, in another language.
    let again = env
        .call(post_from(
            &ip(2),
            &submission("deletion", "en", "ASKED@example.kz"),
        ))
        .await;
    assert_eq!(again["statusCode"], 200, "{again}");
    let b = body_json(&again);
    assert_eq!(keys(&b), ["message", "status", "type"], "{b}");
    assert_eq!(b["status"], "received");
    assert_eq!(b["type"], "deletion");
    assert_eq!(b["message"], text(&env, "en", "accepted-duplicate"));
    assert_eq!(again["headers"]["content-language"], "en");
    let first_id = body_json(&first)["id"].as_str().unwrap().to_string();
    assert!(!again["body"].as_str().unwrap().contains(&first_id));
    assert_eq!(sink.mails().len(), mails, "nothing sent again");

    // Without JavaScript: the received page, without the request's number or deadline.
    let html = env
        .call(from_ip(
            v2(
                "POST",
                "/requests",
                form_headers(),
                "type=deletion&locale=kk&name=A&email=asked%40example.kz&confirm=on",
                now_ms(),
            ),
            &ip(3),
        ))
        .await;
    assert_eq!(html["statusCode"], 303);
    assert_eq!(
        html["headers"]["location"],
        format!("{SITE}/kk/data-deletion/received/")
    );
    assert_eq!(env.requests().await.len(), 1);
    assert_eq!(sink.mails().len(), mails);
}

// ----------------------------------------------------------------------------------------
// 4: the smaller holes.

#[tokio::test]
async fn invisible_and_direction_characters_are_refused_localized() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let names = [
        ("\u{200B}\u{200B}", "required"),
        ("\u{3164}", "required"),
        ("\u{2060}\u{FEFF}\u{180E}", "required"),
        ("Anna\u{202E}annA", "invisible_characters"),
        ("\u{2066}Anna\u{2069}", "invisible_characters"),
        ("An\u{00AD}na", "invisible_characters"),
        ("Anna\u{200D}", "invisible_characters"),
    ];
    for (n, (name, code)) in names.iter().enumerate() {
        let locale = LOCALES[n % 3];
        let mut body = submission("deletion", locale, &format!("inv{n}@example.kz"));
        body["name"] = json!(name);
        let r = env.call(post_from(&ip(n), &body)).await;
        assert_eq!(r["statusCode"], 422, "{name:?}: {r}");
        assert_eq!(
            body_json(&r)["error"]["fields"]["name"],
            text(&env, locale, &format!("field-name-{code}")),
            "{name:?}"
        );
    }
    for (n, details) in ["see \u{202E}gnp.exe", "a\u{2067}b", "x\u{FEFF}y"]
        .iter()
        .enumerate()
    {
        let locale = LOCALES[n % 3];
        let mut body = submission("deletion", locale, &format!("invd{n}@example.kz"));
        body["details"] = json!(details);
        let r = env.call(post_from(&ip(n), &body)).await;
        assert_eq!(r["statusCode"], 422, "{details:?}: {r}");
        assert_eq!(
            body_json(&r)["error"]["fields"]["details"],
            text(&env, locale, "field-details-invisible_characters")
        );
    }
    assert!(env.requests().await.is_empty());
    assert!(sink.mails().is_empty());
}

#[tokio::test]
async fn a_real_replacement_character_is_text_not_broken_encoding() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let form = |body: &str, n: usize| {
        from_ip(
            v2(
                "POST",
                "/requests",
                json!({"content-type": "application/x-www-form-urlencoded", "accept": "application/json", "origin": "https://interpay.kz"}),
                body,
                now_ms(),
            ),
            &ip(n),
        )
    };
    let r = env
        .call(form(
            "type=deletion&locale=ru&name=%EF%BF%BD+%D0%90%D0%BD%D0%BD%D0%B0&email=fffd%40example.kz&confirm=on",
            1,
        ))
        .await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let id = body_json(&r)["id"].as_str().unwrap().to_string();
    assert_eq!(s(&item(&env, &id).await, "name"), "\u{FFFD} Анна");
    // What is really invalid is still refused.
    for bad in [
        "type=deletion&name=%FF&email=a%40example.kz&confirm=on",
        "type=deletion&name=%C3&email=a%40example.kz&confirm=on",
        "type=deletion&name=%ED%A0%80&email=a%40example.kz&confirm=on",
    ] {
        let r = env.call(form(bad, 2)).await;
        assert_eq!(r["statusCode"], 400, "{bad}: {r}");
        assert_eq!(body_json(&r)["error"]["code"], "invalid_encoding");
    }
    assert_eq!(env.requests().await.len(), 1);
}

#[tokio::test]
async fn the_honeypot_answer_is_indistinguishable_from_a_real_one() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let real = env
        .call(post_from(
            &ip(1),
            &submission("deletion", "ru", "human@example.kz"),
        ))
        .await;
    let mut bot_body = submission("deletion", "ru", "bot-victim@example.kz");
    bot_body["name"] = json!("Bot Name Spam");
    bot_body["website"] = json!("http://spam.example");
    let bot = env.call(post_from(&ip(2), &bot_body)).await;
    assert_eq!(bot["statusCode"], real["statusCode"]);
    let (rb, bb) = (body_json(&real), body_json(&bot));
    assert_eq!(keys(&bb), keys(&rb));
    for k in [
        "type",
        "status",
        "acknowledgement",
        "message",
        "deadline",
        "deadline_text",
    ] {
        assert_eq!(bb[k], rb[k], "{k}");
    }
    assert_eq!(keys(&bot["headers"]), keys(&real["headers"]));
    // Its status page answers like a real one.
    let bot_id = bb["id"].as_str().unwrap();
    for html in [false, true] {
        let path = path_of(bb["status_url"].as_str().unwrap());
        let page = env.call(get(&path, html, None)).await;
        let real_page = env
            .call(get(
                &path_of(rb["status_url"].as_str().unwrap()),
                html,
                None,
            ))
            .await;
        assert_eq!(page["statusCode"], 200, "{page}");
        assert_eq!(page["statusCode"], real_page["statusCode"]);
        if !html {
            assert_eq!(keys(&body_json(&page)), keys(&body_json(&real_page)));
        }
    }
    // Sent again: the same answer as a real resubmission.
    let bot_again = env.call(post_from(&ip(3), &bot_body)).await;
    let real_again = env
        .call(post_from(
            &ip(4),
            &submission("deletion", "ru", "human@example.kz"),
        ))
        .await;
    assert_eq!(bot_again["statusCode"], real_again["statusCode"]);
    assert_eq!(body_json(&bot_again), body_json(&real_again));
    // But nothing is sent for it, nothing it typed is kept, and the operator never sees it.
    assert!(sink.mails_to("bot-victim@example.kz").is_empty());
    assert!(sink
        .mails_to(OPERATOR)
        .iter()
        .all(|m| !m.text.contains(bot_id)));
    let values = all_values(&env).await;
    assert!(!values.contains("bot-victim") && !values.contains("Bot Name Spam"));
    let open = env.app.store.open_requests().await.unwrap();
    assert!(open.iter().all(|r| r.id != bot_id));
    assert!(env
        .app
        .store
        .needs_mail()
        .await
        .unwrap()
        .iter()
        .all(|r| r.id != bot_id));
    // A real person who types the same address is not taken for the bot's duplicate.
    let person = env
        .call(post_from(
            &ip(5),
            &submission("deletion", "ru", "bot-victim@example.kz"),
        ))
        .await;
    assert_eq!(person["statusCode"], 201, "{person}");
    assert_eq!(sink.mails_to("bot-victim@example.kz").len(), 1);
}

#[tokio::test]
async fn metas_signed_requests_must_be_fresh() {
    let sink = SmtpSink::start();
    let mut env = env(&sink).await;
    let secret = intake::meta::AppSecret::new("key");
    env.app.meta_secret = Some(secret.clone());
    let now = jiff::Timestamp::now().as_second();
    let signed = |user: &str, issued_at: Option<i64>| {
        let mut payload = json!({"user_id": user, "algorithm": "HMAC-SHA256"});
        if let Some(t) = issued_at {
            payload["issued_at"] = json!(t);
        }
        intake::meta::sign(&payload.to_string(), &secret)
    };
    for (user, issued_at) in [
        ("old", Some(now - intake::meta::MAX_AGE_SECONDS - 60)),
        ("future", Some(now + 3600)),
        ("none", None),
        // Meta's published test vector is from 2021.
        ("0", Some(1_624_244_156)),
    ] {
        let r = env.call(meta_post(&signed(user, issued_at))).await;
        assert_eq!(r["statusCode"], 400, "{user}: {r}");
        assert_eq!(body_json(&r)["error"]["code"], "invalid_signed_request");
    }
    assert!(env.requests().await.is_empty(), "nothing stored");
    assert!(sink.mails().is_empty());
    let r = env.call(meta_post(&signed("fresh", Some(now - 300)))).await;
    assert_eq!(r["statusCode"], 200, "{r}");
    // Repeated: the same code (Meta's callback is signed, so it may learn its own request).
    let code = body_json(&r)["confirmation_code"].clone();
    let again = env.call(meta_post(&signed("fresh", Some(now - 200)))).await;
    assert_eq!(body_json(&again)["confirmation_code"], code);
}

#[tokio::test]
async fn origins_must_be_exact_origins_and_are_never_echoed() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    for (n, origin) in [
        "https://interpay.kz/",
        "https://interpay.kz/path",
        "https://user@interpay.kz",
        "https://user:pw@interpay.kz",
        "https://interpay.kz:443",
        "https://INTERPAY.kz",
        "https://interpay.kz?x=1",
        "https://interpay.kz#x",
        "https://интерпей.kz",
        "https://interpay.kz\u{e9}",
        " https://interpay.kz",
        "null",
    ]
    .iter()
    .enumerate()
    {
        let headers = json!({"content-type": "application/json", "accept": "application/json", "origin": origin});
        let body = submission("deletion", "en", &format!("origin{n}@example.kz")).to_string();
        let r = env
            .call(from_ip(
                v2("POST", "/requests", headers.clone(), &body, now_ms()),
                &ip(n),
            ))
            .await;
        assert_eq!(r["statusCode"], 403, "{origin:?}: {r}");
        assert!(
            r["headers"].get("access-control-allow-origin").is_none(),
            "{r}"
        );
        let pre = env
            .call(v2(
                "OPTIONS",
                "/requests",
                json!({"origin": origin, "access-control-request-method": "POST"}),
                "",
                now_ms(),
            ))
            .await;
        assert_eq!(pre["statusCode"], 403, "{origin:?}: {pre}");
        assert!(pre["headers"].get("access-control-allow-origin").is_none());
    }
    assert!(env.requests().await.is_empty());

    // The charset is checked wherever it stands.
    for (n, content_type) in [
        "application/json; charset=utf-8; charset=iso-8859-1",
        "application/json; charset = iso-8859-1",
        "application/json; foo=\"a;b\"; charset=koi8-r",
        "application/json;\tcharset=windows-1251",
    ]
    .iter()
    .enumerate()
    {
        let headers = json!({"content-type": content_type, "accept": "application/json", "origin": "https://interpay.kz"});
        let body = submission("deletion", "en", &format!("cs{n}@example.kz")).to_string();
        let r = env
            .call(from_ip(
                v2("POST", "/requests", headers, &body, now_ms()),
                &ip(n),
            ))
            .await;
        assert_eq!(r["statusCode"], 415, "{content_type}: {r}");
    }
    assert!(env.requests().await.is_empty());
    let headers = json!({"content-type": "application/json; Charset=\"UTF-8\"", "accept": "application/json", "origin": "https://interpay.kz"});
    let body = submission("deletion", "en", "cs-ok@example.kz").to_string();
    let r = env
        .call(from_ip(
            v2("POST", "/requests", headers, &body, now_ms()),
            &ip(9),
        ))
        .await;
    assert_eq!(r["statusCode"], 201, "{r}");
    assert_eq!(
        r["headers"]["access-control-allow-origin"],
        "https://interpay.kz"
    );
}

#[tokio::test]
async fn only_exact_paths_are_routes() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let body = submission("deletion", "en", "path@example.kz").to_string();
    for path in ["/requests//", "//requests", "/requests///", "//requests/"] {
        let r = env
            .call(v2("POST", path, json_headers(), &body, now_ms()))
            .await;
        assert_eq!(r["statusCode"], 404, "{path}: {r}");
    }
    let id = format!("ip-{}", "0".repeat(32));
    for path in [
        format!("/requests//{id}"),
        format!("/requests/{id}//confirm"),
        format!("/requests/{id}/confirm//"),
        "/meta//data-deletion".to_string(),
    ] {
        let r = env.call(get(&path, false, None)).await;
        assert_eq!(r["statusCode"], 404, "{path}: {r}");
    }
    assert!(env.requests().await.is_empty());
}

#[tokio::test]
async fn html_error_pages_carry_the_security_headers_of_the_status_page() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let form = |body: &str, content_type: &str| {
        v2(
            "POST",
            "/requests",
            json!({"content-type": content_type, "accept": "text/html", "origin": "https://interpay.kz"}),
            body,
            now_ms(),
        )
    };
    for (event, status) in [
        (
            form(
                "type=deletion&name=&email=x",
                "application/x-www-form-urlencoded",
            ),
            422,
        ),
        (form("x", "text/plain"), 415),
        (
            form(&"x".repeat(17 * 1024), "application/x-www-form-urlencoded"),
            413,
        ),
        (form("name=%FF", "application/x-www-form-urlencoded"), 400),
        (
            v2(
                "PUT",
                "/requests",
                json!({"accept": "text/html"}),
                "",
                now_ms(),
            ),
            405,
        ),
    ] {
        let r = env.call(event).await;
        assert_eq!(r["statusCode"], status, "{r}");
        let h = &r["headers"];
        // The invalid form is answered with the form again, which posts to the function.
        let form_page = status == 422;
        assert_eq!(
            h["content-security-policy"],
            intake::pages::content_security_policy("https://interpay.kz", form_page),
            "{r}"
        );
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(
            h["referrer-policy"],
            if form_page {
                "strict-origin"
            } else {
                "no-referrer"
            }
        );
    }
}

// ----------------------------------------------------------------------------------------
// The local store of serve gives the same answers as DynamoDB.

/// What an answer tells its client, without what differs by nature (ids, times).
fn shape(r: &Value) -> Value {
    let b = body_json(r);
    json!({
        "status": r["statusCode"],
        "keys": keys(&b),
        "acknowledgement": b["acknowledgement"],
        "message": b["message"],
        "error": b["error"]["code"],
        "retry_after": r["headers"].get("retry-after").is_some(),
    })
}

#[tokio::test]
async fn the_local_store_gives_the_same_answers_as_dynamodb() {
    let sink = SmtpSink::start();
    let source_limit = 8;
    let dynamo = env_limited(&sink, source_limit, 3).await;
    let dir = tempfile::tempdir().unwrap();
    let mut local = intake::App::local(
        dir.path(),
        SITE,
        ["https://interpay.kz".to_string()].into_iter().collect(),
    )
    .await
    .unwrap();
    local.settings.limits = dynamo.app.settings.limits;
    let mut script: Vec<Value> = Vec::new();
    // New, resubmitted, a honeypot, a mailbox past its limit, a source past its limit.
    script.push(post_from(
        &ip(1),
        &submission("deletion", "kk", "same@example.kz"),
    ));
    script.push(post_from(
        &ip(2),
        &submission("deletion", "en", "SAME@example.kz"),
    ));
    let mut bot = submission("deletion", "ru", "bot@example.kz");
    bot["website"] = json!("x");
    script.push(post_from(&ip(3), &bot));
    script.push(post_from(&ip(3), &bot));
    for n in 0..(RECIPIENT_ACKS_PER_DAY + 1) {
        script.push(post_from(
            &ip(4),
            &submission("deletion", "ru", &format!("box+{n}@example.kz")),
        ));
    }
    let used = script
        .iter()
        .filter(|e| e["requestContext"]["http"]["sourceIp"] == ip(4))
        .count();
    for n in used..=(source_limit as usize) {
        script.push(post_from(
            &ip(4),
            &submission("deletion", "ru", &format!("src{n}@example.kz")),
        ));
    }
    let mut answers = Vec::new();
    for event in &script {
        let d = dynamo.call(event.clone()).await;
        let l = intake::lambda::on_event(&local, event.clone()).await;
        assert_eq!(shape(&d), shape(&l), "{event}\nDynamoDB: {d}\nlocal: {l}");
        answers.push(d["statusCode"].as_u64().unwrap());
    }
    assert_eq!(answers.last(), Some(&429));
    let outbox = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .count();
    assert_eq!(outbox, sink.mails().len(), "the same e-mails");
    let to_box = sink
        .mails()
        .iter()
        .filter(|m| m.rcpt_tos.iter().any(|r| r.starts_with("box+")))
        .count();
    assert_eq!(to_box, RECIPIENT_ACKS_PER_DAY as usize);
}

async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    // Polls all futures concurrently on this task: real concurrency against the servers.
    let mut set: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in set.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => out[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(|o| o.unwrap()).collect()
}

/// Behind CloudFront every visitor reaches the function from an edge's address. With the
/// deployment's secret in `X-Origin-Verify` the viewer's address (`X-Viewer-Address`, set by
/// the distribution) is the source; without it, a forged viewer address changes nothing.
#[tokio::test]
async fn behind_cloudfront_the_viewers_address_is_the_source_only_with_the_secret() {
    let sink = SmtpSink::start();
    let secret = "the-distribution-secret-0123456789abcdef";
    let mut s = settings();
    s.limits.source_requests_per_hour = 2;
    s.limits.notices_per_hour = 100;
    s.origin_verify = Some(intake::config::OriginVerify::new(secret).unwrap());
    let env = env_at(&testkit::moto_endpoint(), &sink.url(), s).await;
    let edge = "130.176.0.1";
    let mut n = 0;
    let mut send = |from: &str, verify: Option<&str>, viewer: Option<&str>| {
        n += 1;
        let mut e = post_from(
            from,
            &submission("deletion", "ru", &format!("cf{n}@example.kz")),
        );
        if let Some(v) = verify {
            e["headers"]["x-origin-verify"] = json!(v);
        }
        if let Some(v) = viewer {
            e["headers"]["x-viewer-address"] = json!(v);
        }
        e
    };
    // Two visitors behind one edge: each has the whole limit, and the edge none of it.
    for viewer in ["203.0.113.10", "2001:db8::10"] {
        for _ in 0..2 {
            let r = env.call(send(edge, Some(secret), Some(viewer))).await;
            assert_eq!(r["statusCode"], 201, "{viewer}: {r}");
        }
        let r = env.call(send(edge, Some(secret), Some(viewer))).await;
        assert_eq!(r["statusCode"], 429, "{viewer}: {r}");
    }
    // A direct call forging a new viewer address each time, with a wrong secret or none:
    // counted against its own address.
    let direct = "198.51.100.40";
    for (i, verify) in [Some("the-distribution-secret-0123456789abcdeX"), None, None]
        .into_iter()
        .enumerate()
    {
        let forged = format!("203.0.113.{}", 100 + i);
        let r = env.call(send(direct, verify, Some(&forged))).await;
        let expected = if i < 2 { 201 } else { 429 };
        assert_eq!(r["statusCode"], expected, "{i}: {r}");
    }
    // Through CloudFront without a usable viewer address: the edge's own address counts.
    for (i, viewer) in [Some("not an address"), None, Some("203.0.113.7, 10.0.0.1")]
        .into_iter()
        .enumerate()
    {
        let r = env.call(send(edge, Some(secret), viewer)).await;
        let expected = if i < 2 { 201 } else { 429 };
        assert_eq!(r["statusCode"], expected, "{i}: {r}");
    }
}

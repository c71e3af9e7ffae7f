//! Faults injected and survived (issue 13 §3), against the real servers: moto for DynamoDB,
//! aiosmtpd for SMTP. Each case checks what the visitor is told, what is stored, what is sent,
//! and how it recovers. SMTP faults are produced by the SMTP server itself (a transient 451
//! on DATA, a connection dropped after RCPT, a TLS handshake against a server that speaks
//! none); the bounced operator notice is in `abuse.rs`. DynamoDB faults that moto cannot
//! produce (throttling, a 500, a reset connection, a slow answer) go through
//! `testkit::FaultProxy`, a small proxy in front of moto used only for them.

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::{body_json, env_at, json_headers, now_ms, settings, submission, v2, Env, OPERATOR};
use std::collections::HashMap;
use testkit::SmtpSink;

fn post(kind: &str, locale: &str, email: &str) -> serde_json::Value {
    v2(
        "POST",
        "/requests",
        json_headers(),
        &submission(kind, locale, email).to_string(),
        now_ms(),
    )
}

fn s<'a>(item: &'a HashMap<String, AttributeValue>, key: &str) -> &'a str {
    item.get(key)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
        .unwrap_or("")
}

/// The same table, with the operator's SMTP fixed: an app as the next invocation builds it.
async fn with_smtp(env: &Env, smtp_url: &str) -> intake::App {
    let store = intake::store::Store::dynamo(
        intake::store::dynamo::DynamoStore::new(env.client.clone(), env.table.clone()),
        intake::limits::DEFAULT_STORE_TIMEOUT,
    );
    intake::App::new(
        settings(),
        store,
        intake::mail::Mailer::smtp(smtp_url).unwrap(),
    )
    .await
    .unwrap()
}

/// An SMTP fault at the first delivery: the request is stored (201, "the e-mail may be
/// delayed"), both letters are recorded as failed with the fault's class, nothing reached a
/// mailbox; once SMTP works, the resend sends exactly the two letters, once.
async fn smtp_fault_then_recovery(fault: &str, url_of: impl Fn(u16) -> String, class: &str) {
    let port = testkit::closed_port();
    let faulty = (fault != "tls").then(|| SmtpSink::start_faulty(Some(port), fault));
    // "tls": a plain server where the function expects SMTPS.
    let plain = (fault == "tls").then(|| SmtpSink::start_on(Some(port)));
    let env = env_at(&testkit::moto_endpoint(), &url_of(port), settings()).await;
    let email = format!("{fault}@example.kz");
    let r = env.call(post("deletion", "en", &email)).await;
    assert_eq!(r["statusCode"], 201, "{fault}: {r}");
    let b = body_json(&r);
    assert_eq!(b["acknowledgement"], "failed", "{fault}: {b}");
    let items = env.requests().await;
    assert_eq!(items.len(), 1, "{fault}: the request is stored");
    let item = &items[0];
    assert_eq!(s(item, "ack_status"), "failed", "{fault}");
    assert_eq!(s(item, "ack_error"), class, "{fault}");
    assert_eq!(s(item, "notice_status"), "failed", "{fault}");
    assert_eq!(s(item, "notice_error"), class, "{fault}");
    assert_eq!(
        s(item, "owed"),
        "1",
        "{fault}: in the index of e-mails owed"
    );
    for sink in faulty.iter().chain(plain.iter()) {
        assert!(sink.mails().is_empty(), "{fault}: nothing delivered");
    }
    drop(faulty);
    drop(plain);

    let up = SmtpSink::start_on(Some(port));
    let fixed = with_smtp(&env, &up.url()).await;
    let report = intake::resend::resend_pending(&fixed).await.unwrap();
    assert_eq!(
        (report.attempted, report.sent),
        (2, 2),
        "{fault}: {report:?}"
    );
    assert_eq!(up.mails_to(&email).len(), 1, "{fault}: one acknowledgement");
    assert_eq!(up.mails_to(OPERATOR).len(), 1, "{fault}: one notice");
    let again = intake::resend::resend_pending(&fixed).await.unwrap();
    assert_eq!(again.attempted, 0, "{fault}: nothing left: {again:?}");
    let item = &env.requests().await[0];
    assert_eq!(
        (s(item, "ack_status"), s(item, "notice_status")),
        ("sent", "sent")
    );
    assert!(!item.contains_key("owed"), "{fault}: out of the index");
}

#[tokio::test]
async fn smtp_451_on_data() {
    smtp_fault_then_recovery(
        "data451",
        |p| format!("smtp://127.0.0.1:{p}"),
        "smtp_transient",
    )
    .await;
}

#[tokio::test]
async fn smtp_connection_dropped_after_rcpt() {
    smtp_fault_then_recovery(
        "drop_after_rcpt",
        |p| format!("smtp://127.0.0.1:{p}"),
        "connection",
    )
    .await;
}

#[tokio::test]
async fn smtp_tls_handshake_failure() {
    // lettre reports a failed handshake as a connection error.
    smtp_fault_then_recovery("tls", |p| format!("smtps://127.0.0.1:{p}"), "connection").await;
}

// ----------------------------------------------------------------------------------------
// DynamoDB, through the fault proxy.

use testkit::{Fault, FaultProxy};

const FAULTS: [Fault; 5] = [
    Fault::Throttling,
    Fault::ProvisionedThroughputExceeded,
    Fault::InternalServerError,
    Fault::Reset,
    // Longer than the bound of one store call below.
    Fault::Slow(std::time::Duration::from_secs(6)),
];

/// An app whose DynamoDB is moto behind a fault proxy, with a store bound of 3 s: room for
/// moto on a busy machine, and shorter than the slow fault.
async fn behind_proxy(sink: &SmtpSink) -> (Env, FaultProxy) {
    behind_proxy_bounded(sink, std::time::Duration::from_secs(3)).await
}

async fn behind_proxy_bounded(sink: &SmtpSink, bound: std::time::Duration) -> (Env, FaultProxy) {
    let proxy = FaultProxy::start(&testkit::moto_endpoint()).await;
    let mut settings = settings();
    settings.limits.store_timeout = bound;
    let env = env_at(&proxy.url, &sink.url(), settings).await;
    (env, proxy)
}

/// Request items as moto holds them, read past the proxy.
async fn stored(env: &Env) -> usize {
    let direct = testkit::dynamo_client(&testkit::moto_endpoint()).await;
    testkit::scan_prefix(&direct, &env.table, "req#")
        .await
        .len()
}

#[tokio::test]
async fn a_failing_write_is_a_503_with_nothing_stored_and_nothing_sent() {
    let sink = SmtpSink::start();
    let (env, proxy) = behind_proxy(&sink).await;
    for (n, fault) in FAULTS.into_iter().enumerate() {
        // Every attempt of the write fails (the SDK's retries included).
        proxy.arm("TransactWriteItems", fault, u32::MAX);
        let email = format!("write-{n}@example.kz");
        let r = env.call(post("deletion", "kk", &email)).await;
        assert_eq!(r["statusCode"], 503, "{fault:?}: {r}");
        let b = body_json(&r);
        assert_eq!(b["error"]["code"], "unavailable", "{fault:?}");
        let message = b["error"]["message"].as_str().unwrap_or("");
        assert!(
            !message.is_empty()
                && message
                    .chars()
                    .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
            "{fault:?}: a Kazakh message: {message}"
        );
        assert!(
            proxy.served("TransactWriteItems") >= 1,
            "{fault:?}: the fault was served"
        );
        proxy.disarm();
        assert_eq!(stored(&env).await, 0, "{fault:?}: nothing stored");
        assert!(sink.mails().is_empty(), "{fault:?}: nothing sent");
    }
}

#[tokio::test]
async fn a_write_that_fails_once_is_retried_by_the_sdk_or_refused_never_half_done() {
    let sink = SmtpSink::start();
    // A bound that leaves room for the SDK's backoff before its retry (random, under 1 s for
    // the second attempt), so the outcome does not depend on it.
    let (env, proxy) = behind_proxy_bounded(&sink, std::time::Duration::from_secs(10)).await;
    // Throttling and a 500 are answers: the SDK retries them and the request is filed. A
    // reset connection is retried only when the SDK knows the request was not sent (a pooled
    // connection found closed); otherwise the visitor is told to try again. Either way a 201
    // means stored and acknowledged, and a 503 means neither.
    let cases = [
        (Fault::Throttling, 201),
        (Fault::ProvisionedThroughputExceeded, 201),
        (Fault::InternalServerError, 201),
        // Either answer is right; only the pairing of answer and stored item matters.
        (Fault::Reset, 0),
    ];
    let mut filed = 0;
    for (n, (fault, expected)) in cases.into_iter().enumerate() {
        proxy.arm("TransactWriteItems", fault, 1);
        let email = format!("once-{n}@example.kz");
        let r = env.call(post("deletion", "ru", &email)).await;
        let status = r["statusCode"].as_u64().unwrap_or(0);
        if expected == 0 {
            assert!(matches!(status, 201 | 503), "{fault:?}: {r}");
        } else {
            assert_eq!(status, expected, "{fault:?}: {r}");
        }
        let expected = status;
        assert_eq!(
            proxy.served("TransactWriteItems"),
            n as u32 + 1,
            "{fault:?}"
        );
        if expected == 201 {
            filed += 1;
        }
        assert_eq!(
            stored(&env).await,
            filed,
            "{fault:?}: stored exactly when answered 201"
        );
        assert_eq!(
            sink.mails_to(&email).len(),
            usize::from(expected == 201),
            "{fault:?}: an acknowledgement exactly when filed"
        );
    }
}

#[tokio::test]
async fn a_failing_read_of_the_first_request_is_a_503_never_a_201_and_sends_nothing() {
    let sink = SmtpSink::start();
    let (env, proxy) = behind_proxy(&sink).await;
    let email = "again@example.kz";
    let first = env.call(post("deletion", "en", email)).await;
    assert_eq!(first["statusCode"], 201, "{first}");
    let mails = sink.mails().len();
    for fault in FAULTS {
        // The resubmission's transaction is cancelled by the dedupe marker; reading the
        // first request then fails.
        proxy.arm("GetItem", fault, u32::MAX);
        let again = env.call(post("deletion", "en", email)).await;
        proxy.disarm();
        assert_eq!(again["statusCode"], 503, "{fault:?}: {again}");
        assert_eq!(body_json(&again)["error"]["code"], "unavailable");
        assert_eq!(stored(&env).await, 1, "{fault:?}: still the one request");
        assert_eq!(sink.mails().len(), mails, "{fault:?}: nothing sent");
    }
    // With DynamoDB well again, the resubmission gets the duplicate answer.
    let again = env.call(post("deletion", "en", email)).await;
    assert_eq!(again["statusCode"], 200, "{again}");
}

/// Without JavaScript, "try again" comes with the form still filled in: the visitor loses
/// nothing they typed, and nothing is stored or sent.
#[tokio::test]
async fn a_failing_write_without_javascript_gives_the_form_back_filled_in() {
    let sink = SmtpSink::start();
    let (env, proxy) = behind_proxy(&sink).await;
    proxy.arm("TransactWriteItems", Fault::InternalServerError, u32::MAX);
    let r = env
        .call(v2(
            "POST",
            "/requests",
            serde_json::json!({
                "content-type": "application/x-www-form-urlencoded",
                "accept": "text/html",
                "origin": common::SITE,
            }),
            "locale=en&page=data-deletion&type=consent_withdrawal&scope=analytics&name=Aliya+Nur&email=aliya%40example.kz&details=Line+one&confirm=on",
            now_ms(),
        ))
        .await;
    proxy.disarm();
    assert_eq!(r["statusCode"], 503, "{r}");
    let html = r["body"].as_str().unwrap_or("");
    for kept in [
        r#"<html lang="en">"#,
        r#"data-form-again="unavailable""#,
        r#"name="name" value="Aliya Nur""#,
        r#"name="email" value="aliya@example.kz""#,
        r#"value="consent_withdrawal" checked"#,
        r#"value="analytics" checked"#,
        ">Line one</textarea>",
        r#"value="on" required checked"#,
    ] {
        assert!(html.contains(kept), "{kept} in {html}");
    }
    assert!(
        html.contains("data-server-errors autofocus><p>") && html.contains("try again"),
        "the summary says to try again: {html}"
    );
    assert_eq!(stored(&env).await, 0, "nothing stored");
    assert!(sink.mails().is_empty(), "nothing sent");
}

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

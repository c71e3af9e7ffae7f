//! Under load, nothing lost (counts, not times): 300 distinct requests to `serve`, all at once
//! on its own store and outbox, and 50 at a time backed by moto's DynamoDB and a real SMTP
//! server (moto serves one request at a time and its listen queue overflows at 300 waiting
//! connections: that would test moto); then the same 300 again.

mod support;

use serde_json::{json, Value};
use std::sync::Arc;
use testkit::SmtpSink;
use tokio::sync::Semaphore;

const OPERATOR: &str = "operator@interpay.test";

async fn send_all(
    client: &reqwest::Client,
    origin: &str,
    n: usize,
    concurrency: usize,
) -> Vec<(u16, Value)> {
    let gate = Arc::new(Semaphore::new(concurrency));
    let mut tasks = Vec::new();
    for i in 0..n {
        let client = client.clone();
        let gate = gate.clone();
        let url = format!("{origin}/requests");
        let origin = origin.to_string();
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.unwrap();
            let locale = ["kk", "ru", "en"][i % 3];
            let body = json!({"type": "deletion", "locale": locale, "name": format!("Load {i}"), "email": format!("load-{i}@example.kz"), "confirm": true});
            let r = client
                .post(url)
                .header("origin", origin)
                .header("accept", "application/json")
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

const N: usize = 300;

/// The raised limits: all requests come from one address, and every notice is counted (the
/// limits themselves are tested in functions/intake/tests/abuse.rs and serve's abuse.rs).
fn unlimited() -> [(&'static str, String); 2] {
    [
        ("SOURCE_REQUESTS_PER_HOUR", "100000".into()),
        ("OPERATOR_NOTICES_PER_HOUR", "100000".into()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_concurrent_requests_on_the_local_store_nothing_lost_nothing_doubled() {
    let serve = support::Serve::start(&unlimited());
    let http = reqwest::Client::new();
    let first = send_all(&http, &serve.origin, N, N).await;
    assert!(
        first.iter().all(|(s, _)| *s == 201),
        "{:?}",
        first.iter().filter(|(s, _)| *s != 201).collect::<Vec<_>>()
    );
    let ids: std::collections::BTreeSet<&str> =
        first.iter().filter_map(|(_, b)| b["id"].as_str()).collect();
    assert_eq!(ids.len(), N);
    let journal = serve.data_dir().join("store/requests.jsonl");
    let created = || {
        std::fs::read_to_string(&journal)
            .unwrap()
            .lines()
            .filter(|l| l.contains("\"event\":\"created\""))
            .count()
    };
    let mails = || {
        std::fs::read_dir(serve.data_dir().join("outbox"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "eml"))
            })
            .count()
    };
    assert_eq!(created(), N);
    assert_eq!(mails(), 2 * N, "an acknowledgement and a notice each");

    let again = send_all(&http, &serve.origin, N, N).await;
    assert!(again
        .iter()
        .all(|(s, b)| *s == 200 && b.get("id").is_none() && b["status"] == "received"));
    assert_eq!(created(), N);
    assert_eq!(mails(), 2 * N);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_requests_on_dynamodb_nothing_lost_nothing_doubled() {
    let sink = SmtpSink::start();
    let moto = testkit::MotoServer::start();
    let endpoint = moto.endpoint.clone();
    let client = testkit::dynamo_client(&endpoint).await;
    let table = testkit::unique("load");
    testkit::create_table(&client, &table).await;
    let serve = support::Serve::start(&[
        ("REQUESTS_TABLE", table.clone()),
        ("SMTP_URL", sink.url()),
        ("MAIL_FROM", "Interpay <no-reply@interpay.test>".into()),
        ("OPERATOR_EMAIL", OPERATOR.into()),
        ("SITE_URL", "https://interpay.kz".into()),
        ("ALLOWED_ORIGINS", "https://interpay.kz".into()),
        ("AWS_ENDPOINT_URL_DYNAMODB", endpoint.clone()),
        ("AWS_ACCESS_KEY_ID", "test".into()),
        ("AWS_SECRET_ACCESS_KEY", "test".into()),
        ("AWS_REGION", "us-east-1".into()),
        ("STORE_TIMEOUT_MS", "60000".into()),
        unlimited()[0].clone(),
        unlimited()[1].clone(),
    ]);
    let http = reqwest::Client::new();

    let first = send_all(&http, &serve.origin, N, 50).await;
    assert!(
        first.iter().all(|(s, _)| *s == 201),
        "{:?}",
        first.iter().filter(|(s, _)| *s != 201).collect::<Vec<_>>()
    );
    let ids: std::collections::BTreeSet<String> = first
        .iter()
        .map(|(_, b)| b["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), N);
    assert_eq!(testkit::scan_prefix(&client, &table, "req#").await.len(), N);
    let acks = sink
        .mails()
        .iter()
        .filter(|m| m.rcpt_tos.iter().any(|r| r.starts_with("load-")))
        .count();
    assert_eq!(acks, N);
    assert_eq!(sink.mails_to(OPERATOR).len(), N);

    // The same 300 again, concurrently: each answered as received (without the first
    // request's id: issue 14), nothing new stored or sent.
    let again = send_all(&http, &serve.origin, N, 50).await;
    assert!(
        again.iter().all(|(s, _)| *s == 200),
        "{:?}",
        again.iter().filter(|(s, _)| *s != 200).collect::<Vec<_>>()
    );
    assert!(again
        .iter()
        .all(|(_, b)| b.get("id").is_none() && b["status"] == "received"));
    assert_eq!(testkit::scan_prefix(&client, &table, "req#").await.len(), N);
    assert_eq!(sink.mails().len(), 2 * N);
}

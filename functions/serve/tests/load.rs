//! Under load, nothing lost (counts, not times): 100 distinct requests at concurrency 20 to
//! `serve` backed by moto's DynamoDB and a real SMTP server; then the same 100 again.

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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_requests_nothing_lost_nothing_doubled() {
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
    ]);
    let http = reqwest::Client::new();

    let first = send_all(&http, &serve.origin, 100, 20).await;
    assert!(
        first.iter().all(|(s, _)| *s == 201),
        "{:?}",
        first.iter().filter(|(s, _)| *s != 201).collect::<Vec<_>>()
    );
    let ids: std::collections::BTreeSet<String> = first
        .iter()
        .map(|(_, b)| b["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 100);
    assert_eq!(
        testkit::scan_prefix(&client, &table, "req#").await.len(),
        100
    );
    let acks = sink
        .mails()
        .iter()
        .filter(|m| m.rcpt_tos.iter().any(|r| r.starts_with("load-")))
        .count();
    assert_eq!(acks, 100);
    assert_eq!(sink.mails_to(OPERATOR).len(), 100);

    // The same 100 again, concurrently: the first requests' ids, nothing new stored or sent.
    let again = send_all(&http, &serve.origin, 100, 20).await;
    assert!(
        again.iter().all(|(s, _)| *s == 200),
        "{:?}",
        again.iter().filter(|(s, _)| *s != 200).collect::<Vec<_>>()
    );
    let again_ids: std::collections::BTreeSet<String> = again
        .iter()
        .map(|(_, b)| b["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(again_ids, ids);
    assert_eq!(
        testkit::scan_prefix(&client, &table, "req#").await.len(),
        100
    );
    assert_eq!(sink.mails().len(), 200);
}

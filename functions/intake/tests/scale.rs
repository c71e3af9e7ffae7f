//! Cost grows with open work, not with history (issue 13 §1): with 10,000 closed requests and
//! 20 open ones in the table, the daily run, the resend and `intake list` read only the open
//! ones from the sparse indexes, and no Scan reaches the server (moto's own request log).
//! Alone in its test binary: moto's recorder logs every client's requests.

mod common;

use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use common::{env, OPERATOR};
use intake::request::{file, Actor, Filed, Filing, Kind, NewRequest};
use std::collections::HashMap;
use testkit::SmtpSink;

const CLOSED: usize = 10_000;
const OPEN: usize = 20;

/// A request as the function leaves it once completed: every e-mail sent, out of both
/// indexes (no `open`, `due` or `owed`).
fn closed_item(n: usize) -> HashMap<String, AttributeValue> {
    let s = |v: &str| AttributeValue::S(v.into());
    let id = format!("ip-{n:032x}");
    HashMap::from([
        ("pk".to_string(), s(&format!("req#{id}"))),
        ("id".to_string(), s(&id)),
        ("type".to_string(), s("deletion")),
        ("locale".to_string(), s("ru")),
        ("received_at".to_string(), s("2022-03-01T10:00:00+05:00")),
        ("receipt_date".to_string(), s("2022-03-01")),
        ("deadline".to_string(), s("2022-03-15")),
        ("rule".to_string(), s("10 working_days")),
        ("status".to_string(), s("completed")),
        ("ack_status".to_string(), s("sent")),
        ("notice_status".to_string(), s("sent")),
        ("outcome_mail".to_string(), s("sent")),
        ("dedupe_key".to_string(), s(&format!("k{n}"))),
        (
            "expires_at".to_string(),
            AttributeValue::N("4000000000".into()),
        ),
        (
            "dedupe_until".to_string(),
            AttributeValue::N("1646110800".into()),
        ),
    ])
}

#[tokio::test]
async fn the_daily_run_and_list_read_the_open_requests_only() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    // Twenty open requests, filed as the form files them (acknowledged and notified), first:
    // moto copies the whole table on each transaction, which a table of 10,000 items makes
    // slower than the store's bound.
    let now = jiff::Timestamp::now();
    for n in 0..OPEN {
        let email = format!("open-{n}@example.kz");
        let request = NewRequest {
            kind: Kind::ALL[n % 4],
            locale: policy::Locale::Kk,
            name: Some("Айгерім"),
            email: Some(&email),
            phone: None,
            details: Some("x"),
            scope: None,
            meta_user_id: None,
            by: Actor::Requester,
            honeypot: false,
        };
        let filed = file(
            &env.app,
            Filing {
                request,
                received: now,
                source: None,
            },
        )
        .await
        .unwrap();
        assert!(matches!(filed, Filed::New { .. }), "{filed:?}");
    }
    // Five years of closed requests, written directly (25 per BatchWriteItem).
    let items: Vec<_> = (0..CLOSED).map(closed_item).collect();
    for chunk in items.chunks(25) {
        let mut pending: Vec<WriteRequest> = chunk
            .iter()
            .map(|item| {
                WriteRequest::builder()
                    .put_request(
                        PutRequest::builder()
                            .set_item(Some(item.clone()))
                            .build()
                            .unwrap(),
                    )
                    .build()
            })
            .collect();
        while !pending.is_empty() {
            let out = env
                .client
                .batch_write_item()
                .request_items(&env.table, pending)
                .send()
                .await
                .unwrap();
            pending = out
                .unprocessed_items()
                .and_then(|u| u.get(&env.table))
                .cloned()
                .unwrap_or_default();
        }
    }
    assert_eq!(sink.mails().len(), 2 * OPEN);
    // What a full scan would read (the daily run used to scan the table twice: e-mails owed,
    // then open requests).
    let mut table_items = 0;
    let mut start = None;
    loop {
        let page = env
            .client
            .scan()
            .table_name(&env.table)
            .select(aws_sdk_dynamodb::types::Select::Count)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        table_items += page.scanned_count();
        match page.last_evaluated_key() {
            Some(k) if !k.is_empty() => start = Some(k.clone()),
            _ => break,
        }
    }
    assert!(table_items as usize > CLOSED + OPEN, "{table_items}");

    testkit::moto_start_recording();
    let report = intake::daily::run(&env.app, now).await.unwrap();
    assert_eq!(report.items_read, Some(OPEN as u64), "{report:?}");
    let listed = intake::operator::run(
        &env.app,
        intake::operator::parse(&["list".to_string(), "--json".to_string()]).unwrap(),
    )
    .await;
    assert!(listed.ok, "{}", listed.text);
    let rows: serde_json::Value = serde_json::from_str(&listed.text).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(OPEN), "{}", listed.text);
    let operations = testkit::moto_recorded_operations(&env.table);
    assert!(!operations.iter().any(|o| o == "Scan"), "{operations:?}");
    assert!(
        operations.iter().filter(|o| *o == "Query").count() >= 3,
        "the daily run's two index queries and list's: {operations:?}"
    );
    let digest: Vec<_> = sink
        .mails_to(OPERATOR)
        .into_iter()
        .filter(|m| m.subject.starts_with("Запросы:"))
        .collect();
    println!(
        "daily run: {} items read from the indexes; a full scan of the table reads {table_items} \
         (the run used to scan twice: {}); digest mails: {}",
        OPEN,
        2 * table_items,
        digest.len()
    );
}

#[tokio::test]
async fn reindex_puts_requests_from_before_the_indexes_into_them() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    // Two requests as stored before the indexes: one open, one whose acknowledgement failed.
    let s = |v: &str| AttributeValue::S(v.into());
    let mut open = closed_item(1);
    open.insert("status".into(), s("in_progress"));
    let mut failed = closed_item(2);
    failed.insert("status".into(), s("received"));
    failed.insert("ack_status".into(), s("failed"));
    let closed = closed_item(3);
    for item in [open, failed, closed] {
        env.client
            .put_item()
            .table_name(&env.table)
            .set_item(Some(item))
            .send()
            .await
            .unwrap();
    }
    assert!(env.app.store.open_requests().await.unwrap().is_empty());
    let out = intake::operator::run(
        &env.app,
        intake::operator::parse(&["reindex".to_string()]).unwrap(),
    )
    .await;
    assert!(out.ok, "{}", out.text);
    assert_eq!(out.text, "2 requests put into the indexes");
    let open: Vec<String> = env
        .app
        .store
        .open_requests()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(open, [format!("ip-{:032x}", 1), format!("ip-{:032x}", 2)]);
    let owed: Vec<String> = env
        .app
        .store
        .needs_mail()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(owed, [format!("ip-{:032x}", 2)]);
    // Again: nothing left to do.
    let again = intake::operator::run(
        &env.app,
        intake::operator::parse(&["reindex".to_string()]).unwrap(),
    )
    .await;
    assert_eq!(again.text, "0 requests put into the indexes");
}

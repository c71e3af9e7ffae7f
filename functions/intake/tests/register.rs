//! The register for an auditor (`intake export`, `intake report`), run through the
//! operator's commands against moto's DynamoDB and against `serve`'s local store, and the
//! binary on the local store: requests of every kind filed at known times, some closed,
//! then the CSV, the JSON, the date filter and the year's figures.

mod common;

use common::*;
use intake::operator;
use intake::request::{
    self, Actor, AuditEntry, Filed, Filing, Kind, NewRequest, Refusal, RefusalReason, Scope, Status,
};
use intake::store::{Change, Transition};
use intake::App;
use policy::Locale;
use serde_json::Value;
use std::collections::BTreeMap;
use testkit::SmtpSink;

const BOM: &str = "\u{feff}";
const HEADER: &str = "id,reference,type,received,deadline,status,closed_at,working_days_taken,on_time,confirmed,policy_version";
const EVIL_NAME: &str = "=HYPERLINK(\"http://evil.example\",\"клик\")";
const SECRET_DETAILS: &str = "Удалите всё, секретная строка 42";

/// The requests of the scenario, by letter.
struct Filed5 {
    ids: BTreeMap<&'static str, String>,
    honeypot: String,
}

async fn file(app: &App, request: NewRequest<'_>, received: &str) -> String {
    let filing = Filing {
        request,
        received: received.parse().unwrap(),
        source: None,
    };
    match request::file(app, filing).await.unwrap() {
        Filed::New { record, .. } => record.id,
        other => panic!("{other:?}"),
    }
}

fn person<'a>(kind: Kind, name: &'a str, email: &'a str, phone: Option<&'a str>) -> NewRequest<'a> {
    NewRequest {
        kind,
        locale: Locale::Ru,
        name: Some(name),
        email: Some(email),
        phone,
        details: Some(SECRET_DETAILS),
        scope: kind.spec().takes_scope.then_some(Scope::All),
        meta_user_id: None,
        by: Actor::Requester,
        honeypot: false,
    }
}

/// Closes `id` as of `at` (Almaty), as the operator's `mark` would.
async fn close(app: &App, id: &str, to: Status, at: &str) {
    let refusal = Refusal {
        reason: RefusalReason::LegalRetention,
        note: Some("Заметка оператора".into()),
    };
    let change = Change {
        to,
        entry: AuditEntry {
            at: at.into(),
            status: to.into(),
            by: Actor::Operator,
            reason: (to == Status::Refused).then_some(refusal.reason),
        },
        refusal: (to == Status::Refused).then_some(&refusal),
        note: None,
        outcome_mail: None,
    };
    let done = app.store.transition(id, &change).await.unwrap();
    assert!(matches!(done, Transition::Changed(_)), "{done:?}");
}

/// Files the scenario's requests (times in UTC; Almaty is UTC+5):
/// - A deletion, Mon 2 Nov 2026 09:00, due 16 Nov, completed Thu 5 Nov: 3 working days;
/// - B information, Tue 3 Nov, due 6 Nov, refused Mon 9 Nov: 4 working days, late;
/// - C rectification, Tue 10 Nov, due 24 Nov, open: overdue now;
/// - D consent withdrawal, Thu 15 Oct, due 30 Oct (26 Oct is off), completed today by `mark`: late;
/// - M Meta's deletion, Fri 20 Nov, completed Mon 23 Nov: 1 working day;
/// - a honeypot, 4 Nov: never in the register.
async fn scenario(app: &App) -> Filed5 {
    let mut ids = BTreeMap::new();
    let a = file(
        app,
        person(
            Kind::Deletion,
            EVIL_NAME,
            "evil@example.kz",
            Some("+7 701 111 22 33"),
        ),
        "2026-11-02T04:00:00Z",
    )
    .await;
    let b = file(
        app,
        person(
            Kind::Information,
            "Айгерим Сапарова",
            "aigerim@example.kz",
            None,
        ),
        "2026-11-03T04:00:00Z",
    )
    .await;
    let c = file(
        app,
        person(
            Kind::Rectification,
            "Ержан Қасымов",
            "erzhan@example.kz",
            None,
        ),
        "2026-11-10T04:00:00Z",
    )
    .await;
    let d = file(
        app,
        person(
            Kind::ConsentWithdrawal,
            "Dana Smith",
            "dana@example.kz",
            None,
        ),
        "2026-10-15T04:00:00Z",
    )
    .await;
    let m = file(
        app,
        NewRequest {
            kind: Kind::MetaDeletion,
            locale: Locale::DEFAULT,
            name: None,
            email: None,
            phone: None,
            details: None,
            scope: None,
            meta_user_id: Some("meta-user-1"),
            by: Actor::System,
            honeypot: false,
        },
        "2026-11-20T04:00:00Z",
    )
    .await;
    let mut trap = person(Kind::Deletion, "Bot", "bot@example.kz", None);
    trap.honeypot = true;
    let honeypot = file(app, trap, "2026-11-04T04:00:00Z").await;

    close(app, &a, Status::Completed, "2026-11-05T12:00:00+05:00").await;
    close(app, &b, Status::Refused, "2026-11-09T10:00:00+05:00").await;
    close(app, &m, Status::Completed, "2026-11-23T10:00:00+05:00").await;
    request::mark::mark(app, &d, Status::Completed, None, Some("Готово".into()))
        .await
        .unwrap();
    for (k, id) in [("A", a), ("B", b), ("C", c), ("D", d), ("M", m)] {
        ids.insert(k, id);
    }
    Filed5 { ids, honeypot }
}

/// Runs `intake <line>` through the operator's parser and commands.
async fn run(app: &App, line: &str) -> String {
    let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let command = operator::parse(&words).unwrap_or_else(|e| panic!("{line}: {e}"));
    let out = operator::run(app, command).await;
    assert!(out.ok, "{line}: {}", out.text);
    out.text
}

fn today() -> jiff::civil::Date {
    intake::almaty::date(jiff::Timestamp::now())
}

/// The CSV's header and rows, by id.
fn read_csv(text: &str) -> (Vec<String>, BTreeMap<String, BTreeMap<String, String>>) {
    let body = text.strip_prefix(BOM).expect("a BOM first");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let row: BTreeMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect();
            (row["id"].clone(), row)
        })
        .collect();
    (header, rows)
}

async fn check_csv(app: &App, filed: &Filed5) {
    let ids = &filed.ids;
    let plain = run(app, "export").await;
    assert!(plain.starts_with(BOM), "UTF-8 with a BOM");
    assert!(plain[BOM.len()..].starts_with(&format!("{HEADER}\r\n")));
    let (header, rows) = read_csv(&plain);
    assert_eq!(header.join(","), HEADER);
    assert_eq!(rows.len(), 5, "{plain}");
    assert!(
        !rows.contains_key(&filed.honeypot),
        "the honeypot is no request"
    );
    for personal in [
        "HYPERLINK",
        "evil@example.kz",
        "Айгерим",
        "+7 701",
        "meta-user-1",
    ] {
        assert!(!plain.contains(personal), "{personal} without the flag");
    }
    let a = &rows[&ids["A"]];
    assert_eq!(a["type"], "deletion");
    assert_eq!(a["received"], "2026-11-02 09:00:00");
    assert_eq!(a["deadline"], "2026-11-16");
    assert_eq!(a["status"], "completed");
    assert_eq!(a["closed_at"], "2026-11-05 12:00:00");
    assert_eq!(a["working_days_taken"], "3");
    assert_eq!(a["on_time"], "yes");
    assert_eq!(a["confirmed"], "no");
    assert!(!a["policy_version"].is_empty());
    let d = &rows[&ids["D"]];
    assert_eq!(
        d["closed_at"][..10],
        today().to_string(),
        "closed by `mark` now"
    );
    assert_eq!(
        d["working_days_taken"],
        app.content
            .calendar
            .working_days_between("2026-10-15".parse().unwrap(), today())
            .to_string()
    );
    assert_eq!(d["on_time"], "no");
    let c = &rows[&ids["C"]];
    assert_eq!(
        (
            c["status"].as_str(),
            c["closed_at"].as_str(),
            c["on_time"].as_str()
        ),
        ("received", "", "no"),
        "open past its deadline"
    );

    let with = run(app, "export --with-personal-data").await;
    let (header, rows) = read_csv(&with);
    assert_eq!(header.join(","), format!("{HEADER},name,email,phone"));
    let a = &rows[&ids["A"]];
    assert_eq!(a["name"], format!("'{EVIL_NAME}"), "the formula is defused");
    assert_eq!(a["phone"], "'+7 701 111 22 33");
    assert_eq!(a["email"], "evil@example.kz");
    assert_eq!(
        rows[&ids["B"]]["name"], "Айгерим Сапарова",
        "Cyrillic intact"
    );
    assert_eq!(rows[&ids["C"]]["name"], "Ержан Қасымов");
    let m = &rows[&ids["M"]];
    assert_eq!((m["name"].as_str(), m["email"].as_str()), ("", ""));
    assert_eq!(m["type"], "meta_deletion");
    for text in [&plain, &with] {
        for free in [SECRET_DETAILS, "Заметка оператора", "Готово", "details"]
        {
            assert!(!text.contains(free), "free text `{free}` in the register");
        }
    }
}

fn json_rows(text: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

async fn check_json_and_dates(app: &App, filed: &Filed5) {
    let ids = &filed.ids;
    let rows = json_rows(
        &run(
            app,
            "export --format json --from 2026-11-01 --to 2026-11-10",
        )
        .await,
    );
    let got: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        got,
        [&ids["A"], &ids["B"], &ids["C"]],
        "in order of receipt"
    );
    assert_eq!(
        keys(&rows[0]),
        [
            "closed_at",
            "confirmed",
            "deadline",
            "id",
            "on_time",
            "policy_version",
            "received",
            "reference",
            "status",
            "type",
            "working_days_taken"
        ]
    );
    let b = &rows[1];
    assert_eq!(b["type"], "information");
    assert_eq!(b["status"], "refused");
    assert_eq!(b["closed_at"], "2026-11-09 10:00:00");
    assert_eq!(b["working_days_taken"], 4);
    assert_eq!(b["on_time"], false);
    assert_eq!(b["confirmed"], false);
    let c = &rows[2];
    assert_eq!(
        (&c["closed_at"], &c["working_days_taken"], &c["on_time"]),
        (&Value::Null, &Value::Null, &Value::Bool(false))
    );

    // Both bounds are inclusive.
    let one = json_rows(&run(app, "export --json --from 2026-11-03 --to 2026-11-03").await);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["id"], ids["B"].as_str());
    let since = json_rows(&run(app, "export --json --from 2026-11-10").await);
    assert_eq!(since.len(), 2, "C and M");
    let until = json_rows(&run(app, "export --json --to 2026-10-31").await);
    assert_eq!(until[0]["id"], ids["D"].as_str());
    assert_eq!(until.len(), 1);

    let with = json_rows(&run(app, "export --json --with-personal-data --to 2026-11-02").await);
    assert_eq!(with.len(), 2);
    assert_eq!(with[1]["name"], EVIL_NAME, "JSON is not a spreadsheet");
    assert_eq!(with[1]["phone"], "+7 701 111 22 33");
    assert!(with[1].get("details").is_none());
}

/// The store's own read bounds the dates (the register filters again: this checks the
/// store, not the register) and leaves the honeypot out.
async fn check_store_read(app: &App, filed: &Filed5) {
    let day = |s: &str| s.parse::<jiff::civil::Date>().ok();
    let read = |from, to| async move {
        app.store
            .requests_received(from, to)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<String>>()
    };
    let ids = &filed.ids;
    assert_eq!(
        read(None, None).await,
        ["D", "A", "B", "C", "M"].map(|k| ids[k].clone())
    );
    assert_eq!(
        read(day("2026-11-03"), day("2026-11-10")).await,
        ["B", "C"].map(|k| ids[k].clone())
    );
    assert_eq!(
        read(day("2026-11-04"), day("2026-11-04")).await,
        Vec::<String>::new()
    );
}

async fn check_report(app: &App) {
    let r: Value = serde_json::from_str(&run(app, "report --year 2026 --json").await).unwrap();
    let outcome = |kind: &str| {
        let o = &r["by_type"][kind];
        (
            o["completed"].clone(),
            o["refused"].clone(),
            o["open"].clone(),
        )
    };
    assert_eq!(outcome("deletion"), (1.into(), 0.into(), 0.into()));
    assert_eq!(outcome("information"), (0.into(), 1.into(), 0.into()));
    assert_eq!(outcome("rectification"), (0.into(), 0.into(), 1.into()));
    assert_eq!(
        outcome("consent_withdrawal"),
        (1.into(), 0.into(), 0.into())
    );
    assert_eq!(outcome("meta_deletion"), (1.into(), 0.into(), 0.into()));
    assert_eq!(r["total"]["total"], 5, "the honeypot is not counted");
    assert_eq!((&r["closed"], &r["closed_on_time"]), (&4.into(), &2.into()));
    assert_eq!(r["on_time_share"], 0.5);
    // A 3, B 4, M 1, D far more: the median of 1, 3, 4, D is 3.5.
    assert_eq!(r["median_working_days_to_close"], 3.5);
    let d_days = app
        .content
        .calendar
        .working_days_between("2026-10-15".parse().unwrap(), today());
    assert_eq!(r["max_working_days_to_close"], d_days);
    assert_eq!(r["overdue_now"], 1);
    assert_eq!(r["as_of"], today().to_string());

    let text = run(app, "report --year 2026").await;
    assert!(text.contains("2 of 4 closed (50%)"), "{text}");
    assert!(
        text.contains(&format!("median 3.5, maximum {d_days}")),
        "{text}"
    );
    assert!(text.contains("overdue now:         1"), "{text}");

    let empty: Value = serde_json::from_str(&run(app, "report --year 2025 --json").await).unwrap();
    assert_eq!(empty["total"]["total"], 0);
    assert_eq!(empty["on_time_share"], Value::Null);
    assert!(run(app, "report --year 2025").await.contains("none closed"));
}

#[tokio::test]
async fn the_register_on_dynamodb() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let filed = scenario(&env.app).await;
    check_csv(&env.app, &filed).await;
    check_json_and_dates(&env.app, &filed).await;
    check_store_read(&env.app, &filed).await;
    check_report(&env.app).await;
}

#[tokio::test]
async fn the_register_on_the_local_store_and_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::local(dir.path(), SITE, Default::default())
        .await
        .unwrap();
    let filed = scenario(&app).await;
    check_csv(&app, &filed).await;
    check_json_and_dates(&app, &filed).await;
    check_store_read(&app, &filed).await;
    check_report(&app).await;

    let intake = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_intake"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = intake(&["export", "--with-personal-data"]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.starts_with(&[0xEF, 0xBB, 0xBF]),
        "the BOM's bytes"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Айгерим Сапарова"));
    assert!(
        text.contains(r#""'=HYPERLINK(""http://evil.example"",""клик"")""#),
        "{text}"
    );

    let out = intake(&["export", "--from", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--from: `2026-02-30` is not a date"), "{err}");

    let out = intake(&["report", "--year", "2026"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 of 4 closed (50%)"));
}

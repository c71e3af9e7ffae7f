//! Information and rectification requests (issue 11 §2), against real servers (moto's
//! DynamoDB, an aiosmtpd SMTP server), in kk, ru and en: the deadline from the facts, the
//! acknowledgement, the operator's notice, the status page, the digest and the outcome
//! e-mail (for information: what the policy says is processed, plus the operator's note).

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::*;
use intake::operator::{self, Command};
use intake::request::Status;
use policy::Locale;
use serde_json::{json, Value};
use testkit::SmtpSink;

const LOCALES: [&str; 3] = ["kk", "ru", "en"];

fn text(env: &Env, locale: &str, key: &str) -> String {
    env.app
        .content
        .catalog
        .text(locale.parse::<Locale>().unwrap(), key)
        .unwrap()
}

/// The localized duration of a request type's deadline, as the facts give it.
fn duration(env: &Env, locale: &str, kind: &str) -> String {
    let (_, rule) = env.app.content.facts.request_deadline(kind).unwrap();
    env.app
        .content
        .catalog
        .format_duration(locale.parse().unwrap(), rule.amount, rule.unit)
        .unwrap()
}

async fn item(env: &Env, id: &str) -> std::collections::HashMap<String, AttributeValue> {
    env.client
        .get_item()
        .table_name(&env.table)
        .key("pk", AttributeValue::S(format!("req#{id}")))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item()
        .cloned()
        .unwrap_or_default()
}

fn body(kind: &str, locale: &str, email: &str) -> Value {
    let mut b = submission(kind, locale, email);
    b["details"] = json!("Фамилия в базе: Тестов; правильно: Тестова.");
    b
}

async fn post(env: &Env, b: &Value, received: &str) -> Value {
    env.call(v2(
        "POST",
        "/requests",
        json_headers(),
        &b.to_string(),
        epoch(received),
    ))
    .await
}

#[tokio::test]
async fn information_and_rectification_requests_are_taken_in_three_languages() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    // Received Mon 2 Nov 2026 01:30 Almaty: 3 working days -> Thu 5 Nov (art. 25),
    // 10 working days -> Mon 16 Nov (art. 12).
    let received = "2026-11-01T20:30:00Z";
    let mut ids = Vec::new();
    for (kind, deadline, article) in [
        ("information", "2026-11-05", "25"),
        ("rectification", "2026-11-16", "12"),
    ] {
        let (_, rule) = env.app.content.facts.request_deadline(kind).unwrap();
        assert_eq!(rule.article.as_deref(), Some(article), "{kind}");
        for locale in LOCALES {
            let email = format!("{kind}-{locale}@example.kz");
            let r = post(&env, &body(kind, locale, &email), received).await;
            assert_eq!(r["statusCode"], 201, "{kind} {locale}: {r}");
            let b = body_json(&r);
            assert_eq!(b["type"], kind);
            assert_eq!(b["deadline"], deadline, "{kind} {locale}");
            let id = b["id"].as_str().unwrap().to_string();
            let stored = item(&env, &id).await;
            assert_eq!(stored["type"].as_s().unwrap(), kind);
            assert_eq!(stored["deadline"].as_s().unwrap(), deadline);

            // The acknowledgement: what was asked, the rule of the facts, what happens next.
            let acks = sink.mails_to(&email);
            assert_eq!(acks.len(), 1, "{kind} {locale}");
            let ack = &acks[0];
            let what = text(&env, locale, &format!("request-type-{kind}"));
            assert!(ack.text.contains(&what), "{kind} {locale}: {}", ack.text);
            assert!(
                ack.text.contains(&duration(&env, locale, kind)),
                "{kind} {locale}: {}",
                ack.text
            );
            assert!(
                ack.text
                    .contains(&text(&env, locale, &format!("ack-next-{kind}"))),
                "{kind} {locale}: {}",
                ack.text
            );
            // The operator's notice (Russian) names the type.
            let notice = sink
                .mails_to(OPERATOR)
                .into_iter()
                .find(|m| m.text.contains(&id))
                .expect("a notice");
            assert!(
                notice
                    .text
                    .contains(&text(&env, "ru", &format!("request-type-{kind}"))),
                "{}",
                notice.text
            );
            // The status page, in the request's language.
            let page = env.call(get(&format!("/requests/{id}"), true, None)).await;
            let html = page["body"].as_str().unwrap();
            assert!(
                html.contains(&format!("<dd data-field=\"type\">{what}</dd>")),
                "{html}"
            );
            ids.push((kind, locale, id, email));
        }
    }

    // The same type for the same address within 24 hours: the duplicate answer.
    let r = post(
        &env,
        &body("information", "ru", "information-ru@example.kz"),
        received,
    )
    .await;
    assert_eq!(r["statusCode"], 200, "{r}");
    assert!(body_json(&r).get("id").is_none());

    // The daily digest on Mon 2 Nov names the information requests due within 3 working days.
    let report = intake::daily::run(&env.app, "2026-11-02T03:00:00Z".parse().unwrap())
        .await
        .unwrap();
    assert_eq!((report.due_soon, report.digest), (3, "sent"));
    let digest = sink.mails_to(OPERATOR).pop().unwrap();
    assert_eq!(
        digest
            .text
            .matches(&text(&env, "ru", "request-type-information"))
            .count(),
        3,
        "{}",
        digest.text
    );

    // Outcomes: an information request with the operator's note from a file; a
    // rectification with --note.
    let dir = tempfile::tempdir().unwrap();
    let note_file = dir.path().join("note.txt");
    for (kind, locale, id, email) in &ids {
        let args: Vec<String> = if *kind == "information" {
            std::fs::write(
                &note_file,
                format!("Для {id}: хранится только переписка в WhatsApp.\n"),
            )
            .unwrap();
            vec![
                "mark".into(),
                id.clone(),
                "completed".into(),
                "--note-file".into(),
                note_file.display().to_string(),
            ]
        } else {
            vec![
                "mark".into(),
                id.clone(),
                "completed".into(),
                "--note".into(),
                format!("Исправлено в CRM ({id})."),
            ]
        };
        let command = operator::parse(&args).unwrap();
        let out = operator::run(&env.app, command).await;
        assert!(out.ok, "{}", out.text);
        let mails = sink.mails_to(email);
        assert_eq!(mails.len(), 2, "{kind} {locale}");
        let outcome = &mails[1];
        let l: Locale = locale.parse().unwrap();
        assert!(
            outcome
                .text
                .contains(&text(&env, locale, &format!("outcome-completed-{kind}"))),
            "{kind} {locale}: {}",
            outcome.text
        );
        let note = if *kind == "information" {
            format!("Для {id}: хранится только переписка в WhatsApp.")
        } else {
            format!("Исправлено в CRM ({id}).")
        };
        assert!(outcome.text.contains(&note), "{}", outcome.text);
        assert_eq!(item(&env, id).await["outcome_note"].as_s().unwrap(), &note);
        let facts = &env.app.content.facts;
        let keep_item = facts
            .retention
            .iter()
            .find(|i| i.years.is_some())
            .unwrap()
            .what
            .get(l)
            .to_string();
        if *kind == "information" {
            // What the policy says is processed: every recipient with its purpose, the
            // retention periods with their laws, the version's permanent page.
            for p in &facts.recipients {
                assert!(
                    outcome.text.contains(p.name.get(l)) && outcome.text.contains(p.purpose.get(l)),
                    "{locale}: recipient {}: {}",
                    p.id,
                    outcome.text
                );
            }
            assert!(outcome.text.contains(&keep_item), "{}", outcome.text);
            for law in facts.retention.iter().flat_map(|i| i.bases.iter()) {
                assert!(
                    outcome.text.contains(facts.laws[law].get(l)),
                    "{locale}: law {law}: {}",
                    outcome.text
                );
            }
            let url = format!("{SITE}/{locale}/privacy/v{}/", facts.policy.version);
            assert!(outcome.text.contains(&url), "{}", outcome.text);
        } else {
            assert!(
                !outcome.text.contains(facts.recipients[0].name.get(l)),
                "a rectification's outcome lists no recipients"
            );
        }
        assert_eq!(
            body_json(&env.call(get(&format!("/requests/{id}"), false, None)).await)["status"],
            "completed"
        );
    }
}

#[tokio::test]
async fn a_rectification_needs_details_and_says_so_in_each_language() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    for locale in LOCALES {
        let mut b = submission("rectification", locale, "no-details@example.kz");
        b["details"] = json!("   ");
        let r = post(&env, &b, "2026-11-01T20:30:00Z").await;
        assert_eq!(r["statusCode"], 422, "{locale}: {r}");
        let e = body_json(&r);
        assert_eq!(e["error"]["code"], "validation_failed");
        assert_eq!(
            e["error"]["fields"]["details"],
            text(&env, locale, "field-details-required").as_str(),
            "{locale}"
        );
        // The same from an HTML form: the localized page.
        let form = format!(
            "type=rectification&locale={locale}&name=A&email=no-details%40example.kz&confirm=on"
        );
        let r = env
            .call(v2("POST", "/requests", form_headers(), &form, now_ms()))
            .await;
        assert_eq!(r["statusCode"], 422);
        assert!(r["body"].as_str().unwrap().contains(&text(
            &env,
            locale,
            "field-details-required"
        )));
    }
    // Another type that the form does not offer is still refused.
    let r = post(
        &env,
        &submission("meta_deletion", "ru", "x@example.kz"),
        "2026-11-01T20:30:00Z",
    )
    .await;
    assert_eq!(r["statusCode"], 422);
    assert!(env.requests().await.is_empty(), "nothing stored");
    assert!(sink.mails().is_empty(), "nothing sent");
}

#[tokio::test]
async fn a_note_goes_with_completed_or_refused_only() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let id = submit(
        &env,
        "information",
        "en",
        "note@example.kz",
        "2026-11-01T20:30:00Z",
    )
    .await;
    let before = item(&env, &id).await;
    let out = operator::run(
        &env.app,
        Command::Mark {
            id: id.clone(),
            to: Status::InProgress,
            refusal: None,
            note: Some("x".into()),
        },
    )
    .await;
    assert!(!out.ok);
    assert!(out.text.contains("nothing changed"), "{}", out.text);
    assert_eq!(item(&env, &id).await, before);
}

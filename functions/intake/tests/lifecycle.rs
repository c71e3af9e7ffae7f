//! After the acknowledgement, against real servers (moto's DynamoDB, an aiosmtpd SMTP
//! server): the status page, the requester's confirmation link, the operator's status
//! changes with their e-mails, the daily run, and Meta's data-deletion callback.

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::*;
use intake::operator::{self, Command};
use intake::request::{Refusal, RefusalReason, Status};
use serde_json::{json, Value};
use testkit::SmtpSink;

/// A signed request as Meta sends it, issued now (Meta's published vector verifies, see
/// `meta.rs`, but is from 2021: the callback refuses requests older than an hour).
fn meta_signed(user_id: &str) -> String {
    intake::meta::sign(
        &json!({"user_id": user_id, "algorithm": "HMAC-SHA256", "issued_at": jiff::Timestamp::now().as_second()})
            .to_string(),
        &intake::meta::AppSecret::new("key"),
    )
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

fn history(item: &std::collections::HashMap<String, AttributeValue>) -> Vec<(String, String)> {
    item.get("history")
        .and_then(|h| h.as_l().ok())
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    let m = e.as_m().unwrap();
                    (
                        m["status"].as_s().unwrap().clone(),
                        m["by"].as_s().unwrap().clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test]
async fn the_status_page_shows_where_a_request_stands_and_nothing_personal() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "status@example.kz";
    let id = submit(&env, "deletion", "kk", email, "2026-11-01T20:30:00Z").await;

    let r = env.call(get(&format!("/requests/{id}"), false, None)).await;
    assert_eq!(r["statusCode"], 200, "{r}");
    let b = body_json(&r);
    assert_eq!(b["id"], id.as_str());
    assert_eq!(b["type"], "deletion");
    assert_eq!(b["received_at"], "2026-11-02T01:30:00+05:00");
    assert_eq!(b["deadline"], "2026-11-16");
    assert_eq!(b["status"], "received");
    assert_eq!(b["confirmed"], false);
    assert_eq!(b["last_change"]["status"], "received");
    assert_eq!(b["last_change"]["by"], "requester");
    assert_eq!(r["headers"]["cache-control"], "no-store");

    // The page opens in the request's language, or in the one asked for.
    for (query, lang, deadline, status) in [
        ("", "kk", "2026 жылғы 16 қараша", "алынды"),
        ("?lang=ru", "ru", "16 ноября 2026 г.", "получен"),
        ("?lang=en", "en", "16 November 2026", "received"),
    ] {
        let r = env
            .call(get(&format!("/requests/{id}{query}"), true, None))
            .await;
        assert_eq!(r["statusCode"], 200);
        let html = r["body"].as_str().unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
        assert!(html.contains(deadline), "{lang}: {deadline}");
        assert!(html.contains(&number(&env, &id).await));
        assert!(
            html.to_lowercase().contains(status),
            "{lang}: status {status} in {html}"
        );
        assert!(html.contains("data-status=\"received\""));
        for personal in [email, "Айгерим", "Тестова"] {
            assert!(!html.contains(personal), "{personal} on the status page");
        }
        // Unconfirmed: the page has the button "send the confirmation e-mail again", so it
        // sends the confirmation form's policies (issue 15).
        let headers = &r["headers"];
        assert_eq!(headers["referrer-policy"], "strict-origin");
        let csp = headers["content-security-policy"].as_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("form-action 'self'"));
    }
    // The language chosen on the form wins over the browser's.
    let r = env
        .call(get(
            &format!("/requests/{id}"),
            true,
            Some("en-US,en;q=0.9"),
        ))
        .await;
    assert!(r["body"].as_str().unwrap().contains("<html lang=\"kk\">"));
    let json_body = env.call(get(&format!("/requests/{id}"), false, None)).await["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!json_body.contains(email) && !json_body.contains("Айгерим"));

    // Every unknown id looks the same, well-formed or not.
    let unknown = env
        .call(get(
            "/requests/ip-0123456789abcdef0123456789abcdef",
            true,
            Some("en"),
        ))
        .await;
    let malformed = env.call(get("/requests/nope", true, Some("en"))).await;
    assert_eq!(unknown["statusCode"], 404);
    assert_eq!(malformed["statusCode"], 404);
    assert_eq!(unknown["body"], malformed["body"]);
    assert_eq!(unknown["headers"], malformed["headers"]);
    let unknown_json = env
        .call(get(
            "/requests/ip-0123456789abcdef0123456789abcdef",
            false,
            None,
        ))
        .await;
    assert_eq!(unknown_json["statusCode"], 404);
    assert_eq!(body_json(&unknown_json)["error"]["code"], "not_found");

    // Only GET and HEAD.
    let r = env
        .call(v2(
            "DELETE",
            &format!("/requests/{id}"),
            json_headers(),
            "",
            now_ms(),
        ))
        .await;
    assert_eq!(r["statusCode"], 405);
    assert_eq!(r["headers"]["allow"], "GET, HEAD");
}

#[tokio::test]
async fn the_confirmation_link_shows_a_button_whose_post_confirms_once_and_forgeries_change_nothing(
) {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "confirm@example.kz";
    let id = submit(
        &env,
        "consent_withdrawal",
        "ru",
        email,
        "2026-11-01T20:30:00Z",
    )
    .await;
    let other_id = submit(
        &env,
        "deletion",
        "en",
        "other@example.kz",
        "2026-11-01T20:30:00Z",
    )
    .await;

    let ack = &sink.mails_to(email)[0];
    let confirm = link_with(&ack.text, "/confirm?token=").expect("confirmation link in the text");
    assert_eq!(
        link_with(&ack.html, "/confirm?token=").as_deref(),
        Some(confirm.as_str())
    );
    assert!(
        confirm.starts_with(&format!("{SITE}/requests/{id}/confirm?token=")),
        "{confirm}"
    );
    let status_link = format!("{SITE}/requests/{id}?lang=ru");
    assert!(ack.text.contains(&status_link), "{}", ack.text);
    assert!(unescape_html(&ack.html).contains(&status_link));
    // The e-mail says the link opens a page with a button to press.
    assert!(
        ack.text.contains("нажмите кнопку на открывшейся странице"),
        "{}",
        ack.text
    );
    let token = confirm.rsplit('=').next().unwrap().to_string();
    assert_eq!(token.len(), 43);
    // Only the hash is stored.
    let stored = item(&env, &id).await;
    let stored_text = format!("{stored:?}");
    assert!(!stored_text.contains(&token));
    assert!(stored.contains_key("token_hash"));
    // The operator's notice says the request is not confirmed yet.
    let notice = &sink.mails_to(OPERATOR)[0];
    assert!(
        notice.text.contains("Подтверждён заявителем: Пока нет"),
        "{}",
        notice.text
    );

    // Opening the link shows one button that posts the token, and changes nothing.
    let r = env.call(get(&path_of(&confirm), true, None)).await;
    assert_eq!(r["statusCode"], 200, "{r}");
    let page = r["body"].as_str().unwrap();
    assert!(page.contains("data-outcome=\"pending\""), "{page}");
    assert!(page.contains("<html lang=\"ru\">"));
    assert!(
        page.contains("<form method=\"post\" action=\"confirm?lang=ru\""),
        "{page}"
    );
    assert!(
        page.contains(&format!("name=\"token\" value=\"{token}\"")),
        "{page}"
    );
    assert!(page.contains("Подтвердить запрос"), "{page}");
    assert_eq!(r["headers"]["referrer-policy"], "strict-origin");
    assert!(r["headers"]["content-security-policy"]
        .as_str()
        .unwrap()
        .contains("form-action 'self'"));
    assert_eq!(item(&env, &id).await, stored, "the GET changed nothing");
    let j = body_json(&env.call(get(&path_of(&confirm), false, None)).await);
    assert_eq!(j["outcome"], "pending");
    assert_eq!(j["confirmed"], false);

    // A forged token, another request's token, a malformed or missing one: 400 on the POST
    // (and on the GET, which shows no button then), nothing changes.
    let forged = "A".repeat(43);
    for (target, tok) in [
        (id.as_str(), forged.as_str()),
        (other_id.as_str(), token.as_str()),
        (id.as_str(), "short"),
        (id.as_str(), ""),
    ] {
        let r = env.call(confirm_post(target, tok, true, Some(SITE))).await;
        assert_eq!(r["statusCode"], 400, "{target} {tok}: {r}");
        assert!(r["body"]
            .as_str()
            .unwrap()
            .contains("data-outcome=\"invalid\""));
        let g = env
            .call(get(
                &format!("/requests/{target}/confirm?token={tok}"),
                true,
                None,
            ))
            .await;
        assert_eq!(g["statusCode"], 400, "GET {target} {tok}: {g}");
        assert!(!g["body"].as_str().unwrap().contains("<form"));
    }
    // A body without the field at all.
    let mut no_field = confirm_post(&id, &token, false, None);
    no_field["body"] = json!("other=1");
    assert_eq!(env.call(no_field).await["statusCode"], 400);
    // The token only in the query string, as the GET had it, is not a confirmation.
    let mut in_query = confirm_post(&id, "", false, None);
    in_query["rawQueryString"] = json!(format!("token={token}"));
    assert_eq!(env.call(in_query).await["statusCode"], 400);
    assert_eq!(item(&env, &id).await, stored, "nothing changed");
    assert!(!item(&env, &other_id).await.contains_key("confirmed_at"));

    // Another origin, `Origin: null` (what a no-referrer page would send) and a non-form
    // body are refused before anything is read: 403, 403, 415.
    for (origin, status) in [("https://evil.example", 403), ("null", 403)] {
        let r = env
            .call(confirm_post(&id, &token, true, Some(origin)))
            .await;
        assert_eq!(r["statusCode"], status, "{origin}: {r}");
    }
    let mut as_json = confirm_post(&id, &token, false, None);
    as_json["headers"]["content-type"] = json!("application/json");
    as_json["body"] = json!(json!({"token": token}).to_string());
    assert_eq!(env.call(as_json).await["statusCode"], 415);
    assert_eq!(item(&env, &id).await, stored, "nothing changed");

    // The button's POST from the site's page confirms, in the request's language.
    let r = env.call(confirm_post(&id, &token, true, Some(SITE))).await;
    assert_eq!(r["statusCode"], 200, "{r}");
    let html = r["body"].as_str().unwrap();
    assert!(html.contains("data-outcome=\"confirmed\""));
    assert!(html.contains("<html lang=\"ru\">"));
    assert!(
        html.contains("16 ноября 2026 г."),
        "the deadline still counts from receipt"
    );
    assert!(unescape_html(html).contains(&format!("/requests/{id}?lang=ru")));
    let confirmed = item(&env, &id).await;
    assert!(confirmed.contains_key("confirmed_at"));
    assert_eq!(confirmed["deadline"].as_s().unwrap(), "2026-11-16");
    assert_eq!(
        history(&confirmed),
        pairs(&[("received", "requester"), ("confirmed", "requester")])
    );
    let s = body_json(&env.call(get(&format!("/requests/{id}"), false, None)).await);
    assert_eq!(s["confirmed"], true);
    assert_eq!(
        s["status"], "received",
        "confirmation is not a status change"
    );
    assert_eq!(s["last_change"]["status"], "confirmed");

    // Reuse: 409 on the POST (a client without Origin) and on the GET, changes nothing.
    let r = env.call(confirm_post(&id, &token, false, None)).await;
    assert_eq!(r["statusCode"], 409);
    assert_eq!(body_json(&r)["outcome"], "already_confirmed");
    let g = env.call(get(&path_of(&confirm), true, None)).await;
    assert_eq!(g["statusCode"], 409);
    assert!(g["body"]
        .as_str()
        .unwrap()
        .contains("data-outcome=\"already_confirmed\""));
    assert_eq!(item(&env, &id).await, confirmed);

    // Other methods: 405 with what is allowed.
    let mut put = confirm_post(&id, &token, false, None);
    put["requestContext"]["http"]["method"] = json!("PUT");
    let r = env.call(put).await;
    assert_eq!(r["statusCode"], 405);
    assert_eq!(r["headers"]["allow"], "GET, HEAD, POST");
}

#[tokio::test]
async fn any_number_of_gets_and_heads_of_the_link_leave_the_request_unconfirmed() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "scanner@example.kz";
    let id = submit(&env, "deletion", "kk", email, "2026-11-01T20:30:00Z").await;
    let link = link_with(&sink.mails_to(email)[0].text, "/confirm?token=").unwrap();
    let before = item(&env, &id).await;
    // What a mail scanner does: GET and HEAD, as a browser and not, with and without
    // Accept-Language, many times.
    for i in 0..12 {
        let mut event = get(&path_of(&link), i % 2 == 0, (i % 3 == 0).then_some("en"));
        if i % 4 == 1 {
            event["requestContext"]["http"]["method"] = json!("HEAD");
        }
        let r = env.call(event).await;
        assert_eq!(r["statusCode"], 200, "{i}: {r}");
    }
    assert_eq!(item(&env, &id).await, before, "nothing changed");
    let s = body_json(&env.call(get(&format!("/requests/{id}"), false, None)).await);
    assert_eq!(s["confirmed"], false);
    assert_eq!(s["last_change"]["status"], "received");
    // The link still works: its button's POST confirms.
    let r = env
        .call(confirm_post(&id, &token_of(&link), true, Some(SITE)))
        .await;
    assert_eq!(r["statusCode"], 200, "{r}");
    assert!(item(&env, &id).await.contains_key("confirmed_at"));
}

#[tokio::test]
async fn an_expired_link_says_so_and_a_resend_carries_a_new_one() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "expired@example.kz";
    let id = submit(&env, "deletion", "en", email, "2026-11-01T20:30:00Z").await;
    let first = link_with(&sink.mails_to(email)[0].text, "/confirm?token=").unwrap();
    // Seven days pass: the stored expiry is moved into the past (the clock cannot be), and
    // the acknowledgement is marked failed as the function marks one (owed: in the index of
    // e-mails to send).
    env.client
        .update_item()
        .table_name(&env.table)
        .key("pk", AttributeValue::S(format!("req#{id}")))
        .update_expression("SET token_expires = :x, ack_status = :f, owed = :one")
        .expression_attribute_values(":x", AttributeValue::N("1000".into()))
        .expression_attribute_values(":f", AttributeValue::S("failed".into()))
        .expression_attribute_values(":one", AttributeValue::S("1".into()))
        .send()
        .await
        .unwrap();
    let r = env
        .call(confirm_post(&id, &token_of(&first), true, Some(SITE)))
        .await;
    assert_eq!(r["statusCode"], 410);
    let html = r["body"].as_str().unwrap();
    assert!(html.contains("data-outcome=\"expired\""));
    assert!(html.contains("7 days"), "{html}");
    // The GET says so too, without a button.
    let g = env.call(get(&path_of(&first), true, None)).await;
    assert_eq!(g["statusCode"], 410);
    assert!(!g["body"].as_str().unwrap().contains("<form"));
    assert!(!item(&env, &id).await.contains_key("confirmed_at"));

    // The resend of a failed acknowledgement sends a fresh link; the old one stays dead.
    let report = env.call(json!({"task": "resend_pending"})).await;
    assert_eq!(report["report"]["sent"], 1, "{report}");
    let acks = sink.mails_to(email);
    assert_eq!(acks.len(), 2);
    let second = link_with(&acks[1].text, "/confirm?token=").unwrap();
    assert_ne!(first, second);
    assert_eq!(
        env.call(confirm_post(&id, &token_of(&first), true, Some(SITE)))
            .await["statusCode"],
        400
    );
    assert_eq!(
        env.call(confirm_post(&id, &token_of(&second), true, Some(SITE)))
            .await["statusCode"],
        200
    );
}

#[tokio::test]
async fn the_operator_moves_a_request_through_its_lifecycle_and_the_requester_hears_of_it() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "done@example.kz";
    let id = submit(&env, "deletion", "kk", email, "2026-11-01T20:30:00Z").await;

    // received -> in_progress -> completed; each step in the trail, by the operator.
    let out = operator::run(
        &env.app,
        Command::Mark {
            id: id.clone(),
            to: Status::InProgress,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(out.ok, "{}", out.text);
    assert_eq!(sink.mails_to(email).len(), 1, "no e-mail for in_progress");
    let out = operator::run(
        &env.app,
        Command::Mark {
            id: id.clone(),
            to: Status::Completed,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(out.ok, "{}", out.text);
    assert!(out.text.contains("e-mailed"), "{}", out.text);
    let stored = item(&env, &id).await;
    assert_eq!(stored["status"].as_s().unwrap(), "completed");
    assert_eq!(stored["outcome_mail"].as_s().unwrap(), "sent");
    assert_eq!(
        history(&stored),
        pairs(&[
            ("received", "requester"),
            ("in_progress", "operator"),
            ("completed", "operator")
        ])
    );
    let mails = sink.mails_to(email);
    assert_eq!(mails.len(), 2);
    let outcome = &mails[1];
    assert!(outcome.subject.contains(&number(&env, &id).await));
    let done = intake::i18n::catalog()
        .unwrap()
        .text(policy::Locale::Kk, "outcome-completed-deletion")
        .unwrap();
    assert!(outcome.text.contains(&done), "{}", outcome.text);
    let authority = policy::embedded::facts().unwrap().authority.name.kk;
    assert!(
        outcome.text.contains(&authority),
        "complaint to the authorised body"
    );
    assert!(outcome
        .text
        .contains(&format!("{SITE}/requests/{id}?lang=kk")));

    // A final status is final: nothing changes, and it says why.
    let before = item(&env, &id).await;
    for to in [Status::InProgress, Status::Completed] {
        let out = operator::run(
            &env.app,
            Command::Mark {
                id: id.clone(),
                to,
                refusal: None,
                note: None,
            },
        )
        .await;
        assert!(!out.ok);
        assert!(out.text.contains("cannot become"), "{}", out.text);
    }
    let out = operator::run(
        &env.app,
        Command::Mark {
            id: "ip-0123456789abcdef0123456789abcdef".into(),
            to: Status::Completed,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(!out.ok && out.text.contains("no request"), "{}", out.text);
    assert_eq!(item(&env, &id).await, before);
    assert_eq!(sink.mails_to(email).len(), 2);

    // The status page follows.
    let s = body_json(&env.call(get(&format!("/requests/{id}"), false, None)).await);
    assert_eq!(s["status"], "completed");
    assert_eq!(s["last_change"]["by"], "operator");
}

#[tokio::test]
async fn a_refusal_needs_a_reason_and_states_the_legal_basis_and_the_complaint_route() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "refused@example.kz";
    let id = submit(&env, "deletion", "ru", email, "2026-11-01T20:30:00Z").await;

    let out = operator::run(
        &env.app,
        Command::Mark {
            id: id.clone(),
            to: Status::Refused,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(!out.ok && out.text.contains("--reason"), "{}", out.text);
    assert_eq!(item(&env, &id).await["status"].as_s().unwrap(), "received");

    let out = operator::run(
        &env.app,
        Command::Mark {
            id: id.clone(),
            to: Status::Refused,
            refusal: Some(Refusal {
                reason: RefusalReason::LegalRetention,
                note: Some("Договор действует до 2027 года.".into()),
            }),
            note: None,
        },
    )
    .await;
    assert!(out.ok, "{}", out.text);
    let mail = &sink.mails_to(email)[1];
    assert!(mail.subject.contains(&number(&env, &id).await));
    for needle in [
        "Налогового кодекса",
        "Договор действует до 2027 года.",
        "Министерство искусственного интеллекта и цифрового развития Республики Казахстан",
    ] {
        assert!(mail.text.contains(needle), "{needle} in {}", mail.text);
    }
    let stored = item(&env, &id).await;
    assert_eq!(stored["status"].as_s().unwrap(), "refused");
    let last = stored["history"]
        .as_l()
        .unwrap()
        .last()
        .unwrap()
        .as_m()
        .unwrap()
        .clone();
    assert_eq!(last["reason"].as_s().unwrap(), "legal_retention");
    assert!(
        !last.contains_key("note"),
        "the note stays out of the trail"
    );
    // The status page tells how to complain, without the operator's note.
    let html = env.call(get(&format!("/requests/{id}"), true, None)).await["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(html.contains("data-status=\"refused\""));
    assert!(html.contains("Министерство искусственного интеллекта и цифрового развития"));
    assert!(!html.contains("Договор действует"));
}

#[tokio::test]
async fn concurrent_status_changes_cannot_both_win() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let email = "race@example.kz";
    let id = submit(&env, "deletion", "en", email, "2026-11-01T20:30:00Z").await;
    let complete = operator::run(
        &env.app,
        Command::Mark {
            id: id.clone(),
            to: Status::Completed,
            refusal: None,
            note: None,
        },
    );
    let refuse = operator::run(
        &env.app,
        Command::Mark {
            id: id.clone(),
            to: Status::Refused,
            refusal: Some(Refusal {
                reason: RefusalReason::IdentityNotVerified,
                note: None,
            }),
            note: None,
        },
    );
    let (a, b) = tokio::join!(complete, refuse);
    assert_eq!(
        [a.ok, b.ok].iter().filter(|ok| **ok).count(),
        1,
        "{} / {}",
        a.text,
        b.text
    );
    let stored = item(&env, &id).await;
    assert_eq!(history(&stored).len(), 2, "one change in the trail");
    assert_eq!(sink.mails_to(email).len(), 2, "one outcome e-mail");
}

#[tokio::test]
async fn an_outcome_email_that_fails_is_kept_for_the_daily_run() {
    let port = testkit::closed_port();
    let env = env_with(&format!("smtp://127.0.0.1:{port}")).await;
    let id = submit(
        &env,
        "deletion",
        "en",
        "late@example.kz",
        "2026-11-01T20:30:00Z",
    )
    .await;
    let out = operator::run(
        &env.app,
        Command::Mark {
            id: id.clone(),
            to: Status::Completed,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(!out.ok && out.text.contains("FAILED"), "{}", out.text);
    let stored = item(&env, &id).await;
    assert_eq!(
        stored["status"].as_s().unwrap(),
        "completed",
        "the change stands"
    );
    assert_eq!(stored["outcome_mail"].as_s().unwrap(), "failed");

    let sink = SmtpSink::start_on(Some(port));
    let r = env.call(json!({"task": "daily"})).await;
    assert_eq!(r["report"]["failed"], 0, "{r}");
    let mails = sink.mails_to("late@example.kz");
    assert_eq!(mails.len(), 2, "the acknowledgement and the outcome");
    assert!(mails.iter().any(|m| m.subject.contains("completed")));
    assert_eq!(
        item(&env, &id).await["outcome_mail"].as_s().unwrap(),
        "sent"
    );
}

#[tokio::test]
async fn the_daily_run_digests_overdue_and_due_soon_requests_once_a_day() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    // Today: Mon 23 Nov 2026, 08:00 in Almaty.
    let now: jiff::Timestamp = "2026-11-23T03:00:00Z".parse().unwrap();
    // Received 2 Nov -> due 16 Nov: overdue by 5 working days.
    let overdue = submit(
        &env,
        "deletion",
        "ru",
        "a@example.kz",
        "2026-11-02T05:00:00Z",
    )
    .await;
    // Received Thu 12 Nov -> due Thu 26 Nov: 3 working days left.
    let soon = submit(
        &env,
        "consent_withdrawal",
        "kk",
        "b@example.kz",
        "2026-11-12T05:00:00Z",
    )
    .await;
    // Received 20 Nov -> due 4 Dec: not yet.
    let later = submit(
        &env,
        "deletion",
        "en",
        "c@example.kz",
        "2026-11-20T05:00:00Z",
    )
    .await;
    // Overdue, but answered: not in the digest.
    let done = submit(
        &env,
        "deletion",
        "en",
        "d@example.kz",
        "2026-11-02T06:00:00Z",
    )
    .await;
    let out = operator::run(
        &env.app,
        Command::Mark {
            id: done.clone(),
            to: Status::Completed,
            refusal: None,
            note: None,
        },
    )
    .await;
    assert!(out.ok);
    let before = sink.mails_to(OPERATOR).len();

    let report = intake::daily::run(&env.app, now).await.unwrap();
    assert_eq!(report.day, "2026-11-23");
    assert_eq!(
        (report.overdue, report.due_soon, report.digest),
        (1, 1, "sent")
    );
    let notices = sink.mails_to(OPERATOR);
    assert_eq!(notices.len(), before + 1);
    let digest = notices.last().unwrap();
    assert!(digest.subject.contains('1'), "{}", digest.subject);
    assert!(digest.text.contains(&overdue) && digest.text.contains(&soon));
    assert!(!digest.text.contains(&later) && !digest.text.contains(&done));
    assert!(digest.text.contains("5 рабочих дней"), "{}", digest.text);
    // Each request of the digest states the policy version it was received under.
    assert_eq!(
        digest.text.matches("; политика в редакции 1.0").count(),
        2,
        "{}",
        digest.text
    );
    assert!(digest.text.contains("3 рабочих дня"), "{}", digest.text);
    assert!(
        !digest.text.contains("a@example.kz"),
        "no personal data in the digest"
    );

    // The run is recorded.
    let run = env
        .client
        .get_item()
        .table_name(&env.table)
        .key("pk", AttributeValue::S("run#daily#2026-11-23".into()))
        .consistent_read(true)
        .send()
        .await
        .unwrap();
    let run = run.item().expect("run recorded");
    assert_eq!(run["digest"].as_s().unwrap(), "sent");
    assert_eq!(run["overdue"].as_n().unwrap(), "1");

    // A repeated delivery of the schedule sends no second digest.
    let again = intake::daily::run(&env.app, now).await.unwrap();
    assert_eq!(again.digest, "already_ran");
    assert_eq!(sink.mails_to(OPERATOR).len(), before + 1);

    // A run that claimed its day and died is taken over after 15 minutes; one still going
    // (claimed 5 minutes ago) is left alone.
    let tuesday: jiff::Timestamp = "2026-11-24T03:00:00Z".parse().unwrap();
    let store = &env.app.store;
    assert!(store
        .claim_run("2026-11-24", "2026-11-24T07:55:00+05:00", 0)
        .await
        .unwrap());
    assert_eq!(
        intake::daily::run(&env.app, tuesday).await.unwrap().digest,
        "already_ran"
    );
    let wednesday: jiff::Timestamp = "2026-11-25T03:00:00Z".parse().unwrap();
    assert!(store
        .claim_run("2026-11-25", "2026-11-25T07:30:00+05:00", 0)
        .await
        .unwrap());
    assert_eq!(
        intake::daily::run(&env.app, wednesday)
            .await
            .unwrap()
            .digest,
        "sent"
    );
    assert_eq!(sink.mails_to(OPERATOR).len(), before + 2);

    // The operator's list: open requests, overdue first, with working days left.
    let out = operator::run(
        &env.app,
        Command::List {
            json: true,
            version: None,
        },
    )
    .await;
    assert!(out.ok);
    let rows: Value = serde_json::from_str(&out.text).unwrap();
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [overdue.as_str(), soon.as_str(), later.as_str()]);
}

#[tokio::test]
async fn metas_callback_files_a_deletion_request_and_answers_with_a_code() {
    let sink = SmtpSink::start();
    let mut env = env(&sink).await;

    let signed = meta_signed("0");
    // Without a secret the callback is off, and says so with 503.
    let r = env.call(meta_post(&signed)).await;
    assert_eq!(r["statusCode"], 503);
    assert!(env.requests().await.is_empty());

    env.app.meta_secret = Some(intake::meta::AppSecret::new("key"));
    let r = env.call(meta_post(&signed)).await;
    assert_eq!(r["statusCode"], 200, "{r}");
    let b = body_json(&r);
    let code = b["confirmation_code"].as_str().unwrap().to_string();
    assert_eq!(b["url"], format!("{SITE}/requests/{code}"));
    let stored = item(&env, &code).await;
    assert_eq!(stored["type"].as_s().unwrap(), "meta_deletion");
    assert_eq!(stored["meta_user_id"].as_s().unwrap(), "0");
    // Meta's requests record the policy version too.
    assert_eq!(
        stored["policy_version"].as_s().unwrap(),
        &embedded_edition().version
    );
    assert!(!stored.contains_key("email"));
    assert_eq!(history(&stored), pairs(&[("received", "system")]));
    let s = body_json(
        &env.call(get(&format!("/requests/{code}"), false, None))
            .await,
    );
    assert_eq!(s["type"], "meta_deletion");
    assert_eq!(s["status"], "received");
    // Meta's requests have no language of their own: the browser's is used.
    let page = env
        .call(get(
            &format!("/requests/{code}"),
            true,
            Some("kk-KZ,kk;q=0.9"),
        ))
        .await;
    assert!(page["body"]
        .as_str()
        .unwrap()
        .contains("<html lang=\"kk\">"));
    // Same deadline rule as a deletion request (10 working days).
    assert_eq!(stored["rule"].as_s().unwrap(), "10 working_days");
    // The operator is told; nobody else can be.
    let notices = sink.mails_to(OPERATOR);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].text.contains(&code) && notices[0].text.contains("Meta"));
    assert_eq!(sink.mails().len(), 1);

    // Repeated within 24 hours: the same code, nothing new.
    let again = body_json(&env.call(meta_post(&meta_signed("0"))).await);
    assert_eq!(again["confirmation_code"], code.as_str());
    assert_eq!(env.requests().await.len(), 1);

    // Forgeries and garbage: 400, nothing stored.
    let (sig, payload) = signed.split_once('.').unwrap();
    let tampered_payload = intake::meta::sign(
        r#"{"user_id":"1","algorithm":"HMAC-SHA256"}"#,
        &intake::meta::AppSecret::new("key"),
    )
    .split_once('.')
    .unwrap()
    .1
    .to_string();
    let other_alg = intake::meta::sign(
        &json!({"user_id": "2", "algorithm": "HMAC-SHA1", "issued_at": jiff::Timestamp::now().as_second()}).to_string(),
        &intake::meta::AppSecret::new("key"),
    );
    let wrong_secret = intake::meta::sign(
        &json!({"user_id": "3", "algorithm": "HMAC-SHA256", "issued_at": jiff::Timestamp::now().as_second()}).to_string(),
        &intake::meta::AppSecret::new("not the key"),
    );
    for bad in [
        format!("{sig}.{tampered_payload}"),
        other_alg,
        wrong_secret,
        format!("{sig}{payload}"),
        format!("!!!.{payload}"),
        String::new(),
    ] {
        let r = env.call(meta_post(&bad)).await;
        assert_eq!(r["statusCode"], 400, "{bad}: {r}");
        assert_eq!(body_json(&r)["error"]["code"], "invalid_signed_request");
    }
    let no_field = v2(
        "POST",
        "/meta/data-deletion",
        json!({"content-type": "application/x-www-form-urlencoded"}),
        "other=1",
        now_ms(),
    );
    assert_eq!(env.call(no_field).await["statusCode"], 400);
    assert_eq!(env.requests().await.len(), 1);
    assert_eq!(sink.mails().len(), 1);
}

/// The policy version and the digest of its privacy page, as compiled into the function.
fn embedded_edition() -> policy::PageDigests {
    policy::embedded::page_digests().unwrap()
}

#[tokio::test]
async fn every_request_records_the_policy_version_and_names_it_in_the_ack_status_and_show() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let edition = embedded_edition();
    let version = edition.version.clone();
    assert_eq!(
        version,
        policy::embedded::facts().unwrap().policy.version,
        "the digests are of the facts' version"
    );
    let mut ids = Vec::new();
    for (locale, policy_line) in [
        (
            "kk",
            format!("Сұрауыңыз алынған күні Құпиялылық саясатының {version} редакциясы қолданыста болды:"),
        ),
        (
            "ru",
            format!("В день получения запроса действовала Политика конфиденциальности в редакции {version}:"),
        ),
        (
            "en",
            format!("On the day we received your request, version {version} of the Privacy Policy was in force:"),
        ),
    ] {
        let email = format!("version-{locale}@example.kz");
        let id = submit(&env, "deletion", locale, &email, "2026-11-01T20:30:00Z").await;
        let l: policy::Locale = locale.parse().unwrap();
        let digest = edition.privacy(l).unwrap().to_string();
        assert_eq!(digest.len(), 64);
        // The DynamoDB item.
        let stored = item(&env, &id).await;
        assert_eq!(stored["policy_version"].as_s().unwrap(), &version, "{locale}");
        assert_eq!(stored["policy_digest"].as_s().unwrap(), &digest, "{locale}");
        // The acknowledgement names the version and links to its permanent page.
        let url = format!("{SITE}/{locale}/privacy/v{version}/");
        let ack = &sink.mails_to(&email)[0];
        let text_at = ack.text.find(&policy_line).unwrap_or_else(|| panic!("{}", ack.text));
        assert!(ack.text[text_at..].contains(&url), "{}", ack.text);
        let html = unescape_html(&ack.html);
        assert!(html.contains(&policy_line), "{html}");
        assert!(html.contains(&format!("href=\"{url}\"")), "{html}");
        // The status page: JSON and HTML.
        let j = body_json(&env.call(get(&format!("/requests/{id}"), false, None)).await);
        assert_eq!(j["policy_version"], version.as_str());
        assert_eq!(j["policy_url"], url.as_str());
        let page = env
            .call(get(&format!("/requests/{id}?lang={locale}"), true, None))
            .await;
        let page = unescape_html(page["body"].as_str().unwrap());
        assert!(
            page.contains(&format!("<a data-policy-link href=\"{url}\">")),
            "{page}"
        );
        // The operator's show.
        let out = operator::run(
            &env.app,
            Command::Show {
                id: id.clone(),
                json: false,
            },
        )
        .await;
        assert!(out.ok);
        assert!(
            out.text
                .contains(&format!("policy:      version {version}, {url} (privacy page SHA-256 {digest})")),
            "{}",
            out.text
        );
        let out = operator::run(
            &env.app,
            Command::Show {
                id: id.clone(),
                json: true,
            },
        )
        .await;
        let shown: Value = serde_json::from_str(&out.text).unwrap();
        assert_eq!(shown["policy_version"], version.as_str());
        assert_eq!(shown["policy_digest"], digest.as_str());
        ids.push(id);
    }
    // The three digests differ: one per language.
    let digests: std::collections::BTreeSet<String> = policy::Locale::ALL
        .into_iter()
        .map(|l| edition.privacy(l).unwrap().to_string())
        .collect();
    assert_eq!(digests.len(), 3);

    // An old item without the fields still reads everywhere, and says so.
    let old = ids[2].clone();
    env.client
        .update_item()
        .table_name(&env.table)
        .key("pk", AttributeValue::S(format!("req#{old}")))
        .update_expression("REMOVE policy_version, policy_digest")
        .send()
        .await
        .unwrap();
    let j = body_json(
        &env.call(get(&format!("/requests/{old}"), false, None))
            .await,
    );
    assert_eq!(j["id"], old.as_str());
    assert_eq!(j["policy_version"], Value::Null);
    let page = env.call(get(&format!("/requests/{old}"), true, None)).await;
    assert_eq!(page["statusCode"], 200);
    assert!(page["body"].as_str().unwrap().contains("not recorded"));
    let out = operator::run(
        &env.app,
        Command::Show {
            id: old.clone(),
            json: false,
        },
    )
    .await;
    assert!(
        out.text.contains("policy:      version not recorded"),
        "{}",
        out.text
    );

    // The list filters by version.
    let list = |version: Option<&str>| {
        let app = &env.app;
        let version = version.map(str::to_string);
        async move {
            let out = operator::run(
                app,
                Command::List {
                    json: true,
                    version,
                },
            )
            .await;
            assert!(out.ok, "{}", out.text);
            let rows: Value = serde_json::from_str(&out.text).unwrap();
            let mut ids: Vec<String> = rows
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_string())
                .collect();
            ids.sort();
            ids
        }
    };
    let mut recorded = vec![ids[0].clone(), ids[1].clone()];
    recorded.sort();
    assert_eq!(list(Some(&version)).await, recorded);
    assert!(list(Some("0.9")).await.is_empty());
    assert_eq!(list(None).await.len(), 3);
    let text = operator::run(
        &env.app,
        Command::List {
            json: false,
            version: Some(version.clone()),
        },
    )
    .await
    .text;
    assert!(
        text.starts_with(&format!("2 open request(s) under policy version {version}")),
        "{text}"
    );
}

#[tokio::test]
async fn the_local_store_records_the_policy_version_too() {
    let dir = tempfile::tempdir().unwrap();
    let app = intake::App::local(
        dir.path(),
        SITE,
        ["https://interpay.kz".to_string()].into_iter().collect(),
    )
    .await
    .unwrap();
    let r = intake::lambda::on_event(
        &app,
        v2(
            "POST",
            "/requests",
            json_headers(),
            &submission("deletion", "kk", "local-version@example.kz").to_string(),
            now_ms(),
        ),
    )
    .await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let id = body_json(&r)["id"].as_str().unwrap().to_string();
    let journal = std::fs::read_to_string(dir.path().join("store").join("requests.jsonl")).unwrap();
    let record: Value = journal
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|e| e.get("record").cloned())
        .find(|r| r["id"] == id.as_str())
        .expect("the record in the journal");
    let edition = embedded_edition();
    assert_eq!(record["policy_version"], edition.version.as_str());
    assert_eq!(
        record["policy_digest"],
        edition.privacy(policy::Locale::Kk).unwrap()
    );
}

/// An open request whose stored deadline does not parse (a corrupt item) is not skipped: the
/// daily run lists it as overdue, so the operator sees it.
#[tokio::test]
async fn an_open_request_with_an_unreadable_deadline_is_listed_as_overdue() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let now: jiff::Timestamp = "2026-11-23T03:00:00Z".parse().unwrap();
    let id = submit(
        &env,
        "deletion",
        "ru",
        "corrupt@example.kz",
        "2026-11-20T05:00:00Z",
    )
    .await;
    env.client
        .update_item()
        .table_name(&env.table)
        .key("pk", AttributeValue::S(format!("req#{id}")))
        .update_expression("SET deadline = :d")
        .expression_attribute_values(":d", AttributeValue::S("not-a-date".into()))
        .send()
        .await
        .unwrap();
    let report = intake::daily::run(&env.app, now).await.unwrap();
    assert_eq!(report.overdue, 1, "{report:?}");
    let digest = sink.mails_to(OPERATOR).last().cloned().unwrap();
    assert!(digest.text.contains(&id), "{}", digest.text);
}

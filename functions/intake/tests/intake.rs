//! The function against real servers: moto's DynamoDB over HTTP and an aiosmtpd SMTP server.

mod common;

use common::*;
use serde_json::json;
use testkit::SmtpSink;

#[tokio::test]
async fn accepts_each_type_and_locale_stores_and_acknowledges() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let cases = [
        ("deletion", "kk", "10 жұмыс күні", "2026 жылғы 16 қараша"),
        ("deletion", "ru", "10 рабочих дней", "16 ноября 2026 г."),
        ("deletion", "en", "10 working days", "16 November 2026"),
        (
            "consent_withdrawal",
            "kk",
            "10 жұмыс күні",
            "2026 жылғы 16 қараша",
        ),
        (
            "consent_withdrawal",
            "ru",
            "10 рабочих дней",
            "16 ноября 2026 г.",
        ),
        (
            "consent_withdrawal",
            "en",
            "10 working days",
            "16 November 2026",
        ),
    ];
    for (i, (kind, locale, rule, date)) in cases.iter().enumerate() {
        let email = format!("person{i}@example.kz");
        // Mon 2 Nov 2026 01:30 in Almaty (still Sunday in UTC).
        let event = v2(
            "POST",
            "/requests",
            json_headers(),
            &submission(kind, locale, &email).to_string(),
            epoch("2026-11-01T20:30:00Z"),
        );
        let r = env.call(event).await;
        assert_eq!(r["statusCode"], 201, "{r}");
        let b = body_json(&r);
        assert_eq!(b["type"], *kind);
        assert_eq!(b["deadline"], "2026-11-16");
        assert_eq!(b["status"], "received");
        assert_eq!(b["received_at"], "2026-11-02T01:30:00+05:00");
        assert_eq!(b["deadline_text"], *date);
        assert_eq!(b["acknowledgement"], "sent");
        assert_eq!(
            r["headers"]["access-control-allow-origin"],
            "https://interpay.kz"
        );
        let id = b["id"].as_str().unwrap();
        assert!(id.len() >= 35);

        let acks = sink.mails_to(&email);
        assert_eq!(acks.len(), 1, "one acknowledgement to {email}");
        let ack = &acks[0];
        let reference = b["reference"].as_str().unwrap();
        assert!(ack.subject.contains(reference), "{}", ack.subject);
        // The letter asks for replies: they go to the operator, not to the no-reply sender,
        // which is named as the operator is in the letter's language.
        assert_eq!(ack.reply_to, OPERATOR, "{locale}: Reply-To");
        let l: policy::Locale = locale.parse().unwrap();
        let short_name = policy::embedded::facts()
            .unwrap()
            .operator
            .short_name
            .get(l)
            .to_string();
        assert!(
            ack.from.contains(&short_name) && ack.from.contains("<no-reply@interpay.test>"),
            "{locale}: From {}",
            ack.from
        );
        for part in [&ack.text, &ack.html] {
            assert!(part.contains(date), "{locale}: deadline {date} in {part}");
            assert!(part.contains(rule), "{locale}: rule {rule} in {part}");
            assert!(part.contains(id), "the id in the status link");
            assert!(part.contains(reference), "the reference as the number");
            assert!(part.contains("support@interpay.kz"), "operator contact");
        }
        // What is kept by law, phrased exactly as the site states it (one source).
        let facts = policy::embedded::facts().unwrap();
        let catalog = intake::i18n::catalog().unwrap();
        for item in facts.retention.iter().filter(|r| r.years.is_some()) {
            let period = catalog.format_retention(l, item).unwrap();
            assert!(
                ack.text.contains(&period),
                "{locale}: `{period}` in {}",
                ack.text
            );
        }
        // Deletion is destruction under art. 12 of the law; consent withdrawal has no legal
        // deadline, so its deadline is stated as the operator's commitment, without an article.
        let article = match *locale {
            "kk" => "12-бап",
            "ru" => "ст. 12",
            _ => "Article 12",
        };
        if *kind == "deletion" {
            assert!(ack.text.contains(article), "{locale}: {}", ack.text);
        } else {
            assert!(!ack.text.contains(article), "{locale}: {}", ack.text);
            let line = catalog
                .format(l, "ack-rule-commitment", &[("rule", (*rule).into())])
                .unwrap();
            assert!(
                ack.text.contains(&line),
                "{locale}: `{line}` in {}",
                ack.text
            );
        }
        if *kind == "consent_withdrawal" {
            let scope = match *locale {
                "kk" => "келісімге негізделген барлық өңдеу",
                "ru" => "вся обработка, основанная на согласии",
                _ => "all processing based on consent",
            };
            assert!(ack.text.contains(scope), "{}", ack.text);
        }
        let notices: Vec<_> = sink
            .mails_to(OPERATOR)
            .into_iter()
            .filter(|m| m.subject.contains(reference))
            .collect();
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].reply_to, email);
        assert!(notices[0].text.contains(&email) && notices[0].text.contains("Айгерим Тестова"));
    }
    let items = env.requests().await;
    assert_eq!(items.len(), cases.len());
    for item in &items {
        assert_eq!(item["ack_status"].as_s().unwrap(), "sent");
        assert_eq!(item["status"].as_s().unwrap(), "received");
        assert_eq!(item["rule"].as_s().unwrap(), "10 working_days");
        let ttl: i64 = item["expires_at"].as_n().unwrap().parse().unwrap();
        assert_eq!(ttl, epoch("2026-11-01T20:30:00Z") / 1000 + 1826 * 86_400);
        // No key holds personal data.
        let pk = item["pk"].as_s().unwrap();
        assert!(!pk.contains('@'));
    }
    let dedupe = testkit::scan_prefix(&env.client, &env.table, "dedupe#").await;
    assert_eq!(dedupe.len(), cases.len());
    for d in dedupe {
        assert!(!d["pk"].as_s().unwrap().contains("example.kz"));
    }
}

#[tokio::test]
async fn worked_deadline_examples_and_rest_api_events() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    for (n, (received, deadline)) in [
        ("2026-11-07T06:00:00Z", "2026-11-20"),
        ("2026-12-10T06:00:00Z", "2026-12-25"),
        ("2026-12-31T10:00:00Z", "2027-01-19"),
        ("2026-12-30T10:00:00Z", "2027-01-18"),
    ]
    .iter()
    .enumerate()
    {
        let body = submission("deletion", "en", &format!("worked{n}@example.kz")).to_string();
        let r = env
            .call(v1(
                "POST",
                "/requests",
                json_headers(),
                &body,
                epoch(received),
            ))
            .await;
        assert_eq!(r["statusCode"], 201, "{r}");
        assert_eq!(body_json(&r)["deadline"], *deadline, "received {received}");
    }
}

#[tokio::test]
async fn plain_form_post_lands_on_the_status_page_in_the_received_state() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let body = "type=consent_withdrawal&locale=kk&name=A+B&email=form%40example.kz&phone=%2B7+701+000+00+00&scope=notifications&details=&confirm=on&website=";
    let r = env
        .call(v2(
            "POST",
            "/requests",
            form_headers(),
            body,
            epoch("2026-11-07T06:00:00Z"),
        ))
        .await;
    assert_eq!(r["statusCode"], 303, "{r}");
    let location = r["headers"]["location"].as_str().unwrap();
    let items = env.requests().await;
    assert_eq!(items.len(), 1);
    let id = items[0]["id"].as_s().unwrap();
    assert_eq!(
        location,
        format!("https://interpay.kz/requests/{id}?lang=kk&received=sent")
    );
    assert_eq!(items[0]["scope"].as_s().unwrap(), "notifications");
    assert_eq!(items[0]["phone"].as_s().unwrap(), "+7 701 000 00 00");
    assert_eq!(sink.mails().len(), 2);
    // That page: the number, the deadline and the status, in Kazakh, and "received".
    let mut get = v2(
        "GET",
        &format!("/requests/{id}"),
        json!({"accept": "text/html"}),
        "",
        epoch("2026-11-07T06:00:01Z"),
    );
    get["rawQueryString"] = json!("lang=kk&received=sent");
    let page = env.call(get).await;
    assert_eq!(page["statusCode"], 200, "{page}");
    let html = page["body"].as_str().unwrap();
    assert!(html.contains("<html lang=\"kk\">"), "{html}");
    assert!(
        html.contains("data-received>Сұрау қабылданды.</p>"),
        "{html}"
    );
    // The short reference, once; the id only in the URL.
    let reference =
        intake::request::Reference::try_from(items[0]["reference"].as_s().unwrap().clone())
            .unwrap()
            .grouped();
    assert!(
        html.contains(&format!("data-field=\"reference\">{reference}<")),
        "{html}"
    );
    assert!(!html.contains(&format!(">{id}<")), "{html}");
    assert!(
        html.contains("2026 жылғы 20 қараша"),
        "the deadline in Kazakh: {html}"
    );
    assert!(
        html.contains("href=\"?received=sent&amp;lang=ru\""),
        "{html}"
    );
}

#[tokio::test]
async fn a_resubmission_is_the_same_request_even_when_concurrent() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let body = submission("deletion", "ru", "Twice@Example.kz").to_string();
    let first = env
        .call(v2("POST", "/requests", json_headers(), &body, now_ms()))
        .await;
    assert_eq!(first["statusCode"], 201);
    let again_body = submission("deletion", "ru", " twice@example.kz ").to_string();
    let again = env
        .call(v2(
            "POST",
            "/requests",
            json_headers(),
            &again_body,
            now_ms(),
        ))
        .await;
    assert_eq!(again["statusCode"], 200, "{again}");
    // Received, and nothing about the first request (issue 14).
    assert_eq!(
        keys(&body_json(&again)),
        ["message", "status", "type"],
        "{again}"
    );
    // Another type or scope is another request.
    let other = submission("consent_withdrawal", "ru", "twice@example.kz").to_string();
    assert_eq!(
        env.call(v2("POST", "/requests", json_headers(), &other, now_ms()))
            .await["statusCode"],
        201
    );

    // Ten concurrent identical submits: one request, one acknowledgement.
    let body = submission("deletion", "en", "racer@example.kz").to_string();
    let calls = (0..10).map(|_| env.call(v2("POST", "/requests", json_headers(), &body, now_ms())));
    let answers = futures_join_all(calls).await;
    assert_eq!(
        answers.iter().filter(|r| r["statusCode"] == 201).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers
            .iter()
            .filter(|r| r["statusCode"] != 201)
            .all(|r| r["statusCode"] == 200 && body_json(r).get("id").is_none()),
        "{answers:?}"
    );
    assert_eq!(env.requests().await.len(), 3);
    assert_eq!(sink.mails_to("racer@example.kz").len(), 1);
    let to_twice = sink
        .mails()
        .iter()
        .filter(|m| {
            m.rcpt_tos
                .iter()
                .any(|r| r.eq_ignore_ascii_case("twice@example.kz"))
        })
        .count();
    assert_eq!(to_twice, 2);
}

async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    // Polls all futures concurrently on this task: real concurrency against the servers.
    let mut set = Vec::new();
    for f in futures {
        set.push(Box::pin(f));
    }
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

#[tokio::test]
async fn bad_input_is_refused_localized_and_changes_nothing() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let t = now_ms();
    let good = submission("deletion", "en", "bad@example.kz");
    let mut cases: Vec<(serde_json::Value, u16, &str)> = Vec::new();
    let h = json_headers();
    // Field errors, each in the request's locale.
    for (field, value) in [
        ("type", json!("erase")),
        ("name", json!("")),
        ("name", json!("x".repeat(201))),
        ("name", json!("A\u{0007}B")),
        ("email", json!("not-an-email")),
        ("email", json!("a@b.kz\r\nBcc: x@y.kz")),
        ("details", json!("d".repeat(4001))),
        ("confirm", json!(false)),
        ("phone", json!("call me")),
        ("locale", json!("de")),
    ] {
        let mut b = good.clone();
        b[field] = value;
        cases.push((
            v2("POST", "/requests", h.clone(), &b.to_string(), t),
            422,
            field,
        ));
    }
    let mut b = good.clone();
    b["type"] = json!("consent_withdrawal");
    b["scope"] = json!("everything");
    cases.push((
        v2("POST", "/requests", h.clone(), &b.to_string(), t),
        422,
        "scope",
    ));
    cases.push((v2("POST", "/requests", h.clone(), "{not json", t), 400, ""));
    cases.push((
        v2("POST", "/requests", h.clone(), &"x".repeat(17 * 1024), t),
        413,
        "",
    ));
    cases.push((
        v2(
            "POST",
            "/requests",
            json!({"content-type": "text/plain"}),
            "hello",
            t,
        ),
        415,
        "",
    ));
    cases.push((v2("POST", "/requests", json!({}), "hello", t), 415, ""));
    cases.push((
        v2(
            "POST",
            "/requests",
            json!({"content-type": "application/json", "origin": "https://evil.example"}),
            &good.to_string(),
            t,
        ),
        403,
        "",
    ));
    cases.push((v2("GET", "/requests", h.clone(), "", t), 405, ""));
    cases.push((
        v2("POST", "/other", h.clone(), &good.to_string(), t),
        404,
        "",
    ));
    let mut bad64 = v2("POST", "/requests", h.clone(), "%%%not base64%%%", t);
    bad64["isBase64Encoded"] = json!(true);
    cases.push((bad64, 400, ""));
    let mut latin1 = v2(
        "POST",
        "/requests",
        json!({"content-type": "application/x-www-form-urlencoded"}),
        "",
        t,
    );
    latin1["body"] = json!(base64_encode(
        b"type=deletion&name=\xe9&email=a%40b.kz&confirm=on"
    ));
    latin1["isBase64Encoded"] = json!(true);
    cases.push((latin1, 400, ""));
    cases.push((json!({"unexpected": "event"}), 400, ""));

    for (event, status, field) in cases {
        let undecodable =
            event["isBase64Encoded"] == json!(true) && event["body"] == json!("%%%not base64%%%");
        let r = env.call(event.clone()).await;
        assert_eq!(r["statusCode"], status, "{field}: {r}");
        if undecodable {
            // Localized like every other error (no Accept-Language, no locale: Russian).
            let b = body_json(&r);
            assert_eq!(b["error"]["code"], "invalid_encoding", "{r}");
            assert!(
                b["error"]["message"].as_str().unwrap().contains("UTF-8"),
                "{r}"
            );
        }
        if status == 422 {
            let b = body_json(&r);
            assert_eq!(b["error"]["code"], "validation_failed");
            let msg = b["error"]["fields"][field]
                .as_str()
                .unwrap_or_else(|| panic!("{field}: {b}"));
            assert!(!msg.is_empty() && !msg.contains("field-"), "{msg}");
        }
    }
    // Localized: the same error in Kazakh and Russian.
    let mut b = good.clone();
    b["email"] = json!("nope");
    b["locale"] = json!("kk");
    let r = env
        .call(v2("POST", "/requests", h.clone(), &b.to_string(), t))
        .await;
    assert!(body_json(&r)["error"]["fields"]["email"]
        .as_str()
        .unwrap()
        .contains("Электрондық пошта"));
    b["locale"] = json!("ru");
    let r = env
        .call(v2("POST", "/requests", h.clone(), &b.to_string(), t))
        .await;
    assert!(body_json(&r)["error"]["fields"]["email"]
        .as_str()
        .unwrap()
        .contains("Укажите адрес"));
    // An HTML client gets the form again, localized, with the errors at their fields.
    let r = env
        .call(v2(
            "POST",
            "/requests",
            form_headers(),
            "type=deletion&locale=ru&name=&email=x",
            t,
        ))
        .await;
    assert_eq!(r["statusCode"], 422);
    let html = r["body"].as_str().unwrap();
    assert!(
        html.contains("lang=\"ru\"")
            && html.contains("id=\"f-name-error\">Укажите фамилию и имя")
            && html.contains("id=\"request-form\""),
        "{html}"
    );

    assert!(env.requests().await.is_empty(), "nothing stored");
    assert!(sink.mails().is_empty(), "nothing sent");
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

#[tokio::test]
async fn cors_preflight_only_for_allowed_origins() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let ok = env
        .call(v2(
            "OPTIONS",
            "/requests",
            json!({"origin": "https://interpay.kz", "access-control-request-method": "POST"}),
            "",
            now_ms(),
        ))
        .await;
    assert_eq!(ok["statusCode"], 204);
    assert_eq!(
        ok["headers"]["access-control-allow-origin"],
        "https://interpay.kz"
    );
    let no = env
        .call(v2(
            "OPTIONS",
            "/requests",
            json!({"origin": "https://evil.example"}),
            "",
            now_ms(),
        ))
        .await;
    assert_eq!(no["statusCode"], 403);
    assert!(no["headers"].get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn honeypot_looks_accepted_but_keeps_nothing_it_typed_and_sends_nothing() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let mut b = submission("deletion", "ru", "bot@example.kz");
    b["website"] = json!("http://spam.example");
    let r = env
        .call(v2(
            "POST",
            "/requests",
            json_headers(),
            &b.to_string(),
            now_ms(),
        ))
        .await;
    assert_eq!(r["statusCode"], 201);
    assert!(body_json(&r)["id"].as_str().is_some());
    // Only its shape is kept, so that its status page answers like a real one (issue 14;
    // the comparison with a real request is in abuse.rs).
    let items = env.requests().await;
    assert_eq!(items.len(), 1);
    for field in ["name", "email", "phone", "details"] {
        assert!(!items[0].contains_key(field), "{field}");
    }
    assert_eq!(items[0]["honeypot"].as_bool().unwrap(), &true);
    assert!(sink.mails().is_empty());
}

#[tokio::test]
async fn store_down_means_retry_and_no_email() {
    let sink = SmtpSink::start();
    testkit::set_aws_test_env();
    let client =
        testkit::dynamo_client(&format!("http://127.0.0.1:{}", testkit::closed_port())).await;
    let store = intake::store::Store::dynamo(
        intake::store::dynamo::DynamoStore::new(client, "requests".into()),
        intake::limits::DEFAULT_STORE_TIMEOUT,
    );
    // App::new reads the dedupe secret from the store: with the store down, init fails.
    let init = intake::App::new(
        settings(),
        store,
        intake::mail::Mailer::smtp(&sink.url()).unwrap(),
    )
    .await;
    match init {
        Err(e @ intake::app::InitError::Store(_)) => {
            assert!(e.to_string().starts_with("store: "), "{e}")
        }
        Err(other) => panic!("init failed, but not on the store: {other}"),
        Ok(_) => panic!("init succeeded with the store down"),
    }

    // A store that fails after init: the table is deleted under a running app.
    let env = env(&sink).await;
    env.client
        .delete_table()
        .table_name(&env.table)
        .send()
        .await
        .unwrap();
    for locale in ["kk", "ru", "en"] {
        let r = env
            .call(v2(
                "POST",
                "/requests",
                json_headers(),
                &submission("deletion", locale, "down@example.kz").to_string(),
                now_ms(),
            ))
            .await;
        assert_eq!(r["statusCode"], 503, "{r}");
        let b = body_json(&r);
        assert_eq!(b["error"]["code"], "unavailable");
        assert!(b["error"]["message"].as_str().unwrap().len() > 10);
    }
    assert!(sink.mails().is_empty(), "no e-mail claims success");
}

#[tokio::test]
async fn smtp_down_keeps_the_request_and_resend_delivers_it() {
    let port = testkit::closed_port();
    let env = env_with(&format!("smtp://127.0.0.1:{port}")).await;
    let r = env
        .call(v2(
            "POST",
            "/requests",
            json_headers(),
            &submission("deletion", "ru", "later@example.kz").to_string(),
            now_ms(),
        ))
        .await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let b = body_json(&r);
    assert_eq!(b["acknowledgement"], "failed");
    assert!(b["message"].as_str().unwrap().contains("задержкой"));
    let items = env.requests().await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["ack_status"].as_s().unwrap(), "failed");
    assert_eq!(items[0]["ack_error"].as_s().unwrap(), "connection");

    // The SMTP server comes up; the scheduled resend event delivers both e-mails.
    let sink = SmtpSink::start_on(Some(port));
    let report = env.call(json!({"task": "resend_pending"})).await;
    assert_eq!(
        report["report"]["sent"], 2,
        "the acknowledgement and the notice: {report}"
    );
    assert_eq!(sink.mails_to("later@example.kz").len(), 1);
    assert_eq!(sink.mails_to(OPERATOR).len(), 1);
    let items = env.requests().await;
    assert_eq!(items[0]["ack_status"].as_s().unwrap(), "sent");
    assert_eq!(items[0]["notice_status"].as_s().unwrap(), "sent");
    assert!(!items[0].contains_key("ack_error"));
    // Nothing left to resend.
    let report = env.call(json!({"task": "resend_pending"})).await;
    assert_eq!(report["report"]["attempted"], 0);
}

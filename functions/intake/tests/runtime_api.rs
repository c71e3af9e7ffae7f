//! The compiled `intake` binary under a local implementation of the Lambda Runtime API:
//! the happy path end to end (DynamoDB on moto, SMTP on aiosmtpd), no personal data in its
//! logs, and init failures.

mod common;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::process::Stdio;
use std::sync::Arc;
use testkit::SmtpSink;
use tokio::io::AsyncReadExt;
use tokio::sync::{mpsc, Mutex};

struct Api {
    events: Mutex<Vec<Value>>,
    results: mpsc::UnboundedSender<(String, Value)>,
}

async fn next(State(api): State<Arc<Api>>) -> (HeaderMap, String) {
    let event = api.events.lock().await.pop();
    let Some(event) = event else {
        // No more work: hold the poll open, as Lambda does between invocations.
        std::future::pending::<()>().await;
        unreachable!()
    };
    let mut h = HeaderMap::new();
    h.insert(
        "lambda-runtime-aws-request-id",
        HeaderValue::from_static("inv-1"),
    );
    h.insert(
        "lambda-runtime-deadline-ms",
        HeaderValue::from_str(&(common::now_ms() + 30_000).to_string()).unwrap(),
    );
    h.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:intake"),
    );
    (h, event.to_string())
}

async fn respond(
    State(api): State<Arc<Api>>,
    Path((_id, kind)): Path<(String, String)>,
    body: String,
) -> StatusCode {
    let _ = api.results.send((
        kind,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    ));
    StatusCode::ACCEPTED
}

async fn runtime_api(events: Vec<Value>) -> (String, mpsc::UnboundedReceiver<(String, Value)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let api = Arc::new(Api {
        events: Mutex::new(events),
        results: tx,
    });
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route("/2018-06-01/runtime/invocation/{id}/{kind}", post(respond))
        .with_state(api);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr.to_string(), rx)
}

fn intake_command(runtime_api: &str, env: &[(&str, String)]) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_intake"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_LAMBDA_RUNTIME_API", runtime_api)
        .env("AWS_LAMBDA_FUNCTION_NAME", "intake")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

async fn function_env(sink: &SmtpSink) -> Vec<(&'static str, String)> {
    let endpoint = testkit::moto_endpoint();
    let client = testkit::dynamo_client(&endpoint).await;
    let table = testkit::unique("runtime");
    testkit::create_table(&client, &table).await;
    vec![
        ("REQUESTS_TABLE", table),
        ("SMTP_URL", sink.url()),
        ("MAIL_FROM", "Interpay <no-reply@interpay.test>".into()),
        ("OPERATOR_EMAIL", common::OPERATOR.into()),
        ("SITE_URL", "https://interpay.kz".into()),
        ("ALLOWED_ORIGINS", "https://interpay.kz".into()),
        ("AWS_ENDPOINT_URL_DYNAMODB", endpoint),
    ]
}

#[tokio::test]
async fn the_binary_serves_an_invocation_and_logs_no_personal_data() {
    let sink = SmtpSink::start();
    let mut env = function_env(&sink).await;
    // One submission an hour per source: the second (same source) is refused with 429.
    env.push(("SOURCE_REQUESTS_PER_HOUR", "1".into()));
    let name = "Zhuldyz Uniquename-7731";
    let email = "zhuldyz.secret-7731@example.kz";
    let phone = "+7 705 123 77 31";
    let details = "private-details-7731 please delete my chat";
    let body = json!({"type": "deletion", "locale": "kk", "name": name, "email": email, "phone": phone, "details": details, "confirm": true});
    let event = common::from_ip(
        common::v2(
            "POST",
            "/requests",
            common::json_headers(),
            &body.to_string(),
            common::epoch("2026-12-10T06:00:00Z"),
        ),
        "198.51.100.77",
    );
    let mut again = event.clone();
    again["body"] = json!(body
        .to_string()
        .replace("zhuldyz.secret", "zhuldyz.secret.again"));
    // The runtime hands events out from the end of the list.
    let (api, mut results) = runtime_api(vec![again, event]).await;
    let child = intake_command(&api, &env).spawn().unwrap();

    let (kind, response) = results.recv().await.unwrap();
    assert_eq!(kind, "response", "{response}");
    assert_eq!(response["statusCode"], 201, "{response}");
    let (_, limited) = results.recv().await.unwrap();
    assert_eq!(limited["statusCode"], 429, "{limited}");
    let b: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_eq!(b["deadline"], "2026-12-25");
    let id = b["id"].as_str().unwrap().to_string();
    assert_eq!(sink.mails_to(email).len(), 1);

    let logs = logs_of(child).await;
    let line = logs
        .lines()
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("no log line with the id: {logs}"));
    let parsed: Value = serde_json::from_str(line).unwrap();
    assert_eq!(parsed["fields"]["outcome"], "accepted", "{line}");
    assert_eq!(parsed["fields"]["type"], "deletion");
    assert!(parsed["fields"]["latency_ms"].is_u64());
    for secret in [
        name,
        "Uniquename",
        email,
        "zhuldyz.secret",
        phone,
        "123 77 31",
        details,
        "private-details",
        "198.51.100.77",
        "198.51.100",
    ] {
        assert!(
            !logs.contains(secret),
            "`{secret}` reached the logs:\n{logs}"
        );
    }
    assert!(logs.contains("\"outcome\":\"rate_limited\""), "{logs}");
}

#[tokio::test]
async fn init_fails_clearly_on_missing_or_invalid_configuration() {
    let sink = SmtpSink::start();
    let good = function_env(&sink).await;
    let (api, _results) = runtime_api(Vec::new()).await;
    for (name, value) in [
        ("REQUESTS_TABLE", None),
        ("SMTP_URL", None),
        ("SMTP_URL", Some("ftp://mail")),
        ("MAIL_FROM", Some("no address")),
        ("OPERATOR_EMAIL", None),
        ("SITE_URL", None),
        ("ALLOWED_ORIGINS", Some("interpay.kz")),
        ("REQUEST_RETENTION_DAYS", Some("forever")),
    ] {
        let mut env: Vec<(&str, String)> =
            good.iter().filter(|(k, _)| *k != name).cloned().collect();
        if let Some(v) = value {
            env.push((name, v.to_string()));
        }
        let out = intake_command(&api, &env).output().await.unwrap();
        assert!(!out.status.success(), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
}

#[tokio::test]
async fn the_smtp_url_can_come_from_an_ssm_secure_string() {
    let sink = SmtpSink::start();
    let mut env = function_env(&sink).await;
    let endpoint = testkit::moto_endpoint();
    testkit::set_aws_test_env();
    let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .load()
        .await;
    let name = format!("/interpay/{}/smtp-url", testkit::unique("t"));
    aws_sdk_ssm::Client::new(&shared)
        .put_parameter()
        .name(&name)
        .value(sink.url())
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .send()
        .await
        .unwrap();
    env.retain(|(k, _)| *k != "SMTP_URL");
    env.push(("SMTP_URL_PARAMETER", name.clone()));
    env.push(("AWS_ENDPOINT_URL_SSM", endpoint));
    let body = common::submission("deletion", "en", "ssm@example.kz").to_string();
    let event = common::v2(
        "POST",
        "/requests",
        common::json_headers(),
        &body,
        common::now_ms(),
    );
    let (api, mut results) = runtime_api(vec![event]).await;
    let mut child = intake_command(&api, &env).spawn().unwrap();
    let (_, response) = results.recv().await.unwrap();
    assert_eq!(response["statusCode"], 201, "{response}");
    assert_eq!(sink.mails_to("ssm@example.kz").len(), 1);
    child.kill().await.unwrap();

    // A parameter that does not exist stops init, naming the variable.
    env.retain(|(k, _)| *k != "SMTP_URL_PARAMETER");
    env.push(("SMTP_URL_PARAMETER", "/interpay/missing".into()));
    let out = intake_command(&api, &env).output().await.unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SMTP_URL_PARAMETER"));
}

async fn logs_of(mut child: tokio::process::Child) -> String {
    child.kill().await.unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .await
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .await
        .unwrap();
    format!("{out}{err}")
}

#[tokio::test]
async fn the_binary_serves_status_confirmation_meta_and_daily_and_the_operator_commands() {
    let sink = SmtpSink::start();
    let mut env = function_env(&sink).await;
    // The Meta app secret comes from an SSM SecureString, as in the deployment.
    let endpoint = testkit::moto_endpoint();
    testkit::set_aws_test_env();
    let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .load()
        .await;
    let parameter = format!("/interpay/{}/meta-app-secret", testkit::unique("t"));
    aws_sdk_ssm::Client::new(&shared)
        .put_parameter()
        .name(&parameter)
        .value("meta-secret-4417")
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .send()
        .await
        .unwrap();
    env.push(("META_APP_SECRET_PARAMETER", parameter));
    env.push(("AWS_ENDPOINT_URL_SSM", endpoint));

    let name = "Meruyert Rarename-5521";
    let email = "meruyert.hidden-5521@example.kz";
    let meta_user = "meta-user-55123";
    let submit = common::v2(
        "POST",
        "/requests",
        common::json_headers(),
        &json!({"type": "deletion", "locale": "en", "name": name, "email": email, "confirm": true})
            .to_string(),
        common::now_ms(),
    );
    let signed = intake::meta::sign(
        &json!({"user_id": meta_user, "algorithm": "HMAC-SHA256", "issued_at": jiff::Timestamp::now().as_second()})
            .to_string(),
        &intake::meta::AppSecret::new("meta-secret-4417"),
    );
    // The runtime hands events out from the end of the list.
    let (api, mut results) = runtime_api(vec![
        json!({"task": "daily"}),
        common::meta_post(&signed),
        submit,
    ])
    .await;
    let child = intake_command(&api, &env).spawn().unwrap();
    let (_, submitted) = results.recv().await.unwrap();
    assert_eq!(submitted["statusCode"], 201, "{submitted}");
    let id = common::body_json(&submitted)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, meta) = results.recv().await.unwrap();
    assert_eq!(meta["statusCode"], 200, "{meta}");
    let code = common::body_json(&meta)["confirmation_code"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, daily) = results.recv().await.unwrap();
    assert_eq!(daily["report"]["failed"], 0, "{daily}");
    assert_eq!(daily["report"]["digest"], "none", "nothing is due yet");
    let mut logs = logs_of(child).await;

    // The confirmation link of the e-mail, and the status page, through the binary.
    let confirm = common::link_with(&sink.mails_to(email)[0].text, "/confirm?token=").unwrap();
    let token = confirm.rsplit('=').next().unwrap().to_string();
    let (api, mut results) = runtime_api(vec![
        // Popped from the end: the page, its button's POST, then the status.
        common::get(&format!("/requests/{id}"), false, None),
        common::confirm_post(&id, &token, true, Some(common::SITE)),
        common::get(&common::path_of(&confirm), true, None),
    ])
    .await;
    let child = intake_command(&api, &env).spawn().unwrap();
    let (_, page) = results.recv().await.unwrap();
    assert_eq!(page["statusCode"], 200, "{page}");
    assert!(page["body"]
        .as_str()
        .unwrap()
        .contains("data-outcome=\"pending\""));
    let (_, confirmed) = results.recv().await.unwrap();
    assert_eq!(confirmed["statusCode"], 200, "{confirmed}");
    assert!(confirmed["body"]
        .as_str()
        .unwrap()
        .contains("data-outcome=\"confirmed\""));
    let (_, status) = results.recv().await.unwrap();
    assert_eq!(common::body_json(&status)["confirmed"], true, "{status}");
    logs.push_str(&logs_of(child).await);

    // The operator's commands, with the function's own configuration.
    let out = intake_command(&api, &env)
        .args(["list", "--json"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    ids.sort();
    let mut want = vec![id.as_str(), code.as_str()];
    want.sort();
    assert_eq!(ids, want);
    let out = intake_command(&api, &env)
        .args(["show", &id])
        .output()
        .await
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains(email) && shown.contains("confirmed"),
        "{shown}"
    );
    let out = intake_command(&api, &env)
        .args(["mark", &id, "completed"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sink.mails_to(email).len(), 2, "acknowledgement and outcome");
    let out = intake_command(&api, &env)
        .args(["mark", &id, "in_progress"])
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing changed"));
    let out = intake_command(&api, &env)
        .args(["mark", &id, "archived"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "usage error");

    for secret in [
        name,
        "Rarename",
        email,
        "meruyert.hidden",
        meta_user,
        &token,
    ] {
        assert!(
            !logs.contains(secret),
            "`{secret}` reached the logs:\n{logs}"
        );
    }
    assert!(logs.contains(&id) && logs.contains(&code), "{logs}");
    assert!(logs.contains("\"outcome\":\"daily\""), "{logs}");
}

#[tokio::test]
async fn the_operator_commands_work_on_the_local_store_of_serve() {
    let dir = tempfile::tempdir().unwrap();
    let origins = ["https://interpay.kz".to_string()].into_iter().collect();
    let app = intake::App::local(dir.path(), "http://127.0.0.1:8080", origins)
        .await
        .unwrap();
    let event = common::v2(
        "POST",
        "/requests",
        common::json_headers(),
        &common::submission("deletion", "ru", "local@example.kz").to_string(),
        common::now_ms(),
    );
    let r = intake::lambda::on_event(&app, event).await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let id = common::body_json(&r)["id"].as_str().unwrap().to_string();
    drop(app);
    let intake = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_intake"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = intake(&["list"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&id) && text.contains("1 open request"),
        "{text}"
    );
    let out = intake(&["mark", &id, "refused", "--reason", "identity_not_verified"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outbox: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert_eq!(outbox.len(), 3, "acknowledgement, notice, refusal");
    let out = intake(&["list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 open request"));
}

#[tokio::test]
async fn a_binary_killed_while_it_sends_leaves_the_request_to_the_resend_which_sends_once() {
    // The server holds the acknowledgement's DATA phase open; the binary is killed meanwhile.
    let held = SmtpSink::start_holding();
    let env = function_env(&held).await;
    let table = env
        .iter()
        .find(|(k, _)| *k == "REQUESTS_TABLE")
        .map(|(_, v)| v.clone())
        .unwrap();
    let email = "killed@example.kz";
    let event = common::v2(
        "POST",
        "/requests",
        common::json_headers(),
        &common::submission("deletion", "en", email).to_string(),
        common::now_ms(),
    );
    let (api, _results) = runtime_api(vec![event]).await;
    let mut child = intake_command(&api, &env).spawn().unwrap();
    while !held.is_holding() {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().await.unwrap();
    assert!(held.mails().is_empty(), "the killed send never completed");

    // The request is stored, its acknowledgement owed, its lease held by the dead process.
    let client = testkit::dynamo_client(&testkit::moto_endpoint()).await;
    let items = testkit::scan_prefix(&client, &table, "req#").await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["ack_status"].as_s().unwrap(), "pending");
    let id = items[0]["id"].as_s().unwrap().clone();

    // The next resend, by a live process with a working server.
    let sink = SmtpSink::start();
    let store = intake::store::Store::dynamo(
        intake::store::dynamo::DynamoStore::new(client.clone(), table.clone()),
        intake::limits::DEFAULT_STORE_TIMEOUT,
    );
    let app = intake::App::new(
        common::settings(),
        store,
        intake::mail::Mailer::smtp(&sink.url()).unwrap(),
    )
    .await
    .unwrap();
    let early = intake::resend::resend_pending(&app).await.unwrap();
    assert_eq!((early.in_flight, early.attempted), (1, 0), "{early:?}");
    // The dead process's lease runs out (moved into the past: the clock cannot be).
    client
        .update_item()
        .table_name(&table)
        .key(
            "pk",
            aws_sdk_dynamodb::types::AttributeValue::S(format!("req#{id}")),
        )
        .update_expression("SET mail_lease_until = :past")
        .expression_attribute_values(
            ":past",
            aws_sdk_dynamodb::types::AttributeValue::N("1".into()),
        )
        .send()
        .await
        .unwrap();
    let report = intake::resend::resend_pending(&app).await.unwrap();
    assert_eq!((report.attempted, report.sent), (2, 2), "{report:?}");
    let again = intake::resend::resend_pending(&app).await.unwrap();
    assert_eq!(again.attempted, 0, "{again:?}");
    assert_eq!(sink.mails_to(email).len(), 1, "exactly one acknowledgement");
    assert_eq!(
        sink.mails_to(common::OPERATOR).len(),
        1,
        "exactly one notice"
    );
    let _ = client.delete_table().table_name(&table).send().await;
}

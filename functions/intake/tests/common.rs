//! Shared set-up: an app against moto's DynamoDB and a real SMTP server, and Lambda events.
#![allow(dead_code)]

use intake::app::{App, Settings};
use intake::mail::Mailer;
use intake::store::dynamo::DynamoStore;
use intake::store::Store;
use serde_json::{json, Value};
use testkit::SmtpSink;

pub const OPERATOR: &str = "operator@interpay.test";
pub const SITE: &str = "https://interpay.kz";

pub fn settings() -> Settings {
    Settings {
        site_url: SITE.into(),
        allowed_origins: ["https://interpay.kz".to_string()].into_iter().collect(),
        retention_days: 1826,
        mail_from: "Interpay <no-reply@interpay.test>".parse().unwrap(),
        operator_email: OPERATOR.parse().unwrap(),
        origin_verify: None,
        limits: intake::limits::Limits::default(),
    }
}

pub struct Env {
    pub app: App,
    pub table: String,
    pub client: aws_sdk_dynamodb::Client,
}

/// A fresh table in moto, and an app whose mail goes to `smtp_url`.
pub async fn env_with(smtp_url: &str) -> Env {
    env_at(&testkit::moto_endpoint(), smtp_url, settings()).await
}

/// A fresh table in the moto at `endpoint`, and an app with `settings`.
pub async fn env_at(endpoint: &str, smtp_url: &str, settings: Settings) -> Env {
    let client = testkit::dynamo_client(endpoint).await;
    let table = testkit::unique("requests");
    testkit::create_table(&client, &table).await;
    let store = Store::dynamo(
        DynamoStore::new(client.clone(), table.clone()),
        settings.limits.store_timeout,
    );
    let app = App::new(settings, store, Mailer::smtp(smtp_url).unwrap())
        .await
        .unwrap();
    Env { app, table, client }
}

pub async fn env(sink: &SmtpSink) -> Env {
    env_with(&sink.url()).await
}

impl Drop for Env {
    /// Deletes the test's table: moto copies every table on each transaction, so tables left
    /// behind slow down every later test on the shared server.
    fn drop(&mut self) {
        let client = self.client.clone();
        let table = self.table.clone();
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                let _ = rt.block_on(client.delete_table().table_name(table).send());
            }
        })
        .join();
    }
}

impl Env {
    pub async fn requests(
        &self,
    ) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
        testkit::scan_prefix(&self.client, &self.table, "req#").await
    }

    pub async fn call(&self, event: Value) -> Value {
        intake::lambda::on_event(&self.app, event).await
    }
}

/// A Function URL / HTTP API (payload 2.0) event.
pub fn v2(method: &str, path: &str, headers: Value, body: &str, time_epoch_ms: i64) -> Value {
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "api.example",
            "domainPrefix": "api",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9", "userAgent": "test"},
            "requestId": "req",
            "routeKey": "$default",
            "stage": "$default",
            "time": "01/Nov/2026:20:30:00 +0000",
            "timeEpoch": time_epoch_ms
        },
        "body": body,
        "isBase64Encoded": false
    })
}

/// A REST API (payload 1.0) event.
pub fn v1(method: &str, path: &str, headers: Value, body: &str, time_epoch_ms: i64) -> Value {
    json!({
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {},
        "queryStringParameters": null,
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "r",
            "stage": "prod",
            "requestId": "req",
            "requestTimeEpoch": time_epoch_ms,
            "identity": {"sourceIp": "203.0.113.9"},
            "resourcePath": path,
            "httpMethod": method,
            "apiId": "api",
            "path": path
        },
        "body": body,
        "isBase64Encoded": false
    })
}

pub fn json_headers() -> Value {
    json!({"content-type": "application/json", "accept": "application/json", "origin": "https://interpay.kz"})
}

pub fn form_headers() -> Value {
    json!({"content-type": "application/x-www-form-urlencoded", "accept": "text/html,application/xhtml+xml", "origin": "https://interpay.kz"})
}

pub fn body_json(response: &Value) -> Value {
    serde_json::from_str(response["body"].as_str().unwrap_or("null")).unwrap_or(Value::Null)
}

/// Epoch milliseconds of an RFC 3339 time.
pub fn epoch(ts: &str) -> i64 {
    ts.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

pub fn submission(kind: &str, locale: &str, email: &str) -> Value {
    json!({"type": kind, "locale": locale, "name": "Айгерим Тестова", "email": email, "confirm": true})
}

/// A `GET` of `path_and_query` (payload 2.0), as a browser (`html`) or a JSON client.
pub fn get(path_and_query: &str, html: bool, accept_language: Option<&str>) -> Value {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut headers = json!({
        "accept": if html { "text/html,application/xhtml+xml" } else { "application/json" },
    });
    if let Some(l) = accept_language {
        headers["accept-language"] = json!(l);
    }
    let mut event = v2("GET", path, headers, "", now_ms());
    event["rawQueryString"] = json!(query);
    event["body"] = Value::Null;
    event
}

/// Meta's callback: a form POST of `signed_request` (no Origin: Meta's servers send none).
pub fn meta_post(signed_request: &str) -> Value {
    let body = format!(
        "signed_request={}",
        url::form_urlencoded::byte_serialize(signed_request.as_bytes()).collect::<String>()
    );
    v2(
        "POST",
        "/meta/data-deletion",
        json!({"content-type": "application/x-www-form-urlencoded"}),
        &body,
        now_ms(),
    )
}

/// Submits a deletion request in `locale` for `email`, received at `received` (RFC 3339);
/// returns the request id.
pub async fn submit(env: &Env, kind: &str, locale: &str, email: &str, received: &str) -> String {
    let r = env
        .call(v2(
            "POST",
            "/requests",
            json_headers(),
            &submission(kind, locale, email).to_string(),
            epoch(received),
        ))
        .await;
    assert_eq!(r["statusCode"], 201, "{r}");
    let b = body_json(&r);
    let id = b["id"].as_str().unwrap().to_string();
    assert_eq!(
        b["status_url"],
        format!("{SITE}/requests/{id}?lang={locale}")
    );
    id
}

/// HTML text with tera's entities decoded (it escapes `/` as `&#x2F;` too).
pub fn unescape_html(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The first `<scheme>://…` URL in `text` (HTML entities decoded) that contains `needle`.
pub fn link_with(text: &str, needle: &str) -> Option<String> {
    unescape_html(text)
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .find(|w| w.starts_with("http") && w.contains(needle))
        .map(str::to_string)
}

/// The path and query of an absolute URL.
pub fn path_of(url: &str) -> String {
    let u = url::Url::parse(url).unwrap();
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    }
}

/// `event` as sent from `ip` (payload 2.0: `requestContext.http.sourceIp`; REST 1.0:
/// `requestContext.identity.sourceIp`).
pub fn from_ip(mut event: Value, ip: &str) -> Value {
    if event["version"] == "2.0" {
        event["requestContext"]["http"]["sourceIp"] = json!(ip);
    } else {
        event["requestContext"]["identity"]["sourceIp"] = json!(ip);
    }
    event
}

/// A JSON submission of `body` from `ip`, received now.
pub fn post_from(ip: &str, body: &Value) -> Value {
    from_ip(
        v2(
            "POST",
            "/requests",
            json_headers(),
            &body.to_string(),
            now_ms(),
        ),
        ip,
    )
}

/// The keys of a JSON object, sorted.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    k.sort();
    k
}

/// The confirmation button's `POST /requests/{id}/confirm` (form field `token`), as a
/// browser posts it from the page (`html`, with `origin`) or a client without `Origin`.
pub fn confirm_post(id: &str, token: &str, html: bool, origin: Option<&str>) -> Value {
    let mut headers = json!({
        "content-type": "application/x-www-form-urlencoded",
        "accept": if html { "text/html,application/xhtml+xml" } else { "application/json" },
    });
    if let Some(o) = origin {
        headers["origin"] = json!(o);
    }
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .finish();
    v2(
        "POST",
        &format!("/requests/{id}/confirm"),
        headers,
        &body,
        now_ms(),
    )
}

/// The token of a confirmation link.
pub fn token_of(link: &str) -> String {
    url::Url::parse(link)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

/// The number a request's letters and pages show (its short reference, issue 15).
pub async fn number(env: &Env, id: &str) -> String {
    env.app
        .store
        .get(id)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no request {id}"))
        .number()
}

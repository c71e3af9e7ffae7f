//! The attacks of issue 14 that go through `serve` itself: a protocol-relative redirect, an
//! oversized body, a body that never arrives, a non-ASCII Origin, and the per-source limit
//! on the local store (the peer's address standing for the event's source).

mod support;

use policy::Locale;
use serde_json::Value;
use std::io::{Read, Write};

fn text(locale: Locale, key: &str) -> String {
    intake::i18n::catalog().unwrap().text(locale, key).unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The `created` events of serve's journal.
fn stored(serve: &support::Serve) -> usize {
    std::fs::read_to_string(serve.data_dir().join("store/requests.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("\"event\":\"created\""))
        .count()
}

#[tokio::test]
async fn serve_never_redirects_to_another_host() {
    let serve = support::Serve::start(&[]);
    let http = client();
    for path in [
        "//privacy",
        "///privacy",
        "//en/privacy",
        "//evil.example",
        "//evil.example/",
    ] {
        // reqwest would normalise the path: send it as it is.
        let r = raw_request(
            &serve.origin,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        );
        let head = r.split("\r\n\r\n").next().unwrap_or("").to_lowercase();
        let location = head
            .lines()
            .find_map(|l| l.strip_prefix("location:"))
            .map(str::trim)
            .unwrap_or("");
        assert!(!location.starts_with("//"), "{path}: {head}");
        if path == "//privacy" {
            assert!(head.starts_with("http/1.1 301"), "{head}");
            assert_eq!(location, "/privacy/");
        }
    }
    // The ordinary redirect is unchanged.
    let r = http
        .get(format!("{}/privacy", serve.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/privacy/");
}

#[tokio::test]
async fn oversized_bodies_get_the_functions_own_answers() {
    let serve = support::Serve::start(&[]);
    let http = client();
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(64 * 1024));
    let r = http
        .post(format!("{}/requests", serve.origin))
        .header("origin", &serve.origin)
        .header("accept", "application/json")
        .header("accept-language", "kk")
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["error"]["code"], "payload_too_large");
    assert_eq!(b["error"]["message"], text(Locale::Kk, "error-too-large"));
    // A browser without JavaScript gets the function's page.
    let r = http
        .post(format!("{}/requests", serve.origin))
        .header("origin", &serve.origin)
        .header("accept", "text/html")
        .header("accept-language", "en")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("details={}", "x".repeat(64 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.headers().contains_key("content-security-policy"));
    assert!(r
        .text()
        .await
        .unwrap()
        .contains(&text(Locale::En, "error-too-large")));
    // Meta's callback: its own 400.
    let r = http
        .post(format!("{}/meta/data-deletion", serve.origin))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("signed_request={}", "a".repeat(64 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["error"]["code"], "invalid_signed_request");
    assert_eq!(stored(&serve), 0);
}

/// Sends `request` as it is on a new connection and reads the answer until the server
/// closes it. The read timeout only keeps a broken server from hanging the test.
fn raw_request(origin: &str, request: &str) -> String {
    let addr = origin.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                // One answer is enough: stop at the end of a Content-Length body.
                let text = String::from_utf8_lossy(&out).to_string();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len = head
                        .lines()
                        .find_map(|l| {
                            l.to_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().to_string())
                        })
                        .and_then(|v| v.parse::<usize>().ok());
                    if len.is_some_and(|n| body.len() >= n) {
                        break;
                    }
                }
            }
            Err(e) => panic!(
                "no answer from serve ({e}); so far: {}",
                String::from_utf8_lossy(&out)
            ),
        }
    }
    String::from_utf8_lossy(&out).to_string()
}

#[tokio::test]
async fn a_body_that_never_arrives_is_timed_out() {
    let serve = support::Serve::start(&[("SERVE_BODY_TIMEOUT_MS", "300".into())]);
    let host = serve.origin.trim_start_matches("http://").to_string();
    // Headers announce 1,000 bytes; ten arrive, then nothing (the connection stays open).
    let request = format!(
        "POST /requests HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nAccept: application/json\r\nAccept-Language: en\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"type\":\"d",
        serve.origin
    );
    let answer = tokio::task::spawn_blocking({
        let origin = serve.origin.clone();
        move || raw_request(&origin, &request)
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains(&text(Locale::En, "error-body-timeout")),
        "{answer}"
    );
    assert_eq!(stored(&serve), 0);
}

#[tokio::test]
async fn a_non_ascii_origin_is_refused_and_never_echoed() {
    let serve = support::Serve::start(&[]);
    let http = client();
    let own = serve.origin.clone();
    for origin in [
        format!("{own}\u{e9}").into_bytes(),
        format!("{own}/").into_bytes(),
        b"http://\xd0\xb8\xd0\xbd\xd1\x82\xd0\xb5\xd1\x80.kz".to_vec(),
    ] {
        let value = reqwest::header::HeaderValue::from_bytes(&origin).unwrap();
        let r = http
            .post(format!("{own}/requests"))
            .header("origin", value)
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .body(r#"{"type":"deletion","name":"A","email":"origin@example.kz","confirm":true}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{:?}", String::from_utf8_lossy(&origin));
        assert!(r.headers().get("access-control-allow-origin").is_none());
    }
    assert_eq!(stored(&serve), 0);
}

#[tokio::test]
async fn the_source_limit_and_the_duplicate_answer_hold_through_serve() {
    let serve = support::Serve::start(&[("SOURCE_REQUESTS_PER_HOUR", "3".into())]);
    let http = client();
    let post = |email: String, locale: &'static str| {
        http.post(format!("{}/requests", serve.origin))
            .header("origin", &serve.origin)
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"type":"deletion","locale":"{locale}","name":"A","email":"{email}","confirm":true}}"#
            ))
            .send()
    };
    let r = post("first@example.kz".into(), "ru").await.unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The same address again: received, and nothing about the first request.
    let r = post("First@example.kz".into(), "en").await.unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(!body.contains(&id), "{body}");
    let b: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(b["message"], text(Locale::En, "accepted-duplicate"));
    assert!(b.get("status_url").is_none());
    assert_eq!(
        post("third@example.kz".into(), "kk")
            .await
            .unwrap()
            .status(),
        201
    );
    // The peer has used its three submissions of the hour.
    let r = post("fourth@example.kz".into(), "kk").await.unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let b: Value = r.json().await.unwrap();
    assert_eq!(
        b["error"]["message"],
        text(Locale::Kk, "error-rate-limited")
    );
    assert_eq!(stored(&serve), 2);
    let journal = std::fs::read_to_string(serve.data_dir().join("store/requests.jsonl")).unwrap();
    assert!(
        !journal.contains("127.0.0.1"),
        "the peer's address is not kept"
    );
}

//! `serve` on its embedded default: production URL behaviour, the same handler, the outbox.

mod support;

#[tokio::test]
async fn serves_the_site_and_takes_requests_without_aws() {
    let serve = support::Serve::start(&[]);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = |path: &str| http.get(format!("{}{path}", serve.origin)).send();
    let r = get("/privacy").await.unwrap();
    assert_eq!(r.status(), 301);
    assert_eq!(r.headers()["location"], "/privacy/");
    let r = get("/privacy/").await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(r.text().await.unwrap().contains("<html lang=\"ru\">"));
    let r = get("/").await.unwrap();
    assert_eq!(r.status(), 200);
    let r = get("/kk/nope/").await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("<html lang=\"kk\">"));
    let r = http
        .get(format!("{}/en/privacy/", serve.origin))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let r = get("/../Cargo.toml").await.unwrap();
    assert_eq!(r.status(), 404);

    // A plain form post from the page's own origin: redirect to the request's status page,
    // received, on the local origin.
    let r = http
        .post(format!("{}/requests", serve.origin))
        .header("origin", &serve.origin)
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("type=deletion&locale=en&name=A+B&email=local%40example.kz&confirm=on")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with(&format!("{}/requests/ip-", serve.origin))
            && location.ends_with("?lang=en&received=sent"),
        "{location}"
    );
    // Another origin is refused.
    let r = http
        .post(format!("{}/requests", serve.origin))
        .header("origin", "https://evil.example")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

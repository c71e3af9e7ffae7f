//! The editor's preview: an edit is rebuilt and open pages reload; a broken edit shows the
//! errors with file and line instead of every page until it is fixed; a broken project still
//! starts; the function's e-mails state the content on disk.

mod support;

use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target)
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

fn scratch() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scratch = tempfile::tempdir().unwrap();
    for sub in ["content", "locales", "site/templates", "site/assets"] {
        copy_dir(&root.join(sub), &scratch.path().join(sub));
    }
    scratch
}

/// Waits (bounded) until the page answers `status` with `needle` in its body.
async fn wait_for(http: &reqwest::Client, url: &str, status: u16, needle: &str) -> String {
    // Bounded polling on a condition (the watcher reacts to the file system, not a clock).
    let mut last = String::new();
    for _ in 0..300 {
        let r = http.get(url).send().await.unwrap();
        let code = r.status().as_u16();
        last = r.text().await.unwrap();
        if code == status && last.contains(needle) {
            return last;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{url} never answered {status} with `{needle}`; last body:\n{last}");
}

/// The build generation a served page was made from (`/__serve/live.js?g=N`).
fn generation(html: &str) -> u64 {
    let at = html.find("/__serve/live.js?g=").expect("the live script") + 19;
    html[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn edits_reload_and_a_broken_edit_shows_its_errors_until_fixed() {
    let scratch = scratch();
    let serve = support::Serve::start_at(scratch.path(), &[]);
    let http = reqwest::Client::new();
    let url = format!("{}/en/privacy/", serve.origin);
    let page = wait_for(&http, &url, 200, "support@interpay.kz").await;
    let g = generation(&page);
    // The script is serve's, never the built site's.
    let on_disk =
        std::fs::read_to_string(serve.data_dir().join("site/en/privacy/index.html")).unwrap();
    assert!(
        !on_disk.contains("__serve"),
        "the built site has no live script"
    );

    // A fact changes: the open page's wait answers with the next generation, and every page
    // shows the new value.
    let waiter = {
        let http = http.clone();
        let wait = format!("{}/__serve/wait?g={g}", serve.origin);
        tokio::spawn(async move { http.get(wait).send().await.unwrap().text().await.unwrap() })
    };
    let facts = scratch.path().join("content/facts.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    std::fs::write(
        &facts,
        text.replace("support@interpay.kz", "privacy@interpay.kz"),
    )
    .unwrap();
    let answer = waiter.await.unwrap();
    assert!(
        !answer.contains(&format!("\"generation\":{g}}}")),
        "{answer}"
    );
    wait_for(&http, &url, 200, "privacy@interpay.kz").await;
    wait_for(
        &http,
        &format!("{}/kk/cookies/", serve.origin),
        200,
        "privacy@interpay.kz",
    )
    .await;

    // The function's e-mails state the edited fact too.
    let r = http
        .post(format!("{}/requests", serve.origin))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .header("origin", &serve.origin)
        .body(
            serde_json::json!({"type": "deletion", "locale": "en", "name": "Editor Test",
                "email": "editor@example.kz", "confirm": true})
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let outbox = serve.data_dir().join("outbox");
    let mails: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(!mails.is_empty());
    assert!(
        mails.iter().any(|m| m.contains("privacy@interpay.kz")),
        "the acknowledgement states the fact on disk"
    );

    // A broken Fluent file: every page is the error page, naming file and line.
    let ftl = scratch.path().join("locales/en/site.ftl");
    let good = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, format!("{good}\nbroken = {{ $oops\n")).unwrap();
    let error_page = wait_for(&http, &url, 500, "locales/en/site.ftl:").await;
    assert!(
        error_page.contains("The site did not build"),
        "{error_page}"
    );
    assert!(
        error_page.contains("/__serve/live.js?g="),
        "the error page reloads too"
    );
    wait_for(
        &http,
        &format!("{}/kk/privacy/", serve.origin),
        500,
        "locales/en/site.ftl:",
    )
    .await;
    // The last good site stays on disk.
    let on_disk =
        std::fs::read_to_string(serve.data_dir().join("site/en/privacy/index.html")).unwrap();
    assert!(on_disk.contains("privacy@interpay.kz"));

    // Fixed: pages are back, with a change made while it was broken.
    let body = scratch.path().join("content/en/cookies.md");
    let text = std::fs::read_to_string(&body).unwrap();
    std::fs::write(&body, format!("{text}\nMarker-while-broken.\n")).unwrap();
    std::fs::write(&ftl, good).unwrap();
    wait_for(
        &http,
        &format!("{}/en/cookies/", serve.origin),
        200,
        "Marker-while-broken.",
    )
    .await;
}

#[tokio::test]
async fn a_broken_project_starts_and_shows_its_errors_until_it_builds() {
    let scratch = scratch();
    let page = scratch.path().join("content/ru/cookies.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{good}\n{{{{ facts.operator.fax }}}}\n")).unwrap();
    let serve = support::Serve::start_at(scratch.path(), &[]);
    let http = reqwest::Client::new();
    let error_page = wait_for(
        &http,
        &format!("{}/ru/privacy/", serve.origin),
        500,
        "cookies.md:",
    )
    .await;
    assert!(error_page.contains("facts.operator.fax"), "{error_page}");
    std::fs::write(&page, good).unwrap();
    wait_for(
        &http,
        &format!("{}/ru/privacy/", serve.origin),
        200,
        "support@interpay.kz",
    )
    .await;
}

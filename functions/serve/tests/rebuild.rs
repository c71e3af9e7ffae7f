//! An editor's change is served on reload; a broken change keeps the last good site.

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

async fn wait_for(http: &reqwest::Client, url: &str, needle: &str) -> bool {
    // Bounded polling on a condition (the watcher reacts to the file system, not a clock).
    for _ in 0..200 {
        let body = http.get(url).send().await.unwrap().text().await.unwrap();
        if body.contains(needle) {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn edits_are_rebuilt_and_a_broken_edit_keeps_the_last_good_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scratch = tempfile::tempdir().unwrap();
    for sub in ["content", "locales", "site/templates", "site/assets"] {
        copy_dir(&root.join(sub), &scratch.path().join(sub));
    }
    let serve = support::Serve::start_at(scratch.path(), &[]);
    let http = reqwest::Client::new();
    let url = format!("{}/en/privacy/", serve.origin);
    assert!(wait_for(&http, &url, "support@interpay.kz").await);

    // A fact changes: every page shows the new value after the rebuild.
    let facts = scratch.path().join("content/facts.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    std::fs::write(
        &facts,
        text.replace("support@interpay.kz", "privacy@interpay.kz"),
    )
    .unwrap();
    assert!(
        wait_for(&http, &url, "privacy@interpay.kz").await,
        "the change was not rebuilt"
    );
    assert!(
        wait_for(
            &http,
            &format!("{}/kk/cookies/", serve.origin),
            "privacy@interpay.kz"
        )
        .await
    );

    // A broken Fluent file: the build fails, the last good site is still served.
    let ftl = scratch.path().join("locales/en/site.ftl");
    let good = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, format!("{good}\nbroken = {{ $oops\n")).unwrap();
    // Then a valid change elsewhere that must NOT appear while the Fluent file is broken.
    let body = scratch.path().join("content/en/cookies.md");
    let text = std::fs::read_to_string(&body).unwrap();
    std::fs::write(&body, format!("{text}\nMarker-while-broken.\n")).unwrap();
    // Fix the Fluent file: the next rebuild includes the marker, proving builds resumed,
    // and until then the page kept answering 200 with the last good content.
    let page = http
        .get(format!("{}/en/cookies/", serve.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    std::fs::write(&ftl, good).unwrap();
    assert!(
        wait_for(
            &http,
            &format!("{}/en/cookies/", serve.origin),
            "Marker-while-broken."
        )
        .await
    );
}

//! The function's pages as a visitor without JavaScript meets them: the invalid form comes
//! back filled in, with each error at its field and in the summary; every page wears the
//! site's layout (header, language switcher, skip link, navigation, footer, the site's own
//! stylesheet and icon) in the page's language.

mod common;

use common::{env, form_headers, get, link_with, now_ms, path_of, submit, unescape_html, v2, SITE};
use serde_json::json;
use testkit::SmtpSink;

fn form_post(body: &str) -> serde_json::Value {
    v2("POST", "/requests", form_headers(), body, now_ms())
}

/// The shell's parts every function page must show, in `lang`.
fn assert_site_layout(html: &str, lang: &str, what: &str) {
    let html = unescape_html(html);
    for part in [
        format!(r#"<html lang="{lang}">"#),
        r##"<a class="skip-link" href="#content">"##.to_string(),
        r#"<header class="site-header">"#.to_string(),
        format!(r#"<a class="brand" href="{SITE}/{lang}/privacy/">"#),
        format!(r#"<li><a href="{SITE}/{lang}/rights/">"#),
        r#"<footer class="site-footer">"#.to_string(),
        "support@interpay.kz".to_string(),
        format!(r#"<link rel="stylesheet" href="{SITE}/assets/site."#),
        format!(r#"<link rel="icon" href="{SITE}/assets/favicon."#),
        r#"<main id="content" class="wrap" tabindex="-1">"#.to_string(),
    ] {
        assert!(html.contains(&part), "{what}: {part} in {html}");
    }
    assert!(!html.contains("<script"), "{what}: no script");
    assert!(
        !html.contains("<style"),
        "{what}: the site's stylesheet, no inline styles"
    );
    // The language switcher: all three, the page's own marked.
    for l in ["kk", "ru", "en"] {
        assert!(
            html.contains(&format!(r#"hreflang="{l}" lang="{l}""#)),
            "{what}: {l}"
        );
    }
    assert!(
        html.contains(&format!(
            r#"hreflang="{lang}" lang="{lang}" aria-current="true""#
        )),
        "{what}: {lang} is current"
    );
}

/// The language switcher's link to `lang`.
fn switch_href(html: &str, lang: &str) -> String {
    let html = unescape_html(html);
    let marker = format!(r#"" hreflang="{lang}" lang="{lang}""#);
    let end = html.find(&marker).expect("a language link");
    let start = html[..end].rfind("href=\"").expect("its href") + 6;
    html[start..end].replace("&amp;", "&")
}

#[tokio::test]
async fn an_invalid_form_without_javascript_comes_back_filled_in_with_each_error_at_its_field() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    for (lang, summary) in [
        ("kk", "Нысан деректерін тексеріңіз."),
        ("ru", "Проверьте данные формы."),
        ("en", "Please check the form."),
    ] {
        let body = format!(
            "locale={lang}&page=rights&type=rectification&name=%3Cb%3EAiya%3C%2Fb%3E&email=not-an-address&phone=%2B7+701+000+00+00&website=bot-value&confirm=on"
        );
        let r = env.call(form_post(&body)).await;
        assert_eq!(r["statusCode"], 422, "{lang}: {r}");
        let html = r["body"].as_str().unwrap_or("");
        assert_site_layout(html, lang, "form page");
        // The values kept, escaped; the honeypot's never.
        for kept in [
            r#"name="name" value="&lt;b&gt;Aiya&lt;&#x2F;b&gt;""#,
            r#"name="email" value="not-an-address" aria-invalid="true""#,
            r#"name="phone" value="+7 701 000 00 00""#,
            r#"value="rectification" checked"#,
            r#"value="on" required checked"#,
            r#"name="page" value="rights""#,
        ] {
            assert!(html.contains(kept), "{lang}: {kept} in {html}");
        }
        assert!(
            !html.contains("bot-value"),
            "{lang}: the honeypot is not kept"
        );
        // The rights page's four types, not the data-deletion page's two.
        for t in [
            "information",
            "rectification",
            "deletion",
            "consent_withdrawal",
        ] {
            assert!(html.contains(&format!(r#"value="{t}""#)), "{lang}: {t}");
        }
        // Each error next to its field, and all of them in the focusable summary with links.
        let email_error = html
            .split(r#"<p class="field-error" id="f-email-error">"#)
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .unwrap_or("");
        assert!(
            !email_error.is_empty(),
            "{lang}: the e-mail's error at the field"
        );
        let details_error = html
            .split(r#"<p class="field-error" id="f-details-error">"#)
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .unwrap_or("");
        assert!(
            !details_error.is_empty(),
            "{lang}: a rectification needs details, said at the field"
        );
        let summary_html = html
            .split(r#"id="form-errors" role="alert" tabindex="-1" data-server-errors autofocus>"#)
            .nth(1)
            .and_then(|rest| rest.split("</div>").next())
            .unwrap_or("");
        assert!(summary_html.contains(summary), "{lang}: {summary_html}");
        assert!(
            summary_html.contains(r##"<a href="#f-email">"##)
                && summary_html.contains(email_error)
                && summary_html.contains(r##"<a href="#f-details">"##),
            "{lang}: {summary_html}"
        );
        assert!(
            !summary_html.contains("f-name"),
            "{lang}: only the fields in error"
        );
        // The language switcher leads to the site's rights page, not to a dead POST URL.
        assert_eq!(switch_href(html, "en"), format!("{SITE}/en/rights/"));
    }
    assert!(env.requests().await.is_empty(), "nothing stored");
    assert!(sink.mails().is_empty(), "nothing sent");
}

#[tokio::test]
async fn the_data_deletion_form_comes_back_with_its_own_two_types() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let r = env
        .call(form_post(
            "locale=ru&page=data-deletion&type=deletion&name=&email=a%40example.kz",
        ))
        .await;
    assert_eq!(r["statusCode"], 422, "{r}");
    let html = r["body"].as_str().unwrap_or("");
    assert!(html.contains(r#"value="deletion" checked"#), "{html}");
    assert!(html.contains(r#"value="consent_withdrawal""#));
    assert!(!html.contains(r#"value="information""#), "{html}");
    assert!(
        html.contains(r##"<a href="#f-name">"##) && html.contains(r##"<a href="#f-confirm">"##)
    );
    assert!(
        !html.contains(r#"value="on" required checked"#),
        "unchecked stays unchecked"
    );
    assert_eq!(switch_href(html, "kk"), format!("{SITE}/kk/data-deletion/"));
}

/// A form the function showed again is served from the API's own origin when the site's form
/// posts there directly; its second post comes from that origin and is accepted. Another
/// origin is still refused.
#[tokio::test]
async fn the_form_shown_again_posts_from_the_functions_own_origin() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let body = "locale=en&type=deletion&name=Aliya&email=aliya%40example.kz&confirm=on";
    let with_origin = |origin: &str| {
        let mut headers = form_headers();
        headers["origin"] = json!(origin);
        headers["host"] = json!("abc123.execute-api.eu-central-1.amazonaws.com");
        headers["x-forwarded-proto"] = json!("https");
        v2("POST", "/requests", headers, body, now_ms())
    };
    let r = env
        .call(with_origin(
            "https://abc123.execute-api.eu-central-1.amazonaws.com",
        ))
        .await;
    assert_eq!(r["statusCode"], 303, "{r}");
    let r = env.call(with_origin("https://evil.example")).await;
    assert_eq!(r["statusCode"], 403, "{r}");
    assert_eq!(env.requests().await.len(), 1);
}

#[tokio::test]
async fn the_status_and_confirmation_pages_wear_the_site_layout_and_switch_language() {
    let sink = SmtpSink::start();
    let env = env(&sink).await;
    let id = submit(
        &env,
        "deletion",
        "kk",
        "layout@example.kz",
        "2026-12-01T06:00:00Z",
    )
    .await;

    let r = env
        .call(get(
            &format!("/requests/{id}?lang=kk&received=sent"),
            true,
            None,
        ))
        .await;
    assert_eq!(r["statusCode"], 200, "{r}");
    let html = r["body"].as_str().unwrap_or("");
    assert_site_layout(html, "kk", "status page");
    assert_eq!(
        switch_href(html, "ru"),
        "?received=sent&lang=ru",
        "the same page, its state kept"
    );
    let r = env
        .call(get(
            &format!("/requests/{id}?received=sent&lang=ru"),
            true,
            None,
        ))
        .await;
    assert_site_layout(r["body"].as_str().unwrap_or(""), "ru", "status page in ru");

    let ack = &sink.mails_to("layout@example.kz")[0];
    let link = link_with(&ack.text, "/confirm?token=").expect("confirmation link");
    let r = env.call(get(&path_of(&link), true, None)).await;
    assert_eq!(r["statusCode"], 200, "{r}");
    let html = r["body"].as_str().unwrap_or("");
    assert_site_layout(html, "kk", "confirmation page");
    let en = switch_href(html, "en");
    assert!(
        en.starts_with("?token=") && en.ends_with("&lang=en"),
        "the confirmation page's language switch keeps its token: {en}"
    );
    let r = env
        .call(get(&format!("/requests/{id}/confirm{en}"), true, None))
        .await;
    assert_eq!(r["statusCode"], 200, "{r}");
    let html = r["body"].as_str().unwrap_or("");
    assert_site_layout(html, "en", "confirmation page in en");
    assert!(
        html.contains("data-confirm-form"),
        "still the button, in English"
    );

    let r = env
        .call(get("/requests/ip-unknown?lang=en", true, None))
        .await;
    assert_eq!(r["statusCode"], 404);
    assert_site_layout(r["body"].as_str().unwrap_or(""), "en", "not found");
}

//! The public URLs of a request: its status page and its confirmation link. Both live under
//! the site's origin (`SITE_URL`): the deployment forwards `/requests/*` to the function.

use policy::Locale;

/// `{site}/requests/{id}`, with `?lang=` when the page should open in a given language.
pub fn status_url(site_url: &str, id: &str, locale: Option<Locale>) -> String {
    let mut url = format!("{site_url}/requests/{id}");
    if let Some(l) = locale {
        url.push_str("?lang=");
        url.push_str(l.code());
    }
    url
}

/// The permanent page of a version of the privacy policy: `{site}/{locale}/privacy/v{version}/`.
pub fn policy_url(site_url: &str, locale: Locale, version: &str) -> String {
    format!("{site_url}/{}/privacy/v{version}/", locale.code())
}

/// `{site}/requests/{id}/confirm?token=…` (the token is URL-safe base64).
pub fn confirm_url(site_url: &str, id: &str, token: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .finish();
    format!("{site_url}/requests/{id}/confirm?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            status_url("https://x.kz", "ip-1", Some(Locale::Kk)),
            "https://x.kz/requests/ip-1?lang=kk"
        );
        assert_eq!(
            status_url("https://x.kz", "ip-1", None),
            "https://x.kz/requests/ip-1"
        );
        assert_eq!(
            policy_url("https://x.kz", Locale::Ru, "1.0"),
            "https://x.kz/ru/privacy/v1.0/"
        );
        assert_eq!(
            confirm_url("https://x.kz", "ip-1", "a-b_c"),
            "https://x.kz/requests/ip-1/confirm?token=a-b_c"
        );
    }
}

//! Configuration from the environment, read and checked once at start-up.

use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub struct Config {
    pub requests_table: String,
    /// The SMTP URL (it may hold credentials): `SMTP_URL`, or `SMTP_URL_PARAMETER`.
    pub smtp: SecretSource,
    pub mail_from: lettre::message::Mailbox,
    pub operator_email: lettre::message::Mailbox,
    pub site_url: String,
    pub allowed_origins: BTreeSet<String>,
    pub retention_days: u32,
    /// The Meta app secret for `POST /meta/data-deletion`; `None` disables the callback.
    pub meta_secret: Option<SecretSource>,
    /// `ORIGIN_VERIFY_SECRET`: the value CloudFront adds as `X-Origin-Verify` to what it
    /// forwards; with it, the visitor's address is taken from `X-Viewer-Address`
    /// (`handler::source_ip`). `None`: the event's `sourceIp` only.
    pub origin_verify: Option<OriginVerify>,
    pub limits: crate::limits::Limits,
}

/// The secret CloudFront sends as `X-Origin-Verify`: proof that a request came through the
/// distribution, whose `X-Viewer-Address` can then be believed. Never printed.
#[derive(Clone)]
pub struct OriginVerify(String);

impl OriginVerify {
    /// The secret, if `value` is one CloudFront can send and long enough not to be guessed:
    /// 32 to 256 visible ASCII characters.
    pub fn new(value: &str) -> Option<OriginVerify> {
        ((32..=256).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic()))
            .then(|| OriginVerify(value.to_string()))
    }

    /// Whether `header` is the secret (compared in constant time).
    pub fn matches(&self, header: &[u8]) -> bool {
        use subtle::ConstantTimeEq;
        self.0.as_bytes().ct_eq(header).into()
    }
}

impl std::fmt::Debug for OriginVerify {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OriginVerify(..)")
    }
}

/// Where a secret comes from: the environment (local runs, tests) or an SSM SecureString
/// read once at init (the deployment's way: never a plain environment variable).
#[derive(Clone)]
pub enum SecretSource {
    Value(String),
    Parameter(String),
}

impl std::fmt::Debug for SecretSource {
    // Never print a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretSource::Value(_) => f.write_str("Value(…)"),
            SecretSource::Parameter(name) => write!(f, "Parameter({name})"),
        }
    }
}

/// Checks an SMTP URL the way the transport will parse it.
pub fn check_smtp_url(url: &str, variable: &'static str) -> Result<(), ConfigError> {
    lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
        .map(|_| ())
        .map_err(|_| err(variable, "is not a valid smtp:// or smtps:// URL"))
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

fn err(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

/// An origin as browsers send it: scheme://host[:port], no path.
pub fn normalize_origin(origin: &str) -> Option<String> {
    let url = url::Url::parse(origin.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    Some(url.origin().ascii_serialization())
}

impl Config {
    /// Reads the variables with `get` (the process environment in production).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let required = |name: &'static str| -> Result<String, ConfigError> {
            get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| err(name, "is not set"))
        };
        let requests_table = required("REQUESTS_TABLE")?;
        let smtp = match (
            get("SMTP_URL").filter(|v| !v.trim().is_empty()),
            get("SMTP_URL_PARAMETER").filter(|v| !v.trim().is_empty()),
        ) {
            (Some(url), _) => {
                let url = url.trim().to_string();
                check_smtp_url(&url, "SMTP_URL")?;
                SecretSource::Value(url)
            }
            (None, Some(name)) if name.trim().starts_with('/') => {
                SecretSource::Parameter(name.trim().to_string())
            }
            (None, Some(_)) => {
                return Err(err(
                    "SMTP_URL_PARAMETER",
                    "must be an SSM parameter name starting with /",
                ))
            }
            (None, None) => return Err(err("SMTP_URL", "is not set (nor SMTP_URL_PARAMETER)")),
        };
        let mail_from = required("MAIL_FROM")?
            .parse()
            .map_err(|e| err("MAIL_FROM", format!("is not an e-mail address ({e})")))?;
        let operator_email = required("OPERATOR_EMAIL")?
            .parse()
            .map_err(|e| err("OPERATOR_EMAIL", format!("is not an e-mail address ({e})")))?;
        let site_url = required("SITE_URL")?;
        let parsed = url::Url::parse(&site_url)
            .map_err(|e| err("SITE_URL", format!("is not a URL ({e})")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(err("SITE_URL", "must be an http(s) URL"));
        }
        let site_url = site_url.trim_end_matches('/').to_string();
        let mut allowed_origins = BTreeSet::new();
        for part in required("ALLOWED_ORIGINS")?
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let origin = normalize_origin(part).ok_or_else(|| {
                err(
                    "ALLOWED_ORIGINS",
                    format!("`{part}` is not an origin like https://interpay.kz"),
                )
            })?;
            allowed_origins.insert(origin);
        }
        if allowed_origins.is_empty() {
            return Err(err("ALLOWED_ORIGINS", "lists no origin"));
        }
        let retention_days = match get("REQUEST_RETENTION_DAYS").filter(|v| !v.trim().is_empty()) {
            None => 1826,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=36_500).contains(d))
                .ok_or_else(|| {
                    err(
                        "REQUEST_RETENTION_DAYS",
                        "must be a whole number of days from 1 to 36500",
                    )
                })?,
        };
        let meta_secret = match (
            get("META_APP_SECRET").filter(|v| !v.trim().is_empty()),
            get("META_APP_SECRET_PARAMETER").filter(|v| !v.trim().is_empty()),
        ) {
            (Some(secret), _) => Some(SecretSource::Value(secret.trim().to_string())),
            (None, Some(name)) if name.trim().starts_with('/') => {
                Some(SecretSource::Parameter(name.trim().to_string()))
            }
            (None, Some(_)) => {
                return Err(err(
                    "META_APP_SECRET_PARAMETER",
                    "must be an SSM parameter name starting with /",
                ))
            }
            (None, None) => None,
        };
        let origin_verify = match get("ORIGIN_VERIFY_SECRET").filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(v) => Some(OriginVerify::new(v.trim()).ok_or_else(|| {
                err(
                    "ORIGIN_VERIFY_SECRET",
                    "must be 32 to 256 visible ASCII characters (no spaces)",
                )
            })?),
        };
        let limits = crate::limits::Limits::from_lookup(&get)?;
        Ok(Config {
            requests_table,
            smtp,
            mail_from,
            operator_email,
            site_url,
            allowed_origins,
            retention_days,
            meta_secret,
            origin_verify,
            limits,
        })
    }

    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    const GOOD: [(&str, &str); 6] = [
        ("REQUESTS_TABLE", "requests"),
        ("SMTP_URL", "smtp://127.0.0.1:2525"),
        ("MAIL_FROM", "Interpay <no-reply@interpay.kz>"),
        ("OPERATOR_EMAIL", "support@interpay.kz"),
        ("SITE_URL", "https://interpay.kz/"),
        (
            "ALLOWED_ORIGINS",
            "https://interpay.kz, http://127.0.0.1:8080",
        ),
    ];

    #[test]
    fn good_configuration() {
        let c = Config::from_lookup(env(&GOOD)).unwrap();
        assert_eq!(c.site_url, "https://interpay.kz");
        assert_eq!(c.retention_days, 1826);
        assert!(c.allowed_origins.contains("http://127.0.0.1:8080"));
    }

    #[test]
    fn the_origin_secret_is_optional_checked_and_never_printed() {
        let c = Config::from_lookup(env(&GOOD)).unwrap();
        assert!(c.origin_verify.is_none());
        let secret = "s3cret-of-the-distribution-0123456789";
        let mut pairs = GOOD.to_vec();
        pairs.push(("ORIGIN_VERIFY_SECRET", secret));
        let c = Config::from_lookup(env(&pairs)).unwrap();
        let verify = c.origin_verify.as_ref().unwrap();
        assert!(verify.matches(secret.as_bytes()));
        assert!(!verify.matches(b"s3cret-of-the-distribution-012345678"));
        assert!(!verify.matches(b""));
        assert!(!format!("{c:?}").contains(secret));
        for bad in [
            "short",
            "with a space in it, long enough to pass the length",
        ] {
            let mut pairs = GOOD.to_vec();
            pairs.push(("ORIGIN_VERIFY_SECRET", bad));
            let e = Config::from_lookup(env(&pairs)).unwrap_err().to_string();
            assert!(e.contains("ORIGIN_VERIFY_SECRET"), "{e}");
        }
        // Empty, as the template passes it when the parameter is not set: off.
        let mut pairs = GOOD.to_vec();
        pairs.push(("ORIGIN_VERIFY_SECRET", ""));
        assert!(Config::from_lookup(env(&pairs))
            .unwrap()
            .origin_verify
            .is_none());
    }

    #[test]
    fn each_missing_variable_is_named() {
        for (name, _) in GOOD {
            let pairs: Vec<_> = GOOD.iter().copied().filter(|(k, _)| *k != name).collect();
            let e = Config::from_lookup(env(&pairs)).unwrap_err().to_string();
            assert!(e.contains(name), "{e}");
        }
    }

    #[test]
    fn smtp_url_may_come_from_a_parameter() {
        let mut pairs: Vec<_> = GOOD
            .iter()
            .copied()
            .filter(|(k, _)| *k != "SMTP_URL")
            .collect();
        pairs.push(("SMTP_URL_PARAMETER", "/interpay/smtp-url"));
        let c = Config::from_lookup(env(&pairs)).unwrap();
        assert!(matches!(c.smtp, SecretSource::Parameter(ref n) if n == "/interpay/smtp-url"));
        pairs.pop();
        pairs.push(("SMTP_URL_PARAMETER", "smtp-url"));
        let e = Config::from_lookup(env(&pairs)).unwrap_err().to_string();
        assert!(e.contains("SMTP_URL_PARAMETER"), "{e}");
    }

    #[test]
    fn the_meta_secret_is_optional_and_never_printed() {
        let c = Config::from_lookup(env(&GOOD)).unwrap();
        assert!(c.meta_secret.is_none());
        let mut pairs = GOOD.to_vec();
        pairs.push(("META_APP_SECRET", "s3cret"));
        let c = Config::from_lookup(env(&pairs)).unwrap();
        assert!(matches!(c.meta_secret, Some(SecretSource::Value(ref v)) if v == "s3cret"));
        assert!(!format!("{c:?}").contains("s3cret"));
        pairs.pop();
        pairs.push(("META_APP_SECRET_PARAMETER", "/interpay/meta"));
        let c = Config::from_lookup(env(&pairs)).unwrap();
        assert!(
            matches!(c.meta_secret, Some(SecretSource::Parameter(ref n)) if n == "/interpay/meta")
        );
        pairs.pop();
        pairs.push(("META_APP_SECRET_PARAMETER", "meta"));
        let e = Config::from_lookup(env(&pairs)).unwrap_err().to_string();
        assert!(e.contains("META_APP_SECRET_PARAMETER"), "{e}");
    }

    #[test]
    fn invalid_values_are_named() {
        for (name, value) in [
            ("SMTP_URL", "http://x"),
            ("MAIL_FROM", "not an address"),
            ("SITE_URL", "interpay"),
            ("ALLOWED_ORIGINS", "interpay.kz"),
            ("REQUEST_RETENTION_DAYS", "0"),
        ] {
            let mut pairs: Vec<_> = GOOD.iter().copied().filter(|(k, _)| *k != name).collect();
            pairs.push((name, value));
            let e = Config::from_lookup(env(&pairs)).unwrap_err().to_string();
            assert!(e.contains(name), "{name}: {e}");
        }
    }
}

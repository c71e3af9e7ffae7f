//! The AWS clients (DynamoDB, SSM), all built here from the Lambda's environment: region,
//! credentials and endpoint override from the standard variables, one HTTPS client on ring,
//! bounded timeouts. Without `aws-config`'s provider chain (profiles, SSO, IMDS, ECS, STS):
//! Lambda puts the function's credentials in the environment, and so do the tests.

use crate::app::InitError;
use crate::config::{ConfigError, SecretSource};
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region, SharedHttpClient};
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
use aws_smithy_http_client::{proxy::ProxyConfig, Builder, ConnectorBuilder};
use std::time::Duration;

/// Re-exported so callers (`serve`) can name the client without depending on the SDK crates.
pub use aws_sdk_dynamodb::Client as DynamoClient;

/// What the clients are built from, read once at init.
#[derive(Clone)]
pub struct Aws {
    region: Region,
    credentials: Credentials,
    dynamodb_endpoint: Option<String>,
    ssm_endpoint: Option<String>,
    http: SharedHttpClient,
    timeouts: TimeoutConfig,
}

impl std::fmt::Debug for Aws {
    // Never print the credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Aws")
            .field("region", &self.region)
            .field("dynamodb_endpoint", &self.dynamodb_endpoint)
            .field("ssm_endpoint", &self.ssm_endpoint)
            .finish_non_exhaustive()
    }
}

fn missing(variable: &'static str, message: &str) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

impl Aws {
    /// From the process environment (the Lambda's, or the tests').
    /// `store_timeout` bounds each operation (half of it each attempt).
    pub fn from_env(store_timeout: Duration) -> Result<Aws, ConfigError> {
        Aws::from_lookup(|k| std::env::var(k).ok(), store_timeout)
    }

    /// The variables the SDK's environment providers read, with the same precedence: a
    /// missing region or key is an init error naming the variable, never a fallback.
    pub fn from_lookup(
        get: impl Fn(&str) -> Option<String>,
        store_timeout: Duration,
    ) -> Result<Aws, ConfigError> {
        let value = |name: &str| {
            get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let region = value("AWS_REGION")
            .or_else(|| value("AWS_DEFAULT_REGION"))
            .ok_or_else(|| missing("AWS_REGION", "is not set (nor AWS_DEFAULT_REGION)"))?;
        let access_key =
            value("AWS_ACCESS_KEY_ID").ok_or_else(|| missing("AWS_ACCESS_KEY_ID", "is not set"))?;
        let secret_key = value("AWS_SECRET_ACCESS_KEY")
            .or_else(|| value("SECRET_ACCESS_KEY"))
            .ok_or_else(|| missing("AWS_SECRET_ACCESS_KEY", "is not set"))?;
        let mut credentials = Credentials::builder()
            .access_key_id(access_key)
            .secret_access_key(secret_key)
            .provider_name("EnvironmentVariable");
        // Lambda always sets a session token (temporary role credentials); a long-term key
        // (tests, an operator's shell) has none.
        credentials.set_session_token(value("AWS_SESSION_TOKEN"));
        credentials.set_account_id(value("AWS_ACCOUNT_ID").map(Into::into));
        // AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, unless
        // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true: as the SDK reads them.
        let ignore = value("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let endpoint = |service: &'static str| -> Result<Option<String>, ConfigError> {
            if ignore {
                return Ok(None);
            }
            let Some((variable, url)) = value(service)
                .map(|u| (service, u))
                .or_else(|| value("AWS_ENDPOINT_URL").map(|u| ("AWS_ENDPOINT_URL", u)))
            else {
                return Ok(None);
            };
            match url::Url::parse(&url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
                    Ok(Some(url))
                }
                _ => Err(ConfigError {
                    variable,
                    message: format!("`{url}` is not an http(s) URL"),
                }),
            }
        };
        Ok(Aws {
            region: Region::new(region),
            credentials: credentials.build(),
            dynamodb_endpoint: endpoint("AWS_ENDPOINT_URL_DYNAMODB")?,
            ssm_endpoint: endpoint("AWS_ENDPOINT_URL_SSM")?,
            http: https_client(),
            // A visitor waits seconds, not the SDK's defaults.
            timeouts: TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(2))
                .operation_attempt_timeout(store_timeout / 2)
                .operation_timeout(store_timeout)
                .build(),
        })
    }

    /// The DynamoDB client: bounded calls, the behaviour version's standard retries.
    pub fn dynamodb(&self) -> aws_sdk_dynamodb::Client {
        let mut config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(self.region.clone())
            .credentials_provider(self.credentials.clone())
            .http_client(self.http.clone())
            .timeout_config(self.timeouts.clone())
            .retry_config(RetryConfig::standard());
        config.set_endpoint_url(self.dynamodb_endpoint.clone());
        aws_sdk_dynamodb::Client::from_conf(config.build())
    }

    /// The SSM client (init only: the secrets), built like [`Aws::dynamodb`].
    pub fn ssm(&self) -> aws_sdk_ssm::Client {
        let mut config = aws_sdk_ssm::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(self.region.clone())
            .credentials_provider(self.credentials.clone())
            .http_client(self.http.clone())
            .timeout_config(self.timeouts.clone())
            .retry_config(RetryConfig::standard());
        config.set_endpoint_url(self.ssm_endpoint.clone());
        aws_sdk_ssm::Client::from_conf(config.build())
    }
}

/// The SDK's default HTTPS client (hyper 1, rustls, proxy from the environment) with ring as
/// the crypto provider instead of aws-lc-rs: lettre uses ring too, so the binary carries one
/// provider.
fn https_client() -> SharedHttpClient {
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector =
            ConnectorBuilder::default().tls_provider(Provider::Rustls(CryptoMode::Ring));
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}

/// A secret from the environment or, once, from SSM Parameter Store (decrypted).
pub async fn secret_value(
    source: &SecretSource,
    variable: &str,
    aws: &Aws,
) -> Result<String, String> {
    match source {
        SecretSource::Value(v) => Ok(v.clone()),
        SecretSource::Parameter(name) => {
            let out = aws
                .ssm()
                .get_parameter()
                .name(name)
                .with_decryption(true)
                .send()
                .await
                .map_err(|e| {
                    format!(
                        "{variable} {name}: cannot read it from SSM ({})",
                        aws_sdk_ssm::error::DisplayErrorContext(&e)
                    )
                })?;
            out.parameter()
                .and_then(|p| p.value())
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .ok_or_else(|| format!("{variable} {name}: the parameter has no value"))
        }
    }
}

/// The SMTP URL, from the environment or, once, from SSM Parameter Store (decrypted).
pub async fn smtp_url(source: &SecretSource, aws: &Aws) -> Result<String, InitError> {
    let url = secret_value(source, "SMTP_URL_PARAMETER", aws)
        .await
        .map_err(InitError::Mail)?;
    if matches!(source, SecretSource::Parameter(_)) {
        crate::config::check_smtp_url(&url, "SMTP_URL_PARAMETER")?;
    }
    Ok(url)
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

    const LAMBDA: [(&str, &str); 4] = [
        ("AWS_REGION", "eu-central-1"),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
        ("AWS_SESSION_TOKEN", "token"),
    ];

    #[test]
    fn the_lambda_environment_is_enough() {
        let aws = Aws::from_lookup(env(&LAMBDA), crate::limits::DEFAULT_STORE_TIMEOUT).unwrap();
        assert_eq!(aws.region.as_ref(), "eu-central-1");
        assert_eq!(aws.credentials.access_key_id(), "AKIDEXAMPLE");
        assert_eq!(aws.credentials.session_token(), Some("token"));
        assert_eq!(aws.dynamodb_endpoint, None);
        assert_eq!(aws.ssm_endpoint, None);
        let dynamodb = aws.dynamodb();
        assert_eq!(
            dynamodb.config().region().map(|r| r.as_ref()),
            Some("eu-central-1")
        );
        let timeouts = dynamodb.config().timeout_config().unwrap();
        assert_eq!(timeouts.connect_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(
            timeouts.operation_timeout(),
            Some(crate::limits::DEFAULT_STORE_TIMEOUT)
        );
        assert_eq!(
            dynamodb.config().retry_config().map(|r| r.max_attempts()),
            Some(3)
        );
        assert!(!format!("{aws:?}").contains("secret"));
    }

    #[test]
    fn each_missing_variable_is_named() {
        for name in ["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            let pairs: Vec<_> = LAMBDA.iter().copied().filter(|(k, _)| *k != name).collect();
            let e =
                Aws::from_lookup(env(&pairs), crate::limits::DEFAULT_STORE_TIMEOUT).unwrap_err();
            assert_eq!(e.variable, name, "{e}");
            let mut blank = pairs.clone();
            blank.push((name, " "));
            assert_eq!(
                Aws::from_lookup(env(&blank), crate::limits::DEFAULT_STORE_TIMEOUT)
                    .unwrap_err()
                    .variable,
                name
            );
        }
        // The SDK's own fallbacks are kept; a session token is optional.
        let mut pairs: Vec<_> = LAMBDA
            .iter()
            .copied()
            .filter(|(k, _)| !matches!(*k, "AWS_REGION" | "AWS_SESSION_TOKEN"))
            .collect();
        pairs.push(("AWS_DEFAULT_REGION", "us-east-1"));
        let aws = Aws::from_lookup(env(&pairs), crate::limits::DEFAULT_STORE_TIMEOUT).unwrap();
        assert_eq!(aws.region.as_ref(), "us-east-1");
        assert_eq!(aws.credentials.session_token(), None);
    }

    #[test]
    fn endpoints_as_the_sdk_reads_them() {
        let mut pairs = LAMBDA.to_vec();
        pairs.push(("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:5000"));
        let aws = Aws::from_lookup(env(&pairs), crate::limits::DEFAULT_STORE_TIMEOUT).unwrap();
        assert_eq!(
            aws.dynamodb_endpoint.as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(aws.ssm_endpoint, None);
        pairs.push(("AWS_ENDPOINT_URL", "http://127.0.0.1:6000"));
        let aws = Aws::from_lookup(env(&pairs), crate::limits::DEFAULT_STORE_TIMEOUT).unwrap();
        assert_eq!(
            aws.dynamodb_endpoint.as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(aws.ssm_endpoint.as_deref(), Some("http://127.0.0.1:6000"));
        pairs.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        let aws = Aws::from_lookup(env(&pairs), crate::limits::DEFAULT_STORE_TIMEOUT).unwrap();
        assert_eq!((aws.dynamodb_endpoint, aws.ssm_endpoint), (None, None));
        let mut pairs = LAMBDA.to_vec();
        pairs.push(("AWS_ENDPOINT_URL_SSM", "localhost:4566"));
        let e = Aws::from_lookup(env(&pairs), crate::limits::DEFAULT_STORE_TIMEOUT).unwrap_err();
        assert_eq!(e.variable, "AWS_ENDPOINT_URL_SSM", "{e}");
    }
}

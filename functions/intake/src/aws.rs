//! The AWS clients (DynamoDB, SSM), all built here: the one HTTPS client they share, their
//! bounded timeouts, and the secrets read from SSM at init.

use crate::app::InitError;
use crate::config::SecretSource;
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
use aws_smithy_http_client::{proxy::ProxyConfig, Builder, ConnectorBuilder};

/// Re-exported so `serve` builds the same clients without depending on the SDK crates.
pub use aws_config::SdkConfig;
pub use aws_sdk_dynamodb::Client as DynamoClient;

/// The SDK's default HTTPS client (hyper 1, rustls, proxy from the environment) with ring as
/// the crypto provider instead of aws-lc-rs: lettre uses ring too, so the binary carries one
/// provider.
fn https_client() -> aws_sdk_dynamodb::config::SharedHttpClient {
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

/// AWS configuration from the standard environment, with bounded calls: a visitor waits
/// seconds, not the SDK's defaults.
pub async fn aws_shared_config() -> aws_config::SdkConfig {
    use aws_config::timeout::TimeoutConfig;
    use std::time::Duration;
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(https_client())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(2))
                .operation_attempt_timeout(crate::store::store_timeout() / 2)
                .operation_timeout(crate::store::store_timeout())
                .build(),
        )
        .load()
        .await
}

/// A DynamoDB client with bounded calls.
pub async fn dynamo_client() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&aws_shared_config().await)
}

/// A secret from the environment or, once, from SSM Parameter Store (decrypted).
pub async fn secret_value(
    source: &SecretSource,
    variable: &str,
    shared: &aws_config::SdkConfig,
) -> Result<String, String> {
    match source {
        SecretSource::Value(v) => Ok(v.clone()),
        SecretSource::Parameter(name) => {
            let out = aws_sdk_ssm::Client::new(shared)
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
pub async fn smtp_url(
    source: &SecretSource,
    shared: &aws_config::SdkConfig,
) -> Result<String, InitError> {
    let url = secret_value(source, "SMTP_URL_PARAMETER", shared)
        .await
        .map_err(InitError::Mail)?;
    if matches!(source, SecretSource::Parameter(_)) {
        crate::config::check_smtp_url(&url, "SMTP_URL_PARAMETER")?;
    }
    Ok(url)
}

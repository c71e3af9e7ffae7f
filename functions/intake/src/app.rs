//! Everything a request needs, built once at start-up: policy data, strings, templates,
//! the store and the mailer.

use crate::config::Config;
use crate::mail::compose::Composer;
use crate::mail::Mailer;
use crate::store::dynamo::DynamoStore;
use crate::store::Store;
use lettre::message::Mailbox;
use policy::{Calendar, Catalog, Facts};
use std::collections::BTreeSet;

/// The settings of the HTTP behaviour (redirects, CORS, retention).
#[derive(Debug, Clone)]
pub struct Settings {
    pub site_url: String,
    pub allowed_origins: BTreeSet<String>,
    pub retention_days: u32,
    pub mail_from: Mailbox,
    pub operator_email: Mailbox,
    pub limits: crate::limits::Limits,
}

impl From<&Config> for Settings {
    fn from(c: &Config) -> Self {
        Settings {
            site_url: c.site_url.clone(),
            allowed_origins: c.allowed_origins.clone(),
            retention_days: c.retention_days,
            mail_from: c.mail_from.clone(),
            operator_email: c.operator_email.clone(),
            limits: c.limits,
        }
    }
}

pub struct App {
    pub settings: Settings,
    pub facts: Facts,
    /// The policy version of the facts and the SHA-256 of its pages (recorded with each
    /// request), from `content/page-digests.toml`.
    pub digests: policy::PageDigests,
    pub calendar: Calendar,
    pub catalog: Catalog,
    pub composer: Composer,
    pub store: Store,
    pub mailer: Mailer,
    pub pages: crate::pages::Pages,
    /// The dedupe HMAC key.
    pub secret: Vec<u8>,
    /// Meta's app secret; without it `POST /meta/data-deletion` answers 503.
    pub meta_secret: Option<crate::meta::AppSecret>,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("embedded content: {0}")]
    Content(String),
    #[error("store: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("mail: {0}")]
    Mail(String),
}

impl App {
    /// Builds the app around a store and a mailer; reads the dedupe secret (which also
    /// opens the store's connection before the first request).
    pub async fn new(settings: Settings, store: Store, mailer: Mailer) -> Result<App, InitError> {
        let facts = policy::embedded::facts().map_err(|e| InitError::Content(e.to_string()))?;
        let digests =
            policy::embedded::page_digests().map_err(|e| InitError::Content(e.to_string()))?;
        let calendar =
            policy::embedded::calendar_checked().map_err(|e| InitError::Content(e.to_string()))?;
        let catalog = crate::i18n::catalog().map_err(|e| InitError::Content(e.to_string()))?;
        let composer = Composer::new().map_err(|e| InitError::Content(e.to_string()))?;
        let pages = crate::pages::Pages::new().map_err(|e| InitError::Content(e.to_string()))?;
        let secret = store.dedupe_secret().await?;
        Ok(App {
            settings,
            facts,
            digests,
            calendar,
            catalog,
            composer,
            store,
            mailer,
            pages,
            secret,
            meta_secret: None,
        })
    }

    /// The production app: DynamoDB (region, credentials and endpoint from the standard AWS
    /// environment) and SMTP.
    pub async fn from_config(config: &Config) -> Result<App, InitError> {
        let aws = crate::aws::Aws::from_env()?;
        let store = Store::Dynamo(DynamoStore::new(
            aws.dynamodb(),
            config.requests_table.clone(),
        ));
        let url = crate::aws::smtp_url(&config.smtp, &aws).await?;
        let mailer = Mailer::smtp(&url).map_err(|_| InitError::Mail("invalid SMTP URL".into()))?;
        let mut app = App::new(Settings::from(config), store, mailer).await?;
        // A missing Meta secret disables only Meta's callback (503, so Meta retries), not the
        // intake of visitors' requests; the error line is there for the alarm.
        app.meta_secret = match &config.meta_secret {
            Some(source) => {
                match crate::aws::secret_value(source, "META_APP_SECRET_PARAMETER", &aws).await {
                    Ok(secret) => Some(crate::meta::AppSecret::new(secret)),
                    Err(e) => {
                        tracing::error!(error = %e, "Meta callback disabled");
                        None
                    }
                }
            }
            None => None,
        };
        Ok(app)
    }

    /// The app of `serve` and of the operator commands with `--data-dir`: the local store
    /// and `.eml` outbox under `data_dir`, the operator's own address from the policy data.
    pub async fn local(
        data_dir: &std::path::Path,
        site_url: &str,
        allowed_origins: BTreeSet<String>,
    ) -> Result<App, InitError> {
        let facts = policy::embedded::facts().map_err(|e| InitError::Content(e.to_string()))?;
        let parse = |s: &str| {
            s.parse::<Mailbox>()
                .map_err(|e| InitError::Content(format!("{s}: {e}")))
        };
        let settings = Settings {
            site_url: site_url.trim_end_matches('/').to_string(),
            allowed_origins,
            retention_days: 1826,
            mail_from: parse(&format!(
                "{} <no-reply@{}>",
                facts.operator.short_name.en, facts.operator.site_host
            ))?,
            operator_email: parse(&facts.operator.email)?,
            limits: crate::limits::Limits::from_lookup(|k| std::env::var(k).ok())?,
        };
        let store_dir = data_dir.join("store");
        let store = Store::File(crate::store::file::FileStore::open(&store_dir)?);
        let outbox = data_dir.join("outbox");
        let mailer = Mailer::outbox(&outbox)
            .map_err(|e| InitError::Mail(format!("{}: {e}", outbox.display())))?;
        App::new(settings, store, mailer).await
    }
}

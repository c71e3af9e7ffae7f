//! The composition root: everything a request needs, built once at start-up by one of two
//! constructors — [`App::from_config`] (the Lambda, its operator commands, and `serve`
//! against DynamoDB) and [`App::local`] (`serve`'s file store and outbox, and the operator
//! commands with `--data-dir`) — both through [`App::new`].

use crate::config::Config;
use crate::content::Content;
use crate::keys::Keyer;
use crate::mail::compose::{Composer, Letterhead};
use crate::mail::Mailer;
use crate::store::dynamo::DynamoStore;
use crate::store::Store;
use lettre::message::Mailbox;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The settings of the HTTP behaviour (redirects, CORS, retention, limits).
#[derive(Debug, Clone)]
pub struct Settings {
    pub site_url: String,
    pub allowed_origins: BTreeSet<String>,
    pub retention_days: u32,
    pub mail_from: Mailbox,
    pub operator_email: Mailbox,
    /// With it, the visitor's address behind CloudFront is believed (`handler::source_ip`).
    pub origin_verify: Option<crate::config::OriginVerify>,
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
            origin_verify: c.origin_verify.clone(),
            limits: c.limits,
        }
    }
}

pub struct App {
    pub settings: Settings,
    /// Shared with the composer; replaced as a whole by [`App::set_content`].
    pub content: Arc<Content>,
    pub composer: Composer,
    pub store: Store,
    pub mailer: Mailer,
    pub pages: crate::pages::Pages,
    /// Keys for dedupe and limits, under the store's secret.
    pub keys: Keyer,
    /// Meta's app secret; without it `POST /meta/data-deletion` answers 503.
    pub meta_secret: Option<crate::meta::AppSecret>,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("embedded content: {0}")]
    Content(#[from] crate::content::ContentError),
    #[error("templates: {0}")]
    Templates(String),
    #[error("store: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("store: {0}")]
    Key(#[from] crate::keys::KeyError),
    #[error("mail: {0}")]
    Mail(String),
}

impl App {
    /// Builds the app around a store and a mailer, with the embedded content; reads the
    /// dedupe secret (which also opens the store's connection before the first request).
    pub async fn new(settings: Settings, store: Store, mailer: Mailer) -> Result<App, InitError> {
        App::with_content(settings, store, mailer, Content::embedded()?).await
    }

    /// [`App::new`] with the content already read.
    async fn with_content(
        settings: Settings,
        store: Store,
        mailer: Mailer,
        content: Content,
    ) -> Result<App, InitError> {
        let content = Arc::new(content);
        let letterhead = Letterhead {
            from: settings.mail_from.clone(),
            operator: settings.operator_email.clone(),
            site_url: settings.site_url.clone(),
        };
        let composer = Composer::new(content.clone(), letterhead)
            .map_err(|e| InitError::Templates(e.to_string()))?;
        let pages = crate::pages::Pages::new(&content, &settings.site_url)
            .map_err(|e| InitError::Templates(e.to_string()))?;
        let keys = Keyer::new(&store.dedupe_secret().await?)?;
        Ok(App {
            settings,
            content,
            composer,
            store,
            mailer,
            pages,
            keys,
            meta_secret: None,
        })
    }

    /// Replaces what the function states and its pages' layout (`serve`, after a good build
    /// of the content on disk). Pages that do not compile leave everything as it was.
    pub fn set_content(&mut self, content: Content) -> Result<(), InitError> {
        let content = Arc::new(content);
        self.pages = crate::pages::Pages::compiled(&content, &self.settings.site_url)
            .map_err(|e| InitError::Templates(e.to_string()))?;
        self.content = content;
        self.composer.set_content(self.content.clone());
        Ok(())
    }

    /// The production app: DynamoDB (region, credentials and endpoint from the standard AWS
    /// environment), SMTP, and Meta's secret if configured.
    pub async fn from_config(config: &Config) -> Result<App, InitError> {
        let timeout = config.limits.store_timeout;
        let aws = crate::aws::Aws::from_env(timeout)?;
        let store = Store::dynamo(
            DynamoStore::new(aws.dynamodb(), config.requests_table.clone()),
            timeout,
        );
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
    /// and `.eml` outbox under `data_dir`, the operator's own address from the policy data,
    /// limits from the environment as in [`Config`].
    pub async fn local(
        data_dir: &std::path::Path,
        site_url: &str,
        allowed_origins: BTreeSet<String>,
    ) -> Result<App, InitError> {
        // Read once: the operator's addresses come from it, and the app states it.
        let content = Content::embedded()?;
        let facts = &content.facts;
        let parse = |s: &str| {
            s.parse::<Mailbox>()
                .map_err(|e| InitError::Mail(format!("{s}: {e}")))
        };
        let limits = crate::limits::Limits::from_lookup(|k| std::env::var(k).ok())?;
        let settings = Settings {
            site_url: site_url.trim_end_matches('/').to_string(),
            allowed_origins,
            retention_days: 1826,
            mail_from: parse(&format!(
                "{} <no-reply@{}>",
                facts.operator.short_name.en, facts.operator.site_host
            ))?,
            operator_email: parse(&facts.operator.email)?,
            // Local runs have no CloudFront in front: the peer's address is the visitor's.
            origin_verify: None,
            limits,
        };
        let store_dir = data_dir.join("store");
        let store = Store::file(
            crate::store::file::FileStore::open(&store_dir)?,
            limits.store_timeout,
        );
        let outbox = data_dir.join("outbox");
        let mailer = Mailer::outbox(&outbox)
            .map_err(|e| InitError::Mail(format!("{}: {e}", outbox.display())))?;
        App::with_content(settings, store, mailer, content).await
    }
}

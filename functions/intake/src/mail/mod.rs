//! Sending e-mail: SMTP in production, `.eml` files in an outbox locally. Every send is
//! bounded as a whole (lettre's timeout covers only connect and each command).

pub mod compose;

use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const SEND_TIMEOUT: Duration = Duration::from_secs(8);

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("e-mail: timeout")]
    Timeout,
    #[error("e-mail: {0}")]
    Transport(&'static str),
    #[error("e-mail: cannot build the message ({0})")]
    Build(String),
}

impl MailError {
    /// The error class stored on the request and logged: never an address or a message.
    pub fn class(&self) -> &'static str {
        match self {
            MailError::Timeout => "timeout",
            MailError::Transport(c) => c,
            MailError::Build(_) => "build",
        }
    }
}

fn smtp_class(e: &lettre::transport::smtp::Error) -> &'static str {
    if e.is_permanent() {
        "smtp_permanent"
    } else if e.is_transient() {
        "smtp_transient"
    } else if e.is_timeout() {
        "timeout"
    } else if e.is_tls() {
        "tls"
    } else {
        "connection"
    }
}

impl Mailer {
    pub fn smtp(url: &str) -> Result<Mailer, lettre::transport::smtp::Error> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
            .timeout(Some(Duration::from_secs(5)))
            .build();
        Ok(Mailer::Smtp(transport))
    }

    pub fn outbox(dir: &Path) -> std::io::Result<Mailer> {
        std::fs::create_dir_all(dir)?;
        Ok(Mailer::Outbox(
            AsyncFileTransport::new(dir),
            dir.to_path_buf(),
        ))
    }

    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(_) => "SMTP".into(),
            Mailer::Outbox(_, dir) => format!("outbox {}", dir.display()),
        }
    }

    pub async fn send(&self, letter: compose::Letter) -> Result<(), MailError> {
        let message = letter.message()?;
        let fut = async {
            match self {
                Mailer::Smtp(t) => t
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| MailError::Transport(smtp_class(&e))),
                Mailer::Outbox(t, _) => t
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|_| MailError::Transport("outbox")),
            }
        };
        tokio::time::timeout(SEND_TIMEOUT, fut)
            .await
            .map_err(|_| MailError::Timeout)?
    }
}

//! Where requests are logged: DynamoDB in production, an append-only file locally. Both give
//! the same guarantees: a conditional create, and one request per dedupe key and window,
//! also under concurrent submits.

pub mod dynamo;
pub mod file;

use crate::record::{AckStatus, RequestRecord};
use std::time::Duration;

/// Bound on any one store call, so a visitor is told to retry instead of waiting: 4 s, or
/// `STORE_TIMEOUT_MS` (read once; the load test raises it because moto is far slower than
/// DynamoDB under concurrency).
pub fn store_timeout() -> Duration {
    static TIMEOUT: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *TIMEOUT.get_or_init(|| {
        std::env::var("STORE_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| (100..=120_000).contains(ms))
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(4))
    })
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store timed out")]
    Timeout,
    #[error("store unavailable: {0}")]
    Unavailable(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// A short class for logs and for the `ack_error`-style fields: never a message with data.
    pub fn class(&self) -> &'static str {
        match self {
            StoreError::Timeout => "timeout",
            StoreError::Unavailable(_) => "unavailable",
            StoreError::Corrupt(_) => "corrupt",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    New,
    /// The same request was already logged within the dedupe window: this is the first one.
    Duplicate(Box<RequestRecord>),
}

pub enum Store {
    Dynamo(dynamo::DynamoStore),
    File(file::FileStore),
}

async fn bounded<T>(
    fut: impl std::future::Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    tokio::time::timeout(store_timeout(), fut)
        .await
        .map_err(|_| StoreError::Timeout)?
}

impl Store {
    /// The secret of the dedupe HMAC, created once per store and kept in it.
    pub async fn dedupe_secret(&self) -> Result<Vec<u8>, StoreError> {
        match self {
            Store::Dynamo(s) => bounded(s.dedupe_secret()).await,
            Store::File(s) => bounded(s.dedupe_secret()).await,
        }
    }

    pub async fn create(&self, record: &RequestRecord, now: i64) -> Result<Created, StoreError> {
        match self {
            Store::Dynamo(s) => bounded(s.create(record, now)).await,
            Store::File(s) => bounded(s.create(record, now)).await,
        }
    }

    pub async fn set_ack(
        &self,
        id: &str,
        status: AckStatus,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        match self {
            Store::Dynamo(s) => bounded(s.set_ack(id, status, error)).await,
            Store::File(s) => bounded(s.set_ack(id, status, error)).await,
        }
    }

    pub async fn get(&self, id: &str) -> Result<Option<RequestRecord>, StoreError> {
        match self {
            Store::Dynamo(s) => bounded(s.get(id)).await,
            Store::File(s) => bounded(s.get(id)).await,
        }
    }

    /// Requests whose acknowledgement is pending or failed.
    pub async fn unacknowledged(&self) -> Result<Vec<RequestRecord>, StoreError> {
        // A scan of a large table can take longer than one visitor call: bound it generously.
        let fut = async {
            match self {
                Store::Dynamo(s) => s.unacknowledged().await,
                Store::File(s) => s.unacknowledged().await,
            }
        };
        tokio::time::timeout(store_timeout() * 15, fut)
            .await
            .map_err(|_| StoreError::Timeout)?
    }

    pub fn describe(&self) -> String {
        match self {
            Store::Dynamo(s) => format!("DynamoDB table {}", s.table()),
            Store::File(s) => format!("local store {}", s.path().display()),
        }
    }
}

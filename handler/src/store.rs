//! Call-record stores: where the `RecordWrite`s of each turn end up once the answer is built.
//!
//! The handler talks to a small port, [`CallRecordStore`], with two adapters: DynamoDB in Lambda
//! ([`DynamoStore`]) and an embedded SQLite file on a developer's machine ([`EmbeddedStore`]), picked
//! by [`StoreConfig`] and held as an [`AnyStore`]. Per invocation the handler goes through
//! [`CallRecords::write`], which bounds the write by a deadline and, when the store cannot take it,
//! logs it as one replayable line instead of failing the call ([`deadline`], [`import`]).
//!
//! The port uses `async fn` in a trait, so it is generic rather than object-safe: the adapter is known
//! when the handler starts, static dispatch costs nothing per call, and no boxing crate is needed.

pub mod behind;
pub mod config;
pub mod deadline;
pub mod dynamo;
#[cfg(feature = "embedded-store")]
pub mod embedded;
pub mod import;
pub mod listing;
pub mod record;
pub mod timestamp;

use std::future::Future;
use std::path::PathBuf;

use interpreter::effect::RecordWrite;

pub use behind::{PendingWrite, WriteBehind};
pub use config::{ConfigError, StoreConfig};
pub use deadline::{CallRecords, UnwrittenRecord, WriteOutcome};
pub use dynamo::DynamoStore;
#[cfg(feature = "embedded-store")]
pub use embedded::EmbeddedStore;
pub use import::{ImportError, ImportReport};
pub use record::{CallRecord, CallStatus};
pub use timestamp::Timestamp;

/// What applying one write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The write's facts are in the record now.
    Written,
    /// The record had this write already (same call, same sequence): nothing changed.
    Duplicate,
    /// The write had no effects, so there was nothing to store.
    Empty,
}

/// The port the handler and the `records` commands use.
pub trait CallRecordStore: Send + Sync {
    /// Folds one write into its call's record; effects without a time happened at `now`.
    /// Applying the same write again changes nothing and answers [`Applied::Duplicate`].
    fn apply(
        &self,
        write: &RecordWrite,
        now: Timestamp,
    ) -> impl Future<Output = Result<Applied, StoreError>> + Send;

    /// One call's record, if any write for it was applied.
    fn get(
        &self,
        call_id: &str,
    ) -> impl Future<Output = Result<Option<CallRecord>, StoreError>> + Send;

    /// Up to `limit` records, newest first (by start time, or the earliest time a record knows).
    fn list(
        &self,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<CallRecord>, StoreError>> + Send;
}

/// Everything a store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DynamoDB {operation} on table `{table}` failed: {message}")]
    DynamoDb {
        operation: &'static str,
        table: String,
        /// The SDK's error with its whole chain of causes, for the log line.
        message: String,
        #[source]
        source: Box<aws_sdk_dynamodb::Error>,
    },
    #[error("the item for call `{call_id}` in table `{table}` is not a call record: {reason}")]
    MalformedItem {
        call_id: String,
        table: String,
        reason: String,
    },
    #[error(
        "CALL_RECORDS_TABLE is not set, and this build has no embedded store (it is built with \
         the `embedded-store` feature)"
    )]
    NoStore,
    #[cfg(feature = "embedded-store")]
    #[error("call-record database {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot create the folder of call-record database {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the record of call `{call_id}` in {} is not valid JSON: {source}", path.display())]
    StoredJson {
        call_id: String,
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("call-record database {} is unusable: an earlier write panicked", path.display())]
    Poisoned { path: PathBuf },
    #[error("the call-record database task stopped: {source}")]
    Task {
        #[source]
        source: tokio::task::JoinError,
    },
}

/// The store the configuration picked.
#[derive(Debug, Clone)]
pub enum AnyStore {
    Dynamo(DynamoStore),
    #[cfg(feature = "embedded-store")]
    Embedded(EmbeddedStore),
}

impl AnyStore {
    /// DynamoDB when a table is configured (the client is built here, once), else the embedded file.
    pub async fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        match &config.table {
            Some(table) => {
                let client = dynamo::load_client().await;
                Ok(Self::Dynamo(DynamoStore::new(
                    client,
                    table.clone(),
                    config.retention,
                )))
            }
            #[cfg(feature = "embedded-store")]
            None => Ok(Self::Embedded(EmbeddedStore::open(
                &config.path,
                config.retention,
            )?)),
            #[cfg(not(feature = "embedded-store"))]
            None => Err(StoreError::NoStore),
        }
    }

    /// Whether [`Self::apply_batch`] takes a batch at once (one transaction) rather than write by write.
    pub fn batches(&self) -> bool {
        match self {
            Self::Dynamo(_) => false,
            #[cfg(feature = "embedded-store")]
            Self::Embedded(_) => true,
        }
    }

    /// Applies every write of `batch`, in order, all or none.
    pub async fn apply_batch(&self, batch: &[PendingWrite]) -> Result<Vec<Applied>, StoreError> {
        match self {
            Self::Dynamo(store) => {
                let mut applied = Vec::with_capacity(batch.len());
                for pending in batch {
                    applied.push(store.apply(&pending.write, pending.now).await?);
                }
                Ok(applied)
            }
            #[cfg(feature = "embedded-store")]
            Self::Embedded(store) => store.apply_batch(batch).await,
        }
    }

    /// Opens the connection a first write would need (DynamoDB's TLS handshake).
    pub async fn warm_up(&self) -> Result<(), StoreError> {
        match self {
            Self::Dynamo(store) => store.warm_up().await,
            #[cfg(feature = "embedded-store")]
            Self::Embedded(_) => Ok(()),
        }
    }

    /// Where the records are, for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Dynamo(store) => format!("DynamoDB table `{}`", store.table()),
            #[cfg(feature = "embedded-store")]
            Self::Embedded(store) => format!("embedded store {}", store.path().display()),
        }
    }
}

impl CallRecordStore for AnyStore {
    async fn apply(&self, write: &RecordWrite, now: Timestamp) -> Result<Applied, StoreError> {
        match self {
            Self::Dynamo(store) => store.apply(write, now).await,
            #[cfg(feature = "embedded-store")]
            Self::Embedded(store) => store.apply(write, now).await,
        }
    }

    async fn get(&self, call_id: &str) -> Result<Option<CallRecord>, StoreError> {
        match self {
            Self::Dynamo(store) => store.get(call_id).await,
            #[cfg(feature = "embedded-store")]
            Self::Embedded(store) => store.get(call_id).await,
        }
    }

    async fn list(&self, limit: usize) -> Result<Vec<CallRecord>, StoreError> {
        match self {
            Self::Dynamo(store) => store.list(limit).await,
            #[cfg(feature = "embedded-store")]
            Self::Embedded(store) => store.list(limit).await,
        }
    }
}

//! The per-invocation write: bounded by a deadline, and never a reason to fail a call.
//!
//! The handler calls [`CallRecords::write`] with the turn's `RecordWrite` after the answer is built.
//! If the store does not take the write in time (slow network, throttling, an outage, a missing
//! table, any error), the write is logged as ONE structured line whose field
//! [`UNWRITTEN_FIELD`] holds the write and the handler's clock reading as JSON;
//! `handler records import LOG` replays such lines later ([`super::import`]), idempotently.

use std::time::Duration;

use interpreter::effect::RecordWrite;
use serde::{Deserialize, Serialize};

use super::behind::PendingWrite;
use super::config::StoreConfig;
use super::timestamp::Timestamp;
use super::{AnyStore, Applied, CallRecordStore, StoreError};

/// The log field that marks an unwritten call record; the import looks for it.
pub const UNWRITTEN_FIELD: &str = "call_record_unwritten";

/// A write the store did not take, as logged and as replayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnwrittenRecord {
    pub write: RecordWrite,
    /// The handler's clock when the write was due, in ms since the epoch: what effects without a
    /// time of their own get on replay too.
    pub now_ms: u64,
}

/// What became of a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    Stored(Applied),
    /// Logged for import instead; `reason` is what the log line says.
    Unwritten {
        reason: String,
    },
}

/// A store with the deadline every per-invocation write gets.
#[derive(Debug, Clone)]
pub struct CallRecords<S> {
    store: S,
    deadline: Duration,
}

impl CallRecords<AnyStore> {
    /// The configured store (see [`StoreConfig`]) with the configured deadline.
    pub async fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        Ok(Self::new(AnyStore::open(config).await?, config.deadline))
    }

    /// Applies `batch` in order. The embedded store takes it in one transaction under one deadline;
    /// DynamoDB takes one write after another, each under its own. Whatever is not taken is logged
    /// for import, write by write.
    pub async fn write_batch(&self, batch: &[PendingWrite]) {
        if !self.store.batches() {
            for pending in batch {
                self.write(&pending.write, pending.now).await;
            }
            return;
        }
        let reason = match tokio::time::timeout(self.deadline, self.store.apply_batch(batch)).await
        {
            Ok(Ok(_)) => return,
            Ok(Err(err)) => err.to_string(),
            Err(_elapsed) => format!(
                "the store did not take a batch of {} within the {} ms deadline",
                batch.len(),
                self.deadline.as_millis()
            ),
        };
        for pending in batch {
            log_unwritten(&pending.write, pending.now, &reason);
        }
    }

    /// Opens the store's connection ahead of the first write, within the deadline; a failure is
    /// only worth a debug line, as the first write will say what is wrong.
    pub async fn warm_up(&self) {
        match tokio::time::timeout(self.deadline, self.store.warm_up()).await {
            Ok(Ok(())) => tracing::debug!("call-record store connection open"),
            Ok(Err(err)) => tracing::debug!(error = %err, "call-record store warm-up failed"),
            Err(_elapsed) => tracing::debug!("call-record store warm-up timed out"),
        }
    }
}

impl<S: CallRecordStore> CallRecords<S> {
    pub fn new(store: S, deadline: Duration) -> Self {
        Self { store, deadline }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// Applies `write` within the deadline, retries included; on any failure logs it for import.
    /// Needs a tokio runtime with its timer enabled.
    pub async fn write(&self, write: &RecordWrite, now: Timestamp) -> WriteOutcome {
        let reason = match tokio::time::timeout(self.deadline, self.store.apply(write, now)).await {
            Ok(Ok(applied)) => return WriteOutcome::Stored(applied),
            Ok(Err(err)) => err.to_string(),
            Err(_elapsed) => format!(
                "the store did not answer within the {} ms deadline",
                self.deadline.as_millis()
            ),
        };
        log_unwritten(write, now, &reason);
        WriteOutcome::Unwritten { reason }
    }
}

/// Emits the one line that lets the import replay `write`.
pub fn log_unwritten(write: &RecordWrite, now: Timestamp, reason: &str) {
    let unwritten = UnwrittenRecord {
        write: write.clone(),
        now_ms: now.0,
    };
    // Serialising plain data cannot fail; should it ever, the line still says which write was lost.
    let payload = serde_json::to_string(&unwritten)
        .unwrap_or_else(|err| format!("{{\"unserialisable\":\"{err}\"}}"));
    tracing::error!(
        call_record_unwritten = %payload,
        call_id = %write.call_id,
        sequence = write.sequence,
        reason,
        "call record not written; replay it with `handler records import`"
    );
}

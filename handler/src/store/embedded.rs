//! The embedded call-record store: one SQLite file, so local calls keep their records across runs.
//!
//! Each record is a row holding the record as JSON and the sequences already applied. A write reads,
//! folds ([`CallRecord::apply`]) and rewrites the row inside one `IMMEDIATE` transaction, which makes
//! it atomic against other writers in this process and in others (a running handler and
//! `handler records` may share the file). A batch of writes ([`EmbeddedStore::apply_batch`]) shares
//! one transaction, so a replay pays one commit per batch rather than per event. SQLite calls block,
//! so they run on tokio's blocking pool.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use interpreter::effect::RecordWrite;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::behind::PendingWrite;
use super::record::{CallRecord, WriteDelta};
use super::timestamp::Timestamp;
use super::{Applied, CallRecordStore, StoreError};

/// How long to wait for another process's transaction on the same file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS call_records (
        call_id   TEXT PRIMARY KEY NOT NULL,
        sort_time INTEGER,          -- ms since the epoch: start, or the earliest time known
        record    TEXT NOT NULL,    -- CallRecord as JSON, contract attribute names
        applied   TEXT NOT NULL     -- JSON array of the sequences already folded in
    );
    CREATE INDEX IF NOT EXISTS call_records_by_time ON call_records (sort_time DESC);
";

/// A SQLite file of call records.
#[derive(Debug, Clone)]
pub struct EmbeddedStore {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
    retention: Duration,
}

impl EmbeddedStore {
    /// Opens (creating the file and its folder if needed) the database at `path`.
    pub fn open(path: &Path, retention: Duration) -> Result<Self, StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::CreateDir {
                path: path.to_owned(),
                source,
            })?;
        }
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let connection = Connection::open(path).map_err(sqlite)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        // WAL lets `handler records` read while a handler writes.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
        // In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a committed write
        // survives the process exiting or crashing; only a power cut can take the last commits.
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite)?;
        connection.execute_batch(SCHEMA).map_err(sqlite)?;
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
            path: path.to_owned(),
            retention,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Folds every write of `batch` in, in order, in one transaction: all of them or none.
    pub async fn apply_batch(&self, batch: &[PendingWrite]) -> Result<Vec<Applied>, StoreError> {
        let deltas: Vec<Option<WriteDelta>> = batch
            .iter()
            .map(|p| (!p.write.effects.is_empty()).then(|| WriteDelta::new(&p.write, p.now)))
            .collect();
        let retention = self.retention;
        self.with_connection(move |connection, path| {
            let transaction = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|source| sqlite(path, source))?;
            let applied = deltas
                .iter()
                .map(|delta| match delta {
                    Some(delta) => fold_row(&transaction, path, delta, retention),
                    None => Ok(Applied::Empty),
                })
                .collect::<Result<Vec<_>, _>>()?;
            transaction
                .commit()
                .map_err(|source| sqlite(path, source))?;
            Ok(applied)
        })
        .await
    }

    /// Runs `work` on the blocking pool with the connection.
    async fn with_connection<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection, &Path) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let connection = Arc::clone(&self.connection);
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let mut connection = connection
                .lock()
                .map_err(|_| StoreError::Poisoned { path: path.clone() })?;
            work(&mut connection, &path)
        })
        .await
        .map_err(|source| StoreError::Task { source })?
    }
}

impl CallRecordStore for EmbeddedStore {
    async fn apply(&self, write: &RecordWrite, now: Timestamp) -> Result<Applied, StoreError> {
        if write.effects.is_empty() {
            return Ok(Applied::Empty);
        }
        let delta = WriteDelta::new(write, now);
        let retention = self.retention;
        self.with_connection(move |connection, path| fold_in(connection, path, &delta, retention))
            .await
    }

    async fn get(&self, call_id: &str) -> Result<Option<CallRecord>, StoreError> {
        let call_id = call_id.to_owned();
        self.with_connection(move |connection, path| {
            let row = connection
                .query_row(
                    "SELECT record, applied FROM call_records WHERE call_id = ?1",
                    params![call_id],
                    |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
                )
                .optional()
                .map_err(|source| sqlite(path, source))?;
            row.map(|(record, _)| decode(&call_id, path, &record))
                .transpose()
        })
        .await
    }

    async fn list(&self, limit: usize) -> Result<Vec<CallRecord>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.with_connection(move |connection, path| {
            let mut statement = connection
                .prepare(
                    "SELECT call_id, record FROM call_records
                     ORDER BY sort_time DESC, call_id LIMIT ?1",
                )
                .map_err(|source| sqlite(path, source))?;
            let rows = statement
                .query_map(params![limit], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })
                .map_err(|source| sqlite(path, source))?;
            rows.map(|row| {
                let (call_id, record) = row.map_err(|source| sqlite(path, source))?;
                decode(&call_id, path, &record)
            })
            .collect()
        })
        .await
    }
}

/// Reads, folds and rewrites one record in a single write transaction.
fn fold_in(
    connection: &mut Connection,
    path: &Path,
    delta: &WriteDelta,
    retention: Duration,
) -> Result<Applied, StoreError> {
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|source| sqlite(path, source))?;
    let applied = fold_row(&transaction, path, delta, retention)?;
    if applied == Applied::Written {
        transaction
            .commit()
            .map_err(|source| sqlite(path, source))?;
    }
    Ok(applied)
}

/// Reads, folds and rewrites one record, inside the caller's transaction.
fn fold_row(
    connection: &Connection,
    path: &Path,
    delta: &WriteDelta,
    retention: Duration,
) -> Result<Applied, StoreError> {
    // Cached statements: a batch runs the same two statements once per write.
    let row = connection
        .prepare_cached("SELECT record, applied FROM call_records WHERE call_id = ?1")
        .and_then(|mut select| {
            select
                .query_row(params![delta.call_id], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })
                .optional()
        })
        .map_err(|source| sqlite(path, source))?;
    let (mut record, mut applied) = match row {
        Some((record, applied)) => (
            decode(&delta.call_id, path, &record)?,
            decode::<BTreeSet<u64>>(&delta.call_id, path, &applied)?,
        ),
        None => (CallRecord::empty(&delta.call_id), BTreeSet::new()),
    };
    if !applied.insert(delta.sequence) {
        return Ok(Applied::Duplicate);
    }
    record.apply(delta, retention);
    let sort_time = record
        .sort_time()
        .map(|time| i64::try_from(time.0).unwrap_or(i64::MAX));
    let record = encode(&delta.call_id, path, &record)?;
    let applied = encode(&delta.call_id, path, &applied)?;
    connection
        .prepare_cached(
            "INSERT INTO call_records (call_id, sort_time, record, applied)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (call_id) DO UPDATE SET
                 sort_time = excluded.sort_time,
                 record = excluded.record,
                 applied = excluded.applied",
        )
        .and_then(|mut upsert| upsert.execute(params![delta.call_id, sort_time, record, applied]))
        .map_err(|source| sqlite(path, source))?;
    Ok(Applied::Written)
}

fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_owned(),
        source,
    }
}

fn decode<T: serde::de::DeserializeOwned>(
    call_id: &str,
    path: &Path,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|source| StoreError::StoredJson {
        call_id: call_id.to_owned(),
        path: path.to_owned(),
        source,
    })
}

fn encode<T: serde::Serialize>(
    call_id: &str,
    path: &Path,
    value: &T,
) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|source| StoreError::StoredJson {
        call_id: call_id.to_owned(),
        path: path.to_owned(),
        source,
    })
}

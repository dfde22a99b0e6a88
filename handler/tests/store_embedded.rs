//! The embedded call-record store: a SQLite file that keeps records across runs, ignores duplicates
//! and lists newest first; and `handler records` over it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "store_support/calls.rs"]
mod calls;

use std::path::PathBuf;
use std::time::Duration;

use handler::records_cmd::{Format, RecordsCommand, execute};
use handler::store::behind::BATCH_MAX;
use handler::store::record::{DEFAULT_RETENTION, WriteDelta};
use handler::store::{
    Applied, CallRecord, CallRecordStore, CallRecords, EmbeddedStore, PendingWrite, WriteBehind,
    WriteOutcome,
};

use calls::{T0, Turn, dial_out, inbound, unanswered_dial_out};

/// A fresh folder for one test's database, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("store-embedded-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        Self(path)
    }

    fn database(&self) -> PathBuf {
        // A folder that does not exist yet: opening creates it.
        self.0.join(".local").join("call-records.sqlite3")
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn open(folder: &Folder) -> EmbeddedStore {
    EmbeddedStore::open(&folder.database(), DEFAULT_RETENTION).unwrap()
}

async fn apply_all(store: &impl CallRecordStore, turns: &[Turn]) -> Vec<Applied> {
    let mut applied = Vec::new();
    for (write, now) in turns {
        applied.push(store.apply(write, *now).await.unwrap());
    }
    applied
}

fn expected(call_id: &str, turns: &[Turn]) -> CallRecord {
    let mut record = CallRecord::empty(call_id);
    for (write, now) in turns {
        record.apply(&WriteDelta::new(write, *now), DEFAULT_RETENTION);
    }
    record
}

#[tokio::test]
async fn records_persist_across_two_opens_of_the_file() {
    let folder = Folder::new("persist");
    let turns = inbound("tx-1", "+15550111", T0);
    {
        let store = open(&folder);
        apply_all(&store, &turns[..3]).await;
    }
    let store = open(&folder);
    assert!(
        apply_all(&store, &turns[3..])
            .await
            .iter()
            .all(|a| *a == Applied::Written)
    );
    assert_eq!(
        store.get("tx-1").await.unwrap(),
        Some(expected("tx-1", &turns))
    );
    // Writes from before the reopening are still recognised as applied.
    assert_eq!(
        store.apply(&turns[0].0, turns[0].1).await.unwrap(),
        Applied::Duplicate
    );
    assert_eq!(store.list(10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn writing_everything_twice_changes_nothing() {
    let folder = Folder::new("duplicates");
    let store = open(&folder);
    let calls = [
        inbound("tx-a", "+15550111", T0),
        dial_out("tx-b", "+15550122", T0 + 1_000),
        unanswered_dial_out("tx-c", T0 + 2_000),
    ];
    for turns in &calls {
        apply_all(&store, turns).await;
    }
    let before = store.list(10).await.unwrap();
    for turns in &calls {
        // Redelivered with a later clock: a duplicate must not take the new time either.
        let later: Vec<Turn> = turns
            .iter()
            .map(|(write, now)| (write.clone(), handler::store::Timestamp(now.0 + 5_000)))
            .collect();
        assert!(
            apply_all(&store, &later)
                .await
                .iter()
                .all(|a| *a == Applied::Duplicate)
        );
    }
    assert_eq!(store.list(10).await.unwrap(), before);
    for (record, turns) in before.iter().rev().zip(&calls) {
        assert_eq!(record, &expected(&record.call_id, turns));
    }
}

#[tokio::test]
async fn records_are_listed_newest_first() {
    let folder = Folder::new("order");
    let store = open(&folder);
    // Written in an order unrelated to their start times.
    for i in [3_u64, 0, 4, 1, 2] {
        let id = format!("tx-{i}");
        apply_all(&store, &dial_out(&id, "+15550122", T0 + i * 60_000)).await;
    }
    // A call whose start is not known yet counts from the earliest time it has.
    let late = inbound("tx-late", "+15550111", T0 + 10 * 60_000);
    apply_all(&store, &late[1..]).await;

    let ids = |records: Vec<CallRecord>| -> Vec<String> {
        records.into_iter().map(|r| r.call_id).collect()
    };
    assert_eq!(
        ids(store.list(10).await.unwrap()),
        ["tx-late", "tx-4", "tx-3", "tx-2", "tx-1", "tx-0"]
    );
    assert_eq!(ids(store.list(2).await.unwrap()), ["tx-late", "tx-4"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_handles_on_one_file_write_safely_at_once() {
    // As a running handler and an import would: two connections to the same file.
    let folder = Folder::new("shared");
    let (first, second) = (open(&folder), open(&folder));
    let mut tasks = Vec::new();
    for i in 0..40_u64 {
        let store = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        let other = if i % 2 == 0 {
            second.clone()
        } else {
            first.clone()
        };
        tasks.push(tokio::spawn(async move {
            let turns = inbound(&format!("tx-{i:02}"), "+15550111", T0 + i * 1_000);
            // Each turn through one handle, its redelivery through the other.
            for (write, now) in &turns {
                store.apply(write, *now).await.unwrap();
                assert_eq!(other.apply(write, *now).await.unwrap(), Applied::Duplicate);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let records = first.list(100).await.unwrap();
    assert_eq!(records.len(), 40);
    for record in &records {
        let i: u64 = record.call_id[3..].parse().unwrap();
        let turns = inbound(&record.call_id, "+15550111", T0 + i * 1_000);
        assert_eq!(record, &expected(&record.call_id, &turns));
    }
}

#[tokio::test]
async fn the_deadline_write_stores_into_the_embedded_file() {
    let folder = Folder::new("deadline");
    let records = CallRecords::new(open(&folder), Duration::from_millis(800));
    let turns = dial_out("tx-d", "+15550122", T0);
    for (write, now) in &turns {
        assert_eq!(
            records.write(write, *now).await,
            WriteOutcome::Stored(Applied::Written)
        );
    }
    let (write, now) = &turns[0];
    assert_eq!(
        records.write(write, *now).await,
        WriteOutcome::Stored(Applied::Duplicate)
    );
}

#[tokio::test]
async fn handler_records_shows_a_table_or_json() {
    let folder = Folder::new("command");
    let store = open(&folder);
    apply_all(&store, &dial_out("tx-out", "+15550122", T0)).await;
    apply_all(&store, &unanswered_dial_out("tx-failed", T0 + 60_000)).await;

    let mut out = Vec::new();
    let table = RecordsCommand::List {
        limit: 10,
        format: Format::Table,
    };
    execute(&store, &table, &mut out).await.unwrap();
    let expected_table = "\
START (UTC)          DIRECTION  CALLER     CALLEE     STATUS                    DURATION  RECORDING        CALL ID
2025-01-01 00:01:00  outbound   +15550100  -          failed (CallNotAnswered)  0:41      -                tx-failed
2025-01-01 00:00:00  outbound   +15550100  +15550122  ended                     1:35      started,stopped  tx-out
";
    assert_eq!(String::from_utf8(out).unwrap(), expected_table);

    let mut out = Vec::new();
    let json = RecordsCommand::List {
        limit: 1,
        format: Format::Json,
    };
    execute(&store, &json, &mut out).await.unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(shown[0]["callID"], "tx-failed");
    assert_eq!(shown[0]["status"], "failed");
    assert_eq!(shown[0]["failure"], "CallNotAnswered");
    assert_eq!(shown[0]["startTime"], "2025-01-01T00:01:00.000Z");
    assert!(shown[0]["TTL"].is_u64());
    assert_eq!(shown.as_array().map(Vec::len), Some(1));
}

fn pending(turns: &[Turn]) -> Vec<PendingWrite> {
    turns
        .iter()
        .map(|(write, now)| PendingWrite {
            write: write.clone(),
            now: *now,
        })
        .collect()
}

#[tokio::test]
async fn a_batch_folds_its_writes_in_order_in_one_transaction() {
    let folder = Folder::new("batch");
    let store = open(&folder);
    let calls = [
        ("tx-b1", inbound("tx-b1", "+15550111", T0)),
        ("tx-b2", dial_out("tx-b2", "+15550122", T0 + 5_000)),
    ];
    // The two calls' writes interleaved, as a replay of two calls at once would send them.
    let mut batch = Vec::new();
    for i in 0..calls.iter().map(|(_, t)| t.len()).max().unwrap() {
        for (_, turns) in &calls {
            batch.extend(pending(turns.get(i..=i).unwrap_or_default()));
        }
    }
    let applied = store.apply_batch(&batch).await.unwrap();
    assert_eq!(applied.len(), batch.len());
    assert!(
        applied.iter().all(|a| *a == Applied::Written),
        "{applied:?}"
    );
    for (call_id, turns) in &calls {
        assert_eq!(
            store.get(call_id).await.unwrap(),
            Some(expected(call_id, turns))
        );
    }
    // The same batch again changes nothing; a batch may repeat a write of its own.
    let mut again = batch.clone();
    again.extend(batch.iter().take(1).cloned());
    let applied = store.apply_batch(&again).await.unwrap();
    assert!(
        applied.iter().all(|a| *a == Applied::Duplicate),
        "{applied:?}"
    );
}

#[tokio::test]
async fn writes_behind_are_all_stored_once_drained() {
    let folder = Folder::new("behind");
    let records = CallRecords::new(
        handler::store::AnyStore::Embedded(open(&folder)),
        Duration::from_secs(30),
    );
    let behind = WriteBehind::start(records, false);
    // More than two batches, so the queue makes the answers wait for the writer at least once.
    let mut expected_records = Vec::new();
    for n in 0..(2 * BATCH_MAX / 4 + 3) {
        let call_id = format!("tx-behind-{n}");
        let turns = inbound(&call_id, "+15550111", T0 + n as u64);
        for (write, now) in &turns {
            behind.push(write.clone(), *now).await;
        }
        expected_records.push((call_id.clone(), expected(&call_id, &turns)));
    }
    behind.drain().await;
    let store = open(&folder);
    for (call_id, record) in expected_records {
        assert_eq!(store.get(&call_id).await.unwrap(), Some(record));
    }
}

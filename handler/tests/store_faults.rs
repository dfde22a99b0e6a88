//! The deadline write when DynamoDB cannot take it: a stopped server, a frozen one, a missing table,
//! throttling. Each time the write comes back within the deadline, one replayable log line is
//! emitted, and `handler records import` puts the record back into a working store.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "store_support/calls.rs"]
mod calls;
#[path = "store_support/capture.rs"]
mod capture;
#[path = "store_support/moto.rs"]
mod moto;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use handler::records_cmd::{RecordsCommand, execute};
use handler::store::deadline::UNWRITTEN_FIELD;
use handler::store::import::find_unwritten;
use handler::store::record::{DEFAULT_RETENTION, WriteDelta};
use handler::store::{
    CallRecord, CallRecordStore, CallRecords, DynamoStore, ImportReport, UnwrittenRecord,
    WriteOutcome,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tracing::instrument::WithSubscriber;

use calls::{T0, Turn, dial_out};
use capture::Captured;
use moto::Moto;

const TABLE: &str = "CallRecords";
const DEADLINE: Duration = Duration::from_millis(400);
/// Loose on purpose: this checks that the write gives up, not how precisely.
const MARGIN: Duration = Duration::from_millis(600);

fn expected(call_id: &str, turns: &[Turn]) -> CallRecord {
    let mut record = CallRecord::empty(call_id);
    for (write, now) in turns {
        record.apply(&WriteDelta::new(write, *now), DEFAULT_RETENTION);
    }
    record
}

/// Writes every turn through `records`, each expected to be logged instead, and returns the log.
async fn write_all_unwritten(records: &CallRecords<DynamoStore>, turns: &[Turn]) -> Captured {
    let captured = Captured::default();
    for (write, now) in turns {
        let started = Instant::now();
        let outcome = records
            .write(write, *now)
            .with_subscriber(captured.dispatch())
            .await;
        let took = started.elapsed();
        assert!(
            took <= DEADLINE + MARGIN,
            "the write took {took:?}, the deadline is {DEADLINE:?}"
        );
        let WriteOutcome::Unwritten { reason } = outcome else {
            panic!("expected the write to be logged, got {outcome:?}");
        };
        assert!(!reason.is_empty());
    }
    // One line per write, each carrying the write and the clock reading.
    let marked: Vec<String> = captured
        .lines()
        .into_iter()
        .filter(|line| line.contains(UNWRITTEN_FIELD))
        .collect();
    assert_eq!(marked.len(), turns.len(), "{}", captured.text());
    for (line, (write, now)) in marked.iter().zip(turns) {
        let want = UnwrittenRecord {
            write: write.clone(),
            now_ms: now.0,
        };
        assert_eq!(find_unwritten(line), Some(Ok(want)));
    }
    captured
}

fn log_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("store-faults-{}-{name}.log", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

/// `handler records import LOG` against `store`, with other log lines around the marked ones.
async fn import_log(store: &impl CallRecordStore, name: &str, captured: &Captured) -> ImportReport {
    let text = format!(
        "START RequestId: 8f0e Version: $LATEST\n{}{{\"level\":\"INFO\",\"fields\":{{\"message\":\"answered\"}}}}\nEND RequestId: 8f0e\n",
        captured.text()
    );
    let path = log_file(name, &text);
    let mut out = Vec::new();
    let report = execute(
        store,
        &RecordsCommand::Import { log: path.clone() },
        &mut out,
    )
    .await
    .unwrap()
    .unwrap();
    let _ = std::fs::remove_file(path);
    assert!(String::from_utf8(out).unwrap().contains("written"));
    report
}

async fn working_store() -> (Moto, DynamoStore) {
    let moto = Moto::start().await;
    moto.create_table(TABLE).await;
    let store = DynamoStore::new(moto.client.clone(), TABLE, DEFAULT_RETENTION);
    (moto, store)
}

#[tokio::test]
async fn a_stopped_server_gets_the_records_logged_and_imported_later() {
    let (mut moto, _) = working_store().await;
    let records = CallRecords::new(
        DynamoStore::new(moto.client.clone(), TABLE, DEFAULT_RETENTION),
        DEADLINE,
    );
    moto.stop();
    let turns = dial_out("tx-stopped", "+15550122", T0);
    let log = write_all_unwritten(&records, &turns).await;

    let (_other, store) = working_store().await;
    let report = import_log(&store, "stopped", &log).await;
    assert_eq!((report.found, report.written, report.duplicates), (4, 4, 0));
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(
        store.get("tx-stopped").await.unwrap(),
        Some(expected("tx-stopped", &turns))
    );
    // Importing the same log again is harmless.
    let again = import_log(&store, "stopped-again", &log).await;
    assert_eq!((again.written, again.duplicates), (0, 4));
}

#[tokio::test]
async fn a_frozen_server_gets_the_records_logged_and_imported_later() {
    let (moto, store) = working_store().await;
    let records = CallRecords::new(store.clone(), DEADLINE);
    moto.pause();
    let turns = dial_out("tx-frozen", "+15550122", T0);
    let log = write_all_unwritten(&records, &turns).await;
    moto.resume();

    // The frozen server may still carry out requests it had received: the import then finds
    // duplicates, and the record is complete either way.
    let report = import_log(&store, "frozen", &log).await;
    assert_eq!(report.found, 4);
    assert_eq!(report.written + report.duplicates, 4);
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(
        store.get("tx-frozen").await.unwrap(),
        Some(expected("tx-frozen", &turns))
    );
}

#[tokio::test]
async fn a_missing_table_gets_the_records_logged_and_imported_later() {
    let (moto, store) = working_store().await;
    let records = CallRecords::new(
        DynamoStore::new(moto.client.clone(), "NoSuchTable", DEFAULT_RETENTION),
        DEADLINE,
    );
    let turns = dial_out("tx-no-table", "+15550122", T0);
    let log = write_all_unwritten(&records, &turns).await;
    assert!(
        log.text().contains("ResourceNotFoundException"),
        "{}",
        log.text()
    );

    let report = import_log(&store, "no-table", &log).await;
    assert_eq!((report.written, report.duplicates), (4, 0));
    assert_eq!(
        store.get("tx-no-table").await.unwrap(),
        Some(expected("tx-no-table", &turns))
    );
}

/// An HTTP server that answers every request as DynamoDB does when it throttles.
async fn throttling_server(error: &'static str) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                let mut received = Vec::new();
                let mut buffer = [0_u8; 4096];
                loop {
                    // One request: headers, then as many body bytes as Content-Length says.
                    let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") else {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => received.extend_from_slice(&buffer[..n]),
                        }
                        continue;
                    };
                    let head = String::from_utf8_lossy(&received[..end]).to_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length:"))
                        .map_or(0, |value| value.trim().parse().unwrap_or(0));
                    if received.len() < end + 4 + length {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => received.extend_from_slice(&buffer[..n]),
                        }
                        continue;
                    }
                    received.drain(..end + 4 + length);
                    counter.fetch_add(1, Ordering::SeqCst);
                    let body = format!(
                        r#"{{"__type":"com.amazonaws.dynamodb.v20120810#{error}","message":"Rate of requests exceeds the allowed throughput."}}"#
                    );
                    let response = format!(
                        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: throttled\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (endpoint, requests)
}

#[tokio::test]
async fn throttling_gets_the_records_logged_and_imported_later() {
    for error in [
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
    ] {
        let (endpoint, requests) = throttling_server(error).await;
        let records = CallRecords::new(
            DynamoStore::new(moto::client(&endpoint), TABLE, DEFAULT_RETENTION),
            DEADLINE,
        );
        let call_id = format!("tx-{error}");
        let turns = dial_out(&call_id, "+15550122", T0);
        let log = write_all_unwritten(&records, &turns).await;
        assert!(requests.load(Ordering::SeqCst) >= turns.len(), "{error}");

        let (_moto, store) = working_store().await;
        let report = import_log(&store, error, &log).await;
        assert_eq!((report.written, report.duplicates), (4, 0));
        assert_eq!(
            store.get(&call_id).await.unwrap(),
            Some(expected(&call_id, &turns))
        );
    }
}

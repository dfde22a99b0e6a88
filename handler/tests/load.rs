//! Load through the handler's own code path ([`App`]: decode, open the seal, step, seal, write the
//! call records within their deadline): many calls at once, each the scripted inbound call of
//! `examples/calls/inbound.jsonl` under its own transaction id, against the embedded store and
//! against a DynamoDB-compatible server (moto) that is frozen and resumed, or stopped and restarted
//! (its data kept across the restart, as DynamoDB keeps it), in the middle of the run. Every answer
//! is a valid envelope, every record is complete, and no write is lost: what the server did not
//! take is logged and imported afterwards (`handler records import`).
//!
//! `LOAD_CALLS=10000 cargo test --release -p handler --test load -- --nocapture` is the long run;
//! without it the run is bounded for the test command. Figures go to stderr.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "store_support/capture.rs"]
mod capture;
#[path = "store_support/moto.rs"]
mod moto;
mod support;

use capture::Captured;
use handler::app::App;
use handler::records_cmd::{RecordsCommand, execute};
use handler::seal::Sealer;
use handler::store::record::DEFAULT_RETENTION;
use handler::store::{AnyStore, CallRecordStore, CallRecords, DynamoStore, EmbeddedStore};
use interpreter::wire::Response;
use moto::Moto;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::cli::{TempDir, read_json_lines, root};
use tracing::instrument::WithSubscriber;

const TABLE: &str = "CallRecords";

fn calls(default: usize) -> usize {
    std::env::var("LOAD_CALLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn script() -> Vec<Value> {
    read_json_lines(&root().join("examples/calls/inbound.jsonl"))
}

fn txn(i: usize) -> String {
    format!("{i:08x}-0000-4000-8000-00000000{:04x}", i % 0x10000)
}

fn app(records: CallRecords<AnyStore>) -> App {
    let flow = support::call::flow();
    let config = support::call::config(&flow);
    App {
        flow,
        config,
        earlier: Vec::new(),
        sealer: Sealer::with_keys(support::app::KEY, None),
        records: Some(records),
    }
}

/// One call: each event carries the previous answer's attributes, as the service does.
async fn one_call(app: &App, script: &[Value], id: &str, answered: &AtomicU64) {
    let mut attributes = Value::Null;
    for event in script {
        let mut event = event.clone();
        event["CallDetails"]["TransactionId"] = Value::String(id.to_owned());
        if !attributes.is_null() {
            event["CallDetails"]["TransactionAttributes"] = attributes.clone();
        }
        let answer = app.answer_bytes(event.to_string().as_bytes());
        app.record(&answer).await;
        let json = serde_json::to_value(&answer.turn.response).unwrap();
        let strict: Result<Response, _> = serde_json::from_value(json.clone());
        assert!(strict.is_ok(), "{id}: not a valid envelope: {json}");
        if let Some(a) = json.get("TransactionAttributes") {
            attributes = a.clone();
        }
        answered.fetch_add(1, Ordering::Relaxed);
        // Let the other calls' events in between, as concurrent invocations would.
        tokio::task::yield_now().await;
    }
}

/// Runs `n` calls at once, logging to `log`; returns the time taken and the events answered.
async fn run_all(app: Arc<App>, n: usize, log: Captured) -> (Duration, u64) {
    run_counted(app, n, log, Arc::new(AtomicU64::new(0))).await
}

/// The same, counting the events answered in `answered` as they are.
async fn run_counted(
    app: Arc<App>,
    n: usize,
    log: Captured,
    answered: Arc<AtomicU64>,
) -> (Duration, u64) {
    let script = Arc::new(script());
    let dispatch = log.dispatch();
    let started = Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (app, script, answered) = (app.clone(), script.clone(), answered.clone());
            let call = async move { one_call(&app, &script, &txn(i), &answered).await };
            tokio::spawn(call.with_subscriber(dispatch.clone()))
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (started.elapsed(), answered.load(Ordering::Relaxed))
}

/// A record without what differs from call to call (its id, the clock's readings, the TTL).
fn shape(record: &impl serde::Serialize) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.retain(|k, _| {
                    let k = k.to_ascii_lowercase();
                    !(k == "callid" || k == "ttl" || k.contains("time") || k.contains("duration"))
                        && k != "at"
                });
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(record).unwrap();
    strip(&mut value);
    value
}

/// Checks every call's record against the first one's; returns how many were checked.
async fn assert_every_record_complete(store: &impl CallRecordStore, n: usize) -> usize {
    let reference = store.get(&txn(0)).await.unwrap().expect("a record");
    assert!(reference.end_time.is_some() && reference.recording.is_some());
    assert!(reference.status.is_some(), "{reference:?}");
    let want = shape(&reference);
    for i in 0..n {
        let got = store
            .get(&txn(i))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no record for call {i}"));
        assert_eq!(shape(&got), want, "call {i}");
        assert!(got.end_time.is_some(), "call {i} has no end");
    }
    n
}

/// The unwritten-record lines of a run's log, imported into `store` as `handler records import`
/// does; returns how many there were.
async fn import_unwritten(store: &DynamoStore, captured: &Captured) -> usize {
    let unwritten = captured
        .lines()
        .iter()
        .filter(|l| l.contains(handler::store::deadline::UNWRITTEN_FIELD))
        .count();
    let log = std::env::temp_dir().join(format!("load-{}-{unwritten}.log", std::process::id()));
    std::fs::write(&log, captured.text()).unwrap();
    let mut out = Vec::new();
    let imported = execute(
        store,
        &RecordsCommand::Import { log: log.clone() },
        &mut out,
    )
    .await
    .unwrap()
    .unwrap();
    let _ = std::fs::remove_file(log);
    assert!(imported.is_clean(), "{imported:?}");
    assert_eq!(imported.found, unwritten);
    unwritten
}

fn report(what: &str, n: usize, took: Duration, events: u64) {
    eprintln!(
        "load {what}: {n} calls, {events} events in {:.2} s ({:.0} events/s)",
        took.as_secs_f64(),
        events as f64 / took.as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_calls_at_once_with_the_embedded_store_lose_no_record() {
    let n = calls(200);
    let dir = TempDir::new("load-embedded");
    let store = EmbeddedStore::open(&dir.records(), DEFAULT_RETENTION).unwrap();
    let records = CallRecords::new(AnyStore::Embedded(store.clone()), Duration::from_secs(30));
    let (took, events) = run_all(Arc::new(app(records)), n, Captured::default()).await;
    assert_eq!(events, (n * script().len()) as u64);
    report("embedded store", n, took, events);
    let complete = assert_every_record_complete(&store, n).await;
    eprintln!("load embedded store: {complete} records complete");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_frozen_mid_run_loses_no_record_once_the_log_is_imported() {
    let n = calls(100);
    let moto = Moto::start().await;
    moto.create_table(TABLE).await;
    let store = DynamoStore::new(moto.client.clone(), TABLE, DEFAULT_RETENTION);
    let records = CallRecords::new(AnyStore::Dynamo(store.clone()), Duration::from_millis(500));
    let app = Arc::new(app(records));
    let captured = Captured::default();

    let run = tokio::spawn(run_all(app, n, captured.clone()));
    // Freeze the server once the run is under way, for long enough that writes miss their deadline.
    tokio::time::sleep(Duration::from_millis(700)).await;
    moto.pause();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    moto.resume();
    let (took, events) = run.await.unwrap();
    assert_eq!(events, (n * script().len()) as u64);
    report("moto, frozen 1 s mid-run", n, took, events);

    let unwritten = import_unwritten(&store, &captured).await;
    eprintln!("load moto: {unwritten} writes logged while the server was frozen, replayed");
    assert!(unwritten > 0, "the freeze happened after the run ended");
    let complete = assert_every_record_complete(&store, n).await;
    eprintln!("load moto, frozen: {complete} records complete");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_stopped_and_restarted_mid_run_loses_no_record_once_the_log_is_imported() {
    let n = calls(100);
    let dir = TempDir::new("load-restart");
    let mut moto = Moto::start_durable(dir.path().join("moto-journal.jsonl")).await;
    moto.create_table(TABLE).await;
    let store = DynamoStore::new(moto.client.clone(), TABLE, DEFAULT_RETENTION);
    let records = CallRecords::new(AnyStore::Dynamo(store.clone()), Duration::from_millis(500));
    let app = Arc::new(app(records));
    let captured = Captured::default();
    let answered = Arc::new(AtomicU64::new(0));
    let total = (n * script().len()) as u64;

    let run = tokio::spawn(run_counted(app, n, captured.clone(), answered.clone()));
    // Stop the server a tenth of the way through, keep it down for a second, start it again: the
    // writes it already took come back from its journal, those made while it was down are logged.
    while answered.load(Ordering::Relaxed) < total / 10 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    moto.stop();
    let stopped_at = answered.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let restarting = Instant::now();
    moto.restart().await;
    let restarted_at = answered.load(Ordering::Relaxed);
    let (took, events) = run.await.unwrap();
    assert_eq!(events, total);
    report("moto, stopped and restarted mid-run", n, took, events);
    eprintln!(
        "load moto: stopped after {stopped_at} events, back after {restarted_at} ({:.2} s to restart)",
        restarting.elapsed().as_secs_f64()
    );
    assert!(stopped_at < total, "the server stopped after the run ended");

    let unwritten = import_unwritten(&store, &captured).await;
    eprintln!("load moto: {unwritten} writes logged while the server was down, replayed");
    assert!(unwritten > 0, "no write met the stopped server");
    let complete = assert_every_record_complete(&store, n).await;
    eprintln!("load moto, restarted: {complete} records complete");
}

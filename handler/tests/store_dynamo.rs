//! The DynamoDB call-record store against a real DynamoDB-compatible server (moto): the contract's
//! attributes, duplicates, out-of-order and concurrent writes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "store_support/calls.rs"]
mod calls;
#[path = "store_support/moto.rs"]
mod moto;

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;
use calls::{LOCATION, OWNER, RECORDING_OBJECT, T0, Turn, dial_out, inbound, unanswered_dial_out};
use handler::store::record::{DEFAULT_RETENTION, WriteDelta};
use handler::store::{
    Applied, CallRecord, CallRecordStore, CallRecords, DynamoStore, EmbeddedStore, StoreConfig,
    WriteOutcome,
};
use moto::Moto;

const TABLE: &str = "CallRecords";
const NINETY_DAYS: u64 = 90 * 86_400;

type Item = HashMap<String, AttributeValue>;

async fn server() -> (Moto, DynamoStore) {
    let moto = Moto::start().await;
    moto.create_table(TABLE).await;
    let store = DynamoStore::new(moto.client.clone(), TABLE, DEFAULT_RETENTION);
    (moto, store)
}

async fn apply_all(store: &impl CallRecordStore, turns: &[Turn]) -> Vec<Applied> {
    let mut applied = Vec::new();
    for (write, now) in turns {
        applied.push(store.apply(write, *now).await.unwrap());
    }
    applied
}

async fn raw_item(client: &Client, call_id: &str) -> Item {
    client
        .get_item()
        .table_name(TABLE)
        .key("callID", AttributeValue::S(call_id.to_owned()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
        .unwrap_or_else(|| panic!("no item for {call_id}"))
}

async fn all_items(client: &Client) -> Vec<Item> {
    let mut items = client
        .scan()
        .table_name(TABLE)
        .send()
        .await
        .unwrap()
        .items
        .unwrap_or_default();
    items.sort_by_key(|item| format!("{:?}", item.get("callID")));
    items
}

fn s(item: &Item, name: &str) -> String {
    match item.get(name) {
        Some(AttributeValue::S(text)) => text.clone(),
        other => panic!("{name} is {other:?}, not a string"),
    }
}

fn n(item: &Item, name: &str) -> u64 {
    match item.get(name) {
        Some(AttributeValue::N(text)) => text.parse().unwrap(),
        other => panic!("{name} is {other:?}, not a number"),
    }
}

fn m<'a>(item: &'a Item, name: &str) -> &'a Item {
    match item.get(name) {
        Some(AttributeValue::M(map)) => map,
        other => panic!("{name} is {other:?}, not a map"),
    }
}

/// `(change, time)` of each recording change in the item, in stored order.
fn changes(item: &Item) -> Vec<(String, String)> {
    match m(item, "recording").get("changes") {
        Some(AttributeValue::L(list)) => list
            .iter()
            .map(|entry| match entry {
                AttributeValue::M(change) => (s(change, "change"), s(change, "time")),
                other => panic!("a change is {other:?}"),
            })
            .collect(),
        other => panic!("changes are {other:?}"),
    }
}

/// What the record model says the writes make, whatever the store.
fn expected(call_id: &str, turns: &[Turn]) -> CallRecord {
    let mut record = CallRecord::empty(call_id);
    for (write, now) in turns {
        record.apply(&WriteDelta::new(write, *now), DEFAULT_RETENTION);
    }
    record
}

#[tokio::test]
async fn a_whole_inbound_call_is_one_item_with_every_contract_attribute() {
    let (moto, store) = server().await;
    let turns = inbound("tx-inbound", "+15550111", T0);
    assert!(
        apply_all(&store, &turns)
            .await
            .iter()
            .all(|a| *a == Applied::Written)
    );

    let item = raw_item(&moto.client, "tx-inbound").await;
    assert_eq!(s(&item, "callID"), "tx-inbound");
    assert_eq!(s(&item, "direction"), "Inbound");
    assert_eq!(s(&item, "caller"), "+15550111");
    assert_eq!(s(&item, "callee"), OWNER);
    assert_eq!(s(&item, "startTime"), "2025-01-01T00:00:00.000Z");
    assert_eq!(s(&item, "endTime"), "2025-01-01T00:01:11.400Z");
    assert_eq!(n(&item, "durationSeconds"), 71);
    assert_eq!(s(&item, "status"), "ended");
    assert!(!item.contains_key("failure"));
    assert_eq!(s(m(&item, "flow"), "name"), "recording");
    assert_eq!(s(m(&item, "flow"), "version"), "3f2a9c");
    // TTL is a Number: epoch seconds, 90 days after the end.
    assert_eq!(n(&item, "TTL"), (T0 + 71_400) / 1000 + NINETY_DAYS);
    assert_eq!(s(m(&item, "recording"), "location"), LOCATION);
    assert_eq!(
        changes(&item),
        [
            ("started", "2025-01-01T00:00:08.000Z"),
            ("paused", "2025-01-01T00:00:20.000Z"),
            ("resumed", "2025-01-01T00:00:30.500Z"),
            ("stopped", "2025-01-01T00:00:50.250Z"),
        ]
        .map(|(change, time)| (change.to_owned(), time.to_owned()))
    );
    assert_eq!(s(&item, "recordingKey"), RECORDING_OBJECT);
    let list = |name: &str| match item.get(name) {
        Some(AttributeValue::L(entries)) => entries.clone(),
        other => panic!("{name} is {other:?}, not a list"),
    };
    let hangups = list("hangups");
    let AttributeValue::M(hangup) = &hangups[0] else {
        panic!("{hangups:?}")
    };
    assert_eq!(s(hangup, "leg"), "LEG-B");
    assert_eq!(n(hangup, "sipCode"), 486);
    let facts: Vec<String> = list("facts")
        .iter()
        .map(|f| match f {
            AttributeValue::M(fact) => format!("{}={}", s(fact, "name"), s(fact, "value")),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(facts, ["choice=6", "outcome=stopped"]);
    assert_eq!(all_items(&moto.client).await.len(), 1);
    assert_eq!(
        store.get("tx-inbound").await.unwrap(),
        Some(expected("tx-inbound", &turns))
    );
}

#[tokio::test]
async fn a_whole_dial_out_is_one_item_with_the_dialled_callee() {
    let (moto, store) = server().await;
    let turns = dial_out("tx-out", "+15550122", T0);
    apply_all(&store, &turns).await;

    let item = raw_item(&moto.client, "tx-out").await;
    assert_eq!(s(&item, "direction"), "Outbound");
    assert_eq!(s(&item, "caller"), OWNER);
    assert_eq!(s(&item, "callee"), "+15550122");
    assert_eq!(s(&item, "startTime"), "2025-01-01T00:00:00.000Z");
    assert_eq!(s(&item, "endTime"), "2025-01-01T00:01:35.000Z");
    assert_eq!(n(&item, "durationSeconds"), 95);
    assert_eq!(s(&item, "status"), "ended");
    assert_eq!(n(&item, "TTL"), (T0 + 95_000) / 1000 + NINETY_DAYS);
    let kinds: Vec<String> = changes(&item)
        .into_iter()
        .map(|(change, _)| change)
        .collect();
    assert_eq!(kinds, ["started", "stopped"]);
}

#[tokio::test]
async fn a_failed_call_keeps_the_error_type() {
    let (moto, store) = server().await;
    apply_all(&store, &unanswered_dial_out("tx-failed", T0)).await;

    let item = raw_item(&moto.client, "tx-failed").await;
    assert_eq!(s(&item, "status"), "failed");
    assert_eq!(s(&item, "failure"), "CallNotAnswered");
    assert_eq!(n(&item, "durationSeconds"), 41);
    assert!(!item.contains_key("callee"));
    let record = store.get("tx-failed").await.unwrap().unwrap();
    assert_eq!(
        record.recording, None,
        "an unrecorded call has no recording"
    );
}

#[tokio::test]
async fn writing_everything_twice_changes_nothing() {
    let (moto, store) = server().await;
    let calls = [
        inbound("tx-a", "+15550111", T0),
        dial_out("tx-b", "+15550122", T0 + 1_000),
        unanswered_dial_out("tx-c", T0 + 2_000),
    ];
    for turns in &calls {
        apply_all(&store, turns).await;
    }
    let before = all_items(&moto.client).await;
    for turns in &calls {
        // Redelivered, and in another order than the first time.
        let mut again = turns.clone();
        again.reverse();
        assert!(
            apply_all(&store, &again)
                .await
                .iter()
                .all(|a| *a == Applied::Duplicate)
        );
    }
    assert_eq!(all_items(&moto.client).await, before);
}

#[tokio::test]
async fn writes_in_any_order_converge_to_the_same_record_in_both_stores() {
    let (_moto, store) = server().await;
    let folder = std::env::temp_dir().join(format!("store-dynamo-order-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let embedded = EmbeddedStore::open(&folder.join("records.sqlite3"), DEFAULT_RETENTION).unwrap();

    let orders: [&[usize]; 5] = [
        &[0, 1, 2, 3, 4, 5],
        &[5, 4, 3, 2, 1, 0],
        // A recording change before anything else of the call.
        &[3, 5, 0, 2, 1, 4],
        &[1, 0, 5, 2, 4, 3],
        &[2, 4, 1, 3, 0, 5],
    ];
    for (i, order) in orders.iter().enumerate() {
        let call_id = format!("tx-order-{i}");
        let turns = inbound(&call_id, "+15550111", T0);
        let shuffled: Vec<Turn> = order.iter().map(|&k| turns[k].clone()).collect();
        apply_all(&store, &shuffled).await;
        apply_all(&embedded, &shuffled).await;
        let want = expected(&call_id, &turns);
        assert_eq!(
            store.get(&call_id).await.unwrap().as_ref(),
            Some(&want),
            "{order:?}"
        );
        assert_eq!(
            embedded.get(&call_id).await.unwrap().as_ref(),
            Some(&want),
            "{order:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&folder);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_calls_leave_two_hundred_complete_records() {
    let (_moto, store) = server().await;
    let calls: Vec<Vec<Turn>> = (0..200_u64)
        .map(|i| {
            let id = format!("tx-{i:03}");
            let start = T0 + i * 1_000;
            match i % 3 {
                0 => inbound(&id, "+15550111", start),
                1 => dial_out(&id, "+15550122", start),
                _ => unanswered_dial_out(&id, start),
            }
        })
        .collect();
    let mut tasks = Vec::new();
    for (i, turns) in calls.iter().cloned().enumerate() {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            if i % 4 == 0 {
                // Every turn of the call at once, as concurrent invocations would deliver them.
                let racing: Vec<_> = turns
                    .into_iter()
                    .map(|(write, now)| {
                        let store = store.clone();
                        tokio::spawn(async move { store.apply(&write, now).await })
                    })
                    .collect();
                for task in racing {
                    task.await.unwrap().unwrap();
                }
            } else {
                apply_all(&store, &turns).await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    let records = store.list(1_000).await.unwrap();
    assert_eq!(records.len(), 200);
    let by_id: HashMap<&str, &CallRecord> =
        records.iter().map(|r| (r.call_id.as_str(), r)).collect();
    for (i, turns) in calls.iter().enumerate() {
        let id = format!("tx-{i:03}");
        assert_eq!(
            by_id.get(id.as_str()).copied(),
            Some(&expected(&id, turns)),
            "{id}"
        );
    }
    // Newest first.
    assert_eq!(records[0].call_id, "tx-199");
    assert_eq!(records[199].call_id, "tx-000");
}

/// Run by `the_client_comes_from_the_standard_aws_environment` in a child process whose
/// environment points the SDK at the test server.
#[tokio::test]
#[ignore = "run with its environment by the_client_comes_from_the_standard_aws_environment"]
async fn child_writes_through_the_configured_store() {
    let config = StoreConfig::from_env().unwrap();
    assert_eq!(config.table.as_deref(), Some(TABLE));
    let records = CallRecords::open(&config).await.unwrap();
    for (write, now) in dial_out("tx-env", "+15550122", T0) {
        assert_eq!(
            records.write(&write, now).await,
            WriteOutcome::Stored(Applied::Written)
        );
    }
}

#[tokio::test]
async fn the_client_comes_from_the_standard_aws_environment() {
    let (moto, store) = server().await;
    let status = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "child_writes_through_the_configured_store",
        ])
        .env("CALL_RECORDS_TABLE", TABLE)
        .env("AWS_ENDPOINT_URL_DYNAMODB", &moto.endpoint)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .status();
    let status = tokio::time::timeout(Duration::from_secs(60), status)
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "the child test failed");
    let turns = dial_out("tx-env", "+15550122", T0);
    assert_eq!(
        store.get("tx-env").await.unwrap(),
        Some(expected("tx-env", &turns))
    );
}

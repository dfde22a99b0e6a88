//! The handler as the Lambda service runs it: the built binary, no command, `AWS_LAMBDA_RUNTIME_API`
//! pointing at a local Runtime API inside this test ([`runtime_api`]), which also serves the
//! Extensions API the handler's internal extension uses and takes the DynamoDB calls of the
//! call-record writes: answered there, or forwarded to a real DynamoDB-compatible server (moto)
//! behind a gate the test opens, so that "the table is slow" needs no clock.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "store_support/moto.rs"]
mod moto;
#[path = "lambda_support/runtime_api.rs"]
mod runtime_api;
mod support;

use runtime_api::{Shared, lambda_environment, start_server};
use serde_json::Value;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::Duration;
use support::cli::*;

/// The handler in Lambda mode against the server at `address`, its logs in `log`.
fn lambda(dir: &TempDir, address: &str, log: &std::path::Path) -> std::process::Command {
    let mut command = handler(dir, &[]);
    command
        .envs(lambda_environment(address))
        .env("CALL_RECORDS_TABLE", "call-records")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap());
    command
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn e1() -> Vec<u8> {
    std::fs::read(
        root().join(
            "examples/events/e1-new-inbound-call-pstn-caller-real-capture-style-status-ab.json",
        ),
    )
    .unwrap()
}

#[test]
fn the_lambda_runtime_gets_an_envelope_for_every_event_and_never_an_error() {
    let shared = Arc::new(Shared::default());
    let address = start_server(&shared);
    shared.update(|s| {
        s.pending.push_back(("req-1-event".to_owned(), e1()));
        s.pending.push_back((
            "req-2-not-an-sma-event".to_owned(),
            br#"{"hello":1}"#.to_vec(),
        ));
    });

    let dir = TempDir::new("lambda");
    let log = dir.path().join("stderr.log");
    let mut child = lambda(&dir, &address, &log).spawn().unwrap();

    // Both answers, and the write behind the first.
    let answered = shared.wait_for(Duration::from_secs(60), |s| {
        (s.responses.len() >= 2 && s.done("UpdateItem") >= 1) || !s.failures.is_empty()
    });
    // The function now waits for a third invocation that never comes, as in Lambda.
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    shared.update(|s| s.closed = true);
    let logs = std::fs::read_to_string(&log).unwrap();

    let seen = shared.seen.lock().unwrap();
    assert!(
        seen.failures.is_empty(),
        "errors posted: {:?}\nlogs:\n{logs}",
        seen.failures
    );
    assert!(answered, "two answers within a minute; logs:\n{logs}");
    assert!(still_running, "the function keeps polling; logs:\n{logs}");
    assert_eq!(seen.responses.len(), 2);
    // One internal extension, registered during init, for the invocations only.
    assert_eq!(seen.extensions.len(), 1, "{:?}", seen.extensions);
    assert_eq!(seen.extensions[0].name, "call-records");
    assert_eq!(seen.extensions[0].events, ["INVOKE"]);

    let (id, first) = &seen.responses[0];
    assert_eq!(id, "req-1-event");
    let first = envelope(first);
    assert_eq!(types(&first), ["PlayAudio", "PlayAudio", "CallAndBridge"]);
    assert_eq!(
        action(&first, 2)["Parameters"]["Endpoints"][0]["Uri"],
        OWNER
    );

    let (id, second) = &seen.responses[1];
    assert_eq!(id, "req-2-not-an-sma-event");
    envelope(second);
    assert_eq!(second, EMPTY);

    // The call record of the new call went to the table.
    assert!(
        seen.dynamo
            .iter()
            .any(|(target, body)| target.ends_with("UpdateItem") && body.contains("call-records")),
        "call-record writes: {:?}",
        seen.dynamo
    );

    // Logs: JSON lines for CloudWatch, one per answered event with what came and went; numbers
    // masked.
    let lines: Vec<Value> = logs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l}"))
        })
        .collect();
    let answered = lines
        .iter()
        .find(|l| l["event_type"] == "NEW_INBOUND_CALL")
        .unwrap_or_else(|| panic!("no log line for the new call:\n{logs}"));
    assert_eq!(
        answered["transaction_id"],
        "3b1a6f0e-7c2d-4e55-9a41-0d8e2f6b9c10"
    );
    assert_eq!(answered["sequence"], 1);
    assert_eq!(answered["actions"], "PlayAudio,PlayAudio,CallAndBridge");
    assert_eq!(answered["from"], "********0199");
    assert!(
        answered.to_string().contains("req-1-event"),
        "the request id: {answered}"
    );
    let refused = lines
        .iter()
        .find(|l| l.to_string().contains("unusable"))
        .unwrap_or_else(|| panic!("no log line for the malformed event:\n{logs}"));
    assert!(refused.to_string().contains("SchemaVersion"), "{refused}");
    for number in ["+14255550199", "4255550199", "+12065550100", "2065550100"] {
        assert!(!logs.contains(number), "{number} in the logs:\n{logs}");
    }
}

#[test]
fn a_start_up_error_in_lambda_is_reported_and_never_answers() {
    let shared = Arc::new(Shared::default());
    let address = start_server(&shared);
    shared.update(|s| s.pending.push_back(("req-1".to_owned(), e1())));
    let dir = TempDir::new("lambda-start");
    let mut command = handler(&dir, &[]);
    let output = command
        .env_remove("SOURCE_PHONE")
        .envs(lambda_environment(&address))
        .env("CALL_RECORDS_TABLE", "call-records")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    shared.update(|s| s.closed = true);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("SOURCE_PHONE"),
        "{}",
        stderr(&output)
    );
    let seen = shared.seen.lock().unwrap();
    assert!(seen.responses.is_empty(), "{:?}", seen.responses);
    assert_eq!(seen.pending.len(), 1, "no invocation was taken");
}

/// A NEW_INBOUND_CALL of its own call.
fn new_call(transaction_id: &str) -> Vec<u8> {
    let mut event: Value = serde_json::from_slice(&e1()).unwrap();
    event["CallDetails"]["TransactionId"] = transaction_id.into();
    event.to_string().into_bytes()
}

/// The record moto holds for `call_id`, if any.
async fn stored(moto: &moto::Moto, call_id: &str) -> Option<Value> {
    let item = moto
        .client
        .get_item()
        .table_name("call-records")
        .key(
            "callID",
            aws_sdk_dynamodb::types::AttributeValue::S(call_id.to_owned()),
        )
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item?;
    let status = item.get("status").and_then(|v| v.as_s().ok()).cloned();
    Some(serde_json::json!({ "callID": call_id, "status": status }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answer_does_not_wait_for_a_slow_table_and_no_record_is_lost() {
    let moto = moto::Moto::start().await;
    moto.create_table("call-records").await;
    let shared = Arc::new(Shared::default());
    let address = start_server(&shared);
    // The table answers nothing until the test opens the gate.
    let moto_address = moto.endpoint.trim_start_matches("http://").to_owned();
    shared.update(|s| {
        s.moto = Some(moto_address);
        s.pending
            .push_back(("req-1".to_owned(), new_call("call-answered-first")));
    });
    let dir = TempDir::new("lambda-behind");
    let log = dir.path().join("stderr.log");
    let mut child = lambda(&dir, &address, &log).spawn().unwrap();
    let logs = || std::fs::read_to_string(&log).unwrap_or_default();

    // The answer is posted while every request to the table is still held.
    let answered = shared.wait_for(Duration::from_secs(60), |s| {
        !s.responses.is_empty() || !s.failures.is_empty()
    });
    // The writer opens the connection as soon as it starts, during init; on a loaded machine its
    // request may reach the table just after the answer, so it is waited for, not raced.
    let warmed = shared.wait_for(Duration::from_secs(60), |s| !s.dynamo.is_empty());
    {
        let seen = shared.seen.lock().unwrap();
        assert!(answered, "an answer; logs:\n{}", logs());
        assert!(warmed, "a request to the table; logs:\n{}", logs());
        assert!(seen.failures.is_empty(), "{:?}", seen.failures);
        assert_eq!(types(&envelope(&seen.responses[0].1)).len(), 3);
        assert!(
            seen.dynamo_done.is_empty(),
            "the table answered before the caller did: {:?}",
            seen.dynamo_done
        );
        // The connection was opened during init, before any write was due.
        assert_eq!(
            seen.dynamo.first().map(|(t, _)| t.as_str()),
            Some("DynamoDB_20120810.GetItem"),
            "{:?}",
            seen.dynamo
        );
        // The extension holds the environment: it has not asked for its next event.
        assert!(!seen.extensions[0].waiting, "{:?}", seen.extensions);
    }
    assert_eq!(stored(&moto, "call-answered-first").await, None);

    // Once the table answers, the record arrives and the environment is released.
    shared.update(|s| s.gate_open = true);
    let released = shared.wait_for(Duration::from_secs(60), |s| {
        s.extensions[0].waiting && s.done("UpdateItem") >= 1
    });
    assert!(
        released,
        "the extension asks for its next event; logs:\n{}",
        logs()
    );
    let record = stored(&moto, "call-answered-first").await;
    assert_eq!(
        record.as_ref().map(|r| r["status"].clone()),
        Some("started".into()),
        "{record:?}"
    );

    // A second call is answered; its write is held when the environment ends.
    shared.update(|s| {
        s.gate_open = false;
        s.pending
            .push_back(("req-2".to_owned(), new_call("call-at-shutdown")));
    });
    let answered = shared.wait_for(Duration::from_secs(60), |s| {
        s.responses.len() >= 2
            && s.dynamo
                .iter()
                .filter(|(t, _)| t.ends_with("UpdateItem"))
                .count()
                >= 2
    });
    assert!(answered, "a second answer and its write; logs:\n{}", logs());
    shared.shut_down(child.id());
    let mut exited = None;
    for _ in 0..600 {
        exited = child.try_wait().unwrap();
        if exited.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    shared.update(|s| s.closed = true);
    if exited.is_none() {
        stop(&mut child);
    }
    let logs = logs();
    assert!(
        exited.is_some_and(|status| status.success()),
        "the function ends by itself on SIGTERM ({exited:?}); logs:\n{logs}"
    );
    assert!(
        logs.lines().any(|line| line.contains("call_record_unwritten")
            && line.contains("call-at-shutdown")),
        "the held write is logged as a replayable line:\n{logs}"
    );
    assert_eq!(stored(&moto, "call-at-shutdown").await, None);

    // The logged line puts the record where it belongs.
    let import = handler(&dir, &["records", "import", log.to_str().unwrap()])
        .env("CALL_RECORDS_TABLE", "call-records")
        .env("AWS_ENDPOINT_URL_DYNAMODB", &moto.endpoint)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_exit(&import, 0);
    let record = stored(&moto, "call-at-shutdown").await;
    assert_eq!(
        record.as_ref().map(|r| r["status"].clone()),
        Some("started".into()),
        "{record:?}"
    );
}

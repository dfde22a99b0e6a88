//! The handler as the Lambda service runs it: the built binary, no command, `AWS_LAMBDA_RUNTIME_API`
//! pointing at a small Runtime API server inside this test (plain HTTP/1.1 on a local port). The
//! same server answers the DynamoDB calls of the call-record writes, so the test needs no network.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Stdio;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use support::cli::*;

const NEXT: &str = "/2018-06-01/runtime/invocation/next";
const INVOCATION: &str = "/2018-06-01/runtime/invocation/";
const INIT_ERROR: &str = "/2018-06-01/runtime/init/error";
const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:sma-handler";

/// What the function sent back.
#[derive(Default)]
struct Seen {
    /// Invocations still to hand out: (request id, event body).
    pending: VecDeque<(String, Vec<u8>)>,
    /// `POST .../invocation/{id}/response`: (request id, body).
    responses: Vec<(String, String)>,
    /// `POST .../invocation/{id}/error` and `.../init/error`: (path, body).
    failures: Vec<(String, String)>,
    /// DynamoDB operations (`X-Amz-Target`) with their bodies.
    dynamo: Vec<(String, String)>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    seen: Mutex<Seen>,
    changed: Condvar,
}

impl Shared {
    fn update(&self, f: impl FnOnce(&mut Seen)) {
        f(&mut self.seen.lock().unwrap());
        self.changed.notify_all();
    }

    /// Waits until `done` holds or `limit` passes; true when it holds.
    fn wait_for(&self, limit: Duration, done: impl Fn(&Seen) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        let mut seen = self.seen.lock().unwrap();
        while !done(&seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            seen = self.changed.wait_timeout(seen, left).unwrap().0;
        }
        true
    }
}

struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// Reads one request; `None` when the client closed the connection.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    let mut body = Vec::new();
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            chunk.truncate(size);
            body.extend_from_slice(&chunk);
            if size == 0 {
                // Trailers, then the blank line.
                loop {
                    let mut trailer = String::new();
                    reader.read_line(&mut trailer).ok()?;
                    if trailer.trim_end().is_empty() {
                        break;
                    }
                }
                break;
            }
        }
    } else if let Some(length) = headers.get("content-length") {
        body = vec![0; length.parse().ok()?];
        reader.read_exact(&mut body).ok()?;
    }
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/json\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

/// One connection; the runtime client keeps it open for many requests.
fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let path = request.path.as_str();
        if request.method == "GET" && path == NEXT {
            let next = {
                let mut seen = shared.seen.lock().unwrap();
                loop {
                    if let Some(next) = seen.pending.pop_front() {
                        break Some(next);
                    }
                    if seen.closed {
                        break None;
                    }
                    seen = shared.changed.wait(seen).unwrap();
                }
            };
            let Some((id, event)) = next else {
                return;
            };
            let deadline = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis()
                + 3_000;
            respond(
                &mut writer,
                "200 OK",
                &[
                    ("Lambda-Runtime-Aws-Request-Id", id.clone()),
                    ("Lambda-Runtime-Deadline-Ms", deadline.to_string()),
                    (
                        "Lambda-Runtime-Invoked-Function-Arn",
                        FUNCTION_ARN.to_owned(),
                    ),
                    (
                        "Lambda-Runtime-Trace-Id",
                        format!(
                            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=1:{id}"
                        ),
                    ),
                ],
                &event,
            );
        } else if request.method == "POST" && path == INIT_ERROR {
            shared.update(|s| s.failures.push((path.to_owned(), body)));
            respond(&mut writer, "202 Accepted", &[], br#"{"status":"OK"}"#);
        } else if let Some(rest) = path
            .strip_prefix(INVOCATION)
            .filter(|_| request.method == "POST")
        {
            match rest.split_once('/') {
                Some((id, "response")) => {
                    let id = id.to_owned();
                    shared.update(|s| s.responses.push((id, body)));
                }
                _ => shared.update(|s| s.failures.push((path.to_owned(), body))),
            }
            respond(&mut writer, "202 Accepted", &[], br#"{"status":"OK"}"#);
        } else if let Some(target) = request.headers.get("x-amz-target") {
            // A call-record write: the item after the update, as much of it as the writer reads.
            let target = target.clone();
            let key = serde_json::from_str::<Value>(&body)
                .map(|b| b["Key"].clone())
                .unwrap_or_default();
            let answer = serde_json::json!({ "Attributes": key }).to_string();
            shared.update(|s| s.dynamo.push((target, body)));
            respond(&mut writer, "200 OK", &[], answer.as_bytes());
        } else {
            shared.update(|s| {
                s.failures
                    .push((format!("{} {path}", request.method), body))
            });
            respond(&mut writer, "404 Not Found", &[], b"{}");
        }
    }
}

/// Starts the server; returns its address.
fn start_server(shared: &Arc<Shared>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || serve(stream, shared));
        }
    });
    address
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
    let mut child = handler(&dir, &[])
        .env("AWS_LAMBDA_RUNTIME_API", &address)
        .env("AWS_LAMBDA_FUNCTION_NAME", "sma-handler")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env(
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "2026/01/01/[$LATEST]0123456789abcdef",
        )
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/sma-handler")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_SESSION_TOKEN", "token")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("CALL_RECORDS_TABLE", "call-records")
        .env("AWS_ENDPOINT_URL_DYNAMODB", format!("http://{address}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();

    let answered = shared.wait_for(Duration::from_secs(60), |s| {
        s.responses.len() >= 2 || !s.failures.is_empty()
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
        .env("AWS_LAMBDA_RUNTIME_API", &address)
        .env("AWS_LAMBDA_FUNCTION_NAME", "sma-handler")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_REGION", "us-east-1")
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

//! A local Lambda Runtime API for the tests (plain HTTP/1.1 on a local port), with the part of the
//! Extensions API an internal extension uses, modelled on the service:
//!
//! - an extension registers during init only (after the runtime's first `next`, it is refused), and
//!   an internal one for `INVOKE` only (the service refuses `SHUTDOWN` to it);
//! - an invocation goes to the runtime only once every registered extension has asked for its next
//!   event, and each such request is answered with that invocation's `INVOKE`;
//! - the end of the environment is `SIGTERM` to the process ([`Shared::shut_down`]).
//!
//! The same server takes the DynamoDB requests of the call-record writes: it answers them itself
//! (enough of an item for the writer), or, with [`Shared::moto`] set, forwards them to a real
//! DynamoDB-compatible server, each held at a gate until the test opens it: a table as slow as
//! the test wants it, without a clock.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

const NEXT: &str = "/2018-06-01/runtime/invocation/next";
const INVOCATION: &str = "/2018-06-01/runtime/invocation/";
const INIT_ERROR: &str = "/2018-06-01/runtime/init/error";
const REGISTER: &str = "/2020-01-01/extension/register";
const EVENT_NEXT: &str = "/2020-01-01/extension/event/next";
pub const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:sma-handler";

/// A registered extension.
#[derive(Debug, Clone, Default)]
pub struct Registered {
    pub name: String,
    pub events: Vec<String>,
    /// `INVOKE` events handed to it.
    pub delivered: u64,
    /// It is waiting in `event/next`: it is done with the invocation before.
    pub waiting: bool,
}

/// What the function did, as the server saw it.
#[derive(Default)]
pub struct Seen {
    /// Invocations still to hand out: (request id, event body).
    pub pending: VecDeque<(String, Vec<u8>)>,
    /// Invocations handed to the runtime.
    pub started: u64,
    /// `POST .../invocation/{id}/response`: (request id, body).
    pub responses: Vec<(String, String)>,
    /// `POST .../invocation/{id}/error`, `.../init/error`, refused registrations: (path, body).
    pub failures: Vec<(String, String)>,
    pub extensions: Vec<Registered>,
    /// DynamoDB operations (`X-Amz-Target`) with their bodies, as they arrived.
    pub dynamo: Vec<(String, String)>,
    /// DynamoDB operations that the table has answered.
    pub dynamo_done: Vec<String>,
    /// Forward DynamoDB requests to this server (`host:port`) instead of answering them here.
    pub moto: Option<String>,
    /// With `moto`: requests wait while this is false.
    pub gate_open: bool,
    pub closed: bool,
}

impl Seen {
    /// Every extension is waiting for its next event: the environment is idle.
    pub fn idle(&self) -> bool {
        self.extensions.iter().all(|e| e.waiting)
    }

    pub fn done(&self, operation: &str) -> usize {
        self.dynamo_done
            .iter()
            .filter(|t| t.ends_with(operation))
            .count()
    }
}

#[derive(Default)]
pub struct Shared {
    pub seen: Mutex<Seen>,
    changed: Condvar,
}

impl Shared {
    pub fn update(&self, f: impl FnOnce(&mut Seen)) {
        f(&mut self.seen.lock().unwrap());
        self.changed.notify_all();
    }

    /// Waits until `done` holds or `limit` passes; true when it holds.
    pub fn wait_for(&self, limit: Duration, done: impl Fn(&Seen) -> bool) -> bool {
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

    /// Waits (without a limit: the caller's condition is what ends it) while `wait` holds.
    fn block_while(&self, wait: impl Fn(&Seen) -> bool) -> std::sync::MutexGuard<'_, Seen> {
        let mut seen = self.seen.lock().unwrap();
        while wait(&seen) {
            seen = self.changed.wait(seen).unwrap();
        }
        seen
    }

    /// Ends the environment as the service does for a runtime with an internal extension:
    /// `SIGTERM` to the process.
    pub fn shut_down(&self, pid: u32) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -TERM {pid}");
    }
}

pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A start line, its headers (names in lower case) and the body.
type Message = (String, Vec<(String, String)>, Vec<u8>);

/// Reads a header block and its body (by length, chunked, or to the end when `to_end`).
fn read_message(reader: &mut impl BufRead, to_end: bool) -> Option<Message> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            chunk.truncate(size);
            body.extend_from_slice(&chunk);
            if size == 0 {
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
    } else if let Some(length) = get("content-length") {
        body = vec![0; length.parse().ok()?];
        reader.read_exact(&mut body).ok()?;
    } else if to_end {
        reader.read_to_end(&mut body).ok()?;
    }
    Some((line.trim_end().to_owned(), headers, body))
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let (line, headers, body) = read_message(reader, false)?;
    let mut parts = line.split_whitespace();
    Some(Request {
        method: parts.next()?.to_owned(),
        path: parts.next()?.to_owned(),
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

fn now_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
}

/// One connection; the runtime client keeps it open for many requests.
fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let path = request.path.as_str();
        let method = request.method.as_str();
        if method == "GET" && path == NEXT {
            let next = {
                // The next invocation starts once every extension is done with the one before.
                let mut seen =
                    shared.block_while(|s| !s.closed && (s.pending.is_empty() || !s.idle()));
                let next = seen.pending.pop_front();
                if next.is_some() {
                    seen.started += 1;
                }
                next
            };
            shared.changed.notify_all();
            let Some((id, event)) = next else { return };
            respond(
                &mut writer,
                "200 OK",
                &[
                    ("Lambda-Runtime-Aws-Request-Id", id.clone()),
                    ("Lambda-Runtime-Deadline-Ms", (now_ms() + 3_000).to_string()),
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
        } else if method == "POST" && path == REGISTER {
            register(&request, &body, &shared, &mut writer);
        } else if method == "GET" && path == EVENT_NEXT {
            if !extension_next(&request, &shared, &mut writer) {
                return;
            }
        } else if method == "POST" && path == INIT_ERROR {
            shared.update(|s| s.failures.push((path.to_owned(), body)));
            respond(&mut writer, "202 Accepted", &[], br#"{"status":"OK"}"#);
        } else if let Some(rest) = path.strip_prefix(INVOCATION).filter(|_| method == "POST") {
            match rest.split_once('/') {
                Some((id, "response")) => {
                    let id = id.to_owned();
                    shared.update(|s| s.responses.push((id, body)));
                }
                _ => shared.update(|s| s.failures.push((path.to_owned(), body))),
            }
            respond(&mut writer, "202 Accepted", &[], br#"{"status":"OK"}"#);
        } else if let Some(target) = request.header("x-amz-target").map(str::to_owned) {
            dynamo(&request, target, body, &shared, &mut writer);
        } else {
            shared.update(|s| s.failures.push((format!("{method} {path}"), body)));
            respond(&mut writer, "404 Not Found", &[], b"{}");
        }
    }
}

fn register(request: &Request, body: &str, shared: &Shared, writer: &mut TcpStream) {
    let name = request
        .header("lambda-extension-name")
        .unwrap_or_default()
        .to_owned();
    let events: Vec<String> = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|b| serde_json::from_value(b["events"].clone()).ok())
        .unwrap_or_default();
    let mut refused = None;
    let mut id = 0;
    shared.update(|s| {
        if s.started > 0 || !s.responses.is_empty() {
            refused = Some("registration after init");
        } else if events.iter().any(|e| e == "SHUTDOWN") {
            refused = Some("an internal extension cannot register for SHUTDOWN");
        } else if name.is_empty() || s.extensions.iter().any(|e| e.name == name) {
            refused = Some("a missing or duplicate extension name");
        }
        match refused {
            Some(reason) => s
                .failures
                .push((REGISTER.to_owned(), format!("{reason}: {body}"))),
            None => {
                id = s.extensions.len();
                s.extensions.push(Registered {
                    name: name.clone(),
                    events: events.clone(),
                    ..Registered::default()
                });
            }
        }
    });
    match refused {
        Some(reason) => respond(
            writer,
            "403 Forbidden",
            &[],
            serde_json::json!({"errorMessage": reason, "errorType": "Extension.Forbidden"})
                .to_string()
                .as_bytes(),
        ),
        None => respond(
            writer,
            "200 OK",
            &[("Lambda-Extension-Identifier", format!("ext-{id}"))],
            br#"{"functionName":"sma-handler","functionVersion":"$LATEST","handler":"bootstrap"}"#,
        ),
    }
}

/// Answers an extension's `event/next` with the next invocation; false when the server closes.
fn extension_next(request: &Request, shared: &Shared, writer: &mut TcpStream) -> bool {
    let Some(id) = request
        .header("lambda-extension-identifier")
        .and_then(|id| id.strip_prefix("ext-"))
        .and_then(|id| id.parse::<usize>().ok())
    else {
        respond(writer, "403 Forbidden", &[], b"{}");
        return true;
    };
    shared.update(|s| {
        if let Some(e) = s.extensions.get_mut(id) {
            e.waiting = true;
        }
    });
    let delivered = {
        let mut seen = shared.block_while(|s| {
            !s.closed
                && s.extensions
                    .get(id)
                    .is_some_and(|e| e.delivered >= s.started)
        });
        if seen.closed {
            None
        } else {
            let extension = &mut seen.extensions[id];
            extension.delivered += 1;
            extension.waiting = false;
            Some(extension.delivered)
        }
    };
    shared.changed.notify_all();
    let Some(n) = delivered else { return false };
    let event = serde_json::json!({
        "eventType": "INVOKE",
        "deadlineMs": now_ms() + 3_000,
        "requestId": format!("invocation-{n}"),
        "invokedFunctionArn": FUNCTION_ARN,
        "tracing": {"type": "X-Amzn-Trace-Id", "value": "Root=1-5759e988-bd862e3fe1be46a994272793"}
    });
    respond(writer, "200 OK", &[], event.to_string().as_bytes());
    true
}

/// A DynamoDB request: answered here, or forwarded to moto once the gate is open.
fn dynamo(
    request: &Request,
    target: String,
    body: String,
    shared: &Shared,
    writer: &mut TcpStream,
) {
    shared.update(|s| s.dynamo.push((target.clone(), body.clone())));
    let moto = {
        let seen = shared.block_while(|s| s.moto.is_some() && !s.gate_open && !s.closed);
        if seen.moto.is_some() && !seen.gate_open {
            // Closed with the gate shut: the request never reaches the table.
            return;
        }
        seen.moto.clone()
    };
    let Some(moto) = moto else {
        // The item after the update, as much of it as the writer reads.
        let key = serde_json::from_str::<Value>(&body)
            .map(|b| b["Key"].clone())
            .unwrap_or_default();
        let answer = serde_json::json!({ "Attributes": key }).to_string();
        respond(writer, "200 OK", &[], answer.as_bytes());
        shared.update(|s| s.dynamo_done.push(target));
        return;
    };
    let (status, headers, answer) = forward(&moto, request);
    let passed: Vec<(&str, String)> = headers
        .iter()
        .filter(|(name, _)| {
            !matches!(
                name.as_str(),
                "content-length" | "transfer-encoding" | "connection" | "content-type"
            )
        })
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    respond(writer, &status, &passed, &answer);
    shared.update(|s| s.dynamo_done.push(target));
}

/// Sends `request` to `address` on a connection of its own; returns the status, headers and body.
fn forward(address: &str, request: &Request) -> Message {
    let mut upstream = TcpStream::connect(address).unwrap();
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.path);
    for (name, value) in &request.headers {
        if !matches!(
            name.as_str(),
            "content-length" | "transfer-encoding" | "connection"
        ) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        request.body.len()
    ));
    upstream.write_all(head.as_bytes()).unwrap();
    upstream.write_all(&request.body).unwrap();
    let mut reader = BufReader::new(upstream);
    let (line, headers, body) = read_message(&mut reader, true).unwrap();
    let status = line.split_once(' ').map(|(_, s)| s.to_owned()).unwrap();
    (status, headers, body)
}

/// Starts the server; returns its address.
pub fn start_server(shared: &Arc<Shared>) -> String {
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

/// The environment a Lambda function gets, pointing at `address`.
pub fn lambda_environment(address: &str) -> HashMap<&'static str, String> {
    HashMap::from([
        ("AWS_LAMBDA_RUNTIME_API", address.to_owned()),
        ("AWS_LAMBDA_FUNCTION_NAME", "sma-handler".to_owned()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128".to_owned()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
        (
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "2026/01/01/[$LATEST]0123456789abcdef".to_owned(),
        ),
        (
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "/aws/lambda/sma-handler".to_owned(),
        ),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_DEFAULT_REGION", "us-east-1".to_owned()),
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "secret".to_owned()),
        ("AWS_SESSION_TOKEN", "token".to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("AWS_ENDPOINT_URL_DYNAMODB", format!("http://{address}")),
    ])
}

//! `handler playground`: a page on the loopback address where a flow is written, checked, drawn
//! and called through the simulator. The page and the shipped flows and scenarios are compiled
//! into the binary; the server answers one request at a time (it serves one person) and reads
//! nothing from disk or network. Local only: the Lambda build leaves it out.

pub mod api;

use serde_json::{Value, json};
use std::io::Read;
use std::process::ExitCode;

/// Requests larger than this are refused with 413: a flow or scenario is a few kilobytes.
pub const MAX_BODY: usize = 256 * 1024;

const PAGE: &str = include_str!("playground/page.html");

/// The flows and scenarios the page offers to start from.
const FLOWS: &[(&str, &str)] = &[
    ("recording.flow", include_str!("../../flows/recording.flow")),
    ("recording.yaml", include_str!("../../flows/recording.yaml")),
];

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../flows/scenarios/", $name, ".call.yaml")))),*]
    };
}

const SCENARIOS: &[(&str, &str)] = scenarios![
    "inbound-keypad",
    "inbound-stranger-keys",
    "inbound-withheld",
    "bridge-busy",
    "bridge-no-answer",
    "caller-hangs-up-early",
    "dial-out",
    "dial-out-no-input",
    "dial-out-refused",
    "duplicates",
    "invalid-response",
    "prompt-missing",
    "recording-pause-fails",
    "recording-start-fails",
    "update",
    "update-interrupts",
];

/// The shipped flows and scenarios, for the page's pickers.
#[must_use]
pub fn samples() -> Value {
    let list = |items: &[(&str, &str)]| -> Vec<Value> {
        items
            .iter()
            .map(|(name, text)| json!({ "name": name, "text": text }))
            .collect()
    };
    json!({ "flows": list(FLOWS), "scenarios": list(SCENARIOS) })
}

/// A response to one request: status, content type, body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

fn json_reply(status: u16, value: &Value) -> Reply {
    Reply {
        status,
        content_type: "application/json",
        body: serde_json::to_vec(value).unwrap_or_default(),
    }
}

/// Answers one request. A panic anywhere below becomes a 500, so that no input stops the server.
#[must_use]
pub fn respond(method: &str, path: &str, body: &[u8]) -> Reply {
    let path = path.split('?').next().unwrap_or(path);
    match (method, path) {
        ("GET", "/" | "/index.html") => Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: PAGE.as_bytes().to_vec(),
        },
        ("GET", "/api/samples") => json_reply(200, &samples()),
        ("POST", _) if path.starts_with("/api/") => {
            match std::panic::catch_unwind(|| api::route(path, body)) {
                Ok((status, value)) => json_reply(status, &value),
                Err(_) => json_reply(500, &json!({ "error": "internal error" })),
            }
        }
        _ => json_reply(
            404,
            &json!({ "error": format!("no route {method} {path}") }),
        ),
    }
}

/// Reads a request body, or `None` when it is over [`MAX_BODY`].
fn read_body(request: &mut tiny_http::Request) -> Option<Vec<u8>> {
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return None;
    }
    let mut body = Vec::new();
    let limit = u64::try_from(MAX_BODY).unwrap_or(u64::MAX) + 1;
    if request
        .as_reader()
        .take(limit)
        .read_to_end(&mut body)
        .is_err()
    {
        return Some(Vec::new());
    }
    (body.len() <= MAX_BODY).then_some(body)
}

/// Serves on 127.0.0.1:`port` (0: a free port) until the process is stopped.
pub fn serve(port: u16) -> ExitCode {
    let server = match tiny_http::Server::http(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("handler: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::from(2);
        }
    };
    match server.server_addr().to_ip() {
        Some(addr) => println!("playground: http://{addr}/"),
        None => println!("playground: listening"),
    }
    for mut request in server.incoming_requests() {
        let reply = match read_body(&mut request) {
            Some(body) => respond(request.method().as_str(), request.url(), &body),
            None => json_reply(
                413,
                &json!({ "error": format!("the request is over {MAX_BODY} bytes") }),
            ),
        };
        let mut response =
            tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
        if let Ok(header) = tiny_http::Header::from_bytes("Content-Type", reply.content_type) {
            response = response.with_header(header);
        }
        // A client that went away is not the server's problem.
        let _ = request.respond(response);
    }
    ExitCode::SUCCESS
}

//! `handler playground` over real HTTP on loopback: the JSON API, the size limit, and garbage
//! that must not stop the server.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "the helpers fail the test on a server that does not answer"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handler"))
        .args(["playground", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the playground");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("playground: http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    Server { child, addr }
}

fn request(server: &Server, method: &str, path: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

fn post(server: &Server, path: &str, value: &serde_json::Value) -> serde_json::Value {
    let (status, body) = request(server, "POST", path, value.to_string().as_bytes());
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

const FLOW: &str = include_str!("../../flows/recording.flow");
const INBOUND: &str = include_str!("../../flows/scenarios/inbound-keypad.call.yaml");

#[test]
fn the_page_and_samples_are_served() {
    let server = start();
    let (status, page) = request(&server, "GET", "/", b"");
    assert_eq!(status, 200);
    assert!(page.contains("<textarea"), "{page}");
    let (status, samples) = request(&server, "GET", "/api/samples", b"");
    assert_eq!(status, 200);
    assert!(samples.contains("inbound-keypad"));
}

#[test]
fn a_broken_line_is_reported_at_that_line() {
    let server = start();
    let good = post(
        &server,
        "/api/check",
        &serde_json::json!({ "source": FLOW }),
    );
    assert_eq!(good["ok"], true, "{good}");
    let lines: Vec<&str> = FLOW.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("on new call"))
        .unwrap();
    let mut broken = lines.clone();
    broken[at] = "on new call {{ nonsense here";
    let broken = broken.join("\n");
    let bad = post(
        &server,
        "/api/check",
        &serde_json::json!({ "source": broken }),
    );
    assert_eq!(bad["ok"], false, "{bad}");
    let first = &bad["diagnostics"][0];
    assert!(
        first["line"].as_u64().unwrap() >= u64::try_from(at + 1).unwrap(),
        "{bad}"
    );
    assert!(first["code"].as_str().unwrap().len() > 2, "{bad}");
    let graph = post(
        &server,
        "/api/graph",
        &serde_json::json!({ "source": FLOW }),
    );
    assert!(
        graph["mermaid"]
            .as_str()
            .unwrap()
            .contains("stateDiagram-v2")
    );
}

#[test]
fn the_inbound_scenario_pauses_the_recording() {
    let server = start();
    let run = post(
        &server,
        "/api/simulate",
        &serde_json::json!({ "flow": { "source": FLOW }, "scenario": INBOUND }),
    );
    assert_eq!(run["passed"], true, "{run}");
    let transcript = run["transcript"].as_str().unwrap();
    assert!(
        transcript.contains("recording on LEG-A: paused"),
        "{transcript}"
    );
    assert!(
        run["sequence"]
            .as_str()
            .unwrap()
            .starts_with("sequenceDiagram")
    );
}

#[test]
fn oversized_input_is_refused_and_garbage_does_not_stop_the_server() {
    let server = start();
    let big = vec![b'x'; 300 * 1024];
    let (status, _) = request(&server, "POST", "/api/check", &big);
    assert_eq!(status, 413);
    // A small deterministic generator: bytes, half-JSON and odd flows and scenarios.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..60 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let noise: String = (0..(seed % 200))
            .map(|k| {
                char::from(b" {}\"\n:abc0#-|->="[usize::try_from((seed >> (k % 60)) % 16).unwrap()])
            })
            .collect();
        let body = match i % 3 {
            0 => noise.clone().into_bytes(),
            1 => serde_json::json!({ "source": noise }).to_string().into_bytes(),
            _ => serde_json::json!({ "flow": { "source": FLOW, "syntax": "yaml" }, "scenario": noise })
                .to_string()
                .into_bytes(),
        };
        let path = ["/api/check", "/api/graph", "/api/simulate"][i % 3];
        let (status, _) = request(&server, "POST", path, &body);
        assert!(matches!(status, 200 | 400), "{status} for {noise:?}");
    }
    let (status, _) = request(&server, "GET", "/", b"");
    assert_eq!(status, 200);
}

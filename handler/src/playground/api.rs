//! The playground's JSON API: the checker, the state diagram and the simulator of the command
//! line, each behind one POST route. Pure functions from request JSON to response JSON, so the
//! server around them only moves bytes (and the tests can call them without a socket).

use crate::app::App;
use crate::seal::Sealer;
use crate::settings;
use crate::store::Timestamp;
use dsl::check::NoPromptFiles;
use dsl::compile::{Compiled, compile};
use dsl::diagnostic::{Report, line_col};
use dsl::source::Syntax;
use interpreter::wire::Event;
use serde::Deserialize;
use serde_json::{Value, json};
use sim::function::{Function, Reply};
use sim::scenario::Scenario;

/// A flow as the page sends it.
#[derive(Debug, Deserialize)]
struct FlowRequest {
    source: String,
    #[serde(default)]
    syntax: Option<String>,
}

/// A flow and a scenario to call it with.
#[derive(Debug, Deserialize)]
struct SimulateRequest {
    flow: FlowRequest,
    scenario: String,
}

/// Answers one API route: the HTTP status and the JSON body.
pub fn route(path: &str, body: &[u8]) -> (u16, Value) {
    match path {
        "/api/check" => with::<FlowRequest>(body, |r| check(&r)),
        "/api/graph" => with::<FlowRequest>(body, |r| graph(&r)),
        "/api/simulate" => with::<SimulateRequest>(body, |r| simulate(&r)),
        _ => (404, json!({ "error": format!("no route {path}") })),
    }
}

fn with<T: serde::de::DeserializeOwned>(
    body: &[u8],
    answer: impl FnOnce(T) -> Value,
) -> (u16, Value) {
    match serde_json::from_slice::<T>(body) {
        Ok(request) => (200, answer(request)),
        Err(e) => (400, json!({ "error": format!("unreadable request: {e}") })),
    }
}

fn syntax(request: &FlowRequest) -> Syntax {
    match request.syntax.as_deref() {
        Some("yaml") => Syntax::Yaml,
        _ => Syntax::Flow,
    }
}

/// Prompt files are not checked: the page has no bucket to look in.
#[expect(
    clippy::result_large_err,
    reason = "a report is made once per request, on the way to being shown"
)]
fn compiled(request: &FlowRequest) -> Result<Compiled, Report> {
    compile(
        "playground",
        &request.source,
        syntax(request),
        &NoPromptFiles,
    )
}

/// Every finding of a report, located by line and column (1-based, in characters).
fn diagnostics(source: &str, report: &Report) -> Vec<Value> {
    report
        .problems()
        .iter()
        .map(|p| {
            let span = p.primary_span();
            let (line, column) = line_col(source, span.start);
            let (end_line, end_column) = line_col(source, span.end);
            json!({
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "code": p.code.to_string(),
                "severity": if p.is_error() { "error" } else { "warning" },
                "message": p.message,
                "label": p.labels.first().map(|l| l.text.clone()),
                "help": p.help,
            })
        })
        .collect()
}

fn check(request: &FlowRequest) -> Value {
    match compiled(request) {
        Ok(c) => json!({ "ok": true, "diagnostics": diagnostics(&request.source, &c.warnings) }),
        Err(report) => json!({ "ok": false, "diagnostics": diagnostics(&request.source, &report) }),
    }
}

fn graph(request: &FlowRequest) -> Value {
    match compiled(request) {
        Ok(c) => json!({ "ok": true, "mermaid": dsl::graph::mermaid(&c.flow) }),
        Err(report) => json!({ "ok": false, "diagnostics": diagnostics(&request.source, &report) }),
    }
}

/// The handler's own decode-step-encode path, without a call-record store (the model folds the
/// effects itself), as `handler simulate` runs it.
struct Handler<'a> {
    app: &'a App,
    /// The simulated time of the next invocation.
    now_ms: u64,
}

impl Function for Handler<'_> {
    fn invoke(&mut self, event: &Event) -> Reply {
        let bytes = serde_json::to_vec(event).unwrap_or_default();
        let answer = self.app.answer_bytes_at(&bytes, Timestamp(self.now_ms));
        crate::simulate::reply_of(answer.turn)
    }

    fn at(&mut self, now_ms: u64) {
        self.now_ms = now_ms;
    }
}

fn simulate(request: &SimulateRequest) -> Value {
    let flow = match compiled(&request.flow) {
        Ok(c) => c.flow,
        Err(report) => {
            return json!({
                "ok": false,
                "stage": "flow",
                "diagnostics": diagnostics(&request.flow.source, &report),
            });
        }
    };
    let scenario = match Scenario::parse("scenario", &request.scenario) {
        Ok(s) => s,
        Err(errors) => {
            let list: Vec<Value> = errors
                .iter()
                .map(|e| {
                    json!({
                        "line": e.line, "column": e.column, "code": e.code,
                        "severity": "error", "message": e.message, "help": e.help,
                    })
                })
                .collect();
            return json!({ "ok": false, "stage": "scenario", "diagnostics": list });
        }
    };
    // Config comes from the scenario only: the page never reads this machine's environment.
    let lookup = |name: &str| scenario.config.get(name).cloned();
    let config = match settings::config(&flow, &lookup) {
        Ok(c) => c,
        Err(e) => {
            return json!({ "ok": false, "stage": "config", "diagnostics": [
                { "line": 0, "column": 0, "code": "config", "severity": "error", "message": e.to_string() }
            ]});
        }
    };
    // The page simulates one version of one flow, sealed with the public development key: it
    // holds no secret and keeps no earlier versions.
    let app = App {
        flow,
        config,
        earlier: Vec::new(),
        sealer: Sealer::development(),
        records: None,
    };
    let outcome = sim::drive::run(
        &scenario,
        &mut Handler {
            app: &app,
            now_ms: scenario.setup.start_ms,
        },
    );
    let failures = sim::expect::check(&scenario, &outcome);
    let mut value = sim::transcript::json(&scenario, &outcome, &failures);
    if let Some(map) = value.as_object_mut() {
        map.insert("ok".into(), json!(true));
        map.insert(
            "transcript".into(),
            json!(sim::transcript::text(&scenario, &outcome, &failures, None)),
        );
        map.insert("sequence".into(), json!(sim::transcript::mermaid(&outcome)));
    }
    value
}

//! A deployment in the middle of a scenario (`deploy: FILE` in the timeline): the model hands it to
//! the function, a call in progress keeps answering on the version it started on, a call that
//! arrives after it runs the new one; a function with one version refuses and goes on; a bad
//! step is a located scenario error.
#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on what it did not expect"
)]

mod support;

use interpreter::config::Config;
use interpreter::ir::Flow;
use interpreter::step::{KEY_FLOW, stamp_of, step_at};
use interpreter::wire::Event;
use sim::drive;
use sim::function::{Answer, FlowFunction, Function, Reply};
use sim::scenario::Scenario;
use sim::service::Entry;
use support::compile;

/// A flow that greets the bridged caller with `prompt`: two versions differ only in it.
fn version(prompt: &str) -> Flow {
    compile(&format!(
        r#"
flow test
config owner phone = env SOURCE_PHONE
config prompt_bucket text = env WAV_BUCKET
prompts in prompt_bucket {{
  greeting = "{prompt}"
  unable = "unableToConnect.wav"
}}
on new call {{
  bridge to owner caller_id sma_number timeout 30s
  goto ringing
}}
on failed play {{ continue }}
on failed bridge {{ play unable to caller; hangup caller }}
on hangup {{
  if caller.connected {{ hangup caller }}
  if callee.connected {{ hangup callee }}
}}
on invalid response {{ if caller.connected {{ play unable to caller; hangup caller }} }}
state ringing {{
  after bridge {{
    play greeting to caller
    goto talking
  }}
}}
state talking {{ }}
"#
    ))
}

/// The handler's way with versions, in miniature: the current flow answers new calls, and a call
/// whose state names a kept version is answered by that one.
struct Versions {
    current: Flow,
    kept: Vec<Flow>,
    /// What `deploy` may install, by file name.
    files: Vec<(&'static str, Flow)>,
    config: Config,
}

impl Function for Versions {
    fn invoke(&mut self, event: &Event) -> Reply {
        let stamp = event.call.transaction_attributes.get(KEY_FLOW);
        let flow = stamp
            .and_then(|s| self.kept.iter().find(|f| stamp_of(f) == *s))
            .unwrap_or(&self.current);
        let turn = step_at(flow, &self.config, event, None);
        Reply {
            answer: Answer::Response(turn.response),
            state: turn.state,
            note: turn.note.map(|n| n.to_string()),
            effects: turn.effects,
            latency_ms: 0,
        }
    }

    fn deploy(&mut self, file: &str) -> Result<String, String> {
        let (_, next) = self
            .files
            .iter()
            .find(|(name, _)| *name == file)
            .ok_or_else(|| format!("no file {file}"))?;
        let previous = std::mem::replace(&mut self.current, next.clone());
        self.kept.push(previous);
        Ok(format!("version {}", self.current.version))
    }
}

fn versions() -> Versions {
    let current = version("thisCallIsBeingRecorded.wav");
    let config = Config::resolve(&current, |n| match n {
        "SOURCE_PHONE" => Some("+12065550100".to_owned()),
        "WAV_BUCKET" => Some("prompts".to_owned()),
        _ => None,
    })
    .unwrap();
    Versions {
        current,
        kept: Vec::new(),
        files: vec![("next.flow", version("connectingYou.wav"))],
        config,
    }
}

fn scenario(timeline: &str) -> Scenario {
    let text = format!(
        r#"
config: {{ SOURCE_PHONE: "+12065550100", WAV_BUCKET: prompts }}
call: {{ from: "+13125550123", to: "+12065550199" }}
dialled: [answers after 4s]
timeline:
{timeline}  - {{ at: 30s, hangup: caller }}
"#
    );
    Scenario::parse("test.call.yaml", &text).unwrap_or_else(|e| panic!("{e:?}"))
}

fn heard(entries: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Hears { prompt, .. } => Some(prompt.clone()),
            _ => None,
        })
        .collect()
}

fn services(entries: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Service { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_call_in_progress_finishes_on_the_version_it_started_on() {
    let mut function = versions();
    let s = scenario("  - { at: 2s, deploy: next.flow }\n");
    let outcome = drive::run(&s, &mut function);
    assert_eq!(heard(&outcome.entries), ["thisCallIsBeingRecorded.wav"]);
    let deployed = services(&outcome.entries);
    assert!(
        deployed
            .iter()
            .any(|t| t.starts_with("deployed next.flow: version")),
        "{deployed:?}"
    );
    assert!(outcome.service.over);
}

#[test]
fn a_call_after_the_deployment_runs_the_new_version() {
    let mut function = versions();
    let outcome = drive::run(
        &scenario("  - { at: 0s, deploy: next.flow }\n"),
        &mut function,
    );
    assert_eq!(heard(&outcome.entries), ["connectingYou.wav"]);
    // The deployment is in place before the call arrives.
    assert!(matches!(
        outcome.entries.first(),
        Some(Entry::Service { .. })
    ));
}

#[test]
fn a_function_with_one_version_refuses_and_the_call_goes_on() {
    let mut function = versions();
    let flow = function.current.clone();
    let mut one = FlowFunction::new(&flow, &function.config);
    let outcome = drive::run(&scenario("  - { at: 2s, deploy: next.flow }\n"), &mut one);
    assert_eq!(heard(&outcome.entries), ["thisCallIsBeingRecorded.wav"]);
    let refused = services(&outcome.entries);
    assert!(
        refused
            .iter()
            .any(|t| t.starts_with("deploying next.flow failed")),
        "{refused:?}"
    );
    // The same scenario through the versioned function deploys (the refusal is the function's).
    let outcome = drive::run(
        &scenario("  - { at: 0s, deploy: next.flow }\n"),
        &mut function,
    );
    assert_eq!(heard(&outcome.entries), ["connectingYou.wav"]);
}

#[test]
fn a_bad_deploy_step_is_a_located_error() {
    let text = "call: { from: \"+13125550123\", to: \"+12065550199\" }\ntimeline:\n  - { at: 2s, deploy: notes.txt }\n  - { at: 3s, deploy: next.flow, hangup: caller }\n  - { at: 4s, deploy: \"\" }\n";
    let errors = Scenario::parse("bad.call.yaml", text).unwrap_err();
    let found: Vec<(&str, u64)> = errors.iter().map(|e| (e.code, e.line)).collect();
    assert_eq!(
        found,
        [
            ("scenario::deploy", 3),
            ("scenario::step", 4),
            ("scenario::deploy", 5)
        ],
        "{errors:?}"
    );
    let shown = errors.first().unwrap().to_string();
    assert!(
        shown.contains("\"notes.txt\" is not a flow file to deploy"),
        "{shown}"
    );
    assert!(shown.contains("bad.call.yaml:3:"), "{shown}");
}

#[test]
fn a_deploy_error_found_by_the_function_points_at_its_step() {
    let text = "call: { from: a, to: b }\ntimeline:\n  - { at: 2s, deploy: ../gone.flow }\n";
    let error =
        sim::scenario::deploy_error("x.call.yaml", text, "../gone.flow", "missing".to_owned());
    assert_eq!(
        (error.code, error.line, error.column),
        ("scenario::deploy", 3, 23)
    );
    assert!(error.to_string().contains("x.call.yaml:3:23"), "{error}");
}

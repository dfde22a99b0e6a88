//! Exhaustive exploration (`sim::explore`): shipped flows keep every property, each unsafe example
//! breaks its own, and each broken property comes with a scenario that fails when replayed.
#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on what it did not expect"
)]

use interpreter::config::Config;
use interpreter::ir::Flow;
use sim::drive;
use sim::explore::{self, Inputs, Options, Property, Report, Witness};
use sim::function::FlowFunction;
use sim::scenario::Scenario;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn compile(path: &Path) -> Flow {
    let text = std::fs::read_to_string(path).unwrap();
    let prompts = dsl::files::FolderPrompts::beside(path);
    let name = path.display().to_string();
    match dsl::compile::compile_unverified(&name, &text, dsl::source::Syntax::Flow, &prompts) {
        Ok(c) => c.flow,
        Err(report) => panic!("{}", dsl::compile::render(&report, 100)),
    }
}

/// Explores every configuration `Inputs::variants` gives, as `dsl explore` does; the config
/// returned is the defaults' (each written scenario carries its own).
fn explore_file(rel: &str) -> (Flow, Config, Report) {
    let flow = compile(&root().join(rel));
    let options = Options {
        flow_ref: rel.to_owned(),
        ..Options::default()
    };
    let mut merged: Option<(Config, Report)> = None;
    for inputs in Inputs::variants(&flow) {
        let Ok(config) = Config::resolve(&flow, |n| inputs.config.get(n).cloned()) else {
            continue;
        };
        let report = explore::explore(&flow, &config, &inputs, &options);
        merged = Some(match merged {
            Some((c, r)) => (c, r.merge(report)),
            None => (config, report),
        });
    }
    let (config, report) = merged.unwrap();
    (flow, config, report)
}

/// The expectations a written scenario fails when the driver replays it.
fn replay(flow: &Flow, config: &Config, scenario: &str) -> Vec<String> {
    let scenario = Scenario::parse("explored.call.yaml", scenario).unwrap();
    // The scenario names the configuration it was found in.
    let own = Config::resolve(flow, |n| scenario.config.get(n).cloned()).ok();
    let mut function = FlowFunction::new(flow, own.as_ref().unwrap_or(config));
    let outcome = drive::run(&scenario, &mut function);
    sim::expect::check(&scenario, &outcome)
        .into_iter()
        .map(|f| format!("{}: {}", f.expectation, f.detail))
        .collect()
}

fn summary(report: &Report) -> String {
    report
        .violations
        .iter()
        .map(|v| format!("{}: {}\n{}", v.property.as_str(), v.message, v.scenario))
        .collect()
}

/// The flows that must keep every property: the shipped ones and each corrected twin.
fn safe_flows() -> Vec<String> {
    let mut out = vec![
        "flows/recording.flow".to_owned(),
        "examples/voicemail/voicemail.flow".to_owned(),
        "examples/notification/notification.flow".to_owned(),
    ];
    out.extend(unsafe_dir(true));
    out
}

fn unsafe_dir(twins: bool) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("examples/unsafe"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".flow") && n.contains(".fixed.") == twins)
        .map(|n| format!("examples/unsafe/{n}"))
        .collect();
    out.sort();
    out
}

#[test]
fn shipped_flows_and_corrected_twins_keep_every_property() {
    for f in safe_flows() {
        let (_, _, report) = explore_file(&f);
        assert!(!report.capped, "{f}: exploration hit its bound");
        assert!(report.violations.is_empty(), "{f}:\n{}", summary(&report));
        assert!(
            report.states > 1 && report.transitions > report.states,
            "{f}"
        );
    }
}

#[test]
fn exploring_the_recording_flow_covers_every_edge() {
    let (_, _, report) = explore_file("flows/recording.flow");
    let missed: Vec<String> = report
        .edges
        .iter()
        .filter(|e| !e.covered)
        .map(|e| format!("{} -> {}", e.from, e.to))
        .collect();
    assert!(report.edges.len() >= 7, "{:?}", report.edges);
    assert!(missed.is_empty(), "not covered: {missed:?}");
    assert_eq!(report.cut, 0, "no call reaches the depth bound");
    // The owner's dial-out with a retry and a bridge is the longest call.
    assert!(report.longest.invocations >= 10, "{:?}", report.longest);
}

/// The expectation a replay of each finding's scenario fails.
fn expectation_of(witness: Witness) -> &'static str {
    match witness {
        Witness::Refusal => "every action accepted",
        Witness::Fault => "no flow faults",
        Witness::Keys => "every key heard",
        Witness::Silence => "every leg hung up|dead air",
        Witness::Invalid => "events",
        Witness::Limit => "within the invocation limit",
        Witness::Duplicate => "the service's rules",
        Witness::None => "",
    }
}

#[test]
fn each_dynamic_unsafe_flow_breaks_its_property_and_the_scenario_fails_on_replay() {
    // The class each unsafe example shows on a call; `intent` says what the flow means and is
    // proven by the checker alone.
    let want = [
        ("hangup", Property::HangupIncomplete),
        ("legs", Property::LegNotUp),
        ("listeners", Property::ListenerNotArmed),
        ("loop", Property::UnboundedLoop),
        ("recording", Property::RecordingState),
        ("silence", Property::Silence),
        ("sizes", Property::ValueTooLong),
    ];
    let mut seen = 0;
    for f in unsafe_dir(false) {
        let stem = f
            .trim_start_matches("examples/unsafe/")
            .trim_end_matches(".flow");
        let (flow, config, report) = explore_file(&f);
        for v in &report.violations {
            let failed = replay(&flow, &config, &v.scenario);
            let expected = expectation_of(v.witness);
            assert!(
                failed
                    .iter()
                    .any(|x| expected.split('|').any(|e| x.starts_with(e))),
                "{f}: the scenario of {} does not fail {expected:?} on replay: {failed:?}\n{}",
                v.property.as_str(),
                v.scenario
            );
        }
        let Some((_, property)) = want.iter().find(|(n, _)| *n == stem) else {
            continue;
        };
        seen += 1;
        assert!(
            report.violations.iter().any(|v| v.property == *property),
            "{f}: expected {}, found:\n{}",
            property.as_str(),
            summary(&report)
        );
    }
    assert!(
        seen >= want.len(),
        "every dynamic class has its unsafe flow"
    );
}

#[test]
fn a_loop_nothing_on_the_call_ends_runs_to_the_service_limit_on_replay() {
    let (flow, config, report) = explore_file("examples/unsafe/loop.flow");
    let v = report
        .violations
        .iter()
        .find(|v| v.property == Property::UnboundedLoop)
        .unwrap();
    let failed = replay(&flow, &config, &v.scenario);
    assert!(
        failed
            .iter()
            .any(|f| f.contains("limit of 1000 invocations")),
        "{failed:?}"
    );
}

#[test]
fn reaching_the_state_bound_is_reported_never_silent() {
    let flow = compile(&root().join("flows/recording.flow"));
    let inputs = Inputs::of(&flow);
    let config = Config::resolve(&flow, |n| inputs.config.get(n).cloned()).unwrap();
    let options = Options {
        max_states: 50,
        ..Options::default()
    };
    let report = explore::explore(&flow, &config, &inputs, &options);
    assert!(report.capped);
    let last = report.violations.last().unwrap();
    assert_eq!(last.property, Property::Incomplete);
    assert!(last.message.contains("--max-states"), "{}", last.message);
}

#[test]
fn the_inputs_come_from_the_flow() {
    let flow = compile(&root().join("flows/recording.flow"));
    let inputs = Inputs::of(&flow);
    // Single keys the keypad's pattern takes, and the texts of the flow it takes (none here).
    assert_eq!(inputs.keys, ["5", "6", "7"]);
    // With its settings changed, the owner's PIN (a setting with a default) is among the entries.
    let variants = Inputs::variants(&flow);
    assert_eq!(variants.len(), 2, "the defaults, and the settings changed");
    assert_eq!(
        variants[1].config.get("OWNER_PIN").map(String::as_str),
        Some(sim::explore::SETTING_TEXT)
    );
    assert!(
        variants[1]
            .entries
            .contains(&Some(sim::explore::SETTING_TEXT.to_owned()))
    );
    let values: Vec<&str> = inputs
        .updates
        .iter()
        .filter_map(|u| u.get("recording").map(String::as_str))
        .collect();
    assert_eq!(values, ["pause", "resume", "stop"]);
    assert!(
        inputs.callers.contains(&"+12065550100".to_owned()),
        "the owner calls too"
    );
    assert!(inputs.entries.contains(&None));
    // A withheld caller is explored, and an empty one (the flow compares text with the empty
    // text); not ten digits, since it reads a number only from the digits entered.
    assert!(inputs.callers.contains(&sim::explore::WITHHELD.to_owned()));
    assert!(inputs.callers.contains(&String::new()));
    assert!(
        !inputs
            .callers
            .contains(&sim::explore::TEN_DIGITS.to_owned())
    );
}

/// Found by exploring the recording flow: a stop that fails while the recording is paused leaves
/// it paused (the interpreter once took it for active, and a later 5 paused it twice).
#[test]
fn a_failed_stop_of_a_paused_recording_leaves_it_paused() {
    let flow = compile(&root().join("flows/recording.flow"));
    let inputs = Inputs::of(&flow);
    let config = Config::resolve(&flow, |n| inputs.config.get(n).cloned()).unwrap();
    let scenario = r#"
name: stop fails while paused
config: { SOURCE_PHONE: "+12065550100", WAV_BUCKET: prompts, RECORDING_BUCKET: recordings }
call: { from: "+13125550123", to: "+12065550199" }
dialled: [answers]
failures:
  - { action: StopCallRecording, error: AccessDenied }
timeline:
  - { at: 10s, press: "5", on: callee }
  - { at: 20s, press: "7", on: callee }
  - { at: 30s, press: "6", on: callee }
  - { at: 40s, hangup: caller }
expect:
  every_action_accepted: true
  recording:
    - { at: 25s, is: paused }
    - { at: 39s, is: active }
"#;
    let failed = replay(&flow, &config, scenario);
    assert!(failed.is_empty(), "{failed:?}");
}

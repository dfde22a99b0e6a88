//! The dial policy at run time: a flow that dials a typed number without testing it (its finding
//! lowered by `allow`) still never bridges outside the policy, because lowering refuses the bridge
//! and the flow's `on invalid response` answers with a prompt. A number inside the policy is
//! bridged by the same flow, so the refusal is the policy's doing.
#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on what it did not expect"
)]

use interpreter::config::Config;
use sim::drive;
use sim::function::FlowFunction;
use sim::scenario::Scenario;
use sim::service::Entry;

const FLOW: &str = r##"
flow careless
config prompt_bucket text = env WAV_BUCKET
prompts in prompt_bucket {
  enter_number = "enterNumberToDial.wav"
  sorry = "sorryIDidntGetThat.wav"
  unable = "unableToConnect.wav"
}
var n phone
on new call {
  collect enter_number on caller failure sorry min 10 max 11 terminators "#" wait 5s
  goto dialling
}
state dialling {
  after collect {
    n = nanp(digits)
    if n == none { hangup caller; done }
    allow flow::verify::dial_policy "the runtime refusal is what this flow tests"
    bridge to n caller_id sma_number timeout 30s
    goto talking
  }
}
state talking { after bridge { play sorry to callee } }
on failed { hangup caller }
on hangup {
  if caller.connected { hangup caller }
  if callee.connected { hangup callee }
}
on invalid response { if caller.connected { play unable to caller; hangup caller } }
"##;

/// The actions the service ran and the prompts heard, for a call that types `number`.
fn call(number: &str, config: &str) -> (Vec<String>, Vec<String>) {
    let beside = concat!(env!("CARGO_MANIFEST_DIR"), "/../flows/recording.flow");
    let prompts = dsl::files::FolderPrompts::beside(std::path::Path::new(beside));
    let flow = match dsl::compile::compile("t.flow", FLOW, dsl::source::Syntax::Flow, &prompts) {
        Ok(c) => c.flow,
        Err(report) => panic!("{}", dsl::compile::render(&report, 100)),
    };
    let scenario = format!(
        "config: {{ WAV_BUCKET: prompts{config} }}\ncall: {{ from: \"+13125550123\", to: \"+12065550199\" }}\ncollect: [\"{number}#\"]\ndialled: [answers after 2s]\ntimeline:\n  - {{ at: 30s, hangup: caller }}\n"
    );
    let scenario = Scenario::parse("t.call.yaml", &scenario).unwrap();
    let config = Config::resolve(&flow, |n| scenario.config.get(n).cloned()).unwrap();
    let outcome = drive::run(&scenario, &mut FlowFunction::new(&flow, &config));
    let mut actions = Vec::new();
    let mut heard = Vec::new();
    for entry in outcome.entries {
        match entry {
            Entry::Action { action, .. } => actions.push(action.into_owned()),
            Entry::Hears { prompt, .. } => heard.push(prompt),
            _ => {}
        }
    }
    (actions, heard)
}

#[test]
fn a_toll_fraud_area_code_is_never_bridged_and_the_caller_hears_why() {
    for number in ["8765550123", "9005550123", "18095550123"] {
        let (actions, heard) = call(number, "");
        assert!(
            !actions.iter().any(|a| a == "CallAndBridge"),
            "{number}: {actions:?}"
        );
        assert_eq!(
            heard,
            ["enterNumberToDial.wav", "unableToConnect.wav"],
            "{number}"
        );
    }
}

#[test]
fn a_number_inside_the_policy_is_bridged_by_the_same_flow() {
    let (actions, heard) = call("3125550177", "");
    assert!(actions.iter().any(|a| a == "CallAndBridge"), "{actions:?}");
    assert_eq!(heard, ["enterNumberToDial.wav", "sorryIDidntGetThat.wav"]);
}

#[test]
fn the_deployment_settings_decide_the_policy() {
    // The same number, blocked by a prefix the deployment adds to the defaults.
    let (actions, _) = call("3125550177", ", DIAL_BLOCKED: \"default,+1312\"");
    assert!(!actions.iter().any(|a| a == "CallAndBridge"), "{actions:?}");
    // And a Caribbean code the deployment chose to allow.
    let (actions, _) = call("8765550123", ", DIAL_BLOCKED: \"+1900\"");
    assert!(actions.iter().any(|a| a == "CallAndBridge"), "{actions:?}");
}

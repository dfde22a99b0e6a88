//! The runtime as the service model sees it: behaviours of `step` that only show over several
//! events of a call (sites kept across an empty answer, a failed second recording start).
#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on what it did not expect"
)]

mod support;

use interpreter::config::Config;
use interpreter::wire::ActionKind;
use sim::drive;
use sim::function::FlowFunction;
use sim::scenario::Scenario;
use sim::service::Entry;
use support::compile;

fn run(flow_text: &str, scenario: &str) -> (Vec<Entry>, Vec<String>) {
    let flow = compile(flow_text);
    let scenario = Scenario::parse("test.call.yaml", scenario).unwrap();
    let config = Config::resolve(&flow, |n| scenario.config.get(n).cloned()).unwrap();
    let mut function = FlowFunction::new(&flow, &config);
    let outcome = drive::run(&scenario, &mut function);
    let heard = outcome
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Hears { leg, prompt, .. } => Some(format!("{leg} {prompt}")),
            _ => None,
        })
        .collect();
    (outcome.entries, heard)
}

const HEAD: &str = r#"
flow test
config owner phone = env SOURCE_PHONE
config prompt_bucket text = env WAV_BUCKET
config recording_bucket text = env RECORDING_BUCKET
prompts in prompt_bucket {
  being_recorded = "thisCallIsBeingRecorded.wav"
  connecting = "connectingYou.wav"
  unable = "unableToConnect.wav"
  unavailable = "recordingUnavailable.wav"
}
on new call {
  bridge to owner caller_id sma_number timeout 30s
  goto ringing
}
on failed bridge { play unable to caller; hangup caller }
on hangup {
  if caller.connected { hangup caller }
  if callee.connected { hangup callee }
}
on invalid response { if caller.connected { play unable to caller; hangup caller } }
"#;

const CALL: &str = r#"
config: { SOURCE_PHONE: "+12065550100", WAV_BUCKET: prompts, RECORDING_BUCKET: recordings }
call: { from: "+13125550123", to: "+12065550199" }
dialled: [answers after 2s]
timeline:
  - { at: 30s, hangup: caller }
"#;

#[test]
fn continue_finds_a_list_whose_first_report_got_an_empty_answer() {
    // StartCallRecording reports mid-list; the empty answer to it must not lose the list's sites.
    let flow = format!(
        "{HEAD}
on failed play {{ continue }}
state ringing {{
  after bridge {{
    start recording on caller track both to recording_bucket
    play being_recorded to callee
    play connecting to callee
  }}
}}
"
    );
    let scenario = format!(
        "{CALL}failures:\n  - {{ action: PlayAudio, prompt: thisCallIsBeingRecorded.wav, error: InvalidAudioSource }}\n"
    );
    let (_, heard) = run(&flow, &scenario);
    assert_eq!(heard, ["LEG-B connectingYou.wav"]);
}

#[test]
fn a_failed_second_start_leaves_the_running_recording_alone() {
    let flow = format!(
        "{HEAD}
on failed play {{ continue }}
state ringing {{
  after bridge {{
    start recording on caller track both to recording_bucket
    goto talking
  }}
}}
state talking {{
  on update {{
    if recording is active {{
      allow flow::verify::recording_state \"a second start is what is tested\"
      start recording on caller track both to recording_bucket
    }}
  }}
  on failed recording {{
    if recording is active {{ play being_recorded to caller }} else {{ play unavailable to caller }}
  }}
}}
"
    );
    let scenario = CALL.replace(
        "timeline:\n",
        "timeline:\n  - { at: 10s, update: { again: \"yes\" } }\n",
    );
    let (entries, heard) = run(&flow, &scenario);
    let failed_start = entries.iter().any(|e| {
        matches!(e, Entry::Event { event, about: Some(a), .. }
            if event == "ACTION_FAILED" && a == ActionKind::StartCallRecording.as_str())
    });
    assert!(failed_start, "the model refuses a second start on a leg");
    assert_eq!(heard, ["LEG-A thisCallIsBeingRecorded.wav"]);
}

#[test]
fn continue_finds_the_failed_action_by_its_place_among_actions_of_one_type_on_one_leg() {
    // Three prompts to the callee in one list; the second fails. `continue` must send the third
    // only: the failed prompt is told from the first by the parameters the service echoes.
    let flow = format!(
        "{HEAD}
on failed play {{ continue }}
state ringing {{
  after bridge {{
    play being_recorded to callee
    play connecting to callee
    play unavailable to callee
  }}
}}
"
    );
    let scenario = format!(
        "{CALL}failures:\n  - {{ action: PlayAudio, prompt: connectingYou.wav, error: InvalidAudioSource }}\n"
    );
    let (entries, heard) = run(&flow, &scenario);
    assert_eq!(
        heard,
        [
            "LEG-B thisCallIsBeingRecorded.wav",
            "LEG-B recordingUnavailable.wav"
        ]
    );
    let failures = entries
        .iter()
        .filter(|e| matches!(e, Entry::Event { event, .. } if event == "ACTION_FAILED"))
        .count();
    assert_eq!(failures, 1, "the failed prompt is not sent again");
}

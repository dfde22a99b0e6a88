//! The service model on hand-written answers, one test per service rule (protocol notes,
//! section 6), independent of any flow.

use interpreter::wire::{Event, EventType, LegTag};
use sim::BridgeOutcome;
use sim::function::Reply;
use sim::service::{Entry, Happening, Injection, LegState, Origin, Recording, Service, Setup};
use std::collections::{BTreeMap, VecDeque};

const A: &str = "a0000000-0000-4000-8000-00000000000a";
const B: &str = "b0000000-0000-4000-8000-00000000000b";
const CALLER: &str = "+13125550123";
const NUMBER: &str = "+12065550199";
const EMPTY: &str = r#"{"SchemaVersion":"1.0","Actions":[]}"#;

/// A function that answers from a list (then empty answers) and keeps every event it saw.
#[derive(Default)]
struct Script {
    answers: VecDeque<String>,
    seen: Vec<Event>,
}

impl Script {
    fn new(answers: &[String]) -> Self {
        Self {
            answers: answers.iter().cloned().collect(),
            seen: Vec::new(),
        }
    }
    fn kinds(&self) -> Vec<String> {
        self.seen
            .iter()
            .map(|e| {
                let about = e
                    .action_data
                    .as_ref()
                    .map(|d| format!(" {}", d.action_type.as_str()))
                    .unwrap_or_default();
                format!("{}{about}", e.event_type.as_str())
            })
            .collect()
    }
}

impl sim::Function for Script {
    fn invoke(&mut self, event: &Event) -> Reply {
        self.seen.push(event.clone());
        Reply::json(self.answers.pop_front().unwrap_or_else(|| EMPTY.to_owned()))
    }
}

fn answer(actions: &[String]) -> String {
    format!(
        r#"{{"SchemaVersion":"1.0","Actions":[{}]}}"#,
        actions.join(",")
    )
}

fn play(call: &str, key: &str) -> String {
    format!(
        r#"{{"Type":"PlayAudio","Parameters":{{"CallId":"{call}","AudioSource":{{"Type":"S3","BucketName":"prompts","Key":"{key}"}}}}}}"#
    )
}

fn bridge(caller_id: &str) -> String {
    format!(
        r#"{{"Type":"CallAndBridge","Parameters":{{"CallTimeoutSeconds":30,"CallerIdNumber":"{caller_id}","Endpoints":[{{"BridgeEndpointType":"PSTN","Uri":"+12065550100"}}]}}}}"#
    )
}

fn listen(call: &str) -> String {
    format!(
        r#"{{"Type":"ReceiveDigits","Parameters":{{"CallId":"{call}","InputDigitsRegex":"[5-7]","InBetweenDigitsDurationInMilliseconds":1000,"FlushDigitsDurationInMilliseconds":10000}}}}"#
    )
}

fn hangup(call: &str) -> String {
    format!(r#"{{"Type":"Hangup","Parameters":{{"CallId":"{call}"}}}}"#)
}

fn start_recording(call: &str) -> String {
    format!(
        r#"{{"Type":"StartCallRecording","Parameters":{{"CallId":"{call}","Track":"BOTH","Destination":{{"Type":"S3","Location":"recordings/originalAudio"}}}}}}"#
    )
}

fn run(setup: Setup, script: &mut Script, happenings: &[Happening]) -> (Service, Vec<Entry>) {
    let mut service = Service::new(setup);
    let mut log = service.apply(script, &Happening::Start);
    for h in happenings {
        log.extend(service.apply(script, h));
    }
    (service, log)
}

fn inbound() -> Setup {
    Setup::inbound(CALLER, NUMBER)
}

#[test]
fn a_list_reports_once_for_its_last_action() {
    let mut f = Script::new(&[answer(&[play(A, "one.wav"), play(A, "two.wav")])]);
    let (_, log) = run(
        inbound(),
        &mut f,
        &[Happening::Complete, Happening::Complete],
    );
    assert_eq!(
        f.kinds(),
        ["NEW_INBOUND_CALL", "ACTION_SUCCESSFUL PlayAudio"]
    );
    let heard: Vec<&str> = log
        .iter()
        .filter_map(|e| match e {
            Entry::Hears { prompt, .. } => Some(prompt.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(heard, ["one.wav", "two.wav"]);
}

#[test]
fn a_result_bearing_action_reports_mid_list_and_an_empty_answer_lets_the_rest_run() {
    let mut f = Script::new(&[
        answer(&[bridge(CALLER), play(A, "after.wav")]),
        EMPTY.to_owned(),
    ]);
    let (service, _) = run(
        inbound(),
        &mut f,
        &[Happening::Dialled(BridgeOutcome::Answered)],
    );
    assert_eq!(
        f.kinds(),
        ["NEW_INBOUND_CALL", "ACTION_SUCCESSFUL CallAndBridge"]
    );
    assert!(matches!(
        service.running,
        Some(sim::service::Running::Timed { .. })
    ));
}

#[test]
fn a_non_empty_answer_to_a_mid_list_report_replaces_the_rest() {
    let mut f = Script::new(&[
        answer(&[bridge(CALLER), play(A, "dropped.wav")]),
        answer(&[play(B, "instead.wav")]),
    ]);
    let (_, log) = run(
        inbound(),
        &mut f,
        &[Happening::Dialled(BridgeOutcome::Answered)],
    );
    let heard: Vec<String> = log
        .iter()
        .filter_map(|e| match e {
            Entry::Hears { leg, prompt, .. } => Some(format!("{leg} {prompt}")),
            _ => None,
        })
        .collect();
    assert_eq!(heard, ["LEG-B instead.wav"]);
}

#[test]
fn a_failed_action_drops_the_rest_of_its_list() {
    let mut setup = inbound();
    setup.failures.push(Injection {
        kind: interpreter::wire::ActionKind::PlayAudio,
        key: Some("missing.wav".to_owned()),
        error: "InvalidAudioSource".to_owned(),
        times: 0,
    });
    let mut f = Script::new(&[answer(&[play(A, "missing.wav"), play(A, "never.wav")])]);
    let (service, _) = run(setup, &mut f, &[]);
    assert_eq!(f.kinds(), ["NEW_INBOUND_CALL", "ACTION_FAILED PlayAudio"]);
    let failed = f
        .seen
        .last()
        .and_then(|e| e.error.clone())
        .and_then(|e| e.error_type);
    assert_eq!(failed.as_deref(), Some("InvalidAudioSource"));
    assert!(service.pending.is_empty());
}

#[test]
fn an_invalid_parameter_fails_that_action_after_the_ones_before_it_ran() {
    let mut f = Script::new(&[answer(&[play(A, "first.wav"), bridge("anonymous")])]);
    let (_, log) = run(inbound(), &mut f, &[Happening::Complete]);
    assert_eq!(
        f.kinds(),
        ["NEW_INBOUND_CALL", "ACTION_FAILED CallAndBridge"]
    );
    let error = f
        .seen
        .last()
        .and_then(|e| e.error.clone())
        .and_then(|e| e.error_type);
    assert_eq!(error.as_deref(), Some("InvalidActionParameter"));
    assert!(
        log.iter()
            .any(|e| matches!(e, Entry::Hears { prompt, .. } if prompt == "first.wav"))
    );
}

#[test]
fn a_bridge_may_show_only_an_account_number_or_the_callers_own() {
    let mut f = Script::new(&[answer(&[bridge("+14155550100")])]);
    let _ = run(inbound(), &mut f, &[]);
    assert_eq!(
        f.kinds(),
        ["NEW_INBOUND_CALL", "ACTION_FAILED CallAndBridge"]
    );
    let mut f = Script::new(&[answer(&[bridge(NUMBER)])]);
    let (service, _) = run(inbound(), &mut f, &[]);
    assert!(matches!(
        service.running,
        Some(sim::service::Running::Bridge { .. })
    ));
}

#[test]
fn digits_reach_the_function_only_while_a_listener_is_armed_and_after_its_interval() {
    let mut f = Script::new(&[answer(&[bridge(CALLER)]), answer(&[listen(B)])]);
    let press = |leg: LegTag, d: &str| Happening::Press {
        leg,
        digits: d.to_owned(),
    };
    let (service, log) = run(
        inbound(),
        &mut f,
        &[
            press(LegTag::A, "5"),
            Happening::Dialled(BridgeOutcome::Answered),
            press(LegTag::A, "5"),
            press(LegTag::B, "9"),
            press(LegTag::B, "5"),
            press(LegTag::B, "6"),
        ],
    );
    assert_eq!(
        f.kinds(),
        [
            "NEW_INBOUND_CALL",
            "ACTION_SUCCESSFUL CallAndBridge",
            "ACTION_SUCCESSFUL ReceiveDigits",
            "DIGITS_RECEIVED ReceiveDigits"
        ]
    );
    let outcomes: Vec<&str> = log
        .iter()
        .filter_map(|e| match e {
            Entry::Digits { outcome, .. } => Some(outcome.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "discarded: no listener armed on this leg",
            "discarded: no listener armed on this leg",
            "flushed: no match",
            "matched",
            "discarded: no listener armed on this leg"
        ]
    );
    // Two presses waited the one-second interval before they were tested.
    assert_eq!(service.elapsed_ms(), 2_000);
}

#[test]
fn a_hang_up_is_reported_per_leg_and_never_propagated() {
    let mut f = Script::new(&[answer(&[bridge(CALLER)])]);
    let (service, _) = run(
        inbound(),
        &mut f,
        &[
            Happening::Dialled(BridgeOutcome::Answered),
            Happening::HangUp(LegTag::A),
        ],
    );
    assert_eq!(f.kinds().last().map(String::as_str), Some("HANGUP Hangup"));
    assert_eq!(
        service.leg(&LegTag::B).map(|l| l.state),
        Some(LegState::Connected)
    );
    let mut f = Script::new(&[
        answer(&[bridge(CALLER)]),
        EMPTY.to_owned(),
        answer(&[hangup(B)]),
    ]);
    let (service, _) = run(
        inbound(),
        &mut f,
        &[
            Happening::Dialled(BridgeOutcome::Answered),
            Happening::HangUp(LegTag::A),
        ],
    );
    assert!(service.over);
    assert_eq!(f.kinds().len(), 4, "{:?}", f.kinds());
}

#[test]
fn an_api_call_rings_then_is_answered_or_ends_with_a_hangup() {
    let mut setup = inbound();
    setup.origin = Origin::Api;
    let mut f = Script::default();
    let _ = run(
        setup.clone(),
        &mut f,
        &[Happening::Dialled(BridgeOutcome::Answered)],
    );
    assert_eq!(
        f.kinds(),
        [
            "NEW_OUTBOUND_CALL CallUpdateRequest",
            "RINGING",
            "CALL_ANSWERED"
        ]
    );
    let mut f = Script::default();
    let (service, _) = run(setup, &mut f, &[Happening::Dialled(BridgeOutcome::Busy)]);
    assert_eq!(
        f.kinds(),
        [
            "NEW_OUTBOUND_CALL CallUpdateRequest",
            "RINGING",
            "HANGUP Hangup"
        ]
    );
    let code = f
        .seen
        .last()
        .and_then(|e| e.action_data.clone())
        .and_then(|d| d.parameters.sip_response_code);
    assert_eq!(code, Some(486));
    assert!(service.over);
}

#[test]
fn an_update_answered_with_actions_interrupts_a_playing_prompt() {
    let mut f = Script::new(&[
        answer(&[play(A, "hold.wav")]),
        answer(&[play(A, "news.wav")]),
    ]);
    let args = BTreeMap::from([("recording".to_owned(), "pause".to_owned())]);
    let (_, log) = run(inbound(), &mut f, &[Happening::Update(args)]);
    assert_eq!(
        f.kinds(),
        [
            "NEW_INBOUND_CALL",
            "CALL_UPDATE_REQUESTED CallUpdateRequest",
            "ACTION_INTERRUPTED PlayAudio"
        ]
    );
    assert!(
        log.iter()
            .any(|e| matches!(e, Entry::Hears { prompt, .. } if prompt == "news.wav"))
    );
}

#[test]
fn attributes_are_replaced_whole_and_kept_when_omitted() {
    let with = |attrs: &str, actions: &[String]| {
        format!(
            r#"{{"SchemaVersion":"1.0","Actions":[{}],"TransactionAttributes":{attrs}}}"#,
            actions.join(",")
        )
    };
    let mut f = Script::new(&[
        with(r#"{"a":"1","b":"2"}"#, &[play(A, "x.wav")]),
        with(r#"{"c":"3"}"#, &[play(A, "y.wav")]),
        EMPTY.to_owned(),
    ]);
    let (service, _) = run(
        inbound(),
        &mut f,
        &[Happening::Complete, Happening::Complete],
    );
    let keys = |e: &Event| {
        e.call
            .transaction_attributes
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        f.seen.get(1).map(keys),
        Some(vec!["a".to_owned(), "b".to_owned()])
    );
    assert_eq!(service.attributes.keys().collect::<Vec<_>>(), ["c"]);
}

#[test]
fn an_answer_over_the_limits_is_answered_with_invalid_lambda_response() {
    let eleven: Vec<String> = (0..11).map(|i| play(A, &format!("{i}.wav"))).collect();
    let mut f = Script::new(&[answer(&eleven)]);
    let _ = run(inbound(), &mut f, &[]);
    assert_eq!(f.kinds(), ["NEW_INBOUND_CALL", "INVALID_LAMBDA_RESPONSE"]);
    let pairs: Vec<String> = (0..11).map(|i| format!(r#""k{i}":"v""#)).collect();
    let mut f = Script::new(&[format!(
        r#"{{"SchemaVersion":"1.0","Actions":[],"TransactionAttributes":{{{}}}}}"#,
        pairs.join(",")
    )]);
    let _ = run(inbound(), &mut f, &[]);
    let error = f
        .seen
        .last()
        .and_then(|e| e.error.clone())
        .and_then(|e| e.error_type);
    assert_eq!(
        error.as_deref(),
        Some("TransactionAttributesInvalidMapSize")
    );
    let mut f = Script::new(&[r#"{"SchemaVersion":"2.0","Actions":[]}"#.to_owned()]);
    let _ = run(inbound(), &mut f, &[]);
    assert_eq!(f.kinds(), ["NEW_INBOUND_CALL", "INVALID_LAMBDA_RESPONSE"]);
}

#[test]
fn a_new_call_answered_with_nothing_times_out_after_thirty_seconds() {
    let mut f = Script::default();
    let (service, log) = run(inbound(), &mut f, &[Happening::Complete]);
    assert!(service.over);
    assert_eq!(service.elapsed_ms(), 30_000);
    assert!(log.iter().any(|e| matches!(
        e,
        Entry::DeadAir {
            from_ms: 0,
            to_ms: 30_000,
            ..
        }
    )));
}

#[test]
fn a_slow_function_gets_the_event_again_at_five_seconds_and_a_hang_up_at_twenty() {
    let mut setup = inbound();
    setup.latencies = vec![(1, 6_000)];
    let mut f = Script::new(&[answer(&[play(A, "x.wav")]), answer(&[play(A, "x.wav")])]);
    let (_, log) = run(setup.clone(), &mut f, &[]);
    assert_eq!(f.kinds(), ["NEW_INBOUND_CALL", "NEW_INBOUND_CALL"]);
    assert_eq!(
        f.seen.first().map(|e| e.sequence),
        f.seen.get(1).map(|e| e.sequence)
    );
    assert!(log.iter().any(|e| matches!(
        e,
        Entry::Event {
            duplicate: true,
            ..
        }
    )));
    assert!(!log.iter().any(|e| matches!(e, Entry::Violation { .. })));
    setup.latencies = vec![(1, 25_000)];
    let mut f = Script::default();
    let (service, _) = run(setup, &mut f, &[]);
    assert!(service.over);
}

#[test]
fn two_different_answers_to_one_delivery_are_a_violation() {
    let mut f = Script::new(&[answer(&[play(A, "x.wav")]), answer(&[play(A, "y.wav")])]);
    let (_, log) = run(inbound(), &mut f, &[Happening::Duplicate]);
    assert!(log.iter().any(|e| matches!(e, Entry::Violation { .. })));
}

/// Built answers (the interpreter's own type) keep their attributes in the service's stored map
/// rather than a copy: a second delivery is still compared with the whole first answer.
#[test]
fn a_second_delivery_is_compared_with_the_first_answers_attributes() {
    let built = |state: &str| {
        let attributes = BTreeMap::from([("state".to_owned(), state.to_owned())]);
        interpreter::wire::Response::new(Vec::new(), Some(attributes)).unwrap()
    };
    for (second, differs) in [("talking", false), ("ended", true)] {
        let mut calls = 0;
        let mut f = |_: &Event| {
            calls += 1;
            Reply::of(built(if calls == 1 { "talking" } else { second }))
        };
        let mut service = Service::new(inbound());
        let mut log = service.apply(&mut f, &Happening::Start);
        assert_eq!(service.attributes["state"], "talking");
        log.extend(service.apply(&mut f, &Happening::Duplicate));
        let violation = log.iter().any(|e| matches!(e, Entry::Violation { .. }));
        assert_eq!(violation, differs, "second answer {second}");
        assert_eq!(service.attributes["state"], "talking");
    }
}

#[test]
fn a_call_is_cut_at_the_invocation_limit() {
    let mut setup = inbound();
    setup.limits.max_invocations = 3;
    let plays: Vec<String> = (0..5).map(|_| answer(&[play(A, "x.wav")])).collect();
    let mut f = Script::new(&plays);
    let (service, _) = run(
        setup,
        &mut f,
        &[
            Happening::Complete,
            Happening::Complete,
            Happening::Complete,
        ],
    );
    assert_eq!(f.seen.len(), 3);
    assert!(service.over);
}

#[test]
fn recordings_change_only_from_a_state_that_allows_it() {
    let pause = format!(r#"{{"Type":"PauseCallRecording","Parameters":{{"CallId":"{A}"}}}}"#);
    let mut f = Script::new(&[
        answer(&[bridge(CALLER)]),
        answer(&[start_recording(A), listen(B)]),
        EMPTY.to_owned(),
        EMPTY.to_owned(),
        answer(std::slice::from_ref(&pause)),
        answer(&[pause]),
    ]);
    let press = Happening::Press {
        leg: LegTag::B,
        digits: "5".to_owned(),
    };
    let (service, _) = run(
        inbound(),
        &mut f,
        &[Happening::Dialled(BridgeOutcome::Answered), press],
    );
    assert_eq!(
        f.kinds(),
        [
            "NEW_INBOUND_CALL",
            "ACTION_SUCCESSFUL CallAndBridge",
            "ACTION_SUCCESSFUL StartCallRecording",
            "ACTION_SUCCESSFUL ReceiveDigits",
            "DIGITS_RECEIVED ReceiveDigits",
            "ACTION_SUCCESSFUL PauseCallRecording",
            "ACTION_FAILED PauseCallRecording",
        ]
    );
    assert_eq!(service.recording(&LegTag::A), Some(Recording::Paused));
}

#[test]
fn choices_name_every_next_happening_and_states_compare() {
    let mut f = Script::new(&[answer(&[bridge(CALLER)])]);
    let (service, _) = run(inbound(), &mut f, &[]);
    let choices = service.choices(&["5"], &[]);
    for outcome in BridgeOutcome::ALL {
        assert!(choices.contains(&Happening::Dialled(outcome)));
    }
    assert!(choices.contains(&Happening::HangUp(LegTag::A)));
    assert!(choices.contains(&Happening::Duplicate));
    let copy = service.clone();
    assert_eq!(copy, service);
    let mut moved = service.clone();
    moved.now_ms += 5;
    assert_ne!(moved, service);
    assert_eq!(moved.without_clock(), service.without_clock());
    let mut stepwise = inbound();
    stepwise.stepwise = true;
    let mut f = Script::new(&[answer(&[play(A, "x.wav")])]);
    let (service, _) = run(stepwise, &mut f, &[]);
    assert!(service.choices(&[], &[]).contains(&Happening::Proceed));
    assert!(
        service
            .choices(&[], &[])
            .contains(&Happening::Fail("InvalidAudioSource".to_owned()))
    );
    let _ = EventType::Ringing;
}

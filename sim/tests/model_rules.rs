//! More service rules on hand-written answers, independent of any flow: the default limit of
//! 1,000 invocations, what an update may interrupt, digits pressed during a prompt, and an API
//! call's arguments.

use interpreter::wire::{Event, LegTag};
use sim::function::Reply;
use sim::service::{BridgeOutcome, Entry, Happening, Origin, Service, Setup};
use std::collections::{BTreeMap, VecDeque};

const A: &str = "a0000000-0000-4000-8000-00000000000a";
const EMPTY: &str = r#"{"SchemaVersion":"1.0","Actions":[]}"#;

/// Answers from a list, then with `rest` forever; keeps every event it saw.
struct Script {
    answers: VecDeque<String>,
    rest: String,
    seen: Vec<Event>,
}

impl Script {
    fn new(answers: &[String], rest: &str) -> Self {
        Self {
            answers: answers.iter().cloned().collect(),
            rest: rest.to_owned(),
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
        Reply::json(
            self.answers
                .pop_front()
                .unwrap_or_else(|| self.rest.clone()),
        )
    }
}

fn answer(actions: &[String]) -> String {
    format!(
        r#"{{"SchemaVersion":"1.0","Actions":[{}]}}"#,
        actions.join(",")
    )
}

fn play(key: &str) -> String {
    format!(
        r#"{{"Type":"PlayAudio","Parameters":{{"CallId":"{A}","AudioSource":{{"Type":"S3","BucketName":"prompts","Key":"{key}"}}}}}}"#
    )
}

fn collect(key: &str) -> String {
    format!(
        r#"{{"Type":"PlayAudioAndGetDigits","Parameters":{{"CallId":"{A}","AudioSource":{{"Type":"S3","BucketName":"prompts","Key":"{key}"}},"FailureAudioSource":{{"Type":"S3","BucketName":"prompts","Key":"again.wav"}},"MinNumberOfDigits":1,"MaxNumberOfDigits":1,"Repeat":1,"RepeatDurationInMilliseconds":5000}}}}"#
    )
}

fn listen() -> String {
    format!(
        r#"{{"Type":"ReceiveDigits","Parameters":{{"CallId":"{A}","InputDigitsRegex":"[5-7]","InBetweenDigitsDurationInMilliseconds":1000,"FlushDigitsDurationInMilliseconds":10000}}}}"#
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
    Setup::inbound("+13125550123", "+12065550199")
}

fn update() -> Happening {
    Happening::Update(BTreeMap::from([("k".to_owned(), "v".to_owned())]))
}

fn heard(log: &[Entry]) -> Vec<String> {
    log.iter()
        .filter_map(|e| match e {
            Entry::Hears { prompt, .. } => Some(prompt.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_service_stops_a_call_at_one_thousand_invocations() {
    // Every prompt is answered with another: the call would go on forever.
    let mut f = Script::new(&[], &answer(&[play("loop.wav")]));
    let mut service = Service::new(inbound());
    let _ = service.apply(&mut f, &Happening::Start);
    let mut steps = 0;
    while !service.over && steps < 2_000 {
        let _ = service.apply(&mut f, &Happening::Complete);
        steps += 1;
    }
    assert!(service.over);
    assert_eq!(f.seen.len(), 1_000);
    assert_eq!(service.invocations, 1_000);
}

#[test]
fn an_empty_answer_to_an_update_interrupts_nothing() {
    let mut f = Script::new(&[answer(&[play("hold.wav"), play("after.wav")])], EMPTY);
    let (_, log) = run(inbound(), &mut f, &[update(), Happening::Complete]);
    assert_eq!(
        f.kinds(),
        [
            "NEW_INBOUND_CALL",
            "CALL_UPDATE_REQUESTED CallUpdateRequest"
        ]
    );
    // The list goes on where it was.
    assert_eq!(heard(&log), ["hold.wav", "after.wav"]);
}

#[test]
fn an_update_does_not_interrupt_a_collect_and_drops_the_rest_of_the_old_list() {
    let mut f = Script::new(
        &[
            answer(&[collect("menu.wav"), play("old-rest.wav")]),
            answer(&[play("news.wav")]),
        ],
        EMPTY,
    );
    let (_, log) = run(
        inbound(),
        &mut f,
        &[update(), Happening::Entered(Some("1".to_owned()))],
    );
    let kinds = f.kinds();
    assert!(
        !kinds.iter().any(|k| k.starts_with("ACTION_INTERRUPTED")),
        "{kinds:?}"
    );
    // The collect finished first, then the update's list ran; the old rest never did.
    assert_eq!(heard(&log), ["menu.wav", "news.wav"]);
}

#[test]
fn an_update_interrupts_a_pause_and_the_new_list_starts_at_once() {
    let pause = format!(
        r#"{{"Type":"Pause","Parameters":{{"CallId":"{A}","DurationInMilliseconds":9000}}}}"#
    );
    let mut f = Script::new(
        &[
            answer(&[play("first.wav")]),
            answer(&[pause, play("later.wav")]),
            answer(&[play("news.wav")]),
        ],
        EMPTY,
    );
    let (service, log) = run(inbound(), &mut f, &[Happening::Complete, update()]);
    assert!(
        f.kinds().iter().any(|k| k == "ACTION_INTERRUPTED Pause"),
        "{:?}",
        f.kinds()
    );
    assert_eq!(heard(&log), ["first.wav", "news.wav"]);
    assert_eq!(service.elapsed_ms(), 2_000, "the pause did not run out");
}

#[test]
fn digits_pressed_during_a_prompt_reach_an_armed_listener_and_not_the_prompt() {
    let mut f = Script::new(&[answer(&[listen(), play("long.wav")])], EMPTY);
    let press = Happening::Press {
        leg: LegTag::A,
        digits: "6".to_owned(),
    };
    let (_, log) = run(inbound(), &mut f, &[press]);
    assert_eq!(
        f.kinds(),
        ["NEW_INBOUND_CALL", "DIGITS_RECEIVED ReceiveDigits"]
    );
    // The prompt keeps playing: digits to a listener do not stop the list.
    assert!(
        log.iter()
            .any(|e| matches!(e, Entry::Hears { prompt, .. } if prompt == "long.wav"))
    );
    let mut f = Script::new(&[answer(&[play("long.wav")])], EMPTY);
    let press = Happening::Press {
        leg: LegTag::A,
        digits: "6".to_owned(),
    };
    let (_, log) = run(inbound(), &mut f, &[press]);
    assert_eq!(f.kinds(), ["NEW_INBOUND_CALL"], "no listener: discarded");
    assert!(
        log.iter().any(
            |e| matches!(e, Entry::Digits { outcome, .. } if outcome.starts_with("discarded"))
        )
    );
}

#[test]
fn digits_pressed_during_a_collect_prompt_are_its_input() {
    let mut f = Script::new(&[answer(&[collect("menu.wav")])], EMPTY);
    let press = Happening::Press {
        leg: LegTag::A,
        digits: "4".to_owned(),
    };
    let _ = run(inbound(), &mut f, &[press]);
    assert_eq!(
        f.kinds(),
        [
            "NEW_INBOUND_CALL",
            "ACTION_SUCCESSFUL PlayAudioAndGetDigits"
        ]
    );
    let digits = f
        .seen
        .last()
        .and_then(|e| e.action_data.as_ref())
        .and_then(|d| d.received_digits.clone());
    assert_eq!(digits.as_deref(), Some("4"));
}

#[test]
fn a_non_matching_press_is_flushed_so_a_later_match_arrives_alone() {
    let mut f = Script::new(&[answer(&[listen(), play("long.wav")])], EMPTY);
    let press = |d: &str| Happening::Press {
        leg: LegTag::A,
        digits: d.to_owned(),
    };
    let _ = run(inbound(), &mut f, &[press("9"), press("5")]);
    let digits: Vec<Option<String>> = f
        .seen
        .iter()
        .skip(1)
        .map(|e| {
            e.action_data
                .as_ref()
                .and_then(|d| d.received_digits.clone())
        })
        .collect();
    assert_eq!(digits, [Some("5".to_owned())]);
}

#[test]
fn an_api_call_delivers_its_arguments_with_new_outbound_call() {
    let mut setup = inbound();
    setup.origin = Origin::Api;
    setup.arguments = BTreeMap::from([("CustomerName".to_owned(), "Jane".to_owned())]);
    let mut f = Script::new(&[], EMPTY);
    let _ = run(setup, &mut f, &[]);
    let first = f.seen.first().and_then(|e| e.action_data.clone());
    assert_eq!(
        first.map(|d| d.parameters.arguments),
        Some(BTreeMap::from([(
            "CustomerName".to_owned(),
            "Jane".to_owned()
        )]))
    );
    assert_eq!(
        f.kinds(),
        ["NEW_OUTBOUND_CALL CallUpdateRequest", "RINGING"]
    );
}

#[test]
fn an_api_call_keeps_the_attributes_answered_to_new_outbound_call_but_runs_none_of_its_actions() {
    let mut setup = inbound();
    setup.origin = Origin::Api;
    let kept = format!(
        r#"{{"SchemaVersion":"1.0","Actions":[{}],"TransactionAttributes":{{"args":"Jane"}}}}"#,
        play("never.wav")
    );
    let mut f = Script::new(&[kept], EMPTY);
    let (service, log) = run(
        setup,
        &mut f,
        &[Happening::Dialled(BridgeOutcome::Answered)],
    );
    assert!(heard(&log).is_empty(), "{log:?}");
    let answered = f
        .seen
        .iter()
        .find(|e| e.event_type.as_str() == "CALL_ANSWERED")
        .map(|e| e.call.transaction_attributes.clone());
    let stored = BTreeMap::from([("args".to_owned(), "Jane".to_owned())]);
    assert_eq!(answered, Some(stored.clone()));
    assert_eq!(service.attributes, stored);
}

#[test]
fn an_unusable_answer_to_new_outbound_call_is_dropped_without_an_invalid_response_event() {
    let mut setup = inbound();
    setup.origin = Origin::Api;
    let bad = r#"{"SchemaVersion":"2.0","Actions":[],"TransactionAttributes":{"args":"x"}}"#;
    let mut f = Script::new(&[bad.to_owned()], EMPTY);
    let (service, _) = run(
        setup,
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
    assert!(service.attributes.is_empty());
}

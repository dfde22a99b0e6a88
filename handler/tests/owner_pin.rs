//! The owner's PIN: caller id can be spoofed, so with `OWNER_PIN` set a call from the owner's
//! number reaches the dial-out prompt only after the PIN, with three tries; and the PIN never
//! appears in an answer, the call's state, a call record or a log line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use handler::app::App;
use handler::seal::Sealer;
use interpreter::config::Config;
use serde_json::{Value, json};
use support::app::{collected, deliver, new_call, send};
use support::call::*;
use support::cli;

const PIN: &str = "4938172";

fn app_with_pin(pin: Option<&str>) -> App {
    let flow = flow();
    let config = Config::resolve(&flow, |v| match v {
        "SOURCE_PHONE" => Some(OWNER.into()),
        "WAV_BUCKET" => Some("prompts-bucket".into()),
        "RECORDING_BUCKET" => Some("recordings-bucket".into()),
        "OWNER_PIN" => pin.map(str::to_owned),
        _ => None,
    })
    .unwrap();
    App {
        flow,
        config,
        earlier: Vec::new(),
        sealer: Sealer::with_keys(support::app::KEY, None),
        records: None,
    }
}

fn everything_sent(turn: &interpreter::step::Turn) -> String {
    format!(
        "{} {:?} {:?}",
        serde_json::to_string(&turn.response).unwrap(),
        turn.effects,
        turn.note
    )
}

#[test]
fn a_call_from_the_owners_number_must_give_the_pin_before_dialling_out() {
    let app = app_with_pin(Some(PIN));
    let mut call = new_call(OWNER);
    let turn = send(&app, &mut call, "NEW_INBOUND_CALL", None);
    assert_eq!(prompts(&turn), ["enterYourPin.wav"]);
    call.connect_all();
    // A spoofed caller id with the dial-out's digits does not dial out.
    let turn = send(
        &app,
        &mut call,
        "ACTION_SUCCESSFUL",
        Some(collected("3125550177")),
    );
    assert!(!types(&turn).contains(&"CallAndBridge".to_owned()));
    let turn = send(&app, &mut call, "ACTION_SUCCESSFUL", Some(collected(PIN)));
    assert_eq!(prompts(&turn), ["enterNumberToDial.wav"]);
    let turn = send(
        &app,
        &mut call,
        "ACTION_SUCCESSFUL",
        Some(collected("3125550177")),
    );
    assert_eq!(types(&turn), ["PlayAudio", "CallAndBridge"]);
}

#[test]
fn three_wrong_pins_end_the_call() {
    let app = app_with_pin(Some(PIN));
    let mut call = new_call(OWNER);
    send(&app, &mut call, "NEW_INBOUND_CALL", None);
    call.connect_all();
    for _ in 0..2 {
        let turn = send(
            &app,
            &mut call,
            "ACTION_SUCCESSFUL",
            Some(collected("1111")),
        );
        assert_eq!(
            prompts(&turn),
            ["sorryIDidntGetThat.wav", "enterYourPin.wav"]
        );
    }
    let turn = send(
        &app,
        &mut call,
        "ACTION_SUCCESSFUL",
        Some(collected("1111")),
    );
    assert_eq!(types(&turn), ["PlayAudio", "Hangup"]);
    // The count travels sealed: resetting it in the attributes voids the state instead.
    let mut forged = call.attributes.clone();
    forged["vars"] = json!(r#"["A",0,0,null]"#);
    call.attributes = forged;
    let turn = send(&app, &mut call, "ACTION_SUCCESSFUL", Some(collected(PIN)));
    assert!(!prompts(&turn).contains(&"enterNumberToDial.wav".to_owned()));
}

#[test]
fn without_a_pin_the_owner_dials_out_directly() {
    let app = app_with_pin(None);
    let mut call = new_call(OWNER);
    let turn = send(&app, &mut call, "NEW_INBOUND_CALL", None);
    assert_eq!(prompts(&turn), ["enterNumberToDial.wav"]);
}

#[test]
fn the_pin_is_in_no_answer_state_or_record_effect() {
    let app = app_with_pin(Some(PIN));
    let mut call = new_call(OWNER);
    let mut seen = String::new();
    seen += &everything_sent(&send(&app, &mut call, "NEW_INBOUND_CALL", None));
    call.connect_all();
    for digits in ["12345", PIN, "3125550177"] {
        let event = call.event("ACTION_SUCCESSFUL", Some(collected(digits)), json!({}));
        seen += &everything_sent(&deliver(&app, &mut call, &event));
    }
    seen += &call.attributes.to_string();
    assert!(!seen.contains(PIN), "{seen}");
    assert!(
        !seen.contains("12345"),
        "a wrong PIN is not kept either: {seen}"
    );
}

#[test]
fn the_pin_is_in_no_log_line_and_no_call_record_of_the_real_binary() {
    let dir = cli::TempDir::new("pin");
    let txn = "77777777-2222-4333-8444-555555555555";
    let leg_a = json!({"CallId": LEG_A, "ParticipantTag": "LEG-A", "To": NUMBER, "From": OWNER,
        "Direction": "Inbound", "StartTimeInMilliseconds": "1717171717123", "Status": "Connected"});
    let event = |sequence: u64, kind: &str, data: Option<Value>| {
        let mut e = json!({"SchemaVersion": "1.0", "Sequence": sequence, "InvocationEventType": kind,
            "CallDetails": {"TransactionId": txn, "AwsAccountId": "123456789012",
                "AwsRegion": "us-east-1", "Participants": [leg_a.clone()]}});
        if let Some(d) = data {
            e["ActionData"] = d;
        }
        e
    };
    let events = vec![
        event(1, "NEW_INBOUND_CALL", None),
        event(2, "ACTION_SUCCESSFUL", Some(collected(PIN))),
        event(3, "ACTION_SUCCESSFUL", Some(collected("3125550177"))),
    ];
    let mut command = cli::handler(&dir, &["replay", "-"]);
    command.env("OWNER_PIN", PIN).env("LOG_LEVEL", "debug");
    let output = cli::run(command, cli::json_lines(&events).as_bytes());
    cli::assert_exit(&output, 0);
    let answers = cli::envelopes(&output);
    assert_eq!(cli::types(&answers[2]), ["PlayAudio", "CallAndBridge"]);
    let log = cli::stderr(&output);
    assert!(!log.is_empty());
    assert!(!log.contains(PIN), "{log}");
    assert!(!cli::stdout(&output).contains(PIN));
    let records = cli::run(cli::handler(&dir, &["records", "--format", "json"]), b"");
    cli::assert_exit(&records, 0);
    let listed = cli::stdout(&records);
    assert!(listed.contains(txn), "{listed}");
    assert!(!listed.contains(PIN), "{listed}");
}

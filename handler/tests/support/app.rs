//! Calls driven through the handler's own answer path ([`App`]): the seal is opened and added, the
//! flow version is picked, as in Lambda; call records are not written.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::call::{Call, LEG_A, NUMBER, OWNER, config, flow};
use handler::app::App;
use handler::seal::Sealer;
use interpreter::step::Turn;
use interpreter::wire::Response;
use serde_json::{Value, json};

/// The deployment's key in these tests.
pub const KEY: &[u8] = b"hostile-test key 0123456789abcdef0123456789";

pub fn app() -> App {
    app_with(Sealer::with_keys(KEY, None))
}

pub fn app_with(sealer: Sealer) -> App {
    let flow = flow();
    let config = config(&flow);
    App {
        flow,
        config,
        earlier: Vec::new(),
        sealer,
        records: None,
    }
}

/// A call from `from` whose first event has not been sent yet.
pub fn new_call(from: &str) -> Call {
    let flow = flow();
    let config = config(&flow);
    Call {
        flow,
        config,
        sequence: 0,
        attributes: json!({}),
        a: json!({
            "CallId": LEG_A, "ParticipantTag": "LEG-A", "To": NUMBER, "From": from,
            "Direction": "Inbound", "StartTimeInMilliseconds": "1717171717123"
        }),
        b: None,
        last: None,
    }
}

/// Answers `bytes` through `app`, checks the envelope, and carries the answer's attributes into
/// `call` as the service does.
pub fn deliver_bytes(app: &App, call: &mut Call, bytes: &[u8]) -> Turn {
    let turn = app.answer_bytes(bytes).turn;
    assert_valid(&turn);
    if let Some(attrs) = turn.response.transaction_attributes() {
        call.attributes = serde_json::to_value(attrs).unwrap();
    }
    turn
}

pub fn deliver(app: &App, call: &mut Call, event: &Value) -> Turn {
    deliver_bytes(app, call, event.to_string().as_bytes())
}

/// Builds and sends one event of `call` through `app`.
pub fn send(app: &App, call: &mut Call, kind: &str, data: Option<Value>) -> Turn {
    let event = call.event(kind, data, json!({}));
    deliver(app, call, &event)
}

/// The owner's call, waiting at the dial-out prompt.
pub fn owner_at_prompt(app: &App) -> Call {
    let mut call = new_call(OWNER);
    let turn = send(app, &mut call, "NEW_INBOUND_CALL", None);
    assert_eq!(super::call::types(&turn), ["PlayAudioAndGetDigits"]);
    call
}

/// The digits `digits` collected on LEG-A.
pub fn collected(digits: &str) -> Value {
    json!({"Type": "PlayAudioAndGetDigits", "Parameters": {"CallId": LEG_A},
        "ReceivedDigits": digits})
}

/// The answer encodes to an envelope the strict decoder (the simulator's) accepts.
pub fn assert_valid(turn: &Turn) {
    let json = serde_json::to_value(&turn.response).unwrap();
    let back: Result<Response, _> = serde_json::from_value(json.clone());
    assert!(back.is_ok(), "not a valid envelope: {json}");
}

/// What only the owner, or a call in progress, may get: the dial-out prompt, a bridge that is not
/// to the owner, control of a recording, the dial-out state.
pub fn privileges(turn: &Turn) -> Vec<String> {
    let mut found = Vec::new();
    for action in super::call::actions(turn) {
        let kind = action["Type"].as_str().unwrap_or_default();
        let params = &action["Parameters"];
        match kind {
            "PlayAudioAndGetDigits" => found.push("the dial-out prompt".to_owned()),
            "CallAndBridge" => {
                let to = params["Endpoints"][0]["Uri"].as_str().unwrap_or_default();
                let shown = params["CallerIdNumber"].as_str().unwrap_or_default();
                // A bridge to the owner is what any caller gets (a caller without a usable number
                // is shown as the recording number); anywhere else is the owner's privilege.
                if to != OWNER {
                    found.push(format!("a bridge to {to} showing {shown}"));
                }
            }
            "PauseCallRecording" | "ResumeCallRecording" | "StopCallRecording" => {
                found.push(format!("recording control ({kind})"));
            }
            _ => {}
        }
    }
    if let Some(attrs) = turn.response.transaction_attributes()
        && attrs.get("state").is_some_and(|s| s == "dial_out")
    {
        found.push("the dial-out state".to_owned());
    }
    found
}

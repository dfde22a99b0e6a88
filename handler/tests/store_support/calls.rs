//! Calls as the interpreter reports them: one `RecordWrite` per turn, with the handler's clock
//! reading for that turn, built by hand.

#![allow(dead_code, reason = "each test crate uses a part of the support")]

use handler::store::Timestamp;
use interpreter::effect::{CallDirection, Effect, RecordWrite, RecordingChange};

pub const OWNER: &str = "+15550100";
pub const LOCATION: &str = "recordings-bucket/originalAudio";
/// 2025-01-01T00:00:00Z.
pub const T0: u64 = 1_735_689_600_000;

/// One turn's write and the handler's clock when it was due.
pub type Turn = (RecordWrite, Timestamp);

fn turn(call_id: &str, sequence: u64, now_ms: u64, effects: Vec<Effect>) -> Turn {
    let write = RecordWrite {
        call_id: call_id.to_owned(),
        sequence,
        flow_name: "recording".to_owned(),
        flow_version: "3f2a9c".to_owned(),
        effects,
    };
    (write, Timestamp(now_ms))
}

fn recording(change: RecordingChange, location: Option<&str>) -> Effect {
    Effect::Recording {
        change,
        location: location.map(str::to_owned),
        at_ms: None,
    }
}

/// Someone calls the owner, who pauses, resumes and stops the recording, then hangs up.
/// `start` is the event's `StartTimeInMilliseconds`; the other times come from the handler's clock.
pub fn inbound(call_id: &str, caller: &str, start: u64) -> Vec<Turn> {
    vec![
        turn(
            call_id,
            1,
            start + 150,
            vec![Effect::Started {
                direction: CallDirection::Inbound,
                caller: caller.to_owned(),
                at_ms: Some(start),
            }],
        ),
        turn(
            call_id,
            3,
            start + 8_000,
            vec![
                Effect::Answered {
                    callee: OWNER.to_owned(),
                    at_ms: None,
                },
                recording(RecordingChange::Started, Some(LOCATION)),
            ],
        ),
        turn(
            call_id,
            5,
            start + 20_000,
            vec![recording(RecordingChange::Paused, None)],
        ),
        turn(
            call_id,
            6,
            start + 30_500,
            vec![
                recording(RecordingChange::Resumed, None),
                Effect::RecordingObject {
                    key: RECORDING_OBJECT.to_owned(),
                },
                Effect::Fact {
                    name: "choice".to_owned(),
                    value: "6".to_owned(),
                },
            ],
        ),
        turn(
            call_id,
            7,
            start + 50_250,
            vec![
                recording(RecordingChange::Stopped, None),
                Effect::Fact {
                    name: "outcome".to_owned(),
                    value: "stopped".to_owned(),
                },
            ],
        ),
        turn(
            call_id,
            9,
            start + 71_400,
            vec![
                Effect::LegEnded {
                    leg: "LEG-B".to_owned(),
                    sip_code: Some(486),
                    at_ms: None,
                },
                Effect::Ended { at_ms: None },
            ],
        ),
    ]
}

/// The S3 object the service reports for the recording of [`inbound`].
pub const RECORDING_OBJECT: &str = "recordings/originalAudio/2025/01/01/call.wav";

/// The owner dials a number; the person called answers, the owner stops the recording later.
pub fn dial_out(call_id: &str, dialled: &str, start: u64) -> Vec<Turn> {
    vec![
        turn(
            call_id,
            1,
            start + 120,
            vec![Effect::Started {
                direction: CallDirection::Outbound,
                caller: OWNER.to_owned(),
                at_ms: Some(start),
            }],
        ),
        turn(
            call_id,
            4,
            start + 15_000,
            vec![
                Effect::Answered {
                    callee: dialled.to_owned(),
                    at_ms: None,
                },
                recording(RecordingChange::Started, Some(LOCATION)),
            ],
        ),
        turn(
            call_id,
            6,
            start + 40_000,
            vec![recording(RecordingChange::Stopped, None)],
        ),
        turn(
            call_id,
            8,
            start + 95_000,
            vec![Effect::Ended { at_ms: None }],
        ),
    ]
}

/// The owner dials a number nobody answers: the bridge fails and the call is hung up.
pub fn unanswered_dial_out(call_id: &str, start: u64) -> Vec<Turn> {
    vec![
        turn(
            call_id,
            1,
            start + 100,
            vec![Effect::Started {
                direction: CallDirection::Outbound,
                caller: OWNER.to_owned(),
                at_ms: Some(start),
            }],
        ),
        turn(
            call_id,
            4,
            start + 35_000,
            vec![Effect::Failed {
                error: "CallNotAnswered".to_owned(),
                at_ms: None,
            }],
        ),
        turn(
            call_id,
            5,
            start + 41_000,
            vec![Effect::Ended { at_ms: None }],
        ),
    ]
}

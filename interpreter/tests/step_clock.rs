//! The time is an input of `step`: `hour()` and `weekday()` read the time the answer is given at
//! when the caller passes one (the Lambda's clock, a simulation's own time), else the call's start.

#![expect(
    clippy::indexing_slicing,
    reason = "a missing key reads as null and fails the comparison"
)]

#[path = "support/step_flow.rs"]
mod support;

use interpreter::ir::{ActionTemplate as T, Expr, Func, Speech, Value};
use interpreter::step::{step, step_at};
use interpreter::wire::decode_event;
use support::*;

/// A flow that says the weekday in New York.
fn flow() -> interpreter::ir::Flow {
    let zone = Expr::Lit(Value::Text("America/New_York".into()));
    let weekday = send(T::Speak {
        to: A,
        speech: Speech {
            text: Expr::Call(Func::Weekday, vec![zone]),
            voice: None,
            engine: None,
            language: None,
            ssml: false,
        },
    });
    flow_with(vec![weekday], Vec::new(), None)
}

fn said(event: &serde_json::Value, now_ms: Option<u64>) -> serde_json::Value {
    let bytes = serde_json::to_vec(event).unwrap_or_default();
    let event = decode_event(&bytes).unwrap_or_else(|e| unreachable!("{e}"));
    let turn = match now_ms {
        Some(_) => step_at(&flow(), &config(), &event, now_ms),
        None => step(&flow(), &config(), &event),
    };
    actions_of(&turn)[0]["Parameters"]["Text"].clone()
}

/// Tuesday 4 June 2024, 10:00 in New York.
const TUESDAY: u64 = 1_717_509_600_000;
/// Saturday 8 June 2024, 10:00 in New York.
const SATURDAY: u64 = 1_717_855_200_000;

#[test]
fn the_time_given_to_step_is_the_one_read() {
    let mut call = new_call(false);
    call["CallDetails"]["Participants"][0]["StartTimeInMilliseconds"] = TUESDAY.to_string().into();
    assert_eq!(said(&call, Some(SATURDAY)), "saturday");
    assert_eq!(said(&call, Some(TUESDAY)), "tuesday");
}

#[test]
fn without_a_time_the_call_start_is_read() {
    let mut call = new_call(false);
    call["CallDetails"]["Participants"][0]["StartTimeInMilliseconds"] = SATURDAY.to_string().into();
    assert_eq!(said(&call, None), "saturday");
}

#[test]
fn the_same_inputs_give_the_same_answer() {
    let call = new_call(false);
    assert_eq!(said(&call, Some(TUESDAY)), said(&call, Some(TUESDAY)));
}

//! Per-event speed of the handler's answer (decode, step through the recording flow, encode)
//! against a bare serde round trip of the same event (parse into `serde_json::Value`, write it
//! back): the baseline, measured in the same run. Run with `cargo bench -p handler --bench answer`.

#![allow(
    clippy::indexing_slicing,
    reason = "benchmark set-up builds JSON it just parsed"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use interpreter::config::Config;
use interpreter::step::step;
use interpreter::wire::decode_event;
use std::hint::black_box;

const OWNER: &str = "+12065550100";

fn config(flow: &interpreter::ir::Flow) -> Config {
    Config::resolve(flow, |v| match v {
        "SOURCE_PHONE" => Some(OWNER.into()),
        "WAV_BUCKET" => Some("prompts-bucket".into()),
        "RECORDING_BUCKET" => Some("recordings-bucket".into()),
        _ => None,
    })
    .unwrap_or_else(|_| std::process::exit(1))
}

/// A keypress in the middle of a bridged, recorded call: the flow's busiest answer (call state
/// decoded, two prompts, a recording operation, the listener re-armed, state encoded).
fn mid_call_keypress(flow: &interpreter::ir::Flow, config: &Config) -> Vec<u8> {
    let mut event: serde_json::Value = serde_json::from_str(include_str!(
        "../../examples/events/e7-action-successful-for-callandbridge-two-participants-both.json"
    ))
    .unwrap_or_default();
    event["CallDetails"]["TransactionAttributes"] = serde_json::json!({});
    let bytes = event.to_string().into_bytes();
    let Ok(decoded) = decode_event(&bytes) else {
        std::process::exit(1)
    };
    // Answer the bridge, so that the next event carries the flow's real call state.
    let mut decoded = decoded;
    decoded.call.transaction_attributes =
        step(flow, config, &decode_event(include_bytes!("../../examples/events/e1-new-inbound-call-pstn-caller-real-capture-style-status-ab.json")).unwrap_or_else(|_| std::process::exit(1)))
            .response
            .transaction_attributes()
            .cloned()
            .unwrap_or_default();
    let bridged = step(flow, config, &decoded);
    let owner_leg = decoded
        .call
        .participants
        .iter()
        .find(|p| p.tag == interpreter::wire::LegTag::B)
        .map(|p| p.call_id.as_str().to_owned())
        .unwrap_or_default();
    event["InvocationEventType"] = "DIGITS_RECEIVED".into();
    event["Sequence"] = 4.into();
    event["ActionData"] = serde_json::json!({
        "Type": "ReceiveDigits",
        "Parameters": {"CallId": owner_leg, "InputDigitsRegex": "[5-7]",
            "InBetweenDigitsDurationInMilliseconds": 1000, "FlushDigitsDurationInMilliseconds": 10000},
        "ReceivedDigits": "5"
    });
    event["CallDetails"]["TransactionAttributes"] =
        serde_json::to_value(bridged.response.transaction_attributes()).unwrap_or_default();
    event.to_string().into_bytes()
}

fn answer(c: &mut Criterion) {
    let flow = handler::flows::embedded("recording").unwrap_or_else(|_| std::process::exit(1));
    let config = config(&flow);
    let events: Vec<(&str, Vec<u8>)> = vec![
        (
            "new inbound call",
            include_bytes!("../../examples/events/e1-new-inbound-call-pstn-caller-real-capture-style-status-ab.json").to_vec(),
        ),
        ("mid-call keypress", mid_call_keypress(&flow, &config)),
        (
            "hang-up",
            include_bytes!("../../examples/events/e12-hangup-from-leg-a-while-leg-b-is-still-connected-lambda.json").to_vec(),
        ),
    ];
    for (name, bytes) in &events {
        let mut group = c.benchmark_group(*name);
        group.bench_function("baseline: serde_json Value round trip", |b| {
            b.iter(|| {
                let v: serde_json::Value =
                    serde_json::from_slice(black_box(bytes)).unwrap_or_default();
                serde_json::to_vec(&v).unwrap_or_default()
            })
        });
        group.bench_function("answer: decode, step, encode", |b| {
            b.iter(|| {
                let event =
                    decode_event(black_box(bytes)).unwrap_or_else(|_| std::process::exit(1));
                let turn = step(&flow, &config, &event);
                serde_json::to_vec(&turn.response).unwrap_or_default()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, answer);
criterion_main!(benches);

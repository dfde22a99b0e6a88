//! The baseline `scripts/bench` holds `handler replay` against: the least any handler must do per
//! event, over the same stream of events. Each JSON line is decoded into typed structs that mirror
//! the SMA event (serde derive, no call state, no flow), and answered with one action, encoded and
//! written as one line. `stream-baseline baseline FILE`; with no arguments it does nothing, which
//! `scripts/bench` uses as the cost of starting a Rust process.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, BufWriter, Write};

/// The allocator of the local `handler` build (which `scripts/bench` runs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Event {
    #[serde(rename = "SchemaVersion")]
    _schema_version: String,
    #[serde(rename = "Sequence")]
    _sequence: u64,
    #[serde(rename = "InvocationEventType")]
    _invocation_event_type: String,
    #[serde(rename = "ActionData", default)]
    _action_data: Option<ActionData>,
    call_details: CallDetails,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ActionData {
    #[serde(rename = "Type")]
    _kind: String,
    #[serde(default, rename = "Parameters")]
    _parameters: BTreeMap<String, serde_json::Value>,
    #[serde(default, rename = "ReceivedDigits")]
    _received_digits: Option<String>,
    #[serde(default, rename = "ErrorType")]
    _error_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CallDetails {
    transaction_id: String,
    #[serde(default)]
    transaction_attributes: BTreeMap<String, String>,
    participants: Vec<Participant>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Participant {
    call_id: String,
    #[serde(rename = "ParticipantTag")]
    _tag: String,
    #[serde(rename = "To")]
    _to: String,
    #[serde(rename = "From")]
    _from: String,
    #[serde(default, rename = "Direction")]
    _direction: Option<String>,
    #[serde(default, rename = "StartTimeInMilliseconds")]
    _start: Option<String>,
    #[serde(default, rename = "Status")]
    _status: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Response<'a> {
    schema_version: &'static str,
    actions: [Action<'a>; 1],
    transaction_attributes: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Action<'a> {
    #[serde(rename = "Type")]
    kind: &'static str,
    parameters: Hangup<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Hangup<'a> {
    call_id: &'a str,
    sip_response_code: &'static str,
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, file] = args.as_slice() else {
        return Ok(());
    };
    if mode != "baseline" {
        return Ok(());
    }
    let input = BufReader::new(std::fs::File::open(file)?);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut answered, mut unusable) = (0u64, 0u64);
    for line in input.split(b'\n') {
        let line = line?;
        let Ok(event) = serde_json::from_slice::<Event>(&line) else {
            unusable += 1;
            continue;
        };
        let call_id = event
            .call_details
            .participants
            .first()
            .map_or(event.call_details.transaction_id.as_str(), |p| {
                p.call_id.as_str()
            });
        let response = Response {
            schema_version: "1.0",
            actions: [Action {
                kind: "Hangup",
                parameters: Hangup {
                    call_id,
                    sip_response_code: "0",
                },
            }],
            transaction_attributes: &event.call_details.transaction_attributes,
        };
        serde_json::to_writer(&mut out, &response)?;
        out.write_all(b"\n")?;
        answered += 1;
    }
    out.flush()?;
    eprintln!("{answered} answered, {unusable} unusable");
    Ok(())
}

//! The example applications under `examples/`, run by the real handler with `FLOW=<name>` and
//! nothing else changed: each scripted call (`examples/<app>/calls/*.jsonl`) is replayed, and what
//! the caller would hear and the call record it leaves are compared with the call's golden
//! transcript (`*.transcript` beside it). `UPDATE_GOLDEN=1` rewrites the transcripts for review.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use support::cli::*;

/// Each application and the environment its `config` lines ask for.
const APPS: &[(&str, &[(&str, &str)])] = &[
    ("voicemail", &[("VOICEMAIL_BUCKET", "voicemail-bucket")]),
    ("notification", &[]),
];

fn scripted_calls(app: &str) -> Vec<PathBuf> {
    let dir = root().join("examples").join(app).join("calls");
    let mut calls: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    calls.sort();
    assert!(!calls.is_empty(), "{app} has no scripted calls");
    calls
}

/// One line per action: its type and what it says, dials, records or collects.
fn describe(action: &Value) -> String {
    let p = &action["Parameters"];
    let kind = action["Type"].as_str().unwrap_or("?");
    let detail = match kind {
        "Speak" => p["Text"].to_string(),
        "SpeakAndGetDigits" => format!(
            "{} failure {}",
            p["SpeechParameters"]["Text"], p["FailureSpeechParameters"]["Text"]
        ),
        "CallAndBridge" => p["Endpoints"][0]["Uri"].to_string(),
        "RecordAudio" => p["RecordingDestination"].to_string(),
        "Hangup" => p["CallId"].to_string(),
        _ => String::new(),
    };
    format!("  {kind} {detail}").trim_end().to_owned()
}

fn transcript(app: &str, env: &[(&str, &str)], call: &Path) -> String {
    let dir = TempDir::new(&format!("app-{app}"));
    let mut replay = bare(&dir, &["replay", &call.to_string_lossy()]);
    replay.env("FLOW", app);
    for (name, value) in env {
        replay.env(name, value);
    }
    let output = run(replay, b"");
    assert_exit(&output, 0);
    let answers = envelopes(&output);
    let events = read_json_lines(call);
    assert_eq!(answers.len(), events.len(), "one answer per event");
    let mut out = String::new();
    for (event, answer) in events.iter().zip(&answers) {
        let data = &event["ActionData"];
        let mut line = format!(
            "{} {}",
            event["Sequence"],
            event["InvocationEventType"].as_str().unwrap_or("?")
        );
        if let Some(t) = data["Type"].as_str() {
            write!(line, " {t}").unwrap();
        }
        for key in ["ReceivedDigits", "ErrorType", "RecordingTerminatorUsed"] {
            if let Some(v) = data[key].as_str() {
                write!(line, " {key}={v}").unwrap();
            }
        }
        if let Some(code) = data["Parameters"]["SipResponseCode"].as_u64() {
            write!(line, " SipResponseCode={code}").unwrap();
        }
        writeln!(out, "{line}").unwrap();
        for action in answer["Actions"].as_array().unwrap() {
            writeln!(out, "{}", describe(action)).unwrap();
        }
    }
    let mut records = bare(&dir, &["records", "--format", "json"]);
    records.env("FLOW", app);
    let output = run(records, b"");
    assert_exit(&output, 0);
    let listed: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut record = listed
        .as_array()
        .and_then(|r| r.first())
        .cloned()
        .unwrap_or_else(|| panic!("no call record for {}", call.display()));
    // Times come from the handler's clock where the event has none: not part of the transcript.
    for key in ["answerTime", "endTime", "durationSeconds", "TTL"] {
        record.as_object_mut().unwrap().remove(key);
    }
    for hangup in record["hangups"].as_array_mut().into_iter().flatten() {
        hangup.as_object_mut().unwrap().remove("time");
    }
    if let Some(flow) = record["flow"].as_object_mut() {
        flow.remove("version");
    }
    writeln!(
        out,
        "record {}",
        serde_json::to_string_pretty(&record).unwrap()
    )
    .unwrap();
    out
}

#[test]
fn every_scripted_call_of_every_application_matches_its_golden_transcript() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut differ = Vec::new();
    for (app, env) in APPS {
        for call in scripted_calls(app) {
            let got = transcript(app, env, &call);
            let golden = call.with_extension("transcript");
            if update {
                std::fs::write(&golden, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
                panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", golden.display())
            });
            if got != want {
                eprintln!("--- {}\n{got}", golden.display());
                differ.push(golden.display().to_string());
            }
        }
    }
    assert!(differ.is_empty(), "transcripts differ: {differ:?}");
}

/// The code blocks of a Markdown section, in order.
fn code_blocks(markdown: &str, heading: &str) -> Vec<String> {
    let section = markdown
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading}"));
    section
        .split("```")
        .skip(1)
        .step_by(2)
        .map(|b| {
            b.trim_start_matches(|c: char| c != '\n')
                .trim_start()
                .to_owned()
        })
        .collect()
}

#[test]
fn the_tutorial_flow_answers_its_call_as_the_tutorial_says() {
    let tutorial = std::fs::read_to_string(root().join("docs/writing-a-flow.md")).unwrap();
    let flow = code_blocks(&tutorial, "1. A first flow").remove(0);
    let events = code_blocks(&tutorial, "3. Write a call").remove(0);
    let dir = TempDir::new("tutorial");
    let flow_path = dir.path().join("hello.flow");
    let events_path = dir.path().join("morning.jsonl");
    std::fs::write(&flow_path, &flow).unwrap();
    std::fs::write(&events_path, &events).unwrap();
    let output = run(
        bare(
            &dir,
            &[
                "replay",
                "--flow",
                &flow_path.to_string_lossy(),
                &events_path.to_string_lossy(),
            ],
        ),
        b"",
    );
    assert_exit(&output, 0);
    let answers = envelopes(&output);
    assert_eq!(answers.len(), 2);
    assert_eq!(types(&answers[0]), ["Speak", "Hangup"]);
    assert!(
        answers[0]["Actions"][0]["Parameters"]["Text"]
            .as_str()
            .unwrap()
            .starts_with("Good morning")
    );
    assert!(types(&answers[1]).is_empty());
    let output = run(bare(&dir, &["records", "--format", "json"]), b"");
    assert_exit(&output, 0);
    let records: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(records[0]["facts"][0]["value"], "greeted");
    assert_eq!(records[0]["hangups"][0]["sipCode"], 0);
}

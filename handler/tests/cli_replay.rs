//! `handler replay` as a user runs it: scripted calls written without `TransactionAttributes` (the
//! replay carries each answer's attributes into the next event of the same call, as the SMA does),
//! one answer per event in order, and a stream far larger than the memory the replay may use.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use support::cli::*;

fn call(name: &str) -> Vec<Value> {
    let events = read_json_lines(&root().join("examples/calls").join(name));
    for event in &events {
        assert!(
            event["CallDetails"].get("TransactionAttributes").is_none(),
            "{name} is scripted without attributes"
        );
    }
    events
}

/// `handler replay ARGS... -` on `input`; exit 0; the answers, each a valid envelope.
fn replay(args: &[&str], input: &[u8]) -> Vec<Value> {
    let dir = TempDir::new("replay");
    let mut all = vec!["replay"];
    all.extend_from_slice(args);
    all.push("-");
    let output = run(handler(&dir, &all), input);
    assert_exit(&output, 0);
    envelopes(&output)
}

fn all_types(answers: &[Value]) -> Vec<Vec<String>> {
    answers.iter().map(types).collect()
}

#[test]
fn json_lines_carry_each_answers_attributes_into_the_next_event_of_the_call() {
    let events = call("inbound.jsonl");
    let answers = replay(&[], json_lines(&events).as_bytes());
    assert_eq!(answers.len(), events.len());
    assert_eq!(
        types(&answers[0]),
        ["PlayAudio", "PlayAudio", "CallAndBridge"]
    );
    // The second event came without attributes; it got the first answer's, so the flow knows the
    // bridge it answered was its own and starts recording.
    assert_eq!(types(&answers[1]), ["StartCallRecording", "ReceiveDigits"]);
}

#[test]
fn as_is_sends_every_event_without_the_previous_answers_attributes() {
    let events = call("inbound.jsonl");
    let answers = replay(&["--as-is"], json_lines(&events).as_bytes());
    assert_eq!(answers.len(), events.len());
    assert_eq!(
        types(&answers[0]),
        ["PlayAudio", "PlayAudio", "CallAndBridge"]
    );
    // Without the call state the answered bridge is nobody's: nothing is recorded.
    assert!(types(&answers[1]).is_empty(), "{}", answers[1]);
}

#[test]
fn a_json_array_gets_the_same_answers_as_json_lines() {
    let events = call("dial-out.jsonl");
    let lines = replay(&[], json_lines(&events).as_bytes());
    let array = replay(
        &[],
        serde_json::to_string_pretty(&events).unwrap().as_bytes(),
    );
    assert_eq!(lines, array);
    assert_eq!(lines.len(), events.len());
}

#[test]
fn a_file_argument_reads_like_stdin() {
    let dir = TempDir::new("replay-file");
    let file = root().join("examples/calls/dial-out.jsonl");
    let from_file = run(
        handler(&dir, &["replay", "--no-records", file.to_str().unwrap()]),
        b"",
    );
    assert_exit(&from_file, 0);
    let from_stdin = run(
        handler(&dir, &["replay", "--no-records", "-"]),
        &std::fs::read(&file).unwrap(),
    );
    assert_exit(&from_stdin, 0);
    assert_eq!(stdout(&from_file), stdout(&from_stdin));
    assert_eq!(envelopes(&from_file).len(), call("dial-out.jsonl").len());
}

#[test]
fn a_missing_events_file_is_an_error_naming_it() {
    let dir = TempDir::new("replay-missing");
    let output = run(handler(&dir, &["replay", "no-such-call.jsonl"]), b"");
    assert_exit(&output, 2);
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("no-such-call.jsonl"));
}

#[test]
fn every_line_gets_exactly_one_answer_in_order_even_when_it_is_not_an_event() {
    let events = call("inbound.jsonl");
    let mut input = String::new();
    input.push_str(&format!("{}\n", events[0]));
    input.push_str("this is not JSON\n");
    input.push_str("{}\n");
    input.push_str("[1, 2, 3]\n");
    input.push_str("   \n"); // a blank line holds no event and gets no answer
    input.push_str(&format!("{}\n", events[1]));
    input.push_str(&format!("{}", events[2])); // no newline at the end
    let answers = replay(&[], input.as_bytes());
    assert_eq!(
        all_types(&answers),
        [
            vec!["PlayAudio", "PlayAudio", "CallAndBridge"],
            vec![],
            vec![],
            vec![],
            vec!["StartCallRecording", "ReceiveDigits"],
            vec![],
        ]
    );
    for refused in &answers[1..4] {
        assert_eq!(
            refused.to_string(),
            json!({"SchemaVersion": "1.0", "Actions": []}).to_string()
        );
    }
}

#[test]
fn interleaved_calls_are_kept_apart() {
    let inbound = call("inbound.jsonl");
    let dial_out = call("dial-out.jsonl");
    let alone_in = replay(&[], json_lines(&inbound).as_bytes());
    let alone_out = replay(&[], json_lines(&dial_out).as_bytes());
    // Alternate the two calls' events, the longer call's tail last.
    let mut mixed = Vec::new();
    let mut expected = Vec::new();
    for i in 0..inbound.len().max(dial_out.len()) {
        if let Some(e) = inbound.get(i) {
            mixed.push(e.clone());
            expected.push(alone_in[i].clone());
        }
        if let Some(e) = dial_out.get(i) {
            mixed.push(e.clone());
            expected.push(alone_out[i].clone());
        }
    }
    let answers = replay(&[], json_lines(&mixed).as_bytes());
    assert_eq!(answers, expected);
}

#[test]
fn a_call_that_ended_starts_afresh_when_its_transaction_is_seen_again() {
    // The same scripted call twice in a row: the second run must not inherit the first's end state.
    let events = call("dial-out.jsonl");
    let mut twice = events.clone();
    twice.extend(events.iter().cloned());
    let answers = replay(&[], json_lines(&twice).as_bytes());
    let (first, second) = answers.split_at(events.len());
    assert_eq!(all_types(first), all_types(second));
}

#[test]
fn a_pretty_printed_event_is_one_event_with_one_answer() {
    let sample =
        std::fs::read_to_string(root().join(
            "examples/events/e1-new-inbound-call-pstn-caller-real-capture-style-status-ab.json",
        ))
        .unwrap();
    assert!(sample.lines().count() > 10, "the sample spans many lines");
    let one = replay(&[], sample.as_bytes());
    assert_eq!(
        all_types(&one),
        [vec!["PlayAudio", "PlayAudio", "CallAndBridge"]]
    );
}

#[test]
fn pretty_printed_events_in_a_row_get_the_answers_of_the_same_events_as_json_lines() {
    let events = call("inbound.jsonl");
    let pretty: String = events
        .iter()
        .map(|e| serde_json::to_string_pretty(e).unwrap() + "\n")
        .collect();
    assert_eq!(
        replay(&[], pretty.as_bytes()),
        replay(&[], json_lines(&events).as_bytes())
    );
}

// ---- streaming ---------------------------------------------------------------------------------

fn has_proc() -> bool {
    std::path::Path::new("/proc/self/status").exists()
}

/// The peak resident set of a running process, in kB (`VmHWM` of `/proc/PID/status`).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// One event of a stream: a digit from the owner in one of a few calls, carrying an 8 kB SIP
/// header so that the stream is large without being slow to answer.
fn stream_event(n: usize) -> String {
    let call = n % 8;
    json!({
        "SchemaVersion": "1.0", "Sequence": n / 8 + 1, "InvocationEventType": "DIGITS_RECEIVED",
        "ActionData": {"Type": "ReceiveDigits", "Parameters": {
            "CallId": format!("aaaaaaaa-0000-4000-8000-00000000000{call}"), "InputDigitsRegex": "[5-7]",
            "InBetweenDigitsDurationInMilliseconds": 1000, "FlushDigitsDurationInMilliseconds": 10000},
            "ReceivedDigits": "5"},
        "CallDetails": {
            "TransactionId": format!("11111111-2222-4333-8444-55555555555{call}"),
            "AwsAccountId": "123456789012", "AwsRegion": "us-east-1",
            "SipMediaApplicationId": "e1d2c3b4-a596-4877-8a9b-0c1d2e3f4a5b",
            "Participants": [{
                "CallId": format!("aaaaaaaa-0000-4000-8000-00000000000{call}"), "ParticipantTag": "LEG-A",
                "To": "+12065550199", "From": "+14255550142", "Direction": "Inbound",
                "StartTimeInMilliseconds": "1717171717123", "Status": "Connected",
                "SipHeaders": {"X-Padding": "p".repeat(8000)}
            }]
        }
    })
    .to_string()
}

/// Streams `count` events (as JSON lines, or one JSON array) into `handler replay --no-records -`
/// through a pipe, generated on the fly; returns (bytes written, answers read, peak RSS in kB).
fn stream(count: usize, array: bool) -> (u64, u64, u64) {
    let dir = TempDir::new("replay-stream");
    let mut child = handler(&dir, &["replay", "--no-records", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut answers = 0u64;
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            assert!(
                line.starts_with(r#"{"SchemaVersion":"1.0","Actions":["#),
                "{line}"
            );
            answers += 1;
        }
        answers
    });
    let writer = std::thread::spawn(move || {
        let mut written = 0u64;
        let mut peak = 0u64;
        let mut put = |bytes: &[u8]| {
            stdin.write_all(bytes).unwrap();
            written += bytes.len() as u64;
        };
        if array {
            put(b"[\n");
        }
        for n in 0..count {
            let mut event = stream_event(n);
            if array {
                event.push_str(if n + 1 < count { ",\n" } else { "\n]\n" });
            } else {
                event.push('\n');
            }
            put(event.as_bytes());
            if n % 1000 == 0 {
                peak = peak.max(peak_rss_kb(pid).unwrap_or(0));
            }
        }
        // All but the pipe's buffer has been read: the replay is still waiting for more input, so
        // its peak can be read before the end of input lets it exit.
        stdin.flush().unwrap();
        peak = peak.max(peak_rss_kb(pid).unwrap_or(0));
        drop(stdin);
        (written, peak)
    });
    let (written, peak) = writer.join().unwrap();
    let answers = reader.join().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    (written, answers, peak)
}

const MEMORY_BOUND_KB: u64 = 64 * 1024;

#[test]
fn a_large_json_lines_stream_is_answered_in_bounded_memory() {
    let count = 30_000;
    let (written, answers, peak) = stream(count, false);
    assert_eq!(answers, count as u64, "one answer per event");
    assert!(
        written > 250_000_000,
        "the stream is large: {written} bytes"
    );
    if !has_proc() {
        return; // no /proc to read the peak from (not Linux): the answers were still counted
    }
    assert!(peak > 0, "the peak memory could be read");
    assert!(
        peak < MEMORY_BOUND_KB,
        "peak RSS {peak} kB for {written} bytes of events"
    );
}

#[test]
fn a_large_json_array_is_answered_element_by_element_in_bounded_memory() {
    let count = 15_000;
    let (written, answers, peak) = stream(count, true);
    assert_eq!(answers, count as u64, "one answer per element");
    assert!(
        written > 120_000_000,
        "the stream is large: {written} bytes"
    );
    if !has_proc() {
        return; // no /proc to read the peak from (not Linux): the answers were still counted
    }
    assert!(peak > 0, "the peak memory could be read");
    assert!(
        peak < MEMORY_BOUND_KB,
        "peak RSS {peak} kB for {written} bytes of events"
    );
}

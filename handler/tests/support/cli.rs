//! Running the real `handler` binary as a user would: the recording flow's environment, a private
//! temporary directory for the call-record store, and checks that every answer is a valid envelope.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// The binary under test, as cargo built it for this test run.
pub const HANDLER: &str = env!("CARGO_BIN_EXE_handler");

/// The owner's phone in the recording flow's environment.
pub const OWNER: &str = "+12065550100";

/// Every action type the SMA accepts, written out here independently of the encoder.
pub const KNOWN_ACTIONS: &[&str] = &[
    "CallAndBridge",
    "Hangup",
    "JoinChimeMeeting",
    "ModifyChimeMeetingAttendees",
    "Pause",
    "PauseCallRecording",
    "PlayAudio",
    "PlayAudioAndGetDigits",
    "ReceiveDigits",
    "RecordAudio",
    "ResumeCallRecording",
    "SendDigits",
    "Speak",
    "SpeakAndGetDigits",
    "StartBotConversation",
    "StartCallRecording",
    "StopCallRecording",
    "VoiceFocus",
];

/// The answer to an event that cannot be used.
pub const EMPTY: &str = r#"{"SchemaVersion":"1.0","Actions":[]}"#;

/// Variables that change what the handler does; cleared so the developer's shell cannot leak in.
const HANDLER_VARIABLES: &[&str] = &[
    "FLOW",
    "STATE_KEY",
    "STATE_KEY_PREVIOUS",
    "LOG_LEVEL",
    "SOURCE_PHONE",
    "WAV_BUCKET",
    "RECORDING_BUCKET",
    "RECORDING_PREFIX",
    "OWNER_PIN",
    "CALL_RECORDS_TABLE",
    "CALL_RECORDS_PATH",
    "CALL_RECORDS_DEADLINE_MS",
    "CALL_RECORDS_RETENTION_DAYS",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "HANDLER",
];

/// A directory under the system's temporary directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "handler-{tag}-{}-{n}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The embedded call-record store used by commands made with [`handler`].
    pub fn records(&self) -> PathBuf {
        self.0.join("call-records.sqlite3")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `handler ARGS...` with only the recording flow's environment, run in `dir`, records in `dir`.
pub fn handler(dir: &TempDir, args: &[&str]) -> Command {
    let mut command = bare(dir, args);
    command
        .env("SOURCE_PHONE", OWNER)
        .env("WAV_BUCKET", "prompts-bucket")
        .env("RECORDING_BUCKET", "recordings-bucket")
        .env("STATE_KEY", STATE_KEY);
    command
}

/// The key that seals call state in the tests' deployments (the development key would add a
/// warning to every run's log).
pub const STATE_KEY: &str = "test key: 0123456789abcdef0123456789abcdef";

/// `handler ARGS...` with none of the handler's variables set, except the store in `dir`.
pub fn bare(dir: &TempDir, args: &[&str]) -> Command {
    let mut command = Command::new(HANDLER);
    command.args(args).current_dir(dir.path());
    for name in HANDLER_VARIABLES {
        command.env_remove(name);
    }
    command.env("CALL_RECORDS_PATH", dir.records());
    command
}

/// Runs `command` with `input` on stdin (written from another thread, so any size works).
pub fn run(mut command: Command, input: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // The handler may stop reading early (a start-up error): a broken pipe is not a failure here.
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts the process ended with `code`, showing its output otherwise.
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
}

/// Asserts `line` is one valid SMA response envelope and returns it: `SchemaVersion` "1.0", an
/// `Actions` array of at most 10 known action types, `TransactionAttributes` (when present) at most
/// 10 string pairs of at most 1,024 characters, nothing else; and the interpreter's strict decoder
/// accepts it (every action's parameters within their limits).
pub fn envelope(line: &str) -> Value {
    let value: Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON answer ({e}): {line}"));
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {line}"));
    assert_eq!(
        object.get("SchemaVersion"),
        Some(&Value::from("1.0")),
        "{line}"
    );
    for key in object.keys() {
        assert!(
            ["SchemaVersion", "Actions", "TransactionAttributes"].contains(&key.as_str()),
            "unexpected key {key} in {line}"
        );
    }
    let actions = object["Actions"]
        .as_array()
        .unwrap_or_else(|| panic!("Actions is not an array: {line}"));
    assert!(actions.len() <= 10, "{} actions: {line}", actions.len());
    for action in actions {
        let kind = action["Type"].as_str().unwrap_or_default();
        assert!(
            KNOWN_ACTIONS.contains(&kind),
            "unknown action {kind:?}: {line}"
        );
        assert!(action["Parameters"].is_object(), "no Parameters: {line}");
    }
    if let Some(attributes) = object.get("TransactionAttributes") {
        let attributes = attributes
            .as_object()
            .unwrap_or_else(|| panic!("TransactionAttributes is not an object: {line}"));
        assert!(attributes.len() <= 10, "{line}");
        for (key, value) in attributes {
            let value = value
                .as_str()
                .unwrap_or_else(|| panic!("attribute {key} is not a string: {line}"));
            assert!(key.chars().count() <= 1024 && value.chars().count() <= 1024);
        }
    }
    if let Err(e) = serde_json::from_str::<interpreter::wire::Response>(line) {
        panic!("the strict decoder refuses the answer ({e}): {line}");
    }
    value
}

/// The answers printed on stdout, one envelope per line, each checked with [`envelope`].
pub fn envelopes(output: &Output) -> Vec<Value> {
    stdout(output).lines().map(envelope).collect()
}

/// The action types of an answer, in order.
pub fn types(answer: &Value) -> Vec<String> {
    answer["Actions"]
        .as_array()
        .map(|actions| {
            actions
                .iter()
                .map(|a| a["Type"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The action at `index` of an answer.
pub fn action(answer: &Value, index: usize) -> &Value {
    &answer["Actions"][index]
}

/// The prompt keys of an answer's `PlayAudio` actions, in order.
pub fn prompts(answer: &Value) -> Vec<String> {
    answer["Actions"]
        .as_array()
        .map(|actions| {
            actions
                .iter()
                .filter(|a| a["Type"] == "PlayAudio")
                .map(|a| {
                    a["Parameters"]["AudioSource"]["Key"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One line of a JSON-lines text per event, compact.
pub fn json_lines(events: &[Value]) -> String {
    events.iter().map(|e| format!("{e}\n")).collect()
}

/// The non-blank lines of a JSON-lines file, parsed.
pub fn read_json_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

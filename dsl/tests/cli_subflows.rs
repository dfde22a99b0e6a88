//! The `dsl` command on sub-flow files: a sub-flow file checked on its own, and findings inside a
//! sub-flow file placed in that file in the JSON output.

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

#[path = "support/cli.rs"]
mod cli;

use cli::{codes, dir, dsl};
use std::path::Path;
use std::process::Output;

const ASK: &str = "# Asks for a number.\n\
subflow ask(question prompt, sorry prompt, tries int) returns text(12)\n\
\n\
state asking {\n\
  enter { collect question on caller failure sorry wait 5s min 10 max 12 repeat tries }\n\
  after collect { return digits }\n\
  on failed collect { return none }\n\
}\n";

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_sub_flow_file_checks_on_its_own() {
    let d = dir(&[("lib/ask.flow", ASK)]);
    let out = dsl(&d, &["check", "lib/ask.flow"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 errors"), "{err}");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = dsl(&shipped, &["check", "examples/lib/leave_message.flow"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_broken_sub_flow_file_alone_gets_its_findings_at_its_own_lines() {
    let broken = ASK
        .replace("repeat tries", "repeat triez")
        .replace("return none", "return 7");
    let d = dir(&[("lib/ask.flow", &broken)]);
    let out = dsl(&d, &["check", "lib/ask.flow"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("lib/ask.flow:5:"), "{err}");
    assert!(err.contains("lib/ask.flow:7:"), "{err}");
    // Nothing about the flow written around it to run it.
    assert!(!err.contains("subflow_"), "{err}");
    let out = dsl(&d, &["check", "--format", "json", "lib/ask.flow"]);
    let doc = json(&out);
    let findings = doc["findings"].as_array().unwrap();
    let at: Vec<(String, u64, String)> = findings
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        at.contains(&(
            "lib/ask.flow".to_owned(),
            5,
            "flow::check::unknown_name".to_owned()
        )),
        "{at:?}"
    );
    assert!(
        at.iter()
            .any(|(file, line, _)| file == "lib/ask.flow" && *line == 7),
        "{at:?}"
    );
    assert_eq!(doc["errors"], findings.len());
}

#[test]
fn a_finding_inside_a_used_file_is_placed_in_that_file_in_json() {
    let broken = ASK.replace("repeat tries", "repeat triez");
    let flow = "flow demo\n\
use \"lib/ask.flow\"\n\
config bucket text = env BUCKET\n\
prompts in bucket {\n  number = \"number.wav\"\n  again = \"again.wav\"\n}\n\
var dialled text(12)\n\
on new call { run ask(question = number, sorry = again, tries = 3) into dialled then done_asking }\n\
state done_asking { enter { hangup caller } }\n";
    let d = dir(&[("app/lib/ask.flow", &broken), ("app/demo.flow", flow)]);
    let out = dsl(&d, &["check", "--format", "json", "app/demo.flow"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "flow::check::unknown_name")
        .unwrap_or_else(|| panic!("{doc:#}"))
        .clone();
    assert_eq!(finding["file"], "app/lib/ask.flow", "{finding:#}");
    assert_eq!(finding["line"], 5, "{finding:#}");
    assert_eq!(finding["labels"][0]["file"], "app/lib/ask.flow");
    assert_eq!(finding["labels"][0]["line"], 5);
}

#[test]
fn a_cycle_of_sub_flows_is_reported_once() {
    let d = dir(&[
        (
            "a.flow",
            "subflow a()\nuse \"b.flow\"\nstate s { enter { run b() then s } }\n",
        ),
        (
            "b.flow",
            "subflow b()\nuse \"a.flow\"\nstate s { enter { run a() then s } }\n",
        ),
    ]);
    let out = dsl(&d, &["check", "--format", "json", "a.flow"]);
    let doc = json(&out);
    assert_eq!(codes(&doc), ["flow::import::cycle"], "{doc:#}");
}

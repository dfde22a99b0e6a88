//! Every sub-flow diagnostic code (`flow::import::...`) has a fixture flow that triggers it, with
//! the sub-flow files it uses beside it; each rendering (the flow, and the findings in whichever
//! file they point into) is a snapshot.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::check::{ImportLookup, PromptFiles, PromptLookup, check_flow_with};
use dsl::codes::Code;
use dsl::compile::render;
use dsl::diagnostic::Report;
use dsl::parse::parse_flow;
use std::path::PathBuf;

/// The fixtures' folder, as the files beside a flow.
struct FixtureFiles;

impl PromptFiles for FixtureFiles {
    fn lookup(&self, _key: &str) -> PromptLookup {
        PromptLookup::NotChecked
    }

    fn import(&self, path: &str) -> ImportLookup {
        match std::fs::read_to_string(fixtures().join(path)) {
            Ok(text) => ImportLookup::Found(text),
            Err(_) => ImportLookup::Missing(format!("no file {path}")),
        }
    }
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn check(name: &str) -> (String, dsl::check::CheckOutcome) {
    let source = std::fs::read_to_string(fixtures().join(format!("{name}.flow")))
        .unwrap_or_else(|_| panic!("no fixture {name}.flow"));
    let ast = parse_flow(&source).unwrap_or_else(|p| panic!("{name}: does not parse: {p:?}"));
    (source, check_flow_with(&ast, &FixtureFiles))
}

#[test]
fn every_import_code_has_a_fixture_that_triggers_it() {
    let codes = Code::ALL
        .iter()
        .filter_map(|c| c.as_str().strip_prefix("flow::import::").map(|n| (*c, n)));
    for (code, name) in codes {
        let (source, outcome) = check(name);
        assert!(
            outcome.problems.iter().any(|p| p.code == code),
            "{name}.flow does not trigger {code}; it gives {:?}",
            outcome
                .problems
                .iter()
                .map(|p| p.code.as_str())
                .collect::<Vec<_>>()
        );
        let report = Report::new(format!("{name}.flow"), source.clone(), outcome.problems)
            .with_imports(outcome.sources);
        insta::assert_snapshot!(
            format!("import__{name}"),
            format!("{source}\n{}", render(&report, 80))
        );
    }
}

#[test]
fn a_run_with_the_right_arguments_checks_clean() {
    let source = "flow demo\nuse \"lib/ask_number.flow\"\nvar dialled phone\n\
        on new call { run ask_number(question = \"Your number?\", tries = 3) into dialled then dialling }\n\
        state dialling { enter { speak \"Thank you.\" to caller; hangup caller } }\n\
        on failed { continue }\non hangup { if caller.connected { hangup caller } }\n";
    let ast = parse_flow(source).unwrap();
    let outcome = check_flow_with(&ast, &FixtureFiles);
    assert!(!outcome.has_errors(), "{:?}", outcome.problems);
    let flow = outcome.flow.unwrap();
    // The sub-flow's state is copied under a name of its own; its variable with it.
    assert!(flow.states.iter().any(|s| s.name == "ask_number#1.asking"));
    assert!(flow.vars.iter().any(|v| v.name == "ask_number#1.attempts"));
    // Arguments that are the same on every event stand in for their parameters: no variable.
    assert!(!flow.vars.iter().any(|v| v.name.ends_with(".tries")));
}

#[test]
fn a_finding_inside_a_sub_flow_is_shown_in_its_file() {
    let source = "flow demo\nuse \"lib/ask_number.flow\"\nvar dialled phone\n\
        on new call { run ask_number(question = 42, tries = 3) into dialled then dialling }\n\
        state dialling { enter { hangup caller } }\n";
    let ast = parse_flow(source).unwrap();
    let outcome = check_flow_with(&ast, &FixtureFiles);
    let report = Report::new("demo.flow", source, outcome.problems).with_imports(outcome.sources);
    let text = render(&report, 80);
    assert!(text.contains("flow::import::argument_type"), "{text}");
    assert!(text.contains("lib/ask_number.flow:2:"), "{text}");
}

#[test]
fn a_choice_of_values_is_one_of_two_statements() {
    let source = "flow demo\nvar misses int = 0\n\
        on new call { speak (if misses == 0 then \"Hello.\" else \"Hello again.\") to caller; hangup caller }\n\
        on failed { continue }\n";
    let ast = parse_flow(source).unwrap();
    let outcome = check_flow_with(&ast, &FixtureFiles);
    assert!(!outcome.has_errors(), "{:?}", outcome.problems);
    let json = serde_json::to_string(&outcome.flow.unwrap()).unwrap();
    assert!(json.contains("Hello again."), "{json}");
    assert!(json.contains("\"If\""), "{json}");
    let mixed = "flow demo\non new call { speak (if true then \"a\" else 3) to caller }\n";
    let outcome = check_flow_with(&parse_flow(mixed).unwrap(), &FixtureFiles);
    assert!(
        outcome
            .problems
            .iter()
            .any(|p| p.message.contains("the two values of a choice differ")),
        "{:?}",
        outcome.problems
    );
}

#[test]
fn a_prompt_parameter_takes_a_prompt_or_a_choice_of_prompts() {
    let source = "flow demo\nuse \"lib/pick.flow\"\nconfig bucket text = env BUCKET\n\
        prompts in bucket {\n  main_menu = \"main.wav\"\n  help = \"help.wav\"\n  sorry = \"sorry.wav\"\n}\n\
        var misses int = 0\nvar choice text(1)\n\
        on new call { run pick(menu = (if misses > 0 then help else main_menu), sorry = sorry) into choice then chosen }\n\
        state chosen { enter { note choice choice; hangup caller } }\n\
        on failed { continue }\non hangup { if caller.connected { hangup caller } }\n";
    let outcome = check_flow_with(&parse_flow(source).unwrap(), &FixtureFiles);
    assert!(!outcome.has_errors(), "{:?}", outcome.problems);
    let json = serde_json::to_string(&outcome.flow.unwrap()).unwrap();
    // Both prompts are collected with: one `collect` for each side of the choice.
    assert_eq!(
        json.matches("\"PlayAudioAndGetDigits\":{").count(),
        2,
        "{json}"
    );
    let wrong = source.replace("sorry = sorry", "sorry = \"sorry.wav\"");
    let outcome = check_flow_with(&parse_flow(&wrong).unwrap(), &FixtureFiles);
    assert!(
        outcome
            .problems
            .iter()
            .any(|p| p.code == Code::ImportArgumentType),
        "{:?}",
        outcome.problems
    );
}

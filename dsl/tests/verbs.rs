//! The verb table drives the language: every verb's example checks clean and sends its action,
//! the grammar's label words are the table's, and labels are contextual, not reserved.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a failed expectation fails the test"
)]

use dsl::check::{check_flow, check_flow_without_paths};
use dsl::parse::parse_flow;
use interpreter::ir::{ActionTemplate, Block, Flow, Stmt};
use interpreter::verb::{self, VERBS};
use std::collections::BTreeSet;

/// Declares every name the table's examples use, and handles every outcome they can have.
const PRELUDE: &str = r#"flow verbs
config bucket text = env BUCKET
config target phone = env TARGET
config caller_number phone = env CALLER
config bot_arn text = env BOT
prompts in bucket {
  welcome = "welcome.wav"
  enter_number = "enter.wav"
  sorry = "sorry.wav"
}
var b text(8) = "b"
var t text(8) = "t"
var m text(8) = "m"
var a1 text(8) = "a1"
var a2 text(8) = "a2"
var recordings text(8) = "r"
listener keypad on caller pattern "[0-9]" between 1s flush 10s
on failed { hangup caller }
after collect, ask, record audio, start bot { hangup caller }
on hangup { if caller.connected { hangup caller } }
"#;

fn compile(src: &str) -> Flow {
    let ast = parse_flow(src).unwrap_or_else(|p| panic!("{p:#?}\n{src}"));
    // Each example is one command out of any call's context (`send digits ... to callee` in a
    // new call): the path analyses judge whole flows, and are tested on them elsewhere.
    let outcome = check_flow_without_paths(&ast);
    let errors: Vec<_> = outcome
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| format!("{} {}", p.code, p.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{src}");
    outcome.flow.expect("a flow without errors compiles")
}

fn first_handler_body(flow: &Flow) -> &Block {
    &flow
        .handlers
        .iter()
        .find(|h| h.trigger == interpreter::ir::Trigger::NewCall)
        .expect("a new call handler")
        .body
}

#[test]
fn every_verbs_example_checks_clean_and_sends_its_action() {
    for verb in VERBS {
        let src = format!(
            "{PRELUDE}on new call {{\n  {}\n  hangup caller\n}}\n",
            verb.example
        );
        let flow = compile(&src);
        let first = first_handler_body(&flow).0.first().expect("a statement");
        let kind = match first {
            Stmt::Action { action, .. } => action.kind(),
            Stmt::Recording { op, .. } => op.kind(),
            Stmt::Listen { .. } => interpreter::wire::ActionKind::ReceiveDigits,
            other => panic!("`{}` lowered to {other:?}", verb.keyword),
        };
        assert_eq!(kind, verb.action, "`{}`", verb.keyword);
    }
}

#[test]
fn the_grammars_label_words_are_the_verb_tables() {
    let grammar = include_str!("../src/flow.pest");
    let start = grammar.find("label = @{").expect("the label rule");
    let rule = grammar
        .get(start..)
        .and_then(|r| r.split("~ !ident_char").next())
        .expect("its words");
    let in_grammar: BTreeSet<&str> = rule.split('"').skip(1).step_by(2).collect();
    let in_table: BTreeSet<&str> = verb::all_label_names().into_iter().collect();
    assert_eq!(in_grammar, in_table);
}

#[test]
fn labels_are_names_wherever_a_command_does_not_expect_them() {
    let flow = compile(
        r#"flow contextual
config bucket text = env BUCKET
config to text = env TO
prompts in bucket { welcome = "welcome.wav"; timeout = "timeout.wav" }
var limit int = 0
var code text(8) = ""
on new call {
  play welcome, timeout to caller
  limit += 1
  goto wait
}
state wait {
  on update {
    code = args.to + args.code + args.limit
    speak code to caller
  }
}
on hangup { if caller.connected { hangup caller } }
"#,
    );
    let names: Vec<&str> = flow.prompts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["welcome", "timeout"]);
    assert_eq!(flow.config.first().map(|c| c.name.as_str()), Some("bucket"));
    let plays = first_handler_body(&flow)
        .0
        .iter()
        .filter(|s| {
            matches!(
                s,
                Stmt::Action {
                    action: ActionTemplate::PlayAudio { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(plays, 2);
}

#[test]
fn ask_with_written_texts_sends_both() {
    let src = format!(
        "{PRELUDE}on new call {{\n  ask \"Press 1.\" on caller failure \"Sorry.\" wait 5s\n}}\n"
    );
    let flow = compile(&src);
    let Some(Stmt::Action {
        action: ActionTemplate::SpeakAndGetDigits {
            speech, failure, ..
        },
        ..
    }) = first_handler_body(&flow).0.first()
    else {
        panic!("not an ask");
    };
    assert_eq!(
        speech.text,
        interpreter::ir::Expr::Lit(interpreter::ir::Value::Text("Press 1.".into()))
    );
    assert_eq!(
        *failure,
        interpreter::ir::Expr::Lit(interpreter::ir::Value::Text("Sorry.".into()))
    );
}

#[test]
fn hangup_takes_a_sip_code_as_a_number_and_rejects_others() {
    for (code, ok) in [("486", true), ("\"480\"", true), ("404", false)] {
        let src = format!("{PRELUDE}on new call {{ hangup caller code {code} }}\n");
        let ast = parse_flow(&src).expect("parses");
        let outcome = check_flow(&ast);
        assert_eq!(
            outcome.flow.is_some(),
            ok,
            "code {code}: {:#?}",
            outcome.problems
        );
    }
}

#[test]
fn the_guides_command_table_is_the_verb_tables() {
    use interpreter::verb::doc::{TABLE_END, TABLE_START, command_table};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/LANGUAGE.md");
    let guide = std::fs::read_to_string(path).expect("the guide");
    let (head, rest) = guide.split_once(TABLE_START).expect("the start marker");
    let (_, tail) = rest.split_once(TABLE_END).expect("the end marker");
    let expected = format!("{head}{TABLE_START}\n{}{TABLE_END}{tail}", command_table());
    if std::env::var_os("UPDATE_GUIDE").is_some() {
        std::fs::write(path, &expected).expect("the guide is writable");
    }
    assert!(
        guide == expected,
        "the guide's command table differs from the verb table; run with UPDATE_GUIDE=1"
    );
}

//! Every documented limit of every action, on both sides of the bound, through the two public
//! doors: the table API the language checker uses (`ActionSpec::check`) and `Action::validate`
//! on a typed action (reached by editing a valid action's JSON and decoding it strictly).
//! Values that the types themselves cannot hold (`"Engine": "fast"`) must be refused by both the
//! table and the strict decoder.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/full_actions.rs"]
mod full_actions;
#[path = "support/limit_cases.rs"]
mod limit_cases;
#[path = "support/limit_values.rs"]
mod limit_values;

use std::collections::BTreeSet;

use full_actions::{bridge_to_voice_connector, full};
use interpreter::wire::limits::Rule;
use interpreter::wire::{Action, ActionKind};
use limit_cases::cases;
use limit_values::Val;
use serde_json::Value;

/// A valid action whose JSON has the parameter at `path`.
fn base(kind: ActionKind, path: &str) -> Action {
    if path.starts_with("Endpoints[AWS]") {
        bridge_to_voice_connector()
    } else {
        full(kind)
    }
}

/// The action's JSON with the parameter at `path` replaced.
fn edited(kind: ActionKind, path: &str, value: &Val) -> Value {
    let mut action = serde_json::to_value(base(kind, path)).unwrap();
    let params = &mut action["Parameters"];
    // A leg is named one way only.
    match path {
        "CallId" => drop(params.as_object_mut().unwrap().remove("ParticipantTag")),
        "ParticipantTag" => drop(params.as_object_mut().unwrap().remove("CallId")),
        _ => {}
    }
    let plain: String = path.split(['[', ']']).step_by(2).collect();
    let mut segments: Vec<&str> = plain.split('.').collect();
    let last = segments.pop().unwrap();
    let mut at = params;
    for segment in segments {
        at = &mut at[segment];
        if at.is_array() {
            at = &mut at[0];
        }
    }
    at[last] = value.json();
    action
}

fn named(
    violations: &[interpreter::wire::limits::LimitViolation],
    kind: ActionKind,
    param: &str,
) -> bool {
    violations
        .iter()
        .any(|v| v.action == kind && v.param == param)
}

#[test]
fn every_full_action_is_valid() {
    for kind in ActionKind::ALL {
        full(*kind).validate().unwrap();
    }
    bridge_to_voice_connector().validate().unwrap();
}

#[test]
fn every_limit_holds_on_both_sides_through_the_table_and_validate() {
    for case in cases() {
        let spec = case.kind.spec();
        let label = |value: &Val| format!("{} {} = {value:?}", case.kind, case.param);
        assert!(
            spec.param(case.param).is_some(),
            "{} has no {}",
            case.kind,
            case.param
        );
        for value in &case.good {
            spec.check(case.param, value.param())
                .unwrap_or_else(|v| panic!("{}: {v}", label(value)));
            let action: Action = serde_json::from_value(edited(case.kind, case.param, value))
                .unwrap_or_else(|e| panic!("{}: {e}", label(value)));
            action
                .validate()
                .unwrap_or_else(|v| panic!("{}: {v:?}", label(value)));
        }
        for value in &case.bad {
            let refused = spec
                .check(case.param, value.param())
                .expect_err(&label(value));
            assert_eq!(
                (refused.action, refused.param.as_str()),
                (case.kind, case.param)
            );
            let action: Action = serde_json::from_value(edited(case.kind, case.param, value))
                .unwrap_or_else(|e| panic!("{}: {e}", label(value)));
            let violations = action.validate().expect_err(&label(value));
            assert!(
                named(&violations, case.kind, case.param),
                "{}: {violations:?}",
                label(value)
            );
        }
        for value in &case.unrepresentable {
            assert!(
                spec.check(case.param, value.param()).is_err(),
                "{}",
                label(value)
            );
            let decoded = serde_json::from_value::<Action>(edited(case.kind, case.param, value));
            assert!(decoded.is_err(), "{} decoded as {decoded:?}", label(value));
        }
    }
}

#[test]
fn every_limited_parameter_of_every_action_has_cases() {
    let covered: BTreeSet<(ActionKind, &str)> = cases()
        .iter()
        .filter(|case| {
            let refused = case.bad.len() + case.unrepresentable.len();
            !case.good.is_empty() && refused > 0
        })
        .map(|case| (case.kind, case.param))
        .collect();
    for kind in ActionKind::ALL {
        for param in kind.spec().params {
            if !matches!(param.rule, Rule::Any(_)) {
                assert!(
                    covered.contains(&(*kind, param.path)),
                    "no cases for {kind} {}",
                    param.path
                );
            }
        }
    }
}

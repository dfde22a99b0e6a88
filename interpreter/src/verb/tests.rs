//! The table agrees with the limits table and with itself.

use super::*;
use crate::wire::limits::spec;
use std::collections::BTreeSet;

fn every_entry() -> impl Iterator<Item = &'static Verb> {
    VERBS.iter().chain(std::iter::once(&LISTENER))
}

#[test]
fn every_wire_parameter_named_is_in_the_limits_table() {
    for verb in every_entry() {
        for label in verb.subject.iter().chain(verb.labels()) {
            if let Some(param) = label.param {
                assert!(
                    spec(verb.action).param(param).is_some(),
                    "`{}` {}: {} is not a parameter of {}",
                    verb.keyword,
                    label.name,
                    param,
                    verb.action.as_str()
                );
            }
        }
    }
}

#[test]
fn keywords_ids_and_labels_are_unique() {
    let keywords: BTreeSet<_> = every_entry().map(|v| v.keyword).collect();
    assert_eq!(keywords.len(), VERBS.len() + 1);
    let ids: BTreeSet<_> = every_entry().map(|v| v.id).collect();
    assert_eq!(ids.len(), VERBS.len() + 1);
    for verb in every_entry() {
        let names: Vec<_> = verb.label_names().collect();
        let unique: BTreeSet<_> = names.iter().collect();
        assert_eq!(
            names.len(),
            unique.len(),
            "`{}` repeats a label",
            verb.keyword
        );
        assert_eq!(get(verb.id).keyword, verb.keyword);
    }
}

#[test]
fn outcomes_agree_with_the_protocol_on_what_reports_success() {
    for verb in VERBS {
        assert_eq!(
            verb.outcome != Outcome::Quiet,
            verb.result_bearing(),
            "`{}`",
            verb.keyword
        );
        assert_eq!(verb.can_trigger_after(), verb.result_bearing());
    }
}

#[test]
fn every_verb_and_label_is_documented() {
    for verb in every_entry() {
        assert!(!verb.doc.is_empty() && !verb.doc.contains('\n'));
        assert!(verb.example.starts_with(verb.keyword), "{}", verb.example);
        for label in verb.subject.iter().chain(verb.labels()) {
            assert!(!label.doc.is_empty() && !label.doc.contains('\n'));
        }
    }
}

#[test]
fn legs_named_by_effects_are_arguments_of_the_verb() {
    for verb in every_entry() {
        let refs = verb
            .leg
            .iter()
            .copied()
            .chain(verb.effects.iter().filter_map(|e| match e {
                Effect::Plays(r)
                | Effect::CollectsDigits(r)
                | Effect::SendsDigits(r)
                | Effect::Waits(r)
                | Effect::EndsLeg(r)
                | Effect::RecordsAudio(r)
                | Effect::VoiceFocus(r)
                | Effect::JoinsMeeting(r)
                | Effect::HandsToBot(r) => Some(*r),
                Effect::AddsLeg
                | Effect::Recording(_)
                | Effect::ArmsListener
                | Effect::ModifiesAttendees => None,
            }));
        for r in refs {
            let label = match r {
                ArgRef::Subject => verb.subject,
                ArgRef::Label(name) => verb.label(name).copied(),
            };
            assert!(
                label.is_some_and(|l| matches!(l.kind, ArgKind::Leg | ArgKind::Legs)),
                "`{}` names {r:?}",
                verb.keyword
            );
        }
    }
}

#[test]
fn lookups_answer_for_keywords_groups_and_actions() {
    assert_eq!(find("send digits").map(|v| v.id), Some(VerbId::SendDigits));
    assert!(find("listener").is_none(), "a declaration is not a command");
    assert_eq!(
        trigger_kinds("collect"),
        Some(vec![ActionKind::PlayAudioAndGetDigits])
    );
    assert_eq!(trigger_kinds("recording").map(|k| k.len()), Some(4));
    assert_eq!(trigger_kinds("nope"), None);
    assert_eq!(verb_of(ActionKind::ModifyChimeMeetingAttendees), "mute");
    assert_eq!(outcome_of(ActionKind::Hangup), Outcome::Ending);
    let ask = find("ask").and_then(|v| v.label("failure").map(|l| (v, l)));
    // ok: test code; the table is known to give ask a failure text.
    let (ask, failure) = ask.expect("ask has failure"); // ok: a test
    assert_eq!(
        ask.limit(failure).map(|p| p.path),
        Some("FailureSpeechParameters.Text")
    );
    let names = all_label_names();
    assert!(names.contains(&"flush") && names.contains(&"caller_id"));
    assert!(names.windows(2).all(|w| w[0] < w[1]));
}

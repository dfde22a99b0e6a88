//! Sites: the statements that sent a list's actions, found again when `continue` sends what
//! followed a failed action; and which action of that list the failure is about.

use crate::ir::{Block, Flow, SiteId, Stmt};
use crate::wire::{self, Action, ActionData, EchoedParameters};

/// The failed action's place in the rebuilt list. The service echoes the action that failed
/// (its type and its parameters, with the call id of the leg it ran on), so the place is the one
/// action of that type, on that leg, whose every parameter the event echoes. Several actions of
/// one type on one leg (two prompts to the caller) are told apart by their parameters; where the
/// event echoes too little to tell them apart, or two of them are identical in every parameter,
/// the first is taken: UNCERTAIN (conservative), the same parameters would have failed the
/// first one already.
pub fn failed_position(rebuilt: &[(SiteId, Action)], data: &ActionData) -> Option<usize> {
    let same_kind_and_leg = |a: &Action| {
        Some(a.kind()) == data.kind()
            && match (&data.parameters.call_id, call_id_of_action(a)) {
                (Some(f), Some(c)) => f == c,
                _ => true,
            }
    };
    let candidates: Vec<usize> = rebuilt
        .iter()
        .enumerate()
        .filter(|(_, (_, a))| same_kind_and_leg(a))
        .map(|(i, _)| i)
        .collect();
    candidates
        .iter()
        .copied()
        .find(|i| {
            rebuilt
                .get(*i)
                .is_some_and(|(_, a)| echoes(a, &data.parameters))
        })
        .or_else(|| candidates.first().copied())
}

/// Whether the echoed parameters hold every parameter of `action` with the same value (the
/// service may add some, such as the call id of a leg addressed by its tag, and may write a
/// number as text).
fn echoes(action: &Action, echoed: &EchoedParameters) -> bool {
    if echoed.others.is_empty() {
        return false;
    }
    let Ok(serde_json::Value::Object(mut whole)) = serde_json::to_value(action) else {
        return false;
    };
    let Some(serde_json::Value::Object(params)) = whole.remove("Parameters") else {
        return false;
    };
    params.iter().all(|(key, value)| match key.as_str() {
        "CallId" => echoed
            .call_id
            .as_ref()
            .is_none_or(|c| Some(c.as_str()) == value.as_str()),
        "ParticipantTag" => echoed
            .participant_tag
            .as_ref()
            .is_none_or(|t| Some(t.as_str()) == value.as_str()),
        "SipResponseCode" => echoed
            .sip_response_code
            .is_none_or(|code| same(&serde_json::Value::from(code), value)),
        _ => echoed.others.get(key).is_some_and(|e| same(e, value)),
    })
}

/// Equal values, a number and its text counting as equal.
fn same(echoed: &serde_json::Value, sent: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (echoed, sent) {
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
            n.to_string() == *s
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            y.iter().all(|(k, b)| x.get(k).is_some_and(|a| same(a, b)))
        }
        _ => echoed == sent,
    }
}

pub fn find_site(flow: &Flow, site: SiteId) -> Option<&Stmt> {
    fn in_block(block: &Block, site: SiteId) -> Option<&Stmt> {
        block.0.iter().find_map(|stmt| match stmt {
            Stmt::Action { site: s, .. }
            | Stmt::Recording { site: s, .. }
            | Stmt::Listen { site: s, .. }
                if *s == site =>
            {
                Some(stmt)
            }
            Stmt::If {
                then, otherwise, ..
            } => in_block(then, site).or_else(|| in_block(otherwise, site)),
            Stmt::Match {
                arms, otherwise, ..
            } => arms
                .iter()
                .find_map(|a| in_block(&a.body, site))
                .or_else(|| in_block(otherwise, site)),
            _ => None,
        })
    }
    flow.handlers
        .iter()
        .find_map(|h| in_block(&h.body, site))
        .or_else(|| {
            flow.states.iter().find_map(|s| {
                in_block(&s.enter, site)
                    .or_else(|| s.handlers.iter().find_map(|h| in_block(&h.body, site)))
            })
        })
}

/// The leg an action addresses, when it names it by call id (ours always do).
fn call_id_of_action(a: &Action) -> Option<&wire::CallId> {
    let target = match a {
        Action::PlayAudio(x) => x.target.as_ref(),
        Action::PlayAudioAndGetDigits(x) => x.target.as_ref(),
        Action::ReceiveDigits(x) => x.target.as_ref(),
        Action::Pause(x) => x.target.as_ref(),
        Action::Hangup(x) => x.target.as_ref(),
        Action::RecordAudio(x) => x.target.as_ref(),
        Action::JoinChimeMeeting(x) => x.target.as_ref(),
        Action::ModifyChimeMeetingAttendees(x) => x.target.as_ref(),
        Action::StartBotConversation(x) => x.target.as_ref(),
        Action::Speak(x) => return Some(&x.call_id),
        Action::SpeakAndGetDigits(x) => return Some(&x.call_id),
        Action::SendDigits(x) => return Some(&x.call_id),
        Action::VoiceFocus(x) => return Some(&x.call_id),
        Action::StartCallRecording(x) => return Some(&x.call_id),
        Action::PauseCallRecording(x) => return Some(&x.call_id),
        Action::ResumeCallRecording(x) => return Some(&x.call_id),
        Action::StopCallRecording(x) => return Some(&x.call_id),
        Action::CallAndBridge(_) => None,
    };
    match target {
        Some(wire::Target::CallId(id)) => Some(id),
        _ => None,
    }
}

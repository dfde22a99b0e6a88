//! A flow's state diagram, from its compiled form: which events move a call between states and
//! which end it. Mermaid (renders in a README) or Graphviz DOT.

use crate::check::verb_of;
use interpreter::ir::{self, Flow, StateId, Stmt, Trigger};
use interpreter::wire::ActionKind;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Where an edge starts: before the call is in a state, in a state, or in any state (a flow-wide
/// handler).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum From {
    Start,
    State(StateId),
    Any,
}

/// Where an edge goes: a state, or the end of the call (a hang-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum To {
    State(StateId),
    End,
}

type Edge = (From, To, String);

fn edges(flow: &Flow) -> Vec<Edge> {
    let mut out: BTreeSet<Edge> = BTreeSet::new();
    for h in &flow.handlers {
        let from = match h.trigger {
            Trigger::NewCall | Trigger::Answered => From::Start,
            _ => From::Any,
        };
        add(&mut out, from, trigger_label(flow, &h.trigger), &h.body);
    }
    for (i, state) in flow.states.iter().enumerate() {
        let Ok(id) = StateId::try_from(i) else {
            continue;
        };
        for h in &state.handlers {
            add(
                &mut out,
                From::State(id),
                trigger_label(flow, &h.trigger),
                &h.body,
            );
        }
        // `enter` runs when the state is entered: its gotos leave at once.
        add(&mut out, From::State(id), "enter".to_owned(), &state.enter);
    }
    out.into_iter().collect()
}

/// The edges one block makes: a goto to a state, or a hang-up to the end.
fn add(out: &mut BTreeSet<Edge>, from: From, label: String, block: &ir::Block) {
    let mut targets = BTreeSet::new();
    let mut hangs_up = false;
    walk(block, &mut targets, &mut hangs_up);
    for t in targets {
        out.insert((from, To::State(t), label.clone()));
    }
    if hangs_up {
        out.insert((from, To::End, label));
    }
}

fn walk(block: &ir::Block, targets: &mut BTreeSet<StateId>, hangs_up: &mut bool) {
    for stmt in &block.0 {
        match stmt {
            Stmt::Goto(id) => {
                targets.insert(*id);
            }
            Stmt::Action { action, .. } if action.kind() == ActionKind::Hangup => *hangs_up = true,
            Stmt::If {
                then, otherwise, ..
            } => {
                walk(then, targets, hangs_up);
                walk(otherwise, targets, hangs_up);
            }
            Stmt::Match {
                arms, otherwise, ..
            } => {
                for arm in arms {
                    walk(&arm.body, targets, hangs_up);
                }
                walk(otherwise, targets, hangs_up);
            }
            _ => {}
        }
    }
}

fn verbs(kinds: &[ActionKind]) -> String {
    let mut names: Vec<&str> = kinds.iter().map(|k| verb_of(*k)).collect();
    names.dedup();
    names.join(", ")
}

fn trigger_label(flow: &Flow, t: &Trigger) -> String {
    match t {
        Trigger::NewCall => "new call".into(),
        Trigger::Answered => "answered".into(),
        Trigger::Succeeded(k) => format!("after {}", verbs(k)),
        Trigger::Failed(k) if k.is_empty() => "failed".into(),
        Trigger::Failed(k) => format!("failed {}", verbs(k)),
        Trigger::Digits(Some(id)) => match flow.listeners.get(usize::from(*id)) {
            Some(l) => format!("digits {} ({})", l.name, keypress(l)),
            None => "digits".into(),
        },
        Trigger::Digits(None) => "digits".into(),
        Trigger::Hangup(_) => "hangup".into(),
        Trigger::Update => "update".into(),
        Trigger::InvalidResponse => "invalid response".into(),
    }
}

/// A listener's worst case from keypress to effect, as the diagram writes it.
fn keypress(l: &ir::Listener) -> String {
    format!("key to effect up to {} ms", l.keypress_to_effect_ms())
}

/// One line per listener: its worst case from keypress to effect (its in-between interval of
/// quiet, then one SMA round trip), shown even where its digits move the call nowhere.
fn listener_notes(flow: &Flow) -> impl Iterator<Item = (usize, String)> + '_ {
    flow.listeners.iter().enumerate().map(|(i, l)| {
        (
            i,
            format!(
                "listener {}: {} ({} ms quiet + {} ms SMA round trip)",
                l.name,
                keypress(l),
                l.between_ms,
                ir::SMA_ROUND_TRIP_MS
            ),
        )
    })
}

fn state_name(flow: &Flow, id: StateId) -> &str {
    flow.state(id).map_or("?", |s| s.name.as_str())
}

/// A Mermaid `stateDiagram-v2`.
pub fn mermaid(flow: &Flow) -> String {
    let mut out = format!("---\ntitle: {}\n---\nstateDiagram-v2\n", flow.name);
    let edges = edges(flow);
    if edges.iter().any(|(f, _, _)| *f == From::Any) {
        out.push_str("    state \"any state\" as any_state\n");
    }
    for (i, note) in listener_notes(flow) {
        let _ = writeln!(out, "    state \"{note}\" as listener_{i}");
    }
    // A sub-flow's copied states (`leave_message#1.recording`) are not Mermaid identifiers: they
    // are drawn under their name with an identifier of their own.
    for (i, state) in flow.states.iter().enumerate() {
        if !is_mermaid_id(&state.name) {
            let _ = writeln!(out, "    state \"{}\" as state_{i}", state.name);
        }
    }
    let id = |state: StateId| {
        let name = state_name(flow, state);
        if is_mermaid_id(name) {
            name.to_owned()
        } else {
            format!("state_{state}")
        }
    };
    for (from, to, label) in &edges {
        let from = match from {
            From::Start => "[*]".to_owned(),
            From::State(s) => id(*s),
            From::Any => "any_state".to_owned(),
        };
        let to = match to {
            To::State(s) => id(*s),
            To::End => "[*]".to_owned(),
        };
        let _ = writeln!(out, "    {from} --> {to}: {label}");
    }
    out
}

fn is_mermaid_id(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A Graphviz `digraph`.
pub fn dot(flow: &Flow) -> String {
    let mut out = format!(
        "digraph {:?} {{\n    rankdir=LR;\n    start [shape=point];\n    end [shape=doublecircle, label=\"\", width=0.2];\n",
        flow.name
    );
    let edges = edges(flow);
    if edges.iter().any(|(f, _, _)| *f == From::Any) {
        out.push_str("    any [label=\"any state\", shape=box, style=dashed];\n");
    }
    for (i, note) in listener_notes(flow) {
        let _ = writeln!(out, "    listener_{i} [label={note:?}, shape=note];");
    }
    for state in &flow.states {
        let _ = writeln!(out, "    {:?} [shape=box, style=rounded];", state.name);
    }
    for (from, to, label) in &edges {
        let from = match from {
            From::Start => "start".to_owned(),
            From::State(id) => format!("{:?}", state_name(flow, *id)),
            From::Any => "any".to_owned(),
        };
        let to = match to {
            To::State(id) => format!("{:?}", state_name(flow, *id)),
            To::End => "end".to_owned(),
        };
        let _ = writeln!(out, "    {from} -> {to} [label={label:?}];");
    }
    out.push_str("}\n");
    out
}

//! The edges of a flow's state diagram (as `dsl graph` draws them: where each handler's `goto`s
//! and hang-ups lead from) and which of them explored calls took.

use interpreter::ir::{Block, Flow, StateId, Stmt, Trigger};
use interpreter::wire::ActionKind;
use std::collections::BTreeSet;

/// Where an edge starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum From {
    /// The first answer of a call.
    Start,
    State(StateId),
    /// A flow-wide handler: any state.
    Any,
}

/// Where an edge leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum To {
    State(StateId),
    /// A hang-up.
    End,
}

/// An edge and whether an explored call took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub covered: bool,
}

/// Every edge of the flow.
#[must_use]
pub fn edges(flow: &Flow) -> BTreeSet<(From, To)> {
    let mut out = BTreeSet::new();
    for h in &flow.handlers {
        let from = match h.trigger {
            Trigger::NewCall | Trigger::Answered => From::Start,
            _ => From::Any,
        };
        add(&mut out, from, &h.body);
    }
    for (i, state) in flow.states.iter().enumerate() {
        let Ok(id) = StateId::try_from(i) else {
            continue;
        };
        for h in &state.handlers {
            add(&mut out, From::State(id), &h.body);
        }
        add(&mut out, From::State(id), &state.enter);
    }
    out
}

fn add(out: &mut BTreeSet<(From, To)>, from: From, block: &Block) {
    for stmt in &block.0 {
        match stmt {
            Stmt::Goto(id) => {
                out.insert((from, To::State(*id)));
            }
            Stmt::Action { action, .. } if action.kind() == ActionKind::Hangup => {
                out.insert((from, To::End));
            }
            Stmt::If {
                then, otherwise, ..
            } => {
                add(out, from, then);
                add(out, from, otherwise);
            }
            Stmt::Match {
                arms, otherwise, ..
            } => {
                for arm in arms {
                    add(out, from, &arm.body);
                }
                add(out, from, otherwise);
            }
            _ => {}
        }
    }
}

/// Whether an observed move between states (`None`: before the first answer) takes the edge.
#[must_use]
pub fn takes(edge: (From, To), seen: &BTreeSet<(Option<StateId>, To)>) -> bool {
    match edge.0 {
        From::Start => seen.contains(&(None, edge.1)),
        From::State(s) => seen.contains(&(Some(s), edge.1)),
        From::Any => seen.iter().any(|(_, to)| *to == edge.1),
    }
}

/// The edges with names, and whether each was taken.
#[must_use]
pub fn report(flow: &Flow, seen: &BTreeSet<(Option<StateId>, To)>) -> Vec<Edge> {
    let name = |s: StateId| {
        flow.state(s)
            .map_or_else(|| format!("#{s}"), |st| st.name.clone())
    };
    edges(flow)
        .into_iter()
        .map(|e| Edge {
            from: match e.0 {
                From::Start => "(new call)".to_owned(),
                From::State(s) => name(s),
                From::Any => "(any state)".to_owned(),
            },
            to: match e.1 {
                To::State(s) => name(s),
                To::End => "(hang-up)".to_owned(),
            },
            covered: takes(e, seen),
        })
        .collect()
}

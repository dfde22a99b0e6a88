//! One step of an explored call, in the words of a scenario file: what the service or a party does
//! by itself when its time comes (a prompt ends, the dialled party answers, digits are entered at a
//! collect), or a scripted step (a key press, a hang-up, an update, a duplicate delivery). Each is
//! applied at the simulated time `sim::drive` would apply it, so a path replays as a scenario.

use crate::function::Function;
use crate::scenario::Party;
use crate::service::{BridgeOutcome, Entry, Happening, Running, Service, accepted};
use interpreter::wire::Action;
use std::collections::BTreeMap;

/// A bridge answered after this long, as a scenario's `answers` says.
pub const ANSWER_MS: u64 = 3_000;
/// Scripted steps happen this long after the last thing, so that the driver, which lets a
/// service event due at the same time go second, takes them in the same order.
pub const SCRIPT_GAP_MS: u64 = 1;

/// One step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// The call begins.
    Start,
    /// The running action ends by itself (a prompt played out, a time-out).
    Complete,
    /// The dialled party responds.
    Dialled(BridgeOutcome),
    /// The party at the collect enters this (`None`: nothing valid).
    Entered(Option<String>),
    Press {
        party: Party,
        digits: String,
    },
    HangUp(Party),
    Update(BTreeMap<String, String>),
    Duplicate,
}

impl Move {
    /// A step of the service or a party's own behaviour, as opposed to a scripted one.
    #[must_use]
    pub fn is_own(&self) -> bool {
        matches!(
            self,
            Self::Start | Self::Complete | Self::Dialled(_) | Self::Entered(_)
        )
    }
}

/// When the running action would end by itself (as `sim::drive` schedules it), and which own
/// moves it allows.
fn own(service: &Service, entries: &[Option<String>]) -> Option<(Vec<(u64, Move)>, bool)> {
    let setup = &service.setup;
    let dial = |since: u64, timeout_s: u64| -> Vec<(u64, Move)> {
        let timeout_ms = timeout_s * 1_000;
        let answered = if ANSWER_MS < timeout_ms {
            (since + ANSWER_MS, BridgeOutcome::Answered)
        } else {
            (since + timeout_ms, BridgeOutcome::NoAnswer)
        };
        vec![
            (answered.0, Move::Dialled(answered.1)),
            (since + 2_000, Move::Dialled(BridgeOutcome::Busy)),
            (since + timeout_ms, Move::Dialled(BridgeOutcome::NoAnswer)),
            (since, Move::Dialled(BridgeOutcome::Refused)),
        ]
    };
    let now = service.now_ms;
    let moves = match service.running.as_ref()? {
        Running::Timed { until_ms, .. } => vec![(*until_ms, Move::Complete)],
        Running::Busy { .. } => vec![(service.now_ms + setup.prompt_ms, Move::Complete)],
        Running::Unanswered { until_ms } => vec![(*until_ms, Move::Complete)],
        Running::Bridge { action, since_ms } => {
            let timeout = match action {
                Action::CallAndBridge(b) => u64::from(b.call_timeout_seconds.unwrap_or(30)),
                _ => 30,
            };
            // An outcome due before a scripted step already taken would have come first.
            let mut moves = dial(*since_ms, timeout);
            moves.retain(|(t, _)| *t >= now || now == *since_ms);
            moves
        }
        Running::Dialling { since_ms } => {
            let mut moves = dial(*since_ms, 30);
            moves.retain(|(t, _)| *t >= now || now == *since_ms);
            moves
        }
        Running::Collect { action, .. } => distinct(action, entries)
            .map(|e| (service.now_ms + setup.entry_ms, Move::Entered(e.clone())))
            .collect(),
    };
    // A scripted step can come first only while an own event is still ahead of it (a dialled
    // party's response is chosen later, among those still ahead).
    let scripted_first = match service.running.as_ref()? {
        Running::Bridge { .. } | Running::Dialling { .. } => {
            moves.iter().any(|(t, _)| *t >= now + SCRIPT_GAP_MS)
        }
        _ => moves.iter().all(|(t, _)| *t >= now + SCRIPT_GAP_MS),
    };
    Some((moves, scripted_first))
}

/// The entries a collect tells apart: the first of those it would take as the same digits, and
/// the first of those it refuses (a refused entry goes the way of no entry at all). The rest lead
/// to the very same call, so trying them only repeats a step.
fn distinct<'e>(
    action: &Action,
    entries: &'e [Option<String>],
) -> impl Iterator<Item = &'e Option<String>> {
    let capture = match action {
        Action::PlayAudioAndGetDigits(p) => Some(&p.digits),
        Action::SpeakAndGetDigits(p) => Some(&p.digits),
        _ => None,
    };
    let mut taken: Vec<Option<String>> = Vec::new();
    entries.iter().filter(move |e| {
        let Some(capture) = capture else {
            return true;
        };
        let as_taken = e.as_deref().and_then(|d| accepted(capture, d));
        if taken.contains(&as_taken) {
            return false;
        }
        taken.push(as_taken);
        true
    })
}

/// Every move possible now, each with the time (epoch ms) it happens at.
#[must_use]
pub fn choices(
    service: &Service,
    keys: &[String],
    entries: &[Option<String>],
    updates: &[BTreeMap<String, String>],
) -> Vec<(u64, Move)> {
    if !service.started {
        return vec![(service.now_ms, Move::Start)];
    }
    if service.over {
        return Vec::new();
    }
    let (mut out, scripted) = match own(service, entries) {
        Some((moves, scripted)) => {
            // Each dial outcome once, even where two fall at the same time.
            let mut seen = Vec::new();
            let moves = moves
                .into_iter()
                .filter(|(_, m)| {
                    let new = !seen.contains(m);
                    seen.push(m.clone());
                    new
                })
                .collect();
            (moves, scripted)
        }
        None => (Vec::new(), true),
    };
    if !scripted {
        return out;
    }
    // Keys, updates and redeliveries come while the call waits (nothing queued behind the running
    // action); a party may hang up at any point. Interleaving every key with every queued action
    // multiplies states by the length of each list and finds only what the service's own
    // ordering (a new list replaces what was queued) already says.
    let waiting = service.pending.is_empty();
    let at = service.now_ms + SCRIPT_GAP_MS;
    for party in [Party::Caller, Party::Callee] {
        let up = service.leg(&party.tag()).is_some_and(|l| {
            matches!(
                l.state,
                crate::service::LegState::Offered | crate::service::LegState::Connected
            )
        });
        if !up {
            continue;
        }
        out.push((at, Move::HangUp(party)));
        if !waiting {
            continue;
        }
        // Keys matter only to a listener; at a collect they are entries, tried above.
        for k in keys {
            out.push((
                at,
                Move::Press {
                    party,
                    digits: k.clone(),
                },
            ));
        }
    }
    if !waiting {
        return out;
    }
    if service.last.is_some() {
        out.push((at, Move::Duplicate));
    }
    for u in updates {
        out.push((at, Move::Update(u.clone())));
    }
    out
}

/// Applies a move at its time; what the service did.
pub fn apply(service: &mut Service, f: &mut dyn Function, at: u64, mv: &Move) -> Vec<Entry> {
    let mut log = Vec::new();
    if at > service.now_ms {
        log.extend(service.apply(f, &Happening::Wait(at - service.now_ms)));
    }
    let happening = match mv {
        Move::Start => Happening::Start,
        Move::Complete => Happening::Complete,
        Move::Dialled(o) => Happening::Dialled(*o),
        Move::Entered(e) => Happening::Entered(e.clone()),
        Move::Press { party, digits } => Happening::Press {
            leg: party.tag(),
            digits: digits.clone(),
        },
        Move::HangUp(p) => Happening::HangUp(p.tag()),
        Move::Update(args) => Happening::Update(args.clone()),
        Move::Duplicate => Happening::Duplicate,
    };
    log.extend(service.apply(f, &happening));
    log
}

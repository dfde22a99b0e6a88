//! The identity of an explored call state, for merging: the service model without its clock,
//! counters and last delivery (they do not change what can happen next; a duplicate from a merged
//! state redelivers the first path's event), with each injection's count kept only until it is
//! spent. The failures decided so far are compared apart (see `Explorer::run`). Hashed field by
//! field, without copying the model or formatting it whole: this runs once per transition.

use crate::service::{Leg, Listener, Running, Service};
use std::fmt::{self, Write as _};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::mem::discriminant;

/// Feeds what a value's `Debug` writes into a hasher, for the wire types that are not `Hash`.
struct Feed<'a>(&'a mut DefaultHasher);

impl fmt::Write for Feed<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

fn debug(h: &mut DefaultHasher, value: &impl fmt::Debug) {
    // Writing into a hasher cannot fail.
    let _ = write!(Feed(h), "{value:?}");
    h.write_u8(0xff);
}

/// The key of a state: equal calls (up to the clock) get equal keys.
pub(super) fn of(service: &Service) -> u64 {
    // Destructured whole, so that a field added to the model is a decision here.
    let Service {
        setup,
        now_ms: _,
        started,
        over,
        sequence: _,
        invocations: _,
        attributes,
        legs,
        bridged,
        running,
        pending,
        // Only spares a check that a listed action passes either way.
        pending_checked: _,
        listeners,
        recordings,
        trigger_leg,
        last: _,
        attributes_lent: _,
        injected,
        go,
        silence: _,
    } = service;
    let mut h = DefaultHasher::new();
    debug(&mut h, setup);
    (started, over, bridged, trigger_leg, go).hash(&mut h);
    attributes.hash(&mut h);
    legs.len().hash(&mut h);
    for Leg {
        tag,
        call_id,
        from,
        to,
        outbound,
        start_ms: _,
        state,
        was_connected,
    } in legs
    {
        (tag, call_id, from, to, outbound, was_connected).hash(&mut h);
        discriminant(state).hash(&mut h);
    }
    match running {
        None => h.write_u8(0),
        Some(r) => {
            discriminant(r).hash(&mut h);
            match r {
                Running::Timed {
                    action,
                    leg,
                    until_ms: _,
                    audible,
                } => {
                    (leg, audible).hash(&mut h);
                    debug(&mut h, action);
                }
                Running::Collect {
                    action,
                    leg,
                    attempt,
                    since_ms: _,
                } => {
                    (leg, attempt).hash(&mut h);
                    debug(&mut h, action);
                }
                Running::Bridge {
                    action,
                    since_ms: _,
                } => debug(&mut h, action),
                Running::Busy { action, leg } => {
                    leg.hash(&mut h);
                    debug(&mut h, action);
                }
                Running::Unanswered { until_ms: _ } | Running::Dialling { since_ms: _ } => {}
            }
        }
    }
    pending.len().hash(&mut h);
    for action in pending {
        debug(&mut h, action);
    }
    listeners.len().hash(&mut h);
    for Listener {
        leg,
        action,
        pattern,
        between_ms,
    } in listeners
    {
        (leg, pattern.as_str(), between_ms).hash(&mut h);
        debug(&mut h, action);
    }
    recordings.len().hash(&mut h);
    for (leg, state) in recordings {
        leg.hash(&mut h);
        discriminant(state).hash(&mut h);
    }
    // An injection's count matters only until it is spent.
    for (f, n) in setup.failures.iter().zip(injected) {
        let left = if f.times == 0 { 0 } else { (*n).min(f.times) };
        left.hash(&mut h);
    }
    h.finish()
}

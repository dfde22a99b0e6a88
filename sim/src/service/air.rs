//! What each party hears, and dead air: a connected party with nothing playing, no bridge up or
//! ringing and no digits awaited. Also ending every leg when the service gives up on a call.

use super::{Entry, LegState, Running, Service};

impl Service {
    /// Whether a leg is being served right now.
    fn served(&self, index: usize) -> bool {
        let peer_up = |i: usize| {
            self.legs
                .get(i)
                .is_some_and(|l| l.state == LegState::Connected)
        };
        if self.bridged && (index == 0 && peer_up(1) || index == 1 && peer_up(0)) {
            return true;
        }
        match &self.running {
            Some(Running::Timed { leg, audible, .. }) => *leg == index && *audible,
            Some(Running::Collect { leg, .. }) => *leg == index,
            Some(Running::Busy { leg, .. }) => *leg == index,
            // The caller hears ringback while the bridge rings.
            Some(Running::Bridge { .. }) => index == 0,
            Some(Running::Dialling { .. }) => true,
            Some(Running::Unanswered { .. }) | None => false,
        }
    }

    /// Opens and closes silent stretches after a change; logs each stretch that ended.
    pub(super) fn settle(&mut self, log: &mut Vec<Entry>) {
        while self.silence.len() < self.legs.len() {
            self.silence.push((None, 0));
        }
        for index in 0..self.legs.len() {
            let up = self
                .legs
                .get(index)
                .is_some_and(|l| matches!(l.state, LegState::Offered | LegState::Connected));
            let silent = up && !self.served(index);
            let now = self.now_ms;
            let start = self.setup.start_ms;
            let Some((since, longest)) = self.silence.get_mut(index) else {
                continue;
            };
            match (*since, silent) {
                (None, true) => *since = Some(now),
                (Some(from), false) => {
                    let length = now.saturating_sub(from);
                    *longest = (*longest).max(length);
                    *since = None;
                    if length > 0 {
                        let tag = self.legs.get(index).map(|l| l.tag.to_text());
                        log.push(Entry::DeadAir {
                            leg: tag.unwrap_or_default(),
                            from_ms: from.saturating_sub(start),
                            to_ms: now.saturating_sub(start),
                        });
                    }
                }
                _ => {}
            }
        }
    }

    /// The service hangs up every leg itself (time-outs, limits): no further events.
    pub(super) fn end_all(&mut self, log: &mut Vec<Entry>) {
        self.running = None;
        self.pending.clear();
        self.bridged = false;
        self.listeners.clear();
        let at_ms = self.elapsed_ms();
        for leg in &mut self.legs {
            if leg.state != LegState::Gone {
                leg.state = LegState::Gone;
                log.push(Entry::Leg {
                    at_ms,
                    leg: leg.tag.to_text(),
                    status: "disconnected".into(),
                });
            }
        }
        self.settle(log);
        self.over = true;
    }
}

//! Sending, inside the walk of one answer: an action, a recording operation or a listener
//! is checked against the leg it addresses and the recording state, then counted on the path;
//! `continue` sends the rest of a failed list again.

use super::super::facts;
use super::super::state::{Leg, Pending};
use super::{Call, Path, Walker};
use crate::ast::Span;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, LegRef, Stmt};
use interpreter::wire::ActionKind;

const LEG_HELP: &str =
    "use the callee only after `after bridge`, behind `if callee.connected { ... }`";

impl Walker<'_, '_> {
    /// Checks that `target` names a connected leg; `what` says what is sent to it.
    fn leg_in_use(&mut self, legs: &[LegRef], call: &Call, span: Span, what: &str, code: Code) {
        if legs.is_empty() {
            self.findings.add(
                Problem::error(
                    code,
                    format!("{what} is sent to a leg variable that holds no leg"),
                    span,
                    "the variable is unset here",
                )
                .with_help("give the `leg` variable a value before it is used"),
            );
        }
        for leg in legs {
            let state = call.leg(*leg);
            if state == Leg::Up {
                continue;
            }
            let name = match leg {
                LegRef::A => "the caller's leg",
                LegRef::B => "the callee's leg",
            };
            self.findings.add(
                Problem::error(
                    code,
                    format!(
                        "{what} is sent to {name}, which {} on some path",
                        state.describe()
                    ),
                    span,
                    format!("{name} {} here", state.describe()),
                )
                .with_help(LEG_HELP),
            );
        }
    }

    /// The legs `target` names on this path, each checked to be up for `verb`.
    fn legs_up(&mut self, target: ir::Target, p: &Path, span: Span, verb: &str) -> Vec<LegRef> {
        let legs = self.env(&p.call).target(target).legs();
        let what = format!("`{verb}`");
        self.leg_in_use(&legs, &p.call, span, &what, Code::VerifyLegNotUp);
        legs
    }

    pub(super) fn action(&mut self, site: ir::SiteId, action: &ir::ActionTemplate, p: &mut Path) {
        let span = self.flow.site_span(site);
        let kind = action.kind();
        let verb = interpreter::verb::verb_of(kind);
        if let Some(target) = facts::addressed_leg(action) {
            let legs = self.legs_up(target, p, span, verb);
            if !self.resending {
                self.flow.intents.check_action(self, action, &legs, p, span);
            }
            if kind == ActionKind::Hangup
                && let [leg] = legs.as_slice()
                && p.call.leg(*leg) == Leg::Up
            {
                p.call.set_leg(*leg, Leg::Hanging);
            }
        } else if !self.resending {
            self.flow.intents.check_action(self, action, &[], p, span);
            if let ir::ActionTemplate::CallAndBridge(ir::Bridge { to, via: None, .. }) = action
                && !super::super::dial::proven(to, p, super::super::dial::Trust::Flow)
            {
                self.findings.add(
                    Problem::error(
                        Code::VerifyDialPolicy,
                        "this bridge can dial a number outside the dial policy",
                        span,
                        "the number is not tested with `dialable(...)` on some path",
                    )
                    .with_help(
                        "test the number first: `if not dialable(n) { play sorry to caller; ... }`, so that a refused number gets a prompt; the handler refuses the bridge anyway",
                    ),
                );
            }
        }
        let before = p.call.snapshot();
        if facts::creates_leg(kind) && matches!(p.call.b, Leg::Absent | Leg::Gone) {
            p.call.b = Leg::Ringing;
        }
        let n = facts::action_count(action, p.call.connected_legs());
        p.count += n;
        p.sent.push(Pending { kind, site, before });
    }

    pub(super) fn recording(&mut self, site: ir::SiteId, op: &ir::RecordingOp, p: &mut Path) {
        let span = self.flow.site_span(site);
        let (from, to) = facts::recording_transition(op);
        let verb = facts::recording_verb(op);
        let before = p.call.snapshot();
        let mut leg = p.call.recording_leg;
        if let ir::RecordingOp::Start { on, .. } = op {
            let legs = self.legs_up(*on, p, span, verb);
            leg = legs.first().copied();
        }
        if from.contains(&p.call.recording) {
            p.call.recording = to;
            p.call.recording_leg = leg;
        } else {
            let now = p.call.recording.as_str();
            let help = match op {
                ir::RecordingOp::Start { .. } => {
                    "a leg is recorded once: start it in one place, and guard it with `if recording is idle`"
                }
                ir::RecordingOp::Resume => "resume only from `recording is paused`",
                ir::RecordingOp::Pause => "pause only where `recording is active`",
                ir::RecordingOp::Stop => {
                    "stop only where `recording is running` (active or paused)"
                }
            };
            self.findings.add(
                Problem::error(
                    Code::VerifyRecordingState,
                    format!("`{verb}` can run while the recording is {now}"),
                    span,
                    format!("the recording is {now} on some path here"),
                )
                .with_help(help),
            );
        }
        p.count += 1;
        p.sent.push(Pending {
            kind: op.kind(),
            site,
            before,
        });
    }

    pub(super) fn listen(&mut self, site: ir::SiteId, listener: ir::ListenerId, p: &mut Path) {
        let span = self.flow.site_span(site);
        if let Some(l) = self.flow.ir.listeners.get(usize::from(listener)) {
            let legs = self.env(&p.call).target(l.leg).legs();
            let what = format!("the listener `{}`", l.name);
            self.leg_in_use(&legs, &p.call, span, &what, Code::VerifyListenerLeg);
            if !self.resending {
                self.flow.intents.check_listen(self, &legs, p, span);
            }
        }
        let before = p.call.snapshot();
        p.call.arm(listener);
        if listener < 64 {
            p.armed_here |= 1u64 << listener;
        }
        p.count += 1;
        p.sent.push(Pending {
            kind: ActionKind::ReceiveDigits,
            site,
            before,
        });
    }

    /// `continue`: the rest of the list in which an action failed is sent again.
    pub(super) fn resend(&mut self, p: &mut Path) {
        let Some((list, at)) = &self.event.failed else {
            return;
        };
        let mut last_site = None;
        self.resending = true;
        for entry in list.iter().skip(at.saturating_add(1)) {
            if Some(entry.site) == last_site {
                continue;
            }
            last_site = Some(entry.site);
            let before = p.count;
            match self.flow.locate.site(entry.site) {
                Some(Stmt::Action { site, action }) => self.action(*site, action, p),
                Some(Stmt::Recording { site, op }) => self.recording(*site, op, p),
                Some(Stmt::Listen { site, listener }) => self.listen(*site, *listener, p),
                _ => {}
            }
            p.resent += p.count.saturating_sub(before);
        }
        self.resending = false;
    }
}

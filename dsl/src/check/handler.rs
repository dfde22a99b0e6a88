//! Handlers: triggers resolved against the verb table and the flow's listeners, duplicate
//! handlers, and the flow's entry point.

use super::scope::{BuiltinName, Named, builtin};
use super::{Checker, HandlerCtx};
use crate::ast::{self, TriggerKind};
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use interpreter::ir;
use interpreter::verb;

impl Checker<'_> {
    pub(super) fn lower_handler(
        &mut self,
        h: &ast::Handler,
        in_state: bool,
    ) -> Option<ir::Handler> {
        let trigger = self.lower_trigger(&h.trigger, in_state);
        self.ctx = HandlerCtx {
            in_failure: matches!(h.trigger.kind, TriggerKind::Failed(_)),
        };
        let body = self.lower_block(&h.body);
        self.ctx = HandlerCtx::default();
        Some(ir::Handler {
            trigger: trigger?,
            body,
        })
    }

    fn lower_trigger(&mut self, t: &ast::Trigger, in_state: bool) -> Option<ir::Trigger> {
        Some(match &t.kind {
            TriggerKind::NewCall | TriggerKind::Answered => {
                if in_state {
                    self.report(
                        Problem::error(
                            Code::CheckMisplacedHandler,
                            "a call starts before it is in any state",
                            t.span,
                            "never runs inside a state",
                        )
                        .with_help("move this handler to the top level of the flow"),
                    );
                    return None;
                }
                if matches!(t.kind, TriggerKind::NewCall) {
                    ir::Trigger::NewCall
                } else {
                    ir::Trigger::Answered
                }
            }
            TriggerKind::After(verbs) => ir::Trigger::Succeeded(self.trigger_kinds(verbs)?),
            TriggerKind::Failed(verbs) => ir::Trigger::Failed(self.trigger_kinds(verbs)?),
            TriggerKind::Digits(None) => ir::Trigger::Digits(None),
            TriggerKind::Digits(Some(name)) => match self.scope.value(&name.name) {
                Some(Named::Listener(id)) => {
                    self.used_values.insert(Named::Listener(id));
                    ir::Trigger::Digits(Some(id))
                }
                _ => {
                    self.unknown_value(name, "listener");
                    return None;
                }
            },
            TriggerKind::Hangup(None) => ir::Trigger::Hangup(None),
            TriggerKind::Hangup(Some(name)) => match builtin(&name.name) {
                Some(BuiltinName::Leg(leg)) => ir::Trigger::Hangup(Some(leg)),
                _ => {
                    self.report(
                        Problem::error(
                            Code::CheckUnknownName,
                            format!("`{}` is not a leg", name.name),
                            name.span,
                            "expected `caller`, `callee`, `leg_a` or `leg_b`",
                        )
                        .with_help(
                            "a hang-up handler names a leg directly, not through a variable",
                        ),
                    );
                    return None;
                }
            },
            TriggerKind::Update => ir::Trigger::Update,
            TriggerKind::InvalidResponse => ir::Trigger::InvalidResponse,
        })
    }

    fn trigger_kinds(
        &mut self,
        verbs: &[ast::Ident],
    ) -> Option<Vec<interpreter::wire::ActionKind>> {
        let mut kinds = Vec::new();
        let mut ok = true;
        for v in verbs {
            match verb::trigger_kinds(&v.name) {
                Some(ks) => kinds.extend(ks),
                None => {
                    ok = false;
                    self.unknown_verb(v);
                }
            }
        }
        ok.then_some(kinds)
    }

    pub(super) fn unknown_verb(&mut self, v: &ast::Ident) {
        let mut p = Problem::error(
            Code::CheckUnknownAction,
            format!("unknown action `{}`", v.name),
            v.span,
            "not an action",
        );
        p = match did_you_mean(&v.name, verb::VERBS.iter().map(|v| v.keyword)) {
            Some(s) => p.with_help(format!("did you mean `{s}`?")),
            None => p.with_help(format!(
                "the actions are: {}",
                verb::VERBS
                    .iter()
                    .map(|v| v.keyword)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        self.report(p);
    }

    pub(super) fn check_duplicate_handlers(&mut self, handlers: &[ast::Handler]) {
        let refs: Vec<&ast::Handler> = handlers.iter().collect();
        self.check_duplicate_handlers_refs(&refs);
    }

    /// Two handlers of one scope for the same event: only one could ever run.
    pub(super) fn check_duplicate_handlers_refs(&mut self, handlers: &[&ast::Handler]) {
        let mut seen: Vec<(String, ast::Span)> = Vec::new();
        for h in handlers {
            for key in trigger_keys(&h.trigger.kind) {
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    let first = *first;
                    self.report(
                        Problem::error(
                            Code::CheckDuplicateHandler,
                            format!("two handlers answer `{key}` here"),
                            h.trigger.span,
                            "this one never runs",
                        )
                        .with_label(first, "this one answers it first")
                        .with_help("merge the two handlers"),
                    );
                } else {
                    seen.push((key, h.trigger.span));
                }
            }
        }
    }

    pub(super) fn check_entry(&mut self, flow: &ast::Flow) {
        let has_entry = self
            .scope
            .handlers
            .iter()
            .any(|h| matches!(h.trigger.kind, TriggerKind::NewCall | TriggerKind::Answered));
        if !has_entry {
            self.report(
                Problem::error(
                    Code::CheckNoEntry,
                    format!("the flow `{}` never answers a call", flow.name.name),
                    flow.name.span,
                    "no `on new call` or `on answered` handler",
                )
                .with_help("add `on new call { ... }` for calls to the number, `on answered { ... }` for calls placed through the API"),
            );
        }
    }
}

/// The events a trigger answers, as comparable keys.
fn trigger_keys(kind: &TriggerKind) -> Vec<String> {
    match kind {
        TriggerKind::NewCall => vec!["new call".into()],
        TriggerKind::Answered => vec!["answered".into()],
        TriggerKind::After(verbs) => verbs
            .iter()
            .flat_map(|v| verb::trigger_kinds(&v.name).unwrap_or_default())
            .map(|k| format!("after {}", k.as_str()))
            .collect(),
        TriggerKind::Failed(verbs) if verbs.is_empty() => vec!["failed".into()],
        TriggerKind::Failed(verbs) => verbs
            .iter()
            .flat_map(|v| verb::trigger_kinds(&v.name).unwrap_or_default())
            .map(|k| format!("failed {}", k.as_str()))
            .collect(),
        TriggerKind::Digits(l) => vec![format!(
            "digits {}",
            l.as_ref().map_or("", |l| l.name.as_str())
        )],
        TriggerKind::Hangup(l) => vec![format!(
            "hangup {}",
            l.as_ref().map_or("", |l| l.name.as_str())
        )],
        TriggerKind::Update => vec!["update".into()],
        TriggerKind::InvalidResponse => vec!["invalid response".into()],
    }
}

//! Intent: properties a flow states about itself, `always COMMAND` or `never COMMAND`, proven on
//! every path where an action could break them:
//!
//! - `never play PROMPT to LEG` / `always play PROMPT to LEG`: who hears a prompt;
//! - `always listen on LEG` / `never listen on LEG`: whose keys the listeners hear;
//! - `never bridge caller_id VALUE` / `always bridge caller_id VALUE`: the number shown;
//! - `never bridge to VALUE` and `never bridge to area in ["900", ...]`: the numbers dialled;
//! - `always bridge to dialable`: every number dialled is proven inside the dial policy.
//!
//! A value is proven different from another when both are known, when a condition on the path
//! says so, or when they are different settings; a leg when the abstract call knows it.

use super::value::{AVal, Env};
use super::walk::{Path, Walker};
use crate::ast::{self, Span};
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, ActionTemplate, BinaryOp, Builtin, Expr, LegRef, Target, Value};

#[derive(Debug)]
enum Property {
    Play {
        prompt: ir::PromptId,
        to: Target,
    },
    Listen {
        on: Target,
    },
    CallerId(Expr),
    Dial(Expr),
    DialArea(Vec<String>),
    /// Every bridge dials a number proven inside the dial policy.
    Dialable,
}

#[derive(Debug)]
struct Intent {
    always: bool,
    property: Property,
    span: Span,
    text: String,
}

#[derive(Debug, Default)]
pub struct Intents {
    list: Vec<Intent>,
}

const FORMS: &str = "a property is `never|always play PROMPT to LEG`, `never|always listen on LEG`, `never|always bridge caller_id VALUE`, `never bridge to VALUE`, `never bridge to area in [\"900\", ...]` or `always bridge to dialable`";

impl Intents {
    /// Resolves the flow's `always` / `never` clauses against the compiled flow.
    pub fn resolve(source: &ast::Flow, flow: &ir::Flow, problems: &mut Vec<Problem>) -> Self {
        let mut list = Vec::new();
        for item in &source.items {
            let ast::Item::Intent(decl) = item else {
                continue;
            };
            match property(&decl.command, decl.always, flow) {
                Some(property) => list.push(Intent {
                    always: decl.always,
                    property,
                    span: decl.span,
                    text: crate::format::intent_text(decl),
                }),
                None => problems.push(
                    Problem::error(
                        Code::VerifyIntent,
                        "this property cannot be proven",
                        decl.span,
                        "not a property the checker knows",
                    )
                    .with_help(FORMS),
                ),
            }
        }
        Self { list }
    }

    /// Checks an action against the properties, on one path.
    pub fn check_action(
        &self,
        walker: &mut Walker<'_, '_>,
        action: &ActionTemplate,
        legs: &[LegRef],
        path: &Path,
        span: Span,
    ) {
        for intent in &self.list {
            let broken = match (&intent.property, action) {
                (
                    Property::Play { prompt, to },
                    ActionTemplate::PlayAudio { prompt: p, .. }
                    | ActionTemplate::PlayAudioBoth { prompt: p, .. },
                ) if p == prompt => {
                    let legs: Vec<LegRef> =
                        if matches!(action, ActionTemplate::PlayAudioBoth { .. }) {
                            [LegRef::A, LegRef::B]
                                .into_iter()
                                .filter(|l| path.call.leg(*l) == super::state::Leg::Up)
                                .collect()
                        } else {
                            legs.to_vec()
                        };
                    leg_breaks(intent.always, &legs, *to, path)
                }
                (Property::CallerId(v), ActionTemplate::CallAndBridge(b)) => {
                    value_breaks(intent.always, &b.caller_id, v, path)
                }
                (Property::Dial(v), ActionTemplate::CallAndBridge(b)) => {
                    value_breaks(intent.always, &b.to, v, path)
                }
                (Property::DialArea(areas), ActionTemplate::CallAndBridge(b)) => {
                    !area_excluded(&b.to, areas, path)
                }
                (
                    Property::Dialable,
                    ActionTemplate::CallAndBridge(ir::Bridge { to, via: None, .. }),
                ) => !super::dial::proven(to, path, super::dial::Trust::Deployment),
                _ => false,
            };
            if broken {
                report(walker, intent, span);
            }
        }
    }

    /// Checks arming a listener on `legs` against the properties.
    pub fn check_listen(
        &self,
        walker: &mut Walker<'_, '_>,
        legs: &[LegRef],
        path: &Path,
        span: Span,
    ) {
        for intent in &self.list {
            if let Property::Listen { on } = &intent.property
                && leg_breaks(intent.always, legs, *on, path)
            {
                report(walker, intent, span);
            }
        }
    }
}

fn report(walker: &mut Walker<'_, '_>, intent: &Intent, span: Span) {
    walker.findings.add(
        Problem::error(
            Code::VerifyIntent,
            format!("this can break the flow's property `{}`", intent.text),
            span,
            "on some path this does not keep the property",
        )
        .with_label(intent.span, "the property")
        .with_help(
            "guard the action so that the property holds on every path, or correct the property",
        ),
    );
}

fn env(path: &Path) -> Env<'_> {
    Env {
        call: &path.call,
        event_leg: None,
        digits: None,
        unset_arithmetic: std::cell::Cell::new(false),
    }
}

/// Whether sending to `legs` breaks "always/never to `target`".
fn leg_breaks(always: bool, legs: &[LegRef], target: Target, path: &Path) -> bool {
    let wanted = env(path).target(target).legs();
    if always {
        !(wanted.len() == 1 && legs.iter().all(|l| wanted.contains(l)))
    } else {
        legs.iter().any(|l| wanted.contains(l))
    }
}

fn value_breaks(always: bool, actual: &Expr, stated: &Expr, path: &Path) -> bool {
    if always {
        !(actual == stated || known_equal(actual, stated, path) == Some(true))
    } else {
        may_equal(actual, stated, path)
    }
}

fn known_equal(a: &Expr, b: &Expr, path: &Path) -> Option<bool> {
    let e = env(path);
    match (e.eval(a), e.eval(b)) {
        (AVal::Any { .. }, _) | (_, AVal::Any { .. }) => None,
        (x, y) => Some(x == y),
    }
}

/// Whether `a` can equal `b` on this path.
fn may_equal(a: &Expr, b: &Expr, path: &Path) -> bool {
    if let Some(same) = known_equal(a, b, path) {
        return same;
    }
    if a == b {
        return true;
    }
    let differ = path.facts.iter().any(|(fact, holds)| match fact {
        Expr::Binary(BinaryOp::Eq, l, r) => {
            !holds && ((**l == *a && **r == *b) || (**l == *b && **r == *a))
        }
        Expr::Binary(BinaryOp::Ne, l, r) => {
            *holds && ((**l == *a && **r == *b) || (**l == *b && **r == *a))
        }
        _ => false,
    });
    if differ {
        return false;
    }
    // Different settings of the deployment are different numbers.
    let setting = |e: &Expr| matches!(e, Expr::Config(_) | Expr::Builtin(Builtin::SmaNumber));
    !(setting(a) && setting(b))
}

/// Whether the number dialled is proven outside these area codes.
fn area_excluded(to: &Expr, areas: &[String], path: &Path) -> bool {
    match env(path).eval(to) {
        AVal::Text(number) => {
            let area = number.strip_prefix("+1").and_then(|n| n.get(..3));
            return area.is_none_or(|a| !areas.iter().any(|x| x == a));
        }
        AVal::Any { .. } => {}
        _ => return true,
    }
    // The deployment's own numbers are trusted.
    if matches!(to, Expr::Config(_) | Expr::Builtin(Builtin::SmaNumber)) {
        return true;
    }
    path.facts.iter().any(|(fact, holds)| match fact {
        Expr::In(x, list) if !holds => {
            matches!(x.as_ref(), Expr::Area(inner) if **inner == *to)
                && areas
                    .iter()
                    .all(|a| list.iter().any(|l| *l == Expr::Lit(Value::Text(a.clone()))))
        }
        _ => false,
    })
}

fn property(cmd: &ast::Command, decl_always: bool, flow: &ir::Flow) -> Option<Property> {
    let arg = |name: &str| {
        cmd.args
            .iter()
            .find(|a| a.label.name == name)
            .map(|a| &a.value)
    };
    match cmd.verb.name.as_str() {
        "play" => {
            let ast::ExprKind::Name(p) = &cmd.positional.as_ref()?.kind else {
                return None;
            };
            let prompt = flow.prompts.iter().position(|x| x.name == p.name)?;
            Some(Property::Play {
                prompt: ir::PromptId::try_from(prompt).ok()?,
                to: leg(arg("to")?, flow)?,
            })
        }
        "listen" => Some(Property::Listen {
            on: leg(arg("on")?, flow)?,
        }),
        "bridge" => {
            if let Some(v) = arg("caller_id") {
                return Some(Property::CallerId(value(v, flow)?));
            }
            let to = arg("to")?;
            if decl_always && matches!(&to.kind, ast::ExprKind::Name(n) if n.name == "dialable") {
                return Some(Property::Dialable);
            }
            if let ast::ExprKind::Binary(ast::BinaryOp::In, l, r) = &to.kind
                && matches!(&l.kind, ast::ExprKind::Name(n) if n.name == "area")
                && let ast::ExprKind::List(items) = &r.kind
            {
                let areas = items
                    .iter()
                    .map(|i| match &i.kind {
                        ast::ExprKind::Str(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                return Some(Property::DialArea(areas));
            }
            Some(Property::Dial(value(to, flow)?))
        }
        _ => None,
    }
}

fn leg(e: &ast::Expr, flow: &ir::Flow) -> Option<Target> {
    let ast::ExprKind::Name(n) = &e.kind else {
        return None;
    };
    match n.name.as_str() {
        "caller" | "leg_a" => Some(Target::Leg(LegRef::A)),
        "callee" | "leg_b" => Some(Target::Leg(LegRef::B)),
        name => {
            let id = flow
                .vars
                .iter()
                .position(|v| v.name == name && v.ty == ir::ValueType::Leg)?;
            Some(Target::Var(ir::VarId::try_from(id).ok()?))
        }
    }
}

fn value(e: &ast::Expr, flow: &ir::Flow) -> Option<Expr> {
    match &e.kind {
        ast::ExprKind::Phone(p) => Some(Expr::Lit(Value::Phone(p.clone()))),
        ast::ExprKind::Str(s) => Some(Expr::Lit(Value::Text(s.clone()))),
        ast::ExprKind::Name(n) if n.name == "sma_number" => Some(Expr::Builtin(Builtin::SmaNumber)),
        ast::ExprKind::Name(n) => {
            if let Some(i) = flow.config.iter().position(|c| c.name == n.name) {
                return Some(Expr::Config(ir::ConfigId::try_from(i).ok()?));
            }
            let i = flow.vars.iter().position(|v| v.name == n.name)?;
            Some(Expr::Var(ir::VarId::try_from(i).ok()?))
        }
        ast::ExprKind::Field(base, f) if f.name == "number" => {
            Some(Expr::LegNumber(leg(base, flow)?))
        }
        _ => None,
    }
}

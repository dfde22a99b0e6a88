//! Declarations of a flow: every name it defines, numbered in source order, with duplicates and
//! clashes with built-in names reported.

use super::Checker;
use crate::ast;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{ConfigId, LegRef, ListenerId, PromptId, StateId, VarId};
use std::collections::HashMap;

/// Names every flow has without declaring them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinName {
    Leg(LegRef),
    Both,
    Digits,
    Error,
    SmaNumber,
    EventLeg,
    Recorded,
    Terminator,
    SipCode,
    Args,
    Recording,
}

pub const BUILTINS: &[(&str, BuiltinName)] = &[
    ("caller", BuiltinName::Leg(LegRef::A)),
    ("callee", BuiltinName::Leg(LegRef::B)),
    ("leg_a", BuiltinName::Leg(LegRef::A)),
    ("leg_b", BuiltinName::Leg(LegRef::B)),
    ("both", BuiltinName::Both),
    ("digits", BuiltinName::Digits),
    ("error", BuiltinName::Error),
    ("sma_number", BuiltinName::SmaNumber),
    ("event_leg", BuiltinName::EventLeg),
    ("recorded", BuiltinName::Recorded),
    ("terminator", BuiltinName::Terminator),
    ("sip_code", BuiltinName::SipCode),
    ("args", BuiltinName::Args),
    ("recording", BuiltinName::Recording),
];

/// What a name in expression position refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Named {
    Config(ConfigId),
    Var(VarId),
    Prompt(PromptId),
    Listener(ListenerId),
    Builtin(BuiltinName),
}

#[derive(Default)]
pub struct Scope<'a> {
    pub config: Vec<&'a ast::ConfigDecl>,
    /// Each prompt with the prompt group's bucket name.
    pub prompts: Vec<(&'a ast::PromptEntry, &'a ast::Ident)>,
    pub vars: Vec<&'a ast::VarDecl>,
    pub listeners: Vec<&'a ast::ListenerDecl>,
    pub blocks: Vec<&'a ast::BlockDecl>,
    pub states: Vec<&'a ast::StateDecl>,
    pub handlers: Vec<&'a ast::Handler>,
    values: HashMap<&'a str, (Named, ast::Span)>,
    state_ids: HashMap<&'a str, StateId>,
    block_ids: HashMap<&'a str, usize>,
}

impl<'a> Scope<'a> {
    pub fn value(&self, name: &str) -> Option<Named> {
        self.values
            .get(name)
            .map(|(n, _)| *n)
            .or_else(|| builtin(name).map(Named::Builtin))
    }

    pub fn value_names(&self) -> impl Iterator<Item = &str> {
        self.values
            .keys()
            .copied()
            .chain(BUILTINS.iter().map(|(n, _)| *n))
    }

    pub fn state(&self, name: &str) -> Option<StateId> {
        self.state_ids.get(name).copied()
    }

    pub fn state_names(&self) -> impl Iterator<Item = &str> {
        self.state_ids.keys().copied()
    }

    pub fn block(&self, name: &str) -> Option<(usize, &'a ast::BlockDecl)> {
        let id = *self.block_ids.get(name)?;
        Some((id, *self.blocks.get(id)?))
    }

    pub fn block_names(&self) -> impl Iterator<Item = &str> {
        self.block_ids.keys().copied()
    }
}

pub fn builtin(name: &str) -> Option<BuiltinName> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

fn index<T: TryFrom<usize>>(len: usize) -> Option<T> {
    T::try_from(len).ok()
}

impl<'a> Checker<'a> {
    /// Numbers every declaration and reports names defined twice.
    pub(super) fn collect_declarations(&mut self, flow: &'a ast::Flow) {
        for item in &flow.items {
            match item {
                ast::Item::Config(c) => {
                    if let Some(id) = index(self.scope.config.len()) {
                        self.declare_value(&c.name, Named::Config(id));
                        self.scope.config.push(c);
                    }
                }
                ast::Item::Prompts(group) => {
                    for entry in &group.entries {
                        if let Some(id) = index(self.scope.prompts.len()) {
                            self.declare_value(&entry.name, Named::Prompt(id));
                            self.scope.prompts.push((entry, &group.bucket));
                        }
                    }
                }
                ast::Item::Var(v) => {
                    if let Some(id) = index(self.scope.vars.len()) {
                        self.declare_value(&v.name, Named::Var(id));
                        self.scope.vars.push(v);
                    }
                }
                ast::Item::Listener(l) => {
                    if let Some(id) = index(self.scope.listeners.len()) {
                        self.declare_value(&l.name, Named::Listener(id));
                        self.scope.listeners.push(l);
                    }
                }
                ast::Item::Block(b) => {
                    let id = self.scope.blocks.len();
                    if let Some(prev) = self.scope.block_ids.get(b.name.name.as_str()) {
                        let prev_span = self.scope.blocks.get(*prev).map(|p| p.name.span);
                        self.duplicate(&b.name, prev_span, "block");
                    } else {
                        self.scope.block_ids.insert(&b.name.name, id);
                    }
                    self.scope.blocks.push(b);
                }
                ast::Item::State(s) => {
                    if let Some(prev) = self.scope.state_ids.get(s.name.name.as_str()) {
                        let prev_span = self
                            .scope
                            .states
                            .get(usize::from(*prev))
                            .map(|p| p.name.span);
                        self.duplicate(&s.name, prev_span, "state");
                    } else if let Some(id) = index(self.scope.states.len()) {
                        self.scope.state_ids.insert(&s.name.name, id);
                    }
                    self.scope.states.push(s);
                }
                ast::Item::Handler(h) => self.scope.handlers.push(h),
                // Properties are proven by the path analyses, over the compiled flow.
                ast::Item::Intent(_) => {}
                // Sub-flows were copied into the flow before it is checked.
                ast::Item::Use(_) | ast::Item::Subflow(_) => {}
            }
        }
    }

    fn declare_value(&mut self, name: &'a ast::Ident, named: Named) {
        if builtin(&name.name).is_some() {
            self.problems.push(
                Problem::error(
                    Code::CheckDuplicateName,
                    format!("`{}` is a built-in name", name.name),
                    name.span,
                    "already defined by the language",
                )
                .with_help("choose another name"),
            );
            return;
        }
        if let Some((_, prev)) = self.scope.values.get(name.name.as_str()) {
            let prev = *prev;
            self.duplicate(name, Some(prev), "name");
            return;
        }
        self.scope.values.insert(&name.name, (named, name.span));
    }

    fn duplicate(&mut self, name: &ast::Ident, previous: Option<ast::Span>, what: &str) {
        let mut p = Problem::error(
            Code::CheckDuplicateName,
            format!("the {what} `{}` is defined twice", name.name),
            name.span,
            "defined again here",
        )
        .with_help("rename or remove one of them");
        if let Some(prev) = previous {
            p = p.with_label(prev, "first defined here");
        }
        self.problems.push(p);
    }
}

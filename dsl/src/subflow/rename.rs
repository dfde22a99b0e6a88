//! One copy of a sub-flow: its own names (states, blocks, variables, parameters) renamed to the
//! copy's (`collect_phone#1.tries`), its prompt parameters replaced by the prompts given, and any
//! other name refused, so that a sub-flow can never reach into the flow that runs it.

use super::load::Subflow;
use super::{Call, is_prompt};
use crate::ast::{self, Expr, ExprKind, Ident, Item, StmtKind};
use crate::check::BUILTINS;
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use std::collections::{HashMap, HashSet};

pub(crate) struct Renaming {
    pub subflow: String,
    prefix: String,
    /// Variables and parameters kept in variables, with their types.
    vars: HashMap<String, ast::TypeRef>,
    states: HashSet<String>,
    blocks: HashSet<String>,
    /// Parameters replaced by their arguments where they are used: prompts, and values that
    /// are the same on every event.
    prompts: HashMap<String, Expr>,
    pub result: Option<ast::TypeRef>,
    /// The caller's variable the result goes into, and its state to go on in.
    pub into: Option<Ident>,
    pub then: Ident,
}

impl Renaming {
    pub fn new(
        sub: &Subflow,
        prefix: &str,
        call: &Call,
        into: Option<Ident>,
        bound: &HashMap<String, Expr>,
    ) -> Self {
        let mut vars = HashMap::new();
        let prompts = bound.clone();
        for p in &sub.decl.params {
            if !bound.contains_key(&p.name.name) && !is_prompt(&p.ty) {
                vars.insert(p.name.name.clone(), p.ty.clone());
            }
        }
        let mut states = HashSet::new();
        let mut blocks = HashSet::new();
        for item in &sub.flow.items {
            match item {
                Item::Var(v) => {
                    vars.insert(v.name.name.clone(), v.ty.clone());
                }
                Item::State(s) => {
                    states.insert(s.name.name.clone());
                }
                Item::Block(b) => {
                    blocks.insert(b.name.name.clone());
                }
                _ => {}
            }
        }
        Self {
            subflow: sub.decl.name.name.clone(),
            prefix: prefix.to_owned(),
            vars,
            states,
            blocks,
            prompts,
            result: sub.decl.result.clone(),
            into,
            then: call.then.clone(),
        }
    }

    /// The copy's name for one of the sub-flow's own names.
    pub fn name(&self, name: &Ident) -> Ident {
        Ident::new(format!("{}.{}", self.prefix, name.name), name.span)
    }

    /// The copy's variables (renamed) and their types, for an `into` inside the sub-flow.
    pub fn var_types(&self) -> HashMap<String, ast::TypeRef> {
        self.vars
            .iter()
            .map(|(n, t)| (format!("{}.{n}", self.prefix), t.clone()))
            .collect()
    }

    pub fn item(&self, item: &mut Item, problems: &mut Vec<Problem>) {
        match item {
            Item::Var(v) => {
                v.name = self.name(&v.name);
                if let Some(e) = &mut v.init {
                    self.expr(e, problems);
                }
            }
            Item::Block(b) => {
                b.name = self.name(&b.name);
                self.block(&mut b.body, problems);
            }
            Item::State(s) => {
                s.name = self.name(&s.name);
                if let Some(e) = &mut s.enter {
                    self.block(e, problems);
                }
                for h in &mut s.handlers {
                    if let ast::TriggerKind::Digits(Some(l)) = &h.trigger.kind {
                        problems.push(self.unknown(l, "listener", &[]));
                    }
                    self.block(&mut h.body, problems);
                }
            }
            _ => {}
        }
    }

    fn block(&self, block: &mut ast::Block, problems: &mut Vec<Problem>) {
        for stmt in &mut block.stmts {
            self.stmt(stmt, problems);
        }
    }

    fn stmt(&self, stmt: &mut ast::Stmt, problems: &mut Vec<Problem>) {
        match &mut stmt.kind {
            StmtKind::Command(c) => {
                if let Some(e) = &mut c.positional {
                    self.expr(e, problems);
                }
                for a in &mut c.args {
                    self.expr(&mut a.value, problems);
                }
            }
            StmtKind::Assign { target, value, .. } => {
                *target = self.var(target, problems);
                self.expr(value, problems);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond, problems);
                self.block(then, problems);
                if let Some(o) = otherwise {
                    self.block(o, problems);
                }
            }
            StmtKind::Match {
                scrutinee,
                arms,
                otherwise,
            } => {
                self.expr(scrutinee, problems);
                for arm in arms {
                    for p in &mut arm.patterns {
                        self.expr(p, problems);
                    }
                    if let Some(g) = &mut arm.guard {
                        self.expr(g, problems);
                    }
                    self.block(&mut arm.body, problems);
                }
                if let Some(o) = otherwise {
                    self.block(o, problems);
                }
            }
            StmtKind::Goto(state) => *state = self.state(state, problems),
            StmtKind::Do(block) => {
                if self.blocks.contains(&block.name) {
                    *block = self.name(block);
                } else {
                    let known: Vec<&str> = self.blocks.iter().map(String::as_str).collect();
                    problems.push(self.unknown(block, "block", &known));
                }
            }
            StmtKind::Note { value, .. } => {
                if let Some(e) = value {
                    self.expr(e, problems);
                }
            }
            StmtKind::Run {
                args, into, then, ..
            } => {
                for a in args {
                    self.expr(&mut a.value, problems);
                }
                if let Some(var) = into {
                    *var = self.var(var, problems);
                }
                *then = self.state(then, problems);
            }
            StmtKind::Return(value) => {
                if let Some(e) = value {
                    self.expr(e, problems);
                }
            }
            StmtKind::Continue | StmtKind::Done | StmtKind::Allow { .. } => {}
        }
    }

    fn var(&self, name: &Ident, problems: &mut Vec<Problem>) -> Ident {
        if self.vars.contains_key(&name.name) {
            return self.name(name);
        }
        let known: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        problems.push(self.unknown(name, "variable", &known));
        name.clone()
    }

    fn state(&self, name: &Ident, problems: &mut Vec<Problem>) -> Ident {
        if self.states.contains(&name.name) {
            return self.name(name);
        }
        let known: Vec<&str> = self.states.iter().map(String::as_str).collect();
        problems.push(self.unknown(name, "state", &known));
        name.clone()
    }

    fn expr(&self, e: &mut Expr, problems: &mut Vec<Problem>) {
        match &mut e.kind {
            ExprKind::Name(n) => {
                if let Some(prompt) = self.prompts.get(&n.name) {
                    *e = prompt.clone();
                } else if self.vars.contains_key(&n.name) {
                    *n = self.name(n);
                } else if !BUILTINS.iter().any(|(b, _)| *b == n.name) {
                    let mut known: Vec<&str> = self.vars.keys().map(String::as_str).collect();
                    known.extend(self.prompts.keys().map(String::as_str));
                    problems.push(self.unknown(n, "name", &known));
                    // Never bound to a name of the flow that runs the sub-flow.
                    e.kind = ExprKind::None;
                }
            }
            ExprKind::List(items) | ExprKind::Call(_, items) => {
                for item in items {
                    self.expr(item, problems);
                }
            }
            ExprKind::Field(base, _) | ExprKind::Unary(_, base) => self.expr(base, problems),
            ExprKind::Binary(_, a, b) => {
                self.expr(a, problems);
                self.expr(b, problems);
            }
            ExprKind::Is { subject, .. } => self.expr(subject, problems),
            ExprKind::Cond {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond, problems);
                self.expr(then, problems);
                self.expr(otherwise, problems);
            }
            ExprKind::Str(_)
            | ExprKind::Int(_)
            | ExprKind::Duration(_)
            | ExprKind::Phone(_)
            | ExprKind::Bool(_)
            | ExprKind::None => {}
        }
    }

    fn unknown(&self, name: &Ident, what: &str, known: &[&str]) -> Problem {
        let mut p = Problem::error(
            Code::CheckUnknownName,
            format!(
                "unknown {what} `{}` in the sub-flow `{}`",
                name.name, self.subflow
            ),
            name.span,
            "not defined in this sub-flow",
        );
        p = match did_you_mean(&name.name, known.iter().copied()) {
            Some(s) => p.with_help(format!("did you mean `{s}`?")),
            None => p.with_help(
                "a sub-flow sees only its parameters, its own variables, states and blocks, and \
                 the built-in names: pass what it needs as a parameter",
            ),
        };
        p
    }
}

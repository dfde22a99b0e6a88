//! Every name of a parsed flow: where each is declared and every place it is used, plus where
//! verbs and labels are written. Built from the AST after each parse; hover, go-to-definition,
//! references, rename and completion read it. Resolution follows the checker's namespaces:
//! config values, prompts, variables and listeners share one; states and blocks have their own.

use crate::ast::{self, Span};
use std::collections::HashMap;

/// What kind of thing a name declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    State,
    Block,
    Listener,
    Prompt,
    Var,
    Config,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::Block => "block",
            Kind::Listener => "listener",
            Kind::Prompt => "prompt",
            Kind::Var => "var",
            Kind::Config => "config",
        }
    }

    /// Names in one namespace must differ.
    pub fn namespace(self) -> u8 {
        match self {
            Kind::State => 0,
            Kind::Block => 1,
            Kind::Listener | Kind::Prompt | Kind::Var | Kind::Config => 2,
        }
    }
}

/// One declaration.
#[derive(Debug, Clone)]
pub struct Decl {
    pub kind: Kind,
    pub name: String,
    /// The name where it is declared.
    pub span: Span,
    /// The whole declaration.
    pub item: Span,
    /// The declared type of a config value or variable (`phone`, `text(64)`).
    pub ty: Option<String>,
}

/// A verb or label as written, for hover.
#[derive(Debug, Clone)]
pub struct Word {
    pub span: Span,
    /// The verb (`play`, `start recording`; `listener` for a declaration's labels).
    pub verb: String,
    /// The label, when this is one.
    pub label: Option<String>,
}

/// What is at an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At<'a> {
    /// A declaration's name, or a use of it: the declaration's index.
    Name(usize),
    /// A name the index could not resolve (a built-in or a misspelling).
    Unresolved(&'a str, Span),
    Verb(&'a str, Span),
    Label(&'a str, &'a str, Span),
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    pub decls: Vec<Decl>,
    /// Uses of declarations: (declaration, span of the use).
    pub refs: Vec<(usize, Span)>,
    /// Names used that resolve to nothing declared.
    pub unresolved: Vec<(String, Span)>,
    pub words: Vec<Word>,
}

impl Index {
    pub fn new(flow: &ast::Flow) -> Self {
        let mut index = Index::default();
        index.declare(flow);
        let names = [0, 1, 2].map(|ns| index.namespace_map(ns));
        let mut walk = Walk {
            index: &mut index,
            names,
        };
        for item in &flow.items {
            walk.item(item);
        }
        index
    }

    /// The first declaration of `name` in `kind`'s namespace.
    pub fn find(&self, namespace: u8, name: &str) -> Option<usize> {
        self.decls
            .iter()
            .position(|d| d.kind.namespace() == namespace && d.name == name)
    }

    /// Each name of a namespace and its first declaration.
    fn namespace_map(&self, namespace: u8) -> HashMap<String, usize> {
        let mut map = HashMap::new();
        for (i, d) in self.decls.iter().enumerate() {
            if d.kind.namespace() == namespace {
                map.entry(d.name.clone()).or_insert(i);
            }
        }
        map
    }

    fn declare(&mut self, flow: &ast::Flow) {
        for item in &flow.items {
            match item {
                ast::Item::Config(c) => self.push(Kind::Config, &c.name, c.span, Some(&c.ty)),
                ast::Item::Prompts(p) => {
                    for e in &p.entries {
                        self.push(Kind::Prompt, &e.name, e.span, None);
                    }
                }
                ast::Item::Var(v) => self.push(Kind::Var, &v.name, v.span, Some(&v.ty)),
                ast::Item::Listener(l) => self.push(Kind::Listener, &l.name, l.span, None),
                ast::Item::Block(b) => self.push(Kind::Block, &b.name, b.span, None),
                ast::Item::State(s) => self.push(Kind::State, &s.name, s.span, None),
                ast::Item::Handler(_)
                | ast::Item::Intent(_)
                | ast::Item::Use(_)
                | ast::Item::Subflow(_) => {}
            }
        }
    }

    fn push(&mut self, kind: Kind, name: &ast::Ident, item: Span, ty: Option<&ast::TypeRef>) {
        self.decls.push(Decl {
            kind,
            name: name.name.clone(),
            span: name.span,
            item,
            ty: ty.map(|t| match t.max_len {
                Some(n) => format!("{}({n})", t.name.name),
                None => t.name.name.clone(),
            }),
        });
    }

    /// What is written at `offset` (a cursor just after a word counts as on it).
    pub fn at(&self, offset: usize) -> Option<At<'_>> {
        let on = |s: Span| s.start <= offset && offset <= s.end;
        if let Some(i) = self.decls.iter().position(|d| on(d.span)) {
            return Some(At::Name(i));
        }
        if let Some((i, _)) = self.refs.iter().find(|(_, s)| on(*s)) {
            return Some(At::Name(*i));
        }
        if let Some(w) = self.words.iter().find(|w| on(w.span)) {
            return Some(match &w.label {
                Some(l) => At::Label(&w.verb, l, w.span),
                None => At::Verb(&w.verb, w.span),
            });
        }
        self.unresolved
            .iter()
            .find(|(_, s)| on(*s))
            .map(|(n, s)| At::Unresolved(n, *s))
    }

    /// Every place declaration `decl` is used.
    pub fn uses(&self, decl: usize) -> impl Iterator<Item = Span> + '_ {
        self.refs
            .iter()
            .filter(move |(d, _)| *d == decl)
            .map(|(_, s)| *s)
    }
}

/// The walk over items, statements and expressions that records uses.
struct Walk<'i> {
    index: &'i mut Index,
    /// The three namespaces (states, blocks, values): each name's first declaration.
    names: [HashMap<String, usize>; 3],
}

impl Walk<'_> {
    fn item(&mut self, item: &ast::Item) {
        match item {
            ast::Item::Config(c) => {
                if let Some(e) = &c.default {
                    self.expr(e);
                }
            }
            ast::Item::Prompts(p) => self.value(&p.bucket),
            ast::Item::Var(v) => {
                if let Some(e) = &v.init {
                    self.expr(e);
                }
            }
            ast::Item::Listener(l) => self.args("listener", &l.args),
            ast::Item::Use(_) | ast::Item::Subflow(_) => {}
            ast::Item::Block(b) => self.block(&b.body),
            ast::Item::Handler(h) => self.handler(h),
            ast::Item::Intent(i) => {
                self.index.words.push(Word {
                    span: i.command.verb.span,
                    verb: i.command.verb.name.clone(),
                    label: None,
                });
                if let Some(e) = &i.command.positional {
                    self.expr(e);
                }
                self.args(&i.command.verb.name, &i.command.args);
            }
            ast::Item::State(s) => {
                if let Some(b) = &s.enter {
                    self.block(b);
                }
                for h in &s.handlers {
                    self.handler(h);
                }
            }
        }
    }

    fn handler(&mut self, h: &ast::Handler) {
        match &h.trigger.kind {
            ast::TriggerKind::After(verbs) | ast::TriggerKind::Failed(verbs) => {
                for v in verbs {
                    self.index.words.push(Word {
                        span: v.span,
                        verb: v.name.clone(),
                        label: None,
                    });
                }
            }
            ast::TriggerKind::Digits(Some(name)) | ast::TriggerKind::Hangup(Some(name)) => {
                self.value(name);
            }
            _ => {}
        }
        self.block(&h.body);
    }

    fn block(&mut self, b: &ast::Block) {
        for s in &b.stmts {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &ast::Stmt) {
        match &s.kind {
            ast::StmtKind::Command(c) => {
                self.index.words.push(Word {
                    span: c.verb.span,
                    verb: c.verb.name.clone(),
                    label: None,
                });
                if let Some(e) = &c.positional {
                    self.expr(e);
                }
                self.args(&c.verb.name, &c.args);
            }
            ast::StmtKind::Assign { target, value, .. } => {
                self.value(target);
                self.expr(value);
            }
            ast::StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.block(then);
                if let Some(b) = otherwise {
                    self.block(b);
                }
            }
            ast::StmtKind::Match {
                scrutinee,
                arms,
                otherwise,
            } => {
                self.expr(scrutinee);
                for arm in arms {
                    for p in &arm.patterns {
                        self.expr(p);
                    }
                    if let Some(g) = &arm.guard {
                        self.expr(g);
                    }
                    self.block(&arm.body);
                }
                if let Some(b) = otherwise {
                    self.block(b);
                }
            }
            ast::StmtKind::Allow { .. } => {}
            ast::StmtKind::Goto(name) => self.named(0, name),
            ast::StmtKind::Do(name) => self.named(1, name),
            ast::StmtKind::Note { value, .. } => {
                if let Some(e) = value {
                    self.expr(e);
                }
            }
            ast::StmtKind::Continue | ast::StmtKind::Done => {}
            ast::StmtKind::Run {
                args, into, then, ..
            } => {
                for a in args {
                    self.expr(&a.value);
                }
                if let Some(var) = into {
                    self.value(var);
                }
                self.named(0, then);
            }
            ast::StmtKind::Return(value) => {
                if let Some(e) = value {
                    self.expr(e);
                }
            }
        }
    }

    fn args(&mut self, verb: &str, args: &[ast::Arg]) {
        for a in args {
            self.index.words.push(Word {
                span: a.label.span,
                verb: verb.to_owned(),
                label: Some(a.label.name.clone()),
            });
            self.expr(&a.value);
        }
    }

    fn expr(&mut self, e: &ast::Expr) {
        // An explicit stack: expressions can nest as deep as the parser allows.
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            match &e.kind {
                ast::ExprKind::Name(n) => self.value(n),
                ast::ExprKind::List(items) => stack.extend(items),
                ast::ExprKind::Field(base, _) => stack.push(base),
                ast::ExprKind::Call(_, args) => stack.extend(args),
                ast::ExprKind::Unary(_, inner) => stack.push(inner),
                ast::ExprKind::Binary(_, a, b) => {
                    stack.push(a);
                    stack.push(b);
                }
                ast::ExprKind::Is { subject, .. } => stack.push(subject),
                ast::ExprKind::Cond {
                    cond,
                    then,
                    otherwise,
                } => {
                    stack.push(cond);
                    stack.push(then);
                    stack.push(otherwise);
                }
                ast::ExprKind::Str(_)
                | ast::ExprKind::Int(_)
                | ast::ExprKind::Duration(_)
                | ast::ExprKind::Phone(_)
                | ast::ExprKind::Bool(_)
                | ast::ExprKind::None => {}
            }
        }
    }

    fn value(&mut self, name: &ast::Ident) {
        self.named(2, name);
    }

    fn named(&mut self, namespace: usize, name: &ast::Ident) {
        match self.names.get(namespace).and_then(|m| m.get(&name.name)) {
            Some(d) => self.index.refs.push((*d, name.span)),
            None => self.index.unresolved.push((name.name.clone(), name.span)),
        }
    }
}

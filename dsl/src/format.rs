//! Formatter: AST -> canonical `.flow` text (`dsl fmt`, and `dsl convert --to flow`).
//!
//! The layout is fixed by the tree, so two files with the same AST format the same:
//! - Two-space indentation, one statement per line, lines of at most 100 columns where the
//!   grammar lets a line break (a long command continues before an argument label, indented two
//!   more; an expression is never broken).
//! - `flow NAME` first; a blank line between top-level items, except within a run of items of one
//!   kind that each take one line (`config`s, `var`s, `listener`s, one-line `block`s, one-line
//!   handlers). In a run of `config`s or `var`s the names and types are aligned, and in `prompts`
//!   the `=` signs.
//! - A block stays on one line, `{ a; b }`, when it fits and holds one to three simple statements
//!   (commands, assignments, `goto`, `do`, `note`, `continue`, `done`), or one `if` or `match`
//!   that fits on a line itself. Such an `if` holds one to three simple statements per branch;
//!   such a `match` has at most four arms, each `PATTERNS -> STATEMENT`. A block holding a comment
//!   never stays on one line. An empty block is `{}`.
//! - A match arm whose body fits on its line is written `PATTERNS -> STATEMENT`, otherwise with a
//!   block. An `else` block holding only an `if` is written `else if`.
//! - A state's `enter` block comes before its handlers; there are no blank lines inside a state.
//! - Durations are written in their largest exact unit (`10000ms` becomes `10s`).
//!
//! Comments are kept: each one goes before the item, statement, prompt or arm that follows it, or
//! stays at the end of the line of the code it followed there; comments before a closing `}`
//! stay at the end of that block. A comment inside a multi-line command moves above it.

mod expr;
mod stmt;

pub use expr::expr as format_expr;
pub(crate) use expr::{arg as arg_text, event, type_ref as type_text};
pub(crate) use stmt::simple as simple_statement;

use crate::ast::{ConfigDecl, Flow, Item, PromptsDecl, Span, VarDecl};
use crate::lines::Lines;

/// The widest line the formatter writes where it can break.
pub const WIDTH: usize = 100;

/// Formats a whole flow in the canonical layout.
pub fn format_flow(flow: &Flow) -> String {
    let mut comments = flow.comments.clone();
    comments.sort_by_key(|c| c.span.start);
    let mut p = Printer {
        lines: Lines::new(&comments, "  ", crate::lines::anchors(flow)),
    };
    p.leading(flow.name.span.start, 0);
    // A sub-flow file opens with its header (the first item) in place of `flow NAME`.
    match flow.items.first() {
        Some(Item::Subflow(s)) => {
            p.line(0, &subflow_header(s));
            p.lines.trailing_after(s.span.end);
        }
        _ => {
            p.line(0, &format!("flow {}", flow.name.name));
            p.lines.trailing_after(flow.name.span.end);
        }
    }
    // The kind of the run the previous item is in, if it took one line.
    let mut previous: Option<&'static str> = None;
    for (i, item) in flow.items.iter().enumerate() {
        if matches!(item, Item::Subflow(_)) {
            continue;
        }
        let run = p.run_kind(item);
        if run.is_none() || run != previous {
            p.lines.blank();
        }
        previous = run;
        p.item(item, columns(&flow.items, i));
        p.lines.trailing_after(item_end(item));
    }
    p.lines.finish()
}

/// Writes the canonical text of a flow, with its comments.
pub(crate) struct Printer<'c> {
    lines: Lines<'c>,
}

impl Printer<'_> {
    pub(crate) fn line(&mut self, indent: usize, text: &str) {
        self.lines.line(indent, text);
    }

    pub(crate) fn leading(&mut self, before: usize, indent: usize) {
        self.lines.comments_before(before, indent);
    }

    pub(crate) fn has_comment(&self, span: Span) -> bool {
        self.lines.has_comment(span)
    }

    /// The kind of one-line item `item` is, for runs without blank lines; `None` when it takes
    /// more than one line.
    fn run_kind(&self, item: &Item) -> Option<&'static str> {
        match item {
            Item::Config(_) => Some("config"),
            Item::Var(_) => Some("var"),
            Item::Listener(l) => {
                let line = self.listener_line(l);
                (line.chars().count() <= WIDTH).then_some("listener")
            }
            Item::Block(b) => {
                let line = format!("block {} ", b.name.name);
                self.inline_block(&b.body, line.chars().count())
                    .map(|_| "block")
            }
            Item::Handler(h) => {
                let line = format!("{} ", expr::trigger(&h.trigger.kind));
                self.inline_block(&h.body, line.chars().count())
                    .map(|_| "handler")
            }
            Item::Intent(_) => Some("intent"),
            Item::Use(_) => Some("use"),
            Item::Prompts(_) | Item::State(_) | Item::Subflow(_) => None,
        }
    }

    fn item(&mut self, item: &Item, columns: (usize, usize)) {
        match item {
            Item::Use(u) => {
                self.leading(u.span.start, 0);
                self.line(0, &format!("use {}", expr::quote(&u.path.value)));
            }
            // Written as the file's first line.
            Item::Subflow(_) => {}
            Item::Config(c) => self.config(c, columns),
            Item::Var(v) => self.var(v, columns),
            Item::Prompts(p) => self.prompts(p),
            Item::Listener(l) => {
                self.leading(l.name.span.end, 0);
                let head = format!("listener {}", l.name.name);
                self.words(0, head, &l.args);
            }
            Item::Block(b) => {
                self.leading(b.span.start, 0);
                self.braced(0, &format!("block {}", b.name.name), &b.body);
            }
            Item::Handler(h) => self.handler(h, 0),
            Item::Intent(i) => {
                self.leading(i.span.start, 0);
                self.line(0, &intent_text(i));
            }
            Item::State(s) => {
                self.leading(s.span.start, 0);
                let head = format!("state {}", s.name.name);
                if s.enter.is_none() && s.handlers.is_empty() && !self.has_comment(s.span) {
                    self.line(0, &format!("{head} {{}}"));
                } else {
                    self.line(0, &format!("{head} {{"));
                    if let Some(enter) = &s.enter {
                        self.leading(enter.span.start, 1);
                        self.braced(1, "enter", enter);
                        self.lines.trailing_after(enter.span.end);
                    }
                    for h in &s.handlers {
                        self.handler(h, 1);
                    }
                    self.leading(s.span.end, 1);
                    self.line(0, "}");
                }
            }
        }
    }

    fn handler(&mut self, h: &crate::ast::Handler, indent: usize) {
        self.leading(h.span.start, indent);
        self.braced(indent, &expr::trigger(&h.trigger.kind), &h.body);
        self.lines.trailing_after(h.span.end);
    }

    fn config(&mut self, c: &ConfigDecl, (name_w, type_w): (usize, usize)) {
        self.leading(c.span.end, 0);
        let mut text = format!(
            "config {:name_w$} {:type_w$} = env {}",
            c.name.name,
            expr::type_ref(&c.ty),
            c.env.name
        );
        if let Some(default) = &c.default {
            text.push_str(" or ");
            text.push_str(&expr::expr(default));
        }
        self.line(0, &text);
    }

    fn var(&mut self, v: &VarDecl, (name_w, type_w): (usize, usize)) {
        self.leading(v.span.end, 0);
        let text = match &v.init {
            Some(init) => format!(
                "var {:name_w$} {:type_w$} = {}",
                v.name.name,
                expr::type_ref(&v.ty),
                expr::expr(init)
            ),
            None => format!("var {:name_w$} {}", v.name.name, expr::type_ref(&v.ty)),
        };
        self.line(0, text.trim_end());
    }

    fn prompts(&mut self, p: &PromptsDecl) {
        self.leading(p.span.start, 0);
        let head = format!("prompts in {}", p.bucket.name);
        if p.entries.is_empty() && !self.has_comment(p.span) {
            self.line(0, &format!("{head} {{}}"));
        } else {
            self.line(0, &format!("{head} {{"));
            let width = p
                .entries
                .iter()
                .map(|e| e.name.name.chars().count())
                .max()
                .unwrap_or(0);
            for e in &p.entries {
                self.leading(e.span.end, 1);
                let mut text = format!("{:width$} = ", e.name.name);
                expr::string(&mut text, &e.file.value);
                self.line(1, &text);
                self.lines.trailing_after(e.span.end);
            }
            self.leading(p.span.end, 1);
            self.line(0, "}");
        }
    }

    fn listener_line(&self, l: &crate::ast::ListenerDecl) -> String {
        let mut line = format!("listener {}", l.name.name);
        for a in &l.args {
            line.push(' ');
            line.push_str(&expr::arg(a));
        }
        line
    }
}

fn item_end(item: &Item) -> usize {
    match item {
        Item::Config(c) => c.span.end,
        Item::Prompts(p) => p.span.end,
        Item::Var(v) => v.span.end,
        Item::Listener(l) => l.span.end,
        Item::Block(b) => b.span.end,
        Item::Handler(h) => h.span.end,
        Item::State(s) => s.span.end,
        Item::Intent(i) => i.span.end,
        Item::Use(u) => u.span.end,
        Item::Subflow(s) => s.span.end,
    }
}

/// `subflow NAME(PARAM TYPE, ...) [returns TYPE]`
pub(crate) fn subflow_header(s: &crate::ast::SubflowDecl) -> String {
    let params: Vec<String> = s
        .params
        .iter()
        .map(|p| format!("{} {}", p.name.name, expr::type_ref(&p.ty)))
        .collect();
    let mut line = format!("subflow {}({})", s.name.name, params.join(", "));
    if let Some(result) = &s.result {
        line.push_str(" returns ");
        line.push_str(&expr::type_ref(result));
    }
    line
}

/// The name and type widths to align item `i` with the run of `config`s or `var`s it is in.
fn columns(items: &[Item], i: usize) -> (usize, usize) {
    let same_kind = |a: &Item, b: &Item| std::mem::discriminant(a) == std::mem::discriminant(b);
    let Some(item) = items.get(i) else {
        return (0, 0);
    };
    let start = (0..=i)
        .rev()
        .take_while(|&j| items.get(j).is_some_and(|x| same_kind(x, item)))
        .last()
        .unwrap_or(i);
    let run = items
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|x| same_kind(x, item));
    let mut widths = (0, 0);
    for x in run {
        let (name, ty, aligned) = match x {
            Item::Config(c) => (&c.name.name, expr::type_ref(&c.ty), true),
            Item::Var(v) => (&v.name.name, expr::type_ref(&v.ty), v.init.is_some()),
            _ => return (0, 0),
        };
        widths.0 = widths.0.max(name.chars().count());
        if aligned {
            widths.1 = widths.1.max(ty.chars().count());
        }
    }
    widths
}

/// `always COMMAND` / `never COMMAND` on one line, for both syntaxes.
pub(crate) fn intent_text(i: &crate::ast::IntentDecl) -> String {
    let command = crate::ast::Stmt {
        kind: crate::ast::StmtKind::Command(i.command.clone()),
        span: i.span,
    };
    let word = if i.always { "always" } else { "never" };
    format!("{word} {}", stmt::simple(&command).unwrap_or_default())
}

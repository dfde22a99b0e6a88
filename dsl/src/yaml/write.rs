//! AST -> YAML text (`dsl convert --to yaml`): sections in the order each kind of item first
//! appears, items in source order, every scalar on one line, comments kept.

mod value;

use super::quote::{Context, is_plain, scalar};
use crate::ast::{Block, Flow, Handler, Item, MatchArm, Stmt, StmtKind};
use crate::format::{WIDTH, format_expr};
use crate::format::{event, simple_statement};
use crate::lines::Lines;

/// The YAML form of a flow.
pub fn to_yaml(flow: &Flow) -> String {
    let mut comments = flow.comments.clone();
    comments.sort_by_key(|c| c.span.start);
    let mut w = Writer {
        lines: Lines::new(&comments, "  ", crate::lines::anchors(flow)),
    };
    w.lines.comments_before(flow.name.span.end, 0);
    w.line(
        0,
        &format!("flow: {}", scalar(&flow.name.name, Context::Block)),
    );
    let mut sections: Vec<&'static str> = Vec::new();
    for item in &flow.items {
        let section = section(item);
        if !sections.contains(&section) {
            sections.push(section);
        }
    }
    for section_name in sections {
        let first = flow.items.iter().find(|i| section(i) == section_name);
        w.lines
            .trailing_before(first.map_or(usize::MAX, |i| item_span(i).start));
        w.line(0, &format!("{section_name}:"));
        for item in flow.items.iter().filter(|i| section(i) == section_name) {
            w.item(item);
            w.lines.trailing_after(item_span(item).end);
        }
    }
    w.lines.finish()
}

fn item_span(item: &Item) -> crate::ast::Span {
    match item {
        Item::Config(c) => c.span,
        Item::Prompts(p) => p.span,
        Item::Var(v) => v.span,
        Item::Listener(l) => l.span,
        Item::Block(b) => b.span,
        Item::Handler(h) => h.span,
        Item::State(s) => s.span,
        Item::Intent(i) => i.span,
        Item::Use(u) => u.span,
        Item::Subflow(s) => s.span,
    }
}

fn section(item: &Item) -> &'static str {
    match item {
        Item::Config(_) => "config",
        Item::Prompts(_) => "prompts",
        Item::Var(_) => "vars",
        Item::Listener(_) => "listeners",
        Item::Block(_) => "blocks",
        Item::Handler(_) => "handlers",
        Item::State(_) => "states",
        Item::Intent(_) => "intents",
        Item::Use(_) => "uses",
        // A sub-flow file has no YAML form (`dsl convert` refuses it).
        Item::Subflow(_) => "subflow",
    }
}

struct Writer<'c> {
    lines: Lines<'c>,
}

impl Writer<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        self.lines.line(indent, text);
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Config(c) => {
                self.leaf_comments(c.span, 1);
                let fields = vec![
                    ("type", crate::format::type_text(&c.ty)),
                    ("env", c.env.name.clone()),
                ];
                let default = c.default.as_ref().map(|d| value::declared(d, &c.ty));
                self.line(
                    1,
                    &format!("{}: {}", key(&c.name.name), flow_map(&fields, default)),
                );
            }
            Item::Var(v) => {
                self.leaf_comments(v.span, 1);
                let fields = vec![("type", crate::format::type_text(&v.ty))];
                let init = v.init.as_ref().map(|i| value::declared(i, &v.ty));
                let init = init.map(|i| ("init", i));
                self.line(
                    1,
                    &format!("{}: {}", key(&v.name.name), flow_map_with(&fields, init)),
                );
            }
            Item::Listener(l) => {
                self.leaf_comments(l.span, 1);
                let value = value::listener(&l.args).unwrap_or_else(|| {
                    let args: Vec<String> = l.args.iter().map(crate::format::arg_text).collect();
                    scalar(&args.join(" "), Context::Block)
                });
                self.line(1, &format!("{}: {value}", key(&l.name.name)));
            }
            Item::Prompts(p) => {
                self.lines.comments_before(p.span.start, 1);
                self.line(
                    1,
                    &format!("- bucket: {}", scalar(&p.bucket.name, Context::Block)),
                );
                if p.entries.is_empty() {
                    self.line(2, "files: {}");
                    return;
                }
                self.line(2, "files:");
                for e in &p.entries {
                    self.leaf_comments(e.span, 3);
                    let file = scalar(&e.file.value, Context::Block);
                    self.line(3, &format!("{}: {file}", key(&e.name.name)));
                    self.lines.trailing_after(e.span.end);
                }
                self.lines.comments_before(p.span.end, 3);
            }
            Item::Block(b) => {
                self.lines.comments_before(b.span.start, 1);
                self.list(1, &key(&b.name.name), &b.body);
            }
            Item::Handler(h) => self.handler(1, h),
            Item::Use(u) => {
                self.leaf_comments(u.span, 1);
                self.line(1, &format!("- {}", scalar(&u.path.value, Context::Block)));
            }
            Item::Subflow(s) => {
                self.line(1, &format!("# {}", crate::format::subflow_header(s)));
            }
            Item::Intent(i) => {
                self.leaf_comments(i.span, 1);
                let text = crate::format::intent_text(i);
                self.line(1, &format!("- {}", scalar(&text, Context::Block)));
            }
            Item::State(s) => {
                self.lines.comments_before(s.span.start, 1);
                if s.enter.is_none() && s.handlers.is_empty() {
                    self.line(1, &format!("{}: {{}}", key(&s.name.name)));
                    return;
                }
                self.line(1, &format!("{}:", key(&s.name.name)));
                if let Some(enter) = &s.enter {
                    self.lines.comments_before(enter.span.start, 2);
                    self.list(2, "enter", enter);
                }
                if let Some(enter) = &s.enter {
                    self.lines.trailing_after(enter.span.end);
                }
                if !s.handlers.is_empty() {
                    self.line(2, "handlers:");
                    for h in &s.handlers {
                        self.handler(3, h);
                        self.lines.trailing_after(h.span.end);
                    }
                }
            }
        }
    }

    fn handler(&mut self, indent: usize, h: &Handler) {
        self.lines.comments_before(h.span.start, indent);
        self.list(indent, &key(&event(&h.trigger.kind)), &h.body);
    }

    /// `KEY: [STATEMENT]` for one short simple statement, else `KEY:` and the statements as a
    /// block list below it.
    fn list(&mut self, indent: usize, head: &str, block: &Block) {
        if block.stmts.is_empty() && !self.lines.has_comment(block.span) {
            self.line(indent, &format!("{head}: []"));
            return;
        }
        if let [one] = block.stmts.as_slice()
            && !self.lines.has_comment(block.span)
            && structured(one).is_none()
            && let Some(text) = simple_statement(one)
            && is_plain(&text, Context::Flow)
        {
            let line = format!("{head}: [{text}]");
            if indent * 2 + line.chars().count() <= WIDTH {
                self.line(indent, &line);
                return;
            }
        }
        self.line(indent, &format!("{head}:"));
        self.items(indent + 1, block);
    }

    /// The statements of a block as `- ...` lines, then the comments before its end.
    fn items(&mut self, indent: usize, block: &Block) {
        for stmt in &block.stmts {
            self.stmt(indent, stmt);
        }
        self.lines.comments_before(block.span.end, indent);
    }

    fn stmt(&mut self, indent: usize, stmt: &Stmt) {
        if let Some(fields) = structured(stmt) {
            self.leaf_comments(stmt.span, indent);
            for (i, (k, v)) in fields.iter().enumerate() {
                let lead = if i == 0 { "- " } else { "  " };
                let line = if v.is_empty() {
                    format!("{lead}{k}:")
                } else {
                    format!("{lead}{k}: {v}")
                };
                self.line(indent, &line);
            }
        } else if let Some(text) = simple_statement(stmt) {
            self.leaf_comments(stmt.span, indent);
            self.line(indent, &format!("- {}", scalar(&text, Context::Block)));
        } else {
            self.lines.comments_before(stmt.span.start, indent);
            self.compound(indent, "- ", stmt);
        }
        self.lines.trailing_after(stmt.span.end);
    }

    /// The comments before a node written on one line, and those inside it (which a YAML scalar
    /// cannot hold: they go on lines of their own before it).
    fn leaf_comments(&mut self, span: crate::ast::Span, indent: usize) {
        self.lines.comments_before(span.start, indent);
        self.lines.own_lines_before(span.end, indent);
    }

    /// An `if` or `match` as a map whose first line starts with `first` (`- ` in a list, nothing
    /// for the `else` of an `else if`); the other keys are one level in.
    fn compound(&mut self, indent: usize, first: &str, stmt: &Stmt) {
        let inner = if first.is_empty() { indent } else { indent + 1 };
        match &stmt.kind {
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.line(
                    indent,
                    &format!("{first}if: {}", scalar(&format_expr(cond), Context::Block)),
                );
                self.list(inner, "then", then);
                let Some(otherwise) = otherwise else {
                    return;
                };
                match otherwise.stmts.as_slice() {
                    [
                        inner_if @ Stmt {
                            kind: StmtKind::If { .. },
                            ..
                        },
                    ] => {
                        self.lines.comments_before(inner_if.span.start, inner + 1);
                        self.line(inner, "else:");
                        self.compound(inner + 1, "", inner_if);
                    }
                    _ => self.list(inner, "else", otherwise),
                }
            }
            StmtKind::Match {
                scrutinee,
                arms,
                otherwise,
            } => {
                let value = scalar(&format_expr(scrutinee), Context::Block);
                self.line(indent, &format!("{first}match: {value}"));
                if arms.is_empty() {
                    self.line(inner, "cases: []");
                } else {
                    self.line(inner, "cases:");
                    for arm in arms {
                        self.case(inner + 1, arm);
                        self.lines.trailing_after(arm.span.end);
                    }
                }
                if let Some(otherwise) = otherwise {
                    self.lines.comments_before(otherwise.span.start, inner);
                    self.list(inner, "else", otherwise);
                }
            }
            _ => {}
        }
    }

    fn case(&mut self, indent: usize, arm: &MatchArm) {
        self.lines.comments_before(arm.span.start, indent);
        self.line(
            indent,
            &format!("- when: {}", value::patterns(&arm.patterns)),
        );
        if let Some(guard) = &arm.guard {
            self.line(
                indent + 1,
                &format!("if: {}", scalar(&format_expr(guard), Context::Block)),
            );
        }
        self.list(indent + 1, "then", &arm.body);
    }
}

/// A mapping key: a name or a trigger.
fn key(text: &str) -> String {
    scalar(text, Context::Block)
}

/// A command written as a map of its verb and labels, when it can be.
fn structured(stmt: &Stmt) -> Option<Vec<(String, String)>> {
    match &stmt.kind {
        StmtKind::Command(c) => value::command(c),
        _ => None,
    }
}

/// `{type: text, env: PREFIX, default: originalAudio}`: names as flow scalars, then the value,
/// already written.
fn flow_map(fields: &[(&str, String)], default: Option<String>) -> String {
    flow_map_with(fields, default.map(|d| ("default", d)))
}

fn flow_map_with(fields: &[(&str, String)], last: Option<(&str, String)>) -> String {
    let mut parts: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), scalar(v, Context::Flow)))
        .collect();
    parts.extend(last.map(|(k, v)| (k.to_owned(), v)));
    value::flow_map(&parts)
}

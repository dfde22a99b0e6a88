//! Blocks and statements in the canonical layout: one-line forms where the rules in the module
//! above allow them, long commands broken before argument labels.

use super::expr::{self, arg, positional};
use super::{Printer, WIDTH};
use crate::ast::{Arg, AssignOp, Block, Command, MatchArm, Span, Stmt, StmtKind};

/// At most this many simple statements share a line.
const INLINE_STATEMENTS: usize = 3;
/// At most this many arms (the `else` arm included) share a line.
const INLINE_ARMS: usize = 4;

impl Printer<'_> {
    /// `HEAD { ... }`: on one line when the block allows it, else over several.
    pub(crate) fn braced(&mut self, indent: usize, head: &str, block: &Block) {
        let head_width = indent * 2 + head.chars().count() + 1;
        if let Some(inline) = self.inline_block(block, head_width) {
            self.line(indent, &format!("{head} {inline}"));
            return;
        }
        self.line(indent, &format!("{head} {{"));
        self.body(indent + 1, block);
        self.line(indent, "}");
    }

    /// The statements of a block, one per line, then the comments before its `}`.
    fn body(&mut self, indent: usize, block: &Block) {
        for stmt in &block.stmts {
            self.stmt(indent, stmt);
            self.lines.trailing_after(stmt.span.end);
        }
        self.leading(block.span.end, indent);
    }

    /// `{ a; b }` if `block` may take one line starting at column `column`.
    pub(crate) fn inline_block(&self, block: &Block, column: usize) -> Option<String> {
        if self.has_comment(block.span) {
            return None;
        }
        let text = match block.stmts.as_slice() {
            [] => "{}".to_owned(),
            [one] if !is_simple(one) => format!("{{ {} }}", self.inline_compound(one)?),
            stmts if stmts.len() <= INLINE_STATEMENTS => format!("{{ {} }}", simple_list(stmts)?),
            _ => return None,
        };
        (column + text.chars().count() <= WIDTH).then_some(text)
    }

    /// An `if` or `match` on one line, if its shape allows (its width is checked by the caller).
    fn inline_compound(&self, stmt: &Stmt) -> Option<String> {
        if self.has_comment(stmt.span) {
            return None;
        }
        match &stmt.kind {
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let mut text = format!("if {} {}", expr::expr(cond), inline_simple_block(then)?);
                if let Some(otherwise) = otherwise {
                    text.push_str(" else ");
                    text.push_str(&inline_simple_block(otherwise)?);
                }
                Some(text)
            }
            StmtKind::Match {
                scrutinee,
                arms,
                otherwise,
            } => {
                if arms.len() + usize::from(otherwise.is_some()) > INLINE_ARMS {
                    return None;
                }
                let mut parts = Vec::new();
                for a in arms {
                    parts.push(format!("{} -> {}", arm_head(a), single_simple(&a.body)?));
                }
                if let Some(otherwise) = otherwise {
                    parts.push(format!("else -> {}", single_simple(otherwise)?));
                }
                if parts.is_empty() {
                    return Some(format!("match {} {{}}", expr::expr(scrutinee)));
                }
                Some(format!(
                    "match {} {{ {} }}",
                    expr::expr(scrutinee),
                    parts.join("; ")
                ))
            }
            _ => None,
        }
    }

    fn stmt(&mut self, indent: usize, stmt: &Stmt) {
        let column = indent * 2;
        if is_simple(stmt) {
            match &stmt.kind {
                StmtKind::Command(c) => {
                    // Comments between arguments stay there (see `words`); those inside the verb
                    // and positional part cannot, and go before the command.
                    let head_end = c
                        .positional
                        .as_ref()
                        .map_or(c.verb.span.end, |p| p.span.end);
                    self.leading(stmt.span.start, indent);
                    self.lines.own_lines_before(head_end, indent);
                    self.command(indent, c);
                }
                _ => {
                    self.leading(stmt.span.start, indent);
                    self.lines.own_lines_before(stmt.span.end, indent);
                    let text = simple(stmt).unwrap_or_default();
                    self.line(indent, &text);
                }
            }
            return;
        }
        self.leading(stmt.span.start, indent);
        if let Some(text) = self.inline_compound(stmt)
            && column + text.chars().count() <= WIDTH
        {
            self.line(indent, &text);
            return;
        }
        match &stmt.kind {
            StmtKind::If { .. } => self.if_chain(indent, stmt),
            StmtKind::Match {
                scrutinee,
                arms,
                otherwise,
            } => {
                self.line(indent, &format!("match {} {{", expr::expr(scrutinee)));
                for a in arms {
                    self.leading(a.span.start, indent + 1);
                    self.arm(indent + 1, &arm_head(a), &a.body);
                    self.lines.trailing_after(a.span.end);
                }
                if let Some(otherwise) = otherwise {
                    self.leading(otherwise.span.start, indent + 1);
                    self.arm(indent + 1, "else", otherwise);
                }
                self.leading(stmt.span.end, indent + 1);
                self.line(indent, "}");
            }
            _ => {}
        }
    }

    /// `if C { ... } else if D { ... } else { ... }` over several lines.
    fn if_chain(&mut self, indent: usize, stmt: &Stmt) {
        let mut current = stmt;
        let mut head = String::from("if");
        loop {
            let StmtKind::If {
                cond,
                then,
                otherwise,
            } = &current.kind
            else {
                return;
            };
            self.line(indent, &format!("{head} {} {{", expr::expr(cond)));
            self.body(indent + 1, then);
            match otherwise {
                None => {
                    self.line(indent, "}");
                    return;
                }
                Some(block) => match block.stmts.as_slice() {
                    [
                        inner @ Stmt {
                            kind: StmtKind::If { .. },
                            ..
                        },
                    ] => {
                        self.leading(inner.span.start, indent + 1);
                        head = "} else if".to_owned();
                        current = inner;
                    }
                    _ => {
                        self.line(indent, "} else {");
                        self.body(indent + 1, block);
                        self.line(indent, "}");
                        return;
                    }
                },
            }
        }
    }

    /// `HEAD -> STATEMENT` when it fits on the line, else `HEAD -> { ... }`.
    fn arm(&mut self, indent: usize, head: &str, body: &Block) {
        if !self.has_comment(body.span) {
            let one = match body.stmts.as_slice() {
                [one] if is_simple(one) => simple(one),
                [one] => self.inline_compound(one),
                _ => None,
            };
            if let Some(one) = one {
                let text = format!("{head} -> {one}");
                if indent * 2 + text.chars().count() <= WIDTH {
                    self.line(indent, &text);
                    return;
                }
            }
        }
        self.braced(indent, &format!("{head} ->"), body);
    }

    /// A command, broken before argument labels when it is too long for one line.
    fn command(&mut self, indent: usize, c: &Command) {
        let mut head = c.verb.name.clone();
        if let Some(p) = &c.positional {
            head.push(' ');
            head.push_str(&positional(p));
        }
        self.words(indent, head, &c.args);
    }

    /// `HEAD LABEL VALUE ...`, filling lines up to the width; a continuation line starts with a
    /// label other than `on` (which there would start a handler), two columns further in. A
    /// comment between two arguments breaks the line there, so that it stays in its place.
    pub(crate) fn words(&mut self, indent: usize, head: String, args: &[Arg]) {
        let mut line = head;
        let mut line_indent = indent;
        let mut previous_end = None;
        for (i, a) in args.iter().enumerate() {
            // `on` is glued to what comes before it: it cannot start a line; nor can a word the
            // grammar does not take for a label, as the line would read as a statement of its own.
            let glued = is_glued(a);
            let text = arg(a);
            let between = previous_end.map(|end| Span::new(end, a.span.start));
            let comment = between.is_some_and(|span| self.has_comment(span));
            let width = line_indent * 2 + line.chars().count() + 1 + chunk_width(args, i);
            if !glued && (comment || width > WIDTH) {
                self.line(line_indent, &line);
                self.leading(a.span.start, indent + 1);
                line = text;
                line_indent = indent + 1;
            } else {
                line.push(' ');
                line.push_str(&text);
            }
            previous_end = Some(a.span.end);
        }
        self.line(line_indent, &line);
    }
}

/// Whether the argument must stay on the line of what comes before it.
fn is_glued(a: &Arg) -> bool {
    a.label.name == "on" || !expr::is_grammar_label(&a.label.name)
}

/// The width of argument `i` and the arguments glued after it.
fn chunk_width(args: &[Arg], i: usize) -> usize {
    let mut width = args.get(i).map_or(0, |a| arg(a).chars().count());
    for a in args.iter().skip(i + 1).take_while(|a| is_glued(a)) {
        width += 1 + arg(a).chars().count();
    }
    width
}

fn is_simple(stmt: &Stmt) -> bool {
    !matches!(stmt.kind, StmtKind::If { .. } | StmtKind::Match { .. })
}

/// A simple statement on one line; `None` for `if` and `match`.
pub(crate) fn simple(stmt: &Stmt) -> Option<String> {
    Some(match &stmt.kind {
        StmtKind::Command(c) => {
            let mut text = c.verb.name.clone();
            if let Some(p) = &c.positional {
                text.push(' ');
                text.push_str(&positional(p));
            }
            for a in &c.args {
                text.push(' ');
                text.push_str(&arg(a));
            }
            text
        }
        StmtKind::Assign { target, op, value } => {
            let op = match op {
                AssignOp::Set => "=",
                AssignOp::Add => "+=",
                AssignOp::Sub => "-=",
            };
            format!("{} {op} {}", target.name, expr::expr(value))
        }
        StmtKind::Goto(state) => format!("goto {}", state.name),
        StmtKind::Do(block) => format!("do {}", block.name),
        StmtKind::Note { kind, value } => match value {
            Some(v) => format!("note {} {}", kind.name, expr::expr(v)),
            None => format!("note {}", kind.name),
        },
        StmtKind::Continue => "continue".to_owned(),
        StmtKind::Done => "done".to_owned(),
        StmtKind::Run {
            subflow,
            args,
            into,
            then,
        } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| format!("{} = {}", a.name.name, expr::expr(&a.value)))
                .collect();
            let mut text = format!("run {}({})", subflow.name, args.join(", "));
            if let Some(var) = into {
                text.push_str(" into ");
                text.push_str(&var.name);
            }
            text.push_str(" then ");
            text.push_str(&then.name);
            text
        }
        StmtKind::Return(value) => match value {
            Some(v) => format!("return {}", expr::expr(v)),
            None => "return".to_owned(),
        },
        StmtKind::Allow { code, reason } => {
            let reason = crate::ast::Expr {
                kind: crate::ast::ExprKind::Str(reason.value.clone()),
                span: reason.span,
            };
            format!("allow {} {}", code.name, expr::expr(&reason))
        }
        StmtKind::If { .. } | StmtKind::Match { .. } => return None,
    })
}

/// `a; b` for one to three simple statements.
fn simple_list(stmts: &[Stmt]) -> Option<String> {
    if stmts.is_empty() || stmts.len() > INLINE_STATEMENTS {
        return None;
    }
    let parts: Option<Vec<String>> = stmts.iter().map(simple).collect();
    Some(parts?.join("; "))
}

/// `{ a; b }` or `{}` for a block of simple statements only.
fn inline_simple_block(block: &Block) -> Option<String> {
    if block.stmts.is_empty() {
        return Some("{}".to_owned());
    }
    Some(format!("{{ {} }}", simple_list(&block.stmts)?))
}

/// The one simple statement of an arm's body.
fn single_simple(block: &Block) -> Option<String> {
    match block.stmts.as_slice() {
        [one] => simple(one),
        _ => None,
    }
}

/// `PATTERN, PATTERN [if GUARD]`
fn arm_head(a: &MatchArm) -> String {
    let patterns: Vec<String> = a.patterns.iter().map(expr::expr).collect();
    let mut head = patterns.join(", ");
    if let Some(guard) = &a.guard {
        head.push_str(" if ");
        head.push_str(&expr::expr(guard));
    }
    head
}

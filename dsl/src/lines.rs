//! Output lines with the source's comments placed between them; shared by the formatter and the
//! YAML writer, which both walk a tree in source order.
//!
//! A comment that followed code on its line is appended to the last line written before it; any
//! other comment gets a line of its own before the next thing written. Both outputs so keep every
//! comment, in order, with its placement, and converting back and forth loses none.

use crate::ast::{Comment, Span};

pub(crate) struct Lines<'c> {
    out: String,
    comments: &'c [Comment],
    /// The first comment not yet written.
    next: usize,
    /// The string one level of indentation adds.
    unit: &'static str,
    /// Whether the last line written ends in a comment, which would swallow another.
    ends_in_comment: bool,
    /// Where each node of the tree starts, sorted: code that a comment may follow.
    anchors: Vec<usize>,
}

impl<'c> Lines<'c> {
    /// `comments` must be sorted by position.
    pub(crate) fn new(comments: &'c [Comment], unit: &'static str, anchors: Vec<usize>) -> Self {
        Self {
            anchors,
            out: String::new(),
            comments,
            next: 0,
            unit,
            ends_in_comment: false,
        }
    }

    pub(crate) fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str(self.unit);
        }
        self.out.push_str(text);
        self.out.push('\n');
        self.ends_in_comment = text.starts_with('#');
    }

    pub(crate) fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Writes the comments that start before `before`.
    pub(crate) fn comments_before(&mut self, before: usize, indent: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= before {
                break;
            }
            self.next += 1;
            if c.trailing && self.append(&c.text) {
                continue;
            }
            self.line(indent, &format!("#{}", c.text));
        }
    }

    /// Appends the comments that ended the line of a node ending at `end`: trailing comments with
    /// no other node starting between that end and them.
    pub(crate) fn trailing_after(&mut self, end: usize) {
        while let Some(c) = self.comments.get(self.next) {
            let next_anchor = self.anchors.partition_point(|&a| a < end);
            let code_between = self
                .anchors
                .get(next_anchor)
                .is_some_and(|&a| a < c.span.start);
            if !c.trailing || c.span.start < end || code_between || !self.append(&c.text) {
                break;
            }
            self.next += 1;
        }
    }

    /// Writes the comments before `before` each on a line of its own, trailing or not: for
    /// comments inside a construct written on one line.
    pub(crate) fn own_lines_before(&mut self, before: usize, indent: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= before {
                break;
            }
            self.next += 1;
            self.line(indent, &format!("#{}", c.text));
        }
    }

    /// Writes the comments before `before` that end a line of code, stopping at the first that
    /// takes a line of its own: a line about to be written must not collect them.
    pub(crate) fn trailing_before(&mut self, before: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= before || !c.trailing {
                break;
            }
            self.next += 1;
            if !self.append(&c.text) {
                self.line(0, &format!("#{}", c.text));
            }
        }
    }

    /// Appends a comment to the last non-blank line; false if there is none, or if that line
    /// already ends in a comment.
    fn append(&mut self, text: &str) -> bool {
        let body = self.out.trim_end_matches('\n');
        if body.is_empty() || self.ends_in_comment {
            return false;
        }
        self.ends_in_comment = true;
        let breaks = self.out.len() - body.len();
        self.out.truncate(body.len());
        self.out.push_str("  #");
        self.out.push_str(text);
        for _ in 0..breaks {
            self.out.push('\n');
        }
        true
    }

    /// Whether a comment not yet written lies inside `span`, which then cannot take one line.
    pub(crate) fn has_comment(&self, span: Span) -> bool {
        self.comments
            .get(self.next..)
            .unwrap_or_default()
            .iter()
            .any(|c| c.span.start >= span.start && c.span.start < span.end)
    }

    /// Writes the comments left, those on lines of their own after a blank line.
    pub(crate) fn finish(mut self) -> String {
        let mut blank = false;
        while let Some(c) = self.comments.get(self.next) {
            self.next += 1;
            if c.trailing && self.append(&c.text) {
                continue;
            }
            if !blank {
                self.blank();
                blank = true;
            }
            self.line(0, &format!("#{}", c.text));
        }
        self.out
    }
}

/// The start of every item, statement, prompt, arm and handler of a flow, sorted.
pub(crate) fn anchors(flow: &crate::ast::Flow) -> Vec<usize> {
    use crate::ast::{Block, Item, StmtKind};
    fn block(b: &Block, out: &mut Vec<usize>) {
        for s in &b.stmts {
            out.push(s.span.start);
            match &s.kind {
                StmtKind::If {
                    then, otherwise, ..
                } => {
                    block(then, out);
                    if let Some(o) = otherwise {
                        block(o, out);
                    }
                }
                StmtKind::Match {
                    arms, otherwise, ..
                } => {
                    for a in arms {
                        out.push(a.span.start);
                        block(&a.body, out);
                    }
                    if let Some(o) = otherwise {
                        out.push(o.span.start);
                        block(o, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = vec![flow.name.span.start];
    for item in &flow.items {
        match item {
            Item::Config(c) => out.push(c.span.start),
            Item::Var(v) => out.push(v.span.start),
            Item::Listener(l) => out.push(l.span.start),
            Item::Intent(i) => out.push(i.span.start),
            Item::Use(u) => out.push(u.span.start),
            Item::Subflow(s) => out.push(s.span.start),
            Item::Prompts(p) => {
                out.push(p.span.start);
                out.extend(p.entries.iter().map(|e| e.span.start));
            }
            Item::Block(b) => {
                out.push(b.span.start);
                block(&b.body, &mut out);
            }
            Item::Handler(h) => {
                out.push(h.span.start);
                block(&h.body, &mut out);
            }
            Item::State(s) => {
                out.push(s.span.start);
                if let Some(e) = &s.enter {
                    out.push(e.span.start);
                    block(e, &mut out);
                }
                for h in &s.handlers {
                    out.push(h.span.start);
                    block(&h.body, &mut out);
                }
            }
        }
    }
    out.sort_unstable();
    out
}

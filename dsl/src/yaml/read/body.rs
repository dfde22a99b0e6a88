//! Statement lists: a string is one simple statement in the text syntax; `if` and `match` are maps.

use super::Reader;
use super::command::Form;
use crate::ast::{Block, MatchArm, Stmt, StmtKind};
use crate::diagnostic::did_you_mean;
use crate::parse::{MAX_DEPTH, fragment};
use crate::yaml::node::{Node, NodeKind};

const STATEMENT: &str = "a statement: a command such as `{play: hello, to: caller}`, a string such as `goto talking`, or a map with `if` or `match`";

impl Reader<'_> {
    /// A list of statements.
    pub(crate) fn body(&mut self, node: &Node) -> Option<Block> {
        self.block_at(node, 0)
    }

    fn block_at(&mut self, node: &Node, depth: usize) -> Option<Block> {
        if depth > MAX_DEPTH {
            self.problems.push(crate::parse::nesting(node.span));
            return None;
        }
        let items = self.seq(node, "a list of statements")?;
        let mut stmts = Vec::new();
        let mut complete = true;
        for item in items {
            match self.stmt(item, depth) {
                Some(stmt) => stmts.push(stmt),
                None => complete = false,
            }
        }
        complete.then(|| Block {
            stmts,
            span: node.extent(),
        })
    }

    fn stmt(&mut self, node: &Node, depth: usize) -> Option<Stmt> {
        match &node.kind {
            NodeKind::Scalar(_) => {
                let (text, place) = self.text(node, STATEMENT)?;
                if let Some(word) = ["if", "match"].into_iter().find(|w| first_word(text) == *w) {
                    self.problems.push(compound_in_string(node, word));
                    return None;
                }
                let parsed = fragment::stmt(text, &place);
                self.keep(parsed)
            }
            NodeKind::Map(entries) => {
                let keys: Vec<&str> = entries
                    .iter()
                    .filter_map(|(k, _)| match &k.kind {
                        NodeKind::Scalar(s) => Some(s.as_str()),
                        _ => None,
                    })
                    .collect();
                if keys.contains(&"match") {
                    self.match_stmt(node, depth)
                } else if keys.contains(&"if") {
                    self.if_stmt(node, depth)
                } else if keys.iter().any(|k| interpreter::verb::find(k).is_some()) {
                    self.command(node, entries)
                } else {
                    self.problems.push(not_a_statement(node, &keys));
                    None
                }
            }
            _ => {
                self.shape(node, STATEMENT);
                None
            }
        }
    }

    /// `{if: COND, then: [...], else: [...] | {if: ...}}`
    fn if_stmt(&mut self, node: &Node, depth: usize) -> Option<Stmt> {
        let fields = self.fields(node, &["if", "then", "else"], "an `if`")?;
        let cond = self
            .require(&fields, "if", "an `if`")
            .and_then(|c| self.expr(c));
        let then = self
            .require(&fields, "then", "an `if`")
            .and_then(|t| self.block_at(t, depth + 1));
        let otherwise = match fields.get("else") {
            None => None,
            // `else: {if: ...}` is an `else if`; any other statement map is a block of one.
            Some(e) if matches!(e.kind, NodeKind::Map(_)) => {
                let inner = self.stmt(e, depth + 1)?;
                Some(Block {
                    span: e.extent(),
                    stmts: vec![inner],
                })
            }
            Some(e) => Some(self.block_at(e, depth + 1)?),
        };
        Some(Stmt {
            kind: StmtKind::If {
                cond: cond?,
                then: then?,
                otherwise,
            },
            span: node.extent(),
        })
    }

    /// `{match: EXPR, cases: [{when: 'PAT, PAT', if: GUARD, then: [...]}, ...], else: [...]}`
    fn match_stmt(&mut self, node: &Node, depth: usize) -> Option<Stmt> {
        let fields = self.fields(node, &["match", "cases", "else"], "a `match`")?;
        let scrutinee = self
            .require(&fields, "match", "a `match`")
            .and_then(|m| self.expr(m));
        let mut arms = Vec::new();
        let mut complete = true;
        let cases = fields
            .get("cases")
            .and_then(|c| self.seq(c, "a list of cases (`- when: ...`)"));
        for case in cases.unwrap_or_default() {
            match self.case(case, depth) {
                Some(arm) => arms.push(arm),
                None => complete = false,
            }
        }
        let otherwise = match fields.get("else") {
            Some(e) => Some(self.block_at(e, depth + 1)?),
            None => None,
        };
        let scrutinee = scrutinee?;
        complete.then(|| Stmt {
            kind: StmtKind::Match {
                scrutinee,
                arms,
                otherwise,
            },
            span: node.extent(),
        })
    }

    fn case(&mut self, node: &Node, depth: usize) -> Option<MatchArm> {
        let fields = self.fields(node, &["when", "if", "then"], "a case")?;
        // A value, or a list of values: one pattern each.
        let patterns = self
            .require(&fields, "when", "a case")
            .and_then(|w| match &w.kind {
                NodeKind::Seq(items) => items.iter().map(|i| self.value(i, Form::Value)).collect(),
                _ => self.value(w, Form::Value).map(|p| vec![p]),
            });
        let guard = match fields.get("if") {
            Some(g) => Some(self.expr(g)?),
            None => None,
        };
        let body = self
            .require(&fields, "then", "a case")
            .and_then(|t| self.block_at(t, depth + 1));
        Some(MatchArm {
            patterns: patterns?,
            guard,
            body: body?,
            span: node.extent(),
        })
    }
}

fn first_word(text: &str) -> &str {
    text.trim_start()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("")
}

fn compound_in_string(node: &Node, word: &str) -> crate::diagnostic::Problem {
    let example = if word == "if" {
        "{if: CONDITION, then: [...], else: [...]}"
    } else {
        "{match: VALUE, cases: [{when: PATTERNS, then: [...]}], else: [...]}"
    };
    crate::diagnostic::Problem::error(
        crate::codes::Code::YamlShape,
        format!("an `{word}` in YAML is a map, not a string"),
        node.span,
        format!("`{word}` written as a string"),
    )
    .with_help(format!("write it as a map: `{example}`"))
}

/// A map that is none of the statements: the nearest verb or keyword is suggested.
fn not_a_statement(node: &Node, keys: &[&str]) -> crate::diagnostic::Problem {
    let first = keys.first().copied().unwrap_or("");
    let words = interpreter::verb::VERBS
        .iter()
        .map(|v| v.keyword)
        .chain(["if", "match"]);
    let problem = crate::diagnostic::Problem::error(
        crate::codes::Code::YamlUnknownKey,
        format!("`{first}` does not start a statement"),
        node.span,
        "not a command, `if` or `match`",
    );
    match did_you_mean(first, words) {
        Some(near) => problem.with_help(format!("did you mean `{near}`?")),
        None => problem.with_help(format!("expected {STATEMENT}")),
    }
}

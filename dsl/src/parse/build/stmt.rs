//! Statements and blocks: pairs -> `Stmt` and `Block`.

use super::args::ArgsOf;
use super::{Builder, Built, Children};
use crate::ast::{AssignOp, Block, Command, MatchArm, RunArg, Span, Stmt, StmtKind};
use crate::codes::Code;
use crate::diagnostic::Problem;
use crate::grammar::Rule;
use pest::iterators::Pair;

impl Builder<'_> {
    /// `block`: `{ STMT ... }`.
    pub(crate) fn block(&mut self, pair: Pair<'_, Rule>) -> Built<Block> {
        let span = self.span_of(&pair);
        self.nested(span, |b| {
            let mut c = Children::of(pair);
            let mut stmts = Vec::new();
            while c.peek_rule().is_some() {
                stmts.push(b.stmt(c.next_any(b)?)?);
            }
            Ok(Block { stmts, span })
        })
    }

    /// One statement pair (any of the rules `stmt` chooses from).
    pub(crate) fn stmt(&mut self, pair: Pair<'_, Rule>) -> Built<Stmt> {
        let span = self.span_of(&pair);
        let rule = pair.as_rule();
        let mut c = Children::of(pair.clone());
        let kind = match rule {
            Rule::if_stmt => return self.if_stmt(pair),
            Rule::match_stmt => self.match_stmt(c)?,
            Rule::goto_stmt => {
                c.expect(Rule::kw_goto, self)?;
                StmtKind::Goto(self.ident(&c.expect(Rule::ident, self)?))
            }
            Rule::do_stmt => {
                c.expect(Rule::kw_do, self)?;
                StmtKind::Do(self.ident(&c.expect(Rule::ident, self)?))
            }
            Rule::note_stmt => {
                c.expect(Rule::kw_note, self)?;
                let kind = self.ident(&c.expect(Rule::note_kind, self)?);
                let value = match c.take(Rule::expr) {
                    Some(e) => Some(self.expr(e)?),
                    None => None,
                };
                StmtKind::Note { kind, value }
            }
            Rule::allow_stmt => {
                c.expect(Rule::w_allow, self)?;
                let code = self.ident(&c.expect(Rule::code_path, self)?);
                let reason = self.str_lit(c.expect(Rule::string, self)?)?;
                StmtKind::Allow { code, reason }
            }
            Rule::run_stmt => {
                c.expect(Rule::w_run, self)?;
                let subflow = self.ident(&c.expect(Rule::ident, self)?);
                let mut args = Vec::new();
                while let Some(arg) = c.take(Rule::run_arg) {
                    let span = self.span_of(&arg);
                    let mut a = Children::of(arg);
                    let name = self.ident(&a.expect(Rule::ident, self)?);
                    let value = self.expr(a.expect(Rule::expr, self)?)?;
                    args.push(RunArg { name, value, span });
                }
                let into = match c.take(Rule::w_into) {
                    Some(_) => Some(self.ident(&c.expect(Rule::ident, self)?)),
                    None => None,
                };
                c.expect(Rule::w_then, self)?;
                let then = self.ident(&c.expect(Rule::ident, self)?);
                StmtKind::Run {
                    subflow,
                    args,
                    into,
                    then,
                }
            }
            Rule::return_stmt => {
                c.expect(Rule::w_return, self)?;
                match c.take(Rule::expr) {
                    Some(e) => StmtKind::Return(Some(self.expr(e)?)),
                    None => StmtKind::Return(None),
                }
            }
            Rule::continue_stmt => StmtKind::Continue,
            Rule::done_stmt => StmtKind::Done,
            Rule::assign_stmt => {
                let target = self.ident(&c.expect(Rule::ident, self)?);
                let op = match c.expect(Rule::assign_op, self)?.as_str() {
                    "+=" => AssignOp::Add,
                    "-=" => AssignOp::Sub,
                    _ => AssignOp::Set,
                };
                let value = self.expr(c.expect(Rule::expr, self)?)?;
                StmtKind::Assign { target, op, value }
            }
            Rule::command => StmtKind::Command(self.command(c)?),
            _ => return Err(self.unexpected(pair.as_span())),
        };
        Ok(Stmt { kind, span })
    }

    /// `if COND { ... } [else if ... | else { ... }]`; an `else if` is an `else` block holding
    /// the inner `if`.
    fn if_stmt(&mut self, pair: Pair<'_, Rule>) -> Built<Stmt> {
        let span = self.span_of(&pair);
        self.nested(span, |b| {
            let mut c = Children::of(pair);
            c.expect(Rule::kw_if, b)?;
            let cond = b.expr(c.expect(Rule::expr, b)?)?;
            let then = b.block(c.expect(Rule::block, b)?)?;
            let otherwise = match c.take(Rule::kw_else) {
                None => None,
                Some(_) => {
                    let next = c.next_any(b)?;
                    match next.as_rule() {
                        Rule::block => Some(b.block(next)?),
                        Rule::if_stmt => {
                            let inner = b.if_stmt(next)?;
                            Some(Block {
                                span: inner.span,
                                stmts: vec![inner],
                            })
                        }
                        _ => return Err(b.unexpected(next.as_span())),
                    }
                }
            };
            Ok(Stmt {
                kind: StmtKind::If {
                    cond,
                    then,
                    otherwise,
                },
                span,
            })
        })
    }

    /// `match EXPR { ARM ... }`; the `else` arm becomes `otherwise` and must come last.
    fn match_stmt(&mut self, mut c: Children<'_>) -> Built<StmtKind> {
        c.expect(Rule::kw_match, self)?;
        let scrutinee = self.expr(c.expect(Rule::expr, self)?)?;
        let mut arms = Vec::new();
        let mut otherwise: Option<(Span, Block)> = None;
        while let Some(arm) = c.take(Rule::match_arm) {
            let arm_span = self.span_of(&arm);
            let mut a = Children::of(arm);
            if let Some(keyword) = a.take(Rule::match_else) {
                let keyword = self.span_of(&keyword);
                let body = self.arm_body(a.next_any(self)?)?;
                match &otherwise {
                    Some((first, _)) => {
                        self.problems
                            .push(match_else(keyword, *first, "a second `else` arm"))
                    }
                    None => otherwise = Some((keyword, body)),
                }
                continue;
            }
            if let Some((first, _)) = &otherwise {
                self.problems
                    .push(match_else(arm_span, *first, "an arm after the `else` arm"));
            }
            let mut patterns = Vec::new();
            let mut list = Children::of(a.expect(Rule::pattern_list, self)?);
            while let Some(pattern) = list.take(Rule::expr) {
                patterns.push(self.expr(pattern)?);
            }
            let guard = match a.take(Rule::kw_if) {
                Some(_) => Some(self.expr(a.expect(Rule::expr, self)?)?),
                None => None,
            };
            let body = self.arm_body(a.next_any(self)?)?;
            arms.push(MatchArm {
                patterns,
                guard,
                body,
                span: arm_span,
            });
        }
        Ok(StmtKind::Match {
            scrutinee,
            arms,
            otherwise: otherwise.map(|(_, body)| body),
        })
    }

    /// An arm's body: a block, or one statement standing for a block of one.
    pub(crate) fn arm_body(&mut self, pair: Pair<'_, Rule>) -> Built<Block> {
        if pair.as_rule() == Rule::block {
            return self.block(pair);
        }
        let stmt = self.stmt(pair)?;
        Ok(Block {
            span: stmt.span,
            stmts: vec![stmt],
        })
    }

    /// `always COMMAND` / `never COMMAND`.
    pub(crate) fn intent(&mut self, pair: Pair<'_, Rule>) -> Built<crate::ast::IntentDecl> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        let always = c.take(Rule::w_always).is_some();
        if !always {
            c.expect(Rule::w_never, self)?;
        }
        // A property names its own labels (`listen on LEG`), so they are read by word, not by
        // the verb's table.
        let mut cc = Children::of(c.expect(Rule::command, self)?);
        let verb = self.verb(&cc.expect(Rule::verb, self)?);
        let (positional, args) = self.command_args(ArgsOf::Unknown, &mut cc)?;
        let command = Command {
            verb,
            positional,
            args,
        };
        Ok(crate::ast::IntentDecl {
            always,
            command,
            span,
        })
    }

    /// `VERB [POSITIONAL, ...] [LABEL EXPR]...`; several positional values make one list.
    fn command(&mut self, mut c: Children<'_>) -> Built<Command> {
        let verb = self.verb(&c.expect(Rule::verb, self)?);
        let of = interpreter::verb::find(&verb.name).map_or(ArgsOf::Unknown, ArgsOf::Verb);
        let (positional, args) = self.command_args(of, &mut c)?;
        Ok(Command {
            verb,
            positional,
            args,
        })
    }
}

fn match_else(at: Span, first_else: Span, what: &str) -> Problem {
    Problem::error(
        Code::ParseMatchElse,
        "the `else` arm of a `match` must be its last arm",
        at,
        what.to_owned(),
    )
    .with_label(first_else, "the `else` arm")
    .with_help("keep one `else` arm and move it to the end of the `match`")
}

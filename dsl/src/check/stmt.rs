//! Statements and blocks: assignments, control flow, `goto`, `do`, notes, lowered to IR
//! statements; commands are lowered in `command`.

use super::Checker;
use super::scope::Named;
use super::ty::Ty;
use crate::ast::{self, AssignOp, StmtKind};
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use interpreter::ir::{self, Note, Stmt};

impl Checker<'_> {
    pub(super) fn lower_block(&mut self, block: &ast::Block) -> ir::Block {
        let mut out = Vec::new();
        let mut ended: Option<ast::Span> = None;
        let mut warned = false;
        for stmt in &block.stmts {
            if let Some(end) = ended
                && !warned
            {
                warned = true;
                self.report(
                    Problem::warning(
                        Code::CheckUnreachableCode,
                        "this statement never runs",
                        stmt.span,
                        "unreachable",
                    )
                    .with_label(end, "the handler ends here")
                    .with_help("remove it, or move it before the `goto` or `done`"),
                );
            }
            if matches!(stmt.kind, StmtKind::Goto(_) | StmtKind::Done) {
                ended = ended.or(Some(stmt.span));
            }
            // A choice of values (`if C then A else B`) is the statement written twice, under
            // an `if`: the run time has no such expression, and each copy is checked alone.
            let split = self.split_choice(stmt);
            let lowered = self.lower_stmt(split.as_ref().unwrap_or(stmt));
            // A `do` lowers to the block's own statements, located in the block.
            if !matches!(stmt.kind, StmtKind::Do(_)) {
                self.stmt_spans
                    .extend(std::iter::repeat_n(stmt.span, lowered.len()));
            }
            out.extend(lowered);
        }
        ir::Block(out)
    }

    fn lower_stmt(&mut self, stmt: &ast::Stmt) -> Vec<Stmt> {
        match &stmt.kind {
            StmtKind::Command(cmd) => self.lower_command(cmd, stmt.span),
            StmtKind::Assign { target, op, value } => {
                self.lower_assign(target, *op, value).into_iter().collect()
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let cond = self.typed(cond, &Ty::BOOL);
                let then = self.lower_block(then);
                let otherwise = otherwise
                    .as_ref()
                    .map(|b| self.lower_block(b))
                    .unwrap_or_default();
                vec![Stmt::If {
                    cond,
                    then,
                    otherwise,
                }]
            }
            StmtKind::Match {
                scrutinee,
                arms,
                otherwise,
            } => {
                let (scrutinee_ir, ty) = self.expr(scrutinee);
                let mut lowered = Vec::new();
                for arm in arms {
                    let mut patterns = Vec::new();
                    for p in &arm.patterns {
                        let (pat, pt) = self.expr(p);
                        if !ty.comparable(&pt) {
                            self.report(
                                Problem::error(
                                    Code::CheckTypeMismatch,
                                    format!("this pattern is {pt}, but the value matched is {ty}"),
                                    p.span,
                                    format!("this is {pt}"),
                                )
                                .with_label(scrutinee.span, format!("this is {ty}")),
                            );
                        }
                        patterns.push(pat);
                    }
                    let guard = arm.guard.as_ref().map(|g| self.typed(g, &Ty::BOOL));
                    let body = self.lower_block(&arm.body);
                    lowered.push(ir::Arm {
                        patterns,
                        guard,
                        body,
                    });
                }
                let otherwise = otherwise
                    .as_ref()
                    .map(|b| self.lower_block(b))
                    .unwrap_or_default();
                vec![Stmt::Match {
                    scrutinee: scrutinee_ir,
                    arms: lowered,
                    otherwise,
                }]
            }
            StmtKind::Goto(name) => match self.scope.state(&name.name) {
                Some(id) => vec![Stmt::Goto(id)],
                None => {
                    let mut p = Problem::error(
                        Code::CheckUnknownState,
                        format!("unknown state `{}`", name.name),
                        name.span,
                        "no such state",
                    );
                    let candidates: Vec<&str> = self.scope.state_names().collect();
                    p = match did_you_mean(&name.name, candidates) {
                        Some(s) => p.with_help(format!("did you mean `{s}`?")),
                        None => p.with_help(format!("declare it: `state {} {{ ... }}`", name.name)),
                    };
                    self.report(p);
                    Vec::new()
                }
            },
            StmtKind::Do(name) => self.lower_do(name),
            StmtKind::Note { kind, value } => self
                .lower_note(kind, value.as_ref(), stmt.span)
                .into_iter()
                .collect(),
            StmtKind::Continue => {
                if !self.ctx.in_failure {
                    self.report(
                        Problem::error(
                            Code::CheckContinueOutsideFailure,
                            "`continue` only means something after a failure",
                            stmt.span,
                            "not in an `on failed` handler",
                        )
                        .with_help(
                            "`continue` sends again the rest of the list in which an action failed",
                        ),
                    );
                }
                vec![Stmt::Continue]
            }
            StmtKind::Done => vec![Stmt::Done],
            // Read by the path analyses from the source; nothing runs.
            StmtKind::Allow { .. } => Vec::new(),
            // Expanded before checking (`crate::subflow`), which reports what it cannot expand.
            StmtKind::Run { .. } | StmtKind::Return(_) => Vec::new(),
        }
    }

    fn lower_assign(
        &mut self,
        target: &ast::Ident,
        op: AssignOp,
        value: &ast::Expr,
    ) -> Option<Stmt> {
        let id = match self.scope.value(&target.name) {
            Some(Named::Var(id)) => id,
            Some(Named::Config(_)) => {
                self.report(
                    Problem::error(
                        Code::CheckAssignToConfig,
                        format!("`{}` is a config value and cannot change", target.name),
                        target.span,
                        "read from the environment at start-up",
                    )
                    .with_help(format!("declare a variable: `var {} ...`", target.name)),
                );
                return None;
            }
            Some(_) => {
                self.report(Problem::error(
                    Code::CheckAssignToConfig,
                    format!("`{}` cannot be assigned", target.name),
                    target.span,
                    "not a variable",
                ));
                return None;
            }
            None => {
                self.unknown_value(target, "variable");
                return None;
            }
        };
        self.used_values.insert(Named::Var(id));
        let ty = self
            .scope
            .vars
            .get(usize::from(id))
            .map_or(Ty::Error, |v| Ty::of_declared(&v.ty.name.name));
        let rhs = self.typed(value, &ty);
        let value = match op {
            AssignOp::Set => rhs,
            AssignOp::Add | AssignOp::Sub => {
                if !(ty.fits(&Ty::INT) || ty.fits(&Ty::DURATION)) || ty == Ty::None {
                    self.report(Problem::error(
                        Code::CheckTypeMismatch,
                        format!("cannot add to {ty}"),
                        target.span,
                        format!("this is {ty}"),
                    ));
                }
                let bin = if op == AssignOp::Add {
                    ir::BinaryOp::Add
                } else {
                    ir::BinaryOp::Sub
                };
                ir::Expr::Binary(bin, Box::new(ir::Expr::Var(id)), Box::new(rhs))
            }
        };
        Some(Stmt::Assign { var: id, value })
    }

    fn lower_do(&mut self, name: &ast::Ident) -> Vec<Stmt> {
        let Some((id, block)) = self.scope.block(&name.name) else {
            let mut p = Problem::error(
                Code::CheckUnknownBlock,
                format!("unknown block `{}`", name.name),
                name.span,
                "no such block",
            );
            let candidates: Vec<&str> = self.scope.block_names().collect();
            if let Some(s) = did_you_mean(&name.name, candidates) {
                p = p.with_help(format!("did you mean `{s}`?"));
            }
            self.report(p);
            return Vec::new();
        };
        self.used_blocks.insert(id);
        if self.block_stack.contains(&id) {
            self.report(
                Problem::error(
                    Code::CheckRecursiveBlock,
                    format!("the block `{}` runs itself", name.name),
                    name.span,
                    "runs a block that is already running",
                )
                .with_label(block.name.span, "this block")
                .with_help("a block is copied where it is used; use a state and `goto` to repeat"),
            );
            return Vec::new();
        }
        self.block_stack.push(id);
        let body = self.lower_block(&block.body);
        self.block_stack.pop();
        body.0
    }

    fn lower_note(
        &mut self,
        kind: &ast::Ident,
        value: Option<&ast::Expr>,
        span: ast::Span,
    ) -> Option<Stmt> {
        const KINDS: &[&str] = &["inbound", "outbound", "answered", "failed"];
        let note = match kind.name.as_str() {
            "inbound" | "outbound" => {
                if let Some(v) = value {
                    self.report(Problem::error(
                        Code::CheckUnknownArgument,
                        format!("`note {}` takes no value", kind.name),
                        v.span,
                        "not expected",
                    ));
                }
                if kind.name == "inbound" {
                    Note::Inbound
                } else {
                    Note::Outbound
                }
            }
            "answered" => {
                let Some(v) = value else {
                    self.report(
                        Problem::error(
                            Code::CheckMissingArgument,
                            "`note answered` needs the number that answered",
                            span,
                            "no number",
                        )
                        .with_help("write `note answered callee.number`"),
                    );
                    return None;
                };
                // The callee's number: an outcome or a choice is a fact (`note outcome "..."`).
                Note::Answered(self.typed(v, &Ty::PHONE))
            }
            "failed" => Note::Failed(value.map(|v| self.typed(v, &Ty::TEXT))),
            // Any other name with a value is a fact of the flow's own, unless it looks like a
            // misspelt built-in one.
            other if value.is_some() && did_you_mean(other, KINDS.iter().copied()).is_none() => {
                let v = value?;
                let (lowered, ty) = self.expr(v);
                // Stored as text: any value, but not a prompt, a listener or both legs.
                if !matches!(ty, Ty::Value(_) | Ty::None | Ty::Error) {
                    self.mismatch(v.span, &Ty::TEXT, &ty);
                }
                Note::Fact(other.to_owned(), lowered)
            }
            other => {
                let mut p = Problem::error(
                    Code::CheckUnknownNote,
                    format!("unknown note `{other}`"),
                    kind.span,
                    "not a call-record fact",
                );
                p = match did_you_mean(other, KINDS.iter().copied()) {
                    Some(s) => p.with_help(format!("did you mean `{s}`?")),
                    None => p.with_help(
                        "a note is `inbound`, `outbound`, `answered NUMBER`, `failed [REASON]`, \
                         or a fact of the flow's own with its value (`note outcome \"confirmed\"`)",
                    ),
                };
                self.report(p);
                return None;
            }
        };
        Some(Stmt::Note(note))
    }
}

impl Checker<'_> {
    /// A statement whose own values hold a choice (`if C then A else B`), as `if C { S[A] } else
    /// { S[B] }`; `None` when there is none. Both sides must be of one type. Choices in a
    /// statement's nested blocks are split where those are lowered.
    fn split_choice(&mut self, stmt: &ast::Stmt) -> Option<ast::Stmt> {
        let mut then = stmt.clone();
        let mut otherwise = stmt.clone();
        let (cond, a, b) = first_choice(&mut then.kind, true)?;
        first_choice(&mut otherwise.kind, false)?;
        let (_, at) = self.expr(&a);
        let (_, bt) = self.expr(&b);
        if !at.comparable(&bt) {
            self.report(
                Problem::error(
                    Code::CheckTypeMismatch,
                    format!("the two values of a choice differ: {at} and {bt}"),
                    b.span,
                    format!("this is {bt}"),
                )
                .with_label(a.span, format!("this is {at}"))
                .with_help("give both sides of `then` and `else` the same type"),
            );
        }
        let block = |s: ast::Stmt| ast::Block {
            span: s.span,
            stmts: vec![s],
        };
        Some(ast::Stmt {
            kind: StmtKind::If {
                cond,
                then: block(then),
                otherwise: Some(block(otherwise)),
            },
            span: stmt.span,
        })
    }
}

/// Replaces the first choice among a statement's own values by one of its sides; gives its
/// condition and both sides.
fn first_choice(kind: &mut StmtKind, take_then: bool) -> Option<(ast::Expr, ast::Expr, ast::Expr)> {
    let values: Vec<&mut ast::Expr> = match kind {
        StmtKind::Command(c) => c
            .positional
            .iter_mut()
            .chain(c.args.iter_mut().map(|a| &mut a.value))
            .collect(),
        StmtKind::Assign { value, .. } => vec![value],
        StmtKind::If { cond, .. } => vec![cond],
        StmtKind::Match { scrutinee, .. } => vec![scrutinee],
        StmtKind::Note { value, .. } => value.iter_mut().collect(),
        _ => Vec::new(),
    };
    values
        .into_iter()
        .find_map(|e| replace_choice(e, take_then))
}

fn replace_choice(e: &mut ast::Expr, take_then: bool) -> Option<(ast::Expr, ast::Expr, ast::Expr)> {
    use ast::ExprKind;
    if let ExprKind::Cond {
        cond,
        then,
        otherwise,
    } = &e.kind
    {
        let found = ((**cond).clone(), (**then).clone(), (**otherwise).clone());
        *e = if take_then {
            found.1.clone()
        } else {
            found.2.clone()
        };
        return Some(found);
    }
    match &mut e.kind {
        ExprKind::List(items) | ExprKind::Call(_, items) => {
            items.iter_mut().find_map(|i| replace_choice(i, take_then))
        }
        ExprKind::Field(base, _) | ExprKind::Unary(_, base) => replace_choice(base, take_then),
        ExprKind::Binary(_, a, b) => {
            replace_choice(a, take_then).or_else(|| replace_choice(b, take_then))
        }
        ExprKind::Is { subject, .. } => replace_choice(subject, take_then),
        _ => None,
    }
}

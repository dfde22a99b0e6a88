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
            let lowered = self.lower_stmt(stmt);
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

//! A `run`: its arguments held to the sub-flow's parameters, its `into` to the result type, and
//! a fresh copy of the sub-flow's states made for it.

use super::load;
use super::rename;
use super::{ArgSite, Ctx, Expander, MAX_INSTANCES, assign};
use crate::ast::{self, Item, Span};
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use std::collections::HashMap;

/// A `run` as written.
pub(crate) struct Call {
    pub subflow: ast::Ident,
    pub args: Vec<ast::RunArg>,
    pub into: Option<ast::Ident>,
    pub then: ast::Ident,
    pub span: Span,
}

impl Expander<'_> {
    /// A `run`: a fresh copy of the sub-flow, its parameters bound, entered by `goto`.
    pub(super) fn run(&mut self, call: &Call, ctx: &Ctx) -> Vec<ast::Stmt> {
        let Some(&index) = ctx.visible.get(&call.subflow.name) else {
            if ctx.visible.contains_key(load::FAILED_USE) {
                // A `use` of this file failed (reported there): the name may be its.
                return Vec::new();
            }
            let mut p = Problem::error(
                Code::ImportUnknownSubflow,
                format!("unknown sub-flow `{}`", call.subflow.name),
                call.subflow.span,
                "not a sub-flow of a `use`d file",
            );
            let names: Vec<&str> = ctx
                .visible
                .keys()
                .map(String::as_str)
                .filter(|n| *n != load::FAILED_USE)
                .collect();
            p = match did_you_mean(&call.subflow.name, names) {
                Some(s) => p.with_help(format!("did you mean `{s}`?")),
                None => p.with_help("add `use \"FILE.flow\"` for the file that defines it"),
            };
            self.report(p);
            return Vec::new();
        };
        let Some(sub) = self.lib.subflows.get(index) else {
            return Vec::new();
        };
        self.instances += 1;
        if self.instances > MAX_INSTANCES {
            self.report(
                Problem::error(
                    Code::ImportCycle,
                    format!("more than {MAX_INSTANCES} copies of sub-flows"),
                    call.span,
                    "one copy too many",
                )
                .with_help("a sub-flow is copied at each `run`: run it from fewer places"),
            );
            return Vec::new();
        }
        let count = self.counts.entry(sub.decl.name.name.clone()).or_insert(0);
        *count += 1;
        let prefix = format!("{}#{count}", sub.decl.name.name);
        let (mut out, bound) = self.bind(call, sub, &prefix, ctx);
        let Some(into) = self.into(call, sub, ctx) else {
            return out;
        };
        let renaming = rename::Renaming::new(sub, &prefix, call, into, &bound);
        let Some(first) = sub.flow.items.iter().find_map(|i| match i {
            Item::State(s) => Some(s.name.clone()),
            _ => None,
        }) else {
            self.report(
                Problem::error(
                    Code::ImportNotASubflow,
                    format!("the sub-flow `{}` has no state", sub.decl.name.name),
                    sub.decl.name.span,
                    "nothing to run",
                )
                .with_help("a sub-flow starts in its first `state`"),
            );
            return out;
        };
        // Local variables start again at each run.
        for item in &sub.flow.items {
            if let Item::Var(v) = item {
                let value = v.init.clone().unwrap_or(ast::Expr {
                    kind: ast::ExprKind::None,
                    span: v.name.span,
                });
                out.push(assign(renaming.name(&v.name), value, call.span));
            }
        }
        out.push(ast::Stmt {
            kind: ast::StmtKind::Goto(ast::Ident::new(renaming.name(&first).name, call.span)),
            span: call.span,
        });
        let inner = Ctx {
            visible: sub.visible.clone(),
            vars: renaming.var_types(),
            rename: Some(renaming),
        };
        for item in &sub.flow.items {
            let mut copy = match item {
                Item::Var(_) | Item::Block(_) | Item::State(_) => item.clone(),
                _ => continue,
            };
            if let Some(r) = &inner.rename {
                r.item(&mut copy, &mut self.problems);
            }
            self.item(&mut copy, &inner);
            self.added.push(copy);
        }
        for p in &sub.decl.params {
            if !bound.contains_key(&p.name.name) {
                self.added.push(Item::Var(ast::VarDecl {
                    name: ast::Ident::new(format!("{prefix}.{}", p.name.name), p.name.span),
                    ty: p.ty.clone(),
                    init: None,
                    span: p.span,
                }));
            }
        }
        out
    }

    /// The arguments checked against the parameters. An argument that is the same on every
    /// event (a literal, a config value, a prompt) stands in for its parameter where it is used;
    /// any other is assigned to a variable of the copy when the `run` runs. Gives those
    /// assignments, and the arguments that stand in, by parameter.
    fn bind(
        &mut self,
        call: &Call,
        sub: &load::Subflow,
        prefix: &str,
        ctx: &Ctx,
    ) -> (Vec<ast::Stmt>, HashMap<String, ast::Expr>) {
        let mut out = Vec::new();
        let mut bound = HashMap::new();
        let name = &sub.decl.name.name;
        let mut given: Vec<&str> = Vec::new();
        for arg in &call.args {
            let Some(param) = sub
                .decl
                .params
                .iter()
                .find(|p| p.name.name == arg.name.name)
            else {
                let mut p = Problem::error(
                    Code::ImportUnknownParameter,
                    format!("`{name}` has no parameter `{}`", arg.name.name),
                    arg.name.span,
                    "no such parameter",
                );
                let names = sub.decl.params.iter().map(|p| p.name.name.as_str());
                p = match did_you_mean(&arg.name.name, names) {
                    Some(s) => p.with_help(format!("did you mean `{s}`?")),
                    None => p.with_help(format!("its parameters are: {}", params_text(sub))),
                };
                self.report(p);
                continue;
            };
            if given.contains(&arg.name.name.as_str()) {
                self.report(Problem::error(
                    Code::CheckDuplicateArgument,
                    format!("`{}` is given twice", arg.name.name),
                    arg.name.span,
                    "given again here",
                ));
                continue;
            }
            given.push(&arg.name.name);
            self.args.push(ArgSite {
                span: arg.value.span,
                param: param.name.name.clone(),
                subflow: name.clone(),
                declared: type_text(&param.ty),
                decl: param.span,
            });
            if is_prompt(&param.ty) {
                // Bound by substitution where the prompt is used; only a prompt (or a choice
                // of prompts) can be: a written-out value is refused here.
                if is_literal(&arg.value) {
                    self.report(wrong_arg(name, param, &arg.value, "a value written out"));
                }
                bound.insert(param.name.name.clone(), arg.value.clone());
            } else if steady(&arg.value, ctx) {
                bound.insert(param.name.name.clone(), arg.value.clone());
            } else {
                let var = ast::Ident::new(format!("{prefix}.{}", param.name.name), arg.value.span);
                out.push(assign(var, arg.value.clone(), arg.value.span));
            }
        }
        let missing: Vec<&ast::Param> = sub
            .decl
            .params
            .iter()
            .filter(|p| !given.contains(&p.name.name.as_str()))
            .collect();
        for p in missing {
            self.report(
                Problem::error(
                    Code::ImportMissingArgument,
                    format!("`{name}` needs its parameter `{}`", p.name.name),
                    call.subflow.span,
                    format!("no `{}` given", p.name.name),
                )
                .with_label(p.span, "the parameter")
                .with_help(format!(
                    "add `{} = ...` ({}) to the `run`",
                    p.name.name,
                    type_text(&p.ty)
                )),
            );
        }
        (out, bound)
    }

    /// The caller's variable the result goes into, held to the sub-flow's result type.
    fn into(&mut self, call: &Call, sub: &load::Subflow, ctx: &Ctx) -> Option<Option<ast::Ident>> {
        let Some(into) = &call.into else {
            return Some(None);
        };
        let name = &sub.decl.name.name;
        let Some(result) = &sub.decl.result else {
            self.report(
                Problem::error(
                    Code::ImportResultType,
                    format!("the sub-flow `{name}` returns nothing"),
                    into.span,
                    "nothing goes into this",
                )
                .with_label(sub.decl.span, "declared here")
                .with_help("leave out `into ...`"),
            );
            return Some(None);
        };
        // An unknown variable is the checker's finding, at the assignment to it.
        if let Some(var) = ctx.vars.get(&into.name)
            && !result_fits(result, var)
        {
            self.report(
                Problem::error(
                    Code::ImportResultType,
                    format!(
                        "`{name}` returns {}, but `{}` is {}",
                        type_text(result),
                        into.name,
                        type_text(var)
                    ),
                    into.span,
                    format!("this is {}", type_text(var)),
                )
                .with_label(sub.decl.span, format!("returns {}", type_text(result)))
                .with_help(format!(
                    "put the result into a variable of type {}",
                    type_text(result)
                )),
            );
            return None;
        }
        Some(Some(into.clone()))
    }
}

fn wrong_arg(sub: &str, param: &ast::Param, value: &ast::Expr, found: &str) -> Problem {
    Problem::error(
        Code::ImportArgumentType,
        format!(
            "the argument `{}` of `{sub}` must be {}, found {found}",
            param.name.name,
            type_text(&param.ty)
        ),
        value.span,
        format!("expected {}", type_text(&param.ty)),
    )
    .with_label(param.span, "the parameter")
    .with_help("a prompt parameter takes a prompt's name, or `if COND then A else B` of prompts")
}

/// Whether an expression has the same value on every event of a call: made of literals and
/// names that are neither variables nor built-in (config values and prompts).
fn steady(e: &ast::Expr, ctx: &Ctx) -> bool {
    use ast::ExprKind;
    match &e.kind {
        ExprKind::Name(n) => {
            !ctx.vars.contains_key(&n.name)
                && !crate::check::BUILTINS.iter().any(|(b, _)| *b == n.name)
        }
        ExprKind::List(items) | ExprKind::Call(_, items) => items.iter().all(|i| steady(i, ctx)),
        ExprKind::Unary(_, x) => steady(x, ctx),
        ExprKind::Binary(_, a, b) => steady(a, ctx) && steady(b, ctx),
        ExprKind::Cond {
            cond,
            then,
            otherwise,
        } => steady(cond, ctx) && steady(then, ctx) && steady(otherwise, ctx),
        ExprKind::Field(..) | ExprKind::Is { .. } => false,
        _ => is_literal(e),
    }
}

fn is_literal(e: &ast::Expr) -> bool {
    matches!(
        e.kind,
        ast::ExprKind::Str(_)
            | ast::ExprKind::Int(_)
            | ast::ExprKind::Duration(_)
            | ast::ExprKind::Phone(_)
            | ast::ExprKind::Bool(_)
            | ast::ExprKind::None
            | ast::ExprKind::List(_)
    )
}

pub(crate) fn is_prompt(ty: &ast::TypeRef) -> bool {
    ty.name.name == "prompt"
}

/// Whether every value of the sub-flow's result type fits the variable.
fn result_fits(result: &ast::TypeRef, var: &ast::TypeRef) -> bool {
    let (r, v) = (result.name.name.as_str(), var.name.name.as_str());
    let same = r == v || (r == "phone" && v == "text");
    let long_enough = match (result.max_len, var.max_len, r) {
        (Some(a), Some(b), "text") => a <= b,
        (None, Some(_), "text") => false,
        _ => true,
    };
    same && long_enough
}

pub(crate) fn type_text(ty: &ast::TypeRef) -> String {
    crate::format::type_text(ty)
}

fn params_text(sub: &load::Subflow) -> String {
    sub.decl
        .params
        .iter()
        .map(|p| format!("`{}` ({})", p.name.name, type_text(&p.ty)))
        .collect::<Vec<_>>()
        .join(", ")
}

//! Sub-flows: between parsing and checking. The `use` files of a flow are read (through the
//! checker's [`PromptFiles`], the library doing no I/O) and parsed, and each `run` is expanded at
//! compile time: the sub-flow's states, blocks and variables are copied into the calling flow
//! under names of their own (`collect_phone#1.asking`), its parameters bound at the call and its
//! `return` turned into an assignment and a `goto` to the caller's state. The checker, the
//! interpreter and the simulator then see one ordinary flow.
//!
//! An imported file's spans are placed past the importing file's ([`Source::base`]), so a span
//! says which file it is in; [`crate::diagnostic::Report`] renders each finding with its file.

mod load;
mod rename;

use crate::ast::{self, Item, Span};
use crate::check::PromptFiles;
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use load::Library;
use std::collections::HashMap;

/// Where the files of an expanded flow are: the importing file at offset 0, each imported file
/// at its `base`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as the flow names it, relative to the importing flow's folder.
    pub name: String,
    pub text: String,
    /// The offset of the file's first byte in the spans of the expanded flow.
    pub base: usize,
}

impl Source {
    /// Whether a span of the expanded flow is in this file.
    pub fn holds(&self, span: Span) -> bool {
        span.start >= self.base && span.start <= self.base.saturating_add(self.text.len())
    }
}

/// An argument of a `run`, so that a type finding at it is reported as a wrong argument.
#[derive(Debug, Clone)]
pub(crate) struct ArgSite {
    pub span: Span,
    pub param: String,
    pub subflow: String,
    pub declared: String,
    pub decl: Span,
}

/// A flow with every `run` expanded, and what was found on the way.
#[derive(Debug)]
pub struct Expanded {
    pub flow: ast::Flow,
    pub sources: Vec<Source>,
    pub problems: Vec<Problem>,
    pub(crate) args: Vec<ArgSite>,
}

/// How many copies of sub-flows one flow may hold: far beyond a real flow, and a bound on a
/// chain of sub-flows each running the next several times.
const MAX_INSTANCES: usize = 200;

/// Loads the flow's `use` files and expands its `run` statements.
pub fn expand(flow: &ast::Flow, files: &dyn PromptFiles) -> Expanded {
    let mut lib = Library::load(flow, files);
    let uses_any = !lib.subflows.is_empty()
        || flow.items.iter().any(|i| matches!(i, Item::Use(_)))
        || has_run(flow);
    if !uses_any && !is_subflow_file(flow) {
        return Expanded {
            flow: flow.clone(),
            sources: Vec::new(),
            problems: Vec::new(),
            args: Vec::new(),
        };
    }
    let mut out = ast::Flow {
        name: flow.name.clone(),
        items: Vec::new(),
        comments: Vec::new(),
    };
    let caller_vars: HashMap<String, ast::TypeRef> = flow
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Var(v) => Some((v.name.name.clone(), v.ty.clone())),
            _ => None,
        })
        .collect();
    let mut ex = Expander {
        lib: &lib,
        problems: Vec::new(),
        args: Vec::new(),
        added: Vec::new(),
        counts: HashMap::new(),
        instances: 0,
    };
    let ctx = Ctx {
        visible: lib.top.clone(),
        vars: caller_vars,
        rename: None,
    };
    for item in &flow.items {
        match item {
            Item::Use(_) => {}
            Item::Subflow(s) => ex.problems.push(
                Problem::error(
                    Code::ImportNotASubflow,
                    format!("`{}` is a sub-flow: it runs only from a flow", s.name.name),
                    s.name.span,
                    "a sub-flow file",
                )
                .with_help("check the flow that uses it, or `run` it from a flow"),
            ),
            other => {
                let mut item = other.clone();
                ex.item(&mut item, &ctx);
                out.items.push(item);
            }
        }
    }
    out.items.append(&mut ex.added);
    let (found, args) = (ex.problems, ex.args);
    let mut problems = std::mem::take(&mut lib.problems);
    // Each copy of a sub-flow finds its mistakes again, at the same place.
    for p in found {
        let seen = problems.iter().any(|q| {
            q.code == p.code && q.message == p.message && q.primary_span() == p.primary_span()
        });
        if !seen {
            problems.push(p);
        }
    }
    Expanded {
        flow: out,
        sources: lib.sources,
        problems,
        args,
    }
}

/// Whether a file's text is a sub-flow file (its first line of code is `subflow ...`): such a file
/// is checked through the flows that run it, never alone.
pub fn is_subflow_source(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("subflow ") || l.starts_with("subflow\t"))
}

fn is_subflow_file(flow: &ast::Flow) -> bool {
    matches!(flow.items.first(), Some(Item::Subflow(_)))
}

fn has_run(flow: &ast::Flow) -> bool {
    fn block(b: &ast::Block) -> bool {
        b.stmts.iter().any(|s| match &s.kind {
            ast::StmtKind::Run { .. } | ast::StmtKind::Return(_) => true,
            ast::StmtKind::If {
                then, otherwise, ..
            } => block(then) || otherwise.as_ref().is_some_and(block),
            ast::StmtKind::Match {
                arms, otherwise, ..
            } => arms.iter().any(|a| block(&a.body)) || otherwise.as_ref().is_some_and(block),
            _ => false,
        })
    }
    flow.items.iter().any(|i| match i {
        Item::Block(b) => block(&b.body),
        Item::Handler(h) => block(&h.body),
        Item::State(s) => {
            s.enter.as_ref().is_some_and(block) || s.handlers.iter().any(|h| block(&h.body))
        }
        _ => false,
    })
}

/// What the statements being expanded can see.
struct Ctx {
    /// Sub-flows by name, from the `use`s of the file the statements are in.
    visible: HashMap<String, usize>,
    /// The variables `into` may name, with their types (already renamed inside an instance).
    vars: HashMap<String, ast::TypeRef>,
    /// Inside a sub-flow's copy: how its names are renamed and where `return` goes.
    rename: Option<rename::Renaming>,
}

struct Expander<'l> {
    lib: &'l Library,
    problems: Vec<Problem>,
    args: Vec<ArgSite>,
    /// The items of every copy made, added after the flow's own.
    added: Vec<Item>,
    /// Copies made of each sub-flow so far, to number the next.
    counts: HashMap<String, usize>,
    instances: usize,
}

impl Expander<'_> {
    fn report(&mut self, problem: Problem) {
        let seen = self.problems.iter().any(|p| {
            p.code == problem.code
                && p.message == problem.message
                && p.primary_span() == problem.primary_span()
        });
        if !seen {
            self.problems.push(problem);
        }
    }

    fn item(&mut self, item: &mut Item, ctx: &Ctx) {
        match item {
            Item::Block(b) => self.block(&mut b.body, ctx),
            Item::Handler(h) => self.block(&mut h.body, ctx),
            Item::State(s) => {
                if let Some(e) = &mut s.enter {
                    self.block(e, ctx);
                }
                for h in &mut s.handlers {
                    self.block(&mut h.body, ctx);
                }
            }
            _ => {}
        }
    }

    fn block(&mut self, block: &mut ast::Block, ctx: &Ctx) {
        let stmts = std::mem::take(&mut block.stmts);
        for stmt in stmts {
            match stmt.kind {
                ast::StmtKind::Run {
                    subflow,
                    args,
                    into,
                    then,
                } => {
                    let call = Call {
                        subflow,
                        args,
                        into,
                        then,
                        span: stmt.span,
                    };
                    block.stmts.extend(self.run(&call, ctx));
                }
                ast::StmtKind::Return(value) => {
                    block.stmts.extend(self.ret(value, stmt.span, ctx));
                }
                ast::StmtKind::If {
                    cond,
                    mut then,
                    mut otherwise,
                } => {
                    self.block(&mut then, ctx);
                    if let Some(o) = &mut otherwise {
                        self.block(o, ctx);
                    }
                    block.stmts.push(ast::Stmt {
                        kind: ast::StmtKind::If {
                            cond,
                            then,
                            otherwise,
                        },
                        span: stmt.span,
                    });
                }
                ast::StmtKind::Match {
                    scrutinee,
                    mut arms,
                    mut otherwise,
                } => {
                    for arm in &mut arms {
                        self.block(&mut arm.body, ctx);
                    }
                    if let Some(o) = &mut otherwise {
                        self.block(o, ctx);
                    }
                    block.stmts.push(ast::Stmt {
                        kind: ast::StmtKind::Match {
                            scrutinee,
                            arms,
                            otherwise,
                        },
                        span: stmt.span,
                    });
                }
                kind => block.stmts.push(ast::Stmt {
                    kind,
                    span: stmt.span,
                }),
            }
        }
    }

    /// `return [EXPR]`: into the caller's variable, then on to the caller's state.
    fn ret(&mut self, value: Option<ast::Expr>, span: Span, ctx: &Ctx) -> Vec<ast::Stmt> {
        let Some(r) = &ctx.rename else {
            self.report(
                Problem::error(
                    Code::ImportResultType,
                    "`return` outside a sub-flow",
                    span,
                    "a flow has nothing to return to",
                )
                .with_help("end the call with `hangup caller`, or the handler with `done`"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        match (&value, &r.result) {
            (Some(v), None) => self.report(
                Problem::error(
                    Code::ImportResultType,
                    format!("the sub-flow `{}` returns nothing", r.subflow),
                    v.span,
                    "a value to return",
                )
                .with_help(
                    "declare what it returns: `subflow NAME(...) returns TYPE`, or write `return`",
                ),
            ),
            (None, Some(ty)) => self.report(
                Problem::error(
                    Code::ImportResultType,
                    format!("the sub-flow `{}` returns {}", r.subflow, type_text(ty)),
                    span,
                    "no value returned",
                )
                .with_help("write `return VALUE`, or `return none` when there is none"),
            ),
            _ => {}
        }
        if let (Some(v), Some(into)) = (value, &r.into) {
            out.push(ast::Stmt {
                kind: ast::StmtKind::Assign {
                    target: into.clone(),
                    op: ast::AssignOp::Set,
                    value: v,
                },
                span,
            });
        }
        out.push(ast::Stmt {
            kind: ast::StmtKind::Goto(r.then.clone()),
            span,
        });
        out
    }
}

/// A `run` as written.
struct Call {
    subflow: ast::Ident,
    args: Vec<ast::RunArg>,
    into: Option<ast::Ident>,
    then: ast::Ident,
    span: Span,
}

impl Expander<'_> {
    /// A `run`: a fresh copy of the sub-flow, its parameters bound, entered by `goto`.
    fn run(&mut self, call: &Call, ctx: &Ctx) -> Vec<ast::Stmt> {
        let Some(&index) = ctx.visible.get(&call.subflow.name) else {
            let mut p = Problem::error(
                Code::ImportUnknownSubflow,
                format!("unknown sub-flow `{}`", call.subflow.name),
                call.subflow.span,
                "not a sub-flow of a `use`d file",
            );
            let names: Vec<&str> = ctx.visible.keys().map(String::as_str).collect();
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

fn assign(target: ast::Ident, value: ast::Expr, span: Span) -> ast::Stmt {
    ast::Stmt {
        kind: ast::StmtKind::Assign {
            target,
            op: ast::AssignOp::Set,
            value,
        },
        span,
    }
}

/// Type findings at a `run`'s arguments, said as what they are: a wrong argument.
pub(crate) fn name_argument_findings(problems: &mut [Problem], args: &[ArgSite]) {
    for p in problems.iter_mut() {
        if p.code != Code::CheckTypeMismatch {
            continue;
        }
        let Some(site) = args.iter().find(|a| a.span == p.primary_span()) else {
            continue;
        };
        p.code = Code::ImportArgumentType;
        let found = p
            .message
            .rsplit_once("found ")
            .map_or(String::new(), |(_, f)| format!(", found {f}"));
        p.message = format!(
            "the argument `{}` of `{}` must be {}{found}",
            site.param, site.subflow, site.declared
        );
        p.labels.push(crate::diagnostic::Label {
            span: site.decl,
            text: "the parameter".to_owned(),
        });
        p.help = Some(format!(
            "pass a value of type {}, or change the parameter's type",
            site.declared
        ));
    }
}

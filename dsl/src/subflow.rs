//! Sub-flows: between parsing and checking. The `use` files of a flow are read (through the
//! checker's [`PromptFiles`], the library doing no I/O) and parsed, and each `run` is expanded at
//! compile time: the sub-flow's states, blocks and variables are copied into the calling flow
//! under names of their own (`collect_phone#1.asking`), its parameters bound at the call and its
//! `return` turned into an assignment and a `goto` to the caller's state. The checker, the
//! interpreter and the simulator then see one ordinary flow.
//!
//! An imported file's spans are placed past the importing file's ([`Source::base`]), so a span
//! says which file it is in; [`crate::diagnostic::Report`] renders each finding with its file.

mod alone;
mod call;
mod load;
mod rename;

pub use alone::{Alone, check_alone};

use crate::ast::{self, Item, Span};
use crate::check::PromptFiles;
use crate::codes::Code;
use crate::diagnostic::Problem;
pub(crate) use call::is_prompt;
use call::{Call, type_text};
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
        crate::diagnostic::push_once(&mut problems, p);
    }
    Expanded {
        flow: out,
        sources: lib.sources,
        problems,
        args,
    }
}

/// Whether a file's text is a sub-flow file (its first line of code is `subflow ...`): such a file
/// is built only into the flows that run it (it checks alone with [`check_alone`]).
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
        crate::diagnostic::push_once(&mut self.problems, problem);
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

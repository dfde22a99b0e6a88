//! The checker: AST to IR. Resolution is validation: every name is looked up, every argument
//! typed and held against the protocol's limits, and the flow as a whole is analysed for calls
//! that would go silent. All findings of a file are reported in one pass.

mod analysis;
mod args;
mod command;
mod decl;
mod expr;
mod handler;
mod limits;
mod prompt_files;
mod scope;
mod stmt;
mod ty;
mod verify;

pub use interpreter::verb::verb_of;
pub use prompt_files::{ImportLookup, NoPromptFiles, PromptFiles, PromptLookup, check_wav};
pub use scope::{BUILTINS, BuiltinName};

use crate::ast;
use crate::diagnostic::Problem;
use interpreter::ir;
use scope::Scope;
use std::collections::HashSet;

/// What checking a flow found, and the compiled flow when there was no error.
#[derive(Debug)]
pub struct CheckOutcome {
    pub problems: Vec<Problem>,
    pub flow: Option<ir::Flow>,
    /// The IR of a flow that lowered whole but failed a flow-wide analysis (too many actions, a
    /// path that loops): what a simulation of a flow the checker refuses runs.
    pub unchecked: Option<ir::Flow>,
    /// The sub-flow files the flow uses, where the spans past its own text point.
    pub sources: Vec<crate::subflow::Source>,
}

impl CheckOutcome {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

/// Checks a flow without looking at its prompt files.
pub fn check_flow(flow: &ast::Flow) -> CheckOutcome {
    check_flow_with(flow, &NoPromptFiles)
}

/// Checks a flow, and its prompt files through `files`.
pub fn check_flow_with(flow: &ast::Flow, files: &dyn PromptFiles) -> CheckOutcome {
    check(flow, files, true)
}

/// Checks a flow without the path analyses: for commands taken out of any call's context, such
/// as the verbs' examples.
pub fn check_flow_without_paths(flow: &ast::Flow) -> CheckOutcome {
    check(flow, &NoPromptFiles, false)
}

/// Checks a flow, and its prompt files, without the path analyses: the IR of a flow whose paths
/// may be unsafe, for running it (`dsl explore` finds the same mistakes on its calls).
pub fn check_flow_unverified(flow: &ast::Flow, files: &dyn PromptFiles) -> CheckOutcome {
    check(flow, files, false)
}

fn check(flow: &ast::Flow, files: &dyn PromptFiles, paths: bool) -> CheckOutcome {
    // Sub-flows are copied into the flow first: everything after sees one flow.
    let expanded = crate::subflow::expand(flow, files);
    let flow = &expanded.flow;
    let mut checker = Checker::new(flow);
    checker.problems.extend(expanded.problems.iter().cloned());
    checker.collect_declarations(flow);
    let compiled = checker.lower(flow, files);
    let Checker {
        mut problems,
        site_spans,
        stmt_spans,
        handler_spans,
        state_handler_spans,
        ..
    } = checker;
    // The flow-wide analyses need the whole flow: after a lowering error parts are missing, and
    // what they would find would be about the gaps.
    let lowered_whole = !problems.iter().any(Problem::is_error);
    if let Some(compiled) = compiled.as_ref().filter(|_| lowered_whole) {
        let mut spans = flow_spans(flow);
        spans.sites = site_spans;
        spans.stmts = stmt_spans;
        spans.handlers = handler_spans;
        spans.state_handlers = state_handler_spans;
        problems.extend(analysis::analyse(compiled, &spans));
        // The path analyses assume a flow that resolved and typed cleanly.
        if paths && !problems.iter().any(Problem::is_error) {
            problems = verify::verify(compiled, flow, &spans, problems);
        }
    }
    crate::subflow::name_argument_findings(&mut problems, &expanded.args);
    let clean = !problems.iter().any(Problem::is_error);
    let (flow, unchecked) = match compiled {
        Some(ir) if clean => (Some(ir), None),
        Some(ir) if lowered_whole => (None, Some(ir)),
        _ => (None, None),
    };
    CheckOutcome {
        problems,
        flow,
        unchecked,
        sources: expanded.sources,
    }
}

/// Where the IR's parts came from, for the flow-wide findings.
pub(crate) struct Spans {
    pub flow_name: ast::Span,
    pub states: Vec<ast::Span>,
    pub state_handlers: Vec<Vec<ast::Span>>,
    pub handlers: Vec<ast::Span>,
    pub vars: Vec<ast::Span>,
    pub sites: Vec<ast::Span>,
    /// The span of each lowered statement, in the order they were lowered (children first).
    pub stmts: Vec<ast::Span>,
}

fn flow_spans(flow: &ast::Flow) -> Spans {
    let mut spans = Spans {
        flow_name: flow.name.span,
        states: Vec::new(),
        state_handlers: Vec::new(),
        handlers: Vec::new(),
        vars: Vec::new(),
        sites: Vec::new(),
        stmts: Vec::new(),
    };
    for item in &flow.items {
        match item {
            ast::Item::State(s) => spans.states.push(s.name.span),
            ast::Item::Var(v) => spans.vars.push(v.span),
            _ => {}
        }
    }
    spans
}

/// Which handler is being lowered: decides what its statements may do.
#[derive(Debug, Clone, Copy, Default)]
struct HandlerCtx {
    /// `continue` is only meaningful after a failure.
    in_failure: bool,
}

pub(crate) struct Checker<'a> {
    problems: Vec<Problem>,
    scope: Scope<'a>,
    next_site: ir::SiteId,
    ctx: HandlerCtx,
    /// Blocks being expanded, innermost last, to catch a block that runs itself.
    block_stack: Vec<usize>,
    used_values: HashSet<scope::Named>,
    used_blocks: HashSet<usize>,
    /// Source spans of the action sites, by site id.
    site_spans: Vec<ast::Span>,
    /// Source spans of the lowered statements, children before their parent.
    stmt_spans: Vec<ast::Span>,
    /// The trigger span of each flow-wide handler lowered, recorded as it is built.
    handler_spans: Vec<ast::Span>,
    /// The same for each state's handlers.
    state_handler_spans: Vec<Vec<ast::Span>>,
}

impl<'a> Checker<'a> {
    fn new(_flow: &'a ast::Flow) -> Self {
        Self {
            problems: Vec::new(),
            scope: Scope::default(),
            next_site: 0,
            ctx: HandlerCtx::default(),
            block_stack: Vec::new(),
            used_values: HashSet::new(),
            used_blocks: HashSet::new(),
            site_spans: Vec::new(),
            stmt_spans: Vec::new(),
            handler_spans: Vec::new(),
            state_handler_spans: Vec::new(),
        }
    }

    /// Records a finding once: a block is lowered at each `do`, and what is wrong inside it is
    /// wrong once, at the block.
    fn report(&mut self, problem: Problem) {
        crate::diagnostic::push_once(&mut self.problems, problem);
    }

    /// A fresh site id for an action sent from `span`.
    fn site(&mut self, span: ast::Span) -> ir::SiteId {
        let id = self.next_site;
        self.next_site = self.next_site.saturating_add(1);
        self.site_spans.push(span);
        id
    }

    fn lower(&mut self, flow: &'a ast::Flow, files: &dyn PromptFiles) -> Option<ir::Flow> {
        let config = self.lower_config();
        let prompts = self.lower_prompts(files);
        let vars = self.lower_vars();
        let listeners = self.lower_listeners();
        let mut handlers = Vec::new();
        for h in self.scope.handlers.clone() {
            if let Some(lowered) = self.lower_handler(h, false) {
                handlers.push(lowered);
                self.handler_spans.push(h.trigger.span);
            }
        }
        let mut states = Vec::new();
        for s in self.scope.states.clone() {
            self.ctx = HandlerCtx::default();
            let enter = s
                .enter
                .as_ref()
                .map(|b| self.lower_block(b))
                .unwrap_or_default();
            let mut state_handlers = Vec::new();
            let mut spans = Vec::new();
            for h in &s.handlers {
                if let Some(lowered) = self.lower_handler(h, true) {
                    state_handlers.push(lowered);
                    spans.push(h.trigger.span);
                }
            }
            self.state_handler_spans.push(spans);
            self.check_duplicate_handlers(&s.handlers);
            states.push(ir::State {
                name: s.name.name.clone(),
                enter,
                handlers: state_handlers,
            });
        }
        self.check_unused_blocks();
        let top: Vec<&ast::Handler> = self.scope.handlers.clone();
        self.check_duplicate_handlers_refs(&top);
        self.check_entry(flow);
        self.report_unused();
        let mut compiled = ir::Flow {
            name: flow.name.name.clone(),
            version: String::new(),
            config,
            prompts,
            vars,
            listeners,
            states,
            handlers,
        };
        compiled.version = version_of(&compiled);
        Some(compiled)
    }
}

impl Checker<'_> {
    /// A block no `do` runs is still checked, so that its mistakes are found before it is used;
    /// what it lowers to is dropped. Statements whose meaning depends on the handler (`continue`)
    /// are taken in the most permissive context.
    fn check_unused_blocks(&mut self) {
        let unused: Vec<_> = self
            .scope
            .blocks
            .clone()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !self.used_blocks.contains(i))
            .collect();
        self.ctx = HandlerCtx { in_failure: true };
        for (i, block) in unused {
            self.block_stack.push(i);
            let _ = self.lower_block(&block.body);
            self.block_stack.pop();
        }
        self.ctx = HandlerCtx::default();
    }
}

/// A stable hash of the compiled flow (FNV-1a over its canonical JSON form), so that a call's
/// state is only ever read by the flow version that wrote it.
fn version_of(flow: &ir::Flow) -> String {
    let text = serde_json::to_string(flow).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

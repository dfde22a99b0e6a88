//! One open flow: its text, and what parsing and checking it found. Rebuilt after every change;
//! when the text does not parse, the declarations of the last text that did are kept so that
//! completion still offers names while a statement is half typed.

use super::index::{Decl, Index};
use super::position::LineIndex;
use crate::ast;
use crate::check::{PromptFiles, check_flow_with};
use crate::diagnostic::Problem;
use crate::source::{Syntax, parse_source};
use interpreter::ir;

#[derive(Debug)]
pub struct Document {
    pub syntax: Syntax,
    pub text: String,
    pub lines: LineIndex,
    /// The tree, when the text parses.
    pub flow: Option<ast::Flow>,
    /// The compiled flow, when it checks without errors.
    pub compiled: Option<ir::Flow>,
    /// Every finding, as `dsl check` reports them.
    pub problems: Vec<Problem>,
    /// The sub-flow files the flow uses, where findings past its own text point.
    pub sources: Vec<crate::subflow::Source>,
    /// Names of the current tree (empty when it does not parse).
    pub index: Index,
    /// Declarations of the last text that parsed, for completion.
    pub known: Vec<Decl>,
}

impl Document {
    /// Parses and checks `text`; `previous` is the document it replaces.
    pub fn new(
        name: &str,
        text: String,
        syntax: Syntax,
        prompts: &dyn PromptFiles,
        previous: Option<&Document>,
    ) -> Self {
        let lines = LineIndex::new(&text);
        let (flow, compiled, problems, sources) = match parse_source(name, &text, syntax) {
            Ok(flow) => {
                // A sub-flow file is checked as a flow that runs it once would check it.
                let file_name = name.rsplit(['/', '\\']).next().unwrap_or(name);
                match crate::subflow::check_alone(&flow, &text, file_name, prompts) {
                    Some(alone) => {
                        let (problems, sources) = alone.in_file(file_name);
                        (Some(flow), None, problems, sources)
                    }
                    None => {
                        let outcome = check_flow_with(&flow, prompts);
                        (Some(flow), outcome.flow, outcome.problems, outcome.sources)
                    }
                }
            }
            Err(report) => (None, None, report.problems().to_vec(), Vec::new()),
        };
        let index = flow.as_ref().map(Index::new).unwrap_or_default();
        let known = if flow.is_some() {
            index.decls.clone()
        } else {
            previous.map(|p| p.known.clone()).unwrap_or_default()
        };
        Self {
            syntax,
            text,
            lines,
            flow,
            compiled,
            problems,
            sources,
            index,
            known,
        }
    }

    pub fn offset(&self, pos: lsp_types::Position) -> usize {
        self.lines.offset(&self.text, pos)
    }

    pub fn range(&self, span: ast::Span) -> lsp_types::Range {
        self.lines.range(&self.text, span)
    }

    /// The source text of a span, or nothing if it does not fall on character boundaries.
    pub fn slice(&self, span: ast::Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or_default()
    }
}

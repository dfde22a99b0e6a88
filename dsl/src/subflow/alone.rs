//! A sub-flow file checked on its own (`dsl check lib/leave_message.flow`): a flow that does
//! nothing but run it once is written beside it, with each parameter a variable of its declared
//! type, and checked; its findings are those in the sub-flow file and in the files it uses.

use super::Source;
use crate::ast::{self, Item, Span};
use crate::check::PromptFiles;
use crate::codes::Code;
use crate::diagnostic::Problem;
use crate::format::type_text;

/// The names the host flow gives its own parts, which no sub-flow's names can take (a sub-flow's
/// states and variables are renamed into `NAME#1.…` when it is run).
const RESULT: &str = "subflow_result";
const RETURNED: &str = "subflow_returned";
const BUCKET: &str = "subflow_prompts";

/// A sub-flow file checked on its own.
#[derive(Debug)]
pub struct Alone {
    /// The flow written around the sub-flow (the spans of `problems` are past its text).
    pub host: String,
    /// The findings in the sub-flow file and the files it uses: none is in `host`.
    pub problems: Vec<Problem>,
    /// The files, the sub-flow file among them under the name `file_name`.
    pub sources: Vec<Source>,
}

/// Checks a sub-flow file on its own; `None` when `flow` is not a sub-flow file. `file_name` is
/// the file's name in its folder, where `files` reads the files it uses; `text` is the file's
/// text as `flow` was parsed from (an editor's, which may not be saved).
pub fn check_alone(
    flow: &ast::Flow,
    text: &str,
    file_name: &str,
    files: &dyn PromptFiles,
) -> Option<Alone> {
    let Some(Item::Subflow(decl)) = flow.items.first() else {
        return None;
    };
    let host = host_text(decl, file_name);
    let parsed = crate::parse::parse_flow(&host).ok()?;
    let files = Beside {
        name: file_name,
        text,
        files,
    };
    let outcome = crate::check::check_flow_with(&parsed, &files);
    let in_host = |p: &Problem| !outcome.sources.iter().any(|s| s.holds(p.primary_span()));
    let own = outcome.sources.iter().find(|s| s.name == file_name);
    // A parameter where a value must be written out is fine when the flow that runs the
    // sub-flow passes one written out (it is put in its place); here it is a variable.
    let param_not_constant = |p: &Problem| {
        let span = p.primary_span();
        p.code == Code::CheckNotConstant
            && own.is_some_and(|f| {
                let text = span
                    .start
                    .checked_sub(f.base)
                    .zip(span.end.checked_sub(f.base))
                    .and_then(|(start, end)| f.text.get(start..end));
                text.is_some_and(|t| decl.params.iter().any(|q| q.name.name == t.trim()))
            })
    };
    let mut problems: Vec<Problem> = Vec::new();
    for p in outcome
        .problems
        .iter()
        .filter(|p| !in_host(p) && !param_not_constant(p))
    {
        crate::diagnostic::push_once(&mut problems, without_host_labels(p, &outcome.sources));
    }
    Some(Alone {
        host,
        problems,
        sources: outcome.sources,
    })
}

impl Alone {
    /// The findings in the sub-flow file in its own terms (spans from its first byte, labels
    /// elsewhere left out), and those in the files it uses with those files.
    #[must_use]
    pub fn in_file(self, file_name: &str) -> (Vec<Problem>, Vec<Source>) {
        let (own, others): (Vec<Source>, Vec<Source>) =
            self.sources.into_iter().partition(|s| s.name == file_name);
        let Some(own) = own.into_iter().next() else {
            return (self.problems, others);
        };
        let problems = self
            .problems
            .into_iter()
            .map(|mut p| {
                if own.holds(p.primary_span()) {
                    p.labels.retain(|l| own.holds(l.span));
                    for l in &mut p.labels {
                        l.span = Span::new(l.span.start - own.base, l.span.end - own.base);
                    }
                }
                p
            })
            .collect();
        (problems, others)
    }
}

/// The files beside the sub-flow file, the file itself as given.
struct Beside<'a> {
    name: &'a str,
    text: &'a str,
    files: &'a dyn PromptFiles,
}

impl PromptFiles for Beside<'_> {
    fn lookup(&self, key: &str) -> crate::check::PromptLookup {
        self.files.lookup(key)
    }

    fn import(&self, path: &str) -> crate::check::ImportLookup {
        if path == self.name {
            crate::check::ImportLookup::Found(self.text.to_owned())
        } else {
            self.files.import(path)
        }
    }
}

/// A flow that runs the sub-flow once: every parameter a variable of its declared type (a prompt
/// a declared one), the result kept in a variable of the result's type, then the call ends.
fn host_text(decl: &ast::SubflowDecl, file_name: &str) -> String {
    let name = &decl.name.name;
    let mut text = format!("flow {name}\nuse {}\n", quoted(file_name));
    let prompts: Vec<&ast::Param> = decl
        .params
        .iter()
        .filter(|p| super::is_prompt(&p.ty))
        .collect();
    if !prompts.is_empty() {
        text.push_str(&format!(
            "config {BUCKET} text = env SUBFLOW_PROMPTS\nprompts in {BUCKET} {{\n"
        ));
        for p in &prompts {
            text.push_str(&format!("  {} = \"{}.wav\"\n", p.name.name, p.name.name));
        }
        text.push_str("}\n");
    }
    for p in decl.params.iter().filter(|p| !super::is_prompt(&p.ty)) {
        text.push_str(&format!("var {} {}\n", p.name.name, type_text(&p.ty)));
    }
    if let Some(result) = &decl.result {
        text.push_str(&format!("var {RESULT} {}\n", type_text(result)));
    }
    let args: Vec<String> = decl
        .params
        .iter()
        .map(|p| format!("{0} = {0}", p.name.name))
        .collect();
    let into = if decl.result.is_some() {
        format!(" into {RESULT}")
    } else {
        String::new()
    };
    text.push_str(&format!(
        "on new call {{ run {name}({}){into} then {RETURNED} }}\n",
        args.join(", ")
    ));
    text.push_str(&format!(
        "state {RETURNED} {{ enter {{ hangup caller }} }}\non hangup {{ done }}\n"
    ));
    text
}

/// A string literal of the language (a file name with a quote or a backslash is escaped).
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A problem without the labels that point into the flow written around the sub-flow.
fn without_host_labels(problem: &Problem, sources: &[Source]) -> Problem {
    let mut kept = problem.clone();
    kept.labels
        .retain(|l| sources.iter().any(|s| s.holds(l.span)));
    kept
}

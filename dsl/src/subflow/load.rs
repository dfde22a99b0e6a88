//! The `use` files of a flow, read and parsed once each, in the order they are used; a file that
//! uses itself through others is a cycle, reported at the `use` that closes it.

use super::Source;
use crate::ast::{self, Item, Span};
use crate::check::{ImportLookup, PromptFiles};
use crate::codes::Code;
use crate::diagnostic::Problem;
use std::collections::HashMap;

/// One sub-flow file, parsed.
#[derive(Debug)]
pub(crate) struct Subflow {
    pub decl: ast::SubflowDecl,
    pub flow: ast::Flow,
    /// The sub-flows its own `use`s bring in, by name.
    pub visible: HashMap<String, usize>,
}

/// Every sub-flow a flow reaches through its `use`s.
#[derive(Debug, Default)]
pub(crate) struct Library {
    pub subflows: Vec<Subflow>,
    /// The sub-flows the flow itself uses, by name.
    pub top: HashMap<String, usize>,
    pub sources: Vec<Source>,
    pub problems: Vec<Problem>,
    /// Each file read, by its path from the flow's folder: its sub-flow, when it is one.
    by_path: HashMap<String, Option<usize>>,
}

/// The items a sub-flow file may hold besides its header: what it needs from outside comes in
/// as parameters.
fn allowed(item: &Item) -> bool {
    matches!(
        item,
        Item::Subflow(_) | Item::Use(_) | Item::Var(_) | Item::Block(_) | Item::State(_)
    )
}

/// The name under which a file's visible sub-flows record that one of its `use`s failed (no
/// sub-flow can be named so).
pub(super) const FAILED_USE: &str = "";

/// Space between two files' spans: 1 GiB, more than any flow file.
const FILE_SPACING: usize = 1 << 30;

impl Library {
    pub fn load(flow: &ast::Flow, files: &dyn PromptFiles) -> Library {
        let mut lib = Library::default();
        let mut stack = Vec::new();
        lib.top = lib.uses(flow, "", files, &mut stack);
        lib
    }

    /// The sub-flows of the `use`s of `flow`, a file in folder `dir`.
    fn uses(
        &mut self,
        flow: &ast::Flow,
        dir: &str,
        files: &dyn PromptFiles,
        stack: &mut Vec<String>,
    ) -> HashMap<String, usize> {
        let mut visible: HashMap<String, usize> = HashMap::new();
        for item in &flow.items {
            let Item::Use(u) = item else { continue };
            let path = join(dir, &u.path.value);
            let Some(index) = self.file(&path, u, files, stack) else {
                // Reported where the `use` failed; a `run` of what it would have defined is not
                // reported again as unknown.
                visible.insert(FAILED_USE.to_owned(), usize::MAX);
                continue;
            };
            let Some(sub) = self.subflows.get(index) else {
                continue;
            };
            let name = sub.decl.name.name.clone();
            if let Some(&other) = visible.get(&name)
                && other != index
            {
                self.problems.push(
                    Problem::error(
                        Code::CheckDuplicateName,
                        format!("two files used here define the sub-flow `{name}`"),
                        u.path.span,
                        "a second sub-flow of that name",
                    )
                    .with_help("rename one of the sub-flows"),
                );
                continue;
            }
            visible.insert(name, index);
        }
        visible
    }

    /// Reads and parses one file (once), and the files it uses.
    fn file(
        &mut self,
        path: &str,
        at: &ast::UseDecl,
        files: &dyn PromptFiles,
        stack: &mut Vec<String>,
    ) -> Option<usize> {
        if let Some(pos) = stack.iter().position(|p| p == path) {
            let mut chain: Vec<&str> = stack
                .get(pos..)
                .unwrap_or_default()
                .iter()
                .map(String::as_str)
                .collect();
            chain.push(path);
            self.problems.push(
                Problem::error(
                    Code::ImportCycle,
                    format!("`{path}` uses itself: {}", chain.join(" -> ")),
                    at.path.span,
                    "this closes the cycle",
                )
                .with_help("a sub-flow cannot run itself; move what both need into a third file"),
            );
            return None;
        }
        if let Some(known) = self.by_path.get(path) {
            return *known;
        }
        let text = match files.import(path) {
            ImportLookup::Found(text) => text,
            ImportLookup::Missing(why) => {
                self.problems.push(
                    Problem::error(
                        Code::ImportMissingFile,
                        format!("cannot read the sub-flow file `{}`", at.path.value),
                        at.path.span,
                        why,
                    )
                    .with_help("the path is relative to the file that says `use`"),
                );
                self.by_path.insert(path.to_owned(), None);
                return None;
            }
            ImportLookup::NotRead => {
                self.problems.push(
                    Problem::error(
                        Code::ImportMissingFile,
                        format!("the sub-flow file `{}` is not read here", at.path.value),
                        at.path.span,
                        "files are not read in this check",
                    )
                    .with_help("check the flow from its file: `dsl check FILE.flow`"),
                );
                self.by_path.insert(path.to_owned(), None);
                return None;
            }
        };
        let base = FILE_SPACING.saturating_mul(self.sources.len().saturating_add(1));
        self.sources.push(Source {
            name: path.to_owned(),
            text: text.clone(),
            base,
        });
        let flow = match crate::parse::parse_flow_at(&text, base) {
            Ok(flow) => flow,
            Err(problems) => {
                self.problems.extend(problems);
                self.by_path.insert(path.to_owned(), None);
                return None;
            }
        };
        let Some(Item::Subflow(decl)) = flow.items.first().cloned() else {
            self.problems.push(
                Problem::error(
                    Code::ImportNotASubflow,
                    format!("`{}` is a whole flow, not a sub-flow", at.path.value),
                    at.path.span,
                    "not a sub-flow file",
                )
                .with_help("a sub-flow file starts with `subflow NAME(PARAMS) [returns TYPE]`"),
            );
            self.by_path.insert(path.to_owned(), None);
            return None;
        };
        for item in flow.items.iter().filter(|i| !allowed(i)) {
            self.problems.push(
                Problem::error(
                    Code::ImportNotASubflow,
                    "a sub-flow file holds only `use`, `var`, `block` and `state`",
                    item_span(item),
                    "not allowed in a sub-flow",
                )
                .with_help(
                    "pass what the sub-flow needs as a parameter; the flow that runs it declares \
                     config, prompts, listeners and flow-wide handlers",
                ),
            );
        }
        stack.push(path.to_owned());
        let dir = folder(path);
        let visible = self.uses(&flow, &dir, files, stack);
        stack.pop();
        let index = self.subflows.len();
        self.subflows.push(Subflow {
            decl,
            flow,
            visible,
        });
        self.by_path.insert(path.to_owned(), Some(index));
        Some(index)
    }
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Use(u) => u.span,
        Item::Subflow(s) => s.span,
        Item::Config(c) => c.span,
        Item::Prompts(p) => p.span,
        Item::Var(v) => v.span,
        Item::Listener(l) => l.span,
        Item::Block(b) => b.span,
        Item::Handler(h) => h.trigger.span,
        Item::State(s) => s.span,
        Item::Intent(i) => i.span,
    }
}

/// The folder part of a path (`lib` of `lib/a.flow`), empty for a file in the flow's folder.
fn folder(path: &str) -> String {
    path.rsplit_once('/')
        .map(|(dir, _)| dir.to_owned())
        .unwrap_or_default()
}

/// `path` taken from folder `dir`, with `.` and `..` resolved as far as they go.
pub(crate) fn join(dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined = if dir.is_empty() || path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{dir}/{path}")
    };
    let absolute = joined.starts_with('/');
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let text = parts.join("/");
    if absolute { format!("/{text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn paths_join_from_the_using_file() {
        assert_eq!(join("", "../lib/a.flow"), "../lib/a.flow");
        assert_eq!(join("../lib", "b.flow"), "../lib/b.flow");
        assert_eq!(join("../lib", "../other/c.flow"), "../other/c.flow");
        assert_eq!(join("lib", "./d.flow"), "lib/d.flow");
        assert_eq!(join("lib", "/abs/e.flow"), "/abs/e.flow");
    }
}

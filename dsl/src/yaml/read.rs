//! YAML nodes -> AST: the document's sections become items, in document order; statement lists
//! are in [`body`]. Flow text inside scalars goes through the text front end's rules.

mod body;
mod command;

pub(crate) use command::Form;

use super::node::{Node, NodeKind};
use super::scalar;
use crate::ast::{
    BlockDecl, ConfigDecl, Expr, Flow, Handler, Ident, Item, ListenerDecl, PromptEntry,
    PromptsDecl, Span, StateDecl, StrLit,
};
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use crate::parse::fragment;
use crate::parse::place::Place;

/// The keys of the top-level map.
const SECTIONS: &[&str] = &[
    "flow",
    "uses",
    "config",
    "prompts",
    "vars",
    "listeners",
    "blocks",
    "handlers",
    "states",
    "intents",
];

/// Reads nodes, collecting every problem rather than stopping at the first.
pub(crate) struct Reader<'s> {
    source: &'s str,
    pub(crate) problems: Vec<Problem>,
}

/// The entries of a map with a fixed set of keys, checked once.
pub(crate) struct Fields<'n> {
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
    /// Where the map is, for a missing key.
    at: Span,
}

impl<'n> Fields<'n> {
    pub(crate) fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
    }
}

impl<'s> Reader<'s> {
    pub(crate) fn new(source: &'s str) -> Self {
        Self {
            source,
            problems: Vec::new(),
        }
    }

    pub(crate) fn shape(&mut self, node: &Node, expected: &str) {
        self.problems.push(
            Problem::error(
                Code::YamlShape,
                format!("expected {expected}, found {}", node.describe()),
                node.span,
                format!("expected {expected}"),
            )
            .with_help("`dsl convert FILE.flow --to yaml` shows the YAML form of a text flow"),
        );
    }

    /// A scalar's value and where its bytes were written.
    pub(crate) fn text<'n>(&mut self, node: &'n Node, expected: &str) -> Option<(&'n str, Place)> {
        match &node.kind {
            NodeKind::Scalar(value) => {
                Some((value.as_str(), scalar::place(value, self.source, node.span)))
            }
            _ => {
                self.shape(node, expected);
                None
            }
        }
    }

    /// A map's entries; an empty value is an empty map.
    pub(crate) fn map<'n>(&mut self, node: &'n Node, expected: &str) -> Option<&'n [(Node, Node)]> {
        match &node.kind {
            NodeKind::Map(entries) => Some(entries),
            NodeKind::Null => Some(&[]),
            _ => {
                self.shape(node, expected);
                None
            }
        }
    }

    /// A list's items; an empty value is an empty list.
    pub(crate) fn seq<'n>(&mut self, node: &'n Node, expected: &str) -> Option<&'n [Node]> {
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            NodeKind::Null => Some(&[]),
            _ => {
                self.shape(node, expected);
                None
            }
        }
    }

    /// The entries of a map whose keys must be among `allowed`, each at most once.
    pub(crate) fn fields<'n>(
        &mut self,
        node: &'n Node,
        allowed: &[&str],
        what: &str,
    ) -> Option<Fields<'n>> {
        let entries = self.map(node, what)?;
        let mut fields = Fields {
            entries: Vec::new(),
            at: node.extent(),
        };
        for (key, value) in entries {
            let Some((name, _)) = self.text(key, "a key") else {
                continue;
            };
            if !allowed.contains(&name) {
                let mut problem = Problem::error(
                    Code::YamlUnknownKey,
                    format!("unknown key `{name}` in {what}"),
                    key.span,
                    "not a key here",
                );
                problem = match did_you_mean(name, allowed.iter().copied()) {
                    Some(near) => problem.with_help(format!("did you mean `{near}`?")),
                    None => problem.with_help(format!("the keys of {what} are {}", list(allowed))),
                };
                self.problems.push(problem);
                continue;
            }
            if let Some((_, first, _)) = fields.entries.iter().find(|(k, _, _)| *k == name) {
                self.problems
                    .push(duplicate_key(name, key.span, first.span));
                continue;
            }
            fields.entries.push((name, key, value));
        }
        Some(fields)
    }

    /// A key that must be present.
    pub(crate) fn require<'n>(
        &mut self,
        fields: &Fields<'n>,
        key: &str,
        what: &str,
    ) -> Option<&'n Node> {
        let found = fields.get(key);
        if found.is_none() {
            self.problems.push(
                Problem::error(
                    Code::YamlShape,
                    format!("{what} has no `{key}`"),
                    Span::new(fields.at.start, fields.at.start),
                    format!("`{key}` is missing here"),
                )
                .with_help(format!("add `{key}: ...` to {what}")),
            );
        }
        found
    }

    /// Keeps the value of a fragment parse, or its problems.
    pub(crate) fn keep<T>(&mut self, parsed: Result<T, Vec<Problem>>) -> Option<T> {
        parsed
            .map_err(|problems| self.problems.extend(problems))
            .ok()
    }

    pub(crate) fn name(&mut self, node: &Node, expected: &str) -> Option<Ident> {
        let (text, place) = self.text(node, expected)?;
        let parsed = fragment::name(text, &place);
        self.keep(parsed)
    }

    pub(crate) fn expr(&mut self, node: &Node) -> Option<Expr> {
        let (text, place) = self.text(node, "flow text such as `caller.number == owner`")?;
        let parsed = fragment::expr(text, &place);
        self.keep(parsed)
    }

    /// The whole document.
    pub(crate) fn flow(&mut self, root: &Node) -> Option<Flow> {
        let fields = self.fields(root, SECTIONS, "a flow")?;
        let name = self
            .require(&fields, "flow", "the flow")
            .and_then(|n| self.name(n, "the flow's name"));
        let mut items = Vec::new();
        for (section, _, value) in &fields.entries {
            match *section {
                "config" => self.entries(value, "config values", &mut items, Self::config),
                "prompts" => self.prompts(value, &mut items),
                "vars" => self.entries(value, "variables", &mut items, Self::var),
                "listeners" => self.entries(value, "listeners", &mut items, Self::listener),
                "blocks" => self.entries(value, "blocks", &mut items, Self::block),
                "handlers" => self.entries(value, "handlers", &mut items, |r, k, v| {
                    r.handler(k, v).map(Item::Handler)
                }),
                "states" => self.entries(value, "states", &mut items, Self::state),
                "intents" => self.intents(value, &mut items),
                "uses" => self.uses(value, &mut items),
                _ => {}
            }
        }
        Some(Flow {
            name: name?,
            items,
            comments: Vec::new(),
        })
    }

    /// `uses`: a list of sub-flow files (`- lib/collect_phone.flow`), relative to this file.
    fn uses(&mut self, node: &Node, items: &mut Vec<Item>) {
        let Some(list) = self.seq(node, "a list of sub-flow files") else {
            return;
        };
        for entry in list {
            if let Some((text, _)) = self.text(entry, "a sub-flow file's path") {
                items.push(Item::Use(crate::ast::UseDecl {
                    path: StrLit {
                        value: text.to_owned(),
                        span: entry.span,
                    },
                    span: entry.span,
                }));
            }
        }
    }

    /// `intents`: a list of `always ...` / `never ...` properties.
    fn intents(&mut self, node: &Node, items: &mut Vec<Item>) {
        let Some(list) = self.seq(node, "a list of `always ...` or `never ...` properties") else {
            return;
        };
        for entry in list {
            let Some((text, place)) = self.text(entry, "a property") else {
                continue;
            };
            let parsed = fragment::intent(text, &place);
            if let Some(i) = self.keep(parsed) {
                items.push(Item::Intent(i));
            }
        }
    }

    /// A section that maps names (or triggers) to items.
    fn entries(
        &mut self,
        node: &Node,
        what: &str,
        items: &mut Vec<Item>,
        item: impl Fn(&mut Self, &Node, &Node) -> Option<Item>,
    ) {
        let Some(entries) = self.map(node, &format!("a map of {what}")) else {
            return;
        };
        for (key, value) in entries {
            if let Some(built) = item(self, key, value) {
                items.push(built);
            }
        }
    }

    fn config(&mut self, key: &Node, value: &Node) -> Option<Item> {
        let name = self.name(key, "a config value's name");
        let fields = self.fields(value, &["type", "env", "default"], "a config value")?;
        let ty = self
            .require(&fields, "type", "a config value")
            .and_then(|t| self.type_ref(t));
        let env = self
            .require(&fields, "env", "a config value")
            .and_then(|e| {
                let (text, place) = self.text(e, "an environment variable name")?;
                let parsed = fragment::env_name(text, &place);
                self.keep(parsed)
            });
        let default = match fields.get("default") {
            Some(d) => Some(self.value(d, Form::of_type(ty.as_ref()))?),
            None => None,
        };
        Some(Item::Config(ConfigDecl {
            name: name?,
            ty: ty?,
            env: env?,
            default,
            span: key.span.to(value.extent()),
        }))
    }

    fn type_ref(&mut self, node: &Node) -> Option<crate::ast::TypeRef> {
        let (text, place) = self.text(node, "a type such as `int` or `text(64)`")?;
        let parsed = fragment::type_ref(text, &place);
        self.keep(parsed)
    }

    fn prompts(&mut self, node: &Node, items: &mut Vec<Item>) {
        let Some(groups) = self.seq(node, "a list of prompt groups (`- bucket: ...`)") else {
            return;
        };
        for group in groups {
            let Some(fields) = self.fields(group, &["bucket", "files"], "a prompt group") else {
                continue;
            };
            let bucket = self
                .require(&fields, "bucket", "a prompt group")
                .and_then(|b| self.name(b, "a config name"));
            let files = self.require(&fields, "files", "a prompt group");
            let entries = files.and_then(|f| self.map(f, "a map of prompt names to file names"));
            let mut built = Vec::new();
            for (name, file) in entries.unwrap_or_default() {
                let name = self.name(name, "a prompt's name");
                let file_text = self.text(file, "a file name such as `hello.wav`");
                if let (Some(name), Some((value, _))) = (name, file_text) {
                    built.push(PromptEntry {
                        span: name.span.to(file.span),
                        name,
                        file: StrLit {
                            value: value.to_owned(),
                            span: file.span,
                        },
                    });
                }
            }
            if let Some(bucket) = bucket {
                items.push(Item::Prompts(PromptsDecl {
                    bucket,
                    entries: built,
                    span: group.extent(),
                }));
            }
        }
    }

    fn var(&mut self, key: &Node, value: &Node) -> Option<Item> {
        let name = self.name(key, "a variable's name");
        let fields = self.fields(value, &["type", "init"], "a variable")?;
        let ty = self
            .require(&fields, "type", "a variable")
            .and_then(|t| self.type_ref(t));
        let init = match fields.get("init") {
            Some(i) => Some(self.value(i, Form::of_type(ty.as_ref()))?),
            None => None,
        };
        Some(Item::Var(crate::ast::VarDecl {
            name: name?,
            ty: ty?,
            init,
            span: key.span.to(value.extent()),
        }))
    }

    fn listener(&mut self, key: &Node, value: &Node) -> Option<Item> {
        let name = self.name(key, "a listener's name");
        let args = if let NodeKind::Map(entries) = &value.kind {
            self.listener_args(entries)?
        } else {
            let (text, place) = self.text(
                value,
                "the listener's labels, such as `{on: caller, pattern: \"[0-9]\"}`",
            )?;
            let parsed = fragment::args(text, &place);
            self.keep(parsed)?
        };
        Some(Item::Listener(ListenerDecl {
            name: name?,
            args,
            span: key.span.to(value.extent()),
        }))
    }

    fn block(&mut self, key: &Node, value: &Node) -> Option<Item> {
        let name = self.name(key, "a block's name");
        let body = self.body(value)?;
        Some(Item::Block(BlockDecl {
            name: name?,
            body,
            span: key.span.to(value.extent()),
        }))
    }

    /// `TRIGGER: [STATEMENTS]`, at the top level or in a state.
    fn handler(&mut self, key: &Node, value: &Node) -> Option<Handler> {
        let trigger = self
            .text(key, "a trigger such as `new call` or `after bridge`")
            .and_then(|(text, place)| {
                let parsed = fragment::trigger(text, &place);
                self.keep(parsed)
            });
        let body = self.body(value)?;
        Some(Handler {
            trigger: trigger?,
            body,
            span: key.span.to(value.extent()),
        })
    }

    fn state(&mut self, key: &Node, value: &Node) -> Option<Item> {
        let name = self.name(key, "a state's name");
        let fields = self.fields(value, &["enter", "handlers"], "a state")?;
        let enter = match fields.get("enter") {
            Some(e) => Some(self.body(e)?),
            None => None,
        };
        let mut handlers = Vec::new();
        if let Some(node) = fields.get("handlers") {
            for (k, v) in self
                .map(node, "a map of triggers to statements")
                .unwrap_or_default()
            {
                handlers.extend(self.handler(k, v));
            }
        }
        Some(Item::State(StateDecl {
            name: name?,
            enter,
            handlers,
            span: key.span.to(value.extent()),
        }))
    }
}

/// A key written twice in one map.
pub(crate) fn duplicate_key(name: &str, second: Span, first: Span) -> Problem {
    Problem::error(
        Code::YamlDuplicateKey,
        format!("the key `{name}` appears twice"),
        second,
        "second time",
    )
    .with_label(first, "first time")
    .with_help("remove one of the two entries")
}

fn list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => quoted.join(""),
    }
}

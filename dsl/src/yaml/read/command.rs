//! Commands as YAML maps: the verb's keyword is the key of its subject and every other key is one
//! of its labels, as the verb table lists them (`{play: [hello, menu], to: caller}`). The table's
//! argument kinds say which values are text, written as plain YAML strings, and which are flow
//! expressions (`to: caller`, `timeout: 30s`).

use super::Reader;
use crate::ast::{Arg, Command, Expr, ExprKind, Ident, Stmt, StmtKind, TypeRef};
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use crate::parse::fragment;
use crate::yaml::node::{Node, NodeKind};
use crate::yaml::{scalar, template};
use interpreter::verb::{self, ArgKind, Verb};

/// How a value is written in the YAML form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// Flow text, such as `caller` or `30s`.
    Expr,
    /// Text as it is, with `${EXPR}` inserting values.
    Template,
    /// Text as it is, fixed when the flow is checked.
    Literal,
    /// A YAML number or boolean is that value; a string is text as in `Template`.
    Value,
}

impl Form {
    /// The form of an argument of this kind.
    pub(crate) fn of(kind: ArgKind) -> Self {
        match kind {
            ArgKind::Text | ArgKind::Texts | ArgKind::Headers => Form::Template,
            ArgKind::Literal | ArgKind::Keys | ArgKind::DigitPattern => Form::Literal,
            ArgKind::Leg
            | ArgKind::Legs
            | ArgKind::Prompt
            | ArgKind::Prompts
            | ArgKind::Phone
            | ArgKind::Millis
            | ArgKind::Seconds
            | ArgKind::Count
            | ArgKind::Flag
            | ArgKind::Word(_)
            | ArgKind::Listener
            | ArgKind::SipCode => Form::Expr,
        }
    }

    /// The form of a declaration's value: text for a text type, flow text otherwise.
    pub(crate) fn of_type(ty: Option<&TypeRef>) -> Self {
        match ty {
            Some(t) if t.name.name == "text" => Form::Template,
            _ => Form::Expr,
        }
    }
}

impl Reader<'_> {
    /// A statement map with a verb among its keys; `None` when no key is a verb.
    pub(crate) fn command(&mut self, node: &Node, entries: &[(Node, Node)]) -> Option<Stmt> {
        let (at, verb) = entries
            .iter()
            .enumerate()
            .find_map(|(i, (k, _))| match &k.kind {
                NodeKind::Scalar(name) => verb::find(name).map(|v| (i, v)),
                _ => None,
            })?;
        let (key, subject) = entries.get(at)?;
        let positional = match (&subject.kind, verb.subject) {
            (NodeKind::Null, _) => None,
            (_, Some(label)) => Some(self.value(subject, Form::of(label.kind))?),
            (_, None) => {
                self.problems.push(
                    Problem::error(
                        Code::YamlShape,
                        format!("`{}` takes no value of its own", verb.keyword),
                        subject.span,
                        "not expected here",
                    )
                    .with_help(format!(
                        "leave it empty (`{}:`) and give its labels as keys beside it",
                        verb.keyword
                    )),
                );
                return None;
            }
        };
        let others: Vec<&(Node, Node)> = entries
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, e)| e)
            .collect();
        let args = self.labels(verb, &others)?;
        Some(Stmt {
            kind: StmtKind::Command(Command {
                verb: Ident::new(verb.keyword, key.span),
                positional,
                args,
            }),
            span: node.extent(),
        })
    }

    /// A listener declared as a map of its labels: `{on: caller, pattern: "[0-9]"}`.
    pub(crate) fn listener_args(&mut self, entries: &[(Node, Node)]) -> Option<Vec<Arg>> {
        let all: Vec<&(Node, Node)> = entries.iter().collect();
        self.labels(&verb::LISTENER, &all)
    }

    /// Map entries as the labelled arguments of `verb`, each label at most once.
    fn labels(&mut self, verb: &Verb, entries: &[&(Node, Node)]) -> Option<Vec<Arg>> {
        let mut args: Vec<Arg> = Vec::new();
        let mut complete = true;
        for (key, value) in entries {
            let Some((name, _)) = self.text(key, "a label") else {
                complete = false;
                continue;
            };
            let Some(label) = verb.label(name) else {
                self.problems.push(unknown_label(verb, name, key));
                complete = false;
                continue;
            };
            if let Some(first) = args.iter().find(|a| a.label.name == name) {
                self.problems
                    .push(super::duplicate_key(name, key.span, first.label.span));
                complete = false;
                continue;
            }
            match self.value(value, Form::of(label.kind)) {
                Some(value) => args.push(Arg {
                    span: key.span.to(value.span),
                    label: Ident::new(name, key.span),
                    value,
                }),
                None => complete = false,
            }
        }
        complete.then_some(args)
    }

    /// A value in `form`; a list is a list of such values.
    pub(crate) fn value(&mut self, node: &Node, form: Form) -> Option<Expr> {
        match &node.kind {
            NodeKind::Seq(items) => {
                let mut values = Vec::new();
                for item in items {
                    values.push(self.value(item, form));
                }
                let values: Option<Vec<Expr>> = values.into_iter().collect();
                Some(Expr {
                    kind: ExprKind::List(values?),
                    span: node.extent(),
                })
            }
            NodeKind::Scalar(value) => {
                let place = scalar::place(value, self.source, node.span);
                let parsed = match form {
                    Form::Expr => fragment::expr(value, &place),
                    Form::Value if node.typed => fragment::expr(value, &place),
                    Form::Template | Form::Value => template::read(value, &place),
                    Form::Literal => Ok(Expr {
                        kind: ExprKind::Str(value.clone()),
                        span: node.span,
                    }),
                };
                self.keep(parsed)
            }
            NodeKind::Null | NodeKind::Map(_) => {
                let expected = match form {
                    Form::Expr => "a value in flow text, such as `caller` or `30s`",
                    Form::Template | Form::Literal | Form::Value => "text",
                };
                self.shape(node, expected);
                None
            }
        }
    }
}

fn unknown_label(verb: &Verb, name: &str, key: &Node) -> Problem {
    let what = if verb.keyword == "listener" {
        "a listener".to_owned()
    } else {
        format!("`{}`", verb.keyword)
    };
    let problem = Problem::error(
        Code::YamlUnknownKey,
        format!("unknown key `{name}` in {what}"),
        key.span,
        "not a label of this command",
    );
    let names: Vec<&str> = verb.label_names().collect();
    match did_you_mean(name, names.iter().copied()) {
        Some(near) => problem.with_help(format!("did you mean `{near}`?")),
        None if names.is_empty() => problem.with_help(format!("{what} takes no labels")),
        None => problem.with_help(format!("the labels of {what} are {}", super::list(&names))),
    }
}

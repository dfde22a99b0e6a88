//! Completion from the words before the cursor: verbs where a statement starts, the labels a
//! command still accepts, names of the type a place expects (a leg after `to`, prompts after
//! `play`), states after `goto`, blocks after `do`, events after `on` and verbs after `after`.
//! It reads text, not the tree, so it works on a line that does not parse yet; names come from
//! the last text that parsed.

use super::document::Document;
use super::index::{Decl, Kind};
use super::keywords;
use super::verbs::{self, Expects, Verb};
use crate::source::Syntax;
use lsp_types::{CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind};

pub fn complete(doc: &Document, offset: usize) -> Vec<CompletionItem> {
    let mut out = Items(Vec::new());
    let Some(before) = doc.text.get(..offset.min(doc.text.len())) else {
        return out.0;
    };
    if doc.syntax == Syntax::Yaml {
        // The YAML form's keys are structure; offer what its scalars hold.
        out.verbs();
        out.names(&doc.known, |_| true);
        return out.0;
    }
    let Some(ctx) = scan(before) else {
        return out.0;
    };
    let words = tokens(ctx.segment, before.ends_with(is_word_char));
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match ctx.owner.as_deref() {
        None | Some("state") => {
            let top = ctx.owner.is_none();
            match words.as_slice() {
                [] if top => out.keywords(keywords::ITEMS),
                [] => out.keywords(keywords::STATE_PARTS),
                ["on", rest @ ..] => trigger(&mut out, doc, rest),
                ["after", ..] => out.verbs(),
                ["listener", _, rest @ ..] if top => command(&mut out, doc, &verbs::LISTENER, rest),
                ["config" | "var", _] if top => {
                    out.plain(keywords::TYPES, CompletionItemKind::TYPE_PARAMETER)
                }
                ["config", _, _, "="] if top => out.plain(&["env"], CompletionItemKind::KEYWORD),
                ["prompts"] if top => out.plain(&["in"], CompletionItemKind::KEYWORD),
                ["prompts", "in"] if top => out.names(&doc.known, |d| d.kind == Kind::Config),
                ["var", _, _, "=", ..] if top => out.values(doc, None),
                _ => {}
            }
        }
        Some("prompts") => {}
        Some(owner) => match words.as_slice() {
            [] if owner == "match" => out.values(doc, None),
            [] => {
                out.verbs();
                out.keywords(keywords::STATEMENTS);
                out.names(&doc.known, |d| d.kind == Kind::Var);
            }
            ["goto"] => out.names(&doc.known, |d| d.kind == Kind::State),
            ["do"] => out.names(&doc.known, |d| d.kind == Kind::Block),
            ["note"] => out.plain(keywords::NOTE_KINDS, CompletionItemKind::ENUM_MEMBER),
            _ => match verbs::verb_at_start(&words) {
                Some((verb, n)) => command(&mut out, doc, verb, words.get(n..).unwrap_or_default()),
                None => out.values(doc, None),
            },
        },
    }
    out.0
}

/// After `on`.
fn trigger(out: &mut Items, doc: &Document, rest: &[&str]) {
    match rest {
        [] => {
            for (event, detail) in keywords::EVENTS {
                out.push(event, CompletionItemKind::EVENT, Some(detail), None);
            }
        }
        ["failed", ..] => out.verbs(),
        ["digits"] => out.names(&doc.known, |d| d.kind == Kind::Listener),
        ["hangup"] => out.values(doc, Some(Expects::Leg)),
        _ => {}
    }
}

/// Inside a command, after its verb: `rest` are the words written since.
fn command(out: &mut Items, doc: &Document, verb: &Verb, rest: &[&str]) {
    if let Some(label) = rest.last().and_then(|w| verb.label(w)) {
        out.values(doc, Some(verbs::expects(label.kind)));
        return;
    }
    let positional = verbs::positional(verb);
    if rest.is_empty() {
        if let Some(expects) = positional {
            out.values(doc, Some(expects));
        }
        // A required subject comes first: `play PROMPT to ...`.
        if verb.subject.is_some_and(|s| s.required) {
            return;
        }
    } else if rest.last() == Some(&",") && positional == Some(Expects::Prompts) {
        out.values(doc, Some(Expects::Prompts));
        return;
    }
    for l in verb.labels().filter(|l| !rest.contains(&l.name)) {
        out.push(
            l.name,
            CompletionItemKind::PROPERTY,
            Some(l.doc),
            Some(verbs::label_markdown(verb, l)),
        );
    }
}

struct Items(Vec<CompletionItem>);

impl Items {
    fn push(
        &mut self,
        label: &str,
        kind: CompletionItemKind,
        detail: Option<&str>,
        doc: Option<String>,
    ) {
        if self.0.iter().any(|i| i.label == label) {
            return;
        }
        self.0.push(CompletionItem {
            label: label.to_owned(),
            kind: Some(kind),
            detail: detail.map(str::to_owned),
            documentation: doc.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            ..CompletionItem::default()
        });
    }

    fn verbs(&mut self) {
        for v in verbs::VERBS {
            self.push(
                v.keyword,
                CompletionItemKind::KEYWORD,
                Some(v.doc),
                Some(verbs::markdown(v)),
            );
        }
    }

    fn keywords(&mut self, words: &[(&str, &str)]) {
        for (w, detail) in words {
            self.push(w, CompletionItemKind::KEYWORD, Some(detail), None);
        }
    }

    fn plain(&mut self, words: &[&str], kind: CompletionItemKind) {
        for w in words {
            self.push(w, kind, None, None);
        }
    }

    fn names(&mut self, known: &[Decl], keep: impl Fn(&Decl) -> bool) {
        for d in known.iter().filter(|d| keep(d)) {
            let kind = match d.kind {
                Kind::State => CompletionItemKind::CLASS,
                Kind::Block => CompletionItemKind::FUNCTION,
                Kind::Listener => CompletionItemKind::EVENT,
                Kind::Prompt => CompletionItemKind::FILE,
                Kind::Var => CompletionItemKind::VARIABLE,
                Kind::Config => CompletionItemKind::CONSTANT,
            };
            let detail = match &d.ty {
                Some(t) => format!("{} {t}", d.kind.word()),
                None => d.kind.word().to_owned(),
            };
            self.push(&d.name, kind, Some(&detail), None);
        }
    }

    /// Names (declared and built-in) of the type `expects` wants; every value name for `None`.
    fn values(&mut self, doc: &Document, expects: Option<Expects>) {
        let ty_fits = |ty: &str| match expects {
            None => true,
            Some(Expects::Leg | Expects::Legs) => ty == "leg",
            Some(Expects::Phone) => ty == "phone",
            Some(Expects::Text | Expects::Keys) => ty.starts_with("text") || ty == "phone",
            Some(Expects::Int) => ty == "int",
            Some(Expects::Duration) => ty == "duration",
            Some(Expects::Bool) => ty == "bool",
            Some(
                Expects::Prompt
                | Expects::Prompts
                | Expects::Listener
                | Expects::Words(_)
                | Expects::Headers,
            ) => false,
        };
        self.names(&doc.known, |d| match d.kind {
            Kind::Prompt => matches!(expects, None | Some(Expects::Prompt | Expects::Prompts)),
            Kind::Listener => matches!(expects, None | Some(Expects::Listener)),
            Kind::Var | Kind::Config => d.ty.as_deref().is_some_and(ty_fits),
            Kind::State | Kind::Block => false,
        });
        for name in keywords::builtin_names() {
            if let Some((ty, detail)) = keywords::builtin(name) {
                let fits =
                    ty_fits(ty) || (ty == "both" && matches!(expects, None | Some(Expects::Legs)));
                if fits {
                    self.push(name, CompletionItemKind::VARIABLE, Some(detail), None);
                }
            }
        }
        match expects {
            Some(Expects::Bool) => self.plain(&["true", "false"], CompletionItemKind::VALUE),
            Some(Expects::Words(words)) => self.plain(words, CompletionItemKind::ENUM_MEMBER),
            _ => {}
        }
    }
}

/// Where the cursor is: the words of its statement so far, and what the innermost brace
/// belongs to (`state`, `prompts`, `match`, a statement's first word; `None` at the top).
struct Context<'t> {
    owner: Option<String>,
    segment: &'t str,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Reads the text before the cursor; `None` when the cursor is in a string or a comment.
fn scan(before: &str) -> Option<Context<'_>> {
    let mut owners: Vec<String> = Vec::new();
    let mut seg = 0;
    // The previous line's start, for a label continuing a command on the next line.
    let mut prev_line: Option<usize> = None;
    let (mut in_string, mut in_comment, mut escaped) = (false, false, false);
    let mut chars = before.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
                prev_line = Some(seg);
                seg = i + 1;
            }
            continue;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '#' => in_comment = true,
            '{' => {
                let first = first_word(before.get(seg..i).unwrap_or_default());
                owners.push(first.to_owned());
                seg = i + 1;
                prev_line = None;
            }
            '}' => {
                owners.pop();
                seg = i + 1;
                prev_line = None;
            }
            ';' => {
                seg = i + 1;
                prev_line = None;
            }
            '\n' => {
                prev_line = Some(seg);
                seg = i + 1;
            }
            '-' if chars.peek().map(|(_, c)| *c) == Some('>') => {
                seg = i + 2;
                prev_line = None;
            }
            _ => {}
        }
    }
    if in_string || in_comment {
        return None;
    }
    let mut segment = before.get(seg..).unwrap_or_default();
    let first = first_word(segment);
    let owner = owners.last().cloned();
    let handler_level = matches!(owner.as_deref(), None | Some("state"));
    if verbs::label_words().contains(&first)
        && !(handler_level && first == "on")
        && let Some(start) = prev_line
    {
        segment = before.get(start..).unwrap_or(segment);
    }
    Some(Context { owner, segment })
}

fn first_word(s: &str) -> &str {
    let s = s.trim_start();
    let end = s.find(|c: char| !is_word_char(c)).unwrap_or(s.len());
    s.get(..end).unwrap_or_default()
}

/// The words and punctuation of a statement; strings become `"`; a word still being typed
/// (`partial`) is left out.
fn tokens(segment: &str, partial: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = segment.chars().peekable();
    while let Some(c) = chars.next() {
        if is_word_char(c) {
            let mut w = String::from(c);
            while let Some(&n) = chars.peek().filter(|n| is_word_char(**n)) {
                w.push(n);
                chars.next();
            }
            out.push(w);
        } else if c == '"' {
            for n in chars.by_ref() {
                if n == '"' {
                    break;
                }
            }
            out.push("\"".to_owned());
        } else if c == '#' {
            break;
        } else if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if partial {
        out.pop();
    }
    out
}

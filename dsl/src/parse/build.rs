//! pest pairs -> AST: the file's items and the handlers' triggers; statements and expressions are
//! in the submodules. Every node gets the file span of the text it came from.
//!
//! The grammar guarantees each pair's children; the builder still checks them, so that a grammar
//! change that breaks an assumption becomes a reported problem rather than a panic.

mod args;
mod expr;
mod literal;
mod stmt;

use super::error;
use super::place::Place;
use crate::ast::{Arg, Span};
use crate::ast::{
    BlockDecl, ConfigDecl, Flow, Handler, Ident, Item, ListenerDecl, Param, PromptEntry,
    PromptsDecl, StateDecl, SubflowDecl, Trigger, TriggerKind, TypeRef, UseDecl, VarDecl,
};
use crate::codes::Code;
use crate::diagnostic::Problem;
use crate::grammar::Rule;
use pest::iterators::{Pair, Pairs};
use std::iter::Peekable;

/// How deeply blocks and expressions may nest: far beyond any real flow, well within the stack.
pub(crate) const MAX_DEPTH: usize = 100;

pub(crate) type Built<T> = Result<T, Problem>;

/// Turns pairs into AST nodes. Problems that leave the tree intact (a bad escape, an
/// out-of-range number) are collected so that one run reports them all.
pub(crate) struct Builder<'p> {
    place: &'p Place,
    depth: usize,
    pub(crate) problems: Vec<Problem>,
}

/// The children of one pair, taken in order.
pub(crate) struct Children<'i> {
    pairs: Peekable<Pairs<'i, Rule>>,
    parent: pest::Span<'i>,
}

impl<'i> Children<'i> {
    pub(crate) fn of(pair: Pair<'i, Rule>) -> Self {
        Self {
            parent: pair.as_span(),
            pairs: pair.into_inner().peekable(),
        }
    }

    /// The next child if it is a `rule`.
    pub(crate) fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        self.pairs.next_if(|p| p.as_rule() == rule)
    }

    /// The next child, which must be a `rule`.
    pub(crate) fn expect(&mut self, rule: Rule, b: &Builder<'_>) -> Built<Pair<'i, Rule>> {
        match self.pairs.next() {
            Some(pair) if pair.as_rule() == rule => Ok(pair),
            Some(pair) => Err(b.unexpected(pair.as_span())),
            None => Err(b.unexpected(self.parent)),
        }
    }

    /// The next child, whatever it is.
    pub(crate) fn next_any(&mut self, b: &Builder<'_>) -> Built<Pair<'i, Rule>> {
        self.pairs.next().ok_or_else(|| b.unexpected(self.parent))
    }

    pub(crate) fn peek_rule(&mut self) -> Option<Rule> {
        self.pairs.peek().map(Pair::as_rule)
    }
}

impl<'p> Builder<'p> {
    pub(crate) fn new(place: &'p Place) -> Self {
        Self {
            place,
            depth: 0,
            problems: Vec::new(),
        }
    }

    pub(crate) fn span(&self, span: pest::Span<'_>) -> Span {
        self.place.span(span.start(), span.end())
    }

    /// A pair's span without the whitespace and comments pest may count at its end (it skips
    /// them before trying a repetition that then matches nothing).
    pub(crate) fn span_of(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        let end = span.start() + code_len(span.as_str());
        self.place.span(span.start(), end)
    }

    pub(crate) fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident::new(pair.as_str(), self.span_of(pair))
    }

    /// A pair the builder did not expect: the grammar and the builder disagree.
    pub(crate) fn unexpected(&self, span: pest::Span<'_>) -> Problem {
        Problem::error(
            Code::ParseSyntax,
            "the parser met a construct it does not know",
            self.span(span),
            "not understood",
        )
        .with_help(
            "this is a fault in the flow parser, not in the flow: please report it with this file",
        )
    }

    /// Runs `build` one nesting level deeper, refusing to go past [`MAX_DEPTH`].
    pub(crate) fn nested<T>(
        &mut self,
        span: Span,
        build: impl FnOnce(&mut Self) -> Built<T>,
    ) -> Built<T> {
        if self.depth >= MAX_DEPTH {
            return Err(error::nesting(span));
        }
        self.depth += 1;
        let built = build(self);
        self.depth -= 1;
        built
    }

    /// Counts `levels` more levels of nesting (a chain of operators builds a deep tree without
    /// recursing); `release` gives them back.
    pub(crate) fn deepen(&mut self, levels: usize, span: Span) -> Built<()> {
        if self.depth + levels > MAX_DEPTH {
            return Err(error::nesting(span));
        }
        self.depth += levels;
        Ok(())
    }

    pub(crate) fn release(&mut self, levels: usize) {
        self.depth = self.depth.saturating_sub(levels);
    }

    /// `file`
    pub(crate) fn flow(&mut self, file: Pair<'_, Rule>) -> Built<Flow> {
        let mut c = Children::of(file);
        let mut items = Vec::new();
        let name = match c.take(Rule::subflow_header) {
            Some(header) => {
                let decl = self.subflow_header(header)?;
                let name = decl.name.clone();
                items.push(Item::Subflow(decl));
                name
            }
            None => {
                let header = c.expect(Rule::flow_header, self)?;
                let mut h = Children::of(header);
                h.expect(Rule::kw_flow, self)?;
                self.ident(&h.expect(Rule::ident, self)?)
            }
        };
        while let Some(rule) = c.peek_rule() {
            let pair = c.next_any(self)?;
            if rule != Rule::EOI {
                items.push(self.item(pair)?);
            }
        }
        Ok(Flow {
            name,
            items,
            comments: Vec::new(),
        })
    }

    /// `subflow NAME(PARAM TYPE, ...) [returns TYPE]`
    fn subflow_header(&mut self, pair: Pair<'_, Rule>) -> Built<SubflowDecl> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        c.expect(Rule::w_subflow, self)?;
        let name = self.ident(&c.expect(Rule::ident, self)?);
        let mut params = Vec::new();
        while let Some(param) = c.take(Rule::param) {
            let span = self.span_of(&param);
            let mut p = Children::of(param);
            let name = self.ident(&p.expect(Rule::ident, self)?);
            let ty = self.type_ref(p.expect(Rule::type_ref, self)?)?;
            params.push(Param { name, ty, span });
        }
        let result = match c.take(Rule::w_returns) {
            Some(_) => Some(self.type_ref(c.expect(Rule::type_ref, self)?)?),
            None => None,
        };
        Ok(SubflowDecl {
            name,
            params,
            result,
            span,
        })
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Built<Item> {
        Ok(match pair.as_rule() {
            Rule::use_decl => {
                let span = self.span_of(&pair);
                let mut c = Children::of(pair);
                c.expect(Rule::w_use, self)?;
                let path = self.str_lit(c.expect(Rule::string, self)?)?;
                Item::Use(UseDecl { path, span })
            }
            Rule::config_decl => Item::Config(self.config(pair)?),
            Rule::prompts_decl => Item::Prompts(self.prompts(pair)?),
            Rule::var_decl => Item::Var(self.var(pair)?),
            Rule::listener_decl => Item::Listener(self.listener(pair)?),
            Rule::block_decl => Item::Block(self.block_decl(pair)?),
            Rule::state_decl => Item::State(self.state(pair)?),
            Rule::handler => Item::Handler(self.handler(pair)?),
            Rule::intent_decl => Item::Intent(self.intent(pair)?),
            _ => return Err(self.unexpected(pair.as_span())),
        })
    }

    fn config(&mut self, pair: Pair<'_, Rule>) -> Built<ConfigDecl> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        c.expect(Rule::kw_config, self)?;
        let name = self.ident(&c.expect(Rule::ident, self)?);
        let ty = self.type_ref(c.expect(Rule::type_ref, self)?)?;
        c.expect(Rule::kw_env, self)?;
        let env = self.ident(&c.expect(Rule::env_name, self)?);
        let default = match c.take(Rule::kw_or) {
            Some(_) => Some(self.expr(c.expect(Rule::expr, self)?)?),
            None => None,
        };
        Ok(ConfigDecl {
            name,
            ty,
            env,
            default,
            span,
        })
    }

    fn prompts(&mut self, pair: Pair<'_, Rule>) -> Built<PromptsDecl> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        c.expect(Rule::kw_prompts, self)?;
        c.expect(Rule::kw_in, self)?;
        let bucket = self.ident(&c.expect(Rule::ident, self)?);
        let mut entries = Vec::new();
        while let Some(entry) = c.take(Rule::prompt_entry) {
            entries.push(self.prompt_entry(entry)?);
        }
        Ok(PromptsDecl {
            bucket,
            entries,
            span,
        })
    }

    pub(crate) fn prompt_entry(&mut self, pair: Pair<'_, Rule>) -> Built<PromptEntry> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        let name = self.ident(&c.expect(Rule::ident, self)?);
        let file = self.str_lit(c.expect(Rule::string, self)?)?;
        Ok(PromptEntry { name, file, span })
    }

    fn var(&mut self, pair: Pair<'_, Rule>) -> Built<VarDecl> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        c.expect(Rule::kw_var, self)?;
        let name = self.ident(&c.expect(Rule::ident, self)?);
        let ty = self.type_ref(c.expect(Rule::type_ref, self)?)?;
        let init = match c.take(Rule::expr) {
            Some(e) => Some(self.expr(e)?),
            None => None,
        };
        Ok(VarDecl {
            name,
            ty,
            init,
            span,
        })
    }

    /// `type_ref`: `int`, `text(64)`.
    pub(crate) fn type_ref(&mut self, pair: Pair<'_, Rule>) -> Built<TypeRef> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        let name = self.ident(&c.expect(Rule::ident, self)?);
        let max_len = c.take(Rule::int).map(|n| self.unsigned(&n));
        Ok(TypeRef {
            name,
            max_len,
            span,
        })
    }

    fn listener(&mut self, pair: Pair<'_, Rule>) -> Built<ListenerDecl> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        c.expect(Rule::kw_listener, self)?;
        let name = self.ident(&c.expect(Rule::ident, self)?);
        let args = self.args(&mut c)?;
        Ok(ListenerDecl { name, args, span })
    }

    /// A listener's arguments, all labelled.
    pub(crate) fn args(&mut self, c: &mut Children<'_>) -> Built<Vec<Arg>> {
        let of = args::ArgsOf::Verb(&interpreter::verb::LISTENER);
        let (positional, args) = self.command_args(of, c)?;
        match positional {
            None => Ok(args),
            Some(p) => Err(Problem::error(
                Code::ParseSyntax,
                "expected an argument label",
                p.span,
                "a value without a label",
            )
            .with_help("a listener's arguments are labelled: `on`, `pattern`, `between`, `flush`")),
        }
    }

    fn block_decl(&mut self, pair: Pair<'_, Rule>) -> Built<BlockDecl> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        c.expect(Rule::kw_block, self)?;
        let name = self.ident(&c.expect(Rule::ident, self)?);
        let body = self.block(c.expect(Rule::block, self)?)?;
        Ok(BlockDecl { name, body, span })
    }

    fn state(&mut self, pair: Pair<'_, Rule>) -> Built<StateDecl> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        c.expect(Rule::kw_state, self)?;
        let name = self.ident(&c.expect(Rule::ident, self)?);
        let mut enter: Option<(Span, crate::ast::Block)> = None;
        let mut handlers = Vec::new();
        while let Some(rule) = c.peek_rule() {
            let part = c.next_any(self)?;
            match rule {
                Rule::enter_block => {
                    let mut e = Children::of(part);
                    let keyword = self.span_of(&e.expect(Rule::kw_enter, self)?);
                    let block = self.block(e.expect(Rule::block, self)?)?;
                    match &enter {
                        Some((first, _)) => self.problems.push(duplicate_enter(keyword, *first)),
                        None => enter = Some((keyword, block)),
                    }
                }
                Rule::handler => handlers.push(self.handler(part)?),
                _ => return Err(self.unexpected(part.as_span())),
            }
        }
        Ok(StateDecl {
            name,
            enter: enter.map(|(_, block)| block),
            handlers,
            span,
        })
    }

    pub(crate) fn handler(&mut self, pair: Pair<'_, Rule>) -> Built<Handler> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        let trigger = self.trigger(c.expect(Rule::trigger, self)?)?;
        let body = self.block(c.expect(Rule::block, self)?)?;
        Ok(Handler {
            trigger,
            body,
            span,
        })
    }

    /// `trigger`: `on EVENT` or `after VERBS`.
    fn trigger(&mut self, pair: Pair<'_, Rule>) -> Built<Trigger> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        c.take(Rule::kw_on);
        let event = c.next_any(self)?;
        Ok(Trigger {
            kind: self.event(event)?,
            span,
        })
    }

    /// One event of a trigger, without `on` (the YAML form's handler keys are written so).
    pub(crate) fn event(&mut self, pair: Pair<'_, Rule>) -> Built<TriggerKind> {
        let rule = pair.as_rule();
        let mut c = Children::of(pair.clone());
        let optional_name =
            |c: &mut Children<'_>, b: &Self| c.take(Rule::ident).map(|p| b.ident(&p));
        Ok(match rule {
            Rule::on_new_call => TriggerKind::NewCall,
            Rule::on_answered => TriggerKind::Answered,
            Rule::on_update => TriggerKind::Update,
            Rule::on_invalid => TriggerKind::InvalidResponse,
            Rule::on_failed => {
                c.expect(Rule::kw_failed, self)?;
                match c.take(Rule::verb_list) {
                    Some(list) => TriggerKind::Failed(self.verbs(list)?),
                    None => TriggerKind::Failed(Vec::new()),
                }
            }
            Rule::after => {
                c.expect(Rule::kw_after, self)?;
                TriggerKind::After(self.verbs(c.expect(Rule::verb_list, self)?)?)
            }
            Rule::on_digits => {
                c.expect(Rule::w_digits, self)?;
                TriggerKind::Digits(optional_name(&mut c, self))
            }
            Rule::on_hangup => {
                c.expect(Rule::w_hangup, self)?;
                TriggerKind::Hangup(optional_name(&mut c, self))
            }
            _ => return Err(self.unexpected(pair.as_span())),
        })
    }

    fn verbs(&mut self, list: Pair<'_, Rule>) -> Built<Vec<Ident>> {
        let mut c = Children::of(list);
        let mut verbs = Vec::new();
        while let Some(verb) = c.take(Rule::verb) {
            verbs.push(self.verb(&verb));
        }
        Ok(verbs)
    }

    /// A verb as written, its words joined by one space.
    pub(crate) fn verb(&self, pair: &Pair<'_, Rule>) -> Ident {
        let words: Vec<&str> = pair.as_str().split_whitespace().collect();
        Ident::new(words.join(" "), self.span_of(pair))
    }
}

/// The length of `text` without trailing whitespace and comments.
fn code_len(text: &str) -> usize {
    let mut code = text.trim_end();
    loop {
        // Strings never span lines, so the last line starts outside any string.
        let line_start = code.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = code.get(line_start..).unwrap_or("");
        let Some(hash) = comment_start(line) else {
            return code.len();
        };
        code = code.get(..line_start + hash).unwrap_or("").trim_end();
    }
}

/// Where a comment starts in one line, outside strings.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return Some(i),
            _ => {}
        }
    }
    None
}

fn duplicate_enter(second: Span, first: Span) -> Problem {
    Problem::error(
        Code::ParseDuplicateEnter,
        "a state has two `enter` blocks",
        second,
        "second `enter` block",
    )
    .with_label(first, "first `enter` block")
    .with_help("merge the two blocks into one `enter` block")
}

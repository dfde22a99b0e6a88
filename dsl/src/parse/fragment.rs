//! One piece of flow text inside a YAML scalar, parsed with the grammar's `yaml_*` entry rules.
//!
//! Spans point into the YAML file through a [`Place`]; problems are the text front end's, so a
//! mistake reads the same in both syntaxes.

use super::build::{Builder, Built, Children};
use super::error;
use super::place::Place;
use crate::ast::{Arg, Expr, Ident, Stmt, Trigger, TypeRef};
use crate::diagnostic::Problem;
use crate::grammar::Rule;
use pest::iterators::Pair;

/// Parses `text` as `rule` and builds its single child with `build`.
fn fragment<T>(
    rule: Rule,
    text: &str,
    place: &Place,
    build: impl FnOnce(&mut Builder<'_>, Children<'_>) -> Built<T>,
) -> Result<T, Vec<Problem>> {
    let mut pairs =
        crate::grammar::parse(rule, text).map_err(|e| vec![error::from_pest(&e, text, place)])?;
    let mut builder = Builder::new(place);
    let built = match pairs.next() {
        Some(pair) => build(&mut builder, Children::of(pair)),
        None => Err(error::nesting(place.span(0, text.len()))),
    };
    let mut problems = builder.problems;
    match built {
        Ok(value) if problems.is_empty() => Ok(value),
        Ok(_) => Err(problems),
        Err(problem) => {
            problems.push(problem);
            Err(problems)
        }
    }
}

/// A name: a flow's, a config value's, a block's or a state's.
pub(crate) fn name(text: &str, place: &Place) -> Result<Ident, Vec<Problem>> {
    fragment(Rule::yaml_name, text, place, |b, mut c| {
        Ok(b.ident(&c.expect(Rule::ident, b)?))
    })
}

/// An environment variable's name.
pub(crate) fn env_name(text: &str, place: &Place) -> Result<Ident, Vec<Problem>> {
    fragment(Rule::yaml_env, text, place, |b, mut c| {
        Ok(b.ident(&c.expect(Rule::env_name, b)?))
    })
}

pub(crate) fn type_ref(text: &str, place: &Place) -> Result<TypeRef, Vec<Problem>> {
    fragment(Rule::yaml_type, text, place, |b, mut c| {
        let pair = c.expect(Rule::type_ref, b)?;
        b.type_ref(pair)
    })
}

pub(crate) fn expr(text: &str, place: &Place) -> Result<Expr, Vec<Problem>> {
    fragment(Rule::yaml_expr, text, place, |b, mut c| {
        let pair = c.expect(Rule::expr, b)?;
        b.expr(pair)
    })
}

/// The patterns of a match arm: `"5", "6"`.
pub(crate) fn patterns(text: &str, place: &Place) -> Result<Vec<Expr>, Vec<Problem>> {
    fragment(Rule::yaml_patterns, text, place, |b, mut c| {
        let mut list = Children::of(c.expect(Rule::pattern_list, b)?);
        let mut patterns = Vec::new();
        while let Some(pattern) = list.take(Rule::expr) {
            patterns.push(b.expr(pattern)?);
        }
        Ok(patterns)
    })
}

/// A listener's arguments: `on owner_leg pattern "[5-7]"`.
pub(crate) fn args(text: &str, place: &Place) -> Result<Vec<Arg>, Vec<Problem>> {
    fragment(Rule::yaml_args, text, place, |b, mut c| b.args(&mut c))
}

/// One property: `never play notice to owner_leg`.
pub(crate) fn intent(text: &str, place: &Place) -> Result<crate::ast::IntentDecl, Vec<Problem>> {
    fragment(Rule::yaml_intent, text, place, |b, mut c| {
        let pair: Pair<'_, Rule> = c.next_any(b)?;
        b.intent(pair)
    })
}

/// One simple statement: a command, an assignment, `goto`, `do`, `note`, `continue` or `done`.
pub(crate) fn stmt(text: &str, place: &Place) -> Result<Stmt, Vec<Problem>> {
    fragment(Rule::yaml_stmt, text, place, |b, mut c| {
        let pair: Pair<'_, Rule> = c.next_any(b)?;
        b.stmt(pair)
    })
}

/// A handler's key: the event as written after `on` (`new call`, `failed play`), or `after VERBS`.
pub(crate) fn trigger(text: &str, place: &Place) -> Result<Trigger, Vec<Problem>> {
    fragment(Rule::yaml_trigger, text, place, |b, mut c| {
        let pair = c.next_any(b)?;
        let span = b.span_of(&pair);
        Ok(Trigger {
            kind: b.event(pair)?,
            span,
        })
    })
}

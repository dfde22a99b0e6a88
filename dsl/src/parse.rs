//! Text front end: `.flow` source -> AST.
//!
//! pest parses the text with `flow.pest`; [`build`] turns the pairs into AST nodes carrying byte
//! spans; [`error`] turns a failed parse into a problem with a code and, in words, what was
//! expected. Comments are found beside the grammar ([`comments`]). The YAML front end reuses the
//! same rules for the flow text inside its scalars ([`fragment`]).

mod build;
mod comments;
mod error;
pub(crate) mod fragment;
pub(crate) mod place;

pub(crate) use build::MAX_DEPTH;
pub(crate) use error::nesting;

use crate::ast::Flow;
use crate::diagnostic::Problem;
use crate::grammar::Rule;
use build::Builder;
use place::Place;

/// Parses a `.flow` file. On failure, every problem found: one for a syntax error (parsing stops
/// there), or all the bad numbers, escapes and misplaced `else` arms of a file that parses.
pub fn parse_flow(source: &str) -> Result<Flow, Vec<Problem>> {
    parse_placed(source, Place::File)
}

/// Parses an imported file whose spans start at `base` (see [`crate::subflow`]).
pub(crate) fn parse_flow_at(source: &str, base: usize) -> Result<Flow, Vec<Problem>> {
    parse_placed(source, Place::Offset(base))
}

fn parse_placed(source: &str, place: Place) -> Result<Flow, Vec<Problem>> {
    let mut pairs = crate::grammar::parse(Rule::file, source)
        .map_err(|e| vec![error::from_pest(&e, source, &place)])?;
    let mut builder = Builder::new(&place);
    let flow = match pairs.next() {
        Some(file) => builder.flow(file),
        None => Err(error::nesting(crate::ast::Span::new(0, 0))),
    };
    let mut problems = builder.problems;
    match flow {
        Ok(mut flow) if problems.is_empty() => {
            flow.comments = comments::scan(source);
            Ok(flow)
        }
        Ok(_) => Err(problems),
        Err(problem) => {
            problems.push(problem);
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests;

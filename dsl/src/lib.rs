//! The call-flow language front end: source text (flow or YAML) to checked IR.

pub mod ast;
pub mod check;
pub mod codes;
pub mod compile;
pub mod diagnostic;
pub mod grammar;
pub mod parse;
pub mod source;

//! The call-flow language front end: source text (flow or YAML) to checked IR.

pub mod ast;
pub mod check;
pub mod codes;
pub mod compile;
pub mod diagnostic;
#[cfg(feature = "cli")]
pub mod files;
pub mod format;
pub mod grammar;
pub mod graph;
mod lines;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod parse;
pub mod source;
pub mod subflow;
pub mod yaml;

//! The language server's analysis: what an editor asks about an open flow, answered from the
//! same parser, checker and formatter as `dsl check` and `dsl fmt`. Pure: the `dsl lsp` command
//! owns the transport (stdio) and the file system (prompt files beside the flow), and hands each
//! message to [`Server`].
//!
//! Pipeline position: editor text -> [`Document`] (parse, check, [`index::Index`] of names) ->
//! answers (diagnostics, hover, navigation, completion, symbols, formatting, state diagram).

mod complete;
mod diagnostics;
mod document;
mod hover;
pub mod index;
pub mod keywords;
mod navigate;
mod position;
mod server;
mod symbols;
pub mod verbs;

pub use document::Document;
pub use position::LineIndex;
pub use server::{GRAPH_COMMAND, Notification, RequestError, Server, Workspace, capabilities};

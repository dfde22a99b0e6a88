//! The protocol's methods over open documents: notifications in, diagnostics out; requests in,
//! answers out, as JSON values. The transport is the caller's; so is the file system, reached
//! through [`Workspace`] for each flow's prompt files.

use super::complete::complete;
use super::diagnostics::diagnostics;
use super::document::Document;
use super::hover::hover;
use super::navigate;
use super::symbols::symbols;
use crate::check::PromptFiles;
use crate::source::{Syntax, render};
use lsp_types::{
    CompletionOptions, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentFormattingParams, DocumentSymbolParams,
    ExecuteCommandOptions, ExecuteCommandParams, GotoDefinitionParams, HoverParams,
    HoverProviderCapability, Location, OneOf, PublishDiagnosticsParams, ReferenceParams,
    RenameOptions, RenameParams, ServerCapabilities, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;

/// The command that returns the state diagram of an open flow: arguments `[uri]` or
/// `[uri, "mermaid" | "dot"]`.
pub const GRAPH_COMMAND: &str = "dsl.graph";

/// What the server needs from its surroundings.
pub trait Workspace {
    /// Where the prompt files of the flow at `uri` are (its folder's `prompts/`).
    fn prompt_files(&self, uri: &Uri) -> Box<dyn PromptFiles>;
}

/// A notification for the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub method: String,
    pub params: Value,
}

/// A request that cannot be answered, with the protocol's error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    pub code: i32,
    pub message: String,
}

impl RequestError {
    const INVALID_PARAMS: i32 = -32602;
    const METHOD_NOT_FOUND: i32 = -32601;
    const REQUEST_FAILED: i32 = -32803;

    fn failed(message: impl Into<String>) -> Self {
        Self {
            code: Self::REQUEST_FAILED,
            message: message.into(),
        }
    }
}

/// What the server offers, for the answer to `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".to_owned(), ",".to_owned()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![GRAPH_COMMAND.to_owned()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

pub struct Server<W: Workspace> {
    workspace: W,
    docs: HashMap<String, Document>,
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, RequestError> {
    serde_json::from_value(value).map_err(|e| RequestError {
        code: RequestError::INVALID_PARAMS,
        message: e.to_string(),
    })
}

fn json<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl<W: Workspace> Server<W> {
    pub fn new(workspace: W) -> Self {
        Self {
            workspace,
            docs: HashMap::new(),
        }
    }

    /// The open document at `uri`.
    pub fn document(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(uri.as_str())
    }

    /// Handles a notification; returns what to tell the editor (diagnostics after a change).
    pub fn notify(&mut self, method: &str, value: Value) -> Vec<Notification> {
        match method {
            "textDocument/didOpen" => {
                let Ok(p) = params::<DidOpenTextDocumentParams>(value) else {
                    return Vec::new();
                };
                self.set(
                    &p.text_document.uri,
                    p.text_document.text,
                    Some(p.text_document.version),
                )
            }
            "textDocument/didChange" => {
                let Ok(p) = params::<DidChangeTextDocumentParams>(value) else {
                    return Vec::new();
                };
                let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
                    return Vec::new();
                };
                let mut text = doc.text.clone();
                for change in p.content_changes {
                    match change.range {
                        None => text = change.text,
                        Some(range) => {
                            // Positions are relative to the text after the previous change.
                            let lines = super::LineIndex::new(&text);
                            let span = lines.span(&text, range);
                            if text.is_char_boundary(span.start) && text.is_char_boundary(span.end)
                            {
                                text.replace_range(span.start..span.end, &change.text);
                            }
                        }
                    }
                }
                self.set(&p.text_document.uri, text, Some(p.text_document.version))
            }
            "textDocument/didClose" => {
                let Ok(p) = params::<DidCloseTextDocumentParams>(value) else {
                    return Vec::new();
                };
                self.docs.remove(p.text_document.uri.as_str());
                vec![publish(&p.text_document.uri, Vec::new(), None)]
            }
            _ => Vec::new(),
        }
    }

    fn set(&mut self, uri: &Uri, text: String, version: Option<i32>) -> Vec<Notification> {
        let name = uri
            .path()
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let syntax = Syntax::from_name(&name).unwrap_or(Syntax::Flow);
        let prompts = self.workspace.prompt_files(uri);
        let previous = self.docs.remove(uri.as_str());
        let doc = Document::new(&name, text, syntax, prompts.as_ref(), previous.as_ref());
        let found = diagnostics(uri, &doc);
        self.docs.insert(uri.as_str().to_owned(), doc);
        vec![publish(uri, found, version)]
    }

    fn doc(&self, uri: &Uri) -> Result<&Document, RequestError> {
        self.docs
            .get(uri.as_str())
            .ok_or_else(|| RequestError::failed(format!("`{}` is not open", uri.as_str())))
    }

    fn at(&self, p: &TextDocumentPositionParams) -> Result<(&Document, usize), RequestError> {
        let doc = self.doc(&p.text_document.uri)?;
        Ok((doc, doc.offset(p.position)))
    }

    /// Answers a request.
    pub fn request(&mut self, method: &str, value: Value) -> Result<Value, RequestError> {
        match method {
            "textDocument/hover" => {
                let p: HoverParams = params(value)?;
                let (doc, offset) = self.at(&p.text_document_position_params)?;
                Ok(json(hover(doc, offset)))
            }
            "textDocument/definition" => {
                let p: GotoDefinitionParams = params(value)?;
                let uri = p.text_document_position_params.text_document.uri.clone();
                let (doc, offset) = self.at(&p.text_document_position_params)?;
                Ok(json(
                    navigate::definition(doc, offset).map(|s| Location::new(uri, doc.range(s))),
                ))
            }
            "textDocument/references" => {
                let p: ReferenceParams = params(value)?;
                let uri = p.text_document_position.text_document.uri.clone();
                let (doc, offset) = self.at(&p.text_document_position)?;
                let spans = navigate::references(doc, offset, p.context.include_declaration);
                let found: Vec<Location> = spans
                    .into_iter()
                    .map(|s| Location::new(uri.clone(), doc.range(s)))
                    .collect();
                Ok(json(found))
            }
            "textDocument/prepareRename" => {
                let p: TextDocumentPositionParams = params(value)?;
                let (doc, offset) = self.at(&p)?;
                Ok(json(
                    navigate::prepare_rename(doc, offset).map(|s| doc.range(s)),
                ))
            }
            "textDocument/rename" => {
                let p: RenameParams = params(value)?;
                let uri = p.text_document_position.text_document.uri.clone();
                let (doc, offset) = self.at(&p.text_document_position)?;
                let edits =
                    navigate::rename(doc, offset, &p.new_name).map_err(RequestError::failed)?;
                #[expect(
                    clippy::mutable_key_type,
                    reason = "the protocol type keys edits by URI; a URI's cache never changes its hash"
                )]
                let changes = HashMap::from([(uri, edits)]);
                Ok(json(WorkspaceEdit::new(changes)))
            }
            "textDocument/completion" => {
                let p: TextDocumentPositionParams = params(value)?;
                let (doc, offset) = self.at(&p)?;
                Ok(json(complete(doc, offset)))
            }
            "textDocument/documentSymbol" => {
                let p: DocumentSymbolParams = params(value)?;
                let doc = self.doc(&p.text_document.uri)?;
                Ok(json(symbols(doc)))
            }
            "textDocument/formatting" => {
                let p: DocumentFormattingParams = params(value)?;
                let doc = self.doc(&p.text_document.uri)?;
                let Some(flow) = &doc.flow else {
                    // Nothing to format until the text parses; its diagnostics say why.
                    return Ok(Value::Null);
                };
                let formatted = render(flow, doc.syntax);
                let edits = if formatted == doc.text {
                    Vec::new()
                } else {
                    let whole = doc.range(crate::ast::Span::new(0, doc.text.len()));
                    vec![TextEdit::new(whole, formatted)]
                };
                Ok(json(edits))
            }
            "workspace/executeCommand" => {
                let p: ExecuteCommandParams = params(value)?;
                if p.command != GRAPH_COMMAND {
                    return Err(RequestError::failed(format!(
                        "unknown command `{}`",
                        p.command
                    )));
                }
                let uri: Uri = p
                    .arguments
                    .first()
                    .and_then(|a| a.as_str())
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| RequestError::failed("the first argument is the flow's URI"))?;
                let doc = self.doc(&uri)?;
                let compiled = doc.compiled.as_ref().ok_or_else(|| {
                    RequestError::failed("the flow has errors: fix them to draw its diagram")
                })?;
                let dot = p.arguments.get(1).and_then(|a| a.as_str()) == Some("dot");
                Ok(Value::String(if dot {
                    crate::graph::dot(compiled)
                } else {
                    crate::graph::mermaid(compiled)
                }))
            }
            _ => Err(RequestError {
                code: RequestError::METHOD_NOT_FOUND,
                message: format!("`{method}` is not supported"),
            }),
        }
    }
}

fn publish(
    uri: &Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Notification {
    Notification {
        method: "textDocument/publishDiagnostics".to_owned(),
        params: json(PublishDiagnosticsParams::new(
            uri.clone(),
            diagnostics,
            version,
        )),
    }
}

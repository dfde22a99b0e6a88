//! `dsl lsp`: the language server over standard input and output. This file is the transport
//! and the file system; the analysis is the library's (`dsl::lsp`).

use super::{Outcome, failure};
use dsl::check::{NoPromptFiles, PromptFiles};
use dsl::files::FolderPrompts;
use dsl::lsp::{Server, Workspace, capabilities};
use lsp_server::{Connection, Message, Response};
use lsp_types::Uri;
use std::path::PathBuf;

/// Prompt files are read from the `prompts/` folder beside each flow on disk.
struct Disk;

impl Workspace for Disk {
    fn prompt_files(&self, uri: &Uri) -> Box<dyn PromptFiles> {
        match file_path(uri) {
            Some(path) => Box::new(FolderPrompts::beside(&path)),
            None => Box::new(NoPromptFiles),
        }
    }
}

/// The path of a `file:` URI.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().map(|s| s.as_str()) != Some("file") {
        return None;
    }
    Some(PathBuf::from(percent_decode(uri.path().as_str())?))
}

fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            let hex = std::str::from_utf8(&hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

pub(crate) fn run() -> Outcome {
    let (connection, io_threads) = Connection::stdio();
    let caps = match serde_json::to_value(capabilities()) {
        Ok(caps) => caps,
        Err(e) => return failure(e),
    };
    if let Err(e) = connection.initialize(caps) {
        return failure(format!("the editor did not initialise the server: {e}"));
    }
    let outcome = serve(&connection);
    drop(connection);
    match io_threads.join() {
        Ok(()) => outcome,
        Err(e) => failure(e),
    }
}

fn serve(connection: &Connection) -> Outcome {
    let mut server = Server::new(Disk);
    for message in &connection.receiver {
        match message {
            Message::Request(req) => {
                match connection.handle_shutdown(&req) {
                    Ok(true) => return Outcome::Clean,
                    Ok(false) => {}
                    Err(e) => return failure(e),
                }
                let response = match server.request(&req.method, req.params) {
                    Ok(value) => Response::new_ok(req.id, value),
                    Err(e) => Response::new_err(req.id, e.code, e.message),
                };
                if connection.sender.send(response.into()).is_err() {
                    return failure("the editor closed the connection");
                }
            }
            Message::Notification(n) => {
                for out in server.notify(&n.method, n.params) {
                    let note = lsp_server::Notification::new(out.method, out.params);
                    if connection.sender.send(note.into()).is_err() {
                        return failure("the editor closed the connection");
                    }
                }
            }
            Message::Response(_) => {}
        }
    }
    Outcome::Clean
}

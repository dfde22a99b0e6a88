//! The local commands: `invoke` answers one event from stdin exactly as the Lambda would;
//! `replay` answers a stream of events (a JSON array, JSON lines, or whole JSON documents such as a
//! pretty-printed event), one answer per event, carrying each answer's `TransactionAttributes` into
//! the next event of the same call as the SMA does.

use crate::app::App;
use interpreter::wire::{EventType, Response, TransactionAttributes, decode_event};
use std::collections::HashMap;
use std::io::{BufRead, Read, Write};

/// `handler invoke`: one event on stdin, the answer on stdout.
pub async fn invoke(app: &App, mut input: impl Read, mut out: impl Write) -> std::io::Result<()> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let response = app.handle(&bytes).await;
    writeln!(out, "{}", encode(&response))?;
    out.flush()
}

/// Options of `handler replay`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplayOptions {
    /// Send every event as it is, without the attributes of the previous answer.
    pub as_is: bool,
}

/// What a replay did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReplaySummary {
    pub events: u64,
    pub unusable: u64,
}

/// `handler replay`: answers every event of `input`, streaming.
pub async fn replay(
    app: &App,
    mut input: impl BufRead,
    mut out: impl Write,
    options: ReplayOptions,
) -> std::io::Result<ReplaySummary> {
    let mut replayer = Replayer {
        app,
        options,
        carried: HashMap::new(),
        summary: ReplaySummary::default(),
    };
    let first = first_significant_byte(&mut input)?;
    if first == Some(b'[') {
        replayer.array(input, &mut out).await?;
    } else {
        let mut line = Vec::new();
        let mut document = Vec::new();
        let mut balance = Balance::default();
        loop {
            line.clear();
            if input.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            if document.is_empty() && line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // A line that opens an object it does not close continues on the next lines: a
            // pretty-printed event is one document, however many lines it spans.
            document.extend_from_slice(&line);
            if balance.open_after(&line) {
                continue;
            }
            let response = replayer.one(&document).await;
            writeln!(out, "{}", encode(&response))?;
            document.clear();
            balance = Balance::default();
        }
        if !document.is_empty() {
            let response = replayer.one(&document).await;
            writeln!(out, "{}", encode(&response))?;
        }
    }
    out.flush()?;
    Ok(replayer.summary)
}

struct Replayer<'a> {
    app: &'a App,
    options: ReplayOptions,
    /// The attributes of each call's last answer, by transaction id; dropped when the call ends.
    carried: HashMap<String, TransactionAttributes>,
    summary: ReplaySummary,
}

impl Replayer<'_> {
    async fn one(&mut self, bytes: &[u8]) -> Response {
        self.summary.events += 1;
        let mut event = match decode_event(bytes) {
            Ok(e) => e,
            Err(_) => {
                self.summary.unusable += 1;
                return self.app.handle(bytes).await;
            }
        };
        let id = event.call.transaction_id.clone();
        if !self.options.as_is
            && let Some(attributes) = self.carried.get(&id)
        {
            event.call.transaction_attributes = attributes.clone();
        }
        let ended = event.event_type == EventType::Hangup
            && !event
                .call
                .participants
                .iter()
                .any(|p| p.status != Some(interpreter::wire::LegStatus::Disconnected));
        let answer = self.app.answer(event);
        self.app.record(&answer).await;
        let response = answer.turn.response;
        if ended {
            self.carried.remove(&id);
        } else if let Some(attributes) = response.transaction_attributes() {
            self.carried.insert(id, attributes.clone());
        }
        response
    }

    /// A JSON array of events, answered element by element as it is read.
    async fn array(&mut self, input: impl BufRead, out: &mut impl Write) -> std::io::Result<()> {
        // Elements are split off the stream one by one, so memory stays flat on any length.
        let mut splitter = ArraySplitter::new(input);
        while let Some(element) = splitter.next_element()? {
            let response = self.one(&element).await;
            writeln!(out, "{}", encode(&response))?;
        }
        Ok(())
    }
}

fn encode(response: &Response) -> String {
    serde_json::to_string(response)
        .unwrap_or_else(|_| r#"{"SchemaVersion":"1.0","Actions":[]}"#.to_owned())
}

fn first_significant_byte(input: &mut impl BufRead) -> std::io::Result<Option<u8>> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        if let Some(pos) = buf.iter().position(|b| !b.is_ascii_whitespace()) {
            let b = buf.get(pos).copied();
            input.consume(pos);
            return Ok(b);
        }
        let len = buf.len();
        input.consume(len);
    }
}

/// Tracks the nesting of JSON text read line by line (strings and escapes included), to tell
/// whether a document that started on an earlier line is still open.
#[derive(Debug, Default)]
struct Balance {
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Whether the document opened with a bracket: anything else is one line, as JSON lines are.
    bracketed: Option<bool>,
}

impl Balance {
    /// Takes in one more line; true when the document is still open after it.
    fn open_after(&mut self, line: &[u8]) -> bool {
        for &b in line {
            if self.bracketed.is_none() {
                if b.is_ascii_whitespace() {
                    continue;
                }
                self.bracketed = Some(b == b'{' || b == b'[');
            }
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.bracketed == Some(true) && self.depth > 0
    }
}

/// Splits the top-level elements of a JSON array read from a stream, without parsing them: it
/// tracks strings and nesting depth, so each element's bytes can be answered on their own.
struct ArraySplitter<R> {
    input: R,
    started: bool,
    done: bool,
}

impl<R: BufRead> ArraySplitter<R> {
    fn new(input: R) -> Self {
        Self {
            input,
            started: false,
            done: false,
        }
    }

    fn byte(&mut self) -> std::io::Result<Option<u8>> {
        let buf = self.input.fill_buf()?;
        let Some(b) = buf.first().copied() else {
            return Ok(None);
        };
        self.input.consume(1);
        Ok(Some(b))
    }

    fn next_element(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        if !self.started {
            // Skip the opening bracket.
            while let Some(b) = self.byte()? {
                if b == b'[' {
                    break;
                }
            }
            self.started = true;
        }
        let mut element = Vec::new();
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        while let Some(b) = self.byte()? {
            if in_string {
                element.push(b);
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
                continue;
            }
            match b {
                b'"' => {
                    in_string = true;
                    element.push(b);
                }
                b'{' | b'[' => {
                    depth += 1;
                    element.push(b);
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    element.push(b);
                }
                b']' => {
                    self.done = true;
                    return Ok(non_blank(element));
                }
                b',' if depth == 0 => {
                    if let Some(e) = non_blank(element) {
                        return Ok(Some(e));
                    }
                    element = Vec::new();
                }
                _ => element.push(b),
            }
        }
        self.done = true;
        Ok(non_blank(element))
    }
}

fn non_blank(element: Vec<u8>) -> Option<Vec<u8>> {
    (!element.iter().all(u8::is_ascii_whitespace)).then_some(element)
}

#[cfg(test)]
mod tests {
    use super::ArraySplitter;

    #[test]
    fn splits_top_level_elements_only() {
        let text = br#" [ {"a":[1,2],"s":"x,]}\"y"} , 3 ,{"b":{}} ] "#;
        let mut s = ArraySplitter::new(&text[..]);
        let mut out = Vec::new();
        while let Some(e) = s.next_element().unwrap() {
            out.push(String::from_utf8(e).unwrap().trim().to_owned());
        }
        assert_eq!(
            out,
            vec![r#"{"a":[1,2],"s":"x,]}\"y"}"#, "3", r#"{"b":{}}"#]
        );
    }

    #[test]
    fn a_pretty_printed_object_stays_open_until_its_last_brace() {
        let mut b = super::Balance::default();
        assert!(b.open_after(b"{\n"));
        assert!(b.open_after(b"  \"a\": \"}{\\\"\",\n"));
        assert!(b.open_after(b"  \"b\": [1,\n"));
        assert!(b.open_after(b"  2]\n"));
        assert!(!b.open_after(b"}\n"));
    }

    #[test]
    fn a_line_that_is_not_an_object_is_one_document() {
        assert!(!super::Balance::default().open_after(b"this is { not JSON\n"));
        assert!(!super::Balance::default().open_after(b"{\"a\":1}\n"));
    }

    #[test]
    fn empty_array_has_no_elements() {
        let mut s = ArraySplitter::new(&b"[ ]"[..]);
        assert!(s.next_element().unwrap().is_none());
    }
}

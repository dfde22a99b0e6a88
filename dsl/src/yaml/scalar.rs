//! Where each byte of a scalar's value was written in the YAML file, so that flow text inside a
//! scalar gets spans into the file even when quotes, escapes or folded lines changed it.

use crate::ast::Span;
use crate::parse::place::Place;

/// The placement of `value`, a scalar written at `span` of `source`.
pub(crate) fn place(value: &str, source: &str, span: Span) -> Place {
    let written = source.get(span.start..span.end).unwrap_or("");
    match align(value, written) {
        Some(offsets) => Place::Mapped(offsets.into_iter().map(|o| o + span.start).collect()),
        None => Place::Whole(span),
    }
}

/// For each byte of `value` (and its end), its offset in `written`: each character of the value
/// is found in order, skipping what the YAML syntax added (quotes, backslashes, indentation).
fn align(value: &str, written: &str) -> Option<Vec<usize>> {
    let mut offsets = Vec::with_capacity(value.len() + 1);
    let mut rest = written.char_indices().peekable();
    let mut end = 0;
    for c in value.chars() {
        let at = loop {
            let (i, w) = rest.next()?;
            if w == c {
                break i;
            }
            // A folded line break reads as a space; an escape stands for the character after it.
            if c == ' ' && (w == '\n' || w == '\r') {
                break i;
            }
            if !matches!(w, '\'' | '"' | '\\' | ' ' | '\t' | '\n' | '\r') && !is_escape_letter(w) {
                return None;
            }
        };
        for k in 0..c.len_utf8() {
            offsets.push(at + k);
        }
        end = at + c.len_utf8();
        // A doubled single quote stands for one: skip the second.
        if c == '\'' && rest.peek().is_some_and(|&(_, w)| w == '\'') {
            rest.next();
        }
    }
    offsets.push(end.max(offsets.last().map_or(0, |&o| o)));
    Some(offsets)
}

/// Letters of double-quoted escapes (`\n`, `\t`, `\x41`...) that stand for another character.
fn is_escape_letter(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::align;

    #[test]
    fn plain_and_quoted_values_map_to_their_bytes() {
        assert_eq!(align("ab", "ab"), Some(vec![0, 1, 2]));
        assert_eq!(align("\"x\"", "'\"x\"'"), Some(vec![1, 2, 3, 4]));
        assert_eq!(align("it's", "'it''s'"), Some(vec![1, 2, 3, 5, 6]));
        assert_eq!(align("a b", "a\n  b"), Some(vec![0, 1, 4, 5]));
        assert_eq!(align("a\"b", "\"a\\\"b\""), Some(vec![1, 3, 4, 5]));
    }

    #[test]
    fn unmatched_values_have_no_alignment() {
        assert_eq!(align("xyz", "abc"), None);
    }
}

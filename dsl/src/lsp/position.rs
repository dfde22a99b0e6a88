//! Byte offsets (the AST's spans) to and from the protocol's line and UTF-16 column positions.
//! Every conversion clamps: a position past a line's end or the file's end means that end, so a
//! request from an editor that is one edit ahead still gets an answer.

use crate::ast::Span;
use lsp_types::{Position, Range};

/// Where each line of a text starts.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            starts,
            len: text.len(),
        }
    }

    /// The byte offset of a position in `text` (the text this index was made from).
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = usize::try_from(pos.line).unwrap_or(usize::MAX);
        let Some(&start) = self.starts.get(line) else {
            return self.len;
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.len, |next| next.saturating_sub(1));
        let Some(line_text) = text.get(start..end) else {
            return self.len.min(start);
        };
        let mut units = 0u32;
        for (i, c) in line_text.char_indices() {
            if units >= pos.character {
                return start + i;
            }
            units = units.saturating_add(u32::try_from(c.len_utf16()).unwrap_or(2));
        }
        end
    }

    /// The position of a byte offset in `text`; an offset inside a character means its start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(self.len);
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let character = text.get(start..end).map_or(0, |s| s.encode_utf16().count());
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte span of a range.
    pub fn span(&self, text: &str, range: Range) -> Span {
        let start = self.offset(text, range.start);
        let end = self.offset(text, range.end);
        Span::new(start.min(end), end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip_over_wide_characters() {
        let text = "ab\nné😀x\n\nlast";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let pos = index.position(text, offset);
            assert_eq!(index.offset(text, pos), offset, "{offset} {pos:?}");
        }
        // The emoji is two UTF-16 units wide.
        let x = text.find('x').unwrap_or_default();
        assert_eq!(index.position(text, x), Position::new(1, 4));
    }

    #[test]
    fn positions_past_the_end_clamp() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(0, 99)), 2);
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(index.position(text, 999), Position::new(1, 2));
    }
}

//! Where the text being parsed sits in its file, so that every span points into the file.
//!
//! A `.flow` file is parsed whole, so its offsets are the file's. The YAML front end parses one
//! scalar at a time; a scalar's value may differ from what was written (quotes, escapes, folded
//! lines), so each byte of the value carries the offset it was written at.

use crate::ast::Span;

/// How offsets in the parsed text become offsets in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// The text is the file itself.
    File,
    /// The text is a whole file placed at this offset: an imported file, whose spans sit past
    /// the importing file's so that one span says which file it is in.
    Offset(usize),
    /// `offsets[i]` is the file offset of byte `i` of the text; one more entry marks its end.
    Mapped(Vec<usize>),
    /// The text could not be matched to the file byte by byte: every span is the whole scalar.
    Whole(Span),
}

impl Place {
    /// The file span of the text's bytes `start..end`.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        match self {
            Place::File => Span::new(start, end.max(start)),
            Place::Offset(base) => Span::new(base + start, base + end.max(start)),
            Place::Mapped(offsets) => {
                let last = offsets.last().copied().unwrap_or(0);
                let at = |i: usize| offsets.get(i).copied().unwrap_or(last);
                let (s, e) = (at(start), at(end));
                Span::new(s, e.max(s))
            }
            Place::Whole(span) => *span,
        }
    }

    /// The placement of the text's bytes `start..end`, as text of its own.
    pub(crate) fn slice(&self, start: usize, end: usize) -> Place {
        match self {
            Place::File => Place::Mapped((start..=end).collect()),
            Place::Offset(base) => Place::Mapped((start..=end).map(|i| base + i).collect()),
            Place::Mapped(offsets) => {
                let last = offsets.last().copied().unwrap_or(0);
                Place::Mapped(
                    (start..=end)
                        .map(|i| offsets.get(i).copied().unwrap_or(last))
                        .collect(),
                )
            }
            Place::Whole(span) => Place::Whole(*span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Place;
    use crate::ast::Span;

    #[test]
    fn maps_each_byte_and_the_end() {
        let place = Place::Mapped(vec![10, 11, 13, 14]);
        assert_eq!(place.span(0, 3), Span::new(10, 14));
        assert_eq!(place.span(1, 2), Span::new(11, 13));
        assert_eq!(place.span(2, 99), Span::new(13, 14));
        assert_eq!(Place::File.span(3, 5), Span::new(3, 5));
        assert_eq!(Place::Whole(Span::new(4, 9)).span(0, 1), Span::new(4, 9));
    }
}

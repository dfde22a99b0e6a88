//! The comments of a YAML flow: a `#` at the start of a line or after a space, outside every
//! scalar (the tree gives the scalars' places, so `#` inside a quoted string is no comment).

use super::node::Node;
use crate::ast::{Comment, Span};

pub(crate) fn scan(source: &str, root: &Node) -> Vec<Comment> {
    let mut scalars = Vec::new();
    root.scalar_spans(&mut scalars);
    scalars.retain(|s| !s.is_empty());
    scalars.sort_by_key(|s| s.start);
    let inside = |at: usize| {
        // The last scalar starting at or before `at` is the only one that can hold it.
        let i = scalars.partition_point(|s| s.start <= at);
        i > 0 && scalars.get(i - 1).is_some_and(|s| at < s.end)
    };
    let mut comments = Vec::new();
    let mut line_start = 0;
    for line in source.split_inclusive('\n') {
        let mut previous: Option<char> = None;
        for (i, c) in line.char_indices() {
            let at = line_start + i;
            if c == '#' && previous.is_none_or(char::is_whitespace) && !inside(at) {
                let text = line.get(i + 1..).unwrap_or("").trim_end();
                let before = line.get(..i).unwrap_or("");
                comments.push(Comment {
                    text: text.to_owned(),
                    span: Span::new(at, at + 1 + text.len()),
                    trailing: !before.trim().is_empty(),
                });
                break;
            }
            previous = Some(c);
        }
        line_start += line.len();
    }
    comments
}

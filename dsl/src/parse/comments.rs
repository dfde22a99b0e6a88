//! The comments of a `.flow` file, found beside the grammar (which skips them) so that the
//! formatter and the converter can keep them.

use crate::ast::{Comment, Span};

/// Every `#` comment outside strings, in source order.
pub(crate) fn scan(source: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut code_on_line = false;
    let mut chars = source.char_indices();
    while let Some((at, c)) = chars.next() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                // A string never spans lines; the parser has already rejected one that tries.
                '\n' | '\r' => {
                    in_string = false;
                    code_on_line = false;
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                code_on_line = true;
            }
            '\n' | '\r' => code_on_line = false,
            '#' => {
                let rest = source.get(at..).unwrap_or("");
                let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
                let text = rest.get(1..len).unwrap_or("").trim_end();
                comments.push(Comment {
                    text: text.to_owned(),
                    span: Span::new(at, at + 1 + text.len()),
                    trailing: code_on_line,
                });
                // Skip the comment's text; the line break is seen by the loop.
                let end = at + len;
                while chars.clone().next().is_some_and(|(i, _)| i < end) {
                    chars.next();
                }
            }
            c if c.is_whitespace() => {}
            _ => code_on_line = true,
        }
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::scan;

    #[test]
    fn finds_comments_outside_strings() {
        let src =
            "# head\nflow x # after\nlistener k on caller terminators \"#\"  # t\n  #  own  \n";
        let found: Vec<(String, bool)> = scan(src)
            .into_iter()
            .map(|c| (c.text, c.trailing))
            .collect();
        assert_eq!(
            found,
            [
                (" head".to_owned(), false),
                (" after".to_owned(), true),
                (" t".to_owned(), true),
                ("  own".to_owned(), false),
            ]
        );
        let first = scan(src).into_iter().next().map(|c| c.span);
        assert_eq!(first.map(|s| (s.start, s.end)), Some((0, 6)));
    }
}

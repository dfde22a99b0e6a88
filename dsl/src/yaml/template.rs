//! Text values in the YAML form: a YAML string in a text position is the text itself, so YAML
//! tools see the value and not flow syntax; `${EXPR}` inserts a value computed by the flow, and
//! `$${` stands for a literal `${`.
//!
//! `to: ${recording_bucket}/${recording_prefix}` is `recording_bucket + "/" + recording_prefix`:
//! the parts are joined with `+` from the left, exactly as the text form parses a chain of `+`, so
//! both forms give the same tree.

use crate::ast::{BinaryOp, Expr, ExprKind, Span};
use crate::codes::Code;
use crate::diagnostic::Problem;
use crate::format::format_expr;
use crate::parse::fragment;
use crate::parse::place::Place;

/// The expression a text value stands for.
pub(crate) fn read(value: &str, place: &Place) -> Result<Expr, Vec<Problem>> {
    let mut parts: Vec<Expr> = Vec::new();
    let mut literal = String::new();
    let mut literal_start = 0;
    let mut problems = Vec::new();
    let mut i = 0;
    while let Some(rest) = value.get(i..).filter(|r| !r.is_empty()) {
        if rest.starts_with("$${") {
            if literal.is_empty() {
                literal_start = i;
            }
            literal.push_str("${");
            i += 3;
        } else if rest.starts_with("${") {
            let inner = i + 2;
            let Some(len) = closing(value.get(inner..).unwrap_or("")) else {
                return Err(vec![unclosed(place.span(i, value.len()))]);
            };
            if !literal.is_empty() {
                parts.push(text(
                    std::mem::take(&mut literal),
                    place.span(literal_start, i),
                ));
            }
            let code = value.get(inner..inner + len).unwrap_or("");
            match fragment::expr(code, &place.slice(inner, inner + len)) {
                Ok(e) => parts.push(e),
                Err(mut p) => problems.append(&mut p),
            }
            i = inner + len + 1;
        } else {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            if literal.is_empty() {
                literal_start = i;
            }
            literal.push_str(rest.get(..c).unwrap_or(""));
            i += c;
        }
    }
    if !literal.is_empty() || parts.is_empty() && problems.is_empty() {
        parts.push(text(literal, place.span(literal_start, value.len())));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut parts = parts.into_iter();
    let first = parts
        .next()
        .unwrap_or_else(|| text(String::new(), place.span(0, 0)));
    Ok(parts.fold(first, |l, r| Expr {
        span: l.span.to(r.span),
        kind: ExprKind::Binary(BinaryOp::Add, Box::new(l), Box::new(r)),
    }))
}

/// The text value that reads back as `e`.
pub(crate) fn write(e: &Expr) -> String {
    let mut parts = Vec::new();
    spine(e, &mut parts);
    let mut out = String::new();
    let mut after_text = false;
    for part in &parts {
        match &part.kind {
            // Two texts in a row would read back as one; an empty one would vanish.
            ExprKind::Str(s) if !after_text && (!s.is_empty() || parts.len() == 1) => {
                out.push_str(&s.replace("${", "$${"));
                after_text = true;
            }
            _ => {
                out.push_str("${");
                out.push_str(&format_expr(part));
                out.push('}');
                after_text = false;
            }
        }
    }
    out
}

/// The operands of a chain of `+`, left to right.
fn spine<'e>(e: &'e Expr, parts: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary(BinaryOp::Add, l, r) => {
            spine(l, parts);
            parts.push(r);
        }
        _ => parts.push(e),
    }
}

fn text(value: String, span: Span) -> Expr {
    Expr {
        kind: ExprKind::Str(value),
        span,
    }
}

/// The length of the expression before its closing `}`, skipping quoted text inside it.
fn closing(code: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in code.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '}' if !in_string => return Some(i),
            _ => {}
        }
    }
    None
}

fn unclosed(span: Span) -> Problem {
    Problem::error(
        Code::YamlShape,
        "a `${` in a text value is not closed",
        span,
        "no `}` ends this value",
    )
    .with_help("write `${NAME}` to insert a value, or `$${` for the characters `${` themselves")
}

#[cfg(test)]
mod tests {
    use super::{read, write};
    use crate::format::format_expr;
    use crate::parse::place::Place;

    fn back(value: &str) -> String {
        let e = read(value, &Place::File).unwrap();
        format_expr(&e)
    }

    #[test]
    fn text_and_inserted_values_join_with_plus() {
        assert_eq!(back("originalAudio"), "\"originalAudio\"");
        assert_eq!(back("${a}/${b}"), "a + \"/\" + b");
        assert_eq!(back("${a}"), "a");
        assert_eq!(back(""), "\"\"");
        assert_eq!(back("cost $${x}"), "\"cost ${x}\"");
        assert_eq!(back("${f(\"}\")}!"), "f(\"}\") + \"!\"");
    }

    #[test]
    fn written_values_read_back_the_same() {
        for value in ["a ${b} c", "a${\"b\"}", "$${x}", "${a - 2}", "x${\"\"}"] {
            let e = read(value, &Place::File).unwrap();
            assert_eq!(write(&e), value);
        }
    }

    #[test]
    fn an_unclosed_value_is_located() {
        let problems = read("ab ${c", &Place::File).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code.as_str(), "flow::yaml::shape");
    }
}

//! Go to definition, find references and rename, over the index of names. A rename is refused
//! when the new name is not a name, is taken in the same namespace or by a built-in, or when the
//! renamed flow would not parse or would gain a duplicate-name finding (the checker decides).

use super::document::Document;
use super::index::{At, Index};
use super::keywords;
use crate::ast::Span;
use crate::codes::Code;
use crate::source::parse_source;
use lsp_types::TextEdit;

/// The declaration at or used at `offset`.
pub fn decl_at(index: &Index, offset: usize) -> Option<usize> {
    match index.at(offset)? {
        At::Name(i) => Some(i),
        _ => None,
    }
}

pub fn definition(doc: &Document, offset: usize) -> Option<Span> {
    let i = decl_at(&doc.index, offset)?;
    doc.index.decls.get(i).map(|d| d.span)
}

pub fn references(doc: &Document, offset: usize, with_declaration: bool) -> Vec<Span> {
    let Some(i) = decl_at(&doc.index, offset) else {
        return Vec::new();
    };
    let decl = doc
        .index
        .decls
        .get(i)
        .filter(|_| with_declaration)
        .map(|d| d.span);
    decl.into_iter().chain(doc.index.uses(i)).collect()
}

/// The name that a rename at `offset` would change, and its span there.
pub fn prepare_rename(doc: &Document, offset: usize) -> Option<Span> {
    let i = decl_at(&doc.index, offset)?;
    let on = |s: &Span| s.start <= offset && offset <= s.end;
    let decl = doc.index.decls.get(i)?;
    std::iter::once(decl.span)
        .chain(doc.index.uses(i))
        .find(|s| on(s))
}

/// The edits of a rename, or why it is refused.
pub fn rename(doc: &Document, offset: usize, new_name: &str) -> Result<Vec<TextEdit>, String> {
    let i = decl_at(&doc.index, offset).ok_or("there is no declared name here to rename")?;
    let decl = doc
        .index
        .decls
        .get(i)
        .ok_or("there is no declared name here to rename")?;
    if !is_name(new_name) {
        return Err(format!(
            "`{new_name}` is not a name: use letters, digits and `_`, starting with a letter"
        ));
    }
    if new_name == decl.name {
        return Ok(Vec::new());
    }
    let ns = decl.kind.namespace();
    if let Some(other) = doc
        .index
        .decls
        .iter()
        .find(|d| d.kind.namespace() == ns && d.name == new_name)
    {
        return Err(format!(
            "`{new_name}` is already the name of a {}",
            other.kind.word()
        ));
    }
    if ns == 2 && keywords::builtin(new_name).is_some() {
        return Err(format!("`{new_name}` is a built-in name"));
    }
    let mut spans: Vec<Span> = std::iter::once(decl.span)
        .chain(doc.index.uses(i))
        .collect();
    spans.sort_unstable();
    spans.dedup();
    // The checker has the last word: the renamed flow must parse and gain no duplicate name.
    let renamed = apply(&doc.text, &spans, new_name);
    let before = duplicates(doc.problems.iter().map(|p| p.code));
    match parse_source("", &renamed, doc.syntax) {
        Err(report) => {
            let why = report
                .problems()
                .iter()
                .find(|p| p.code == Code::ParseReservedWord)
                .map_or(
                    "the flow would no longer parse",
                    |_| "it is a reserved word",
                );
            return Err(format!("cannot rename to `{new_name}`: {why}"));
        }
        Ok(flow) => {
            let after = crate::check::check_flow(&flow);
            if duplicates(after.problems.iter().map(|p| p.code)) > before {
                return Err(format!(
                    "cannot rename to `{new_name}`: it would clash with another name"
                ));
            }
        }
    }
    Ok(spans
        .into_iter()
        .map(|s| TextEdit::new(doc.range(s), new_name.to_owned()))
        .collect())
}

fn duplicates(codes: impl Iterator<Item = Code>) -> usize {
    codes.filter(|c| *c == Code::CheckDuplicateName).count()
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `text` with every span (sorted, disjoint) replaced by `with`.
fn apply(text: &str, spans: &[Span], with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.push_str(text.get(at..s.start).unwrap_or_default());
        out.push_str(with);
        at = s.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

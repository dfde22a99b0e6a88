//! Go to definition, find references and rename, over the index of names. A rename is refused
//! when the grammar would not read the new name as a name (a keyword or a label), or when it is
//! taken in the same namespace (the checker's namespaces) or by a built-in.

use super::document::Document;
use super::index::{At, Index};
use super::keywords;
use crate::ast::Span;
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
    let nothing = "there is no declared name here to rename";
    let i = decl_at(&doc.index, offset).ok_or(nothing)?;
    let decl = doc.index.decls.get(i).ok_or(nothing)?;
    if !is_word(new_name) {
        return Err(format!(
            "`{new_name}` is not a name: use letters, digits and `_`, starting with a letter"
        ));
    }
    if !is_name(new_name) {
        return Err(format!(
            "cannot rename to `{new_name}`: it is a reserved word"
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
            "cannot rename to `{new_name}`: it is already the name of a {}",
            other.kind.word()
        ));
    }
    if ns == 2 && keywords::builtin(new_name).is_some() {
        return Err(format!(
            "cannot rename to `{new_name}`: it is a built-in name"
        ));
    }
    let mut spans: Vec<Span> = std::iter::once(decl.span)
        .chain(doc.index.uses(i))
        .collect();
    spans.sort_unstable();
    spans.dedup();
    Ok(spans
        .into_iter()
        .map(|s| TextEdit::new(doc.range(s), new_name.to_owned()))
        .collect())
}

/// Whether the grammar reads `s` as a name (not a keyword or an argument label).
fn is_name(s: &str) -> bool {
    crate::grammar::parse(crate::grammar::Rule::yaml_name, s).is_ok()
}

/// Whether `s` is spelt like a name, reserved or not.
fn is_word(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

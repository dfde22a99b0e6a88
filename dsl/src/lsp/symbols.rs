//! Document symbols: the outline of a flow (states with their handlers, flow-wide handlers,
//! blocks, and the declarations), from the tree.

use super::document::Document;
use crate::ast;
use lsp_types::{DocumentSymbol, SymbolKind};

pub fn symbols(doc: &Document) -> Vec<DocumentSymbol> {
    let Some(flow) = &doc.flow else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in &flow.items {
        match item {
            ast::Item::Config(c) => {
                out.push(symbol(
                    doc,
                    &c.name.name,
                    SymbolKind::CONSTANT,
                    c.span,
                    c.name.span,
                    Vec::new(),
                ));
            }
            ast::Item::Prompts(p) => {
                for e in &p.entries {
                    out.push(symbol(
                        doc,
                        &e.name.name,
                        SymbolKind::FILE,
                        e.span,
                        e.name.span,
                        Vec::new(),
                    ));
                }
            }
            ast::Item::Var(v) => {
                out.push(symbol(
                    doc,
                    &v.name.name,
                    SymbolKind::VARIABLE,
                    v.span,
                    v.name.span,
                    Vec::new(),
                ));
            }
            ast::Item::Listener(l) => {
                out.push(symbol(
                    doc,
                    &l.name.name,
                    SymbolKind::EVENT,
                    l.span,
                    l.name.span,
                    Vec::new(),
                ));
            }
            ast::Item::Block(b) => {
                out.push(symbol(
                    doc,
                    &b.name.name,
                    SymbolKind::FUNCTION,
                    b.span,
                    b.name.span,
                    Vec::new(),
                ));
            }
            ast::Item::Handler(h) => out.push(handler(doc, h)),
            ast::Item::Intent(_) | ast::Item::Use(_) | ast::Item::Subflow(_) => {}
            ast::Item::State(s) => {
                let mut children = Vec::new();
                if let Some(e) = &s.enter {
                    children.push(symbol(
                        doc,
                        "enter",
                        SymbolKind::METHOD,
                        e.span,
                        e.span,
                        Vec::new(),
                    ));
                }
                children.extend(s.handlers.iter().map(|h| handler(doc, h)));
                out.push(symbol(
                    doc,
                    &s.name.name,
                    SymbolKind::CLASS,
                    s.span,
                    s.name.span,
                    children,
                ));
            }
        }
    }
    out
}

fn handler(doc: &Document, h: &ast::Handler) -> DocumentSymbol {
    let name = doc
        .slice(h.trigger.span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let name = if name.is_empty() {
        "on".to_owned()
    } else {
        name
    };
    symbol(
        doc,
        &name,
        SymbolKind::METHOD,
        h.span,
        h.trigger.span,
        Vec::new(),
    )
}

fn symbol(
    doc: &Document,
    name: &str,
    kind: SymbolKind,
    span: ast::Span,
    selection: ast::Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let range = doc.range(span.to(selection));
    #[expect(
        deprecated,
        reason = "the protocol type still has the field; it must be set"
    )]
    DocumentSymbol {
        name: name.to_owned(),
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: doc.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}

//! Generated trees survive formatting and conversion: parentheses, escapes, durations and quoting
//! are right for any shape, not only for the shapes of the sample flows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/shape.rs"]
mod shape;

use dsl::ast::*;
use proptest::prelude::*;
use shape::shape;

fn span() -> Span {
    Span::default()
}

fn ident(name: &str) -> Ident {
    Ident::new(name, span())
}

fn e(kind: ExprKind) -> Expr {
    Expr { kind, span: span() }
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        prop::sample::select(vec!["a", "caller", "digits", "x_1"])
            .prop_map(|n| e(ExprKind::Name(ident(n)))),
        (0..=i64::MAX).prop_map(|n| e(ExprKind::Int(n))),
        any::<u64>().prop_map(|ms| e(ExprKind::Duration(ms))),
        "[0-9]{1,12}".prop_map(|d| e(ExprKind::Phone(format!("+{d}")))),
        "[^\r\n]{0,8}".prop_map(|s| e(ExprKind::Str(s))),
        "(\\\\|\"|\n|\t|#|'|: ){1,3}".prop_map(|s| e(ExprKind::Str(s))),
        any::<bool>().prop_map(|b| e(ExprKind::Bool(b))),
        Just(e(ExprKind::None)),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        let binary = prop::sample::select(vec![
            BinaryOp::Or,
            BinaryOp::And,
            BinaryOp::Eq,
            BinaryOp::Ne,
            BinaryOp::Lt,
            BinaryOp::Le,
            BinaryOp::Gt,
            BinaryOp::Ge,
            BinaryOp::In,
            BinaryOp::Add,
            BinaryOp::Sub,
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| e(ExprKind::List(v))),
            inner
                .clone()
                .prop_map(|x| e(ExprKind::Field(Box::new(x), ident("area")))),
            prop::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| e(ExprKind::Call(ident("nanp"), v))),
            inner
                .clone()
                .prop_map(|x| e(ExprKind::Unary(UnaryOp::Not, Box::new(x)))),
            inner
                .clone()
                .prop_map(|x| e(ExprKind::Unary(UnaryOp::Neg, Box::new(x)))),
            (binary, inner.clone(), inner.clone()).prop_map(|(op, l, r)| e(ExprKind::Binary(
                op,
                Box::new(l),
                Box::new(r)
            ))),
            (inner, any::<bool>()).prop_map(|(x, negated)| e(ExprKind::Is {
                subject: Box::new(x),
                negated,
                word: ident("paused"),
            })),
        ]
    })
}

fn stmt(kind: StmtKind) -> Stmt {
    Stmt { kind, span: span() }
}

fn block(stmts: Vec<Stmt>) -> Block {
    Block {
        stmts,
        span: span(),
    }
}

/// A flow using `x` in an initial value, a command, a condition and a match pattern.
fn flow(x: Expr) -> Flow {
    let command = Command {
        verb: ident("play"),
        positional: Some(x.clone()),
        args: vec![Arg {
            label: ident("to"),
            value: x.clone(),
            span: span(),
        }],
    };
    let body = block(vec![
        stmt(StmtKind::Command(command)),
        stmt(StmtKind::If {
            cond: x.clone(),
            then: block(vec![stmt(StmtKind::Done)]),
            otherwise: None,
        }),
        stmt(StmtKind::Match {
            scrutinee: x.clone(),
            arms: vec![MatchArm {
                patterns: vec![x.clone()],
                guard: Some(x.clone()),
                body: block(vec![stmt(StmtKind::Continue)]),
                span: span(),
            }],
            otherwise: None,
        }),
    ]);
    Flow {
        name: ident("generated"),
        items: vec![
            Item::Var(VarDecl {
                name: ident("v"),
                ty: TypeRef {
                    name: ident("int"),
                    max_len: None,
                    span: span(),
                },
                init: Some(x),
                span: span(),
            }),
            Item::Handler(Handler {
                trigger: Trigger {
                    kind: TriggerKind::NewCall,
                    span: span(),
                },
                body,
                span: span(),
            }),
        ],
        comments: Vec::new(),
    }
}

proptest! {
    #[test]
    fn generated_expressions_format_and_parse_back(x in expr()) {
        let flow = flow(x);
        let text = dsl::format::format_flow(&flow);
        let parsed = dsl::parse::parse_flow(&text).unwrap_or_else(|p| panic!("{p:#?}\n{text}"));
        prop_assert_eq!(shape(&parsed), shape(&flow), "{}", text);
        let yaml = dsl::yaml::to_yaml(&flow);
        let from_yaml = dsl::yaml::parse_yaml(&yaml).unwrap_or_else(|p| panic!("{p:#?}\n{yaml}"));
        prop_assert_eq!(shape(&from_yaml), shape(&flow), "{}", yaml);
    }
}

/// Characters YAML refuses raw inside a scalar (the byte-order mark, the non-characters, the
/// separators YAML 1.1 reads as line breaks) come back from both forms as they went in.
#[test]
fn strings_yaml_refuses_raw_round_trip() {
    for text in [
        "\u{feff}",
        "a\u{feff}b",
        "\u{fffe}",
        "\u{2028}",
        "x\u{2029}",
        "\u{85}",
    ] {
        let flow = flow(e(ExprKind::Str(text.to_owned())));
        let yaml = dsl::yaml::to_yaml(&flow);
        let from_yaml = dsl::yaml::parse_yaml(&yaml).unwrap_or_else(|p| panic!("{p:#?}\n{yaml}"));
        assert_eq!(shape(&from_yaml), shape(&flow), "{yaml}");
    }
}

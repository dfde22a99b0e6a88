//! Small sources -> AST shapes, written as S-expressions so that a test reads as the tree it
//! expects; spans are checked where they matter.

use super::parse_flow;
use crate::ast::*;
use crate::codes::Code;

fn ex(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Str(s) => format!("{s:?}"),
        ExprKind::Int(n) => n.to_string(),
        ExprKind::Duration(ms) => format!("{ms}ms"),
        ExprKind::Phone(p) => format!("phone{p}"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::None => "none".to_owned(),
        ExprKind::List(items) => format!("(list{})", all(items)),
        ExprKind::Name(n) => n.name.clone(),
        ExprKind::Field(base, f) => format!("(. {} {})", ex(base), f.name),
        ExprKind::Call(f, args) => format!("(call {}{})", f.name, all(args)),
        ExprKind::Unary(UnaryOp::Not, x) => format!("(not {})", ex(x)),
        ExprKind::Unary(UnaryOp::Neg, x) => format!("(neg {})", ex(x)),
        ExprKind::Binary(op, l, r) => format!("({op:?} {} {})", ex(l), ex(r)),
        ExprKind::Is {
            subject,
            negated,
            word,
        } => format!(
            "(is{} {} {})",
            if *negated { "-not" } else { "" },
            ex(subject),
            word.name
        ),
        ExprKind::Cond {
            cond,
            then,
            otherwise,
        } => format!("(if {} {} {})", ex(cond), ex(then), ex(otherwise)),
    }
}

fn all(items: &[Expr]) -> String {
    items.iter().map(|e| format!(" {}", ex(e))).collect()
}

fn st(s: &Stmt) -> String {
    match &s.kind {
        StmtKind::Command(c) => {
            let mut out = format!("(cmd {}", c.verb.name);
            if let Some(p) = &c.positional {
                out.push_str(&format!(" {}", ex(p)));
            }
            for a in &c.args {
                out.push_str(&format!(" {}:{}", a.label.name, ex(&a.value)));
            }
            out + ")"
        }
        StmtKind::Assign { target, op, value } => format!("({op:?} {} {})", target.name, ex(value)),
        StmtKind::If {
            cond,
            then,
            otherwise,
        } => match otherwise {
            Some(o) => format!("(if {} {} {})", ex(cond), bl(then), bl(o)),
            None => format!("(if {} {})", ex(cond), bl(then)),
        },
        StmtKind::Match {
            scrutinee,
            arms,
            otherwise,
        } => {
            let mut out = format!("(match {}", ex(scrutinee));
            for a in arms {
                let guard = a
                    .guard
                    .as_ref()
                    .map(|g| format!(" if {}", ex(g)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    " [{}{} -> {}]",
                    all(&a.patterns).trim_start(),
                    guard,
                    bl(&a.body)
                ));
            }
            if let Some(o) = otherwise {
                out.push_str(&format!(" [else -> {}]", bl(o)));
            }
            out + ")"
        }
        StmtKind::Goto(s) => format!("(goto {})", s.name),
        StmtKind::Do(b) => format!("(do {})", b.name),
        StmtKind::Note { kind, value } => match value {
            Some(v) => format!("(note {} {})", kind.name, ex(v)),
            None => format!("(note {})", kind.name),
        },
        StmtKind::Continue => "continue".to_owned(),
        StmtKind::Done => "done".to_owned(),
        StmtKind::Allow { code, reason } => format!("(allow {} {:?})", code.name, reason.value),
        StmtKind::Run {
            subflow,
            args,
            into,
            then,
        } => {
            let args: String = args
                .iter()
                .map(|a| format!(" {}={}", a.name.name, ex(&a.value)))
                .collect();
            let into = into.as_ref().map(|i| format!(" into {}", i.name));
            format!(
                "(run {}{args}{} then {})",
                subflow.name,
                into.unwrap_or_default(),
                then.name
            )
        }
        StmtKind::Return(value) => match value {
            Some(v) => format!("(return {})", ex(v)),
            None => "(return)".to_owned(),
        },
    }
}

fn bl(b: &Block) -> String {
    let inner: Vec<String> = b.stmts.iter().map(st).collect();
    format!("{{{}}}", inner.join(" "))
}

fn flow(src: &str) -> Flow {
    match parse_flow(src) {
        Ok(f) => f,
        Err(problems) => panic!("{src:?} does not parse: {problems:#?}"),
    }
}

/// The expression `src`, as the initial value of a variable.
fn expr(src: &str) -> String {
    let f = flow(&format!("flow t\nvar x int = {src}\n"));
    match f.items.first() {
        Some(Item::Var(VarDecl { init: Some(e), .. })) => ex(e),
        other => panic!("{other:?}"),
    }
}

/// The statements of `src`, as the body of a handler.
fn stmts(src: &str) -> String {
    let f = flow(&format!("flow t\non new call {{\n{src}\n}}\n"));
    match f.items.first() {
        Some(Item::Handler(h)) => bl(&h.body),
        other => panic!("{other:?}"),
    }
}

fn codes(src: &str) -> Vec<Code> {
    match parse_flow(src) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(|p| p.code).collect(),
    }
}

#[test]
fn sub_flows_and_choices_parse() {
    assert_eq!(
        stmts("run ask(question = \"Hi\", tries = 3) into n then next"),
        "{(run ask question=\"Hi\" tries=3 into n then next)}"
    );
    assert_eq!(stmts("run ask() then next"), "{(run ask then next)}");
    assert_eq!(
        stmts("return nanp(digits)"),
        "{(return (call nanp digits))}"
    );
    assert_eq!(stmts("return"), "{(return)}");
    assert_eq!(
        stmts("play (if n > 0 then help else menu) to caller"),
        "{(cmd play (if (Gt n 0) help menu) to:caller)}"
    );
    let sub = flow(
        "subflow ask(question text(100), menu prompt) returns phone\nuse \"b.flow\"\nstate s {}\n",
    );
    assert_eq!(sub.name.name, "ask");
    let Some(Item::Subflow(decl)) = sub.items.first() else {
        panic!("no header: {:?}", sub.items);
    };
    assert_eq!(decl.params.len(), 2);
    assert_eq!(
        decl.result.as_ref().map(|t| t.name.name.as_str()),
        Some("phone")
    );
    assert!(matches!(sub.items.get(1), Some(Item::Use(u)) if u.path.value == "b.flow"));
}

#[test]
fn precedence_follows_the_grammar() {
    assert_eq!(expr("a or b and c"), "(Or a (And b c))");
    assert_eq!(expr("a and b or c"), "(Or (And a b) c)");
    assert_eq!(expr("not a == b"), "(not (Eq a b))");
    assert_eq!(expr("a + b - c"), "(Sub (Add a b) c)");
    assert_eq!(expr("a - (b - c)"), "(Sub a (Sub b c))");
    assert_eq!(expr("-a.b"), "(neg (. a b))");
    assert_eq!(expr("(a or b) and c"), "(And (Or a b) c)");
    assert_eq!(expr("a + 1 >= b"), "(Ge (Add a 1) b)");
    assert_eq!(expr("x in [1, 2,]"), "(In x (list 1 2))");
    assert_eq!(
        expr("recording is not stopped"),
        "(is-not recording stopped)"
    );
    assert_eq!(
        expr("not recording is paused"),
        "(not (is recording paused))"
    );
    assert_eq!(expr("f(x, y).z.w"), "(. (. (call f x y) z) w)");
    assert_eq!(expr("a != b"), "(Ne a b)");
    assert_eq!(expr("a < b"), "(Lt a b)");
    assert_eq!(expr("a <= b"), "(Le a b)");
    assert_eq!(expr("a > b"), "(Gt a b)");
}

#[test]
fn expressions_continue_after_operators_and_commas() {
    assert_eq!(expr("a or\n  b"), "(Or a b)");
    assert_eq!(expr("[\n  1,\n  2\n]"), "(list 1 2)");
    assert_eq!(expr("f(\n  1,\n  2)"), "(call f 1 2)");
}

#[test]
fn literals() {
    assert_eq!(expr("30s"), "30000ms");
    assert_eq!(expr("2m"), "120000ms");
    assert_eq!(expr("2500ms"), "2500ms");
    assert_eq!(expr("+12065550100"), "phone+12065550100");
    assert_eq!(expr("42"), "42");
    assert_eq!(expr(r#""a \"b\" \\ \n \t""#), r#""a \"b\" \\ \n \t""#);
    assert_eq!(expr("true"), "true");
    assert_eq!(expr("false"), "false");
    assert_eq!(expr("none"), "none");
    assert_eq!(expr("[]"), "(list)");
    assert_eq!(expr("f()"), "(call f)");
}

#[test]
fn items() {
    let f = flow(concat!(
        "flow rec\n",
        "config owner phone = env SOURCE_PHONE\n",
        "config pfx text(32) = env PREFIX or \"x\"\n",
        "prompts in store { a = \"a.wav\"; b = \"b.wav\" }\n",
        "var n int = 0\n",
        "var d phone\n",
        "listener keys on caller pattern \"[0-9]\" between 1000ms\n",
        "  flush 10s\n",
        "block b { done }\n",
        "state s {\n  enter { play a }\n  after play { goto s }\n}\n",
    ));
    assert_eq!(f.name.name, "rec");
    let [
        Item::Config(c1),
        Item::Config(c2),
        Item::Prompts(p),
        Item::Var(v1),
        Item::Var(v2),
        Item::Listener(l),
        Item::Block(b),
        Item::State(s),
    ] = f.items.as_slice()
    else {
        panic!("{:#?}", f.items);
    };
    assert_eq!(
        (
            c1.name.name.as_str(),
            c1.ty.name.name.as_str(),
            c1.env.name.as_str()
        ),
        ("owner", "phone", "SOURCE_PHONE")
    );
    assert!(c1.default.is_none());
    assert_eq!(
        (c2.ty.name.name.as_str(), c2.ty.max_len),
        ("text", Some(32))
    );
    assert_eq!(c2.default.as_ref().map(ex).as_deref(), Some("\"x\""));
    assert_eq!(p.bucket.name, "store");
    let entries: Vec<(&str, &str)> = p
        .entries
        .iter()
        .map(|e| (e.name.name.as_str(), e.file.value.as_str()))
        .collect();
    assert_eq!(entries, [("a", "a.wav"), ("b", "b.wav")]);
    assert_eq!(v1.init.as_ref().map(ex).as_deref(), Some("0"));
    assert!(v2.init.is_none());
    let args: Vec<String> = l
        .args
        .iter()
        .map(|a| format!("{}:{}", a.label.name, ex(&a.value)))
        .collect();
    assert_eq!(
        args,
        [
            "on:caller",
            "pattern:\"[0-9]\"",
            "between:1000ms",
            "flush:10000ms"
        ]
    );
    assert_eq!(bl(&b.body), "{done}");
    assert_eq!(s.enter.as_ref().map(bl).as_deref(), Some("{(cmd play a)}"));
    assert_eq!(s.handlers.len(), 1);
}

#[test]
fn triggers() {
    let f = flow(concat!(
        "flow t\n",
        "on new call {}\non answered {}\non failed {}\non failed play, start recording {}\n",
        "on digits {}\non digits keypad {}\non hangup {}\non hangup caller {}\non update {}\n",
        "on invalid response {}\nafter bridge {}\nafter play, collect {}\n",
    ));
    let kinds: Vec<String> = f
        .items
        .iter()
        .map(|i| match i {
            Item::Handler(h) => match &h.trigger.kind {
                TriggerKind::After(v) | TriggerKind::Failed(v) => {
                    let names: Vec<&str> = v.iter().map(|i| i.name.as_str()).collect();
                    format!(
                        "{}{names:?}",
                        if matches!(h.trigger.kind, TriggerKind::After(_)) {
                            "after"
                        } else {
                            "failed"
                        }
                    )
                }
                TriggerKind::Digits(x) | TriggerKind::Hangup(x) => {
                    format!("{:?}", x.as_ref().map(|i| &i.name))
                }
                other => format!("{other:?}"),
            },
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "NewCall",
            "Answered",
            "failed[]",
            "failed[\"play\", \"start recording\"]",
            "None",
            "Some(\"keypad\")",
            "None",
            "Some(\"caller\")",
            "Update",
            "InvalidResponse",
            "after[\"bridge\"]",
            "after[\"play\", \"collect\"]",
        ]
    );
}

#[test]
fn trigger_words_need_a_word_boundary() {
    assert_eq!(codes("flow t\non newcall {}"), [Code::ParseSyntax]);
    assert_eq!(codes("flow t\non digitskeypad {}"), [Code::ParseSyntax]);
}

#[test]
fn directives_name_a_code_and_a_reason() {
    assert_eq!(
        stmts("allow flow::verify::silence \"on hold\"\nplay a to caller"),
        "{(allow flow::verify::silence \"on hold\") (cmd play a to:caller)}"
    );
    // `allow` is not reserved: a command or a variable may still be called so.
    assert_eq!(stmts("allow = 1"), "{(Set allow 1)}");
}

#[test]
fn commands() {
    assert_eq!(stmts("hangup"), "{(cmd hangup)}");
    assert_eq!(stmts("stop recording"), "{(cmd stop recording)}");
    assert_eq!(
        stmts("start   recording on caller"),
        "{(cmd start recording on:caller)}"
    );
    assert_eq!(stmts("play a to caller"), "{(cmd play a to:caller)}");
    assert_eq!(
        stmts("play a, b to caller"),
        "{(cmd play (list a b) to:caller)}"
    );
    assert_eq!(
        stmts("play [a] to caller"),
        "{(cmd play (list a) to:caller)}"
    );
    assert_eq!(
        stmts("bridge to owner\n  caller_id x timeout 30s"),
        "{(cmd bridge to:owner caller_id:x timeout:30000ms)}"
    );
}

#[test]
fn a_continuation_line_never_starts_with_on() {
    // `on` at the start of a line starts a handler, so it cannot continue a command.
    assert_eq!(
        codes("flow t\non new call {\n  play a\n  on caller\n}"),
        [Code::ParseSyntax]
    );
    assert_eq!(stmts("play a\n  to caller"), "{(cmd play a to:caller)}");
}

#[test]
fn simple_statements() {
    assert_eq!(
        stmts("x = 1; x += 2; x -= 3"),
        "{(Set x 1) (Add x 2) (Sub x 3)}"
    );
    assert_eq!(stmts("goto s\ndo b"), "{(goto s) (do b)}");
    assert_eq!(
        stmts("note failed; note answered callee.number"),
        "{(note failed) (note answered (. callee number))}"
    );
    assert_eq!(stmts("continue\n\n done"), "{continue done}");
}

#[test]
fn if_else_chains() {
    assert_eq!(stmts("if a { x }"), "{(if a {(cmd x)})}");
    assert_eq!(
        stmts("if a { x } else { y }"),
        "{(if a {(cmd x)} {(cmd y)})}"
    );
    assert_eq!(
        stmts("if a { x }\nelse if b { y } else { z }"),
        "{(if a {(cmd x)} {(if b {(cmd y)} {(cmd z)})})}"
    );
}

#[test]
fn match_arms() {
    assert_eq!(
        stmts("match d { \"5\", \"6\" -> do a; x if x > 1 -> { y; z }\n else -> done }"),
        "{(match d [\"5\" \"6\" -> {(do a)}] [x if (Gt x 1) -> {(cmd y) (cmd z)}] [else -> {done}])}"
    );
    assert_eq!(stmts("match d {}"), "{(match d)}");
}

#[test]
fn spans_point_at_the_source() {
    let src = "flow t\non new call {\n  play a, b to caller\n}\n";
    let f = flow(src);
    let Some(Item::Handler(h)) = f.items.first() else {
        panic!()
    };
    let text = |s: Span| &src[s.start..s.end];
    assert_eq!(text(h.trigger.span), "on new call");
    assert_eq!(text(h.span), "on new call {\n  play a, b to caller\n}");
    let stmt = &h.body.stmts[0];
    assert_eq!(text(stmt.span), "play a, b to caller");
    let StmtKind::Command(c) = &stmt.kind else {
        panic!()
    };
    assert_eq!(text(c.verb.span), "play");
    assert_eq!(c.positional.as_ref().map(|p| text(p.span)), Some("a, b"));
    assert_eq!(text(c.args[0].span), "to caller");
    assert_eq!(text(c.args[0].label.span), "to");
    let e = flow("flow t\nvar x int = (a + b)\n").items;
    let Some(Item::Var(v)) = e.first() else {
        panic!()
    };
    assert_eq!(v.init.as_ref().map(|i| i.span), Some(Span::new(20, 25)));
}

#[test]
fn comments_are_collected() {
    let f = flow("# head\nflow t # tail\n\n# own\nvar x int # after\n");
    let found: Vec<(&str, bool)> = f
        .comments
        .iter()
        .map(|c| (c.text.as_str(), c.trailing))
        .collect();
    assert_eq!(
        found,
        [
            (" head", false),
            (" tail", true),
            (" own", false),
            (" after", true)
        ]
    );
}

#[test]
fn problems_have_codes() {
    assert_eq!(codes("flow t\nvar match int"), [Code::ParseReservedWord]);
    assert!(
        codes("flow t\nvar timeout int").is_empty(),
        "labels are not reserved"
    );
    assert_eq!(
        codes("flow t\non new call { state = 1 }"),
        [Code::ParseReservedWord]
    );
    assert_eq!(
        codes("flow t\nvar n int = 99999999999999999999"),
        [Code::ParseNumber]
    );
    assert_eq!(
        codes("flow t\nvar n int = 99999999999999999999m"),
        [Code::ParseNumber]
    );
    assert_eq!(
        codes("flow t\nvar n text = \"\\d \\q\""),
        [Code::ParseEscape, Code::ParseEscape]
    );
    assert_eq!(
        codes("flow t\nstate s { enter {}; enter {} }"),
        [Code::ParseDuplicateEnter]
    );
    assert_eq!(
        codes("flow t\non update { match x { else -> done; 1 -> done } }"),
        [Code::ParseMatchElse]
    );
    assert_eq!(
        codes("flow t\non update { match x { else -> done; else -> done } }"),
        [Code::ParseMatchElse]
    );
    assert_eq!(codes("flow t\non update {"), [Code::ParseSyntax]);
    assert_eq!(codes(""), [Code::ParseSyntax]);
}

#[test]
fn deep_nesting_is_a_problem_not_a_crash() {
    for depth in [150, 5_000] {
        let deep = format!(
            "flow t\nvar x int = {}1{}\n",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        assert_eq!(codes(&deep), [Code::ParseNesting], "{depth}");
        let nots = format!("flow t\nvar x bool = {}true\n", "not ".repeat(depth));
        assert_eq!(codes(&nots), [Code::ParseNesting], "{depth}");
        let chain = format!("flow t\nvar x int = 1{}\n", " + 1".repeat(depth));
        assert_eq!(codes(&chain), [Code::ParseNesting], "{depth}");
        let ifs = format!(
            "flow t\non update {{ {}done{} }}\n",
            "if a { ".repeat(depth),
            " }".repeat(depth)
        );
        assert_eq!(codes(&ifs), [Code::ParseNesting], "{depth}");
    }
    assert_eq!(
        codes(&format!("flow t\nvar x int = 1{}\n", " + 1".repeat(50))),
        []
    );
}

#[test]
fn nested_blocks_parse_in_linear_time() {
    // `(x sep)* x?` would parse the last statement of every level twice: 2^40 steps here.
    let deep = format!(
        "flow t\non update {{ {}done{} }}\n",
        "if a { ".repeat(40),
        " }".repeat(40)
    );
    assert!(parse_flow(&deep).is_ok());
}

//! Expressions: names resolved, types inferred and checked, lowered to IR expressions.

use super::Checker;
use super::scope::{BuiltinName, Named};
use super::ty::Ty;
use crate::ast::{self, BinaryOp, ExprKind, UnaryOp};
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use interpreter::ir::{self, Builtin, Func, RecordingState, Target, Value, ValueType};

const LEG_FIELDS: &[&str] = &["number", "connected"];
const PHONE_FIELDS: &[&str] = &["area"];

impl Checker<'_> {
    /// Lowers an expression and infers its type. A finding yields `Ty::Error`.
    pub(super) fn expr(&mut self, e: &ast::Expr) -> (ir::Expr, Ty) {
        let err = (ir::Expr::Lit(Value::None), Ty::Error);
        match &e.kind {
            ExprKind::Str(s) => (ir::Expr::Lit(Value::Text(s.clone())), Ty::TEXT),
            ExprKind::Int(i) => (ir::Expr::Lit(Value::Int(*i)), Ty::INT),
            ExprKind::Duration(ms) => (ir::Expr::Lit(Value::Duration(*ms)), Ty::DURATION),
            ExprKind::Bool(b) => (ir::Expr::Lit(Value::Bool(*b)), Ty::BOOL),
            ExprKind::None => (ir::Expr::Lit(Value::None), Ty::None),
            ExprKind::Phone(p) => {
                if !interpreter::config::is_e164(p) {
                    self.report(
                        Problem::error(
                            Code::CheckInvalidPhone,
                            format!("`{p}` is not an E.164 number"),
                            e.span,
                            "expected `+` and 2 to 15 digits, the first not 0",
                        )
                        .with_help("write the full international number, such as `+12065550100`"),
                    );
                    return err;
                }
                (ir::Expr::Lit(Value::Phone(p.clone())), Ty::PHONE)
            }
            ExprKind::List(items) => {
                let mut elem = Ty::None;
                for item in items {
                    let (_, t) = self.expr(item);
                    if elem == Ty::None {
                        elem = t;
                    }
                }
                self.report(
                    Problem::error(
                        Code::CheckTypeMismatch,
                        "a list can only follow `in`",
                        e.span,
                        "a list is not a value",
                    )
                    .with_help("compare with `X in [A, B]`"),
                );
                (ir::Expr::Lit(Value::None), Ty::Error)
            }
            ExprKind::Name(name) => self.name(name),
            ExprKind::Field(base, field) => self.field(base, field),
            ExprKind::Call(func, args) => self.call(e.span, func, args),
            ExprKind::Unary(op, inner) => {
                let (lowered, t) = self.expr(inner);
                match op {
                    UnaryOp::Not => {
                        self.expect(inner.span, &t, &Ty::BOOL);
                        (ir::Expr::Not(Box::new(lowered)), Ty::BOOL)
                    }
                    UnaryOp::Neg => {
                        if !(t.fits(&Ty::INT) || t.fits(&Ty::DURATION)) {
                            self.mismatch(inner.span, &Ty::INT, &t);
                        }
                        (ir::Expr::Neg(Box::new(lowered)), t)
                    }
                }
            }
            ExprKind::Binary(op, lhs, rhs) => self.binary(*op, lhs, rhs),
            // Statements holding one are split before they are lowered (`split_choice`).
            ExprKind::Cond { .. } => {
                self.report(
                    Problem::error(
                        Code::CheckTypeMismatch,
                        "`if ... then ... else ...` cannot be used here",
                        e.span,
                        "a choice of values",
                    )
                    .with_help(
                        "a choice is allowed in a statement's values (a command's arguments, an \
                         assignment, a condition), not in a declaration, a pattern or a guard",
                    ),
                );
                err
            }
            ExprKind::Is {
                subject,
                negated,
                word,
            } => self.is(subject, *negated, word),
        }
    }

    /// Lowers an expression that must have type `expected`.
    pub(super) fn typed(&mut self, e: &ast::Expr, expected: &Ty) -> ir::Expr {
        let (lowered, t) = self.expr(e);
        self.expect(e.span, &t, expected);
        lowered
    }

    fn expect(&mut self, span: ast::Span, found: &Ty, expected: &Ty) {
        if !found.fits(expected) {
            self.mismatch(span, expected, found);
        }
    }

    fn name(&mut self, name: &ast::Ident) -> (ir::Expr, Ty) {
        let err = (ir::Expr::Lit(Value::None), Ty::Error);
        let Some(named) = self.scope.value(&name.name) else {
            self.unknown_value(name, "name");
            return err;
        };
        self.used_values.insert(named);
        match named {
            Named::Config(id) => {
                let ty = self
                    .scope
                    .config
                    .get(usize::from(id))
                    .map_or(Ty::Error, |c| Ty::of_declared(&c.ty.name.name));
                (ir::Expr::Config(id), ty)
            }
            Named::Var(id) => {
                let ty = self
                    .scope
                    .vars
                    .get(usize::from(id))
                    .map_or(Ty::Error, |v| Ty::of_declared(&v.ty.name.name));
                (ir::Expr::Var(id), ty)
            }
            Named::Prompt(_) => (ir::Expr::Lit(Value::None), Ty::Prompt),
            Named::Listener(_) => (ir::Expr::Lit(Value::None), Ty::Listener),
            Named::Builtin(b) => match b {
                BuiltinName::Leg(leg) => (ir::Expr::Leg(Target::Leg(leg)), Ty::LEG),
                BuiltinName::Both => (ir::Expr::Lit(Value::None), Ty::BothLegs),
                BuiltinName::Digits => (ir::Expr::Builtin(Builtin::Digits), Ty::TEXT),
                BuiltinName::Error => (ir::Expr::Builtin(Builtin::Error), Ty::TEXT),
                BuiltinName::SmaNumber => (ir::Expr::Builtin(Builtin::SmaNumber), Ty::PHONE),
                BuiltinName::EventLeg => (ir::Expr::Builtin(Builtin::EventLeg), Ty::LEG),
                BuiltinName::Recorded => (ir::Expr::Builtin(Builtin::Recorded), Ty::TEXT),
                BuiltinName::Terminator => (ir::Expr::Builtin(Builtin::Terminator), Ty::TEXT),
                BuiltinName::SipCode => (ir::Expr::Builtin(Builtin::SipCode), Ty::INT),
                BuiltinName::Args => (ir::Expr::Lit(Value::None), Ty::Args),
                BuiltinName::Recording => (ir::Expr::Lit(Value::None), Ty::Recording),
            },
        }
    }

    /// A leg named directly (`caller`) or through a `leg` variable.
    pub(super) fn target(&mut self, e: &ast::Expr) -> Option<Target> {
        let (lowered, t) = self.expr(e);
        match lowered {
            ir::Expr::Leg(target) => Some(target),
            ir::Expr::Var(id) if t == Ty::LEG => Some(Target::Var(id)),
            _ => {
                if t != Ty::Error {
                    self.report(
                        Problem::error(
                            Code::CheckTypeMismatch,
                            format!("expected a leg, found {t}"),
                            e.span,
                            "not a leg",
                        )
                        .with_help("name a leg: `caller`, `callee`, or a `leg` variable"),
                    );
                }
                None
            }
        }
    }

    fn field(&mut self, base: &ast::Expr, field: &ast::Ident) -> (ir::Expr, Ty) {
        let err = (ir::Expr::Lit(Value::None), Ty::Error);
        let (lowered, t) = self.expr(base);
        match t {
            Ty::Args => (ir::Expr::Arg(field.name.clone()), Ty::TEXT),
            Ty::Value(ValueType::Leg) => {
                let target = match lowered {
                    ir::Expr::Leg(target) => target,
                    ir::Expr::Var(id) => Target::Var(id),
                    _ => {
                        self.report(Problem::error(
                            Code::CheckUnknownField,
                            "only a named leg has fields",
                            base.span,
                            "name the leg directly or through a variable",
                        ));
                        return err;
                    }
                };
                match field.name.as_str() {
                    "number" => (ir::Expr::LegNumber(target), Ty::PHONE),
                    "connected" => (ir::Expr::LegConnected(target), Ty::BOOL),
                    _ => {
                        self.unknown_field(field, "a leg", LEG_FIELDS);
                        err
                    }
                }
            }
            Ty::Value(ValueType::Phone) => match field.name.as_str() {
                "area" => (ir::Expr::Area(Box::new(lowered)), Ty::TEXT),
                _ => {
                    self.unknown_field(field, "a phone number", PHONE_FIELDS);
                    err
                }
            },
            Ty::Error => err,
            other => {
                self.report(Problem::error(
                    Code::CheckUnknownField,
                    format!("{other} has no fields"),
                    field.span,
                    "no such field",
                ));
                err
            }
        }
    }

    fn unknown_field(&mut self, field: &ast::Ident, of: &str, known: &[&str]) {
        let mut p = Problem::error(
            Code::CheckUnknownField,
            format!("{of} has no field `{}`", field.name),
            field.span,
            "no such field",
        );
        p = match did_you_mean(&field.name, known.iter().copied()) {
            Some(s) => p.with_help(format!("did you mean `{s}`?")),
            None => p.with_help(format!("its fields are: {}", known.join(", "))),
        };
        self.report(p);
    }

    fn call(&mut self, span: ast::Span, func: &ast::Ident, args: &[ast::Expr]) -> (ir::Expr, Ty) {
        let err = (ir::Expr::Lit(Value::None), Ty::Error);
        let Some(f) = Func::ALL.into_iter().find(|f| f.as_str() == func.name) else {
            let mut p = Problem::error(
                Code::CheckUnknownFunction,
                format!("unknown function `{}`", func.name),
                func.span,
                "not a function",
            );
            p = match did_you_mean(&func.name, Func::ALL.iter().map(|f| f.as_str())) {
                Some(s) => p.with_help(format!("did you mean `{s}`?")),
                None => p.with_help(format!(
                    "the functions are: {}",
                    Func::ALL.map(Func::as_str).join(", ")
                )),
            };
            self.report(p);
            return err;
        };
        let (params, result): (&[Ty], Ty) = match f {
            Func::Nanp | Func::E164 => (&[Ty::TEXT], Ty::PHONE),
            Func::Len => (&[Ty::TEXT], Ty::INT),
            Func::Hour => (&[Ty::TEXT], Ty::INT),
            Func::Weekday | Func::Spell => (&[Ty::TEXT], Ty::TEXT),
            Func::Dialable => (&[Ty::PHONE], Ty::BOOL),
        };
        if args.len() != params.len() {
            self.report(
                Problem::error(
                    Code::CheckWrongArity,
                    format!(
                        "`{}` takes {} argument(s), found {}",
                        func.name,
                        params.len(),
                        args.len()
                    ),
                    span,
                    "wrong number of arguments",
                )
                .with_help(format!(
                    "write `{}({})`",
                    func.name,
                    params
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            return err;
        }
        let lowered = args
            .iter()
            .zip(params)
            .map(|(a, p)| self.typed(a, p))
            .collect();
        (ir::Expr::Call(f, lowered), result)
    }

    fn binary(&mut self, op: BinaryOp, lhs: &ast::Expr, rhs: &ast::Expr) -> (ir::Expr, Ty) {
        if op == BinaryOp::In {
            let (l, lt) = self.expr(lhs);
            let ast::ExprKind::List(items) = &rhs.kind else {
                self.report(
                    Problem::error(
                        Code::CheckTypeMismatch,
                        "`in` needs a list",
                        rhs.span,
                        "not a list",
                    )
                    .with_help("write `X in [A, B]`"),
                );
                return (ir::Expr::Lit(Value::None), Ty::BOOL);
            };
            let mut lowered = Vec::new();
            for item in items {
                let (i, it) = self.expr(item);
                if !lt.comparable(&it) {
                    self.mismatch(item.span, &lt, &it);
                }
                lowered.push(i);
            }
            return (ir::Expr::In(Box::new(l), lowered), Ty::BOOL);
        }
        let (l, lt) = self.expr(lhs);
        let (r, rt) = self.expr(rhs);
        let (ir_op, result) = match op {
            BinaryOp::Or | BinaryOp::And => {
                self.expect(lhs.span, &lt, &Ty::BOOL);
                self.expect(rhs.span, &rt, &Ty::BOOL);
                (
                    if op == BinaryOp::Or {
                        ir::BinaryOp::Or
                    } else {
                        ir::BinaryOp::And
                    },
                    Ty::BOOL,
                )
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                if !lt.comparable(&rt) {
                    self.report(
                        Problem::error(
                            Code::CheckTypeMismatch,
                            format!("cannot compare {lt} with {rt}"),
                            rhs.span,
                            format!("this is {rt}"),
                        )
                        .with_label(lhs.span, format!("this is {lt}")),
                    );
                }
                (
                    if op == BinaryOp::Eq {
                        ir::BinaryOp::Eq
                    } else {
                        ir::BinaryOp::Ne
                    },
                    Ty::BOOL,
                )
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let numeric = |t: &Ty| t.fits(&Ty::INT) || t.fits(&Ty::DURATION);
                if !numeric(&lt) {
                    self.mismatch(lhs.span, &Ty::INT, &lt);
                } else if !numeric(&rt) || !lt.comparable(&rt) {
                    self.mismatch(rhs.span, &lt, &rt);
                }
                let ir_op = match op {
                    BinaryOp::Lt => ir::BinaryOp::Lt,
                    BinaryOp::Le => ir::BinaryOp::Le,
                    BinaryOp::Gt => ir::BinaryOp::Gt,
                    _ => ir::BinaryOp::Ge,
                };
                (ir_op, Ty::BOOL)
            }
            BinaryOp::Add | BinaryOp::Sub if lt == Ty::None || rt == Ty::None => {
                let span = if lt == Ty::None { lhs.span } else { rhs.span };
                self.report(
                    Problem::error(
                        Code::CheckTypeMismatch,
                        "`none` cannot be added to or subtracted from",
                        span,
                        "this is none",
                    )
                    .with_help("in text a missing value already counts as empty: leave it out"),
                );
                let ir_op = if op == BinaryOp::Add {
                    ir::BinaryOp::Add
                } else {
                    ir::BinaryOp::Sub
                };
                (ir_op, Ty::Error)
            }
            BinaryOp::Add | BinaryOp::Sub => {
                let result = if lt.fits(&Ty::TEXT) && rt.fits(&Ty::TEXT) && op == BinaryOp::Add {
                    Ty::TEXT
                } else if lt.fits(&Ty::INT) && rt.fits(&Ty::INT) {
                    Ty::INT
                } else if lt.fits(&Ty::DURATION) && rt.fits(&Ty::DURATION) {
                    Ty::DURATION
                } else {
                    self.report(
                        Problem::error(
                            Code::CheckTypeMismatch,
                            format!(
                                "cannot {} {lt} and {rt}",
                                if op == BinaryOp::Add {
                                    "add"
                                } else {
                                    "subtract"
                                }
                            ),
                            rhs.span,
                            format!("this is {rt}"),
                        )
                        .with_label(lhs.span, format!("this is {lt}")),
                    );
                    Ty::Error
                };
                (
                    if op == BinaryOp::Add {
                        ir::BinaryOp::Add
                    } else {
                        ir::BinaryOp::Sub
                    },
                    result,
                )
            }
            BinaryOp::In => (ir::BinaryOp::Eq, Ty::BOOL),
        };
        (ir::Expr::Binary(ir_op, Box::new(l), Box::new(r)), result)
    }

    fn is(&mut self, subject: &ast::Expr, negated: bool, word: &ast::Ident) -> (ir::Expr, Ty) {
        let (_, t) = self.expr(subject);
        if t != Ty::Recording {
            if t != Ty::Error {
                self.report(
                    Problem::error(
                        Code::CheckTypeMismatch,
                        "only `recording` has a state to test with `is`",
                        subject.span,
                        format!("this is {t}"),
                    )
                    .with_help("compare values with `==`"),
                );
            }
            return (ir::Expr::Lit(Value::None), Ty::Error);
        }
        // `running` and `started` say what people mean by a recording "going on": they are
        // sets of states, lowered to tests of each.
        let any_of: &[RecordingState] = match word.name.as_str() {
            "running" => &[RecordingState::Active, RecordingState::Paused],
            "started" => &[
                RecordingState::Active,
                RecordingState::Paused,
                RecordingState::Stopped,
            ],
            _ => &[],
        };
        if let Some((first, rest)) = any_of.split_first() {
            let test = rest.iter().fold(ir::Expr::RecordingIs(*first), |acc, s| {
                ir::Expr::Binary(
                    ir::BinaryOp::Or,
                    Box::new(acc),
                    Box::new(ir::Expr::RecordingIs(*s)),
                )
            });
            let test = if negated {
                ir::Expr::Not(Box::new(test))
            } else {
                test
            };
            return (test, Ty::BOOL);
        }
        let Some(state) = RecordingState::parse(&word.name) else {
            let mut names = RecordingState::ALL.map(RecordingState::as_str).to_vec();
            names.extend(["running", "started"]);
            let mut p = Problem::error(
                Code::CheckUnknownName,
                format!("a recording cannot be `{}`", word.name),
                word.span,
                "not a recording state",
            );
            p = match did_you_mean(&word.name, names) {
                Some(s) => p.with_help(format!("did you mean `{s}`?")),
                None => p.with_help(
                    "a recording is `idle`, `active`, `paused` or `stopped`; `running` is active or paused, `started` is any but idle",
                ),
            };
            self.report(p);
            return (ir::Expr::Lit(Value::None), Ty::BOOL);
        };
        let test = ir::Expr::RecordingIs(state);
        if negated {
            (ir::Expr::Not(Box::new(test)), Ty::BOOL)
        } else {
            (test, Ty::BOOL)
        }
    }
}

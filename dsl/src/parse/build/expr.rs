//! Expressions: the flat `expr` rule folded into a tree by a Pratt parser, with the precedence
//! `or` < `and` < `not` < comparisons and `is` < `+ -` < unary `-` < `.field`.

use super::{Builder, Built, Children};
use crate::ast::{BinaryOp, Expr, ExprKind, Span, UnaryOp};
use crate::grammar::Rule;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::cell::RefCell;
use std::sync::LazyLock;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or_op, Assoc::Left))
        .op(Op::infix(Rule::and_op, Assoc::Left))
        .op(Op::prefix(Rule::not_op))
        .op(Op::infix(Rule::cmp_op, Assoc::Left) | Op::postfix(Rule::is_tail))
        .op(Op::infix(Rule::add_op, Assoc::Left))
        .op(Op::prefix(Rule::neg_op))
        .op(Op::postfix(Rule::field))
});

fn is_operator(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::or_op
            | Rule::and_op
            | Rule::not_op
            | Rule::cmp_op
            | Rule::is_tail
            | Rule::add_op
            | Rule::neg_op
            | Rule::field
    )
}

impl Builder<'_> {
    /// `expr`: one level of nesting (parentheses, a list item, an argument...). Each operator
    /// adds a level to the tree, counted before the tree is built so that no input can make it
    /// deeper than the limit.
    pub(crate) fn expr(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let span = self.span_of(&pair);
        self.nested(span, |b| {
            let parts: Vec<Pair<'_, Rule>> = pair.into_inner().collect();
            let operators = parts.iter().filter(|p| is_operator(p.as_rule())).count();
            b.deepen(operators, span)?;
            let built = b.fold(parts);
            b.release(operators);
            built
        })
    }

    fn fold(&mut self, parts: Vec<Pair<'_, Rule>>) -> Built<Expr> {
        let cell = RefCell::new(self);
        PRATT
            .map_primary(|p| cell.borrow_mut().primary(p))
            .map_prefix(|op, operand| {
                let operand = operand?;
                let op_span = cell.borrow().span_of(&op);
                let unary = if op.as_rule() == Rule::not_op {
                    UnaryOp::Not
                } else {
                    UnaryOp::Neg
                };
                let span = op_span.to(operand.span);
                Ok(Expr {
                    kind: ExprKind::Unary(unary, Box::new(operand)),
                    span,
                })
            })
            .map_postfix(|subject, op| {
                let subject = subject?;
                let b = cell.borrow();
                let op_span = b.span_of(&op);
                let span = subject.span.to(op_span);
                let mut c = Children::of(op.clone());
                let kind = if op.as_rule() == Rule::field {
                    let field = b.ident(&c.expect(Rule::ident, &b)?);
                    ExprKind::Field(Box::new(subject), field)
                } else {
                    c.expect(Rule::kw_is, &b)?;
                    let negated = c.take(Rule::is_not).is_some();
                    let word = b.ident(&c.expect(Rule::ident, &b)?);
                    ExprKind::Is {
                        subject: Box::new(subject),
                        negated,
                        word,
                    }
                };
                Ok(Expr { kind, span })
            })
            .map_infix(|left, op, right| {
                let (left, right) = (left?, right?);
                let op = match (op.as_rule(), op.as_str()) {
                    (Rule::or_op, _) => BinaryOp::Or,
                    (Rule::and_op, _) => BinaryOp::And,
                    (Rule::add_op, "+") => BinaryOp::Add,
                    (Rule::add_op, _) => BinaryOp::Sub,
                    (Rule::cmp_op, "==") => BinaryOp::Eq,
                    (Rule::cmp_op, "!=") => BinaryOp::Ne,
                    (Rule::cmp_op, "<=") => BinaryOp::Le,
                    (Rule::cmp_op, ">=") => BinaryOp::Ge,
                    (Rule::cmp_op, "<") => BinaryOp::Lt,
                    (Rule::cmp_op, ">") => BinaryOp::Gt,
                    (Rule::cmp_op, _) => BinaryOp::In,
                    _ => return Err(cell.borrow().unexpected(op.as_span())),
                };
                Ok(binary(op, left, right))
            })
            .parse(parts.into_iter())
    }

    fn primary(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let span = self.span_of(&pair);
        let kind = match pair.as_rule() {
            Rule::expr => return self.expr(pair),
            Rule::duration => ExprKind::Duration(self.duration(&pair)),
            Rule::phone => ExprKind::Phone(pair.as_str().to_owned()),
            Rule::int => ExprKind::Int(self.int(&pair)),
            Rule::string => ExprKind::Str(self.string(pair)?),
            Rule::bool_lit => ExprKind::Bool(pair.as_str() == "true"),
            Rule::none_lit => ExprKind::None,
            Rule::name => {
                let mut c = Children::of(pair);
                ExprKind::Name(self.ident(&c.expect(Rule::ident, self)?))
            }
            Rule::list => ExprKind::List(self.exprs(Children::of(pair))?),
            Rule::cond => {
                let mut c = Children::of(pair);
                c.expect(Rule::kw_if, self)?;
                let cond = self.expr(c.expect(Rule::expr, self)?)?;
                c.expect(Rule::w_then, self)?;
                let then = self.expr(c.expect(Rule::expr, self)?)?;
                c.expect(Rule::kw_else, self)?;
                let otherwise = self.expr(c.expect(Rule::expr, self)?)?;
                ExprKind::Cond {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                }
            }
            Rule::call => {
                let mut c = Children::of(pair);
                let callee = self.ident(&c.expect(Rule::ident, self)?);
                ExprKind::Call(callee, self.exprs(c)?)
            }
            _ => return Err(self.unexpected(pair.as_span())),
        };
        Ok(Expr { kind, span })
    }

    /// The `expr` children left in `c`.
    fn exprs(&mut self, mut c: Children<'_>) -> Built<Vec<Expr>> {
        let mut exprs = Vec::new();
        while let Some(e) = c.take(Rule::expr) {
            exprs.push(self.expr(e)?);
        }
        Ok(exprs)
    }
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    let span: Span = left.span.to(right.span);
    Expr {
        kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
        span,
    }
}

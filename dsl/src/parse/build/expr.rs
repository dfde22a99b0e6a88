//! Expressions: pairs -> `Expr`, with the grammar's precedence (`or` < `and` < `not` <
//! comparisons and `is` < `+ -` < unary `-` < `.field`) already in the tree's shape.

use super::{Builder, Built, Children};
use crate::ast::{BinaryOp, Expr, ExprKind, Span, UnaryOp};
use crate::grammar::Rule;
use pest::iterators::Pair;

impl Builder<'_> {
    /// `expr`: one level of nesting (parentheses, a list item, an argument...).
    pub(crate) fn expr(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let span = self.span_of(&pair);
        self.nested(span, |b| {
            let mut c = Children::of(pair);
            let inner = c.expect(Rule::or_expr, b)?;
            b.step(inner)
        })
    }

    /// `or_expr`, `and_expr` and `add_expr`: operands joined by left-associative operators.
    fn or_and_add(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let whole = self.span_of(&pair);
        let mut c = Children::of(pair);
        let mut left = self.step(c.next_any(self)?)?;
        let mut levels = 0;
        while c.peek_rule().is_some() {
            let op_pair = c.next_any(self)?;
            let op = match (op_pair.as_rule(), op_pair.as_str()) {
                (Rule::kw_or, _) => BinaryOp::Or,
                (Rule::kw_and, _) => BinaryOp::And,
                (Rule::add_op, "+") => BinaryOp::Add,
                (Rule::add_op, _) => BinaryOp::Sub,
                _ => return Err(self.unexpected(op_pair.as_span())),
            };
            // Each operator adds a level to the tree; count it before building the right side.
            self.deepen(1, whole)?;
            levels += 1;
            let right = self.step(c.next_any(self)?)?;
            left = binary(op, left, right);
        }
        self.release(levels);
        Ok(left)
    }

    /// An expression rule with more than one child, or a primary.
    fn operand(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        match pair.as_rule() {
            Rule::or_expr | Rule::and_expr | Rule::add_expr => self.or_and_add(pair),
            Rule::not_expr => self.not_expr(pair),
            Rule::cmp_expr => self.cmp_expr(pair),
            Rule::unary => self.unary(pair),
            Rule::postfix => self.postfix(pair),
            _ => self.primary(pair),
        }
    }

    /// `not_expr`: `not X` or a comparison.
    fn not_expr(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        if c.take(Rule::not_op).is_some() {
            let inner = c.expect(Rule::not_expr, self)?;
            let operand = self.nested(span, |b| b.step(inner))?;
            return Ok(Expr {
                kind: ExprKind::Unary(UnaryOp::Not, Box::new(operand)),
                span,
            });
        }
        self.cmp_expr(c.expect(Rule::cmp_expr, self)?)
    }

    /// `cmp_expr`: `A`, `A OP B` or `A is [not] WORD`.
    fn cmp_expr(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        let left = self.step(c.expect(Rule::add_expr, self)?)?;
        if let Some(tail) = c.take(Rule::is_tail) {
            let mut t = Children::of(tail);
            t.expect(Rule::kw_is, self)?;
            let negated = t.take(Rule::is_not).is_some();
            let word = self.ident(&t.expect(Rule::ident, self)?);
            return Ok(Expr {
                kind: ExprKind::Is {
                    subject: Box::new(left),
                    negated,
                    word,
                },
                span,
            });
        }
        let Some(op_pair) = c.take(Rule::cmp_op) else {
            return Ok(left);
        };
        let op = match op_pair.as_str() {
            "==" => BinaryOp::Eq,
            "!=" => BinaryOp::Ne,
            "<=" => BinaryOp::Le,
            ">=" => BinaryOp::Ge,
            "<" => BinaryOp::Lt,
            ">" => BinaryOp::Gt,
            "in" => BinaryOp::In,
            _ => return Err(self.unexpected(op_pair.as_span())),
        };
        let right = self.step(c.expect(Rule::add_expr, self)?)?;
        Ok(binary(op, left, right))
    }

    /// `unary`: `-X` or a postfix expression.
    fn unary(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let span = self.span_of(&pair);
        let mut c = Children::of(pair);
        if c.take(Rule::neg_op).is_some() {
            let inner = c.expect(Rule::unary, self)?;
            let operand = self.nested(span, |b| b.step(inner))?;
            return Ok(Expr {
                kind: ExprKind::Unary(UnaryOp::Neg, Box::new(operand)),
                span,
            });
        }
        self.postfix(c.expect(Rule::postfix, self)?)
    }

    /// `postfix`: a primary followed by `.field`s.
    fn postfix(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let whole = self.span_of(&pair);
        let mut c = Children::of(pair);
        let mut expr = self.step(c.next_any(self)?)?;
        let mut levels = 0;
        while let Some(field) = c.take(Rule::ident) {
            self.deepen(1, whole)?;
            levels += 1;
            let field = self.ident(&field);
            let span = expr.span.to(field.span);
            expr = Expr {
                kind: ExprKind::Field(Box::new(expr), field),
                span,
            };
        }
        self.release(levels);
        Ok(expr)
    }

    /// A sub-expression at the same nesting level. Rules that only wrap one child (most of
    /// them, for a plain name) are stepped through in a loop, so that each level of parentheses
    /// costs few stack frames.
    fn step(&mut self, pair: Pair<'_, Rule>) -> Built<Expr> {
        let mut pair = pair;
        while matches!(
            pair.as_rule(),
            Rule::or_expr
                | Rule::and_expr
                | Rule::not_expr
                | Rule::cmp_expr
                | Rule::add_expr
                | Rule::unary
                | Rule::postfix
        ) {
            let mut children = pair.clone().into_inner();
            match (children.next(), children.next()) {
                (Some(only), None) => pair = only,
                _ => break,
            }
        }
        self.operand(pair)
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

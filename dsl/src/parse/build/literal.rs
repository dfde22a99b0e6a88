//! Literal values: numbers, durations and strings, with their range and escape checks.

use super::{Builder, Built, Children};
use crate::ast::{Span, StrLit};
use crate::codes::Code;
use crate::diagnostic::Problem;
use crate::grammar::Rule;
use pest::iterators::Pair;

impl Builder<'_> {
    /// `int` as a signed number (a minus sign is an operator, so the digits are never negative).
    pub(crate) fn int(&mut self, pair: &Pair<'_, Rule>) -> i64 {
        match pair.as_str().parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                self.number_problem(pair, &format!("the largest number is {}", i64::MAX));
                0
            }
        }
    }

    /// `int` where only a non-negative size makes sense: `text(64)`.
    pub(crate) fn unsigned(&mut self, pair: &Pair<'_, Rule>) -> u64 {
        match pair.as_str().parse::<u64>() {
            Ok(n) => n,
            Err(_) => {
                self.number_problem(pair, &format!("the largest size is {}", u64::MAX));
                0
            }
        }
    }

    /// `duration` in milliseconds: `2500ms`, `30s`, `2m`.
    pub(crate) fn duration(&mut self, pair: &Pair<'_, Rule>) -> u64 {
        let text = pair.as_str();
        let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let unit = text.get(digits.len()..).unwrap_or("");
        let factor: u64 = match unit {
            "m" => 60_000,
            "s" => 1_000,
            _ => 1,
        };
        match digits
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(factor))
        {
            Some(ms) => ms,
            None => {
                self.number_problem(
                    pair,
                    "durations are kept in milliseconds, at most 2^64 - 1 of them",
                );
                0
            }
        }
    }

    fn number_problem(&mut self, pair: &Pair<'_, Rule>, limit: &str) {
        self.problems.push(
            Problem::error(
                Code::ParseNumber,
                format!("`{}` is too large", pair.as_str()),
                self.span_of(pair),
                "out of range",
            )
            .with_help(format!("{limit}; use a smaller value")),
        );
    }

    /// A `string`'s value, escapes resolved.
    pub(crate) fn string(&mut self, pair: Pair<'_, Rule>) -> Built<String> {
        let mut c = Children::of(pair);
        let inner = c.expect(Rule::str_inner, self)?;
        let raw = inner.as_str();
        let base = inner.as_span().start();
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, ch)) = chars.next() {
            if ch != '\\' {
                value.push(ch);
                continue;
            }
            let Some((_, escaped)) = chars.next() else {
                break;
            };
            match escaped {
                '"' => value.push('"'),
                '\\' => value.push('\\'),
                'n' => value.push('\n'),
                't' => value.push('\t'),
                other => {
                    let at = base + i;
                    let span = self.place.span(at, at + 1 + other.len_utf8());
                    self.problems.push(bad_escape(span, other));
                    value.push(other);
                }
            }
        }
        Ok(value)
    }

    /// A string where the AST keeps its own span: a prompt's file name.
    pub(crate) fn str_lit(&mut self, pair: Pair<'_, Rule>) -> Built<StrLit> {
        let span = self.span_of(&pair);
        Ok(StrLit {
            value: self.string(pair)?,
            span,
        })
    }
}

fn bad_escape(span: Span, escaped: char) -> Problem {
    Problem::error(
        Code::ParseEscape,
        format!("unknown escape `\\{escaped}` in a string"),
        span,
        "not an escape",
    )
    .with_help(format!(
        "strings know `\\\"`, `\\\\`, `\\n` and `\\t`; to keep the backslash, double it: `\\\\{escaped}`"
    ))
}

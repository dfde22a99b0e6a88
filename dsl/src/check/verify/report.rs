//! The path analyses' findings, each reported once at its place however many paths reach it.

use super::fast::FastSet;
use crate::ast::Span;
use crate::codes::Code;
use crate::diagnostic::Problem;

#[derive(Default)]
pub struct Findings {
    list: Vec<Problem>,
    seen: FastSet<(Code, usize, usize)>,
}

impl Findings {
    pub fn add(&mut self, problem: Problem) {
        let span: Span = problem.primary_span();
        if self.seen.insert((problem.code, span.start, span.end)) {
            self.list.push(problem);
        }
    }

    pub fn into_problems(self) -> Vec<Problem> {
        self.list
    }
}

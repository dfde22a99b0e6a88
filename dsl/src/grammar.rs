//! The pest grammar of the text form (`flow.pest`); the parser turns its pairs into the AST.

#[derive(pest_derive::Parser)]
#[grammar = "flow.pest"]
pub struct FlowGrammar;

/// Parses `input` from `rule`. Detailed errors (the literal tokens expected, such as `}` or `->`,
/// which make messages say what was missing) cost an allocation per rule attempt, so they are
/// only collected when a first, fast parse has failed.
///
/// pest's switch for them is process-wide. Only the detailed re-parse writes it, under a lock, and
/// turns it off again before releasing the lock: a detailed re-parse never runs without details,
/// and a fast parse at worst runs with them (slower, same result).
pub fn parse(
    rule: Rule,
    input: &str,
) -> Result<pest::iterators::Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    use pest::Parser;
    static DETAIL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    match FlowGrammar::parse(rule, input) {
        Ok(pairs) => Ok(pairs),
        Err(fast) => {
            let Ok(_guard) = DETAIL.lock() else {
                return Err(Box::new(fast));
            };
            pest::set_error_detail(true);
            let detailed = FlowGrammar::parse(rule, input).map_err(Box::new);
            pest::set_error_detail(false);
            detailed
        }
    }
}
#[cfg(test)]
mod tests {
    use super::{FlowGrammar, Rule};
    use pest::Parser;

    #[test]
    fn recording_flow_parses() {
        let src = include_str!("../../flows/recording.flow");
        if let Err(e) = FlowGrammar::parse(Rule::file, src) {
            panic!("{e}");
        }
    }
}

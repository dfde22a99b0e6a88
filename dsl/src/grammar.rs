//! The pest grammar of the text form (`flow.pest`); the parser turns its pairs into the AST.

#[derive(pest_derive::Parser)]
#[grammar = "flow.pest"]
pub struct FlowGrammar;

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

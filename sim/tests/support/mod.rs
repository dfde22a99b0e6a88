//! What the model's tests share: a flow compiled as the handler's build compiles it, its prompts
//! looked up beside the shipped recording flow.

use interpreter::ir::Flow;

/// `text` compiled; a flow that does not compile fails the test with its findings.
pub fn compile(text: &str) -> Flow {
    let beside = concat!(env!("CARGO_MANIFEST_DIR"), "/../flows/recording.flow");
    let prompts = dsl::files::FolderPrompts::beside(std::path::Path::new(beside));
    match dsl::compile::compile("test.flow", text, dsl::source::Syntax::Flow, &prompts) {
        Ok(c) => c.flow,
        Err(report) => panic!("{}", dsl::compile::render(&report, 100)),
    }
}

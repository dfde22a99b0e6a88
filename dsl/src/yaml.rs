//! YAML front end: the same language as YAML, parsed into the same AST (spans point into the
//! YAML file), and the reverse, AST -> YAML, for `dsl convert`.
//!
//! YAML carries the structure; every scalar in a flow position holds text of the text syntax,
//! parsed by the same grammar rules, so a mistake reads the same in both forms:
//!
//! ```yaml
//! flow: recording
//! config:                        # NAME: {type: TYPE, env: VAR[, default: EXPR]}
//!   owner: {type: phone, env: SOURCE_PHONE}
//!   recording_prefix: {type: text, env: RECORDING_PREFIX, default: '"originalAudio"'}
//! prompts:                       # one entry per `prompts in BUCKET { ... }`
//!   - bucket: prompt_bucket
//!     files: {being_recorded: thisCallIsBeingRecorded.wav}
//! vars:                          # NAME: {type: TYPE[, init: EXPR]}
//!   owner_leg: {type: leg, init: callee}
//! listeners:                     # NAME: ARGUMENTS as written after the name
//!   keypad: on owner_leg pattern "[5-7]" between 1s flush 10s
//! blocks:                        # NAME: STATEMENTS
//!   rearm:
//!     - if: recording is running
//!       then: [listen keypad]
//! handlers:                      # TRIGGER (as written after `on`, or `after VERBS`): STATEMENTS
//!   new call: [...]
//!   failed play: [continue]
//! states:                        # NAME: {enter: STATEMENTS, handlers: {TRIGGER: STATEMENTS}}
//!   ringing:
//!     handlers:
//!       after bridge: [...]
//! ```
//!
//! A statement is a string holding one simple statement (a command, an assignment, `goto`, `do`,
//! `note`, `continue`, `done`), or a map: `{if: EXPR, then: [...], else: [...]}` (`else` may
//! instead hold an `if` map: `else if`), or `{match: EXPR, cases: [{when: 'PAT, PAT', if: GUARD,
//! then: [...]}], else: [...]}`. Every expression position (`default`, `init`, `if`, `match`,
//! `when`) holds flow text, so a string literal keeps its double quotes: `default: '"x"'`.
//!
//! Items come out in document order: the sections in the order written, each section's entries
//! in order. Two entries with one name (or two handlers with one trigger) both reach the AST, as
//! they would from the text form, and the checker reports them; a repeated fixed key (`type`,
//! `if`, a section) is a `flow::yaml::duplicate_key` problem. Comments are kept.

mod comments;
mod node;
mod quote;
mod read;
mod scalar;
mod write;

pub use write::to_yaml;

use crate::ast::Flow;
use crate::diagnostic::Problem;

/// Parses a YAML flow; on failure, every problem found.
pub fn parse_yaml(source: &str) -> Result<Flow, Vec<Problem>> {
    let root = node::load(source).map_err(|p| vec![p])?;
    let mut reader = read::Reader::new(source);
    let flow = reader.flow(&root);
    match flow {
        Some(mut flow) if reader.problems.is_empty() => {
            flow.comments = comments::scan(source, &root);
            Ok(flow)
        }
        _ if reader.problems.is_empty() => Err(vec![Problem::error(
            crate::codes::Code::YamlShape,
            "the YAML does not describe a flow",
            root.span,
            "expected a map with `flow: NAME`",
        )]),
        _ => Err(reader.problems),
    }
}

//! Explanations of the sub-flow codes (`flow::import::...`), for `dsl explain`.

use super::{Code, Explanation};

pub(super) fn info(code: Code) -> Option<Explanation> {
    Some(match code {
        Code::ImportArgumentType => (
            "An argument of a `run` has the wrong type for its parameter.",
            "A sub-flow is written against its parameters' types: a number where it expects text, or text where it plays a prompt, would make the actions it sends invalid on a live call.",
            "use \"lib/collect_phone.flow\"   # subflow collect_phone(question text(200), tries int) returns phone\non new call { run collect_phone(question = \"Your number?\", tries = \"three\") into dialled then dialling }",
            "Pass a value of the parameter's type (`tries = 3`), or change the parameter's type in the sub-flow file.",
        ),
        Code::ImportUnknownParameter => (
            "A `run` names a parameter the sub-flow does not have.",
            "An argument nothing reads is a misspelling or a leftover: what the caller meant to set is not set.",
            "run collect_phone(question = \"Your number?\", retries = 3) into dialled then dialling",
            "Use the parameter's name as the sub-flow file declares it (the finding suggests the nearest).",
        ),
        Code::ImportMissingArgument => (
            "A `run` leaves out a parameter of the sub-flow.",
            "Every parameter is needed: a sub-flow would otherwise read an unset value mid-call.",
            "run collect_phone(question = \"Your number?\") into dialled then dialling   # no `tries`",
            "Add `NAME = VALUE` for each parameter the finding lists.",
        ),
        Code::ImportResultType => (
            "A sub-flow's result is used with the wrong type, or returned wrongly.",
            "`into VAR` stores the result in a variable of the calling flow: a phone number into an `int`, or a result from a sub-flow that returns nothing, cannot be what was meant. Inside the sub-flow, `return` must give a value exactly when a result type is declared, and only a sub-flow can return.",
            "var count int\non new call { run collect_phone(question = \"Your number?\", tries = 3) into count then dialling }",
            "Put the result into a variable of the declared type (`var dialled phone`), declare what the sub-flow `returns`, or leave out `into`.",
        ),
        Code::ImportMissingFile => (
            "A `use` names a file that cannot be read.",
            "The sub-flows a flow runs are part of it: without the file the flow cannot be checked or built.",
            "use \"lib/colect_phone.flow\"",
            "Fix the path: it is relative to the file that says `use` (`../lib/collect_phone.flow` from `examples/ivr/`).",
        ),
        Code::ImportCycle => (
            "Sub-flow files use each other in a cycle (or one is copied too many times).",
            "Each `run` copies the sub-flow into the flow at compile time: a sub-flow that runs itself, directly or through others, would never finish copying.",
            "# a.flow: subflow a() ... use \"b.flow\"\n# b.flow: subflow b() ... use \"a.flow\"",
            "Move what both need into a third file that neither of them needs, or repeat with a state and `goto` inside one sub-flow.",
        ),
        Code::ImportUnknownSubflow => (
            "A `run` names a sub-flow that no `use` brings in.",
            "Sub-flows come only from the files a flow uses, so that what runs is always visible at the top of the file.",
            "on new call { run collect_phone(question = \"Your number?\", tries = 3) then dialling }",
            "Add `use \"PATH/collect_phone.flow\"`, or fix the name.",
        ),
        Code::ImportNotASubflow => (
            "A file used as a sub-flow is not one, or holds what a sub-flow cannot.",
            "A sub-flow is copied into the flows that run it: it starts with `subflow NAME(PARAMS) [returns TYPE]`, has at least one state, and holds only `use`, `var`, `block` and `state`. Configuration, prompts, listeners and flow-wide handlers belong to the flow that runs it, which passes what is needed as parameters. A sub-flow file is checked through the flows that run it.",
            "use \"../voicemail/voicemail.flow\"",
            "Use a sub-flow file, or move the shared states into one; check a sub-flow file by checking a flow that runs it.",
        ),
        _ => return None,
    })
}

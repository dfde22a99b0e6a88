//! The registry of diagnostic codes: each code's stable name and its explanation for `dsl explain`.
//!
//! A code is never renamed or reused once published; editors and CI match on it.

use std::fmt;

/// What `dsl explain CODE` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: Code,
    /// One line: what the finding means.
    pub summary: &'static str,
    /// Why it matters on a live call.
    pub why: &'static str,
    /// A small flow that triggers it.
    pub example: &'static str,
    /// What to do.
    pub fix: &'static str,
}

macro_rules! codes {
    ($($variant:ident => $name:literal,)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn parse(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == name)
            }
        }
    };
}

codes! {
    ParseSyntax => "flow::parse::syntax",
    ParseReservedWord => "flow::parse::reserved_word",
    ParseNumber => "flow::parse::number",
    ParseEscape => "flow::parse::escape",
    ParseNesting => "flow::parse::nesting",
    ParseMatchElse => "flow::parse::match_else",
    ParseDuplicateEnter => "flow::parse::duplicate_enter",
    YamlSyntax => "flow::yaml::syntax",
    YamlShape => "flow::yaml::shape",
    YamlUnknownKey => "flow::yaml::unknown_key",
    YamlDuplicateKey => "flow::yaml::duplicate_key",
    CheckDuplicateName => "flow::check::duplicate_name",
    CheckUnknownName => "flow::check::unknown_name",
    CheckUnknownState => "flow::check::unknown_state",
    CheckUnknownBlock => "flow::check::unknown_block",
    CheckUnknownType => "flow::check::unknown_type",
    CheckUnknownAction => "flow::check::unknown_action",
    CheckUnknownArgument => "flow::check::unknown_argument",
    CheckDuplicateArgument => "flow::check::duplicate_argument",
    CheckMissingArgument => "flow::check::missing_argument",
    CheckUnknownFunction => "flow::check::unknown_function",
    CheckWrongArity => "flow::check::wrong_arity",
    CheckUnknownField => "flow::check::unknown_field",
    CheckUnknownNote => "flow::check::unknown_note",
    CheckTypeMismatch => "flow::check::type_mismatch",
    CheckNotConstant => "flow::check::not_constant",
    CheckArgumentOutOfRange => "flow::check::argument_out_of_range",
    CheckInvalidRegex => "flow::check::invalid_regex",
    CheckInvalidPhone => "flow::check::invalid_phone",
    CheckInvalidSsml => "flow::check::invalid_ssml",
    CheckUnboundedText => "flow::check::unbounded_text",
    CheckEnvName => "flow::check::env_name",
    CheckAssignToConfig => "flow::check::assign_to_config",
    CheckContinueOutsideFailure => "flow::check::continue_outside_failure",
    CheckRecursiveBlock => "flow::check::recursive_block",
    CheckDuplicateHandler => "flow::check::duplicate_handler",
    CheckMisplacedHandler => "flow::check::misplaced_handler",
    CheckNoEntry => "flow::check::no_entry",
    CheckUnused => "flow::check::unused",
    CheckUnreachableCode => "flow::check::unreachable_code",
    CheckUnreachableState => "flow::check::unreachable_state",
    CheckDeadEndState => "flow::check::dead_end_state",
    CheckGotoLoop => "flow::check::goto_loop",
    CheckUnhandledResult => "flow::check::unhandled_result",
    CheckMissingFailureHandler => "flow::check::missing_failure_handler",
    CheckMissingHangupHandler => "flow::check::missing_hangup_handler",
    CheckTooManyActions => "flow::check::too_many_actions",
    CheckAttributesTooLarge => "flow::check::attributes_too_large",
    CheckPromptFileMissing => "flow::check::prompt_file_missing",
    CheckPromptFormat => "flow::check::prompt_format",
    CheckKeypressBudget => "flow::check::keypress_budget",
    ImportArgumentType => "flow::import::argument_type",
    ImportUnknownParameter => "flow::import::unknown_parameter",
    ImportMissingArgument => "flow::import::missing_argument",
    ImportResultType => "flow::import::result_type",
    ImportMissingFile => "flow::import::missing_file",
    ImportCycle => "flow::import::cycle",
    ImportUnknownSubflow => "flow::import::unknown_subflow",
    ImportNotASubflow => "flow::import::not_a_subflow",
    VerifyLegNotUp => "flow::verify::leg_not_up",
    VerifyRecordingState => "flow::verify::recording_state",
    VerifyListenerNotArmed => "flow::verify::listener_not_armed",
    VerifyListenerLeg => "flow::verify::listener_leg",
    VerifySilence => "flow::verify::silence",
    VerifyHangupIncomplete => "flow::verify::hangup_incomplete",
    VerifyUnboundedLoop => "flow::verify::unbounded_loop",
    VerifyValueTooLong => "flow::verify::value_too_long",
    VerifyUnsetValue => "flow::verify::unset_value",
    VerifyContinueTooLong => "flow::verify::continue_too_long",
    VerifyIntent => "flow::verify::intent",
    VerifyDialPolicy => "flow::verify::dial_policy",
    VerifyDirective => "flow::verify::directive",
    ExploreLegNotUp => "flow::explore::leg_not_up",
    ExploreRecordingState => "flow::explore::recording_state",
    ExploreRefusedAction => "flow::explore::refused_action",
    ExploreValueTooLong => "flow::explore::value_too_long",
    ExploreFault => "flow::explore::fault",
    ExploreListenerNotArmed => "flow::explore::listener_not_armed",
    ExploreSilence => "flow::explore::silence",
    ExploreHangupIncomplete => "flow::explore::hangup_incomplete",
    ExploreInvalidResponse => "flow::explore::invalid_response",
    ExploreUnboundedLoop => "flow::explore::unbounded_loop",
    ExploreDuplicateAnswer => "flow::explore::duplicate_answer",
    ExploreIncomplete => "flow::explore::incomplete",
}

mod explore;
mod import;
mod verify;

/// A code's summary, why it matters, an example and what to do, as each family's table writes them.
type Explanation = (&'static str, &'static str, &'static str, &'static str);

/// The explanation of a code, for `dsl explain`.
pub fn info(code: Code) -> CodeInfo {
    let family = verify::info(code)
        .or_else(|| explore::info(code))
        .or_else(|| import::info(code));
    let (summary, why, example, fix) = family.unwrap_or(match code {
        Code::ParseSyntax => (
            "The text is not valid flow syntax.",
            "A flow that does not parse cannot be checked or deployed; nothing else about it is known.",
            "flow demo\non new call {\n  play hello to\n}",
            "Write what the label says is expected at that place; `dsl fmt` shows the canonical layout.",
        ),
        Code::ParseReservedWord => (
            "A keyword is used as a name.",
            "Keywords (`if`, `state`, `match`, `on`, ...) steer the parser, so a name spelt like one would make \
             statements ambiguous. Argument labels (`to`, `timeout`, ...) are not reserved.",
            "flow demo\nvar match int = 30",
            "Choose another name, such as `match_count` instead of `match`.",
        ),
        Code::ParseNumber => (
            "A number or duration is too large.",
            "Numbers are 64-bit and durations are kept in milliseconds; a larger value cannot be represented.",
            "flow demo\nvar n int = 99999999999999999999",
            "Use a smaller value; the checker knows each SMA parameter's real limits.",
        ),
        Code::ParseEscape => (
            "A string holds an unknown escape sequence.",
            "Only `\\\"`, `\\\\`, `\\n` and `\\t` are escapes; guessing what another one means could change \
             a prompt name or a digit pattern silently.",
            "flow demo\nlistener keys on caller pattern \"\\d\"",
            "Double the backslash to keep it: `\"\\\\d\"` is the pattern `\\d`.",
        ),
        Code::ParseNesting => (
            "Blocks or expressions are nested too deeply.",
            "Every nested block or operator costs stack while the flow is parsed and checked; a bound keeps that \
             safe for any input.",
            "flow demo\non new call { if a { if b { if c { ... 100 levels ... } } } }",
            "Move inner parts into a `block` used with `do`, or split long expressions into variables.",
        ),
        Code::ParseMatchElse => (
            "The `else` arm of a `match` is not its last arm, or there are two.",
            "Arms are tried in order, so arms after `else` could never run.",
            "flow demo\non digits {\n  match digits { else -> done; \"5\" -> done }\n}",
            "Keep one `else` arm and put it last.",
        ),
        Code::ParseDuplicateEnter => (
            "A state has more than one `enter` block.",
            "A state runs one `enter` block when a `goto` reaches it; two would leave the order unclear.",
            "flow demo\nstate s {\n  enter { play a }\n  enter { play b }\n}",
            "Merge the statements into one `enter` block.",
        ),
        Code::YamlSyntax => (
            "The file is not valid YAML.",
            "Nothing can be read from a YAML file that does not parse.",
            "flow: demo\nhandlers:\n  new call: [play hello",
            "Fix the YAML at the place shown (an unclosed bracket or quote, or a bad indentation).",
        ),
        Code::YamlShape => (
            "A YAML value has the wrong shape for its place in a flow.",
            "The YAML form mirrors the text form: each key expects a name, a piece of flow text, a list of \
             statements or a map.",
            "flow: demo\nhandlers:\n  new call: play hello",
            "Write the shape the label asks for; `dsl convert FILE --to yaml` shows the YAML of a text flow.",
        ),
        Code::YamlUnknownKey => (
            "A YAML map has a key that the flow language does not know.",
            "An unknown key would otherwise be ignored silently, and what it was meant to say would be lost.",
            "flow: demo\nvars:\n  n: {type: int, initial: 0}",
            "Use one of the keys listed in the help (`init` here), or remove the key.",
        ),
        Code::YamlDuplicateKey => (
            "A YAML map has the same key twice.",
            "YAML requires distinct keys; most readers keep only one of the two values, silently.",
            "flow: demo\nconfig:\n  owner: {type: phone, env: OWNER, env: PHONE}",
            "Remove one of the two entries.",
        ),
        Code::CheckDuplicateName => (
            "A name is defined twice, or a declaration reuses a built-in name.",
            "One name would stand for two things; the flow could not say which one it means.",
            "flow demo\nvar caller phone\non new call { hangup caller }",
            "Rename one of the two definitions.",
        ),
        Code::CheckUnknownName => (
            "A name is used that nothing defines.",
            "A misspelt variable, prompt or config value would otherwise become dead air on a live call.",
            "flow demo\nvar owner_leg leg = callee\non new call { hangup owner_lge }",
            "Define the name, or correct its spelling (the help suggests the closest name).",
        ),
        Code::CheckUnknownState => (
            "`goto` names a state that is not declared.",
            "The call would have nowhere to go.",
            "flow demo\non new call { goto menu }",
            "Declare `state menu { ... }`, or correct the name.",
        ),
        Code::CheckUnknownBlock => (
            "`do` names a block that is not declared.",
            "The statements meant to run would be missing.",
            "flow demo\non new call { do greet }",
            "Declare `block greet { ... }`, or correct the name.",
        ),
        Code::CheckUnknownType => (
            "A type name is unknown or not allowed there.",
            "Values are typed so that a phone number can never end up where a duration is wanted.",
            "flow demo\nvar count integer",
            "Use one of `phone`, `text(N)`, `int`, `bool`, `duration`, `leg` (config values cannot be legs).",
        ),
        Code::CheckUnknownAction => (
            "A command or a trigger names an action the language does not have.",
            "The SMA rejects unknown actions, and the whole answer with them.",
            "flow demo\non new call { paly hello to caller }",
            "Use one of the actions: play, collect, speak, ask, listen, send digits, pause, hangup, bridge, record audio, start/pause/resume/stop recording, voice focus, join meeting, mute, unmute, start bot.",
        ),
        Code::CheckUnknownArgument => (
            "An action is given an argument it does not take.",
            "It would be ignored at best; a misspelt label usually means an intended setting is missing.",
            "flow demo\non new call { hangup caller timeout 3s }",
            "Remove the argument or use the label the help suggests.",
        ),
        Code::CheckDuplicateArgument => (
            "An argument is given twice to one action.",
            "Only one value could be sent; the other would silently be lost.",
            "flow demo\non new call { bridge to +12065550100 caller_id +12065550101 timeout 10s timeout 20s }",
            "Keep one of them.",
        ),
        Code::CheckMissingArgument => (
            "An action lacks an argument the SMA requires.",
            "The SMA rejects an action without its required parameters, and the caller hears nothing.",
            "flow demo\non new call { bridge to +12065550100 }",
            "Add the argument the message names (here `caller_id`).",
        ),
        Code::CheckUnknownFunction => (
            "A function that does not exist is called.",
            "Its result would be undefined.",
            "flow demo\nvar n phone\non new call { n = nanpa(digits) }",
            "Use `nanp`, `e164` or `len`.",
        ),
        Code::CheckWrongArity => (
            "A function is called with the wrong number of arguments.",
            "The function could not compute its result.",
            "flow demo\nvar n phone\non new call { n = nanp() }",
            "Pass exactly the arguments the function takes.",
        ),
        Code::CheckUnknownField => (
            "A field is read that the value does not have.",
            "Only legs (`number`, `connected`), phone numbers (`area`) and `args` have fields.",
            "flow demo\non new call { if caller.numbr == \"\" { hangup caller } }",
            "Use one of the fields the help lists.",
        ),
        Code::CheckUnknownNote => (
            "`note` names a built-in call-record fact that does not exist, or a fact of the flow's own without its value.",
            "The call record would miss the fact.",
            "flow demo\non new call { note started }",
            "Write `note inbound`, `note outbound`, `note answered NUMBER`, `note failed [REASON]`, or a fact with its value: `note outcome \"confirmed\"`.",
        ),
        Code::CheckTypeMismatch => (
            "A value of one type is used where another is needed.",
            "A phone number where a leg is wanted, or text where a condition is, can only fail on a live call.",
            "flow demo\non new call { if caller.number { hangup caller } }",
            "Use a value of the type the message names.",
        ),
        Code::CheckNotConstant => (
            "An argument that must be written out is computed.",
            "Limits of timings, patterns and keys are checked before deployment, so they must be known then.",
            "flow demo\nvar t duration = 5s\non new call { pause t on caller }",
            "Write the value itself, such as `5s`.",
        ),
        Code::CheckArgumentOutOfRange => (
            "An argument is outside the limits the SMA accepts.",
            "The SMA rejects the whole answer when one parameter is out of range, and the call dies.",
            "flow demo\non new call { bridge to +12065550100 caller_id +12065550101 timeout 200s }",
            "Use a value inside the range the label gives (here `CallTimeoutSeconds` is 1 to 120).",
        ),
        Code::CheckInvalidRegex => (
            "A digit pattern is not a valid regular expression.",
            "The SMA would reject the action, so no digits could ever be collected.",
            "flow demo\nlistener keys on caller pattern \"[5-7\" between 1s flush 10s\non new call { listen keys }",
            "Fix the pattern, for example \"[5-7]\".",
        ),
        Code::CheckInvalidPhone => (
            "A phone number literal is not E.164.",
            "The SMA only dials and presents E.164 numbers.",
            "flow demo\non new call { bridge to +0 caller_id caller.number }",
            "Write `+` then the country code and number, such as `+12065550100`.",
        ),
        Code::CheckInvalidSsml => (
            "A written-out text said with `ssml true` is not well-formed SSML.",
            "Amazon Polly refuses it, so the caller hears nothing where the text should be.",
            "flow demo\non new call { speak \"<speak>Hello<break/>\" to caller ssml true }",
            "Wrap the text in `<speak>...</speak>` and close every tag you open.",
        ),
        Code::CheckUnboundedText => (
            "A text variable has no maximum length.",
            "Variables travel in the call's attributes, which the SMA limits to 1,024 characters a value.",
            "flow demo\nvar note_text text",
            "Give a maximum: `var note_text text(64)`.",
        ),
        Code::CheckEnvName => (
            "A config value reads an unusually named environment variable.",
            "Environment variables are conventionally upper case; a lower-case name is often a slip.",
            "flow demo\nconfig owner phone = env source_phone",
            "Write it in upper case: `env SOURCE_PHONE`.",
        ),
        Code::CheckAssignToConfig => (
            "A config value or another constant is assigned.",
            "Config values are read once from the environment and never change during a call.",
            "flow demo\nconfig owner phone = env SOURCE_PHONE\non new call { owner = caller.number }",
            "Declare a variable and assign that instead.",
        ),
        Code::CheckContinueOutsideFailure => (
            "`continue` is used outside an `on failed` handler.",
            "`continue` sends again what was left of a list after one of its actions failed; elsewhere there is no such list.",
            "flow demo\non new call { continue }",
            "Use `continue` only in `on failed ... { }`.",
        ),
        Code::CheckRecursiveBlock => (
            "A block runs itself, directly or through other blocks.",
            "Blocks are copied where they are used; a block inside itself would never end.",
            "flow demo\nblock again { do again }\non new call { do again }",
            "Use a state and `goto` to repeat after an event.",
        ),
        Code::CheckDuplicateHandler => (
            "Two handlers in one scope answer the same event.",
            "Only one of them could ever run.",
            "flow demo\non hangup { }\non hangup { }",
            "Merge the two handlers.",
        ),
        Code::CheckMisplacedHandler => (
            "A handler is in a place where its event cannot happen.",
            "A new call starts before it is in any state, so `on new call` inside a state never runs.",
            "flow demo\nstate s { on new call { } }",
            "Move the handler to the top level of the flow.",
        ),
        Code::CheckNoEntry => (
            "The flow never answers a new call.",
            "Without `on new call` (or `on answered` for calls placed through the API) every call times out in silence.",
            "flow demo\non hangup { }",
            "Add `on new call { ... }`.",
        ),
        Code::CheckKeypressBudget => (
            "A digit listener can take longer from keypress to effect than the flow's budget allows.",
            "The service reports digits only after the listener's `between` interval of quiet, then the answer takes one SMA round trip (counted as 500 ms): a caller pressing a key hears nothing happen until then.",
            "flow demo\nlistener keys on caller pattern \"[0-9]\" between 3s flush 10s budget 2s\non new call { listen keys }",
            "Shorten `between` (the SMA documents no minimum), or raise `budget` if the wait is acceptable.",
        ),
        Code::CheckUnused => (
            "A declaration is never used.",
            "Usually a leftover or a misspelling elsewhere; an unused prompt may be a message callers never hear.",
            "flow demo\nvar spare int\non new call { hangup caller }",
            "Remove it, or use it.",
        ),
        Code::CheckUnreachableCode => (
            "A statement follows `goto` or `done` in the same block.",
            "`goto` and `done` end the handler; what follows never runs.",
            "flow demo\non new call { done; hangup caller }",
            "Move the statement before the `goto`/`done`, or remove it.",
        ),
        Code::CheckUnreachableState => (
            "No path of the flow enters a state.",
            "Its handlers can never run; often a `goto` is missing or misspelt.",
            "flow demo\nstate lonely { }\non new call { hangup caller }",
            "Enter it with `goto`, or remove it.",
        ),
        Code::CheckDeadEndState => (
            "A state that a call can enter but never leave or end.",
            "Nothing there moves the call on or hangs it up: the caller would wait in silence.",
            "flow demo\nstate stuck { }\non new call { goto stuck }",
            "Add a handler that does `goto` another state or `hangup`.",
        ),
        Code::CheckGotoLoop => (
            "Entering a state enters it again in the same answer.",
            "Its `enter` block leads back to it without waiting for the SMA, so the answer would never end.",
            "flow demo\nstate a { enter { goto a } }\non new call { goto a }",
            "Send an action and wait for its result before going back.",
        ),
        Code::CheckUnhandledResult => (
            "An action's result is never handled where the call waits for it.",
            "After `collect`, `ask`, `record audio` or `start bot` only a success handler moves the call on; without one the caller hears silence.",
            "flow demo\nprompts in b { hi = \"hi.wav\" }\nconfig b text = env B\non new call { collect hi on caller failure hi wait 5s }\non failed { hangup caller }",
            "Add `after collect { ... }` in the state the call waits in, or flow-wide.",
        ),
        Code::CheckMissingFailureHandler => (
            "An action can fail with no handler for it where the call waits.",
            "When an action fails the SMA drops the rest of the list and asks the flow again; without a handler the call goes silent.",
            "flow demo\non new call { bridge to +12065550100 caller_id caller.number }\non hangup { hangup caller }",
            "Add `on failed bridge { ... }`, or a flow-wide `on failed { ... }`.",
        ),
        Code::CheckMissingHangupHandler => (
            "A flow bridges calls but never hangs up the leg left behind.",
            "The SMA does not propagate hang-ups: when one side leaves, the other stays connected and billed until the flow hangs it up.",
            "flow demo\non new call { bridge to +12065550100 caller_id caller.number }\non failed { hangup caller }",
            "Add a flow-wide `on hangup { if caller.connected { hangup caller }; if callee.connected { hangup callee } }`.",
        ),
        Code::CheckTooManyActions => (
            "One answer can hold more than 10 actions.",
            "The SMA rejects an answer with more than 10 actions, and the call fails.",
            "flow demo\n# eleven `play` statements in one handler",
            "Split the work: send part, wait for its result in a state, send the rest from that state's handler.",
        ),
        Code::CheckAttributesTooLarge => (
            "The variables may not fit in the call's attributes.",
            "Variables travel in `TransactionAttributes`, limited to 1,024 characters a value; a larger state would be rejected mid-call.",
            "flow demo\nvar a text(600)",
            "Shorten `text(N)` variables or keep fewer variables.",
        ),
        Code::CheckPromptFileMissing => (
            "A prompt's audio file is not beside the flow.",
            "The SMA would fail to play it (InvalidAudioSource) on a live call.",
            "flow demo\nconfig b text = env B\nprompts in b { hi = \"missing.wav\" }",
            "Add the file under the flow's `prompts/` folder, or fix its name.",
        ),
        Code::CheckPromptFormat => (
            "A prompt's audio file is not an 8 kHz, 16-bit, mono PCM WAV file.",
            "The SMA plays uncompressed WAV; the format every AWS sample ships is 8 kHz 16-bit mono, and others are not documented to work.",
            "flow demo\nconfig b text = env B\nprompts in b { hi = \"hi-44khz.wav\" }",
            "Convert it: `sox IN.wav -r 8000 -c 1 -b 16 -e signed-integer OUT.wav`.",
        ),
        _ => ("", "", "", ""),
    });
    CodeInfo {
        code,
        summary,
        why,
        example,
        fix,
    }
}

/// The text `dsl explain CODE` prints (and an editor shows on hover).
pub fn explain(code: Code) -> String {
    let info = info(code);
    let example: String = info.example.lines().map(|l| format!("  {l}\n")).collect();
    format!(
        "{code}\n\n{}\n\nWhy it matters\n  {}\n\nExample\n\n{example}\nWhat to do\n  {}\n",
        info.summary, info.why, info.fix
    )
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, info};

    #[test]
    fn every_code_is_explained_under_its_own_name() {
        for &code in Code::ALL {
            let info = info(code);
            assert_eq!(info.code, code);
            assert!(!info.summary.is_empty() && !info.why.is_empty() && !info.fix.is_empty());
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
    }
}

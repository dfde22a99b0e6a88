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
    YamlSyntax => "flow::yaml::syntax",
    YamlShape => "flow::yaml::shape",
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
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

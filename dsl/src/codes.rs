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
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

//! The abstract syntax tree shared by both front ends (`.flow` text and YAML).
//!
//! Text and YAML parse into exactly these types; the checker turns them into the interpreter's IR.
//! Names are kept as written, with their spans, so that the checker can point at them. Nothing here
//! is resolved: a name may be unknown, an argument may be out of range; that is the checker's job.

use serde::{Deserialize, Serialize};

/// A byte range in the source file the node came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.len()).into()
    }
}

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

impl Ident {
    pub fn new(name: impl Into<String>, span: Span) -> Self {
        Self {
            name: name.into(),
            span,
        }
    }
}

/// A whole flow file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// `flow NAME`
    pub name: Ident,
    /// Top-level items in source order.
    pub items: Vec<Item>,
    /// The comments of the file in source order, for the formatter and the converter; the
    /// checker ignores them.
    #[serde(default)]
    pub comments: Vec<Comment>,
}

/// A `#` comment, kept so that formatting and conversion do not lose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// The text after `#`, as written, without the line break.
    pub text: String,
    /// From `#` to the end of the line.
    pub span: Span,
    /// Written after code on the same line, rather than on a line of its own.
    pub trailing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Item {
    /// `use "FILE"`: a sub-flow file this flow runs.
    Use(UseDecl),
    /// The header of a sub-flow file (`subflow NAME(PARAMS) returns TYPE`), first of its items.
    Subflow(SubflowDecl),
    Config(ConfigDecl),
    Prompts(PromptsDecl),
    Var(VarDecl),
    Listener(ListenerDecl),
    Block(BlockDecl),
    Handler(Handler),
    State(StateDecl),
    Intent(IntentDecl),
}

/// `use "lib/collect_phone.flow"`: a sub-flow file, its path relative to this file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UseDecl {
    pub path: StrLit,
    pub span: Span,
}

/// `subflow NAME(PARAM TYPE, ...) [returns TYPE]`: what a sub-flow file takes and gives back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubflowDecl {
    pub name: Ident,
    pub params: Vec<Param>,
    /// The type of what `return EXPR` gives; none when the sub-flow gives nothing back.
    pub result: Option<TypeRef>,
    pub span: Span,
}

/// A sub-flow's parameter: `question text(200)`, `menu prompt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    pub name: Ident,
    pub ty: TypeRef,
    pub span: Span,
}

/// `NAME = EXPR` in a `run`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunArg {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `always COMMAND` / `never COMMAND`: a property the flow states about itself, such as
/// `never play notice to owner_leg` or `never bridge caller_id owner`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntentDecl {
    /// `always` (every such action is as written) or `never` (no such action is).
    pub always: bool,
    pub command: Command,
    pub span: Span,
}

/// `config NAME TYPE = env VAR [or DEFAULT]`: a typed value read from the environment at start-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigDecl {
    pub name: Ident,
    pub ty: TypeRef,
    /// The environment variable's name.
    pub env: Ident,
    /// Used when the variable is unset; without one the variable is required.
    pub default: Option<Expr>,
    pub span: Span,
}

/// `prompts in BUCKET { NAME = "file.wav" ... }`: audio files in an S3 bucket named by a config value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptsDecl {
    /// A config name whose value is the bucket.
    pub bucket: Ident,
    pub entries: Vec<PromptEntry>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptEntry {
    pub name: Ident,
    /// The S3 object key, also the file name under the flow's `prompts/` folder.
    pub file: StrLit,
    pub span: Span,
}

/// `var NAME TYPE [= INIT]`: a value kept across the events of one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VarDecl {
    pub name: Ident,
    pub ty: TypeRef,
    pub init: Option<Expr>,
    pub span: Span,
}

/// A type as written: `phone`, `leg`, `int`, `bool`, `duration`, `text(64)`, `digits(15)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeRef {
    pub name: Ident,
    /// The maximum length for `text(N)` and `digits(N)`.
    pub max_len: Option<u64>,
    pub span: Span,
}

/// `listener NAME on LEG pattern "..." between 1000ms flush 10000ms`: a named digit listener
/// (the SMA `ReceiveDigits`), armed with `listen NAME` and handled with `on digits NAME`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListenerDecl {
    pub name: Ident,
    pub args: Vec<Arg>,
    pub span: Span,
}

/// `block NAME { ... }`: statements reused with `do NAME`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockDecl {
    pub name: Ident,
    pub body: Block,
    pub span: Span,
}

/// `state NAME { enter { ... } on ... { ... } }`: a point where the call waits for the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateDecl {
    pub name: Ident,
    /// Run in the same answer as the `goto` that enters the state.
    pub enter: Option<Block>,
    pub handlers: Vec<Handler>,
    pub span: Span,
}

/// `on TRIGGER { ... }` or `after VERBS { ... }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handler {
    pub trigger: Trigger,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub kind: TriggerKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TriggerKind {
    /// `on new call`: `NEW_INBOUND_CALL`.
    NewCall,
    /// `on answered`: `CALL_ANSWERED` (an outbound call placed through the API was answered).
    Answered,
    /// `after VERB, VERB`: `ACTION_SUCCESSFUL` for one of those actions.
    After(Vec<Ident>),
    /// `on failed [VERB, ...]`: `ACTION_FAILED`, for those actions or (empty) any action.
    Failed(Vec<Ident>),
    /// `on digits [LISTENER]`: `DIGITS_RECEIVED`, from that listener's leg or any.
    Digits(Option<Ident>),
    /// `on hangup [LEG]`: `HANGUP` of that leg or any.
    Hangup(Option<Ident>),
    /// `on update`: `CALL_UPDATE_REQUESTED`.
    Update,
    /// `on invalid response`: `INVALID_LAMBDA_RESPONSE`.
    InvalidResponse,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StmtKind {
    /// An SMA action or a recording/listener operation: `play a, b to caller`,
    /// `bridge to owner caller_id caller.number timeout 30s`, `start recording on caller ...`,
    /// `listen keypad`, `hangup callee`.
    Command(Command),
    /// `NAME = EXPR`, `NAME += EXPR`, `NAME -= EXPR`.
    Assign {
        target: Ident,
        op: AssignOp,
        value: Expr,
    },
    /// `if COND { ... } else if ... else { ... }` (an `else if` is an `else` block holding one `if`).
    If {
        cond: Expr,
        then: Block,
        otherwise: Option<Block>,
    },
    /// `match EXPR { PAT, PAT [if GUARD] -> BODY ... else -> BODY }`.
    Match {
        scrutinee: Expr,
        arms: Vec<MatchArm>,
        otherwise: Option<Block>,
    },
    /// `goto STATE`: leave this handler, enter STATE (its `enter` block runs now).
    Goto(Ident),
    /// `do BLOCK`.
    Do(Ident),
    /// `note inbound|outbound|answered EXPR|failed [EXPR]`: a call-record fact.
    Note { kind: Ident, value: Option<Expr> },
    /// `continue`: re-send what was left of the list in which an action just failed.
    Continue,
    /// `done`: end this handler here.
    Done,
    /// `run NAME(ARGS) [into VAR] then STATE`: the call goes through a sub-flow; what it
    /// returns goes into VAR, and the call goes on in STATE.
    Run {
        subflow: Ident,
        args: Vec<RunArg>,
        into: Option<Ident>,
        then: Ident,
    },
    /// `return [EXPR]`: a sub-flow ends (in a sub-flow file only).
    Return(Option<Expr>),
    /// `allow CODE "reason"`: the finding `CODE` of the next statement is a warning, for this
    /// reason.
    Allow { code: Ident, reason: StrLit },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignOp {
    Set,
    Add,
    Sub,
}

/// A command: a verb (one or two words, such as `play` or `start recording`), an optional
/// positional argument and labelled arguments (`to caller`, `timeout 30s`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Command {
    /// The verb as written, words joined by one space: `play`, `start recording`.
    pub verb: Ident,
    pub positional: Option<Expr>,
    pub args: Vec<Arg>,
}

/// `LABEL EXPR`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arg {
    pub label: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchArm {
    pub patterns: Vec<Expr>,
    pub guard: Option<Expr>,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ExprKind {
    /// `"text"`
    Str(String),
    /// `42`
    Int(i64),
    /// `30s`, `2500ms`, `2m`, in milliseconds.
    Duration(u64),
    /// `+12065550100`
    Phone(String),
    /// `true`, `false`
    Bool(bool),
    /// `none`
    None,
    /// `[a, b]` (and the positional `a, b` of a command, which is a list too)
    List(Vec<Expr>),
    /// A name: a variable, config value, prompt, listener, leg or built-in.
    Name(Ident),
    /// `EXPR.field`
    Field(Box<Expr>, Ident),
    /// `name(args)`
    Call(Ident, Vec<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `if COND then A else B`.
    Cond {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `EXPR is [not] WORD`: a state test such as `recording is paused`.
    Is {
        subject: Box<Expr>,
        negated: bool,
        word: Ident,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Add,
    Sub,
}

//! Commands: each verb of the language, the labels it takes and how it lowers to an SMA action,
//! a recording operation or a listener operation. Literal arguments are held to the protocol's
//! limits through the wire model's single table of limits.

use super::Checker;
use super::limits::{ParamValue, check_limit};
use super::scope::{BuiltinName, Named};
use super::ty::Ty;
use crate::ast;
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use interpreter::ir::{
    self, ActionTemplate, DigitInput, RecordingOp, Speech, Stmt, Target, TargetSet,
};
use interpreter::wire::{ActionKind, Engine, Track};

/// Every verb and the SMA actions it sends (`recording` names the four recording operations, in
/// triggers only).
const VERBS: &[(&str, &[ActionKind])] = &[
    ("play", &[ActionKind::PlayAudio]),
    ("collect", &[ActionKind::PlayAudioAndGetDigits]),
    ("speak", &[ActionKind::Speak]),
    ("ask", &[ActionKind::SpeakAndGetDigits]),
    ("listen", &[ActionKind::ReceiveDigits]),
    ("send digits", &[ActionKind::SendDigits]),
    ("pause", &[ActionKind::Pause]),
    ("hangup", &[ActionKind::Hangup]),
    ("bridge", &[ActionKind::CallAndBridge]),
    ("record audio", &[ActionKind::RecordAudio]),
    ("start recording", &[ActionKind::StartCallRecording]),
    ("pause recording", &[ActionKind::PauseCallRecording]),
    ("resume recording", &[ActionKind::ResumeCallRecording]),
    ("stop recording", &[ActionKind::StopCallRecording]),
    (
        "recording",
        &[
            ActionKind::StartCallRecording,
            ActionKind::PauseCallRecording,
            ActionKind::ResumeCallRecording,
            ActionKind::StopCallRecording,
        ],
    ),
    ("voice focus", &[ActionKind::VoiceFocus]),
    ("join meeting", &[ActionKind::JoinChimeMeeting]),
    ("mute", &[ActionKind::ModifyChimeMeetingAttendees]),
    ("unmute", &[ActionKind::ModifyChimeMeetingAttendees]),
    ("start bot", &[ActionKind::StartBotConversation]),
];

pub fn verb_kinds(verb: &str) -> Option<Vec<ActionKind>> {
    VERBS
        .iter()
        .find(|(v, _)| *v == verb)
        .map(|(_, kinds)| kinds.to_vec())
}

pub fn verb_names() -> impl Iterator<Item = &'static str> {
    VERBS.iter().map(|(v, _)| *v).filter(|v| *v != "recording")
}

/// The language's verb for an SMA action, for messages.
pub fn verb_of(kind: ActionKind) -> &'static str {
    VERBS
        .iter()
        .find(|(v, kinds)| *v != "recording" && kinds.contains(&kind))
        .map_or("?", |(v, _)| *v)
}

const DIGIT_LABELS: &[&str] = &[
    "min",
    "max",
    "terminators",
    "repeat",
    "between",
    "wait",
    "pattern",
];
const SPEECH_LABELS: &[&str] = &["voice", "engine", "language", "ssml"];

/// The arguments of one command, taken one by one; unknown and repeated labels are reported when
/// the set is made, missing required ones when they are taken.
pub(super) struct ArgSet<'e> {
    verb: String,
    span: ast::Span,
    positional: Option<&'e ast::Expr>,
    args: Vec<&'e ast::Arg>,
}

impl<'e> ArgSet<'e> {
    pub fn new(
        checker: &mut Checker<'_>,
        verb: &str,
        positional: Option<&'e ast::Expr>,
        args: &'e [ast::Arg],
        span: ast::Span,
        labels: &[&str],
    ) -> Self {
        let mut kept: Vec<&ast::Arg> = Vec::new();
        for arg in args {
            let label = arg.label.name.as_str();
            if !labels.contains(&label) {
                let mut p = Problem::error(
                    Code::CheckUnknownArgument,
                    format!("`{verb}` takes no `{label}`"),
                    arg.label.span,
                    "unknown argument",
                );
                p = match did_you_mean(label, labels.iter().copied()) {
                    Some(s) => p.with_help(format!("did you mean `{s}`?")),
                    None if labels.is_empty() => {
                        p.with_help(format!("`{verb}` takes no arguments"))
                    }
                    None => p.with_help(format!("`{verb}` takes: {}", labels.join(", "))),
                };
                checker.report(p);
            } else if let Some(first) = kept.iter().find(|a| a.label.name == label) {
                checker.report(
                    Problem::error(
                        Code::CheckDuplicateArgument,
                        format!("`{label}` is given twice"),
                        arg.label.span,
                        "given again here",
                    )
                    .with_label(first.label.span, "first given here")
                    .with_help("keep one of them: only one value can be sent"),
                );
            } else {
                kept.push(arg);
            }
        }
        Self {
            verb: verb.to_owned(),
            span,
            positional,
            args: kept,
        }
    }

    fn get(&self, label: &str) -> Option<&'e ast::Expr> {
        self.args
            .iter()
            .find(|a| a.label.name == label)
            .map(|a| &a.value)
    }

    /// A labelled argument; when `required`, its absence is reported.
    fn pick(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        required: bool,
        what: &str,
    ) -> Option<&'e ast::Expr> {
        if required {
            self.require(checker, label, what)
        } else {
            self.get(label)
        }
    }

    /// A required labelled argument.
    pub fn require(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        what: &str,
    ) -> Option<&'e ast::Expr> {
        let found = self.get(label);
        if found.is_none() {
            checker.report(
                Problem::error(
                    Code::CheckMissingArgument,
                    format!("`{}` needs `{label}`", self.verb),
                    self.span,
                    format!("no `{label}` ({what})"),
                )
                .with_help(format!("add `{label} ...`")),
            );
        }
        found
    }

    /// The positional argument, required.
    pub fn main(&self, checker: &mut Checker<'_>, what: &str) -> Option<&'e ast::Expr> {
        if self.positional.is_none() {
            checker.report(
                Problem::error(
                    Code::CheckMissingArgument,
                    format!("`{}` needs {what}", self.verb),
                    self.span,
                    format!("no {what}"),
                )
                .with_help(format!(
                    "write `{} {what_example}`",
                    self.verb,
                    what_example = example(what)
                )),
            );
        }
        self.positional
    }

    pub fn target(&self, checker: &mut Checker<'_>, label: &str) -> Option<Target> {
        let e = self.require(checker, label, "a leg")?;
        checker.target(e)
    }

    pub fn pattern(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        required: bool,
    ) -> Option<String> {
        let e = self.pick(checker, label, required, "a regular expression")?;
        let text = checker.literal_text(e)?;
        if let Err(err) = regex::Regex::new(&text) {
            let detail = err.to_string();
            let last = detail.lines().last().unwrap_or("invalid").trim().to_owned();
            checker.report(
                Problem::error(
                    Code::CheckInvalidRegex,
                    format!("`{text}` is not a valid regular expression"),
                    e.span,
                    last,
                )
                .with_help("digit patterns are regular expressions over the characters 0-9, * and #, such as \"^[0-9]{4}#$\""),
            );
            return None;
        }
        Some(text)
    }

    /// A literal duration in milliseconds, checked against the wire parameter.
    pub fn duration(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: &str,
        required: bool,
    ) -> Option<u64> {
        let e = self.pick(checker, label, required, "a duration")?;
        let ms = checker.literal_duration(e)?;
        checker.limit(
            e.span,
            kind,
            param,
            ParamValue::Int(i64::try_from(ms).unwrap_or(i64::MAX)),
        );
        Some(ms)
    }

    /// A literal duration in whole seconds, checked against the wire parameter.
    pub fn seconds(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: &str,
    ) -> Option<u32> {
        let e = self.get(label)?;
        let ms = checker.literal_duration(e)?;
        if ms % 1000 != 0 {
            checker.report(Problem::error(
                Code::CheckArgumentOutOfRange,
                format!("`{label}` is counted in whole seconds"),
                e.span,
                format!("{ms} ms is not a whole number of seconds"),
            ));
            return None;
        }
        let s = ms / 1000;
        checker.limit(
            e.span,
            kind,
            param,
            ParamValue::Int(i64::try_from(s).unwrap_or(i64::MAX)),
        );
        u32::try_from(s).ok()
    }

    pub fn int(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: &str,
    ) -> Option<u32> {
        let e = self.get(label)?;
        let n = checker.literal_int(e)?;
        checker.limit(e.span, kind, param, ParamValue::Int(n));
        u32::try_from(n).ok()
    }

    /// Literal text, checked against the wire parameter when one is named.
    pub fn text(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: Option<&str>,
    ) -> Option<String> {
        let e = self.get(label)?;
        let text = checker.literal_text(e)?;
        if let Some(param) = param {
            checker.limit(e.span, kind, param, ParamValue::Text(&text));
        }
        Some(text)
    }

    /// Terminator keys written as one string, such as `"#*"`.
    pub fn keys(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: &str,
        required: bool,
    ) -> Option<String> {
        let e = self.pick(checker, label, required, "keys such as \"#\"")?;
        let text = checker.literal_text(e)?;
        let keys: Vec<String> = text.chars().map(String::from).collect();
        checker.limit(e.span, kind, param, ParamValue::List(&keys));
        Some(text)
    }

    pub fn value(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        ty: &Ty,
        required: bool,
    ) -> Option<ir::Expr> {
        let e = self.pick(checker, label, required, &ty.to_string())?;
        Some(checker.typed(e, ty))
    }

    pub fn has(&self, label: &str) -> bool {
        self.get(label).is_some()
    }

    pub fn finish(self, _checker: &mut Checker<'_>) {}
}

fn example(what: &str) -> &'static str {
    match what {
        "a prompt" => "greeting to caller",
        "a leg" => "caller",
        "a listener" => "keypad",
        "a duration" => "1s on caller",
        _ => "...",
    }
}

impl Checker<'_> {
    pub(super) fn limit(
        &mut self,
        span: ast::Span,
        kind: ActionKind,
        param: &str,
        value: ParamValue<'_>,
    ) {
        if let Err(why) = check_limit(kind, param, value) {
            self.report(
                Problem::error(
                    Code::CheckArgumentOutOfRange,
                    format!("this value is not accepted by `{}`", kind.as_str()),
                    span,
                    why,
                )
                .with_help(format!(
                    "the SMA rejects the whole answer when `{param}` is outside its limits"
                )),
            );
        }
    }

    fn literal_text(&mut self, e: &ast::Expr) -> Option<String> {
        match &e.kind {
            ast::ExprKind::Str(s) => Some(s.clone()),
            _ => {
                self.not_literal(e, "text in quotes");
                None
            }
        }
    }

    fn literal_duration(&mut self, e: &ast::Expr) -> Option<u64> {
        match &e.kind {
            ast::ExprKind::Duration(ms) => Some(*ms),
            ast::ExprKind::Int(_) => {
                self.report(
                    Problem::error(
                        Code::CheckTypeMismatch,
                        "expected a duration, found int",
                        e.span,
                        "no unit",
                    )
                    .with_help("add a unit: `ms`, `s` or `m`"),
                );
                None
            }
            _ => {
                self.not_literal(e, "a duration such as `30s`");
                None
            }
        }
    }

    fn literal_int(&mut self, e: &ast::Expr) -> Option<i64> {
        match &e.kind {
            ast::ExprKind::Int(n) => Some(*n),
            _ => {
                self.not_literal(e, "a whole number");
                None
            }
        }
    }

    fn not_literal(&mut self, e: &ast::Expr, what: &str) {
        // Resolve its names anyway: a misspelling there is worth reporting too, and the names it
        // uses are used.
        let _ = self.expr(e);
        self.report(
            Problem::error(Code::CheckNotConstant, format!("expected {what}"), e.span, "must be written out here")
                .with_help("this argument is fixed when the flow is checked, so that its limits can be verified"),
        );
    }

    pub(super) fn prompt(&mut self, e: &ast::Expr) -> Option<ir::PromptId> {
        if let ast::ExprKind::Name(n) = &e.kind {
            match self.scope.value(&n.name) {
                Some(Named::Prompt(id)) => {
                    self.used_values.insert(Named::Prompt(id));
                    return Some(id);
                }
                None => {
                    self.unknown_value(n, "prompt");
                    return None;
                }
                Some(_) => {}
            }
        }
        self.report(
            Problem::error(
                Code::CheckTypeMismatch,
                "expected a prompt",
                e.span,
                "not a prompt",
            )
            .with_help("name a prompt declared in a `prompts` group"),
        );
        None
    }

    fn targets(&mut self, e: &ast::Expr) -> Option<TargetSet> {
        if let ast::ExprKind::Name(n) = &e.kind
            && matches!(
                self.scope.value(&n.name),
                Some(Named::Builtin(BuiltinName::Both))
            )
        {
            return Some(TargetSet::Both);
        }
        self.target(e).map(TargetSet::One)
    }

    /// Lowers one command to the statements it stands for.
    pub(super) fn lower_command(&mut self, cmd: &ast::Command, span: ast::Span) -> Vec<Stmt> {
        let verb = cmd.verb.name.as_str();
        let Some(kinds) = verb_kinds(verb).filter(|_| verb != "recording") else {
            self.unknown_verb(&cmd.verb);
            for e in cmd
                .positional
                .iter()
                .chain(cmd.args.iter().map(|a| &a.value))
            {
                let _ = self.expr(e);
            }
            return Vec::new();
        };
        let kind = kinds.first().copied().unwrap_or(ActionKind::PlayAudio);
        let pos = cmd.positional.as_ref();
        let args = &cmd.args;
        let mut out = Vec::new();
        match verb {
            "play" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["to", "repeat", "stop_on"]);
                let prompts = a.main(self, "a prompt").map(list_items).unwrap_or_default();
                let to = a
                    .require(self, "to", "a leg or `both`")
                    .and_then(|e| self.targets(e));
                let repeat = a.int(self, "repeat", kind, "Repeat");
                let terminators = a.keys(self, "stop_on", kind, "PlaybackTerminators", false);
                for p in prompts {
                    let (Some(prompt), Some(to)) = (self.prompt(p), to) else {
                        continue;
                    };
                    let action = match to {
                        TargetSet::One(to) => ActionTemplate::PlayAudio {
                            to,
                            prompt,
                            repeat,
                            terminators: terminators.clone(),
                        },
                        TargetSet::Both => ActionTemplate::PlayAudioBoth {
                            prompt,
                            repeat,
                            terminators: terminators.clone(),
                        },
                    };
                    out.push(Stmt::Action {
                        site: self.site(p.span),
                        action,
                    });
                }
            }
            "collect" => {
                let mut labels = vec!["on", "failure"];
                labels.extend(DIGIT_LABELS);
                let a = ArgSet::new(self, verb, pos, args, span, &labels);
                let prompt = a.main(self, "a prompt").and_then(|e| self.prompt(e));
                let on = a.target(self, "on");
                let failure = a
                    .require(self, "failure", "a prompt")
                    .and_then(|e| self.prompt(e));
                let digits = self.digit_input(&a, kind);
                if let (Some(prompt), Some(on), Some(failure), Some(digits)) =
                    (prompt, on, failure, digits)
                {
                    let action = ActionTemplate::PlayAudioAndGetDigits {
                        on,
                        prompt,
                        failure,
                        digits,
                    };
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action,
                    });
                }
            }
            "speak" => {
                let mut labels = vec!["to"];
                labels.extend(SPEECH_LABELS);
                let a = ArgSet::new(self, verb, pos, args, span, &labels);
                let text = a
                    .main(self, "text to say")
                    .map(|e| self.speech_text(e, kind));
                let to = a.target(self, "to");
                let speech = self.speech(&a, kind, text);
                if let (Some(to), Some(speech)) = (to, speech) {
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action: ActionTemplate::Speak { to, speech },
                    });
                }
            }
            "ask" => {
                let mut labels = vec!["on", "failure"];
                labels.extend(DIGIT_LABELS);
                labels.extend(SPEECH_LABELS);
                let a = ArgSet::new(self, verb, pos, args, span, &labels);
                let text = a
                    .main(self, "text to say")
                    .map(|e| self.speech_text(e, kind));
                let on = a.target(self, "on");
                let failure = a
                    .require(self, "failure", "text")
                    .map(|e| self.speech_text(e, kind));
                let speech = self.speech(&a, kind, text);
                let digits = self.digit_input(&a, kind);
                if let (Some(on), Some(speech), Some(failure), Some(digits)) =
                    (on, speech, failure, digits)
                {
                    let action = ActionTemplate::SpeakAndGetDigits {
                        on,
                        speech,
                        failure,
                        digits,
                    };
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action,
                    });
                }
            }
            "listen" => {
                let _ = ArgSet::new(self, verb, pos, args, span, &[]);
                let listener = match pos.map(|e| &e.kind) {
                    Some(ast::ExprKind::Name(n)) => match self.scope.value(&n.name) {
                        Some(Named::Listener(id)) => {
                            self.used_values.insert(Named::Listener(id));
                            Some(id)
                        }
                        _ => {
                            self.unknown_value(n, "listener");
                            None
                        }
                    },
                    _ => {
                        self.report(
                            Problem::error(Code::CheckMissingArgument, "`listen` needs a listener", span, "no listener")
                                .with_help("declare `listener keypad on caller pattern \"[0-9]\" between 1s flush 10s` and write `listen keypad`"),
                        );
                        None
                    }
                };
                if let Some(listener) = listener {
                    out.push(Stmt::Listen {
                        site: self.site(span),
                        listener,
                    });
                }
            }
            "send digits" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["to", "tone"]);
                let digits = a.main(self, "digits").map(|e| {
                    if let ast::ExprKind::Str(s) = &e.kind {
                        self.limit(e.span, kind, "Digits", ParamValue::Text(s));
                    }
                    self.typed(e, &Ty::TEXT)
                });
                let to = a.target(self, "to");
                let tone_ms = a.duration(self, "tone", kind, "ToneDurationInMilliseconds", false);
                if let (Some(to), Some(digits)) = (to, digits) {
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action: ActionTemplate::SendDigits {
                            to,
                            digits,
                            tone_ms,
                        },
                    });
                }
            }
            "pause" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["on"]);
                let duration_ms = a.main(self, "a duration").and_then(|e| {
                    let ms = self.literal_duration(e)?;
                    self.limit(
                        e.span,
                        kind,
                        "DurationInMilliseconds",
                        ParamValue::Int(i64::try_from(ms).unwrap_or(i64::MAX)),
                    );
                    Some(ms)
                });
                let on = a.target(self, "on");
                if let (Some(on), Some(duration_ms)) = (on, duration_ms) {
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action: ActionTemplate::Pause { on, duration_ms },
                    });
                }
            }
            "hangup" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["code"]);
                let leg = a.main(self, "a leg").and_then(|e| self.target(e));
                let code = a
                    .int(self, "code", kind, "SipResponseCode")
                    .and_then(|c| u16::try_from(c).ok());
                if let Some(leg) = leg {
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action: ActionTemplate::Hangup { leg, code },
                    });
                }
            }
            "bridge" => {
                let a = ArgSet::new(
                    self,
                    verb,
                    pos,
                    args,
                    span,
                    &["to", "caller_id", "timeout", "ringback", "via", "headers"],
                );
                let via = a.value(self, "via", &Ty::TEXT, false);
                let to_ty = if via.is_some() { Ty::TEXT } else { Ty::PHONE };
                let to = a.value(self, "to", &to_ty, true);
                let caller_id = a.value(self, "caller_id", &Ty::PHONE, true);
                let timeout_s = a.seconds(self, "timeout", kind, "CallTimeoutSeconds");
                let ringback = a.get("ringback").and_then(|e| self.prompt(e));
                let headers = a
                    .get("headers")
                    .map(|e| self.headers(e, kind))
                    .unwrap_or_default();
                if let (Some(to), Some(caller_id)) = (to, caller_id) {
                    let action = ActionTemplate::CallAndBridge {
                        to,
                        caller_id,
                        timeout_s,
                        ringback,
                        via,
                        headers,
                    };
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action,
                    });
                }
            }
            "record audio" => {
                let a = ArgSet::new(
                    self,
                    verb,
                    pos,
                    args,
                    span,
                    &[
                        "on",
                        "bucket",
                        "prefix",
                        "limit",
                        "silence",
                        "threshold",
                        "stop_on",
                    ],
                );
                let on = a.target(self, "on");
                let bucket = a.value(self, "bucket", &Ty::TEXT, true);
                let prefix = a.value(self, "prefix", &Ty::TEXT, false);
                let limit_s = a.seconds(self, "limit", kind, "DurationInSeconds");
                let silence_s = a.seconds(self, "silence", kind, "SilenceDurationInSeconds");
                let threshold = a.int(self, "threshold", kind, "SilenceThreshold");
                let terminators = a.keys(self, "stop_on", kind, "RecordingTerminators", true);
                if let (Some(on), Some(bucket), Some(terminators)) = (on, bucket, terminators) {
                    let action = ActionTemplate::RecordAudio {
                        on,
                        bucket,
                        prefix,
                        limit_s,
                        silence_s,
                        threshold,
                        terminators,
                    };
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action,
                    });
                }
            }
            "start recording" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["on", "track", "to"]);
                let on = a.target(self, "on");
                let track = match a
                    .require(self, "track", "`both`, `incoming` or `outgoing`")
                    .map(|e| &e.kind)
                {
                    Some(ast::ExprKind::Name(n)) => match n.name.as_str() {
                        "both" => Some(Track::Both),
                        "incoming" => Some(Track::Incoming),
                        "outgoing" => Some(Track::Outgoing),
                        _ => None,
                    },
                    _ => None,
                };
                if track.is_none() && a.has("track") {
                    let e_span = a.get("track").map_or(span, |e| e.span);
                    self.report(
                        Problem::error(Code::CheckArgumentOutOfRange, "unknown recording track", e_span, "not a track")
                            .with_help("a track is `both`, `incoming` (what the leg's party says) or `outgoing` (what they hear)"),
                    );
                }
                let location = a.value(self, "to", &Ty::TEXT, true);
                if let (Some(on), Some(track), Some(location)) = (on, track, location) {
                    out.push(Stmt::Recording {
                        site: self.site(span),
                        op: RecordingOp::Start {
                            on,
                            track,
                            location,
                        },
                    });
                }
            }
            "pause recording" | "resume recording" | "stop recording" => {
                let _ = ArgSet::new(self, verb, pos, args, span, &[]);
                if let Some(p) = pos {
                    self.report(Problem::error(
                        Code::CheckUnknownArgument,
                        format!("`{verb}` takes no arguments"),
                        p.span,
                        "it acts on the recording that was started",
                    ));
                }
                let op = match verb {
                    "pause recording" => RecordingOp::Pause,
                    "resume recording" => RecordingOp::Resume,
                    _ => RecordingOp::Stop,
                };
                out.push(Stmt::Recording {
                    site: self.site(span),
                    op,
                });
            }
            "voice focus" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["on"]);
                let enable = match a.main(self, "`true` or `false`").map(|e| &e.kind) {
                    Some(ast::ExprKind::Bool(b)) => Some(*b),
                    Some(_) => {
                        if let Some(e) = pos {
                            self.not_literal(e, "`true` or `false`");
                        }
                        None
                    }
                    None => None,
                };
                let on = a.target(self, "on");
                if let (Some(on), Some(enable)) = (on, enable) {
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action: ActionTemplate::VoiceFocus { on, enable },
                    });
                }
            }
            "join meeting" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["on", "token", "meeting"]);
                let on = a.target(self, "on");
                let token = a.value(self, "token", &Ty::TEXT, true);
                let meeting = a.value(self, "meeting", &Ty::TEXT, false);
                if let (Some(on), Some(token)) = (on, token) {
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action: ActionTemplate::JoinChimeMeeting { on, token, meeting },
                    });
                }
            }
            "mute" | "unmute" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["on", "meeting"]);
                let attendees: Vec<ir::Expr> = a
                    .main(self, "attendees")
                    .map(list_items)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|e| self.typed(e, &Ty::TEXT))
                    .collect();
                let count = i64::try_from(attendees.len()).unwrap_or(i64::MAX);
                if let Some(p) = pos {
                    self.limit(
                        p.span,
                        kind,
                        "AttendeeList",
                        ParamValue::Items(usize::try_from(count).unwrap_or(usize::MAX)),
                    );
                }
                let on = a.target(self, "on");
                let meeting = a.value(self, "meeting", &Ty::TEXT, true);
                if let (Some(on), Some(meeting)) = (on, meeting) {
                    let action = ActionTemplate::ModifyChimeMeetingAttendees {
                        on,
                        mute: verb == "mute",
                        meeting,
                        attendees,
                    };
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action,
                    });
                }
            }
            "start bot" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["on", "locale", "welcome"]);
                let bot = a
                    .main(self, "a bot alias ARN")
                    .map(|e| self.typed(e, &Ty::TEXT));
                let on = a.target(self, "on");
                let locale = a.text(self, "locale", kind, Some("LocaleId"));
                let welcome = a.value(self, "welcome", &Ty::TEXT, false);
                if let (Some(on), Some(bot)) = (on, bot) {
                    out.push(Stmt::Action {
                        site: self.site(span),
                        action: ActionTemplate::StartBotConversation {
                            on,
                            bot,
                            locale,
                            welcome,
                        },
                    });
                }
            }
            _ => self.unknown_verb(&cmd.verb),
        }
        out
    }

    fn digit_input(&mut self, a: &ArgSet<'_>, kind: ActionKind) -> Option<DigitInput> {
        let min = a.int(self, "min", kind, "MinNumberOfDigits");
        let max = a.int(self, "max", kind, "MaxNumberOfDigits");
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            let span = a.get("max").map_or(a.span, |e| e.span);
            self.report(Problem::error(
                Code::CheckArgumentOutOfRange,
                "`max` is below `min`",
                span,
                format!("{hi} < {lo}"),
            ));
        }
        let terminators = a.keys(self, "terminators", kind, "TerminatorDigits", false);
        let repeat = a.int(self, "repeat", kind, "Repeat");
        let between_ms = a.duration(
            self,
            "between",
            kind,
            "InBetweenDigitsDurationInMilliseconds",
            false,
        );
        let wait_ms = a.duration(self, "wait", kind, "RepeatDurationInMilliseconds", true);
        let pattern = a.pattern(self, "pattern", false);
        Some(DigitInput {
            min,
            max,
            terminators,
            repeat,
            between_ms,
            wait_ms: wait_ms?,
            pattern,
        })
    }

    fn speech_text(&mut self, e: &ast::Expr, kind: ActionKind) -> ir::Expr {
        if let ast::ExprKind::Str(s) = &e.kind {
            self.limit(e.span, kind, "Text", ParamValue::Text(s));
        }
        self.typed(e, &Ty::TEXT)
    }

    fn speech(
        &mut self,
        a: &ArgSet<'_>,
        kind: ActionKind,
        text: Option<ir::Expr>,
    ) -> Option<Speech> {
        let voice = a.text(self, "voice", kind, None);
        let engine = a
            .text(self, "engine", kind, None)
            .and_then(|t| match Engine::parse(&t) {
                Some(e) => Some(e),
                None => {
                    let span = a.get("engine").map_or(a.span, |e| e.span);
                    self.report(
                        Problem::error(
                            Code::CheckArgumentOutOfRange,
                            format!("unknown engine `{t}`"),
                            span,
                            "not an engine",
                        )
                        .with_help("the engines are \"standard\" and \"neural\""),
                    );
                    None
                }
            });
        let language = a.text(self, "language", kind, None);
        let ssml = match a.get("ssml").map(|e| (&e.kind, e)) {
            Some((ast::ExprKind::Bool(b), _)) => *b,
            Some((_, e)) => {
                self.not_literal(e, "`true` or `false`");
                false
            }
            None => false,
        };
        Some(Speech {
            text: text?,
            voice,
            engine,
            language,
            ssml,
        })
    }

    fn headers(&mut self, e: &ast::Expr, kind: ActionKind) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for item in list_items(e) {
            let Some(text) = self.literal_text(item) else {
                continue;
            };
            let Some((name, value)) = text.split_once(':') else {
                self.report(
                    Problem::error(
                        Code::CheckArgumentOutOfRange,
                        "a header is written \"Name: value\"",
                        item.span,
                        "no `:`",
                    )
                    .with_help("for example \"X-Account: 42\""),
                );
                continue;
            };
            let (name, value) = (name.trim().to_owned(), value.trim().to_owned());
            let one = std::collections::BTreeMap::from([(name.clone(), value.clone())]);
            self.limit(item.span, kind, "SipHeaders", ParamValue::Map(&one));
            out.push((name, value));
        }
        out
    }
}

/// The items of a list, or the expression itself when it is not one.
fn list_items(e: &ast::Expr) -> Vec<&ast::Expr> {
    match &e.kind {
        ast::ExprKind::List(items) => items.iter().collect(),
        _ => vec![e],
    }
}

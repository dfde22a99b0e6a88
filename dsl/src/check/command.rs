//! Commands: each verb of the language, the labels it takes and how it lowers to an SMA action,
//! a recording operation or a listener operation. Literal arguments are held to the protocol's
//! limits through the wire model's single table of limits.

use super::Checker;
use super::args::ArgSet;
use super::limits::ParamValue;
use super::scope::{BuiltinName, Named};
use super::ty::Ty;
use crate::ast;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, ActionTemplate, DigitInput, RecordingOp, Speech, Stmt, TargetSet};
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

impl Checker<'_> {
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

    /// Appends an action sent from `span`, with a fresh site id.
    fn send(&mut self, out: &mut Vec<Stmt>, span: ast::Span, action: ActionTemplate) {
        let site = self.site(span);
        out.push(Stmt::Action { site, action });
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
                    self.send(&mut out, span, action);
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
                    self.send(&mut out, span, ActionTemplate::Speak { to, speech });
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
                    self.send(&mut out, span, action);
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
                    self.send(
                        &mut out,
                        span,
                        ActionTemplate::SendDigits {
                            to,
                            digits,
                            tone_ms,
                        },
                    );
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
                    self.send(&mut out, span, ActionTemplate::Pause { on, duration_ms });
                }
            }
            "hangup" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["code"]);
                let leg = a.main(self, "a leg").and_then(|e| self.target(e));
                let code = a
                    .int(self, "code", kind, "SipResponseCode")
                    .and_then(|c| u16::try_from(c).ok());
                if let Some(leg) = leg {
                    self.send(&mut out, span, ActionTemplate::Hangup { leg, code });
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
                    self.send(&mut out, span, action);
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
                    self.send(&mut out, span, action);
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
                    self.send(&mut out, span, ActionTemplate::VoiceFocus { on, enable });
                }
            }
            "join meeting" => {
                let a = ArgSet::new(self, verb, pos, args, span, &["on", "token", "meeting"]);
                let on = a.target(self, "on");
                let token = a.value(self, "token", &Ty::TEXT, true);
                let meeting = a.value(self, "meeting", &Ty::TEXT, false);
                if let (Some(on), Some(token)) = (on, token) {
                    self.send(
                        &mut out,
                        span,
                        ActionTemplate::JoinChimeMeeting { on, token, meeting },
                    );
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
                    self.send(&mut out, span, action);
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
                    self.send(
                        &mut out,
                        span,
                        ActionTemplate::StartBotConversation {
                            on,
                            bot,
                            locale,
                            welcome,
                        },
                    );
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

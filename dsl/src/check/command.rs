//! Commands: each verb of the language lowered to an SMA action, a recording operation or a
//! listener operation. Which labels a verb takes, which are required and which wire parameter
//! (and so which limit) each fills come from the verb table ([`interpreter::verb`]); this module
//! only says how the checked arguments make up the action.

mod speech;

use super::Checker;
use super::args::ArgSet;
use super::limits::ParamValue;
use super::scope::{BuiltinName, Named};
use super::ty::Ty;
use crate::ast;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, ActionTemplate, RecordingOp, Stmt, TargetSet};
use interpreter::verb::{self, VerbId};
use interpreter::wire::Track;

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
        let Some(verb) = verb::find(&cmd.verb.name) else {
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
        let a = ArgSet::new(self, verb, cmd.positional.as_ref(), &cmd.args, span);
        let mut out = Vec::new();
        match verb.id {
            VerbId::Play => self.play(&a, &mut out),
            VerbId::Collect => self.collect(&a, &mut out),
            VerbId::Speak => self.speak(&a, &mut out),
            VerbId::Ask => self.ask(&a, &mut out),
            VerbId::Listen => self.listen(&a, &mut out),
            VerbId::SendDigits => self.send_digits(&a, &mut out),
            VerbId::Pause => self.pause(&a, &mut out),
            VerbId::Hangup => {
                let leg = a.main(self).and_then(|e| self.target(e));
                let code = a.sip_code(self, "code");
                if let Some(leg) = leg {
                    self.send(&mut out, span, ActionTemplate::Hangup { leg, code });
                }
            }
            VerbId::Bridge => self.bridge(&a, &mut out),
            VerbId::RecordAudio => self.record_audio(&a, &mut out),
            VerbId::StartRecording => self.start_recording(&a, &mut out),
            VerbId::PauseRecording | VerbId::ResumeRecording | VerbId::StopRecording => {
                let op = match verb.id {
                    VerbId::PauseRecording => RecordingOp::Pause,
                    VerbId::ResumeRecording => RecordingOp::Resume,
                    _ => RecordingOp::Stop,
                };
                out.push(Stmt::Recording {
                    site: self.site(span),
                    op,
                });
            }
            VerbId::VoiceFocus => {
                let enable = match a.main(self).map(|e| (&e.kind, e)) {
                    Some((ast::ExprKind::Bool(b), _)) => Some(*b),
                    Some((_, e)) => {
                        self.not_literal(e, "`true` or `false`");
                        None
                    }
                    None => None,
                };
                let on = a.target(self, "on");
                if let (Some(on), Some(enable)) = (on, enable) {
                    self.send(&mut out, span, ActionTemplate::VoiceFocus { on, enable });
                }
            }
            VerbId::JoinMeeting => {
                let on = a.target(self, "on");
                let token = a.value(self, "token", &Ty::TEXT);
                let meeting = a.value(self, "meeting", &Ty::TEXT);
                if let (Some(on), Some(token)) = (on, token) {
                    let action = ActionTemplate::JoinChimeMeeting { on, token, meeting };
                    self.send(&mut out, span, action);
                }
            }
            VerbId::Mute | VerbId::Unmute => self.attendees(&a, verb.id == VerbId::Mute, &mut out),
            VerbId::StartBot => {
                let bot = a.main(self).map(|e| self.typed(e, &Ty::TEXT));
                let on = a.target(self, "on");
                let locale = a.text(self, "locale");
                let welcome = a.value(self, "welcome", &Ty::TEXT);
                if let (Some(on), Some(bot)) = (on, bot) {
                    let action = ActionTemplate::StartBotConversation {
                        on,
                        bot,
                        locale,
                        welcome,
                    };
                    self.send(&mut out, span, action);
                }
            }
            VerbId::Listener => self.unknown_verb(&cmd.verb),
        }
        out
    }

    fn play(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let prompts = a.main(self).map(list_items).unwrap_or_default();
        let to = a.take(self, "to").and_then(|e| self.targets(e));
        let repeat = a.int(self, "repeat");
        let terminators = a.keys(self, "stop_on");
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

    fn collect(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let prompt = a.main(self).and_then(|e| self.prompt(e));
        let on = a.target(self, "on");
        let failure = a.take(self, "failure").and_then(|e| self.prompt(e));
        let digits = self.digit_input(a);
        if let (Some(prompt), Some(on), Some(failure), Some(digits)) = (prompt, on, failure, digits)
        {
            let action = ActionTemplate::PlayAudioAndGetDigits {
                on,
                prompt,
                failure,
                digits,
            };
            self.send(out, a.span, action);
        }
    }

    fn listen(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let listener = match a.main(self).map(|e| (&e.kind, e)) {
            Some((ast::ExprKind::Name(n), _)) => match self.scope.value(&n.name) {
                Some(Named::Listener(id)) => {
                    self.used_values.insert(Named::Listener(id));
                    Some(id)
                }
                _ => {
                    self.unknown_value(n, "listener");
                    None
                }
            },
            Some((_, e)) => {
                self.report(
                    Problem::error(Code::CheckTypeMismatch, "expected a listener", e.span, "not a listener")
                        .with_help("declare `listener keypad on caller pattern \"[0-9]\" between 1s flush 10s` and write `listen keypad`"),
                );
                None
            }
            None => None,
        };
        if let Some(listener) = listener {
            out.push(Stmt::Listen {
                site: self.site(a.span),
                listener,
            });
        }
    }

    fn send_digits(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let digits = a.main(self).map(|e| self.subject_text(a, e));
        let to = a.target(self, "to");
        let tone_ms = a.duration(self, "tone");
        if let (Some(to), Some(digits)) = (to, digits) {
            let action = ActionTemplate::SendDigits {
                to,
                digits,
                tone_ms,
            };
            self.send(out, a.span, action);
        }
    }

    fn pause(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let duration_ms = a.main(self).and_then(|e| {
            let ms = self.literal_duration(e)?;
            let value = ParamValue::Int(i64::try_from(ms).unwrap_or(i64::MAX));
            self.subject_limit(a, e.span, value);
            Some(ms)
        });
        let on = a.target(self, "on");
        if let (Some(on), Some(duration_ms)) = (on, duration_ms) {
            self.send(out, a.span, ActionTemplate::Pause { on, duration_ms });
        }
    }

    fn bridge(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let via = a.value(self, "via", &Ty::TEXT);
        let to_ty = if via.is_some() { Ty::TEXT } else { Ty::PHONE };
        let to = a.value(self, "to", &to_ty);
        let caller_id = a.value(self, "caller_id", &Ty::PHONE);
        let timeout_s = a.seconds(self, "timeout");
        let ringback = a.take(self, "ringback").and_then(|e| self.prompt(e));
        let headers = a
            .take(self, "headers")
            .map(|e| self.headers(e, a))
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
            self.send(out, a.span, action);
        }
    }

    fn record_audio(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let on = a.target(self, "on");
        let bucket = a.value(self, "bucket", &Ty::TEXT);
        let prefix = a.value(self, "prefix", &Ty::TEXT);
        let limit_s = a.seconds(self, "limit");
        let silence_s = a.seconds(self, "silence");
        let threshold = a.int(self, "threshold");
        let terminators = a.keys(self, "stop_on");
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
            self.send(out, a.span, action);
        }
    }

    fn start_recording(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let on = a.target(self, "on");
        let track = a.take(self, "track").and_then(|e| {
            let track = match &e.kind {
                ast::ExprKind::Name(n) if n.name == n.name.to_ascii_lowercase() => {
                    Track::parse_ignore_case(&n.name)
                }
                _ => None,
            };
            if track.is_none() {
                self.report(
                    Problem::error(Code::CheckArgumentOutOfRange, "unknown recording track", e.span, "not a track")
                        .with_help("a track is `both`, `incoming` (what the leg's party says) or `outgoing` (what they hear)"),
                );
            }
            track
        });
        let location = a.value(self, "to", &Ty::TEXT);
        if let (Some(on), Some(track), Some(location)) = (on, track, location) {
            out.push(Stmt::Recording {
                site: self.site(a.span),
                op: RecordingOp::Start {
                    on,
                    track,
                    location,
                },
            });
        }
    }

    fn attendees(&mut self, a: &ArgSet<'_>, mute: bool, out: &mut Vec<Stmt>) {
        let subject = a.main(self);
        let items = subject.map(list_items).unwrap_or_default();
        // Written-out ids are held to the id rule; the list is only known when all are.
        let written: Option<Vec<String>> = items
            .iter()
            .map(|e| match &e.kind {
                ast::ExprKind::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        if let (Some(p), Some(written)) = (subject, written) {
            self.subject_limit(a, p.span, ParamValue::List(&written));
        }
        let attendees: Vec<ir::Expr> = items
            .into_iter()
            .map(|e| self.typed(e, &Ty::TEXT))
            .collect();
        let on = a.target(self, "on");
        let meeting = a.value(self, "meeting", &Ty::TEXT);
        if let (Some(on), Some(meeting)) = (on, meeting) {
            let action = ActionTemplate::ModifyChimeMeetingAttendees {
                on,
                mute,
                meeting,
                attendees,
            };
            self.send(out, a.span, action);
        }
    }

    /// Holds a literal positional argument to the limit of the wire parameter it fills.
    fn subject_limit(&mut self, a: &ArgSet<'_>, span: ast::Span, value: ParamValue<'_>) {
        if let Some(param) = a.main_param() {
            self.limit(span, a.action(), param, value);
        }
    }

    /// A positional argument of type text; written out, it is held to its wire limit.
    fn subject_text(&mut self, a: &ArgSet<'_>, e: &ast::Expr) -> ir::Expr {
        if let ast::ExprKind::Str(s) = &e.kind {
            self.subject_limit(a, e.span, ParamValue::Text(s));
        }
        self.typed(e, &Ty::TEXT)
    }
}

/// The items of a list, or the expression itself when it is not one.
fn list_items(e: &ast::Expr) -> Vec<&ast::Expr> {
    match &e.kind {
        ast::ExprKind::List(items) => items.iter().collect(),
        _ => vec![e],
    }
}

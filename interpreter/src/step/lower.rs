//! Lowering: an action template of the compiled flow, its arguments evaluated, becomes the SMA
//! action it stands for. This is the SMA-specific edge of `step`; another telephony backend with
//! the same event-and-answer shape would need a second such module, not a second interpreter.

use super::Fault;
use super::eval::is_up;
use super::exec::{Run, text_of};
use crate::ir::{ActionTemplate, DigitInput, LegRef, Speech, Target};
use crate::wire::{self, Action};

impl Run<'_> {
    pub(super) fn action(&mut self, template: &ActionTemplate) -> Result<(), Fault> {
        let action = match template {
            ActionTemplate::PlayAudio {
                to,
                prompt,
                repeat,
                terminators,
            } => Action::PlayAudio(wire::PlayAudio {
                target: Some(self.target(*to)?),
                playback_terminators: terminators.as_deref().map(keys),
                repeat: *repeat,
                audio_source: self.audio(*prompt)?,
            }),
            ActionTemplate::PlayAudioBoth {
                prompt,
                repeat,
                terminators,
            } => {
                for leg in [LegRef::A, LegRef::B] {
                    let Some(p) = self.participant(leg).filter(|p| is_up(p)) else {
                        continue;
                    };
                    let call_id = p.call_id.clone();
                    self.actions.push(Action::PlayAudio(wire::PlayAudio {
                        target: Some(wire::Target::CallId(call_id)),
                        playback_terminators: terminators.as_deref().map(keys),
                        repeat: *repeat,
                        audio_source: self.audio(*prompt)?,
                    }));
                }
                return Ok(());
            }
            ActionTemplate::PlayObject {
                to,
                object,
                repeat,
                terminators,
            } => {
                let named = text_of(&self.eval(object)?);
                let Some((bucket, key)) = named
                    .split_once('/')
                    .filter(|(b, k)| !b.is_empty() && !k.is_empty())
                else {
                    return Err(Fault::BadValue(
                        "an S3 object to play that is not `bucket/key`",
                    ));
                };
                Action::PlayAudio(wire::PlayAudio {
                    target: Some(self.target(*to)?),
                    playback_terminators: terminators.as_deref().map(keys),
                    repeat: *repeat,
                    audio_source: wire::AudioSource::s3(bucket, key),
                })
            }
            ActionTemplate::PlayAudioAndGetDigits {
                on,
                prompt,
                failure,
                digits,
            } => Action::PlayAudioAndGetDigits(wire::PlayAudioAndGetDigits {
                target: Some(self.target(*on)?),
                audio_source: self.audio(*prompt)?,
                failure_audio_source: self.audio(*failure)?,
                digits: capture(digits)?,
            }),
            ActionTemplate::Speak { to, speech } => {
                let call_id = self.call_id_of(*to)?;
                let s = self.speech(speech)?;
                Action::Speak(wire::Speak {
                    call_id,
                    text: s.text,
                    engine: s.engine,
                    language_code: s.language_code,
                    text_type: s.text_type,
                    voice_id: s.voice_id,
                })
            }
            ActionTemplate::SpeakAndGetDigits {
                on,
                speech,
                failure,
                digits,
            } => {
                let call_id = self.call_id_of(*on)?;
                let speech_parameters = self.speech(speech)?;
                let failure_text = text_of(&self.eval(failure)?);
                let failure_speech_parameters = wire::SpeechParameters {
                    text: failure_text,
                    ..speech_parameters.clone()
                };
                Action::SpeakAndGetDigits(wire::SpeakAndGetDigits {
                    call_id,
                    speech_parameters,
                    failure_speech_parameters,
                    digits: capture(digits)?,
                })
            }
            ActionTemplate::SendDigits {
                to,
                digits,
                tone_ms,
            } => Action::SendDigits(wire::SendDigits {
                call_id: self.call_id_of(*to)?,
                digits: text_of(&self.eval(digits)?),
                tone_duration_in_milliseconds: tone_ms.map(millis).transpose()?,
            }),
            ActionTemplate::Pause { on, duration_ms } => Action::Pause(wire::Pause {
                target: Some(self.target(*on)?),
                duration_in_milliseconds: millis(*duration_ms)?,
            }),
            ActionTemplate::Hangup { leg, code } => Action::Hangup(wire::Hangup {
                target: Some(self.target(*leg)?),
                sip_response_code: code
                    .map(|c| wire::HangupCode::parse(&c.to_string()).ok_or(Fault::SipCode(c)))
                    .transpose()?,
            }),
            ActionTemplate::CallAndBridge(b) => {
                let to = text_of(&self.eval(&b.to)?);
                // The last line of the dial policy: whatever the flow checked, a number outside it
                // is never dialled on the public network; the flow's `on invalid response` answers.
                if b.via.is_none()
                    && !self.dialable(&to)
                    && let Err(refusal) = self.config.policy().check(&to)
                {
                    return Err(Fault::DialPolicy(refusal));
                }
                let endpoint = match &b.via {
                    Some(arn) => wire::BridgeEndpoint::Aws {
                        uri: to,
                        arn: text_of(&self.eval(arn)?),
                    },
                    None => wire::BridgeEndpoint::Pstn { uri: to },
                };
                Action::CallAndBridge(wire::CallAndBridge {
                    call_timeout_seconds: b.timeout_s,
                    caller_id_number: text_of(&self.eval(&b.caller_id)?),
                    endpoints: vec![endpoint],
                    ringback_tone: b.ringback.map(|p| self.audio(p)).transpose()?,
                    sip_headers: (!b.headers.is_empty())
                        .then(|| b.headers.iter().cloned().collect()),
                })
            }
            ActionTemplate::RecordAudio(r) => Action::RecordAudio(wire::RecordAudio {
                target: Some(self.target(r.on)?),
                duration_in_seconds: r.limit_s,
                silence_duration_in_seconds: r.silence_s,
                silence_threshold: r.threshold,
                recording_terminators: keys(&r.terminators),
                recording_destination: wire::RecordingDestination {
                    storage: wire::StorageType::S3,
                    bucket_name: text_of(&self.eval(&r.bucket)?),
                    prefix: match &r.prefix {
                        Some(p) => Some(text_of(&self.eval(p)?)),
                        None => None,
                    },
                },
            }),
            ActionTemplate::VoiceFocus { on, enable } => Action::VoiceFocus(wire::VoiceFocus {
                call_id: self.call_id_of(*on)?,
                enable: *enable,
            }),
            ActionTemplate::JoinChimeMeeting { on, token, meeting } => {
                Action::JoinChimeMeeting(wire::JoinChimeMeeting {
                    target: Some(self.target(*on)?),
                    join_token: text_of(&self.eval(token)?),
                    meeting_id: match meeting {
                        Some(m) => Some(text_of(&self.eval(m)?)),
                        None => None,
                    },
                })
            }
            ActionTemplate::ModifyChimeMeetingAttendees {
                on,
                mute,
                meeting,
                attendees,
            } => {
                let mut list = Vec::new();
                for a in attendees {
                    list.push(text_of(&self.eval(a)?));
                }
                Action::ModifyChimeMeetingAttendees(wire::ModifyChimeMeetingAttendees {
                    target: Some(self.target(*on)?),
                    operation: if *mute {
                        wire::MeetingOperation::Mute
                    } else {
                        wire::MeetingOperation::Unmute
                    },
                    meeting_id: text_of(&self.eval(meeting)?),
                    attendee_list: list,
                })
            }
            ActionTemplate::StartBotConversation {
                on,
                bot,
                locale,
                welcome,
            } => {
                let welcome = match welcome {
                    Some(w) => Some(text_of(&self.eval(w)?)),
                    None => None,
                };
                // Welcome messages need the dialog to start by eliciting an intent.
                let configuration = welcome.map(|content| wire::BotConfiguration {
                    session_state: Some(wire::SessionState {
                        session_attributes: None,
                        dialog_action: Some(wire::DialogAction {
                            action_type: wire::DialogActionType::ElicitIntent,
                        }),
                    }),
                    welcome_messages: Some(vec![wire::WelcomeMessage {
                        content,
                        content_type: wire::WelcomeContentType::PlainText,
                    }]),
                });
                Action::StartBotConversation(wire::StartBotConversation {
                    target: Some(self.target(*on)?),
                    bot_alias_arn: text_of(&self.eval(bot)?),
                    locale_id: locale.clone(),
                    configuration,
                })
            }
        };
        self.actions.push(action);
        Ok(())
    }

    pub(super) fn call_id_of(&self, t: Target) -> Result<wire::CallId, Fault> {
        match self.target(t)? {
            wire::Target::CallId(id) => Ok(id),
            wire::Target::Tag(_) => Err(Fault::NoCallId),
        }
    }

    pub(super) fn speech(&mut self, s: &Speech) -> Result<wire::SpeechParameters, Fault> {
        Ok(wire::SpeechParameters {
            text: text_of(&self.eval(&s.text)?),
            engine: s.engine,
            language_code: s.language.clone(),
            text_type: s.ssml.then_some(wire::TextType::Ssml),
            voice_id: s.voice.clone(),
        })
    }
}

pub(super) fn keys(text: &str) -> Vec<String> {
    text.chars().map(String::from).collect()
}

pub(super) fn millis(ms: u64) -> Result<u32, Fault> {
    u32::try_from(ms).map_err(|_| Fault::DurationTooLong)
}

fn capture(d: &DigitInput) -> Result<wire::DigitCapture, Fault> {
    Ok(wire::DigitCapture {
        input_digits_regex: d.pattern.clone(),
        min_number_of_digits: d.min,
        max_number_of_digits: d.max,
        terminator_digits: d.terminators.as_deref().map(keys),
        in_between_digits_duration_in_milliseconds: d.between_ms.map(millis).transpose()?,
        repeat: d.repeat,
        repeat_duration_in_milliseconds: millis(d.wait_ms)?,
    })
}

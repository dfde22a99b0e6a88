//! The call record: what a store keeps per call, and how one turn's `RecordWrite` folds into it.
//!
//! Both adapters agree on one rule set, defined here: a write is first reduced to a [`WriteDelta`]
//! (times filled in from the handler's clock), its facts are merged first-wins (they never conflict
//! for one call), and the attributes that depend on several facts (`status`, `durationSeconds`, `TTL`,
//! the order of recording changes) are then derived from the facts alone. Derived attributes are
//! therefore the same whatever order the writes arrived in.

use std::time::Duration;

use interpreter::effect::{CallDirection, Effect, RecordWrite, RecordingChange};
use serde::{Deserialize, Serialize};

use super::timestamp::Timestamp;

/// How long a record is kept after the call ended, unless configured otherwise.
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(90 * 24 * 60 * 60);

/// Where a call got to; later states win, and a failure wins over everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallStatus {
    /// Begun, nobody answered yet.
    Started,
    Answered,
    Ended,
    Failed,
}

impl CallStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Started => "started",
            Self::Answered => "answered",
            Self::Ended => "ended",
            Self::Failed => "failed",
        }
    }
}

/// The flow that handled the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowRef {
    pub name: String,
    pub version: String,
}

/// One change of the recording's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordingEntry {
    pub change: RecordingChange,
    pub time: Timestamp,
    /// The event that made the change; orders changes that share a time.
    pub sequence: u64,
}

/// The call's recording: where it went and how its state changed, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recording {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default)]
    pub changes: Vec<RecordingEntry>,
}

/// How one leg hung up, as the service reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegEnd {
    /// `LEG-A` or `LEG-B`.
    pub leg: String,
    /// The SIP response code (486 busy, 480 no answer, ...), when the service gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip_code: Option<u16>,
    pub time: Timestamp,
    /// The event that reported it; orders hang-ups that share a time.
    pub sequence: u64,
}

/// A fact of the flow's own (`note outcome "confirmed"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactEntry {
    pub name: String,
    pub value: String,
    /// The event that noted it: of two values of one name, the later event's is the fact.
    pub sequence: u64,
}

/// One call's record, with the contract's attribute names (`spec/recording-behaviour.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallRecord {
    #[serde(rename = "callID")]
    pub call_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<CallDirection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Timestamp>,
    /// When the callee answered; not in the original's records, kept so that status is derivable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CallStatus>,
    /// The error type of a failed call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording: Option<Recording>,
    /// The S3 object (`bucket/key`) the call recording is written to, as the service reported it
    /// when the recording started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_key: Option<String>,
    /// How each leg hung up, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hangups: Vec<LegEnd>,
    /// The flow's own facts, in the order noted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<FlowRef>,
    /// Epoch seconds after which DynamoDB may delete the record.
    #[serde(rename = "TTL", default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
}

/// One `RecordWrite` reduced to facts: every time known, at most one fact of each kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteDelta {
    pub call_id: String,
    pub sequence: u64,
    pub flow: FlowRef,
    pub started: Option<Started>,
    pub answered: Option<Answered>,
    /// The error type; the time of a failure is not part of the record.
    pub failure: Option<String>,
    pub ended: Option<Timestamp>,
    pub recording_location: Option<String>,
    /// In the order the turn emitted them.
    pub recording_changes: Vec<RecordingEntry>,
    pub recording_key: Option<String>,
    pub hangups: Vec<LegEnd>,
    pub facts: Vec<FactEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub direction: CallDirection,
    pub caller: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub callee: String,
    pub at: Timestamp,
}

impl WriteDelta {
    /// Reduces a write; effects without a time of their own happened at `now`. A second effect of a
    /// kind already seen in the same write is ignored, as it would be in a later write.
    pub fn new(write: &RecordWrite, now: Timestamp) -> Self {
        let mut delta = Self {
            call_id: write.call_id.clone(),
            sequence: write.sequence,
            flow: FlowRef {
                name: write.flow_name.clone(),
                version: write.flow_version.clone(),
            },
            started: None,
            answered: None,
            failure: None,
            ended: None,
            recording_location: None,
            recording_changes: Vec::new(),
            recording_key: None,
            hangups: Vec::new(),
            facts: Vec::new(),
        };
        let at = |at_ms: &Option<u64>| at_ms.map_or(now, Timestamp);
        for effect in &write.effects {
            match effect {
                Effect::Started {
                    direction,
                    caller,
                    at_ms,
                } => {
                    delta.started.get_or_insert_with(|| Started {
                        direction: *direction,
                        caller: caller.clone(),
                        at: at(at_ms),
                    });
                }
                Effect::Answered { callee, at_ms } => {
                    delta.answered.get_or_insert_with(|| Answered {
                        callee: callee.clone(),
                        at: at(at_ms),
                    });
                }
                Effect::Recording {
                    change,
                    location,
                    at_ms,
                } => {
                    if delta.recording_location.is_none() {
                        delta.recording_location.clone_from(location);
                    }
                    delta.recording_changes.push(RecordingEntry {
                        change: *change,
                        time: at(at_ms),
                        sequence: write.sequence,
                    });
                }
                Effect::Failed { error, .. } => {
                    delta.failure.get_or_insert_with(|| error.clone());
                }
                Effect::Ended { at_ms } => {
                    delta.ended.get_or_insert(at(at_ms));
                }
                Effect::RecordingObject { key } => {
                    delta.recording_key.get_or_insert_with(|| key.clone());
                }
                Effect::LegEnded {
                    leg,
                    sip_code,
                    at_ms,
                } => delta.hangups.push(LegEnd {
                    leg: leg.clone(),
                    sip_code: *sip_code,
                    time: at(at_ms),
                    sequence: write.sequence,
                }),
                Effect::Fact { name, value } => delta.facts.push(FactEntry {
                    name: name.clone(),
                    value: value.clone(),
                    sequence: write.sequence,
                }),
            }
        }
        delta
    }

    /// The TTL this write alone implies: the best guess until the other facts arrive.
    pub fn provisional_ttl(&self, retention: Duration) -> Option<u64> {
        let mut record = CallRecord::empty(&self.call_id);
        record.merge(self);
        record.derive(retention);
        record.ttl
    }
}

impl CallRecord {
    /// A record that has seen no write yet.
    pub fn empty(call_id: &str) -> Self {
        Self {
            call_id: call_id.to_owned(),
            direction: None,
            caller: None,
            callee: None,
            start_time: None,
            answer_time: None,
            end_time: None,
            duration_seconds: None,
            status: None,
            failure: None,
            recording: None,
            recording_key: None,
            hangups: Vec::new(),
            facts: Vec::new(),
            flow: None,
            ttl: None,
        }
    }

    /// Applies a write's facts and re-derives; the caller has checked that the write is new.
    pub fn apply(&mut self, delta: &WriteDelta, retention: Duration) {
        self.merge(delta);
        self.derive(retention);
    }

    /// Adds facts, first-wins, exactly as the DynamoDB adapter's `if_not_exists` update does.
    fn merge(&mut self, delta: &WriteDelta) {
        self.flow.get_or_insert_with(|| delta.flow.clone());
        if let Some(started) = &delta.started {
            self.direction.get_or_insert(started.direction);
            self.caller.get_or_insert_with(|| started.caller.clone());
            self.start_time.get_or_insert(started.at);
        }
        if let Some(answered) = &delta.answered {
            self.callee.get_or_insert_with(|| answered.callee.clone());
            self.answer_time.get_or_insert(answered.at);
        }
        if let Some(failure) = &delta.failure {
            self.failure.get_or_insert_with(|| failure.clone());
        }
        if let Some(ended) = delta.ended {
            self.end_time.get_or_insert(ended);
        }
        if let Some(key) = &delta.recording_key {
            self.recording_key.get_or_insert_with(|| key.clone());
        }
        self.hangups.extend(delta.hangups.iter().cloned());
        self.facts.extend(delta.facts.iter().cloned());
        if delta.recording_location.is_some() || !delta.recording_changes.is_empty() {
            let recording = self.recording.get_or_insert_with(Recording::default);
            if recording.location.is_none() {
                recording.location.clone_from(&delta.recording_location);
            }
            recording
                .changes
                .extend(delta.recording_changes.iter().cloned());
        }
    }

    /// Recomputes the attributes that depend on several facts, from the facts only.
    pub fn derive(&mut self, retention: Duration) {
        if let Some(recording) = &mut self.recording {
            // Stable: changes of one write keep the order the turn emitted them in.
            recording
                .changes
                .sort_by_key(|entry| (entry.time, entry.sequence));
        }
        // Stable, like the recording's changes: the order is the events', whatever the arrival.
        self.hangups.sort_by_key(|end| (end.time, end.sequence));
        self.facts.sort_by_key(|fact| fact.sequence);
        self.status = if self.failure.is_some() {
            Some(CallStatus::Failed)
        } else if self.end_time.is_some() {
            Some(CallStatus::Ended)
        } else if self.answer_time.is_some() {
            Some(CallStatus::Answered)
        } else if self.start_time.is_some() {
            Some(CallStatus::Started)
        } else {
            self.status
        };
        self.duration_seconds = match (self.start_time, self.end_time) {
            (Some(start), Some(end)) => {
                Some(end.0.saturating_sub(start.0).saturating_add(500) / 1000)
            }
            _ => self.duration_seconds,
        };
        // Kept for `retention` after the end; a call whose end is not known yet counts from its start.
        let base = self
            .end_time
            .or(self.start_time)
            .or_else(|| self.earliest_time());
        if let Some(base) = base {
            self.ttl = Some(base.epoch_seconds().saturating_add(retention.as_secs()));
        }
    }

    /// The earliest time the record knows of: the order of `handler records`.
    pub fn earliest_time(&self) -> Option<Timestamp> {
        let recording_times = self
            .recording
            .iter()
            .flat_map(|recording| recording.changes.iter().map(|entry| entry.time));
        [self.start_time, self.answer_time, self.end_time]
            .into_iter()
            .flatten()
            .chain(recording_times)
            .min()
    }

    /// The key `handler records` sorts on, newest first: the start, or the earliest time known.
    pub fn sort_time(&self) -> Option<Timestamp> {
        self.start_time.or_else(|| self.earliest_time())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(sequence: u64, effects: Vec<Effect>) -> RecordWrite {
        RecordWrite {
            call_id: "call-1".to_owned(),
            sequence,
            flow_name: "recording".to_owned(),
            flow_version: "v1".to_owned(),
            effects,
        }
    }

    fn fold(writes: &[RecordWrite]) -> CallRecord {
        let mut record = CallRecord::empty("call-1");
        for (i, w) in writes.iter().enumerate() {
            record.apply(
                &WriteDelta::new(w, Timestamp(9_000 + i as u64)),
                DEFAULT_RETENTION,
            );
        }
        record
    }

    fn call() -> Vec<RecordWrite> {
        vec![
            write(
                1,
                vec![Effect::Started {
                    direction: CallDirection::Inbound,
                    caller: "+15550001".to_owned(),
                    at_ms: Some(1_000),
                }],
            ),
            write(
                2,
                vec![
                    Effect::Answered {
                        callee: "+15550002".to_owned(),
                        at_ms: None,
                    },
                    Effect::Recording {
                        change: RecordingChange::Started,
                        location: Some("bucket/originalAudio".to_owned()),
                        at_ms: None,
                    },
                ],
            ),
            write(
                3,
                vec![Effect::Recording {
                    change: RecordingChange::Paused,
                    location: None,
                    at_ms: Some(20_000),
                }],
            ),
            write(
                4,
                vec![Effect::Ended {
                    at_ms: Some(62_600),
                }],
            ),
        ]
    }

    #[test]
    fn a_whole_call_folds_into_every_attribute() {
        let record = fold(&call());
        assert_eq!(record.status, Some(CallStatus::Ended));
        assert_eq!(record.duration_seconds, Some(62));
        assert_eq!(record.answer_time, Some(Timestamp(9_001)));
        assert_eq!(record.ttl, Some(62 + 90 * 24 * 3600));
        let recording = record.recording.unwrap_or_default();
        assert_eq!(recording.location.as_deref(), Some("bucket/originalAudio"));
        let changes: Vec<_> = recording.changes.iter().map(|c| c.change).collect();
        assert_eq!(changes, [RecordingChange::Started, RecordingChange::Paused]);
    }

    #[test]
    fn any_order_of_writes_gives_the_same_record() {
        let writes = call();
        let in_order = fold(&writes);
        // Fixed `now`s so that effects without a time get the same one whatever the order.
        let fold_fixed = |order: &[usize]| {
            let mut record = CallRecord::empty("call-1");
            for &i in order {
                let delta = WriteDelta::new(&writes[i], Timestamp(9_000 + i as u64));
                record.apply(&delta, DEFAULT_RETENTION);
            }
            record
        };
        for order in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            assert_eq!(fold_fixed(&order), in_order, "{order:?}");
        }
    }

    #[test]
    fn a_failure_wins_over_the_end() {
        let mut writes = call();
        writes.push(write(
            5,
            vec![Effect::Failed {
                error: "CallDeclined".to_owned(),
                at_ms: None,
            }],
        ));
        let record = fold(&writes);
        assert_eq!(record.status, Some(CallStatus::Failed));
        assert_eq!(record.failure.as_deref(), Some("CallDeclined"));
    }

    #[test]
    fn hang_up_codes_recording_object_and_flow_facts_are_kept() {
        let mut writes = call();
        writes.push(write(
            6,
            vec![
                Effect::LegEnded {
                    leg: "LEG-B".to_owned(),
                    sip_code: Some(486),
                    at_ms: Some(50_000),
                },
                Effect::Fact {
                    name: "outcome".to_owned(),
                    value: "busy".to_owned(),
                },
            ],
        ));
        writes.push(write(
            5,
            vec![
                Effect::RecordingObject {
                    key: "bucket/originalAudio/2024/call.wav".to_owned(),
                },
                Effect::Fact {
                    name: "choice".to_owned(),
                    value: "1".to_owned(),
                },
            ],
        ));
        let record = fold(&writes);
        assert_eq!(
            record.recording_key.as_deref(),
            Some("bucket/originalAudio/2024/call.wav")
        );
        assert_eq!(
            record.hangups,
            [LegEnd {
                leg: "LEG-B".to_owned(),
                sip_code: Some(486),
                time: Timestamp(50_000),
                sequence: 6,
            }]
        );
        // In the order of the events that noted them, not the order the writes arrived in.
        let facts: Vec<_> = record.facts.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(facts, ["choice", "outcome"]);
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(json["hangups"][0]["sipCode"], 486);
        assert_eq!(json["recordingKey"], "bucket/originalAudio/2024/call.wav");
        assert_eq!(json["facts"][1]["value"], "busy");
    }
}

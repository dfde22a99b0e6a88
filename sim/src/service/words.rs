//! Call-record effects in words, for the transcript: written straight from the effect rather
//! than through its JSON, since every answer with a write needs them.

use interpreter::effect::Effect;

/// One call-record effect in words: its name, then each field but the time that has a value,
/// as `name=value` in the order of the names (strings bare, numbers as written).
pub fn describe_effect(effect: &Effect) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(48);
    let mut field = |name: &str, value: &dyn std::fmt::Display| {
        let _ = write!(out, " {name}={value}");
    };
    let head = match effect {
        Effect::Started {
            direction, caller, ..
        } => {
            field("caller", caller);
            field("direction", &direction.as_str());
            "started"
        }
        Effect::Answered { callee, .. } => {
            field("callee", callee);
            "answered"
        }
        Effect::Recording {
            change, location, ..
        } => {
            field("change", &change.as_str());
            if let Some(location) = location {
                field("location", location);
            }
            "recording"
        }
        Effect::Failed { error, .. } => {
            field("error", error);
            "failed"
        }
        Effect::Ended { .. } => "ended",
        Effect::RecordingObject { key } => {
            field("key", key);
            "recording_object"
        }
        Effect::LegEnded { leg, sip_code, .. } => {
            field("leg", leg);
            if let Some(code) = sip_code {
                field("sip_code", code);
            }
            "leg_ended"
        }
        Effect::Fact { name, value } => {
            field("name", name);
            field("value", value);
            "fact"
        }
    };
    out.insert_str(0, head);
    out
}

#[cfg(test)]
mod tests {
    use super::describe_effect;
    use interpreter::effect::{CallDirection, Effect, RecordingChange};

    /// The words as the record's JSON gives them: fields sorted by name, no time, no nulls.
    fn from_json(effect: &Effect) -> String {
        let serde_json::Value::Object(map) = serde_json::to_value(effect).unwrap_or_default()
        else {
            return String::new();
        };
        let mut words = vec![map["effect"].as_str().unwrap_or_default().to_owned()];
        for (k, v) in &map {
            match v {
                _ if k == "effect" || k == "at_ms" || v.is_null() => {}
                serde_json::Value::String(s) => words.push(format!("{k}={s}")),
                other => words.push(format!("{k}={other}")),
            }
        }
        words.join(" ")
    }

    #[test]
    fn every_effect_is_described_as_its_json_says() {
        let text = || "a \"b\" c".to_owned();
        let effects = [
            Effect::Started {
                direction: CallDirection::Outbound,
                caller: text(),
                at_ms: Some(1),
            },
            Effect::Answered {
                callee: text(),
                at_ms: None,
            },
            Effect::Recording {
                change: RecordingChange::Resumed,
                location: Some(text()),
                at_ms: Some(2),
            },
            Effect::Recording {
                change: RecordingChange::Stopped,
                location: None,
                at_ms: None,
            },
            Effect::Failed {
                error: text(),
                at_ms: None,
            },
            Effect::Ended { at_ms: Some(3) },
            Effect::RecordingObject { key: text() },
            Effect::LegEnded {
                leg: "LEG-B".to_owned(),
                sip_code: Some(486),
                at_ms: None,
            },
            Effect::LegEnded {
                leg: "LEG-A".to_owned(),
                sip_code: None,
                at_ms: None,
            },
            Effect::Fact {
                name: "outcome".to_owned(),
                value: text(),
            },
        ];
        for effect in &effects {
            assert_eq!(describe_effect(effect), from_json(effect), "{effect:?}");
        }
    }
}

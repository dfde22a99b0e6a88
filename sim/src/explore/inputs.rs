//! What the world can do to a call of this flow, read from the flow itself: who calls, which keys
//! the parties press, what they enter at a collect, which call updates arrive, and the config
//! values the call runs with. Exhaustive over what the flow can tell apart, not over all strings.

use interpreter::ir::{Flow, Trigger, ValueType};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

/// The number the calls are made to (the application's own number).
pub const SMA_NUMBER: &str = "+12065550199";
/// A caller the flow knows nothing about.
pub const STRANGER: &str = "+13125550123";

/// How a withheld caller's number most often arrives.
pub const WITHHELD: &str = "anonymous";
/// A caller's number without its country code (not E.164).
pub const TEN_DIGITS: &str = "2065550123";

/// Everything the explorer tries, fixed before it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// Environment values for the flow's config, as a scenario's `config` writes them.
    pub config: BTreeMap<String, String>,
    /// Who calls in (LEG-A's `From`), one exploration root each.
    pub callers: Vec<String>,
    /// Whether the flow takes inbound calls (it answers `NEW_INBOUND_CALL`, or nothing else).
    pub inbound: bool,
    /// Whether the flow places calls through the API (it answers `CALL_ANSWERED`).
    pub api: bool,
    /// Keys pressed on a leg with a listener (or none).
    pub keys: Vec<String>,
    /// What a party enters at a collect (`None`: nothing valid).
    pub entries: Vec<Option<String>>,
    /// Argument sets of a call update.
    pub updates: Vec<BTreeMap<String, String>>,
}

impl Inputs {
    /// The inputs that tell this flow's branches apart.
    #[must_use]
    pub fn of(flow: &Flow) -> Self {
        let json = serde_json::to_value(flow).unwrap_or(Json::Null);
        let mut texts = BTreeSet::new();
        let mut args: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        scan(&json, &mut texts, &mut args);
        let mut config = BTreeMap::new();
        let mut phones = Vec::new();
        for item in &flow.config {
            if item.default.is_some() {
                continue;
            }
            let value = match item.ty {
                ValueType::Phone => {
                    let n = format!("+1206555{:04}", 100 + phones.len());
                    phones.push(n.clone());
                    n
                }
                ValueType::Int => "1".to_owned(),
                ValueType::Bool => "true".to_owned(),
                ValueType::Duration => "1s".to_owned(),
                ValueType::Text | ValueType::Leg => item.env.to_lowercase().replace('_', "-"),
            };
            config.insert(item.env.clone(), value);
        }
        let mut callers = vec![STRANGER.to_owned()];
        callers.extend(phones.iter().cloned());
        // Callers without a usable number: the service reports a withheld one as it pleases
        // (`anonymous`, empty, or digits without the country code). One stands for those the
        // flow cannot tell apart: an empty one only where the flow measures or compares text
        // with such a value, ten digits only where it reads a North American number from a leg's number or a variable.
        callers.push(WITHHELD.to_owned());
        if texts.contains("") || texts.contains(WITHHELD) || uses(&json, "Len") {
            callers.push(String::new());
        }
        if reads_number(&json) {
            callers.push(TEN_DIGITS.to_owned());
        }
        let patterns: Vec<regex::Regex> = flow
            .listeners
            .iter()
            .filter_map(|l| regex::Regex::new(&l.pattern).ok())
            .collect();
        let digit_texts: Vec<&String> = texts.iter().filter(|t| is_keys(t)).collect();
        let mut keys: Vec<String> = "0123456789*#".chars().map(String::from).collect();
        keys.extend(digit_texts.iter().map(|t| (*t).clone()));
        keys.retain(|k| patterns.iter().any(|p| p.is_match(k)));
        keys.sort();
        keys.dedup();
        let mut entries: BTreeSet<String> = digit_texts.iter().map(|t| (*t).clone()).collect();
        // A wrong entry of the same length as each one the flow compares with.
        for t in &digit_texts {
            entries.insert("0".repeat(t.chars().count()));
        }
        for canned in ["2065550123", "12065550123", "9005550123", "1"] {
            entries.insert(canned.to_owned());
        }
        for p in &phones {
            entries.insert(p.trim_start_matches('+').to_owned());
        }
        let mut entries: Vec<Option<String>> = entries.into_iter().map(Some).collect();
        entries.push(None);
        let mut updates = vec![BTreeMap::new()];
        for (name, values) in &args {
            for v in values {
                updates.push(BTreeMap::from([(name.clone(), v.clone())]));
            }
        }
        let answers = |t: Trigger| flow.handlers.iter().any(|h| h.trigger == t);
        let api = answers(Trigger::Answered);
        let inbound = answers(Trigger::NewCall) || !api;
        Self {
            config,
            callers,
            inbound,
            api,
            keys,
            entries,
            updates,
        }
    }
}

/// A value a text setting with a default takes in the second configuration: digits, so that a
/// setting compared with what a party enters (a PIN, a code) can be matched.
pub const SETTING_TEXT: &str = "2468";

impl Inputs {
    /// Every configuration worth exploring: the flow's defaults, and, when some settings have a
    /// default, one where each of those is set to something else (a flow that branches on a
    /// setting, such as an optional PIN, has paths that only a deployment setting it reaches).
    #[must_use]
    pub fn variants(flow: &Flow) -> Vec<Self> {
        let base = Self::of(flow);
        let mut other = base.clone();
        for item in flow.config.iter().filter(|i| i.default.is_some()) {
            let value = match item.ty {
                ValueType::Phone => "+12065550190".to_owned(),
                ValueType::Int => "2".to_owned(),
                ValueType::Bool => match item.default {
                    Some(interpreter::ir::Value::Bool(true)) => "false".to_owned(),
                    _ => "true".to_owned(),
                },
                ValueType::Duration => "2s".to_owned(),
                ValueType::Text | ValueType::Leg => SETTING_TEXT.to_owned(),
            };
            other.config.insert(item.env.clone(), value);
        }
        if other.config == base.config {
            return vec![base];
        }
        let entry = Some(SETTING_TEXT.to_owned());
        if !other.entries.contains(&entry) {
            other.entries.insert(0, entry);
        }
        vec![base, other]
    }
}

fn is_keys(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 16
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
}

/// Text literals anywhere in the flow, and the values each update argument is compared with
/// (`match args.X { "v" -> ... }`, `args.X == "v"`): the IR's serde form is walked so that every
/// place an expression can sit is covered without a visitor per statement.
fn scan(json: &Json, texts: &mut BTreeSet<String>, args: &mut BTreeMap<String, BTreeSet<String>>) {
    match json {
        Json::Object(map) => {
            if let Some(Json::String(t)) = map.get("Text") {
                texts.insert(t.clone());
            }
            if let Some(Json::String(name)) = map.get("Arg") {
                args.entry(name.clone()).or_default();
            }
            if let Some(Json::Object(m)) = map.get("Match")
                && let Some(name) = m.get("scrutinee").and_then(arg_name)
            {
                let mut found = BTreeSet::new();
                if let Some(arms) = m.get("arms") {
                    literals(arms, &mut found);
                }
                args.entry(name).or_default().extend(found);
            }
            if let Some(Json::Array(parts)) = map.get("Binary")
                && let [_, l, r] = parts.as_slice()
            {
                for (a, b) in [(l, r), (r, l)] {
                    if let Some(name) = arg_name(a) {
                        let mut found = BTreeSet::new();
                        literals(b, &mut found);
                        args.entry(name).or_default().extend(found);
                    }
                }
            }
            for v in map.values() {
                scan(v, texts, args);
            }
        }
        Json::Array(items) => {
            for v in items {
                scan(v, texts, args);
            }
        }
        _ => {}
    }
}

/// Whether the IR's serde form names `tag` anywhere (a function, a kind of expression).
fn uses(json: &Json, tag: &str) -> bool {
    match json {
        Json::String(t) => t == tag,
        Json::Object(map) => map.iter().any(|(k, v)| k == tag || uses(v, tag)),
        Json::Array(items) => items.iter().any(|v| uses(v, tag)),
        _ => false,
    }
}

/// Whether `nanp(...)` is applied to a leg's number or to a variable anywhere (it reads ten
/// digits as a number; applied to the digits a party entered, the caller's number is not read).
fn reads_number(json: &Json) -> bool {
    match json {
        Json::Object(map) => {
            if let Some(Json::Array(call)) = map.get("Call")
                && let [Json::String(f), args] = call.as_slice()
                && f == "Nanp"
                && (uses(args, "LegNumber") || uses(args, "Var"))
            {
                return true;
            }
            map.values().any(reads_number)
        }
        Json::Array(items) => items.iter().any(reads_number),
        _ => false,
    }
}

fn arg_name(json: &Json) -> Option<String> {
    json.get("Arg")?.as_str().map(str::to_owned)
}

fn literals(json: &Json, out: &mut BTreeSet<String>) {
    match json {
        Json::Object(map) => {
            if let Some(Json::String(t)) = map.get("Text") {
                out.insert(t.clone());
            }
            // An arm's body is not a pattern.
            for (k, v) in map {
                if k != "body" {
                    literals(v, out);
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|v| literals(v, out)),
        _ => {}
    }
}

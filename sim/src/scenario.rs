//! Scenario files (`*.call.yaml`): who calls whom, what each dialled party does, what the parties
//! press and when, who hangs up, injected failures, and what the call must show. Read with
//! serde-saphyr so that every problem is reported at its line and column with a stable code.

mod error;
mod raw;

pub use error::ScenarioError;

use crate::service::{Injection, Origin, Setup};
use std::collections::BTreeMap;

/// A party of the call, by role: the caller is LEG-A, the callee the leg a bridge reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    Caller,
    Callee,
}

impl Party {
    #[must_use]
    pub fn tag(self) -> interpreter::wire::LegTag {
        match self {
            Self::Caller => interpreter::wire::LegTag::A,
            Self::Callee => interpreter::wire::LegTag::B,
        }
    }

    #[must_use]
    pub fn of_leg(leg: &str) -> Option<Self> {
        match leg {
            "LEG-A" => Some(Self::Caller),
            "LEG-B" => Some(Self::Callee),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Caller => "caller",
            Self::Callee => "callee",
        }
    }
}

/// What a dialled party does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dial {
    /// Answers (a person or a voicemail system) after this long.
    Answers(u64),
    Busy,
    NoAnswer,
    Refused,
}

/// One scripted step at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Press {
        party: Party,
        digits: String,
    },
    HangUp(Party),
    Update(BTreeMap<String, String>),
    Duplicate,
    /// A new version of the flow is deployed (a flow file, relative to the scenario file): calls
    /// in progress finish on the version they started on, new calls run the new one. A deploy at
    /// `0s` takes effect before the call arrives.
    Deploy(String),
}

/// Which actions a party's leg must get, or never get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionRule {
    pub includes: Vec<String>,
    pub never: Vec<String>,
}

/// What the call must show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// Exactly these prompts, in order.
    pub heard: BTreeMap<Party, Vec<String>>,
    /// Never these prompts.
    pub not_heard: BTreeMap<Party, Vec<String>>,
    /// The recording's state (`idle`, `active`, `paused`, `stopped`) at these times.
    pub recording: Vec<(u64, String)>,
    /// Every recording change, in order.
    pub recording_changes: Option<Vec<String>>,
    pub actions: BTreeMap<Party, ActionRule>,
    /// Call-record fields, as text.
    pub record: BTreeMap<String, String>,
    /// Event types that must and must not occur.
    pub events: ActionRule,
    pub all_hung_up: bool,
    /// The longest a connected party may wait in silence.
    pub dead_air_ms: u64,
    /// The service refuses no action as invalid (a leg that is not up, a recording change its
    /// state does not allow).
    pub every_action_accepted: bool,
    /// Every key a party presses reaches a listener or a collect.
    pub every_key_heard: bool,
    /// Every answer is the one the flow says (no fault made it the fallback).
    pub no_flow_faults: bool,
}

/// A parsed scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub name: String,
    /// The contract rules it covers, for people and for the coverage test.
    pub covers: Vec<String>,
    /// A flow file, relative to the scenario file.
    pub flow: Option<String>,
    /// Environment values for the flow's config.
    pub config: BTreeMap<String, String>,
    pub setup: Setup,
    /// What each bridge meets, in order (the last one repeats).
    pub dialled: Vec<Dial>,
    /// What the party at each collect attempt enters, in order (`None`: nothing valid).
    pub collect: Vec<Option<String>>,
    /// Steps by time since the call began, in order.
    pub timeline: Vec<(u64, Step)>,
    pub expect: Expect,
}

impl Scenario {
    /// Reads a scenario; `path` is only used in diagnostics.
    ///
    /// # Errors
    ///
    /// Every problem found, each located.
    pub fn parse(path: &str, text: &str) -> Result<Self, Vec<ScenarioError>> {
        raw::parse(path, text)
    }
}

/// A problem with the flow file a `deploy` step names, found by the function that reads it, placed
/// at the step (the scenario reader itself reads no files).
#[must_use]
pub fn deploy_error(path: &str, text: &str, file: &str, message: String) -> ScenarioError {
    let place = text.lines().zip(1u64..).find_map(|(line, number)| {
        let at = line.find("deploy")?;
        let rest = line.get(at..)?;
        let column = rest.find(file).map(|i| at + i)?;
        Some((number, u64::try_from(column).ok()? + 1))
    });
    let (line, column) = place.unwrap_or((0, 0));
    ScenarioError::new(path, text, line, column, "scenario::deploy", message)
        .with_help("name a flow file that exists and passes the checker, relative to the scenario")
}

/// Reads a duration: `1500ms`, `3s`, `2m`, or a bare number of seconds.
#[must_use]
pub fn duration_ms(text: &str) -> Option<u64> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let n: u64 = number.parse().ok()?;
    match unit.trim() {
        "ms" => Some(n),
        "s" => n.checked_mul(1_000),
        "m" | "min" => n.checked_mul(60_000),
        _ => None,
    }
}

/// Epoch milliseconds of `YYYY-MM-DDTHH:MM:SSZ` (UTC only).
#[must_use]
pub fn epoch_ms(text: &str) -> Option<u64> {
    let b = text.trim().as_bytes();
    if b.len() != 20
        || b.get(4) != Some(&b'-')
        || b.get(10) != Some(&b'T')
        || b.get(19) != Some(&b'Z')
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> { text.get(from..to)?.parse().ok() };
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hh, mm, ss) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), after H. Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hh * 3_600 + mm * 60 + ss;
    u64::try_from(seconds).ok()?.checked_mul(1_000)
}

pub(crate) fn default_setup(from: &str, to: &str, origin: Origin) -> Setup {
    let mut setup = Setup::inbound(from, to);
    setup.origin = origin;
    setup
}

pub(crate) fn injection(
    kind: interpreter::wire::ActionKind,
    key: Option<String>,
    error: String,
    times: u32,
) -> Injection {
    Injection {
        kind,
        key,
        error,
        times,
    }
}

//! Expression evaluation against the event being answered and the call's state.

use super::exec::Run;
use super::{Fault, Part};
use crate::ir::{BinaryOp, Builtin, Expr, Func, LegRef, Target, Value};
use crate::wire::{Direction, LegStatus, LegTag, Participant};

/// A leg is up unless the service says it is disconnected (a new call's leg has no status yet).
pub fn is_up(p: &Participant) -> bool {
    p.status != Some(LegStatus::Disconnected)
}

pub fn tag_of(leg: LegRef) -> LegTag {
    match leg {
        LegRef::A => LegTag::A,
        LegRef::B => LegTag::B,
    }
}

/// The number of the party on a leg: who called in on an inbound leg, who was called on an
/// outbound one.
pub fn party_number(p: &Participant) -> &str {
    match p.direction {
        Some(Direction::Outbound) => &p.to,
        _ => &p.from,
    }
}

impl Run<'_> {
    pub fn leg_of(&self, target: Target) -> Result<Option<LegRef>, Fault> {
        match target {
            Target::Leg(leg) => Ok(Some(leg)),
            Target::Var(id) => match self.state.vars.get(usize::from(id)) {
                Some(Value::Leg(leg)) => Ok(Some(*leg)),
                Some(Value::None) => Ok(None),
                _ => Err(Fault::EmptyLegVariable),
            },
        }
    }

    pub fn participant(&self, leg: LegRef) -> Option<&Participant> {
        self.event.call.leg(&tag_of(leg))
    }

    pub fn eval(&mut self, expr: &Expr) -> Result<Value, Fault> {
        self.burn()?;
        Ok(match expr {
            Expr::Lit(v) => v.clone(),
            Expr::Config(id) => self
                .config
                .get(*id)
                .cloned()
                .ok_or(Fault::Missing(Part::Config))?,
            Expr::Var(id) => self
                .state
                .vars
                .get(usize::from(*id))
                .cloned()
                .ok_or(Fault::Missing(Part::Variable))?,
            Expr::Builtin(b) => self.builtin(*b),
            // The event's own arguments (a call update's); on events without any, the arguments
            // the call was placed with.
            Expr::Arg(name) => {
                let own = self
                    .event
                    .action_data
                    .as_ref()
                    .map(|d| &d.parameters.arguments)
                    .filter(|a| !a.is_empty());
                own.unwrap_or(&self.state.args)
                    .get(name)
                    .map_or(Value::None, |v| Value::Text(v.clone()))
            }
            Expr::Leg(t) => self.leg_of(*t)?.map_or(Value::None, Value::Leg),
            Expr::LegNumber(t) => self
                .leg_of(*t)?
                .and_then(|leg| self.participant(leg))
                .map_or(Value::None, |p| Value::Phone(party_number(p).to_owned())),
            Expr::LegConnected(t) => Value::Bool(
                self.leg_of(*t)?
                    .and_then(|leg| self.participant(leg))
                    .is_some_and(is_up),
            ),
            Expr::Area(e) => match self.eval(e)? {
                Value::Phone(p) if p.len() == 12 && p.starts_with("+1") => p
                    .get(2..5)
                    .map_or(Value::None, |a| Value::Text(a.to_owned())),
                _ => Value::None,
            },
            Expr::Call(f, args) => {
                let arg = match args.first() {
                    Some(a) => self.eval(a)?,
                    None => return Err(Fault::BadValue("a function without its argument")),
                };
                match f {
                    Func::Hour | Func::Weekday => self.clock(*f, &arg),
                    Func::Dialable => Value::Bool(text(&arg).is_some_and(|n| self.dialable(n))),
                    _ => call(*f, &arg),
                }
            }
            Expr::Not(e) => Value::Bool(!self.truth(e)?),
            Expr::Neg(e) => match self.eval(e)? {
                Value::Int(i) => Value::Int(i.checked_neg().ok_or(Fault::Overflow)?),
                Value::None => Value::None,
                _ => return Err(Fault::BadValue("negating a value that is not a number")),
            },
            Expr::Binary(op, l, r) => self.binary(*op, l, r)?,
            Expr::In(e, items) => {
                let v = self.eval(e)?;
                let mut found = false;
                for item in items {
                    if same(&v, &self.eval(item)?) {
                        found = true;
                        break;
                    }
                }
                Value::Bool(found)
            }
            Expr::RecordingIs(s) => Value::Bool(self.state.recording == *s),
        })
    }

    pub fn truth(&mut self, e: &Expr) -> Result<bool, Fault> {
        match self.eval(e)? {
            Value::Bool(b) => Ok(b),
            Value::None => Ok(false),
            _ => Err(Fault::BadValue("a condition that is not true or false")),
        }
    }

    /// The hour or weekday now: the time the caller of `step` answers at, which is an input like
    /// the event (the Lambda's clock, a simulation's own time), or, without one, the time the
    /// call started (LEG-A's start time, in every event), so the answer never reads a clock.
    fn clock(&self, f: Func, zone: &Value) -> Value {
        let now = self
            .now_ms
            .or_else(|| self.participant(LegRef::A).and_then(|a| a.start_time_ms));
        let (Some(zone), Some(start)) = (text(zone), now) else {
            return Value::None;
        };
        clock_at(f, i64::try_from(start).unwrap_or(i64::MAX), zone)
    }

    fn builtin(&self, b: Builtin) -> Value {
        let data = self.event.action_data.as_ref();
        match b {
            Builtin::Digits => data
                .and_then(|d| d.received_digits.clone())
                .map_or(Value::None, Value::Text),
            Builtin::Error => self
                .event
                .error
                .as_ref()
                .and_then(|e| e.error_type.clone())
                .map_or(Value::None, Value::Text),
            Builtin::SmaNumber => self.participant(LegRef::A).map_or(Value::None, |a| {
                let n = match a.direction {
                    Some(Direction::Outbound) => &a.from,
                    _ => &a.to,
                };
                Value::Phone(n.clone())
            }),
            Builtin::EventLeg => self.event_leg().map_or(Value::None, Value::Leg),
            Builtin::Recorded => data
                .and_then(|d| d.recording_destination.as_ref())
                .and_then(|f| Some(format!("{}/{}", f.bucket_name.as_ref()?, f.key.as_ref()?)))
                .map_or(Value::None, Value::Text),
            Builtin::SipCode => data
                .and_then(|d| d.parameters.sip_response_code)
                .map_or(Value::None, |c| Value::Int(i64::from(c))),
            Builtin::Terminator => data
                .and_then(|d| d.recording_terminator_used.clone())
                .map_or(Value::None, Value::Text),
        }
    }

    pub fn event_leg(&self) -> Option<LegRef> {
        event_leg(self.event)
    }

    /// Whether the dial policy allows `number`, the deployment's own numbers trusted.
    pub fn dialable(&self, number: &str) -> bool {
        self.config.is_own_number(number)
            || text(&self.builtin(Builtin::SmaNumber)) == Some(number)
            || self.config.policy().check(number).is_ok()
    }

    fn binary(&mut self, op: BinaryOp, l: &Expr, r: &Expr) -> Result<Value, Fault> {
        match op {
            BinaryOp::And => return Ok(Value::Bool(self.truth(l)? && self.truth(r)?)),
            BinaryOp::Or => return Ok(Value::Bool(self.truth(l)? || self.truth(r)?)),
            _ => {}
        }
        let (a, b) = (self.eval(l)?, self.eval(r)?);
        Ok(match op {
            BinaryOp::Eq => Value::Bool(same(&a, &b)),
            BinaryOp::Ne => Value::Bool(!same(&a, &b)),
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let (Some(x), Some(y)) = (number(&a), number(&b)) else {
                    return Ok(Value::Bool(false));
                };
                Value::Bool(match op {
                    BinaryOp::Lt => x < y,
                    BinaryOp::Le => x <= y,
                    BinaryOp::Gt => x > y,
                    _ => x >= y,
                })
            }
            BinaryOp::Add | BinaryOp::Sub => arithmetic(op, a, b)?,
            BinaryOp::And | BinaryOp::Or => Value::None,
        })
    }
}

fn number(v: &Value) -> Option<i128> {
    match v {
        Value::Int(i) => Some(i128::from(*i)),
        Value::Duration(d) => Some(i128::from(*d)),
        _ => None,
    }
}

fn arithmetic(op: BinaryOp, a: Value, b: Value) -> Result<Value, Fault> {
    let overflow = || Fault::Overflow;
    Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => Value::Int(if op == BinaryOp::Add {
            x.checked_add(y).ok_or_else(overflow)?
        } else {
            x.checked_sub(y).ok_or_else(overflow)?
        }),
        (Value::Duration(x), Value::Duration(y)) => Value::Duration(if op == BinaryOp::Add {
            x.checked_add(y).ok_or_else(overflow)?
        } else {
            x.checked_sub(y).ok_or_else(overflow)?
        }),
        // In text, a missing value is the empty text: `"Hello " + name` says "Hello " when
        // no name is known, never nothing at all.
        (a, b) if op == BinaryOp::Add => match (text(&a), text(&b)) {
            (Some(x), Some(y)) => Value::Text(format!("{x}{y}")),
            (Some(x), None) if b == Value::None => Value::Text(x.to_owned()),
            (None, Some(y)) if a == Value::None => Value::Text(y.to_owned()),
            _ => Value::None,
        },
        _ => Value::None,
    })
}

fn text(v: &Value) -> Option<&str> {
    match v {
        Value::Text(s) | Value::Phone(s) => Some(s),
        _ => None,
    }
}

/// Equality across text and phone numbers (a number compares equal to its text).
pub fn same(a: &Value, b: &Value) -> bool {
    match (text(a), text(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn call(f: Func, arg: &Value) -> Value {
    let Some(s) = text(arg) else {
        return Value::None;
    };
    match f {
        Func::Nanp => nanp(s).map_or(Value::None, Value::Phone),
        Func::E164 => {
            let t = s.trim();
            if crate::config::is_e164(t) {
                Value::Phone(t.to_owned())
            } else {
                Value::None
            }
        }
        Func::Len => Value::Int(i64::try_from(s.chars().count()).unwrap_or(i64::MAX)),
        Func::Spell => Value::Text(spell(s)),
        Func::Hour | Func::Weekday | Func::Dialable => Value::None,
    }
}

/// The digits of `s` apart, other characters dropped: `"+1 425"` is `"1 4 2 5"`.
pub fn spell(s: &str) -> String {
    let digits: Vec<String> = s
        .chars()
        .filter(char::is_ascii_digit)
        .map(String::from)
        .collect();
    digits.join(" ")
}

/// The hour or the weekday of `at_ms` (epoch milliseconds) in the IANA time zone `zone`.
pub fn clock_at(f: Func, at_ms: i64, zone: &str) -> Value {
    let Ok(tz) = jiff::tz::TimeZone::get(zone) else {
        return Value::None;
    };
    let Ok(at) = jiff::Timestamp::from_millisecond(at_ms) else {
        return Value::None;
    };
    let local = at.to_zoned_datetime(tz);
    match f {
        Func::Hour => Value::Int(i64::from(local.hour())),
        Func::Weekday => Value::Text(
            match local.weekday() {
                jiff::civil::Weekday::Monday => "monday",
                jiff::civil::Weekday::Tuesday => "tuesday",
                jiff::civil::Weekday::Wednesday => "wednesday",
                jiff::civil::Weekday::Thursday => "thursday",
                jiff::civil::Weekday::Friday => "friday",
                jiff::civil::Weekday::Saturday => "saturday",
                jiff::civil::Weekday::Sunday => "sunday",
            }
            .to_owned(),
        ),
        _ => Value::None,
    }
}

/// A North American number as `+1NXXNXXXXXX`: 10 digits, or 11 starting with 1; area code and
/// exchange never start with 0 or 1.
pub fn nanp(digits: &str) -> Option<String> {
    let d = digits.trim();
    if !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let ten = match d.len() {
        10 => d,
        11 if d.starts_with('1') => d.get(1..)?,
        _ => return None,
    };
    let bytes = ten.as_bytes();
    let ok = |i: usize| bytes.get(i).is_some_and(|b| *b >= b'2');
    (ok(0) && ok(3)).then(|| format!("+1{ten}"))
}

/// The leg an event is about: named in `ActionData.Parameters` by call id or tag.
pub fn event_leg(event: &crate::wire::Event) -> Option<LegRef> {
    let params = &event.action_data.as_ref()?.parameters;
    let tag = match (&params.call_id, &params.participant_tag) {
        (Some(id), _) => event.call.participant(id.as_str()).map(|p| &p.tag),
        (None, Some(tag)) => Some(tag),
        (None, None) => None,
    }?;
    match tag {
        LegTag::A => Some(LegRef::A),
        LegTag::B => Some(LegRef::B),
        LegTag::Other(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{arithmetic, clock_at, nanp, spell};
    use crate::ir::{BinaryOp, Func, Value};

    #[test]
    fn the_hour_and_weekday_follow_the_zone_and_its_daylight_saving() {
        // 2024-05-31T16:08:37Z, a Friday: 12 in New York (EDT), 18 in Paris (CEST).
        let at = 1_717_171_717_123;
        assert_eq!(clock_at(Func::Hour, at, "America/New_York"), Value::Int(12));
        assert_eq!(clock_at(Func::Hour, at, "Europe/Paris"), Value::Int(18));
        assert_eq!(
            clock_at(Func::Weekday, at, "Asia/Tokyo"),
            Value::Text("saturday".to_owned())
        );
        // 2024-01-15T16:00:00Z: New York is on standard time (EST).
        assert_eq!(
            clock_at(Func::Hour, 1_705_334_400_000, "America/New_York"),
            Value::Int(11)
        );
        assert_eq!(clock_at(Func::Hour, at, "Mars/Olympus"), Value::None);
    }

    #[test]
    fn spell_keeps_the_digits_apart() {
        assert_eq!(spell("+1 (425) 555-0142"), "1 4 2 5 5 5 5 0 1 4 2");
        assert_eq!(spell("none here"), "");
    }

    #[test]
    fn a_missing_value_is_empty_in_text_and_nothing_elsewhere() {
        let hello = || Value::Text("Hello ".to_owned());
        assert_eq!(arithmetic(BinaryOp::Add, hello(), Value::None), Ok(hello()));
        assert_eq!(arithmetic(BinaryOp::Add, Value::None, hello()), Ok(hello()));
        assert_eq!(
            arithmetic(BinaryOp::Add, Value::None, Value::None),
            Ok(Value::None)
        );
        assert_eq!(
            arithmetic(BinaryOp::Add, Value::Int(1), Value::None),
            Ok(Value::None)
        );
    }

    #[test]
    fn nanp_accepts_ten_or_eleven_digits_only() {
        assert_eq!(nanp("2065550123").as_deref(), Some("+12065550123"));
        assert_eq!(nanp("12065550123").as_deref(), Some("+12065550123"));
        assert_eq!(nanp("22065550123"), None);
        assert_eq!(nanp("1065550123"), None);
        assert_eq!(nanp("2061550123"), None);
        assert_eq!(nanp("206555012"), None);
        assert_eq!(nanp("2065550123456789"), None);
        assert_eq!(nanp("20655501x3"), None);
    }
}

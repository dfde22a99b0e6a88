//! The shape of the limits table: one [`ActionSpec`] per action kind, listing its parameters
//! ([`ParamSpec`]) and the rules that tie parameters together ([`Relation`]), with the checks
//! that apply them to a set of values.

use super::rule::{ParamValue, Rule};
use super::violation::{LimitViolation, Problem};
use crate::wire::action::ActionKind;

/// What the service assumes when a parameter is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolDefault {
    /// This integer.
    Int(i64),
    /// This string.
    Text(&'static str),
    /// This list of strings.
    List(&'static [&'static str]),
    /// The value of another parameter of the same action.
    SameAs(&'static str),
    /// The leg whose event this response answers.
    InvokingLeg,
}

/// One parameter of one action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamSpec {
    /// The wire path (see the [module docs](super)).
    pub path: &'static str,
    /// Whether the parameter must be given whenever the object holding it is given.
    pub required: bool,
    /// What the service assumes when it is left out.
    pub default: Option<ProtocolDefault>,
    /// What a given value must satisfy.
    pub rule: Rule,
}

impl ParamSpec {
    /// A parameter that must be given.
    #[must_use]
    pub const fn required(path: &'static str, rule: Rule) -> Self {
        Self {
            path,
            required: true,
            default: None,
            rule,
        }
    }

    /// A parameter that may be left out.
    #[must_use]
    pub const fn optional(path: &'static str, rule: Rule) -> Self {
        Self {
            path,
            required: false,
            default: None,
            rule,
        }
    }

    /// The same parameter with a protocol default.
    #[must_use]
    pub const fn or(self, default: ProtocolDefault) -> Self {
        Self {
            default: Some(default),
            ..self
        }
    }

    /// The last key of the path, as it appears in the JSON object that holds it.
    #[must_use]
    pub fn wire_name(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// Checks one value against this parameter's rule.
    ///
    /// # Errors
    ///
    /// The [`Problem`] with the value.
    pub fn check(&self, value: ParamValue<'_>) -> Result<(), Problem> {
        self.rule.check(value)
    }
}

/// A rule tying parameters of one action together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Integer `param` must be at least integer `other` (protocol defaults stand in for absent
    /// values when the action is complete).
    AtLeast {
        /// The larger one.
        param: &'static str,
        /// The smaller one.
        other: &'static str,
    },
    /// At most one of the two may be given.
    NotBoth {
        /// The first.
        param: &'static str,
        /// The second.
        other: &'static str,
    },
    /// Whenever `when` is given (and not empty), `param` must be `value`.
    RequiredWith {
        /// The constrained parameter.
        param: &'static str,
        /// Its required value.
        value: &'static str,
        /// The parameter whose presence requires it.
        when: &'static str,
    },
}

/// Everything the protocol says about one action kind.
#[derive(Debug, PartialEq, Eq)]
pub struct ActionSpec {
    /// The action.
    pub kind: ActionKind,
    /// Its parameters.
    pub params: &'static [ParamSpec],
    /// Rules across parameters.
    pub relations: &'static [Relation],
    /// Reports `ACTION_SUCCESSFUL` as soon as it succeeds, even mid-list.
    pub result_bearing: bool,
    /// Can be cut short by the response to `CALL_UPDATE_REQUESTED`.
    pub interruptible: bool,
}

/// A list of `(path, value)` pairs describing an action's parameters.
pub type ParamValues<'s, 'a> = [(&'s str, ParamValue<'a>)];

impl ActionSpec {
    /// The parameter at this path.
    #[must_use]
    pub fn param(&self, path: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|param| param.path == path)
    }

    /// The parameter at this path and its place in the table, looking from `start` on first.
    fn param_from(&self, path: &str, start: usize) -> Option<(usize, &'static ParamSpec)> {
        let params: &'static [ParamSpec] = self.params;
        let (after, before) = (params.get(start..)?, params.get(..start)?);
        after
            .iter()
            .position(|param| param.path == path)
            .map(|i| i + start)
            .or_else(|| before.iter().position(|param| param.path == path))
            .and_then(|i| params.get(i).map(|param| (i, param)))
    }

    /// Whether `value` is acceptable for the parameter at `path`.
    ///
    /// # Errors
    ///
    /// A violation naming the action, the parameter and the rule.
    pub fn check(&self, path: &str, value: ParamValue<'_>) -> Result<(), LimitViolation> {
        let param = self
            .param(path)
            .ok_or_else(|| self.violation(path, Problem::UnknownParameter))?;
        param
            .check(value)
            .map_err(|problem| self.violation(path, problem))
    }

    /// Checks some known values (e.g. the literals of a flow): each value against its rule, and
    /// each relation whose parameters are all among `values`.
    ///
    /// # Errors
    ///
    /// Every violation found.
    pub fn check_known(&self, values: &ParamValues<'_, '_>) -> Result<(), Vec<LimitViolation>> {
        self.check_values(values, false)
    }

    /// Checks the complete parameters of an action: as [`check_known`](Self::check_known), and
    /// also that required parameters are present, with protocol defaults standing in for absent
    /// values in relations.
    ///
    /// # Errors
    ///
    /// Every violation found.
    pub fn check_complete(&self, values: &ParamValues<'_, '_>) -> Result<(), Vec<LimitViolation>> {
        self.check_values(values, true)
    }

    fn check_values(
        &self,
        values: &ParamValues<'_, '_>,
        complete: bool,
    ) -> Result<(), Vec<LimitViolation>> {
        let mut violations: Vec<LimitViolation> = Vec::new();
        // An action lists its parameters in the table's order, so each lookup starts where the
        // last one ended: one comparison per parameter instead of a search of the table.
        let mut at = 0;
        for (path, value) in values {
            match self.param_from(path, at) {
                Some((index, param)) => {
                    at = index + 1;
                    if let Err(problem) = param.check(*value) {
                        violations.push(self.violation(path, problem));
                    }
                }
                None => violations.push(self.violation(path, Problem::UnknownParameter)),
            }
        }
        if complete {
            let mut at = 0;
            for param in self.params.iter().filter(|param| param.required) {
                let given = match find_from(values, param.path, at) {
                    Some(index) => {
                        at = index + 1;
                        true
                    }
                    None => false,
                };
                if !given && parent_given(values, param.path) {
                    violations.push(self.violation(param.path, Problem::Missing));
                }
            }
        }
        for relation in self.relations {
            if let Some((param, problem)) = self.broken(relation, values, complete) {
                violations.push(self.violation(param, problem));
            }
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(violations)
        }
    }

    fn broken(
        &self,
        relation: &Relation,
        values: &ParamValues<'_, '_>,
        complete: bool,
    ) -> Option<(&'static str, Problem)> {
        match *relation {
            Relation::AtLeast { param, other } => {
                let got = self.int(values, param, complete)?;
                let other_value = self.int(values, other, complete)?;
                (got < other_value).then_some((
                    param,
                    Problem::Below {
                        other,
                        other_value,
                        got,
                    },
                ))
            }
            Relation::NotBoth { param, other } => (has(values, param) && has(values, other))
                .then_some((param, Problem::Conflicts { other })),
            Relation::RequiredWith { param, value, when } => {
                let triggered = find(values, when).is_some_and(|given| !is_empty(given));
                let got = match find(values, param) {
                    Some(ParamValue::Text(text)) if text == value => return None,
                    Some(ParamValue::Text(text)) => Some(text.to_owned()),
                    Some(other) => Some(other.kind().to_string()),
                    None if complete => None,
                    None => return None,
                };
                triggered.then_some((param, Problem::RequiredWith { value, when, got }))
            }
        }
    }

    /// An integer parameter's value, or (for a complete action) its protocol default.
    fn int(&self, values: &ParamValues<'_, '_>, path: &str, complete: bool) -> Option<i64> {
        match find(values, path) {
            Some(ParamValue::Int(n)) => Some(n),
            Some(_) => None,
            None if complete => match self.param(path)?.default? {
                ProtocolDefault::Int(n) => Some(n),
                ProtocolDefault::SameAs(other) if other != path => {
                    self.int(values, other, complete)
                }
                ProtocolDefault::SameAs(_)
                | ProtocolDefault::Text(_)
                | ProtocolDefault::List(_)
                | ProtocolDefault::InvokingLeg => None,
            },
            None => None,
        }
    }

    fn violation(&self, path: &str, problem: Problem) -> LimitViolation {
        LimitViolation {
            action: self.kind,
            param: path.to_owned(),
            problem,
        }
    }
}

fn find<'a>(values: &ParamValues<'_, 'a>, path: &str) -> Option<ParamValue<'a>> {
    values
        .iter()
        .find(|(given, _)| *given == path)
        .map(|(_, value)| *value)
}

fn has(values: &ParamValues<'_, '_>, path: &str) -> bool {
    find(values, path).is_some()
}

/// The place of `path` among the values, looking from `start` on first.
fn find_from(values: &ParamValues<'_, '_>, path: &str, start: usize) -> Option<usize> {
    let (after, before) = (values.get(start..)?, values.get(..start)?);
    after
        .iter()
        .position(|(given, _)| *given == path)
        .map(|i| i + start)
        .or_else(|| before.iter().position(|(given, _)| *given == path))
}

fn is_empty(value: ParamValue<'_>) -> bool {
    matches!(value, ParamValue::Items(0) | ParamValue::List([]))
}

/// Whether the object holding `path` is given (top-level parameters always are); an empty list
/// holds no items whose fields could be missing.
fn parent_given(values: &ParamValues<'_, '_>, path: &str) -> bool {
    match path.rsplit_once('.') {
        None => true,
        Some((parent, _)) => find(values, parent).is_some_and(|value| !is_empty(value)),
    }
}

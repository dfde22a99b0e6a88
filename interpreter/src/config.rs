//! A flow's configuration values, resolved once at start-up from a lookup (the environment in the
//! handler, a map in tests). The interpreter itself never reads the environment.

use crate::ir::{Flow, Value, ValueType};
use crate::policy::DialPolicy;
use std::fmt;

/// The flow's config values, by `ConfigId`, and the deployment's dial policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    values: Vec<Value>,
    policy: DialPolicy,
}

/// A config variable that is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The environment variable's name.
    pub var: String,
    /// What it must hold.
    pub expected: String,
    /// What it held, if anything.
    pub found: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.found {
            None => write!(f, "{} is not set; it must hold {}", self.var, self.expected),
            Some(v) => write!(f, "{} is {v:?}; it must hold {}", self.var, self.expected),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads every config value of `flow` through `lookup`, reporting every problem at once.
    pub fn resolve(
        flow: &Flow,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, Vec<ConfigError>> {
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for item in &flow.config {
            let raw = lookup(&item.env).filter(|v| !v.is_empty());
            match raw {
                None => match &item.default {
                    Some(v) => values.push(v.clone()),
                    None => errors.push(ConfigError {
                        var: item.env.clone(),
                        expected: expected(item.ty).to_owned(),
                        found: None,
                    }),
                },
                Some(raw) => match parse(item.ty, &raw) {
                    Some(v) => values.push(v),
                    None => errors.push(ConfigError {
                        var: item.env.clone(),
                        expected: expected(item.ty).to_owned(),
                        found: Some(raw),
                    }),
                },
            }
        }
        // The dial policy applies to every flow, whether or not it dials out.
        let policy = match DialPolicy::resolve(&lookup) {
            Ok(p) => p,
            Err(bad) => {
                errors.extend(bad.into_iter().map(|e| ConfigError {
                    var: e.var.to_owned(),
                    expected: e.expected.to_owned(),
                    found: Some(e.found),
                }));
                DialPolicy::default()
            }
        };
        if errors.is_empty() {
            Ok(Config { values, policy })
        } else {
            Err(errors)
        }
    }

    /// Config values given directly, in the flow's order, with the default dial policy (tests,
    /// the simulator).
    pub fn from_values(values: Vec<Value>) -> Config {
        Config {
            values,
            policy: DialPolicy::default(),
        }
    }

    /// The same values under another dial policy.
    #[must_use]
    pub fn with_policy(self, policy: DialPolicy) -> Config {
        Config { policy, ..self }
    }

    pub fn policy(&self) -> &DialPolicy {
        &self.policy
    }

    /// Whether `number` is one of the deployment's own phone settings, which the dial policy
    /// trusts.
    pub fn is_own_number(&self, number: &str) -> bool {
        self.values
            .iter()
            .any(|v| matches!(v, Value::Phone(p) if p == number))
    }

    pub fn get(&self, id: crate::ir::ConfigId) -> Option<&Value> {
        self.values.get(usize::from(id))
    }
}

fn expected(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Phone => "an E.164 phone number such as +12065550100",
        ValueType::Text => "text",
        ValueType::Int => "a whole number",
        ValueType::Bool => "true or false",
        ValueType::Duration => "a duration such as 30s or 2500ms",
        ValueType::Leg => "a leg (A or B)",
    }
}

/// Parses a config value of type `ty` from its environment form.
pub fn parse(ty: ValueType, raw: &str) -> Option<Value> {
    let raw = raw.trim();
    match ty {
        ValueType::Text => Some(Value::Text(raw.to_owned())),
        ValueType::Phone => is_e164(raw).then(|| Value::Phone(raw.to_owned())),
        ValueType::Int => raw.parse().ok().map(Value::Int),
        ValueType::Bool => match raw {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        ValueType::Duration => parse_duration(raw).map(Value::Duration),
        ValueType::Leg => match raw {
            "A" => Some(Value::Leg(crate::ir::LegRef::A)),
            "B" => Some(Value::Leg(crate::ir::LegRef::B)),
            _ => None,
        },
    }
}

fn parse_duration(raw: &str) -> Option<u64> {
    let digits_end = raw.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = raw.split_at(digits_end);
    let n: u64 = n.parse().ok()?;
    match unit {
        "ms" => Some(n),
        "s" => n.checked_mul(1000),
        "m" => n.checked_mul(60_000),
        _ => None,
    }
}

/// `+` then 2 to 15 digits, the first not 0.
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ConfigItem;

    fn flow(items: Vec<ConfigItem>) -> Flow {
        Flow {
            name: "t".into(),
            version: "0".into(),
            config: items,
            prompts: vec![],
            vars: vec![],
            listeners: vec![],
            states: vec![],
            handlers: vec![],
        }
    }

    fn item(env: &str, ty: ValueType, default: Option<Value>) -> ConfigItem {
        ConfigItem {
            name: env.to_lowercase(),
            env: env.into(),
            ty,
            default,
        }
    }

    #[test]
    fn reports_every_missing_or_malformed_variable() {
        let f = flow(vec![
            item("SOURCE_PHONE", ValueType::Phone, None),
            item("WAV_BUCKET", ValueType::Text, None),
            item(
                "PREFIX",
                ValueType::Text,
                Some(Value::Text("originalAudio".into())),
            ),
        ]);
        let errors = Config::resolve(&f, |v| (v == "SOURCE_PHONE").then(|| "555-0100".to_owned()))
            .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].var, "SOURCE_PHONE");
        assert_eq!(errors[0].found.as_deref(), Some("555-0100"));
        assert!(errors[0].to_string().contains("E.164"));
        assert_eq!(errors[1].var, "WAV_BUCKET");
        assert_eq!(errors[1].found, None);
    }

    #[test]
    fn applies_defaults_and_parses_types() {
        let f = flow(vec![
            item("SOURCE_PHONE", ValueType::Phone, None),
            item(
                "PREFIX",
                ValueType::Text,
                Some(Value::Text("originalAudio".into())),
            ),
            item("WAIT", ValueType::Duration, None),
        ]);
        let c = Config::resolve(&f, |v| match v {
            "SOURCE_PHONE" => Some("+12065550100".into()),
            "WAIT" => Some("2s".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.get(0), Some(&Value::Phone("+12065550100".into())));
        assert_eq!(c.get(1), Some(&Value::Text("originalAudio".into())));
        assert_eq!(c.get(2), Some(&Value::Duration(2000)));
    }
}

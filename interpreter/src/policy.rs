//! The dial policy: which numbers a flow may dial out to. It is deployment configuration, read
//! with the flow's other settings ([`crate::config::Config`]), and `step` applies it twice: the
//! flow asks with `dialable(number)` (and plays its own refusal), and lowering refuses any
//! `CallAndBridge` to the public network outside it, whatever the flow says, so a number outside
//! the policy is never bridged. The checker proves the first (`flow::verify::dial_policy`).
//!
//! A number is allowed when its country calling code is listed, its type is allowed and no
//! blocked prefix starts it. The deployment's own numbers (phone settings and the application's
//! number) are trusted: the policy is about numbers that reach the flow from outside.

use std::fmt;

/// The environment variables the policy is read from, with what each holds.
pub const COUNTRIES_VAR: &str = "DIAL_COUNTRIES";
pub const TYPES_VAR: &str = "DIAL_NUMBER_TYPES";
pub const BLOCKED_VAR: &str = "DIAL_BLOCKED";

/// Countries by calling code when `DIAL_COUNTRIES` is unset: the North American Numbering Plan
/// (the United States, Canada and the Caribbean members, whose risky codes are blocked below).
pub const DEFAULT_COUNTRIES: &[&str] = &["1"];

/// Blocked prefixes when `DIAL_BLOCKED` is unset (or names `default`): premium-rate ranges and
/// the area codes known for toll fraud.
pub const DEFAULT_BLOCKED: &[(&str, &str)] = &[
    ("+1900", "NANP premium rate"),
    ("+1976", "NANP premium rate"),
    ("+1268", "Antigua and Barbuda: one-ring scams"),
    ("+1284", "British Virgin Islands: one-ring scams"),
    ("+1473", "Grenada: one-ring scams"),
    ("+1649", "Turks and Caicos: one-ring scams"),
    ("+1664", "Montserrat: one-ring scams"),
    ("+1767", "Dominica: one-ring scams"),
    ("+1809", "Dominican Republic: one-ring scams"),
    ("+1829", "Dominican Republic: one-ring scams"),
    ("+1849", "Dominican Republic: one-ring scams"),
    ("+1876", "Jamaica: one-ring scams"),
    ("+449", "United Kingdom premium rate (09)"),
    ("+3389", "France premium rate (089)"),
    ("+49900", "Germany premium rate (0900)"),
    ("+3989", "Italy premium rate (89)"),
    ("+61190", "Australia premium rate (190)"),
    ("+870", "Inmarsat satellite"),
    ("+881", "global satellite systems"),
    ("+882", "international networks"),
    ("+883", "international networks"),
];

/// The kind of a number, as far as cost goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberType {
    /// Geographic and mobile numbers: everything not listed as another type.
    Standard,
    /// Free to the caller (NANP 8XX, UK 0800/0808).
    TollFree,
    /// Premium rate and high-cost ranges.
    Premium,
}

impl NumberType {
    pub const ALL: [NumberType; 3] = [Self::Standard, Self::TollFree, Self::Premium];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::TollFree => "toll_free",
            Self::Premium => "premium",
        }
    }
}

/// Number types by prefix; the longest matching prefix decides, `Standard` otherwise.
const TYPES: &[(&str, NumberType)] = &[
    ("+1800", NumberType::TollFree),
    ("+1833", NumberType::TollFree),
    ("+1844", NumberType::TollFree),
    ("+1855", NumberType::TollFree),
    ("+1866", NumberType::TollFree),
    ("+1877", NumberType::TollFree),
    ("+1888", NumberType::TollFree),
    ("+44800", NumberType::TollFree),
    ("+44808", NumberType::TollFree),
    ("+1900", NumberType::Premium),
    ("+1976", NumberType::Premium),
    ("+449", NumberType::Premium),
    ("+3389", NumberType::Premium),
    ("+49900", NumberType::Premium),
    ("+3989", NumberType::Premium),
    ("+61190", NumberType::Premium),
    ("+870", NumberType::Premium),
    ("+881", NumberType::Premium),
    ("+882", NumberType::Premium),
    ("+883", NumberType::Premium),
];

/// The type of an E.164 number.
pub fn number_type(number: &str) -> NumberType {
    TYPES
        .iter()
        .filter(|(prefix, _)| number.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(NumberType::Standard, |(_, t)| *t)
}

/// Which numbers may be dialled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialPolicy {
    /// Country calling codes, digits only (`"1"`, `"44"`).
    countries: Vec<String>,
    types: Vec<NumberType>,
    /// Prefixes with their `+`.
    blocked: Vec<String>,
}

/// Why a number is outside the policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0:?} is not an E.164 number")]
    NotE164(String),
    #[error("{0} is in a country the policy does not list")]
    Country(String),
    #[error("{number} is a {} number, which the policy does not allow", kind.as_str())]
    Type { number: String, kind: NumberType },
    #[error("{number} starts with the blocked prefix {prefix}")]
    Blocked { number: String, prefix: String },
}

/// A policy setting that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub var: &'static str,
    pub expected: &'static str,
    pub found: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is {:?}; it must hold {}",
            self.var, self.found, self.expected
        )
    }
}

impl Default for DialPolicy {
    /// NANP standard and toll-free numbers, the default blocked prefixes refused.
    fn default() -> Self {
        Self {
            countries: DEFAULT_COUNTRIES.iter().map(|c| (*c).to_owned()).collect(),
            types: vec![NumberType::Standard, NumberType::TollFree],
            blocked: DEFAULT_BLOCKED
                .iter()
                .map(|(p, _)| (*p).to_owned())
                .collect(),
        }
    }
}

impl DialPolicy {
    /// Reads the policy through `lookup` (the deployment's environment); an unset or empty
    /// variable keeps its default. Every malformed variable is reported.
    pub fn resolve(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Vec<PolicyError>> {
        let mut policy = Self::default();
        let mut errors = Vec::new();
        let get = |var: &str| lookup(var).filter(|v| !v.trim().is_empty());
        if let Some(raw) = get(COUNTRIES_VAR) {
            match list(&raw, |c| {
                let c = c.strip_prefix('+').unwrap_or(c);
                (!c.is_empty() && c.len() <= 3 && c.chars().all(|d| d.is_ascii_digit()))
                    .then(|| c.to_owned())
            }) {
                Some(c) => policy.countries = c,
                None => errors.push(PolicyError {
                    var: COUNTRIES_VAR,
                    expected: "country calling codes separated by commas, such as 1,44",
                    found: raw,
                }),
            }
        }
        if let Some(raw) = get(TYPES_VAR) {
            match list(&raw, |t| {
                NumberType::ALL.into_iter().find(|k| k.as_str() == t)
            }) {
                Some(t) => policy.types = t,
                None => errors.push(PolicyError {
                    var: TYPES_VAR,
                    expected: "number types separated by commas: standard, toll_free, premium",
                    found: raw,
                }),
            }
        }
        if let Some(raw) = get(BLOCKED_VAR) {
            let mut blocked = Vec::new();
            let ok = raw.split(',').map(str::trim).all(|p| {
                if p == "default" {
                    blocked.extend(DEFAULT_BLOCKED.iter().map(|(d, _)| (*d).to_owned()));
                    return true;
                }
                let digits = p.strip_prefix('+').unwrap_or(p);
                let good = !digits.is_empty()
                    && digits.len() <= 15
                    && digits.chars().all(|d| d.is_ascii_digit());
                if good {
                    blocked.push(format!("+{digits}"));
                }
                good
            });
            if ok {
                policy.blocked = blocked;
            } else {
                errors.push(PolicyError {
                    var: BLOCKED_VAR,
                    expected: "number prefixes such as +1900 separated by commas, `default` for the default list",
                    found: raw,
                });
            }
        }
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors)
        }
    }

    /// Whether `number` may be dialled, and why not.
    pub fn check(&self, number: &str) -> Result<(), Refusal> {
        if !crate::config::is_e164(number) {
            return Err(Refusal::NotE164(number.chars().take(32).collect()));
        }
        let digits = number.get(1..).unwrap_or_default();
        if !self
            .countries
            .iter()
            .any(|c| digits.starts_with(c.as_str()))
        {
            return Err(Refusal::Country(number.to_owned()));
        }
        let kind = number_type(number);
        if !self.types.contains(&kind) {
            return Err(Refusal::Type {
                number: number.to_owned(),
                kind,
            });
        }
        if let Some(prefix) = self.blocked.iter().find(|p| number.starts_with(p.as_str())) {
            return Err(Refusal::Blocked {
                number: number.to_owned(),
                prefix: prefix.clone(),
            });
        }
        Ok(())
    }
}

/// Every comma-separated item through `item`; `None` if any does not parse.
fn list<T>(raw: &str, item: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    raw.split(',').map(|s| item(s.trim())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn the_default_allows_north_american_standard_and_toll_free_numbers() {
        let p = DialPolicy::default();
        assert_eq!(p.check("+12065550123"), Ok(()));
        assert_eq!(p.check("+18005550123"), Ok(()));
        assert!(matches!(p.check("+442071234567"), Err(Refusal::Country(_))));
        assert!(matches!(p.check("12065550123"), Err(Refusal::NotE164(_))));
    }

    #[test]
    fn the_default_refuses_premium_rate_and_toll_fraud_area_codes() {
        let p = DialPolicy::default();
        assert!(matches!(
            p.check("+19005550123"),
            Err(Refusal::Type {
                kind: NumberType::Premium,
                ..
            })
        ));
        for area in [
            "268", "284", "473", "649", "664", "767", "809", "829", "849", "876",
        ] {
            let number = format!("+1{area}5550123");
            assert!(
                matches!(p.check(&number), Err(Refusal::Blocked { .. })),
                "{number}"
            );
        }
    }

    #[test]
    fn settings_widen_or_narrow_the_policy() {
        let p = DialPolicy::resolve(env(&[
            ("DIAL_COUNTRIES", "1, +44"),
            ("DIAL_NUMBER_TYPES", "standard"),
            ("DIAL_BLOCKED", "default,+1206555"),
        ]))
        .unwrap();
        assert_eq!(p.check("+442071234567"), Ok(()));
        assert!(p.check("+18005550123").is_err(), "toll free not listed");
        assert!(p.check("+12065550123").is_err(), "an added prefix");
        assert!(p.check("+18765550123").is_err(), "the defaults kept");
        assert!(p.check("+449001234567").is_err(), "UK premium");
        let open = DialPolicy::resolve(env(&[("DIAL_BLOCKED", "+1900")])).unwrap();
        assert_eq!(
            open.check("+18765550123"),
            Ok(()),
            "a list without `default`"
        );
    }

    #[test]
    fn malformed_settings_are_all_reported() {
        let errors = DialPolicy::resolve(env(&[
            ("DIAL_COUNTRIES", "US"),
            ("DIAL_NUMBER_TYPES", "cheap"),
            ("DIAL_BLOCKED", "+1-900"),
        ]))
        .unwrap_err();
        let vars: Vec<&str> = errors.iter().map(|e| e.var).collect();
        assert_eq!(vars, [COUNTRIES_VAR, TYPES_VAR, BLOCKED_VAR]);
    }
}

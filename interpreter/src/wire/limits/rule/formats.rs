//! The shapes of text values the protocol documents (E.164 numbers, ARNs, SIP header names),
//! and how an offending value is quoted in a message.

use super::SipHeaderRule;

/// At most 60 characters of a value, so that a message about a huge value stays readable.
pub(super) fn excerpt(text: &str) -> String {
    const SHOWN: usize = 60;
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}...", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// The E.164 rule is the configuration's: one definition for start-up values and wire values.
pub(super) use crate::config::is_e164;

/// `arn:<partition>:<service>:<region>:<account>:<resource>`.
fn arn_parts(text: &str) -> Option<[&str; 5]> {
    let mut parts = text.splitn(6, ':');
    if parts.next() != Some("arn") {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account = parts.next()?;
    let resource = parts.next()?;
    let named = !partition.is_empty() && !service.is_empty() && !resource.is_empty();
    named.then_some([partition, service, region, account, resource])
}

pub(super) fn is_arn(text: &str, service: Option<&str>) -> bool {
    arn_parts(text).is_some_and(|[_, named, ..]| service.is_none_or(|service| named == service))
}

pub(super) fn is_lex_bot_alias_arn(text: &str) -> bool {
    let Some([partition, service, region, account, resource]) = arn_parts(text) else {
        return false;
    };
    let ids = resource
        .strip_prefix("bot-alias/")
        .and_then(|ids| ids.split_once('/'));
    partition.starts_with("aws")
        && service == "lex"
        && !region.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && ids.is_some_and(|(bot, alias)| {
            !bot.is_empty() && !alias.is_empty() && !alias.contains('/')
        })
}

impl SipHeaderRule {
    /// What is wrong with one header, in words, if anything.
    pub(super) fn problem(&self, name: &str, value: &str) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        let standard = self
            .standard_names
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name));
        let custom =
            lower.len() > self.custom_prefix.len() && lower.starts_with(self.custom_prefix);
        if let Some(reserved) = self
            .reserved_prefixes
            .iter()
            .find(|prefix| lower.starts_with(*prefix))
        {
            Some(format!("{:?} (reserved prefix {reserved})", excerpt(name)))
        } else if !standard && !custom {
            Some(format!("{:?}", excerpt(name)))
        } else if value.chars().count() > self.max_value_chars {
            Some(format!(
                "a {}-character value for {name}",
                value.chars().count()
            ))
        } else {
            None
        }
    }
}

//! `StartBotConversation`: hand a leg to an Amazon Lex V2 bot; the bot's result comes back in
//! `ActionData.IntentResult`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::params::{ParamList, Parameters};
use super::target::Target;
use crate::wire::limits::ParamValue;
use crate::wire::vocab::{DialogActionType, WelcomeContentType};

/// `StartBotConversation`. Reports its result at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartBotConversation {
    /// The leg (tag: LEG-A only); its call id becomes the Lex session id.
    #[serde(flatten)]
    pub target: Option<Target>,
    /// The bot alias, in the SMA's region.
    pub bot_alias_arn: String,
    /// The bot locale (default `en_US`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale_id: Option<String>,
    /// How the conversation starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration: Option<BotConfiguration>,
}

impl Parameters for StartBotConversation {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        out.text("BotAliasArn", &self.bot_alias_arn);
        out.opt_text("LocaleId", self.locale_id.as_deref());
        if let Some(configuration) = &self.configuration {
            configuration.collect(out);
        }
    }
}

/// `Configuration` of a bot conversation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BotConfiguration {
    /// Initial Lex session state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_state: Option<SessionState>,
    /// What the bot says first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub welcome_messages: Option<Vec<WelcomeMessage>>,
}

impl BotConfiguration {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        // The size limit is on the encoded object; encoding these plain types cannot fail.
        let bytes = serde_json::to_vec(self).map_or(0, |json| json.len());
        out.push("Configuration", ParamValue::Json(bytes));
        if let Some(state) = &self.session_state {
            out.object("Configuration.SessionState");
            out.opt_map(
                "Configuration.SessionState.SessionAttributes",
                state.session_attributes.as_ref(),
            );
            if let Some(action) = &state.dialog_action {
                out.object("Configuration.SessionState.DialogAction");
                out.text(
                    "Configuration.SessionState.DialogAction.Type",
                    action.action_type.as_str(),
                );
            }
        }
        if let Some(messages) = &self.welcome_messages {
            out.push(
                "Configuration.WelcomeMessages",
                ParamValue::Items(messages.len()),
            );
            for message in messages {
                out.text("Configuration.WelcomeMessages.Content", &message.content);
                out.text(
                    "Configuration.WelcomeMessages.ContentType",
                    message.content_type.as_str(),
                );
            }
        }
    }
}

/// `Configuration.SessionState`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SessionState {
    /// Lex session attributes (e.g. `x-amz-lex:start-timeout-ms:*:*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_attributes: Option<BTreeMap<String, String>>,
    /// How the dialog starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialog_action: Option<DialogAction>,
}

/// `Configuration.SessionState.DialogAction`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialogAction {
    /// `Delegate` or `ElicitIntent` (required with welcome messages).
    #[serde(rename = "Type")]
    pub action_type: DialogActionType,
}

/// One of `Configuration.WelcomeMessages`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WelcomeMessage {
    /// What to say.
    pub content: String,
    /// Plain text or SSML.
    pub content_type: WelcomeContentType,
}

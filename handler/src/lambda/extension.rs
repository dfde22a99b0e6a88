//! The handler's internal Lambda extension, spoken to over the Extensions API directly: register
//! during init, then ask for each next event. Lambda keeps the environment running after an answer
//! until every extension has asked for its next event, which is what lets call records be written
//! after the answer instead of before it.
//!
//! An internal extension may only register for `INVOKE`; the end of the environment reaches the
//! process as `SIGTERM` (see [`super`]). A `SHUTDOWN` event is still understood, should one come.

use lambda_runtime::Error;
use lambda_runtime_api_client::body::Body;
use lambda_runtime_api_client::{Client, build_request};
use serde::Deserialize;

const REGISTER: &str = "/2020-01-01/extension/register";
const NEXT: &str = "/2020-01-01/extension/event/next";
const NAME_HEADER: &str = "Lambda-Extension-Name";
const ID_HEADER: &str = "Lambda-Extension-Identifier";

/// The name this extension registers under; unique within the function.
pub const NAME: &str = "call-records";

/// A registered extension.
pub struct Extension {
    client: Client,
    id: String,
}

/// What `event/next` answered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "eventType", rename_all = "UPPERCASE")]
pub enum NextEvent {
    Invoke {
        #[serde(rename = "requestId", default)]
        request_id: String,
    },
    Shutdown {
        #[serde(rename = "shutdownReason", default)]
        reason: String,
        /// When the environment is killed, in ms since the epoch.
        #[serde(rename = "deadlineMs", default)]
        deadline_ms: u64,
    },
}

impl Extension {
    /// Registers for `INVOKE` with the Runtime API at `endpoint` (`AWS_LAMBDA_RUNTIME_API`). Must
    /// happen before the runtime's first `invocation/next`, which ends the init phase.
    pub async fn register(endpoint: &str) -> Result<Self, Error> {
        let client = Client::builder()
            .with_endpoint(format!("http://{endpoint}").parse()?)
            .build()?;
        let request = build_request()
            .method("POST")
            .uri(REGISTER)
            .header(NAME_HEADER, NAME)
            .header("Content-Type", "application/json")
            .body(Body::from(r#"{"events":["INVOKE"]}"#))?;
        let response = client.call(request).await?;
        let status = response.status();
        let id = response
            .headers()
            .get(ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = Body::new(response.into_body()).collect().await?.to_bytes();
        match id {
            Some(id) if status.is_success() => Ok(Self { client, id }),
            _ => Err(format!(
                "the Extensions API refused the registration ({status}): {}",
                String::from_utf8_lossy(&body)
            )
            .into()),
        }
    }

    /// Asks for the next event; returns when Lambda has one (the next invocation, or the end).
    pub async fn next(&self) -> Result<NextEvent, Error> {
        let request = build_request()
            .method("GET")
            .uri(NEXT)
            .header(ID_HEADER, self.id.as_str())
            .body(Body::empty())?;
        let response = self.client.call(request).await?;
        let status = response.status();
        let body = Body::new(response.into_body()).collect().await?.to_bytes();
        if !status.is_success() {
            return Err(format!(
                "the Extensions API answered {status}: {}",
                String::from_utf8_lossy(&body)
            )
            .into());
        }
        Ok(serde_json::from_slice(&body)?)
    }
}

#[cfg(test)]
mod tests {
    use super::NextEvent;

    #[test]
    fn reads_both_kinds_of_event() {
        let invoke: NextEvent = serde_json::from_str(
            r#"{"eventType":"INVOKE","deadlineMs":1,"requestId":"r-1","invokedFunctionArn":"a","tracing":{}}"#,
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            invoke,
            NextEvent::Invoke {
                request_id: "r-1".to_owned()
            }
        );
        let shutdown: NextEvent = serde_json::from_str(
            r#"{"eventType":"SHUTDOWN","shutdownReason":"SPINDOWN","deadlineMs":42}"#,
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            shutdown,
            NextEvent::Shutdown {
                reason: "SPINDOWN".to_owned(),
                deadline_ms: 42
            }
        );
    }
}

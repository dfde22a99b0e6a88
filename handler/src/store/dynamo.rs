//! The DynamoDB call-record store, used in Lambda: one item per call, keyed by `callID`.
//!
//! A write is one conditional `UpdateItem` that adds its facts, then, only when the returned item's
//! derived attributes disagree with its facts, a second one that settles them ([`update`]). A
//! redelivered write fails the first condition; it then reads the item and settles it, which also
//! finishes a write whose second request was cut off by the deadline and replayed from the log.

pub mod item;
pub mod update;

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::SharedHttpClient;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use interpreter::effect::RecordWrite;

use super::record::{CallRecord, WriteDelta};
use super::timestamp::Timestamp;
use super::{Applied, CallRecordStore, StoreError};
use item::{KEY, StoredItem, from_item};
use update::Update;

/// Builds the DynamoDB client from the standard configuration sources (environment, profile, the
/// Lambda role), with the rustls-on-ring HTTPS client. `AWS_ENDPOINT_URL_DYNAMODB` is honoured here.
pub async fn load_client() -> Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(https_client())
        .load()
        .await;
    Client::new(&config)
}

/// The SDK's hyper client with rustls on ring (the SDK's default would build aws-lc); plain `http://`
/// endpoints, as a local DynamoDB-compatible server has, work too.
pub fn https_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// The key the warm-up reads: not a transaction id the SMA would send.
const WARM_UP_KEY: &str = "connection warm-up";

/// Call records in one DynamoDB table.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
    retention: Duration,
}

impl DynamoStore {
    /// `client` is built once per process and shared; `table` has the partition key `callID` (S).
    pub fn new(client: Client, table: impl Into<String>, retention: Duration) -> Self {
        Self {
            client,
            table: table.into(),
            retention,
        }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    fn key(call_id: &str) -> HashMap<String, AttributeValue> {
        HashMap::from([(KEY.to_owned(), AttributeValue::S(call_id.to_owned()))])
    }

    fn error<E>(
        &self,
        operation: &'static str,
        err: SdkError<E, aws_sdk_dynamodb::config::http::HttpResponse>,
    ) -> StoreError
    where
        E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
        aws_sdk_dynamodb::Error: From<SdkError<E, aws_sdk_dynamodb::config::http::HttpResponse>>,
    {
        // A service error says what it is in its code and message; anything else (no answer, a
        // timeout) needs its whole chain of causes.
        let message = match (err.code(), err.message()) {
            (Some(code @ "ResourceNotFoundException"), _) => format!(
                "{code}: the table does not exist here (check CALL_RECORDS_TABLE, the region and \
                 AWS_ENDPOINT_URL_DYNAMODB)"
            ),
            (Some(code), Some(text)) => format!("{code}: {text}"),
            (Some(code), None) => code.to_owned(),
            _ => DisplayErrorContext(&err).to_string(),
        };
        StoreError::DynamoDb {
            operation,
            table: self.table.clone(),
            message,
            source: Box::new(err.into()),
        }
    }

    fn malformed(&self, call_id: &str, reason: String) -> StoreError {
        StoreError::MalformedItem {
            call_id: call_id.to_owned(),
            table: self.table.clone(),
            reason,
        }
    }

    /// Sends one update; `Ok(None)` when its condition failed.
    async fn send(
        &self,
        call_id: &str,
        update: Update,
        returning: ReturnValue,
    ) -> Result<Result<Option<HashMap<String, AttributeValue>>, ConditionFailed>, Rejected> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(call_id)))
            .update_expression(update.expression)
            .set_condition_expression(update.condition)
            .set_expression_attribute_names(Some(update.names))
            .set_expression_attribute_values(Some(update.values))
            .return_values(returning)
            .send()
            .await;
        match result {
            Ok(output) => Ok(Ok(output.attributes)),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(Err(ConditionFailed))
            }
            Err(err) => Err(Rejected {
                validation: err.code() == Some("ValidationException"),
                error: self.error("UpdateItem", err),
            }),
        }
    }

    /// Adds the write's facts; creates the `recording` map first when the item lacks it.
    async fn add_facts(&self, delta: &WriteDelta) -> Result<Option<StoredItem>, StoreError> {
        let facts =
            update::facts(delta, self.retention).map_err(|r| self.malformed(&delta.call_id, r))?;
        let first = self
            .send(&delta.call_id, facts.clone(), ReturnValue::AllNew)
            .await;
        let outcome = match first {
            Err(Rejected {
                validation: true, ..
            }) if !delta.recording_changes.is_empty() => {
                // Changes arrived before any other write of the call: `recording.changes` has no
                // parent map yet. Create it (harmless if a concurrent write just did) and retry.
                let parent = update::recording_parent()
                    .map_err(|reason| self.malformed(&delta.call_id, reason))?;
                self.send(&delta.call_id, parent, ReturnValue::None)
                    .await
                    .map_err(|rejected| rejected.error)?
                    .ok();
                self.send(&delta.call_id, facts, ReturnValue::AllNew)
                    .await
                    .map_err(|rejected| rejected.error)?
            }
            other => other.map_err(|rejected| rejected.error)?,
        };
        match outcome {
            Ok(attributes) => {
                let item = attributes.unwrap_or_default();
                from_item(&item)
                    .map(Some)
                    .map_err(|reason| self.malformed(&delta.call_id, reason))
            }
            Err(ConditionFailed) => Ok(None),
        }
    }

    /// Writes the derived attributes the item's facts call for, if they differ from the stored ones.
    async fn settle(&self, stored: StoredItem) -> Result<(), StoreError> {
        let mut settled = stored.record.clone();
        settled.derive(self.retention);
        let call_id = &stored.record.call_id;
        let Some(derived) = update::derived(&stored.record, &settled, stored.applied)
            .map_err(|reason| self.malformed(call_id, reason))?
        else {
            return Ok(());
        };
        // A failed condition means a later write landed; it settles the item from its own snapshot.
        self.send(call_id, derived, ReturnValue::None)
            .await
            .map_err(|rejected| rejected.error)?
            .ok();
        Ok(())
    }

    /// One cheap read of a key no call has, so that the connection (TCP, TLS) and the credentials
    /// are ready before the first write; GetItem is a permission the handler has anyway.
    pub async fn warm_up(&self) -> Result<(), StoreError> {
        self.client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(WARM_UP_KEY)))
            .projection_expression("#key")
            .expression_attribute_names("#key", KEY)
            .send()
            .await
            .map(|_| ())
            .map_err(|err| self.error("GetItem", err))
    }

    async fn read(&self, call_id: &str) -> Result<Option<StoredItem>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(Self::key(call_id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|err| self.error("GetItem", err))?;
        output
            .item
            .map(|item| from_item(&item).map_err(|reason| self.malformed(call_id, reason)))
            .transpose()
    }
}

/// The update's condition did not hold.
struct ConditionFailed;

/// DynamoDB refused the request for another reason.
struct Rejected {
    /// A `ValidationException`: the request does not fit the item (e.g. a missing parent map).
    validation: bool,
    error: StoreError,
}

impl CallRecordStore for DynamoStore {
    async fn apply(&self, write: &RecordWrite, now: Timestamp) -> Result<Applied, StoreError> {
        if write.effects.is_empty() {
            return Ok(Applied::Empty);
        }
        let delta = WriteDelta::new(write, now);
        match self.add_facts(&delta).await? {
            Some(item) => {
                self.settle(item).await?;
                Ok(Applied::Written)
            }
            None => {
                if let Some(item) = self.read(&delta.call_id).await? {
                    self.settle(item).await?;
                }
                Ok(Applied::Duplicate)
            }
        }
    }

    async fn get(&self, call_id: &str) -> Result<Option<CallRecord>, StoreError> {
        Ok(self.read(call_id).await?.map(|item| item.record))
    }

    /// Scans the whole table and sorts here: the table has no index by time, and listing is an
    /// operator's command, not part of a call.
    async fn list(&self, limit: usize) -> Result<Vec<CallRecord>, StoreError> {
        let mut pages = self
            .client
            .scan()
            .table_name(&self.table)
            .into_paginator()
            .items()
            .send();
        let mut records = Vec::new();
        while let Some(item) = pages.next().await {
            let item = item.map_err(|err| self.error("Scan", err))?;
            let call_id = match item.get(KEY) {
                Some(AttributeValue::S(id)) => id.clone(),
                _ => String::new(),
            };
            let stored = from_item(&item).map_err(|reason| self.malformed(&call_id, reason))?;
            records.push(stored.record);
        }
        records.sort_by(|a, b| {
            b.sort_time()
                .cmp(&a.sort_time())
                .then_with(|| a.call_id.cmp(&b.call_id))
        });
        records.truncate(limit);
        Ok(records)
    }
}

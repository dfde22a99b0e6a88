//! Lambda mode: the runtime API loop. The payload is taken as raw JSON so that the runtime's own
//! deserialisation can never turn an event into a Lambda error (the SMA would hang up); our decoder
//! answers anything.
//!
//! Answer first, write after: the handler only stages a turn's call-record write; once the runtime
//! has posted the answer, the write goes to the writer task ([`WriteBehind`]), and the internal
//! extension ([`extension`]) keeps the environment running until it is done. The DynamoDB
//! connection is opened by the writer during init, off the answer path. When the environment ends
//! (`SIGTERM`, or a `SHUTDOWN` event), writes still pending get the shutdown budget, then are logged
//! as replayable lines.

pub mod extension;

use crate::app::App;
use crate::store::{Timestamp, WriteBehind};
use extension::{Extension, NextEvent};
use lambda_runtime::tower::{Layer, Service};
use lambda_runtime::{Error, LambdaEvent, LambdaInvocation, Runtime, layers, service_fn};
use serde_json::value::RawValue;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

/// Of the 500 ms Lambda gives a runtime with an internal extension to shut down, what the pending
/// writes may take; the rest is for logging what is left and exiting.
pub const SHUTDOWN_BUDGET: Duration = Duration::from_millis(400);

pub async fn run(mut app: App) -> Result<(), Error> {
    let behind = app
        .records
        .take()
        .map(|records| WriteBehind::start(records, true));
    // The function's state lives as long as the process; leaking it gives the per-invocation
    // futures the `'static` lifetime the runtime's layers ask for.
    let app: &'static App = Box::leak(Box::new(app));
    let held = match &behind {
        Some(behind) => hold_environment(behind).await,
        None => false,
    };
    let staging = behind.clone();
    let handler = service_fn(move |event: LambdaEvent<Box<RawValue>>| {
        let staging = staging.clone();
        async move {
            let answer = app.answer_bytes(event.payload.get().as_bytes());
            if let (Some(behind), Some(write)) = (&staging, app.record_write(&answer)) {
                behind.stage(write, Timestamp::from_system_time(SystemTime::now()));
            }
            Ok::<_, Error>(answer.turn.response)
        }
    });
    Runtime::new(handler)
        .layer(layers::TracingLayer::new())
        .layer(AnswerFirst {
            behind,
            wait_after_answer: !held,
        })
        .run()
        .await
}

/// Registers the extension and starts its loop, and the shutdown handler; true when the extension
/// holds the environment after each answer.
async fn hold_environment(behind: &WriteBehind) -> bool {
    #[cfg(unix)]
    on_sigterm(behind.clone());
    let Some(endpoint) = std::env::var("AWS_LAMBDA_RUNTIME_API").ok() else {
        return false;
    };
    match Extension::register(&endpoint).await {
        Ok(extension) => {
            tokio::spawn(extension_loop(extension, behind.clone()));
            true
        }
        Err(err) => {
            // Without the extension the runtime itself waits for the writes after each answer.
            tracing::warn!(error = %err, "no internal extension: call records are written before the next invocation is taken");
            false
        }
    }
}

/// For each invocation, asks for the next event only once its answer is posted and its writes
/// are done.
async fn extension_loop(extension: Extension, behind: WriteBehind) {
    let mut invocations = 0;
    loop {
        match extension.next().await {
            Ok(NextEvent::Invoke { .. }) => {
                invocations += 1;
                behind.settled(invocations).await;
            }
            Ok(NextEvent::Shutdown { reason, .. }) => {
                shut_down(&behind, &reason).await;
            }
            Err(err) => {
                tracing::error!(error = %err, "the call-record extension stopped");
                return;
            }
        }
    }
}

#[cfg(unix)]
fn on_sigterm(behind: WriteBehind) {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::spawn(async move {
                if terminate.recv().await.is_some() {
                    shut_down(&behind, "SIGTERM").await;
                }
            });
        }
        Err(err) => tracing::warn!(error = %err, "cannot watch for SIGTERM"),
    }
}

/// Gives the pending writes the shutdown budget, logs the rest, and ends the process.
async fn shut_down(behind: &WriteBehind, reason: &str) -> ! {
    let logged = behind.shutdown(SHUTDOWN_BUDGET).await;
    tracing::info!(
        reason,
        unwritten = logged,
        "shutting down; unwritten call records are logged for `handler records import`"
    );
    std::process::exit(0)
}

/// The outermost layer: it sees every invocation, and its future ends once the runtime has posted
/// the answer (or the error). That is when the invocation's staged writes are released.
#[derive(Clone)]
struct AnswerFirst {
    behind: Option<WriteBehind>,
    /// No extension: keep the runtime from taking the next invocation until the writes are done.
    wait_after_answer: bool,
}

impl<S> Layer<S> for AnswerFirst {
    type Service = AnswerFirstService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AnswerFirstService {
            inner,
            layer: self.clone(),
        }
    }
}

struct AnswerFirstService<S> {
    inner: S,
    layer: AnswerFirst,
}

impl<S> Service<LambdaInvocation> for AnswerFirstService<S>
where
    S: Service<LambdaInvocation, Response = (), Error = Error>,
    S::Future: Send + 'static,
{
    type Response = ();
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, invocation: LambdaInvocation) -> Self::Future {
        let answering = self.inner.call(invocation);
        let layer = self.layer.clone();
        Box::pin(async move {
            let posted = answering.await;
            if let Some(behind) = &layer.behind {
                let invocations = behind.answered();
                if layer.wait_after_answer {
                    behind.settled(invocations).await;
                }
            }
            posted
        })
    }
}

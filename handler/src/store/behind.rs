//! Writes behind the answer: the queue between a turn's `RecordWrite` and its store.
//!
//! The answer never waits for the database. In Lambda the handler stages each turn's write; once the
//! runtime has posted the answer, [`WriteBehind::answered`] hands the staged writes to one writer task,
//! and the internal extension holds the environment (it does not ask for its next event) until
//! [`WriteBehind::settled`] says every write of the answered invocations is done. Locally, `invoke`
//! and `replay` [`push`](WriteBehind::push) writes as they answer and [`drain`](WriteBehind::drain)
//! before exit, so the embedded store takes them in batches, one transaction each.
//!
//! One writer applies the writes in the order they were answered, so the writes of one call stay in
//! order. A write that its store does not take is logged as the replayable line
//! ([`super::deadline`]); [`WriteBehind::shutdown`] logs whatever is still queued when time is up.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use interpreter::effect::RecordWrite;
use tokio::sync::watch;

use super::deadline::log_unwritten;
use super::timestamp::Timestamp;
use super::{AnyStore, CallRecords};

/// Most writes one batch takes; also how far `push` lets the answers run ahead of the store.
pub const BATCH_MAX: usize = 512;

/// A write waiting for its store, with the handler's clock when its answer was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingWrite {
    pub write: RecordWrite,
    pub now: Timestamp,
}

/// What the writer has done so far; watched by the extension, the shutdown and the local commands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Progress {
    /// Invocations whose answer has been posted.
    answered: u64,
    /// Writes handed to the writer and not yet done (queued or being written).
    unfinished: usize,
    /// Of those, the ones the writer has not taken yet.
    waiting: usize,
}

#[derive(Default)]
struct Queue {
    /// Writes of the invocation being answered; released by `answered`.
    staged: Vec<PendingWrite>,
    waiting: VecDeque<PendingWrite>,
    /// The batch being written; kept here so that a shutdown can log it.
    in_flight: Option<Arc<Vec<PendingWrite>>>,
}

impl Queue {
    fn progress(&self, answered: u64) -> Progress {
        let in_flight = self.in_flight.as_ref().map_or(0, |batch| batch.len());
        Progress {
            answered,
            unfinished: self.waiting.len() + in_flight,
            waiting: self.waiting.len(),
        }
    }
}

struct Shared {
    records: CallRecords<AnyStore>,
    queue: Mutex<Queue>,
    progress: watch::Sender<Progress>,
}

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        // Nothing panics while holding the lock; a poisoned queue is still a consistent queue.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes the queue's counts; `answered` grows by `newly_answered`.
    fn publish(&self, queue: &Queue, newly_answered: u64) -> u64 {
        let mut answered = 0;
        self.progress.send_modify(|progress| {
            answered = progress.answered + newly_answered;
            *progress = queue.progress(answered);
        });
        answered
    }
}

/// The queue and its writer task. Cloning shares them.
#[derive(Clone)]
pub struct WriteBehind {
    shared: Arc<Shared>,
}

impl WriteBehind {
    /// Starts the writer task on the current tokio runtime. With `warm_up`, its first job opens the
    /// store's connection (the TLS handshake of a cold start), off the answer path.
    pub fn start(records: CallRecords<AnyStore>, warm_up: bool) -> Self {
        let shared = Arc::new(Shared {
            records,
            queue: Mutex::new(Queue::default()),
            progress: watch::Sender::new(Progress::default()),
        });
        tokio::spawn(write_all(Arc::clone(&shared), warm_up));
        Self { shared }
    }

    /// Keeps `write` until the answer of the current invocation has been posted.
    pub fn stage(&self, write: RecordWrite, now: Timestamp) {
        self.shared.queue().staged.push(PendingWrite { write, now });
    }

    /// The current invocation's answer is posted: its staged writes go to the writer. Returns how
    /// many invocations have been answered.
    pub fn answered(&self) -> u64 {
        let mut queue = self.shared.queue();
        let staged = std::mem::take(&mut queue.staged);
        queue.waiting.extend(staged);
        self.shared.publish(&queue, 1)
    }

    /// Queues `write` now; waits while a whole batch is already waiting, so that a long stream
    /// does not pile up in memory.
    pub async fn push(&self, write: RecordWrite, now: Timestamp) {
        {
            let mut queue = self.shared.queue();
            queue.waiting.push_back(PendingWrite { write, now });
            self.shared.publish(&queue, 0);
        }
        self.wait_for(|p| p.waiting < BATCH_MAX).await;
    }

    /// Waits until `invocations` answers are posted and every write handed over so far is done.
    pub async fn settled(&self, invocations: u64) {
        self.wait_for(|p| p.answered >= invocations && p.unfinished == 0)
            .await;
    }

    /// Waits until every write handed over so far is done (each is bounded by the store's deadline).
    pub async fn drain(&self) {
        self.wait_for(|p| p.unfinished == 0).await;
    }

    /// The environment is going away: waits up to `budget` for the writes in hand, then logs every
    /// write still unfinished as a replayable line. Returns how many were logged.
    pub async fn shutdown(&self, budget: Duration) -> usize {
        if tokio::time::timeout(budget, self.drain()).await.is_ok()
            && self.shared.queue().staged.is_empty()
        {
            return 0;
        }
        let queue = self.shared.queue();
        let left: Vec<&PendingWrite> = queue
            .in_flight
            .iter()
            .flat_map(|batch| batch.iter())
            .chain(queue.waiting.iter())
            .chain(queue.staged.iter())
            .collect();
        let reason = format!(
            "the environment shut down before the store took the write ({} ms budget)",
            budget.as_millis()
        );
        for pending in &left {
            log_unwritten(&pending.write, pending.now, &reason);
        }
        left.len()
    }

    async fn wait_for(&self, done: impl FnMut(&Progress) -> bool) {
        let mut progress = self.shared.progress.subscribe();
        // The sender lives as long as `self`, so the wait cannot fail.
        let _ = progress.wait_for(done).await;
    }
}

/// The writer: takes whatever is waiting (up to a batch) and writes it, in order, for ever.
async fn write_all(shared: Arc<Shared>, warm_up: bool) {
    if warm_up {
        shared.records.warm_up().await;
    }
    let mut progress = shared.progress.subscribe();
    loop {
        if progress.wait_for(|p| p.waiting > 0).await.is_err() {
            return;
        }
        let batch = {
            let mut queue = shared.queue();
            let take = queue.waiting.len().min(BATCH_MAX);
            let batch: Arc<Vec<PendingWrite>> = Arc::new(queue.waiting.drain(..take).collect());
            queue.in_flight = Some(Arc::clone(&batch));
            shared.publish(&queue, 0);
            batch
        };
        shared.records.write_batch(&batch).await;
        let mut queue = shared.queue();
        queue.in_flight = None;
        shared.publish(&queue, 0);
    }
}

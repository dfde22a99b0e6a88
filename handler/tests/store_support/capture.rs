//! Captures what the code under test logs, in the JSON format the handler logs in.

#![allow(dead_code, reason = "each test crate uses a part of the support")]

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing::Dispatch;

/// Log output collected from a subscriber made by [`Captured::dispatch`].
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// A JSON-lines subscriber writing here; attach it to a future with `WithSubscriber`.
    pub fn dispatch(&self) -> Dispatch {
        let buffer = Arc::clone(&self.0);
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(move || Sink(Arc::clone(&buffer)))
            .finish();
        Dispatch::new(subscriber)
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    pub fn lines(&self) -> Vec<String> {
        self.text().lines().map(str::to_owned).collect()
    }
}

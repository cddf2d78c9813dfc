//! The publishing side of the work queue: `vigie ingest --queue` and
//! `vigie watch --queue` put documents, as read, on the queue for `vigie
//! worker` instead of analysing them. Also the runtime the queue's async
//! client runs on, for the worker too.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vigie_doc::Doc;
use vigie_queue::{Publisher, Queue, QueueConfig};
use vigie_read::Item;
use vigie_store::Store;
use vigie_watch::{Sink, SinkError};

/// The runtime the queue client runs on. Its own thread keeps the
/// connection alive (pings, acks in flight) while this thread analyses.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("starting the queue client's runtime")
}

/// Connects to the queue and sets its streams up.
pub fn connect(rt: &tokio::runtime::Runtime, servers: &str, cfg: QueueConfig) -> Result<Queue> {
    rt.block_on(Queue::connect(servers, cfg))
        .with_context(|| format!("opening the work queue {servers}"))
}

/// `vigie ingest --queue`: every document of `items` published, none
/// analysed. The exit code says whether every input was read and queued.
pub fn publish(
    servers: &str,
    replicas: usize,
    items: impl Iterator<Item = Item>,
    quiet: bool,
) -> Result<ExitCode> {
    let rt = runtime()?;
    let cfg = QueueConfig {
        replicas,
        ..QueueConfig::default()
    };
    let queue = connect(&rt, servers, cfg)?;
    let mut publisher = queue.publisher();
    let progress = progress(quiet);
    let started = Instant::now();
    let mut unreadable = 0usize;
    for item in items {
        match item {
            Item::Doc(doc) => match rt.block_on(publisher.send(&doc)) {
                Ok(()) => progress.inc(1),
                Err(e @ vigie_queue::Error::TooLarge { .. }) => {
                    unreadable += 1;
                    progress.suspend(|| eprintln!("vigie: {}: not queued: {e}", name(&doc)));
                }
                Err(e) => return Err(e).context("publishing to the work queue"),
            },
            Item::Failed(rec) => {
                unreadable += 1;
                progress.suspend(|| {
                    eprintln!(
                        "vigie: {}: {}",
                        rec.source.path.as_deref().unwrap_or("?"),
                        rec.error
                    )
                });
            }
            Item::Note(note) => {
                progress.suspend(|| eprintln!("vigie: {}: {}", note.path, note.message));
            }
        }
    }
    let report = rt
        .block_on(publisher.finish())
        .context("publishing to the work queue")?;
    progress.finish_and_clear();
    if !quiet {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "vigie: {} published, {} already queued, {unreadable} unreadable, in {secs:.2} s ({:.0} documents/s) to {servers}",
            report.published,
            report.duplicates,
            (report.published + report.duplicates) as f64 / secs
        );
    }
    Ok(if unreadable > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn name(doc: &Doc) -> &str {
    doc.source
        .path
        .as_deref()
        .or(doc.source.url.as_deref())
        .unwrap_or("?")
}

fn progress(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} documents queued ({per_sec})")
    {
        bar.set_style(style);
    }
    bar
}

/// `vigie watch --queue`: fetched pages go to the queue; the watcher keeps
/// its state in its store as without the queue.
pub struct QueueSink {
    rt: tokio::runtime::Runtime,
    publisher: Publisher,
}

impl QueueSink {
    /// Connects to the queue at `servers`.
    pub fn new(servers: &str, replicas: usize) -> Result<QueueSink> {
        let rt = runtime()?;
        let cfg = QueueConfig {
            replicas,
            ..QueueConfig::default()
        };
        let publisher = connect(&rt, servers, cfg)?.publisher();
        Ok(QueueSink { rt, publisher })
    }
}

impl Sink for QueueSink {
    /// Publishes the pages and waits for the server's acks; returns how
    /// many were new to the queue. A page too large for a message is
    /// reported and left out: it was fetched, it cannot be queued.
    fn store(&mut self, _state: &mut Store, docs: Vec<Doc>) -> Result<usize, SinkError> {
        let before = self.rt.block_on(self.publisher.finish())?.published;
        for doc in &docs {
            match self.rt.block_on(self.publisher.send(doc)) {
                Ok(()) => {}
                Err(e @ vigie_queue::Error::TooLarge { .. }) => {
                    eprintln!("vigie: {}: not queued: {e}", name(doc));
                }
                Err(e) => return Err(e.into()),
            }
        }
        let after = self.rt.block_on(self.publisher.finish())?.published;
        Ok(after - before)
    }
}

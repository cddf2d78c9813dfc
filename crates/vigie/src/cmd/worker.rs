//! `vigie worker`: documents from the work queue, analysed and stored.
//!
//! Pulls a batch, analyses it with the function `ingest` uses
//! ([`super::run::analyse`], across all cores), commits it to the store, and
//! acks its messages only after the commit, so a worker killed at any point
//! loses nothing: what it had not committed is delivered again, what it had
//! committed but not acked is delivered again and skipped by the store,
//! which holds the publication already. The queue is async (async-nats);
//! analysis and the store are not, so the loop runs on this thread and
//! enters the runtime only to talk to the queue.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;
use vigie_pipeline::Pipeline;
use vigie_queue::{Consumer, Delivery, Queue, QueueConfig, Settled, Ticket};
use vigie_read::Item;
use vigie_store::BatchReport;

use super::ingest::Totals;
use super::run::{Outcome, analyse};
use crate::config;
use crate::flags::WorkerArgs;

/// How long one pull waits for messages: also how soon a stop is noticed
/// on an idle queue.
const PULL_WAIT: Duration = Duration::from_secs(1);
/// The longest pause after a batch of which nothing could be committed.
const MAX_PAUSE: Duration = Duration::from_secs(30);
/// Time between two progress lines.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);

/// Runs the subcommand.
pub fn run(args: WorkerArgs) -> Result<ExitCode> {
    config::threads(args.threads)?;
    let mut sink = super::db::open_writer(std::path::Path::new(&args.db))?;
    let pipeline = config::pipeline(config::knowledge_base(&args.kb_files)?)?;
    let stop = stop_flag()?;
    let rt = super::queue::runtime()?;
    let cfg = QueueConfig {
        replicas: args.replicas,
        ack_wait: args.ack_wait,
        max_deliver: args.max_deliver.max(1),
        ..QueueConfig::default()
    };
    let queue = super::queue::connect(&rt, &args.queue, cfg)?;
    let consumer = rt
        .block_on(queue.consumer())
        .context("joining the workers' consumer")?;
    if !args.quiet {
        eprintln!(
            "vigie: worker on {} into {}{}",
            args.queue,
            super::db::shown(std::path::Path::new(&args.db)),
            if args.drain {
                "; stops when the queue is empty"
            } else {
                "; Ctrl-C stops"
            }
        );
    }
    let mut w = Work {
        rt: &rt,
        queue: &queue,
        consumer: &consumer,
        pipeline: &pipeline,
        sink: sink.as_mut(),
        counts: Counts::default(),
    };
    let started = Instant::now();
    let mut last_progress = Instant::now();
    let mut pause = Duration::ZERO;
    while !stop.load(Ordering::Relaxed) {
        let wait = match w.step(args.batch.max(1), args.drain) {
            Ok(Step::Drained) => break,
            Ok(Step::Idle) => None,
            Ok(Step::Committed) => {
                pause = Duration::ZERO;
                None
            }
            // The store, not the documents, is likely failing: pulling on
            // would only spend more messages' deliveries.
            Ok(Step::Stalled) => Some("nothing could be committed".to_owned()),
            // The queue failed (a leader moving, a server restarting):
            // what was not acked is delivered again, so wait and go on.
            Err(e) => Some(format!("{e:#}")),
        };
        if let Some(why) = wait {
            pause = (pause * 2).clamp(Duration::from_secs(1), MAX_PAUSE);
            eprintln!(
                "vigie: worker: {why}; trying again in {} s",
                pause.as_secs()
            );
            sleep_unless(&stop, pause);
        }
        if !args.quiet && last_progress.elapsed() >= PROGRESS_EVERY {
            last_progress = Instant::now();
            eprintln!("vigie: worker: {}", w.counts.line(started));
        }
    }
    let counts = w.counts;
    drop(sink);
    if !args.quiet {
        eprintln!("vigie: worker stopped: {}", counts.line(started));
    }
    Ok(if counts.dead > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Ctrl-C and SIGTERM: the first finishes the batch in hand and stops, the
/// second stops at once (the batch, not acked, is delivered again).
fn stop_flag() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let signals = AtomicUsize::new(0);
    let flag = stop.clone();
    ctrlc::set_handler(move || {
        if signals.fetch_add(1, Ordering::Relaxed) > 0 {
            std::process::exit(130);
        }
        flag.store(true, Ordering::Relaxed);
    })
    .context("installing the Ctrl-C/SIGTERM handler")?;
    Ok(stop)
}

/// Sleeps `d`, or less if a stop is asked.
fn sleep_unless(stop: &AtomicBool, d: Duration) {
    let until = Instant::now() + d;
    while !stop.load(Ordering::Relaxed) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// What a worker did.
#[derive(Default)]
struct Counts {
    /// Stored documents, as `ingest` counts them.
    totals: Totals,
    /// Messages delivered again later because their commit failed.
    retried: usize,
    /// Messages sent to the dead-letter subject.
    dead: usize,
}

impl Counts {
    fn line(&self, started: Instant) -> String {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        format!(
            "{}, {} to retry, {} dead-lettered, in {secs:.1} s ({:.1} documents/s)",
            self.totals.counts(),
            self.retried,
            self.dead,
            self.totals.stored.added as f64 / secs
        )
    }
}

/// One worker's loop state.
struct Work<'a> {
    rt: &'a tokio::runtime::Runtime,
    queue: &'a Queue,
    consumer: &'a Consumer,
    pipeline: &'a Pipeline,
    sink: &'a mut dyn super::db::Writer,
    counts: Counts,
}

/// What one pull came to.
enum Step {
    /// The queue is empty and nothing is out with a worker (`--drain`).
    Drained,
    /// Nothing came within the wait.
    Idle,
    /// Documents were committed.
    Committed,
    /// Documents came and none could be committed.
    Stalled,
}

impl Work<'_> {
    /// Pulls one batch and handles it.
    fn step(&mut self, batch: usize, drain: bool) -> Result<Step> {
        let fetched = self
            .rt
            .block_on(self.consumer.fetch(batch, PULL_WAIT))
            .context("pulling from the queue")?;
        self.counts.dead += fetched.dead;
        if fetched.deliveries.is_empty() {
            let drained = drain
                && self
                    .rt
                    .block_on(self.consumer.idle())
                    .context("reading the queue")?;
            return Ok(if drained { Step::Drained } else { Step::Idle });
        }
        Ok(if self.batch(fetched.deliveries)? {
            Step::Committed
        } else {
            Step::Stalled
        })
    }

    /// Analyses and commits one batch, then settles its messages: all
    /// acked when the commit succeeds; otherwise each document is committed
    /// alone, so one that the store refuses does not hold back the others.
    /// False when nothing could be committed.
    fn batch(&mut self, deliveries: Vec<Delivery>) -> Result<bool> {
        let analysed: Vec<(Outcome, Ticket)> = deliveries
            .into_par_iter()
            .map(|d| (analyse(Item::Doc(Box::new(d.doc)), self.pipeline), d.ticket))
            .collect();
        let mut docs = Vec::with_capacity(analysed.len());
        let mut tickets = Vec::with_capacity(analysed.len());
        for (outcome, ticket) in analysed {
            match outcome {
                Outcome::Done(doc, _) => {
                    if !doc.warnings.is_empty() {
                        self.counts.totals.degraded += 1;
                        super::extract::warn_degraded(&doc);
                    }
                    docs.push(*doc);
                    tickets.push(ticket);
                }
                // A delivered document is always read: `analyse` only
                // passes on what a reader failed on.
                Outcome::Failed(rec) => self.settle(ticket, &rec.error)?,
                Outcome::Note(note) => self.settle(ticket, &note)?,
            }
        }
        // A batch of one is committed alone below, with its own error.
        let whole = match docs.len() {
            0 | 1 => None,
            n => match self.sink.add_batch(docs.clone()) {
                Ok(report) => Some(report),
                Err(e) => {
                    eprintln!("vigie: worker: {e:#}; committing the {n} documents one by one");
                    None
                }
            },
        };
        let mut committed = false;
        if let Some(report) = whole {
            self.add(report);
            committed = true;
            for ticket in tickets {
                self.ack(ticket)?;
            }
        } else {
            for (doc, ticket) in docs.into_iter().zip(tickets) {
                match self.sink.add_batch(vec![doc]) {
                    Ok(report) => {
                        self.add(report);
                        committed = true;
                        self.ack(ticket)?;
                    }
                    Err(e) => self.settle(ticket, &format!("{e:#}"))?,
                }
            }
        }
        // Acks are sent without waiting for an answer: make sure they left
        // before pulling more (a lost ack only means a redelivery, which
        // the store skips).
        self.rt.block_on(self.queue.flush()).context("acking")?;
        Ok(committed)
    }

    fn ack(&self, ticket: Ticket) -> Result<()> {
        self.rt
            .block_on(self.consumer.ack(ticket))
            .context("acking a message")
    }

    fn add(&mut self, report: BatchReport) {
        let stored = &mut self.counts.totals.stored;
        stored.added += report.added;
        stored.existing += report.existing;
        stored.duplicates += report.duplicates;
        stored.copies += report.copies;
    }

    /// A message that could not be committed: retried later, or dead.
    fn settle(&mut self, ticket: Ticket, error: &str) -> Result<()> {
        eprintln!("vigie: worker: {error}");
        match self
            .rt
            .block_on(self.consumer.retry_or_dead(ticket, error))
            .context("settling a failed message")?
        {
            Settled::Retried => self.counts.retried += 1,
            Settled::Dead => self.counts.dead += 1,
        }
        Ok(())
    }
}

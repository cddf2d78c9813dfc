//! `vigie watch`: follow sources, fetch new articles, analyse and store them
//! (or, with `--queue`, publish them for `vigie worker`).
//!
//! The fetching, politeness and bookkeeping are `vigie-watch`'s; this
//! module wires its [`Sink`] to the same pipeline and store batches as
//! `vigie ingest` ([`super::ingest::ingest`]), and turns Ctrl-C and SIGTERM
//! into a clean stop: the article being fetched is finished, what was
//! fetched is stored, and the state is saved.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use vigie_doc::Doc;
use vigie_pipeline::Pipeline;
use vigie_read::Item;
use vigie_store::{Reader, Store};
use vigie_watch::{FetchConfig, RoundReport, Sink, SinkError, WatchConfig, Watcher};

use crate::config;
use crate::flags::WatchArgs;

/// Runs the subcommand.
pub fn run(args: WatchArgs) -> Result<ExitCode> {
    if args.status {
        let reader = Reader::open(&args.db)
            .with_context(|| format!("opening the store {}", args.db.display()))?;
        print!(
            "{}",
            vigie_watch::status::render(&reader.sources().context("reading the sources")?)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = &args.sources else {
        bail!("give a SOURCES file (see `vigie watch --help`)");
    };
    let sources = vigie_watch::read_sources(path)
        .with_context(|| format!("reading the sources file {}", path.display()))?;
    if sources.is_empty() {
        bail!("{} lists no source", path.display());
    }
    // With a queue the workers analyse: no pipeline to build here.
    let sink = match &args.queue {
        Some(servers) => WatchSink::Queue(Box::new(super::queue::QueueSink::new(
            servers,
            args.replicas,
        )?)),
        None => WatchSink::Pipeline(PipelineSink {
            pipeline: config::pipeline(config::knowledge_base(&args.kb_files)?)?,
        }),
    };
    let store = super::ingest::open(&args.db)?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed))
        .context("installing the Ctrl-C/SIGTERM handler")?;

    let mut fetch = FetchConfig::new(vigie_watch::user_agent(args.contact.as_deref()));
    fetch.delay = args.delay;
    fetch.timeout = args.timeout;
    fetch.max_bytes = args.max_mb.saturating_mul(1024 * 1024);
    let mut cfg = WatchConfig::new(fetch);
    cfg.every = args.every;
    let mut watcher = Watcher::new(store, sink, cfg);
    if !args.quiet {
        eprintln!(
            "vigie: watching {} source(s) into {}{}",
            sources.len(),
            args.db.display(),
            if args.once { "" } else { "; Ctrl-C stops" }
        );
    }
    let quiet = args.quiet;
    if args.once {
        let report = watcher.poll(&sources, true, &stop)?;
        print_round(&report, quiet);
        let failed = report.failed_sources > 0 || report.failed > 0;
        return Ok(if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    watcher.run(&sources, &stop, |r| print_round(r, quiet))?;
    if !quiet {
        eprintln!("vigie: stopped; the next run resumes where this one ended");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_round(r: &RoundReport, quiet: bool) {
    for m in &r.messages {
        eprintln!("vigie: {m}");
    }
    if quiet {
        return;
    }
    eprintln!(
        "vigie: polled {} source(s) ({} failed): {} new article(s) listed, {} fetched, {} added, {} failed, {} left for later",
        r.sources, r.failed_sources, r.listed, r.fetched, r.added, r.failed, r.deferred
    );
}

/// Where fetched articles go: analysed here, or published for workers.
enum WatchSink {
    Pipeline(PipelineSink),
    Queue(Box<super::queue::QueueSink>),
}

impl Sink for WatchSink {
    fn store(&mut self, store: &mut Store, docs: Vec<Doc>) -> Result<usize, SinkError> {
        match self {
            WatchSink::Pipeline(s) => s.store(store, docs),
            WatchSink::Queue(s) => s.store(store, docs),
        }
    }
}

/// Fetched articles through the pipeline into the store, as `ingest` does.
struct PipelineSink {
    pipeline: Pipeline,
}

impl Sink for PipelineSink {
    fn store(&mut self, store: &mut Store, docs: Vec<Doc>) -> Result<usize, SinkError> {
        let n = docs.len();
        let items = docs.into_iter().map(|d| Item::Doc(Box::new(d)));
        let totals = super::ingest::ingest(store, &self.pipeline, items, n)?;
        Ok(totals.stored.added)
    }
}

//! `vigie extract`: documents in, records out.

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vigie_read::{Item, Limits};

use super::run::{Outcome, process, with_lang};
use crate::config;
use crate::flags::{ExtractArgs, OutputFormat};

/// Runs the subcommand; the exit code says whether every document was read.
pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    config::threads(args.threads)?;
    let kb = config::knowledge_base(&args.kb_files)?;
    let pipeline = config::pipeline(kb)?;

    let files = vigie_read::expand(&args.paths);
    let total_bytes: u64 = files
        .iter()
        .filter_map(|f| f.as_ref().ok())
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let limits = Limits::default();
    let items = files
        .into_iter()
        .flat_map(move |f| -> Box<dyn Iterator<Item = Item> + Send> {
            match f {
                Ok(path) if path.as_os_str() == "-" => vigie_read::open_stdin(limits),
                Ok(path) => vigie_read::open(&path, limits),
                Err(rec) => Box::new(std::iter::once(Item::Failed(rec))),
            }
        });

    let progress = progress_bar(args.quiet, total_bytes);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let started = Instant::now();
    let (mut docs, mut errors, mut bytes) = (0usize, 0usize, 0usize);
    // Records kept whole but for the facets of a stage that failed on them.
    let mut degraded = 0usize;
    let mut first = true;
    // Duplicates and stories within this batch of documents.
    let mut clusters = vigie_cluster::MemIndex::default();
    if args.format == OutputFormat::Json {
        out.write_all(b"[")?;
    }
    process(
        with_lang(items, args.lang),
        &pipeline,
        |outcome| -> Result<()> {
            let json = match outcome {
                Outcome::Done(mut doc, size) => {
                    docs += 1;
                    bytes += size;
                    if !doc.warnings.is_empty() {
                        degraded += 1;
                        progress.suspend(|| warn_degraded(&doc));
                    }
                    progress.inc(size as u64);
                    doc.cluster = Some(clusters.add(vigie_cluster::Profile::of(&doc)).cluster());
                    if !args.with_text {
                        doc.text = None;
                    }
                    serialize(&*doc, args.format)?
                }
                Outcome::Failed(rec) => {
                    errors += 1;
                    // println would be a no-op on a hidden bar (stderr not a terminal).
                    progress.suspend(|| {
                        eprintln!(
                            "vigie: {}: {}",
                            rec.source.path.as_deref().unwrap_or("?"),
                            rec.error
                        )
                    });
                    serialize(&rec, args.format)?
                }
                Outcome::Note(note) => {
                    if !args.quiet {
                        progress.println(format!("vigie: {note}"));
                    }
                    return Ok(());
                }
            };
            match args.format {
                OutputFormat::Jsonl => {
                    out.write_all(json.as_bytes())?;
                    out.write_all(b"\n")?;
                }
                OutputFormat::Json => {
                    out.write_all(if first { b"\n" } else { b",\n" })?;
                    out.write_all(json.as_bytes())?;
                }
            }
            first = false;
            Ok(())
        },
    )?;
    if args.format == OutputFormat::Json {
        out.write_all(b"\n]\n")?;
    }
    out.flush().context("writing records")?;
    progress.finish_and_clear();

    if !args.quiet {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let mb = bytes as f64 / 1e6;
        let degraded = match degraded {
            0 => String::new(),
            n => format!(" ({n} with a failed stage, see their `warnings`)"),
        };
        eprintln!(
            "vigie: {docs} document{} extracted{degraded}, {errors} error{}, {mb:.2} MB in {secs:.2} s ({:.2} MB/s)",
            if docs == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            mb / secs
        );
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One stderr line per failed stage of a kept record: the bug is reported
/// where the user sees it, and the record still goes to stdout.
pub fn warn_degraded(doc: &vigie_doc::Doc) {
    for warning in &doc.warnings {
        eprintln!(
            "vigie: {}: stage {} failed, its facet is left empty: {}",
            doc.source.path.as_deref().unwrap_or("?"),
            warning.stage,
            warning.error
        );
    }
}

fn serialize<T: serde::Serialize>(value: &T, format: OutputFormat) -> Result<String> {
    Ok(match format {
        OutputFormat::Jsonl => serde_json::to_string(value)?,
        OutputFormat::Json => serde_json::to_string_pretty(value)?,
    })
}

fn progress_bar(quiet: bool, total: u64) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

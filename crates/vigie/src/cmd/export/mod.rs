//! `vigie export`: a store's records, or an `extract` output's, on stdout, in
//! the CONTRACT shape, as GDELT 2.0 tables and PLOVER events, or as CSV
//! tables of events and quotes.

mod csv;
mod gdelt;
mod plover;

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use vigie_doc::Doc;
use vigie_store::Reader;

use crate::flags::{ExportArgs, ExportFormat};

/// Runs the subcommand.
pub fn run(args: ExportArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut sink = Sink::new(args.format)?;
    if args.format == ExportFormat::Json {
        out.write_all(b"[")?;
    }
    if let Some(columns) = gdelt::columns(args.format).filter(|_| args.header) {
        writeln!(out, "{}", columns.join("\t"))?;
    }
    match args.format {
        ExportFormat::CsvEvents => csv::header(&mut out, csv::EVENT_COLUMNS)?,
        ExportFormat::CsvQuotes => csv::header(&mut out, csv::QUOTE_COLUMNS)?,
        _ => {}
    }
    match &args.input {
        Some(path) => {
            let input: Box<dyn BufRead> = if path.as_os_str() == "-" {
                Box::new(BufReader::new(std::io::stdin().lock()))
            } else {
                let file = std::fs::File::open(path)
                    .with_context(|| format!("opening {}", path.display()))?;
                Box::new(BufReader::new(file))
            };
            for (n, line) in input.lines().enumerate() {
                let line = line.with_context(|| format!("reading {}", path.display()))?;
                if line.trim().is_empty() {
                    continue;
                }
                let mut record: serde_json::Value = serde_json::from_str(&line)
                    .with_context(|| format!("{}:{}: not a JSON record", path.display(), n + 1))?;
                // The JSON formats write the text only when asked, as from a store.
                let json = matches!(args.format, ExportFormat::Jsonl | ExportFormat::Json);
                if let Some(obj) = record.as_object_mut().filter(|_| json && !args.with_text) {
                    obj.remove("text");
                }
                sink.record(&mut out, record)
                    .with_context(|| format!("{}:{}", path.display(), n + 1))?;
            }
        }
        None => {
            let reader = crate::cmd::db::open_reader(&args.db)?;
            // GDELT's offsets count characters, which only the text gives.
            let with_text = args.with_text || sink.needs_text();
            reader.export(with_text, &mut |record| {
                sink.record(&mut out, record)
                    .map_err(|e| vigie_store::Error::Sink(e.into()))
            })?;
        }
    }
    if args.format == ExportFormat::Json {
        out.write_all(b"\n]\n")?;
    }
    out.flush().context("writing records")?;
    if sink.without_text > 0 && sink.needs_text() {
        eprintln!(
            "vigie export: {} records had no text: their character offsets and evidence \
             are empty (run `vigie extract --with-text`)",
            sink.without_text
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigie bench --export DIR`: every format of the store in `dir` written to
/// a sink that counts lines, timed; one human line per format on stderr and
/// one JSON line on stdout. Export runs on one thread, so rows per
/// CPU-second is what one idle core does, whatever the machine's load.
pub fn bench(dir: &std::path::Path) -> Result<ExitCode> {
    let reader =
        Reader::open(dir).with_context(|| format!("opening the store {}", dir.display()))?;
    let mut results = Vec::new();
    for format in [
        ExportFormat::Jsonl,
        ExportFormat::GdeltEvents,
        ExportFormat::GdeltMentions,
        ExportFormat::GdeltGkg,
        ExportFormat::Plover,
        ExportFormat::CsvEvents,
        ExportFormat::CsvQuotes,
    ] {
        let mut sink = Sink::new(format)?;
        let mut out = LineCounter::default();
        let cpu_before = super::bench::cpu_seconds();
        let started = std::time::Instant::now();
        let mut records = 0usize;
        reader.export(sink.needs_text(), &mut |record| {
            records += 1;
            sink.record(&mut out, record)
                .map_err(|e| vigie_store::Error::Sink(e.into()))
        })?;
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let cpu = super::bench::cpu_seconds()
            .zip(cpu_before)
            .map(|(after, before)| (after - before).max(1e-9));
        let per_cpu = cpu.map(|c| out.lines as f64 / c);
        let name = clap::ValueEnum::to_possible_value(&format)
            .map_or_else(|| format!("{format:?}"), |v| v.get_name().to_owned());
        eprintln!(
            "vigie bench --export {name}: {} rows ({:.0} MB) from {records} records in {secs:.1} s: \
             {:.0} rows/s, {} rows per CPU-second",
            out.lines,
            out.bytes as f64 / 1e6,
            out.lines as f64 / secs,
            per_cpu.map_or("unknown".to_owned(), |r| format!("{r:.0}")),
        );
        results.push(serde_json::json!({
            "format": name, "rows": out.lines, "bytes": out.bytes, "records": records,
            "seconds": secs, "rows_per_s": out.lines as f64 / secs,
            "cpu_seconds": cpu, "rows_per_cpu_s": per_cpu,
        }));
    }
    println!("{}", serde_json::Value::Array(results));
    Ok(ExitCode::SUCCESS)
}

/// A writer that keeps nothing and counts lines and bytes.
#[derive(Default)]
struct LineCounter {
    lines: usize,
    bytes: usize,
}

impl Write for LineCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lines += buf.iter().filter(|&&b| b == b'\n').count();
        self.bytes += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes records in one format, keeping what a format numbers across records.
struct Sink {
    format: ExportFormat,
    first: bool,
    gdelt: Option<gdelt::Writer>,
    plover: Option<plover::Writer>,
    without_text: usize,
}

impl Sink {
    fn new(format: ExportFormat) -> Result<Self> {
        Ok(Sink {
            format,
            first: true,
            gdelt: matches!(
                format,
                ExportFormat::GdeltEvents | ExportFormat::GdeltMentions | ExportFormat::GdeltGkg
            )
            .then(gdelt::Writer::new)
            .transpose()?,
            plover: (format == ExportFormat::Plover)
                .then(plover::Writer::new)
                .transpose()?,
            without_text: 0,
        })
    }

    /// GDELT's character offsets and the CSV's evidence are read from the text.
    fn needs_text(&self) -> bool {
        self.gdelt.is_some() || self.format == ExportFormat::CsvEvents
    }

    fn record(&mut self, out: &mut impl Write, record: serde_json::Value) -> Result<()> {
        match self.format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
            }
            ExportFormat::Json => {
                out.write_all(if self.first { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut *out, &record)?;
            }
            format => {
                // Error records (`{"source", "error"}`) describe no article.
                if record.get("error").is_some() || record.get("doc_id").is_none() {
                    return Ok(());
                }
                let doc: Doc = serde_json::from_value(record).context("not a Vigie record")?;
                if doc.text.is_none() {
                    self.without_text += 1;
                }
                match (format, &mut self.gdelt, &mut self.plover) {
                    (ExportFormat::GdeltEvents, Some(g), _) => g.events(out, &doc)?,
                    (ExportFormat::GdeltMentions, Some(g), _) => g.mentions(out, &doc)?,
                    (ExportFormat::GdeltGkg, Some(g), _) => g.gkg(out, &doc)?,
                    (ExportFormat::Plover, _, Some(p)) => p.events(out, &doc)?,
                    (ExportFormat::CsvEvents, ..) => csv::events(out, &doc)?,
                    (ExportFormat::CsvQuotes, ..) => csv::quotes(out, &doc)?,
                    _ => {}
                }
            }
        }
        self.first = false;
        Ok(())
    }
}

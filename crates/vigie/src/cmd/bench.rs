//! `vigie bench`: extraction throughput and peak memory on a generated corpus.
//!
//! The corpus is generated on the fly from the bundled sample articles
//! (`corpus/sample/`), each copy with its paragraphs rotated and its numbers
//! shifted so no two documents are equal, and streamed through the same batch
//! runner as `extract`. Nothing is kept after a batch, so peak memory should
//! not depend on `--mb`: run with two sizes to check.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use include_dir::{Dir, include_dir};
use vigie_doc::{Doc, Layout, Source};
use vigie_read::Item;

use super::run::{Outcome, process};
use crate::config;
use crate::flags::BenchArgs;

static SAMPLE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../corpus/sample");

/// News pages with their boilerplate, the WARC benchmark's payloads.
static PAGES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../vigie-read/tests/fixtures/html");

/// Runs the benchmark and prints one human line on stderr and one JSON line on stdout.
pub fn run(args: BenchArgs) -> Result<ExitCode> {
    if let Some(mb) = args.warc_mb {
        return run_warc(mb);
    }
    if let Some(dir) = &args.export {
        return super::export::bench(dir);
    }
    config::threads(args.threads)?;
    if let Some(n) = args.ingest {
        return super::ingest::bench(n, args.keep.as_deref());
    }
    let kb = config::knowledge_base(&[])?;
    let mut pipeline = match &args.until {
        Some(last) => config::pipeline_until(kb, last)?,
        None => config::pipeline(kb)?,
    };
    pipeline.measure_stages();
    let articles = templates(&args.from);
    if articles.is_empty() {
        bail!("no article to build the corpus from");
    }
    let target = args.mb * 1_000_000;
    let docs = Generator {
        articles,
        produced: 0,
        target,
        n: 0,
    };
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let (mut count, mut bytes, mut failed) = (0usize, 0usize, 0usize);
    process(docs, &pipeline, |o| -> Result<()> {
        match o {
            Outcome::Done(_, size) => {
                count += 1;
                bytes += size;
            }
            Outcome::Failed(_) => failed += 1,
            Outcome::Note(_) => {}
        }
        Ok(())
    })?;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let cpu = cpu_seconds().map(|c| c - cpu_before.unwrap_or(0.0));
    let threads = rayon::current_num_threads();
    let mbps = bytes as f64 / 1e6 / secs;
    let peak = peak_rss_mb();
    eprintln!(
        "vigie bench: {count} documents, {:.1} MB in {secs:.2} s: {mbps:.2} MB/s on {threads} thread(s) ({:.2} MB/s per thread), peak RSS {}",
        bytes as f64 / 1e6,
        mbps / threads as f64,
        peak.map_or("unknown".to_owned(), |p| format!("{p:.0} MB")),
    );
    let stages = pipeline.timings();
    let busy: f64 = stages.iter().map(|(_, t)| t).sum::<f64>().max(1e-9);
    let breakdown: Vec<String> = stages
        .iter()
        .map(|(n, t)| format!("{n} {:.0}%", 100.0 * t / busy))
        .collect();
    eprintln!("vigie bench: time per stage: {}", breakdown.join(", "));
    if let Some(cpu) = cpu {
        // Wall-clock MB/s depends on what else the machine runs; MB per
        // CPU-second does not, and is the per-core figure to compare.
        eprintln!(
            "vigie bench: {:.1} CPU-seconds: {:.2} MB per CPU-second",
            cpu,
            bytes as f64 / 1e6 / cpu.max(1e-9)
        );
    }
    let stage_seconds: serde_json::Map<String, serde_json::Value> = stages
        .iter()
        .map(|(n, t)| ((*n).to_owned(), serde_json::json!(t)))
        .collect();
    println!(
        "{}",
        serde_json::json!({"stage_seconds": stage_seconds, "cpu_seconds": cpu,"documents": count, "failed": failed, "bytes": bytes, "seconds": secs,
            "mb_per_s": mbps, "threads": threads, "mb_per_s_per_thread": mbps / threads as f64,
            "peak_rss_mb": peak})
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The raw texts copies are made of: the user's articles, or the bundled
/// sample's plain-text files.
fn templates(from: &[std::path::PathBuf]) -> Vec<String> {
    if from.is_empty() {
        return SAMPLE
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "txt"))
            .filter_map(|f| f.contents_utf8())
            .map(str::to_owned)
            .collect();
    }
    vigie_read::expand(from)
        .into_iter()
        .filter_map(Result::ok)
        .flat_map(|path| vigie_read::open(&path, vigie_read::Limits::default()))
        .filter_map(|item| match item {
            Item::Doc(doc) => Some(doc.layout.raw),
            Item::Failed(_) | Item::Note(_) => None,
        })
        .take(10_000)
        .collect()
}

/// Streams varied copies of the template articles until `target` bytes.
struct Generator {
    articles: Vec<String>,
    produced: usize,
    target: usize,
    n: usize,
}

impl Iterator for Generator {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.produced >= self.target {
            return None;
        }
        let article = &self.articles[self.n % self.articles.len()];
        let round = self.n / self.articles.len();
        let text = vary(article, round);
        self.produced += text.len();
        self.n += 1;
        let source = Source {
            path: Some(format!("bench/{}.txt", self.n)),
            ..Source::default()
        };
        Some(Item::Doc(Box::new(Doc {
            source,
            layout: Layout {
                raw: text,
                ..Layout::default()
            },
            ..Doc::default()
        })))
    }
}

/// Rotates the body paragraphs (the first line, with the date, stays first)
/// and shifts every digit by `round`, so copies differ but stay realistic.
fn vary(article: &str, round: usize) -> String {
    let mut paras: Vec<&str> = article.split("\n\n").collect();
    if paras.len() > 2 {
        let k = round % (paras.len() - 1);
        paras[1..].rotate_left(k);
    }
    let joined = paras.join("\n\n");
    if round == 0 {
        return joined;
    }
    joined
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if !joined.is_empty() => {
                char::from_digit((d + round as u32) % 10, 10).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// User plus system CPU time of this process, from /proc (Linux only).
/// /proc reports it in USER_HZ ticks, which Linux fixes at 100 per second.
pub(super) fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Peak resident memory of this process, from /proc (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Writes a `.warc.gz` of `mb` megabytes (uncompressed) to a temporary file,
/// one gzip member per record as crawlers write them: HTML responses built
/// from the fixture pages, each preceded by its request record, and every
/// tenth response an image (skipped by the reader). Then reads it back.
fn run_warc(mb: usize) -> Result<ExitCode> {
    use std::io::Write;

    let pages: Vec<&str> = PAGES
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "html"))
        .filter_map(|f| f.contents_utf8())
        .collect();
    if pages.is_empty() {
        bail!("no fixture pages were bundled");
    }
    let path = std::env::temp_dir().join(format!("vigie-bench-{}.warc.gz", std::process::id()));
    let started = Instant::now();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let (mut raw, mut n) = (0usize, 0usize);
    while raw < mb * 1_000_000 {
        let uri = format!("https://news.example/{n}");
        let request = format!("GET /{n} HTTP/1.1\r\nHost: news.example\r\n\r\n");
        let block = if n % 10 == 9 {
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n{}",
                "\u{1}".repeat(4000)
            )
        } else {
            // The counter keeps pages distinct without changing their shape.
            let page = pages[n % pages.len()].replace("</body>", &format!("<!-- {n} --></body>"));
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}")
        };
        for (kind, content_type, body) in [
            (
                "request",
                "application/http; msgtype=request",
                request.as_str(),
            ),
            (
                "response",
                "application/http; msgtype=response",
                block.as_str(),
            ),
        ] {
            let record = format!(
                "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-01T12:00:00Z\r\n\
WARC-Record-ID: <urn:uuid:{n:08}-0000-4000-8000-000000000000>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
                body.len()
            );
            raw += record.len();
            let mut gz = flate2::write::GzEncoder::new(&mut out, flate2::Compression::fast());
            gz.write_all(record.as_bytes())?;
            gz.finish()?;
        }
        n += 1;
    }
    out.flush()?;
    drop(out);
    let written = started.elapsed().as_secs_f64();
    let on_disk = std::fs::metadata(&path)?.len();

    let started = Instant::now();
    let (mut docs, mut failed, mut notes) = (0usize, 0usize, 0usize);
    for item in vigie_read::open(&path, vigie_read::Limits::default()) {
        match item {
            Item::Doc(_) => docs += 1,
            Item::Failed(_) => failed += 1,
            Item::Note(_) => notes += 1,
        }
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let _ = std::fs::remove_file(&path);
    let mbps = raw as f64 / 1e6 / secs;
    let peak = peak_rss_mb();
    eprintln!(
        "vigie bench --warc-mb {mb}: wrote {} records ({:.0} MB, {:.0} MB gzipped) in {written:.1} s; \
read {docs} pages, {failed} errors, {notes} note(s) in {secs:.1} s: {:.0} pages/s, {mbps:.2} MB/s uncompressed \
({:.2} MB/s on disk), peak RSS {}",
        2 * n,
        raw as f64 / 1e6,
        on_disk as f64 / 1e6,
        docs as f64 / secs,
        on_disk as f64 / 1e6 / secs,
        peak.map_or("unknown".to_owned(), |p| format!("{p:.0} MB")),
    );
    println!(
        "{}",
        serde_json::json!({"records": 2 * n, "pages": docs, "failed": failed, "bytes": raw,
            "bytes_on_disk": on_disk, "seconds": secs, "pages_per_s": docs as f64 / secs, "mb_per_s": mbps, "peak_rss_mb": peak})
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

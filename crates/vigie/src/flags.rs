//! Command-line flags: raw values only, no I/O.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Vigie turns news articles into a structured, verifiable record: entities
/// with one identity across spellings and languages, quotations with their
/// speakers, dates, amounts and events, each traceable to its span.
#[derive(Parser, Debug)]
#[command(name = "vigie", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract the record of every document: one JSON object per document on stdout.
    #[command(after_long_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Inspect the knowledge base of actors.
    Kb(KbArgs),
    /// Measure extraction speed and memory on a generated corpus.
    #[command(after_long_help = BENCH_EXAMPLES)]
    Bench(BenchArgs),
    /// Extract documents and add them to a store (SQLite + full-text index, no server needed).
    #[command(after_long_help = INGEST_EXAMPLES)]
    Ingest(IngestArgs),
    /// Follow news feeds, sitemaps and home pages: fetch new articles politely, analyse and store them.
    #[command(after_long_help = WATCH_EXAMPLES)]
    Watch(WatchArgs),
    /// Pull documents from the work queue (NATS JetStream), analyse and store them, in batches.
    #[command(after_long_help = WORKER_EXAMPLES)]
    Worker(WorkerArgs),
    /// Serve the JSON API and the web UI over a store.
    #[command(after_long_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// Write a store's (or an `extract` output's) records to stdout: Vigie's JSON, GDELT 2.0
    /// tables, PLOVER events or CSV tables of events and quotes.
    #[command(after_long_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Ingest the bundled sample corpus into a demo store and serve the UI.
    Demo(DemoArgs),
}

const INGEST_EXAMPLES: &str = "\
Examples:
  vigie ingest corpus/sample                 into ./vigie-store
  vigie ingest news.jsonl.gz --db /data/news add to a store; already stored documents are skipped
  vigie ingest - --db news < article.txt     one document from stdin
  vigie ingest news.jsonl --db postgres://vigie@127.0.0.1:5432/news
                                             into a PostgreSQL database (schema created if missing)

  vigie ingest news/ --queue nats://127.0.0.1:4222
                                             publish to the work queue for `vigie worker`

Ingest is idempotent and resumable: re-running after an interruption skips
what was committed and stores the rest. With --queue nothing is analysed
here: each document is published, as read, on the NATS JetStream stream
VIGIE (subject vigie.raw.<outlet or file>), its publication identity (id,
URL, else path and position) as message id, so publishing it again within a
day is dropped by the server and counted as already queued. Exit status: 0
every document was read, 1 some failed (reported on stderr), 2 usage or
set-up error.";

const WORKER_EXAMPLES: &str = "\
Examples:
  vigie worker --queue nats://127.0.0.1:4222 --db news     work until Ctrl-C, into a folder
  vigie worker --queue nats://127.0.0.1:4222 --db postgres://vigie@127.0.0.1:5432/vigie
                                             into PostgreSQL: start as many as you like
  . cluster/env && vigie worker                the queue and database scripts/cluster-up started
  vigie worker --drain                         stop once the queue is empty

A worker pulls --batch documents at a time from the durable consumer that
all workers share (each message goes to one of them, and to another only
if the first has not acked it within --ack-wait), runs the
pipeline on them (a stage that fails costs its facet, never the document),
commits the batch to the store, and only then acks the messages. A worker
that dies (even kill -9) before its commit leaves its messages to be
delivered again after --ack-wait; one that dies after it is covered by the
store, which skips a publication it holds (in PostgreSQL, workers place
documents one transaction at a time under an advisory lock, so duplicates
and stories are those of one process committing in the same order). A batch whose commit fails is
retried document by document; a document whose commit keeps failing is
delivered again after 1, 2, 4… s (up to --ack-wait; about four minutes
in all with the defaults), and after --max-deliver deliveries it is
republished with its error on the subject vigie.dead (stream VIGIE_DEAD),
as is a message that is no Vigie document: nothing is dropped silently.
Ctrl-C or SIGTERM finishes the current batch and stops; a second one stops
at once, leaving the batch to be delivered again. The embedded store takes
one worker (one writer per folder); PostgreSQL takes any number. Exit status: 0 stopped cleanly, 1 some
messages went to the dead-letter subject, 2 usage or set-up error.";

const WATCH_EXAMPLES: &str = "\
The SOURCES file has one source a line: a URL, then optionally the outlet's
name; `#` starts a comment. A source is an RSS/Atom/JSON feed, a (news)
sitemap or sitemap index, or a site's home page, whose feeds are found from
its <link rel=\"alternate\"> tags:

  # sources.txt
  https://www.example.org/rss/une.xml         La Gazette
  https://news.example.com/sitemap-news.xml   Example News
  https://www.example.net/                    # a home page: its feeds are used

Examples:
  vigie watch sources.txt --contact desk@example.org          poll every 10 minutes until Ctrl-C
  vigie watch sources.txt --once --db news                    poll once and exit (for cron)
  vigie watch sources.txt --every 5m --delay 2s               more often, gentler per host
  vigie watch --status --db news                              each source: last poll, new articles, errors
  vigie serve --db news                                       meanwhile, read the store in the browser
  vigie watch sources.txt --db state --queue nats://127.0.0.1:4222
                                                              fetch here, analyse on `vigie worker`s

Each new article is fetched once (its URL normalised: tracking parameters,
scheme and `www.` do not make a new article), read as an HTML page (the
feed's title, date and outlet fill what the page lacks), analysed and stored
with source.url, source.outlet and source.fetched. robots.txt is obeyed, one
host gets one request at a time with --delay between them, unchanged feeds
answer 304 and are polled less often (up to 16 times --every), 429/503 are
honoured (Retry-After, exponential backoff). A failing source is reported
and retried later; it never stops the others. State lives in the store: a
restart, even after kill -9, fetches nothing already stored. Exit status
with --once: 0 all went well, 1 a source or an article failed, 2 usage or
set-up error.";
const EXPORT_EXAMPLES: &str = "\
Examples:
  vigie export --db news > news.jsonl                        the store's records
  vigie export --db news --format gdelt-events > events.tsv  GDELT 2.0 Event table (61 columns)
  vigie export --db news --format gdelt-mentions             GDELT 2.0 Mentions table (16 columns)
  vigie export --db news --format gdelt-gkg                  GDELT GKG 2.1 (27 columns)
  vigie export --input out.jsonl --format plover             PLOVER events of an `extract` output
  vigie export --db news --format csv-events > events.csv    events for a spreadsheet
  vigie export --db news --format csv-quotes > quotes.csv    quotes for a spreadsheet

GDELT files have no header line, as GDELT's own; CSV files have one. Character
offsets and evidence need the text: the store always has it; give
`extract --with-text` when exporting its output.";

const SERVE_EXAMPLES: &str = "\
Examples:
  vigie serve                                 ./vigie-store on http://127.0.0.1:8080
  vigie serve --db news --addr 127.0.0.1:9000
  vigie serve --db postgres://vigie@127.0.0.1:5432/news
                                              the same API and UI over a PostgreSQL store
  VIGIE_TOKEN=secret vigie serve              also accept POST /api/documents with
                                              'Authorization: Bearer secret'";

const EXTRACT_EXAMPLES: &str = "\
Examples:
  vigie extract corpus/sample                 every known file (.txt .jsonl .html .warc .rss ...) under it, sorted
  vigie extract crawl.warc.gz                 the HTML pages of a WARC archive
  vigie extract news.jsonl.gz --with-text     include the cleaned text the offsets index
  cat article.txt | vigie extract -           read one document from stdin
  vigie extract corpus --kb my-actors.jsonl   add your own actors to the knowledge base
  vigie extract corpus | jq -c '.quotes[]'    records are JSON Lines, ready for pipes

Exit status: 0 every document was read, 1 some failed (their error records are
in the output, in their place), 2 usage or set-up error.";

const BENCH_EXAMPLES: &str = "\
Examples:
  cargo run --release -p vigie -- bench            50 MB, all cores
  vigie bench --mb 200 --threads 1                 per-core throughput
  vigie bench --until entities --threads 1         the engine's first stages alone
  vigie bench --from my-articles/ --mb 20          your own articles as templates
  vigie bench --warc-mb 500                        WARC reading: MB/s and peak memory
  vigie bench --ingest 100000                      ingest (extract + store) throughput";

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or folders to read, or `-` for stdin.
    ///
    /// A folder is read recursively in sorted order. Files may be plain text
    /// (.txt: one article), JSON Lines (.jsonl: one article per line, with
    /// "text" and optional "title", "url", "published", "outlet", "id",
    /// "lang"), HTML
    /// pages (.html, .htm: the article without the page around it), WARC
    /// archives (.warc: every HTML response or resource record) or feeds
    /// (.rss, .atom, .rdf, .xml, JSON Feed: every item), any of them
    /// gzip-compressed (.gz). The content decides when the name does not.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Language of the documents that do not declare one (ISO 639-1: fr, en).
    ///
    /// A language the input gives (a JSON Lines "lang" field, an HTML page's
    /// declared language) wins over this flag; the language is detected only
    /// when neither gives one. Give it for headlines, snippets and other
    /// short texts, where detection can guess wrong.
    #[arg(long, value_name = "CODE", value_parser = parse_lang)]
    pub lang: Option<String>,

    /// Output format: `jsonl` (one record per line) or `json` (one array).
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,

    /// Include the cleaned `text` in each record; every offset indexes it.
    #[arg(long)]
    pub with_text: bool,

    /// Extra knowledge-base file (JSON Lines of actors, same format as kb/*.jsonl); repeatable.
    ///
    /// Example line:
    /// {"id": "person:jane-doe", "type": "person", "names": {"en": "Jane Doe"}, "aliases": ["J. Doe"]}
    #[arg(long = "kb", value_name = "FILE")]
    pub kb_files: Vec<PathBuf>,

    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,

    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The store folder used when `--db` is not given.
pub const DEFAULT_DB: &str = "vigie-store";

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or folders to read, or `-` for stdin (as for `extract`).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The store: a folder (created if missing) or a PostgreSQL database,
    /// postgres://USER[:PASSWORD]@HOST:PORT/NAME (its tables created if
    /// missing; several ingests and workers may write it at once).
    #[arg(long, value_name = "DIR|URL", default_value = DEFAULT_DB)]
    pub db: PathBuf,

    /// Extra knowledge-base file, as for `extract`; repeatable.
    #[arg(long = "kb", value_name = "FILE")]
    pub kb_files: Vec<PathBuf>,

    /// Language of the documents that do not declare one (ISO 639-1: fr, en).
    ///
    /// A language the input gives (a JSON Lines "lang" field, an HTML page's
    /// declared language) wins over this flag; the language is detected only
    /// when neither gives one. Give it for headlines, snippets and other
    /// short texts, where detection can guess wrong.
    #[arg(long, value_name = "CODE", value_parser = parse_lang)]
    pub lang: Option<String>,

    /// Documents per commit: a crash loses at most this many, to be redone.
    #[arg(long, default_value_t = 500)]
    pub batch: usize,

    /// Publish the documents to this work queue instead of analysing them:
    /// NATS servers as nats://HOST:PORT, several separated by commas. `vigie
    /// worker` analyses and stores them; --db is not used.
    #[arg(long, value_name = "URLS")]
    pub queue: Option<String>,

    /// With --queue: copies of the queue's streams (3 on a three-node cluster).
    #[arg(long, value_name = "N", env = "VIGIE_REPLICAS", default_value_t = 1)]
    pub replicas: usize,

    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,

    /// No summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct WorkerArgs {
    /// The work queue: NATS servers as nats://HOST:PORT, several separated by
    /// commas (any that answers will do).
    #[arg(long, value_name = "URLS", env = "VIGIE_QUEUE")]
    pub queue: String,

    /// The store the documents go to: a folder (the embedded store, created
    /// if missing; one worker per folder) or a PostgreSQL database
    /// (postgres://USER[:PASSWORD]@HOST:PORT/NAME; any number of workers).
    #[arg(long, value_name = "DIR|URL", env = "VIGIE_DB", default_value = DEFAULT_DB)]
    pub db: String,

    /// Documents pulled, analysed and committed together (as `ingest
    /// --batch`): a crash makes at most this many be delivered again.
    #[arg(long, default_value_t = 500)]
    pub batch: usize,

    /// Stop once the queue is empty and no message is out with a worker.
    #[arg(long)]
    pub drain: bool,

    /// Time a worker has to commit a delivery before the message is given
    /// to another (longer than a batch's analysis and commit).
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub ack_wait: std::time::Duration,

    /// Deliveries of a message whose commit fails before it goes to the
    /// dead-letter subject.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_deliver: i64,

    /// Copies of the queue's streams (3 on a three-node cluster).
    #[arg(long, value_name = "N", env = "VIGIE_REPLICAS", default_value_t = 1)]
    pub replicas: usize,

    /// Extra knowledge-base file, as for `extract`; repeatable.
    #[arg(long = "kb", value_name = "FILE")]
    pub kb_files: Vec<PathBuf>,

    /// Analysis threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,

    /// Only errors on stderr: no progress lines, no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct WatchArgs {
    /// The SOURCES file (format below).
    #[arg(value_name = "SOURCES", required_unless_present = "status")]
    pub sources: Option<PathBuf>,

    /// The store folder (created if missing).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DB)]
    pub db: PathBuf,

    /// Poll every source once (a failing one only once its retry wait is
    /// over), fetch and store what is new, and exit.
    #[arg(long)]
    pub once: bool,

    /// Time between polls of a source (90s, 10m, 1h); a source with nothing
    /// new waits twice as long after each such poll, up to 16 times this.
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
    pub every: std::time::Duration,

    /// Least time between two requests to the same host (500ms, 1s); a
    /// robots.txt Crawl-delay can lengthen it.
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration)]
    pub delay: std::time::Duration,

    /// Time allowed for one request, body included.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

    /// Largest response accepted, in megabytes (after decompression).
    #[arg(long, value_name = "MB", default_value_t = 10)]
    pub max_mb: u64,

    /// Your e-mail or web page, sent in the User-Agent
    /// ("Vigie/VERSION (+mailto:you@example.org)") so site owners can reach you.
    #[arg(long, value_name = "EMAIL|URL", env = "VIGIE_CONTACT")]
    pub contact: Option<String>,

    /// Print the state of every followed source in the store and exit.
    #[arg(long)]
    pub status: bool,

    /// Publish fetched pages to this work queue (nats://HOST:PORT, several
    /// separated by commas) for `vigie worker` instead of analysing them
    /// here; the watch state stays in --db, which must then be another
    /// folder than the worker's.
    #[arg(long, value_name = "URLS")]
    pub queue: Option<String>,

    /// With --queue: copies of the queue's streams (3 on a three-node cluster).
    #[arg(long, value_name = "N", env = "VIGIE_REPLICAS", default_value_t = 1)]
    pub replicas: usize,

    /// Extra knowledge-base file, as for `extract`; repeatable.
    #[arg(long = "kb", value_name = "FILE")]
    pub kb_files: Vec<PathBuf>,

    /// Only errors on stderr, no summary per round.
    #[arg(long, short)]
    pub quiet: bool,
}

/// A duration: a number and a unit (ms, s, m, h); a bare number is seconds.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (examples: 500ms, 30s, 10m, 1h)"))?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "" | "s" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        other => return Err(format!("unknown unit {other:?} (ms, s, m, h)")),
    };
    std::time::Duration::try_from_secs_f64(secs).map_err(|e| format!("{s:?}: {e}"))
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The store: a folder or a PostgreSQL database,
    /// postgres://USER[:PASSWORD]@HOST:PORT/NAME.
    #[arg(long, value_name = "DIR|URL", default_value = DEFAULT_DB)]
    pub db: PathBuf,

    /// Address to listen on. The default is reachable from this machine only.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,

    /// Bearer token that enables POST /api/documents (also read from
    /// VIGIE_TOKEN). Without one, the server is read-only.
    #[arg(long, env = "VIGIE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,

    /// Extra knowledge-base file for posted documents; repeatable.
    #[arg(long = "kb", value_name = "FILE")]
    pub kb_files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The store: a folder, or a PostgreSQL database (postgres://…).
    #[arg(long, value_name = "DIR|URL", default_value = DEFAULT_DB)]
    pub db: PathBuf,

    /// Read records from this `vigie extract` JSON Lines output (`-` for stdin) instead of a
    /// store.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,

    /// Include the cleaned `text` in each record (JSON formats).
    #[arg(long)]
    pub with_text: bool,

    /// Start GDELT tables with a line of the codebook's column names (GDELT's own files have
    /// none).
    #[arg(long)]
    pub header: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON record per line.
    Jsonl,
    /// A single JSON array of records, indented.
    Json,
    /// GDELT 2.0 Event table: one tab-separated row of 61 columns per event.
    GdeltEvents,
    /// GDELT 2.0 Mentions table: one row of 16 columns per event and article.
    GdeltMentions,
    /// GDELT Global Knowledge Graph 2.1: one row of 27 columns per article.
    GdeltGkg,
    /// PLOVER events, one JSON object per line.
    Plover,
    /// Events as CSV for spreadsheets, with a header line.
    CsvEvents,
    /// Quotes as CSV for spreadsheets, with a header line.
    CsvQuotes,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// The demo store folder (created if missing; re-running reuses it).
    #[arg(long, value_name = "DIR", default_value = "vigie-demo")]
    pub db: PathBuf,

    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,

    /// Build the demo store and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON record per line.
    Jsonl,
    /// A single JSON array of records, indented.
    Json,
}

#[derive(Args, Debug)]
pub struct KbArgs {
    #[command(subcommand)]
    pub command: KbCommand,
}

#[derive(Subcommand, Debug)]
pub enum KbCommand {
    /// Show which actor a name resolves to: id, names, type and the file it came from.
    ///
    /// Example: vigie kb lookup "Сергей Лавров"
    Lookup {
        /// The name, in any spelling or script.
        name: String,
        /// Extra knowledge-base files to load first, as for `extract`.
        #[arg(long = "kb", value_name = "FILE")]
        kb_files: Vec<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Size of the generated corpus in megabytes.
    #[arg(long, default_value_t = 50)]
    pub mb: usize,

    /// Build the corpus from these articles (files or folders, as for
    /// `extract`) instead of the bundled sample.
    #[arg(long = "from", value_name = "PATH")]
    pub from: Vec<std::path::PathBuf>,

    /// Instead, measure WARC reading alone: write a .warc.gz of this many
    /// megabytes (uncompressed) of HTML responses to a temporary file and
    /// read it back through the WARC reader.
    #[arg(long, value_name = "MB")]
    pub warc_mb: Option<usize>,

    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,

    /// Run the pipeline only up to this stage, to measure the first stages
    /// apart: `--until entities` is the extraction engine (cleaning,
    /// language, tokens, publication date, entities) without quotes, dates,
    /// amounts, events and tone.
    #[arg(long, value_name = "STAGE",
          value_parser = clap::builder::PossibleValuesParser::new(vigie_pipeline::stages::NAMES))]
    pub until: Option<String>,

    /// Measure `vigie ingest` instead: store this many generated articles
    /// in a temporary store (removed afterwards unless `--keep` is given).
    #[arg(long, value_name = "N")]
    pub ingest: Option<usize>,

    /// With `--ingest`: build the store in this folder and keep it, so the
    /// API can be measured on it (`scripts/bench-api` does).
    #[arg(long, value_name = "DIR", requires = "ingest")]
    pub keep: Option<std::path::PathBuf>,

    /// Measure `vigie export` instead: write the store in DIR (one made by
    /// `--ingest N --keep DIR`, say) in every format to a counting sink and
    /// report rows per second, reading the store included.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["ingest", "warc_mb"])]
    pub export: Option<std::path::PathBuf>,
}

/// `--lang`: an ISO 639-1 code, or a tag that starts with one ("fr-CH").
fn parse_lang(tag: &str) -> Result<String, String> {
    vigie_read::language_code(tag)
        .ok_or_else(|| format!("{tag:?} is not a language code (two letters: fr, en, de…)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_a_unit() {
        use std::time::Duration;
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("3d").is_err());
    }
}

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
}

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
  vigie bench --from my-articles/ --mb 20          your own articles as templates
  vigie bench --warc-mb 500                        WARC reading: MB/s and peak memory";

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or folders to read, or `-` for stdin.
    ///
    /// A folder is read recursively in sorted order. Files may be plain text
    /// (.txt: one article), JSON Lines (.jsonl: one article per line, with
    /// "text" and optional "title", "url", "published", "outlet", "id"), HTML
    /// pages (.html, .htm: the article without the page around it), WARC
    /// archives (.warc: every HTML response or resource record) or feeds
    /// (.rss, .atom, .rdf, .xml, JSON Feed: every item), any of them
    /// gzip-compressed (.gz). The content decides when the name does not.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

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
}

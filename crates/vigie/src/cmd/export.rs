//! `vigie export`: a store's records on stdout, in the CONTRACT shape.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use vigie_store::Reader;

use crate::flags::{ExportArgs, OutputFormat};

/// Runs the subcommand.
pub fn run(args: ExportArgs) -> Result<ExitCode> {
    let reader = Reader::open(&args.db)
        .with_context(|| format!("opening the store {}", args.db.display()))?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut first = true;
    if args.format == OutputFormat::Json {
        out.write_all(b"[")?;
    }
    reader.export(args.with_text, |record| -> Result<()> {
        match args.format {
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut out, &record)?;
                out.write_all(b"\n")?;
            }
            OutputFormat::Json => {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut out, &record)?;
            }
        }
        first = false;
        Ok(())
    })?;
    if args.format == OutputFormat::Json {
        out.write_all(b"\n]\n")?;
    }
    out.flush().context("writing records")?;
    Ok(ExitCode::SUCCESS)
}

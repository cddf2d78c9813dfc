//! `vigie demo`: the bundled sample corpus in a store, served.
//!
//! The sample articles (`corpus/sample/`) are embedded in the binary, so the
//! demo works from any folder with nothing else installed. The store goes
//! to `./vigie-demo` unless `--db` says otherwise; running the demo again
//! reuses it (ingest skips what is stored).

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use include_dir::{Dir, include_dir};
use vigie_doc::{Doc, Layout, Source};
use vigie_read::Item;

use crate::config;
use crate::flags::DemoArgs;

static SAMPLE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../corpus/sample");

/// Runs the subcommand: ingest, then serve until Ctrl-C.
pub fn run(args: DemoArgs) -> Result<ExitCode> {
    let pipeline = config::pipeline(config::knowledge_base(&[])?)?;
    let mut files: Vec<_> = SAMPLE
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "txt"))
        .collect();
    if files.is_empty() {
        bail!("no sample articles were bundled (corpus/sample/ is empty)");
    }
    files.sort_by_key(|f| f.path());
    let items: Vec<Item> = files
        .iter()
        .filter_map(|f| {
            let text = f.contents_utf8()?;
            Some(Item::Doc(Box::new(Doc {
                source: Source {
                    path: Some(format!("corpus/sample/{}", f.path().display())),
                    ..Source::default()
                },
                layout: Layout {
                    raw: text.to_owned(),
                    ..Layout::default()
                },
                ..Doc::default()
            })))
        })
        .collect();
    let started = Instant::now();
    let mut store = super::ingest::open(&args.db)?;
    let totals = super::ingest::ingest(&mut store, &pipeline, items.into_iter(), 500)?;
    drop(store);
    eprintln!(
        "vigie demo: {} sample articles stored in {} ({} already there) in {:.1} s",
        totals.stored.added,
        args.db.display(),
        totals.stored.existing + totals.skipped,
        started.elapsed().as_secs_f64()
    );
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    super::serve::serve(&args.db, args.addr, None, None)
}

//! Add-batch throughput of the PostgreSQL store alone, with 1, 2 and 4
//! concurrent writers on generated articles (analysed once, before the
//! clock starts: only placement and the database are timed).
//!
//! ```text
//! cargo run --release -p vigie-store-pg --example pg_bench -- [DOCS] [BATCH]
//! ```
//!
//! A throwaway server is started (see `testing::TempPostgres`), and each
//! writer count gets a fresh database in it. One line per run on stdout.

use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use vigie_doc::Doc;
use vigie_pipeline::{LangPacks, Pipeline, Resources};
use vigie_store_pg::PgStore;
use vigie_store_pg::testing::{TempPostgres, article_doc};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().map_or(Ok(4000), |a| a.parse())?;
    let batch: usize = args.get(1).map_or(Ok(100), |a| a.parse())?;
    let server = TempPostgres::start()?.ok_or("no PostgreSQL binaries (install postgresql)")?;
    let pipeline = Pipeline::standard(Resources {
        kb: Arc::new(vigie_kb::KnowledgeBase::builtin()?),
        packs: Arc::new(LangPacks::builtin()),
    })?;
    let analysed = Instant::now();
    let docs: Vec<Doc> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut doc = article_doc(i);
            let _degraded = pipeline.run(&mut doc);
            doc
        })
        .collect();
    eprintln!(
        "{n} articles analysed in {:.1} s (not timed below)",
        analysed.elapsed().as_secs_f64()
    );
    for writers in [1usize, 2, 4] {
        let url = server.create_database(&format!("bench_{writers}"))?;
        // Each writer takes every `writers`-th batch, in order.
        let batches: Vec<Vec<Doc>> = docs.chunks(batch).map(<[Doc]>::to_vec).collect();
        let started = Instant::now();
        let added: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..writers)
                .map(|w| {
                    let (url, mine) = (
                        url.clone(),
                        batches
                            .iter()
                            .skip(w)
                            .step_by(writers)
                            .cloned()
                            .collect::<Vec<_>>(),
                    );
                    s.spawn(move || -> Result<usize, vigie_store_pg::Error> {
                        let mut store = PgStore::connect(&url)?;
                        let mut added = 0;
                        for b in mine {
                            added += store.add_batch(b)?.added;
                        }
                        Ok(added)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .map_err(|_| "a writer panicked")?
                        .map_err(|e| e.to_string().into())
                })
                .sum::<Result<usize, Box<dyn std::error::Error>>>()
        })?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "writers {writers}: {added} documents in {secs:.2} s, {:.0} docs/s (batches of {batch})",
            added as f64 / secs
        );
    }
    Ok(())
}

//! `vigie ingest`: documents in, store updated.
//!
//! The same reader and pipeline as `extract`, then batches of records into
//! the store. An input already stored (same id, URL, path and raw text) is
//! skipped before analysis, so re-running after an interruption only
//! analyses the rest; a publication already stored is skipped after it; and
//! another outlet's copy of a stored body is stored and linked to it.
//! With `--queue`, documents are published for `vigie worker` instead
//! (see [`super::queue::publish`]).

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use vigie_doc::Doc;
use vigie_pipeline::Pipeline;
use vigie_read::{Item, Limits};
use vigie_store::{BatchReport, Store, input_key};

use super::db::{Writer, open_writer, shown};

use super::run::{Outcome, process, with_lang};
use crate::config;
use crate::flags::IngestArgs;

/// Runs the subcommand; the exit code says whether every document was read.
pub fn run(args: IngestArgs) -> Result<ExitCode> {
    if let Some(servers) = &args.queue {
        let items = with_lang(inputs(&args.paths), args.lang);
        return super::queue::publish(servers, args.replicas, items, args.quiet);
    }
    config::threads(args.threads)?;
    let pipeline = config::pipeline(config::knowledge_base(&args.kb_files)?)?;
    let mut store = open_writer(&args.db)?;
    let started = Instant::now();
    let items = with_lang(inputs(&args.paths), args.lang);
    let totals = ingest(store.as_mut(), &pipeline, items, args.batch)?;
    if !args.quiet {
        totals.print(started, &args.db);
    }
    Ok(if totals.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Opens (or creates) the store, saying which folder failed.
pub fn open(db: &std::path::Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("opening the store {}", db.display()))
}

/// Every document under `paths`, as `extract` reads them.
pub fn inputs(paths: &[PathBuf]) -> impl Iterator<Item = Item> + Send + use<> {
    let limits = Limits::default();
    vigie_read::expand(paths).into_iter().flat_map(
        move |f| -> Box<dyn Iterator<Item = Item> + Send> {
            match f {
                Ok(path) if path.as_os_str() == "-" => vigie_read::open_stdin(limits),
                Ok(path) => vigie_read::open(&path, limits),
                Err(rec) => Box::new(std::iter::once(Item::Failed(rec))),
            }
        },
    )
}

/// What an ingest did.
#[derive(Debug, Default)]
pub struct Totals {
    /// Batch counts, summed.
    pub stored: BatchReport,
    /// Inputs skipped before analysis: the same input was already stored.
    pub skipped: usize,
    /// Inputs that could not be read or analysed.
    pub failed: usize,
    /// Stored records in which a stage failed (see their `warnings`).
    pub degraded: usize,
}

impl Totals {
    fn print(&self, started: Instant, db: &std::path::Path) {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "vigie: {}, {} errors, in {secs:.2} s ({:.0} documents/s) into {}",
            self.counts(),
            self.failed,
            self.stored.added as f64 / secs,
            shown(db)
        );
    }

    /// "3 added (1 copy of a stored body, 1 relay), 2 already stored": what
    /// was new, and how much of it repeats stored articles.
    pub fn counts(&self) -> String {
        let copies = self.stored.copies;
        let relays = self.stored.duplicates.saturating_sub(copies);
        let mut links = Vec::new();
        if copies > 0 {
            links.push(format!(
                "{copies} cop{} of a stored body",
                if copies == 1 { "y" } else { "ies" }
            ));
        }
        if relays > 0 {
            links.push(format!(
                "{relays} relay{}",
                if relays == 1 { "" } else { "s" }
            ));
        }
        if self.degraded > 0 {
            links.push(format!("{} with a failed stage", self.degraded));
        }
        let links = if links.is_empty() {
            String::new()
        } else {
            format!(" ({})", links.join(", "))
        };
        format!(
            "{} added{links}, {} already stored",
            self.stored.added,
            self.stored.existing + self.skipped
        )
    }
}

/// Analyses `items` and stores them, committing every `batch` documents.
pub fn ingest(
    store: &mut dyn Writer,
    pipeline: &Pipeline,
    items: impl Iterator<Item = Item>,
    batch: usize,
) -> Result<Totals> {
    let seen: HashSet<i64> = store.input_keys()?;
    let mut totals = Totals::default();
    let mut skipped = 0usize;
    let items = items.filter(|item| match item {
        Item::Doc(doc) if seen.contains(&input_key(&doc.source, &doc.layout.raw)) => {
            skipped += 1;
            false
        }
        _ => true,
    });
    let mut pending: Vec<Doc> = Vec::with_capacity(batch);
    let mut flush = |pending: &mut Vec<Doc>, totals: &mut Totals| -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let report = store
            .add_batch(std::mem::take(pending))
            .context("storing a batch")?;
        totals.stored.added += report.added;
        totals.stored.existing += report.existing;
        totals.stored.duplicates += report.duplicates;
        totals.stored.copies += report.copies;
        Ok(())
    };
    process(items, pipeline, |outcome| -> Result<()> {
        match outcome {
            Outcome::Done(doc, _) => {
                if !doc.warnings.is_empty() {
                    totals.degraded += 1;
                    super::extract::warn_degraded(&doc);
                }
                pending.push(*doc);
                if pending.len() >= batch.max(1) {
                    flush(&mut pending, &mut totals)?;
                }
            }
            Outcome::Failed(rec) => {
                totals.failed += 1;
                eprintln!(
                    "vigie: {}: {}",
                    rec.source.path.as_deref().unwrap_or("?"),
                    rec.error
                );
            }
            Outcome::Note(note) => eprintln!("vigie: {note}"),
        }
        Ok(())
    })?;
    flush(&mut pending, &mut totals)?;
    totals.skipped = skipped;
    Ok(totals)
}

/// `vigie bench --ingest N`: ingest throughput and peak memory on `n`
/// generated articles, into a fresh store in a temporary folder.
///
/// Articles are built from sentence templates with a distinct cast, place and
/// topic each, and one in ten is a relay (a cut, other quotation marks) of an
/// earlier one, so duplicate detection and story grouping do real work.
pub fn bench(n: usize, keep: Option<&std::path::Path>) -> Result<ExitCode> {
    let pipeline = config::pipeline(config::knowledge_base(&[])?)?;
    let dir = keep.map_or_else(
        || std::env::temp_dir().join(format!("vigie-bench-ingest-{}", std::process::id())),
        std::path::Path::to_path_buf,
    );
    let mut store = open(&dir)?;
    let started = Instant::now();
    let docs = (0..n).map(|i| {
        let text = bench_article(i);
        Item::Doc(Box::new(Doc {
            source: vigie_doc::Source {
                path: Some(format!("bench/{i}.txt")),
                outlet: Some(format!("Outlet {}", i % 23)),
                ..vigie_doc::Source::default()
            },
            layout: vigie_doc::Layout {
                raw: text,
                ..vigie_doc::Layout::default()
            },
            ..Doc::default()
        }))
    });
    let totals = ingest(&mut store, &pipeline, docs, 500)?;
    drop(store);
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let size = dir_size(&dir);
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map(|kb| kb / 1024.0);
    let rate = totals.stored.added as f64 / secs;
    eprintln!(
        "vigie bench --ingest: {} documents ({} duplicates) in {secs:.1} s: {rate:.0} documents/s on {} thread(s), store {:.0} MB, peak RSS {}",
        totals.stored.added,
        totals.stored.duplicates,
        rayon::current_num_threads(),
        size as f64 / 1e6,
        peak.map_or("unknown".to_owned(), |p| format!("{p:.0} MB")),
    );
    println!(
        "{}",
        serde_json::json!({"documents": totals.stored.added, "duplicates": totals.stored.duplicates,
            "failed": totals.failed, "seconds": secs, "docs_per_s": rate,
            "threads": rayon::current_num_threads(), "store_bytes": size, "peak_rss_mb": peak})
    );
    Ok(ExitCode::SUCCESS)
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Generated article `i` (see [`bench`]).
fn bench_article(i: usize) -> String {
    const PEOPLE: [&str; 12] = [
        "Sergueï Lavrov",
        "Antony Blinken",
        "Josep Borrell",
        "Jens Stoltenberg",
        "Emmanuel Macron",
        "Olaf Scholz",
        "Dmytro Kouleba",
        "Ursula von der Leyen",
        "Anna Keller",
        "Piotr Nowak",
        "Lucie Martin",
        "Omar Haddad",
    ];
    const PLACES: [&str; 8] = [
        "Genève",
        "Vienne",
        "Bruxelles",
        "Ankara",
        "Varsovie",
        "Oslo",
        "Rome",
        "Paris",
    ];
    const TOPICS: [&str; 6] = [
        "la sécurité énergétique",
        "les négociations commerciales",
        "le cessez-le-feu",
        "les sanctions financières",
        "la crise migratoire",
        "le contrôle des armements",
    ];
    const SENTENCES: [&str; 8] = [
        "{P} a rencontré {Q} mercredi à {L} pour discuter de {T}.",
        "« Nous ne céderons sur rien », a déclaré {P} à l'issue de la réunion numéro {N}.",
        "Selon un diplomate présent à {L}, les discussions sur {T} ont duré {N} heures.",
        "{Q} a estimé que {T} restait la priorité de son gouvernement pour les {N} prochains mois.",
        "Les deux délégations doivent se retrouver le {N} du mois prochain à {L}.",
        "{P} a accusé ses partenaires de bloquer tout accord sur {T} depuis {N} semaines.",
        "« Le dialogue est la seule voie », a insisté {Q}, cité par plusieurs médias.",
        "À {L}, {N} manifestants se sont rassemblés devant le lieu de la rencontre.",
    ];
    let relay = i % 10 == 9;
    let k = if relay { i - 5 } else { i };
    // Every sentence draws its own cast, place, topic and template from a
    // hash of (article, sentence), so distinct articles share wording the
    // way coverage of one beat does, not whole paragraphs.
    let pick = |s: usize, salt: usize, n: usize| {
        let mut z = (k as u64) << 8 | (s as u64) << 3 | salt as u64;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    };
    let day = k / 40 % 28 + 1;
    let mut body = format!(
        " date 2022-03-{day:02}\nRéunion {k} à {} sur {}\n\n",
        PLACES[pick(0, 0, PLACES.len())],
        TOPICS[pick(0, 1, TOPICS.len())]
    );
    for s in 0..10 {
        let p = PEOPLE[pick(s, 2, PEOPLE.len())];
        let q =
            PEOPLE[(pick(s, 2, PEOPLE.len()) + 1 + pick(s, 3, PEOPLE.len() - 1)) % PEOPLE.len()];
        let n = (k * 31 + s * 7) % 997;
        body.push_str(
            &SENTENCES[pick(s, 4, SENTENCES.len())]
                .replace("{P}", p)
                .replace("{Q}", q)
                .replace("{L}", PLACES[pick(s, 5, PLACES.len())])
                .replace("{T}", TOPICS[pick(s, 6, TOPICS.len())])
                .replace("{N}", &n.to_string()),
        );
        body.push(if s % 3 == 2 { '\n' } else { ' ' });
        if s % 3 == 2 {
            body.push('\n');
        }
    }
    if relay {
        // Cut at the last space before three quarters of the text (a space
        // is always a character boundary, unlike an arbitrary byte offset).
        let cut = body
            .char_indices()
            .take_while(|&(i, _)| i < body.len() * 3 / 4)
            .filter(|&(_, c)| c == ' ')
            .last()
            .map_or(body.len(), |(i, _)| i);
        body.truncate(cut);
        body = body.replace("« ", "\"").replace(" »", "\"");
    }
    body
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use vigie_kb::KnowledgeBase;
    use vigie_pipeline::{Facet, LangPacks, Resources, Stage};

    use super::*;

    /// A stage with a bug: it fails on every document.
    struct Failing;

    impl Stage for Failing {
        fn name(&self) -> &'static str {
            "failing"
        }
        fn requires(&self) -> &'static [Facet] {
            &[Facet::Segments]
        }
        fn assigns(&self) -> &'static [Facet] {
            &[Facet::Amounts]
        }
        fn run(&self, _: &mut Doc) -> vigie_pipeline::Result<()> {
            Err(vigie_pipeline::Error::Stage {
                stage: "failing",
                reason: "a bug".into(),
            })
        }
    }

    #[test]
    fn a_document_a_stage_failed_on_is_stored_with_its_warning() {
        let resources = Resources {
            kb: Arc::new(KnowledgeBase::default()),
            packs: Arc::new(LangPacks::builtin()),
        };
        let pipeline = ["clean", "lang", "segment"]
            .iter()
            .try_fold(Pipeline::builder(resources), |b, name| b.stage(name))
            .unwrap()
            .with(Box::new(Failing))
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path()).unwrap();
        let doc = Doc {
            layout: vigie_doc::Layout {
                raw: "Les 10–12 ministres se sont réunis mardi à Genève.\n".into(),
                ..vigie_doc::Layout::default()
            },
            ..Doc::default()
        };
        let totals = ingest(
            &mut store,
            &pipeline,
            [Item::Doc(Box::new(doc))].into_iter(),
            10,
        )
        .unwrap();
        assert_eq!(
            (totals.stored.added, totals.degraded, totals.failed),
            (1, 1, 0)
        );
        drop(store);

        let reader = vigie_store::Reader::open(dir.path()).unwrap();
        let mut records = Vec::new();
        reader
            .export(false, &mut |r| -> vigie_store::Result<()> {
                records.push(r);
                Ok(())
            })
            .unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["warnings"][0]["stage"], "failing");
        assert_eq!(records[0]["lang"], "fr", "the other stages' work is kept");
    }

    #[test]
    fn the_summary_tells_copies_relays_and_stored_apart() {
        let mut t = Totals::default();
        t.stored.added = 3;
        t.stored.existing = 1;
        t.skipped = 1;
        assert_eq!(t.counts(), "3 added, 2 already stored");
        t.stored.duplicates = 1;
        t.stored.copies = 1;
        assert_eq!(
            t.counts(),
            "3 added (1 copy of a stored body), 2 already stored"
        );
        t.stored.duplicates = 4;
        t.stored.copies = 2;
        assert_eq!(
            t.counts(),
            "3 added (2 copies of a stored body, 2 relays), 2 already stored"
        );
    }
}

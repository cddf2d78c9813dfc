//! Runs the pipeline over a stream of documents, in parallel, in input order.
//!
//! Documents are taken in batches: a batch is analysed across all cores with
//! rayon and its results are handed on in input order before the next batch
//! is read. Memory is bounded by the batch size whatever the corpus size.

use rayon::prelude::*;
use vigie_doc::{Doc, ErrorRecord};
use vigie_pipeline::Pipeline;
use vigie_read::Item;

/// Documents analysed together; large enough to keep every core busy, small
/// enough that a batch of large documents stays in a few hundred megabytes.
const BATCH: usize = 256;

/// The result for one input document.
pub enum Outcome {
    /// The analysed document and its raw size in bytes.
    Done(Box<Doc>, usize),
    /// The error record that takes its place.
    Failed(ErrorRecord),
    /// A message about an input for the user (stderr), not a record.
    Note(String),
}

/// Analyses every item and calls `sink` with each outcome in input order.
/// Stops early if `sink` fails (a closed stdout, say).
pub fn process<I, E>(
    items: I,
    pipeline: &Pipeline,
    mut sink: impl FnMut(Outcome) -> Result<(), E>,
) -> Result<(), E>
where
    I: Iterator<Item = Item>,
{
    let mut items = items.peekable();
    let mut batch = Vec::with_capacity(BATCH);
    while items.peek().is_some() {
        batch.extend(items.by_ref().take(BATCH));
        let outcomes: Vec<Outcome> = batch
            .par_drain(..)
            .map(|item| analyse(item, pipeline))
            .collect();
        for outcome in outcomes {
            sink(outcome)?;
        }
    }
    Ok(())
}

/// Gives `lang` to every document whose input declared no language, so the
/// `lang` stage keeps it instead of guessing (`--lang`).
pub fn with_lang(
    items: impl Iterator<Item = Item>,
    lang: Option<String>,
) -> impl Iterator<Item = Item> {
    items.map(move |mut item| {
        if let (Item::Doc(doc), Some(lang)) = (&mut item, &lang)
            && doc.lang.is_none()
        {
            doc.lang = Some(lang.clone());
        }
        item
    })
}

/// Runs the pipeline on one item. A stage that fails on the document leaves
/// a warning in its record (see [`Pipeline::run`]): a document that was read
/// always comes out as a record.
pub fn analyse(item: Item, pipeline: &Pipeline) -> Outcome {
    let mut doc = match item {
        Item::Doc(doc) => doc,
        Item::Failed(rec) => return Outcome::Failed(rec),
        Item::Note(note) => return Outcome::Note(format!("{}: {}", note.path, note.message)),
    };
    let size = doc.layout.raw.len();
    // A failed stage is already a warning in the record.
    let _degraded = pipeline.run(&mut doc);
    Outcome::Done(doc, size)
}

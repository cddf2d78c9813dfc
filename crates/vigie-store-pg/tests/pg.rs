//! The PostgreSQL store against the embedded one, on a throwaway server:
//! same answers on the same documents, idempotent batches, and concurrent
//! writers that place documents as one serial ingest would.
//!
//! Each test starts its own server (`TempPostgres`), stopped when the test
//! ends, passed or failed; without PostgreSQL installed each prints a
//! SKIPPED line and passes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};
use vigie_doc::Doc;
use vigie_pipeline::{LangPacks, Pipeline, Resources};
use vigie_store::{EventFilter, QuoteFilter, ReadStore, Reader, Scope, Store};
use vigie_store_pg::testing::{TempPostgres, article_doc, skipped};
use vigie_store_pg::{PgReader, PgStore};

fn server(test: &str) -> Option<TempPostgres> {
    match TempPostgres::start() {
        Ok(Some(pg)) => Some(pg),
        Ok(None) => {
            skipped(test);
            None
        }
        Err(e) => panic!("starting PostgreSQL: {e}"),
    }
}

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::standard(Resources {
            kb: Arc::new(vigie_kb::KnowledgeBase::builtin().unwrap()),
            packs: Arc::new(LangPacks::builtin()),
        })
        .unwrap()
    })
}

/// Generated articles `range`, analysed.
fn docs(range: std::ops::Range<usize>) -> Vec<Doc> {
    range
        .map(|i| {
            let mut doc = article_doc(i);
            let _degraded = pipeline().run(&mut doc);
            doc
        })
        .collect()
}

/// A search page without scores, which each engine computes its own way:
/// the total, and each hit's document and excerpt, by document.
fn hits(page: vigie_store::SearchPage) -> (usize, BTreeMap<String, Value>) {
    let hits = page
        .hits
        .into_iter()
        .map(|h| {
            (
                h.doc.doc_id.clone(),
                json!({"doc": h.doc, "snippet": h.snippet}),
            )
        })
        .collect();
    (page.total, hits)
}

/// Every API answer the UI uses, as JSON, for one store.
fn answers(r: &dyn ReadStore) -> BTreeMap<String, Value> {
    let j = |v: serde_json::Result<Value>| v.unwrap();
    let mut out = BTreeMap::new();
    let stats = r.stats().unwrap();
    assert!(stats.documents > 0 && stats.quotes > 0 && stats.events > 0);
    out.insert("stats".into(), j(serde_json::to_value(stats)));
    let entities = r.entities(None, None, 50, 0).unwrap();
    let top = entities[0].id.clone();
    out.insert("entities".into(), j(serde_json::to_value(&entities)));
    out.insert(
        "entities?q=keller&type=person".into(),
        j(serde_json::to_value(
            r.entities(Some("Keller"), Some("person"), 20, 0).unwrap(),
        )),
    );
    out.insert(
        format!("entity {top}"),
        j(serde_json::to_value(r.entity(&top).unwrap())),
    );
    out.insert(
        "speakers".into(),
        j(serde_json::to_value(r.speakers(20).unwrap())),
    );
    out.insert(
        "quotes".into(),
        j(serde_json::to_value(
            r.quotes(&QuoteFilter::default(), 100, 5).unwrap(),
        )),
    );
    let words = QuoteFilter {
        text: Some("DOSSIER numéro 1".into()),
        ..QuoteFilter::default()
    };
    out.insert(
        "quotes?text".into(),
        j(serde_json::to_value(r.quotes(&words, 100, 0).unwrap())),
    );
    let all = EventFilter::default();
    out.insert(
        "events".into(),
        j(serde_json::to_value(r.events(&all, 200, 0).unwrap())),
    );
    let some = EventFilter {
        actor: Some(top.clone()),
        from: Some("2022-03-03".into()),
        to: Some("2022-03".into()),
        ..EventFilter::default()
    };
    out.insert(
        "events?actor".into(),
        j(serde_json::to_value(r.events(&some, 50, 0).unwrap())),
    );
    out.insert(
        "timeline".into(),
        j(serde_json::to_value(r.timeline(&all).unwrap())),
    );
    out.insert(
        "timeline/actions".into(),
        j(serde_json::to_value(r.timeline_by_action(&some).unwrap())),
    );
    let stories = r.stories(1, 100, 0).unwrap();
    let biggest = stories[0].id.clone();
    out.insert("stories".into(), j(serde_json::to_value(&stories)));
    out.insert(
        format!("story {biggest}"),
        j(serde_json::to_value(r.story(&biggest).unwrap())),
    );
    let documents = r.documents(None, None, 100, 3).unwrap();
    let first = documents[0].doc_id.clone();
    out.insert("documents".into(), j(serde_json::to_value(&documents)));
    out.insert(
        "documents?outlet".into(),
        j(serde_json::to_value(
            r.documents(Some("Outlet 3"), None, 100, 0).unwrap(),
        )),
    );
    out.insert(
        format!("document {first}"),
        j(serde_json::to_value(r.document(&first).unwrap())),
    );
    for scope in [
        Scope::Recent,
        Scope::Entity(top.clone()),
        Scope::Story(biggest.clone()),
        Scope::Search("sécheresse".into()),
    ] {
        let map = r.places(&scope).unwrap();
        if let Some(place) = map.places.first() {
            out.insert(
                format!("place {scope:?}"),
                j(serde_json::to_value(
                    r.place(&scope, &place.feature_id).unwrap(),
                )),
            );
        }
        out.insert(format!("places {scope:?}"), j(serde_json::to_value(map)));
        out.insert(
            format!("tone {scope:?}"),
            j(serde_json::to_value(r.tone(&scope).unwrap())),
        );
    }
    for q in [
        "réunion",
        "secheresse",
        "\"prix du gaz\"",
        "garanties -retraites",
        "Genève",
    ] {
        out.insert(
            format!("search {q}"),
            j(serde_json::to_value(hits(
                r.search(q, None, 200, 0).unwrap(),
            ))),
        );
    }
    out.insert(
        "search fr".into(),
        j(serde_json::to_value(hits(
            r.search("délégués", Some("fr"), 200, 0).unwrap(),
        ))),
    );
    let mut exported = Vec::new();
    r.export(true, &mut |record| {
        exported.push(record);
        Ok(())
    })
    .unwrap();
    out.insert("export".into(), Value::Array(exported));
    out
}

#[test]
fn postgres_answers_as_the_embedded_store() {
    let Some(pg) = server("postgres_answers_as_the_embedded_store") else {
        return;
    };
    let all = docs(0..150);
    let dir = tempfile::tempdir().unwrap();
    let mut embedded = Store::open(dir.path()).unwrap();
    let mut store = PgStore::connect(&pg.url()).unwrap();
    for batch in all.chunks(40) {
        let a = embedded.add_batch(batch.to_vec()).unwrap();
        let b = store.add_batch(batch.to_vec()).unwrap();
        assert_eq!(a, b);
    }
    drop(embedded);
    let reader = Reader::open(dir.path()).unwrap();
    reader.refresh().unwrap();
    let sqlite = answers(&reader);
    let postgres = answers(&PgReader::connect(&pg.url()).unwrap());
    assert_eq!(
        sqlite.keys().collect::<Vec<_>>(),
        postgres.keys().collect::<Vec<_>>()
    );
    for (query, expected) in &sqlite {
        assert_eq!(
            &postgres[query], expected,
            "{query}: PostgreSQL differs from the embedded store"
        );
    }
    // The comparison is not vacuous.
    let search = &sqlite["search secheresse"];
    assert!(search[0].as_u64().unwrap() > 0, "{search}");
    assert!(
        sqlite["stats"]["duplicates"].as_i64().unwrap() > 0,
        "{}",
        sqlite["stats"]
    );
    assert!(sqlite["stats"]["multi_article_stories"].as_i64().unwrap() > 0);
    assert!(sqlite.contains_key("place Recent"), "the map has places");
}

#[test]
fn a_batch_added_twice_is_stored_once() {
    let Some(pg) = server("a_batch_added_twice_is_stored_once") else {
        return;
    };
    let batch = docs(0..30);
    let mut store = PgStore::connect(&pg.url()).unwrap();
    let first = store.add_batch(batch.clone()).unwrap();
    assert_eq!((first.added, first.existing), (30, 0));
    assert_eq!(first.duplicates, 3, "{first:?}");
    // Another connection, as a redelivered message reaches another worker.
    let mut other = PgStore::connect(&pg.url()).unwrap();
    let again = other.add_batch(batch.clone()).unwrap();
    assert_eq!((again.added, again.existing, again.duplicates), (0, 30, 0));
    let mut doubled = batch[..5].to_vec();
    doubled.extend(batch[..5].iter().cloned());
    let within = store.add_batch(doubled).unwrap();
    assert_eq!((within.added, within.existing), (0, 10));
    let new = docs(30..31).remove(0);
    let twice = store.add_batch(vec![new.clone(), new]).unwrap();
    assert_eq!(
        (twice.added, twice.existing),
        (1, 1),
        "a new document twice"
    );
    let reader = PgReader::connect(&pg.url()).unwrap();
    let stats = reader.stats().unwrap();
    assert_eq!((stats.documents, stats.duplicates), (31, 3));
    assert_eq!(store.input_keys().unwrap().len(), 31);
}

/// `(doc_id, duplicate_of, story)` of every stored document, in arrival
/// order.
fn placements(url: &str) -> Vec<(String, Option<String>, String)> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .query(
            "SELECT doc_id, duplicate_of, story FROM documents ORDER BY seq",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[test]
fn concurrent_writers_place_as_a_serial_ingest() {
    let Some(pg) = server("concurrent_writers_place_as_a_serial_ingest") else {
        return;
    };
    let all = docs(0..240);
    let url = pg.create_database("concurrent").unwrap();
    // Both writers create the schema at once, then add overlapping ranges.
    let ranges = [(0, 150), (90, 240), (60, 200)];
    let reports: Vec<vigie_store::BatchReport> = std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|&(from, to)| {
                let (url, mine) = (url.clone(), all[from..to].to_vec());
                s.spawn(move || {
                    let mut store = PgStore::connect(&url).unwrap();
                    let mut sum = vigie_store::BatchReport::default();
                    for batch in mine.chunks(15) {
                        let r = store.add_batch(batch.to_vec()).unwrap();
                        sum.added += r.added;
                        sum.existing += r.existing;
                    }
                    sum
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let added: usize = reports.iter().map(|r| r.added).sum();
    let existing: usize = reports.iter().map(|r| r.existing).sum();
    assert_eq!(added, 240, "{reports:?}");
    assert_eq!(existing, 150 + 150 + 140 - 240);
    let concurrent = placements(&url);
    let ids: BTreeSet<&String> = concurrent.iter().map(|p| &p.0).collect();
    assert_eq!((concurrent.len(), ids.len()), (240, 240), "each once");

    // The same documents in the order the writers committed them, by one
    // writer: every document placed the same (same original, same story).
    let serial_url = pg.create_database("serial").unwrap();
    let by_id: BTreeMap<&str, &Doc> = all.iter().map(|d| (d.doc_id.as_str(), d)).collect();
    let in_order: Vec<Doc> = concurrent
        .iter()
        .map(|(id, _, _)| (*by_id[id.as_str()]).clone())
        .collect();
    let mut serial = PgStore::connect(&serial_url).unwrap();
    for batch in in_order.chunks(50) {
        serial.add_batch(batch.to_vec()).unwrap();
    }
    assert_eq!(placements(&serial_url), concurrent);
    let duplicates = concurrent.iter().filter(|p| p.1.is_some()).count();
    assert_eq!(duplicates, 24, "one relay in ten, each found");
}

//! Store round trips on hand-built records (no pipeline needed).

use vigie_doc::{
    Action, Doc, Entity, EntityType, Event, Layout, Mention, Quote, QuoteKind, Source, Span,
};

use crate::{EventFilter, QuoteFilter, Reader, Store};

fn mention(text: &str, word: &str) -> Mention {
    let start = text.find(word).unwrap();
    Mention {
        text: word.into(),
        start,
        end: start + word.len(),
    }
}

pub(crate) fn doc(
    id: &str,
    outlet: &str,
    published: &str,
    lang: &str,
    title: &str,
    text: &str,
) -> Doc {
    let mut entities = Vec::new();
    for (eid, kind, name, word) in [
        (
            "person:serguei-lavrov",
            EntityType::Person,
            "Sergueï Lavrov",
            "Lavrov",
        ),
        (
            "person:dmytro-kuleba",
            EntityType::Person,
            "Dmytro Kouleba",
            "Kouleba",
        ),
        ("location:russia", EntityType::Location, "Russia", "Moscou"),
    ] {
        if text.contains(word) {
            entities.push(Entity {
                id: eid.into(),
                kind,
                subtype: (kind == EntityType::Location).then(|| "country".to_owned()),
                canonical: name.into(),
                roles: if word == "Lavrov" {
                    vec!["chef de la diplomatie russe".into()]
                } else {
                    vec![]
                },
                mentions: vec![mention(text, word)],
                known: true,
                code: None,
                geo: None,
            });
        }
    }
    let quotes = text
        .find('«')
        .and_then(|s| {
            let e = text.find('»')?;
            let start = s + '«'.len_utf8() + 1;
            Some(Quote {
                text: text[start..e - 1].to_owned(),
                start,
                end: e - 1,
                kind: QuoteKind::Direct,
                speaker: Some("person:serguei-lavrov".into()),
                speaker_name: Some("Sergueï Lavrov".into()),
                cue: Some("a déclaré".into()),
                speaker_mention: None,
                speaker_via: None,
            })
        })
        .into_iter()
        .collect();
    let events = if text.contains("exige") {
        vec![Event {
            actor: "location:russia".into(),
            actor_name: "Russia".into(),
            actor_code: None,
            action: Action::Demand,
            cameo: "10".into(),
            cameo_code: None,
            target: None,
            target_name: None,
            target_code: None,
            date: Some(published.into()),
            goldstein: -5.0,
            quad_class: 3,
            evidence: Span::new(0, text.len().min(20)),
            place: None,
        }]
    } else {
        vec![]
    };
    Doc {
        doc_id: id.into(),
        source: Source {
            path: Some(format!("{id}.txt")),
            outlet: Some(outlet.into()),
            ..Source::default()
        },
        published: Some(published.into()),
        title: Some(title.into()),
        lang: Some(lang.into()),
        text: Some(text.into()),
        entities,
        quotes,
        events,
        layout: Layout {
            raw: format!("{title}\n\n{text}"),
            ..Layout::default()
        },
        ..Doc::default()
    }
}

const WIRE: &str = "Les chefs de la diplomatie russe et ukrainienne, Sergueï Lavrov et Dmytro \
    Kouleba, se sont retrouvés jeudi à Antalya pour leurs premières négociations depuis le début \
    de la guerre. « Nous voulons un cessez-le-feu durable », a déclaré Lavrov devant la presse. \
    Moscou exige la neutralité de l'Ukraine. Les discussions ont duré une heure et demie sans \
    résultat tangible, selon les deux délégations réunies au bord de la mer.";

pub(crate) fn corpus() -> Vec<Doc> {
    vec![
        doc(
            "a1",
            "RTBF",
            "2022-03-10",
            "fr",
            "Lavrov et Kouleba à Antalya",
            WIRE,
        ),
        doc(
            "a2",
            "RTL",
            "2022-03-10",
            "fr",
            "Pourparlers à Antalya",
            &WIRE
                .replace("« ", "\"")
                .replace(" »", "\"")
                .replace(" jeudi", ""),
        ),
        doc(
            "b1",
            "Le Soir",
            "2022-03-11",
            "fr",
            "Aucun progrès en Turquie",
            "Au lendemain de la rencontre entre Lavrov et Kouleba en Turquie, les Européens \
             constatent l'absence de progrès. Kouleba a regretté une rencontre difficile.",
        ),
        doc(
            "c1",
            "CNN",
            "2022-02-10",
            "en",
            "Drills <script>alert(1)</script> begin",
            "Russian troops began joint exercises in Belarus on Thursday, officials said, \
             as talks continued in several capitals about the security of the region.",
        ),
    ]
}

#[test]
fn stores_clusters_searches_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let report = store.add_batch(corpus()).unwrap();
    assert_eq!(
        (report.added, report.existing, report.duplicates),
        (4, 0, 1)
    );
    // Adding again is a no-op.
    let again = store.add_batch(corpus()).unwrap();
    assert_eq!((again.added, again.existing), (0, 4));
    drop(store);

    let reader = Reader::open(dir.path()).unwrap();
    let stats = reader.stats().unwrap();
    assert_eq!((stats.documents, stats.duplicates), (4, 1));

    let a2 = reader.document("a2").unwrap().unwrap();
    assert_eq!(a2["cluster"]["duplicate_of"], "a1");
    let a1 = reader.document("a1").unwrap().unwrap();
    assert_eq!(a1["cluster"]["story"], a2["cluster"]["story"]);
    assert_eq!(a1["text"], WIRE);
    let b1 = reader.document("b1").unwrap().unwrap();
    assert_eq!(
        b1["cluster"]["story"], a1["cluster"]["story"],
        "same people, next day"
    );
    let c1 = reader.document("c1").unwrap().unwrap();
    assert_ne!(c1["cluster"]["story"], a1["cluster"]["story"]);
    assert!(reader.document("nope").unwrap().is_none());

    // French stemming and folded accents; English stemming.
    let page = reader.search("negociation", None, 10, 0).unwrap();
    assert_eq!(page.total, 2, "{page:?}");
    let page = reader.search("exercise", None, 10, 0).unwrap();
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.hits[0].doc.doc_id, "c1");
    assert!(
        reader
            .search("negociation", Some("en"), 10, 0)
            .unwrap()
            .hits
            .is_empty()
    );
    // Hostile syntax is read leniently.
    assert!(reader.search("\"unclosed AND ( OR", None, 10, 0).is_ok());

    let lavrov = reader.entity("person:serguei-lavrov").unwrap().unwrap();
    assert_eq!(lavrov.summary.docs, 3);
    assert_eq!(lavrov.roles[0].role, "chef de la diplomatie russe");
    // The relay's straight quotes are not parsed by this fixture.
    assert_eq!(lavrov.quotes.len(), 1);
    assert!(
        lavrov
            .co_occurring
            .iter()
            .any(|c| c.id == "person:dmytro-kuleba")
    );
    assert_eq!(
        reader.entities(Some("lavrov"), None, 10, 0).unwrap().len(),
        1
    );
    assert_eq!(
        reader
            .entities(Some("SERGUEÏ"), Some("person"), 10, 0)
            .unwrap()
            .len(),
        1
    );
    assert!(reader.entities(Some("%"), None, 10, 0).unwrap().is_empty());

    let quotes = reader
        .quotes(
            &QuoteFilter {
                text: Some("cessez".into()),
                outlet: Some("RTBF".into()),
                ..QuoteFilter::default()
            },
            10,
            0,
        )
        .unwrap();
    assert_eq!(quotes.len(), 1);
    let events = reader
        .events(
            &EventFilter {
                actor: Some("location:russia".into()),
                to: Some("2022-03".into()),
                ..EventFilter::default()
            },
            10,
            0,
        )
        .unwrap();
    assert_eq!(events.len(), 2);
    let none = EventFilter {
        to: Some("2022-02".into()),
        ..EventFilter::default()
    };
    assert!(reader.events(&none, 10, 0).unwrap().is_empty());
    let timeline = reader.timeline(&EventFilter::default()).unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!((timeline[0].quad_class, timeline[0].count), (3, 2));

    let story_id = a1["cluster"]["story"].as_str().unwrap();
    let story = reader.story(story_id).unwrap().unwrap();
    assert_eq!(story.summary.docs, 3);
    let outlets: Vec<&str> = story.outlets.iter().map(|c| c.outlet.as_str()).collect();
    assert_eq!(outlets, ["RTBF", "RTL", "Le Soir"]);
    assert_eq!(reader.stories(2, 10, 0).unwrap().len(), 1);

    let mut exported = Vec::new();
    reader
        .export(false, &mut |r| -> crate::Result<()> {
            exported.push(r);
            Ok(())
        })
        .unwrap();
    assert_eq!(exported.len(), 4);
    assert!(
        exported
            .iter()
            .all(|r| r.get("text").is_none() && r["cluster"]["story"].is_string())
    );
    assert_eq!(
        exported[3]["title"],
        "Drills <script>alert(1)</script> begin"
    );
}

#[test]
fn a_crash_between_the_two_commits_is_repaired_on_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store.add_batch(corpus()[..1].to_vec()).unwrap();
    }
    // Simulate the crash: rows committed, index commit lost.
    {
        let mut store = Store::open(dir.path()).unwrap();
        store.add_batch(corpus()[1..].to_vec()).unwrap();
        for d in &corpus()[1..] {
            store.writer.delete_term(tantivy::Term::from_field_text(
                store.search.fields.doc_id,
                &d.doc_id,
            ));
        }
        store.commit_index(1).unwrap();
    }
    let reader = Reader::open(dir.path()).unwrap();
    assert_eq!(
        reader.search("exercise", None, 10, 0).unwrap().total,
        0,
        "index behind"
    );
    drop(reader);
    drop(Store::open(dir.path()).unwrap());
    let reader = Reader::open(dir.path()).unwrap();
    assert_eq!(reader.search("exercise", None, 10, 0).unwrap().total, 1);
    assert_eq!(reader.search("Antalya", None, 10, 0).unwrap().total, 2);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join(crate::DB_FILE)).unwrap();
    conn.execute(
        "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
        [],
    )
    .unwrap();
    drop(conn);
    assert!(matches!(
        Store::open(dir.path()),
        Err(crate::Error::SchemaTooNew { found: 99, .. })
    ));
}

/// A publication of `body` by `outlet`, identified as the pipeline does.
fn published(outlet: &str, id: &str, body: &str) -> Doc {
    let mut d = doc(
        id,
        outlet,
        "2022-03-10",
        "fr",
        "Pourparlers à Antalya",
        body,
    );
    d.source = Source {
        path: Some("wire.jsonl:1".into()),
        url: Some(format!(
            "https://{}.example/antalya",
            outlet.replace(' ', "")
        )),
        outlet: Some(outlet.into()),
        id: Some(id.into()),
        ..Source::default()
    };
    d.body_digest = vigie_doc::body_digest(body);
    d.doc_id = vigie_doc::doc_id(&d.source, &d.body_digest);
    d
}

fn three_outlets() -> Vec<Doc> {
    vec![
        published("AFP", "afp-1", WIRE),
        published("Le Temps", "lt-7", WIRE),
        published(
            "RTS",
            "rts-3",
            &format!("{WIRE} La Suisse a proposé d'accueillir la prochaine rencontre."),
        ),
    ]
}

#[test]
fn every_outlet_of_a_wire_story_is_stored_and_linked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let docs = three_outlets();
    let report = store.add_batch(docs.clone()).unwrap();
    assert_eq!(
        (
            report.added,
            report.existing,
            report.duplicates,
            report.copies
        ),
        (3, 0, 2, 1)
    );
    // The same publications again: nothing added.
    let again = store.add_batch(three_outlets()).unwrap();
    assert_eq!((again.added, again.existing), (0, 3));
    drop(store);

    let reader = Reader::open(dir.path()).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 3);
    let afp = reader.document(&docs[0].doc_id).unwrap().unwrap();
    let temps = reader.document(&docs[1].doc_id).unwrap().unwrap();
    let rts = reader.document(&docs[2].doc_id).unwrap().unwrap();
    assert_eq!(afp["cluster"]["duplicate_of"], serde_json::Value::Null);
    assert_eq!(temps["cluster"]["duplicate_of"], afp["doc_id"]);
    assert_eq!(rts["cluster"]["duplicate_of"], afp["doc_id"]);
    assert_eq!(temps["source"]["id"], "lt-7");
    assert_eq!(temps["body_digest"], afp["body_digest"]);
    let story = reader
        .story(afp["cluster"]["story"].as_str().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(story.summary.docs, 3);
    let outlets: Vec<&str> = story.outlets.iter().map(|c| c.outlet.as_str()).collect();
    assert_eq!(outlets, ["AFP", "Le Temps", "RTS"]);
}

#[test]
fn a_copy_of_a_stored_body_in_a_later_batch_is_added_and_linked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let docs = three_outlets();
    store.add_batch(vec![docs[0].clone()]).unwrap();
    let report = store.add_batch(vec![docs[1].clone()]).unwrap();
    assert_eq!((report.added, report.copies, report.existing), (1, 1, 0));
    drop(store);
    let reader = Reader::open(dir.path()).unwrap();
    let temps = reader.document(&docs[1].doc_id).unwrap().unwrap();
    assert_eq!(temps["cluster"]["duplicate_of"], docs[0].doc_id.as_str());
}

#[test]
fn a_version_1_store_is_migrated_and_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    // A store as version 1 wrote it: `doc_id` was the body digest and the
    // record had no `body_digest`.
    let old_id = vigie_doc::body_digest(WIRE);
    let mut old = published("AFP", "afp-1", WIRE);
    old.doc_id = old_id.clone();
    old.body_digest = String::new();
    old.text = None;
    let mut record = serde_json::to_value(&old).unwrap();
    record.as_object_mut().unwrap().remove("body_digest");
    {
        let conn = rusqlite::Connection::open(dir.path().join(crate::DB_FILE)).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             {} INSERT INTO meta VALUES ('schema_version', '1');",
            crate::schema::V1
        ))
        .unwrap();
        conn.execute(
            "INSERT INTO documents (doc_id, raw_hash, outlet, story, record, text, profile)
             VALUES (?1, 42, 'AFP', 'story:old', ?2, ?3, 'fr\n')",
            rusqlite::params![old_id, record.to_string(), WIRE],
        )
        .unwrap();
    }

    let mut store = Store::open(dir.path()).unwrap();
    let version: String = store
        .conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, crate::SCHEMA_VERSION.to_string());
    // The same publication again is already stored; another outlet's copy
    // is added and linked to the migrated record.
    let docs = three_outlets();
    let report = store.add_batch(docs[..2].to_vec()).unwrap();
    assert_eq!((report.added, report.existing, report.copies), (1, 1, 1));
    drop(store);

    let reader = Reader::open(dir.path()).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 2);
    let migrated = reader.document(&old_id).unwrap().unwrap();
    assert_eq!(migrated["body_digest"], old_id.as_str());
    assert_eq!(migrated["source"]["id"], "afp-1");
    assert_eq!(migrated["text"], WIRE);
    let temps = reader.document(&docs[1].doc_id).unwrap().unwrap();
    assert_eq!(temps["cluster"]["duplicate_of"], old_id.as_str());
    // The migrated record is searchable (indexed on open).
    assert_eq!(reader.search("Antalya", None, 10, 0).unwrap().total, 2);
}

fn geo(
    feature_id: &str,
    kind: vigie_doc::PlaceKind,
    name: &str,
    lat: f64,
    lon: f64,
) -> vigie_doc::Geo {
    vigie_doc::Geo {
        feature_id: feature_id.into(),
        kind,
        full_name: name.into(),
        country: "XX".into(),
        adm1: String::new(),
        lat,
        lon,
    }
}

/// The corpus with its places resolved: Russia wherever it is named,
/// Antalya (a city entity added) in the two wire copies, where the first
/// places its event; and a tone on every record.
fn placed_corpus() -> Vec<Doc> {
    let russia = geo(
        "2017370",
        vigie_doc::PlaceKind::Country,
        "Russia",
        60.0,
        100.0,
    );
    let antalya = geo(
        "323777",
        vigie_doc::PlaceKind::City,
        "Antalya, Turkey",
        36.9,
        30.7,
    );
    let mut docs = corpus();
    for (i, d) in docs.iter_mut().enumerate() {
        d.tone = Some(vigie_doc::Tone {
            score: -(i as f64),
            positive: 1.0,
            negative: 1.0 + i as f64,
        });
        for e in &mut d.entities {
            if e.id == "location:russia" {
                e.geo = Some(russia.clone());
            }
        }
        let text = d.text.clone().unwrap_or_default();
        if text.contains("Antalya") {
            d.entities.push(Entity {
                id: "location:antalya".into(),
                kind: EntityType::Location,
                subtype: Some("city".into()),
                canonical: "Antalya".into(),
                roles: vec![],
                mentions: vec![mention(&text, "Antalya")],
                known: true,
                code: None,
                geo: Some(antalya.clone()),
            });
        }
        if i == 0 {
            for ev in &mut d.events {
                ev.place = Some(vigie_doc::EventPlace {
                    entity: "location:antalya".into(),
                    via: "sentence".into(),
                    geo: antalya.clone(),
                });
            }
        }
    }
    docs
}

#[test]
fn places_of_a_scope_are_counted_and_listed_with_their_articles_and_events() {
    use crate::Scope;
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path())
        .unwrap()
        .add_batch(placed_corpus())
        .unwrap();
    let reader = Reader::open(dir.path()).unwrap();

    let all = reader.places(&Scope::Recent).unwrap();
    assert_eq!(all.documents, 4);
    let names: Vec<(&str, i64, i64)> = all
        .places
        .iter()
        .map(|p| (p.name.as_str(), p.docs, p.events))
        .collect();
    assert_eq!(names, [("Antalya", 2, 1), ("Russia", 2, 0)]);
    assert_eq!(all.places[0].mentions, 2);
    assert_eq!((all.places[0].lat, all.places[0].lon), (36.9, 30.7));

    // An entity's map holds the places of the documents naming it only.
    let kuleba = reader
        .places(&Scope::Entity("person:dmytro-kuleba".into()))
        .unwrap();
    assert_eq!(kuleba.documents, 3);
    let story_of_c1 = reader.documents(Some("CNN"), None, 1, 0).unwrap()[0]
        .story
        .clone();
    let cnn = reader.places(&Scope::Story(story_of_c1)).unwrap();
    assert!(cnn.places.is_empty(), "{cnn:?}");
    let search = reader.places(&Scope::Search("Antalya".into())).unwrap();
    assert_eq!(search.documents, 2);
    assert_eq!(search.places[0].feature_id, "323777");

    let antalya = reader.place(&Scope::Recent, "323777").unwrap().unwrap();
    assert_eq!(antalya.place.docs, 2);
    let mut ids: Vec<&str> = antalya
        .documents
        .iter()
        .map(|d| d.doc_id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["a1", "a2"]);
    assert_eq!(antalya.events.len(), 1);
    assert_eq!(antalya.events[0].doc.doc_id, "a1");
    assert_eq!(antalya.events[0].action, "demand");
    // A place the scope never names is not found there.
    assert!(
        reader
            .place(&Scope::Search("Belarus".into()), "323777")
            .unwrap()
            .is_none()
    );
    assert!(reader.place(&Scope::Recent, "0").unwrap().is_none());
}

#[test]
fn tone_and_actions_are_aggregated_per_day() {
    use crate::Scope;
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path())
        .unwrap()
        .add_batch(placed_corpus())
        .unwrap();
    let reader = Reader::open(dir.path()).unwrap();
    let tone = reader.tone(&Scope::Recent).unwrap();
    let days: Vec<(&str, i64, f64)> = tone
        .iter()
        .map(|t| (t.day.as_str(), t.docs, t.tone))
        .collect();
    // Tones 0, -1, -2, -3 in corpus order: a1 and a2 on the 10th of March.
    assert_eq!(
        days,
        [
            ("2022-02-10", 1, -3.0),
            ("2022-03-10", 2, -0.5),
            ("2022-03-11", 1, -2.0)
        ]
    );
    assert_eq!(tone[1].negative, 1.5);

    let by_action = reader
        .timeline_by_action(&EventFilter {
            actor: Some("location:russia".into()),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(by_action.len(), 1);
    assert_eq!(
        (
            by_action[0].day.as_str(),
            by_action[0].action.as_str(),
            by_action[0].count
        ),
        ("2022-03-10", "demand", 2)
    );
    assert!(
        reader
            .timeline_by_action(&EventFilter {
                actor: Some("person:nobody".into()),
                ..EventFilter::default()
            })
            .unwrap()
            .is_empty()
    );
}

//! One wire dispatch run by several outlets: each publication is placed on
//! its own, and the copies are linked to the first.

use vigie_cluster::{MemIndex, Profile};
use vigie_doc::{Doc, Source, body_digest, doc_id};

const DISPATCH: &str = "Les ministres de l'Agriculture des pays alpins se sont réunis mardi \
    à Innsbruck pour coordonner la lutte contre la sécheresse qui touche les pâturages \
    d'altitude depuis le printemps. Ils ont convenu de partager leurs relevés hydrologiques \
    chaque semaine et de financer ensemble trois retenues d'eau expérimentales.";

fn published(outlet: &str, url: &str, id: &str, text: &str) -> Doc {
    let source = Source {
        outlet: Some(outlet.to_owned()),
        url: Some(url.to_owned()),
        id: Some(id.to_owned()),
        ..Source::default()
    };
    let digest = body_digest(text);
    Doc {
        doc_id: doc_id(&source, &digest),
        body_digest: digest,
        source,
        text: Some(text.to_owned()),
        ..Doc::default()
    }
}

#[test]
fn three_outlets_are_three_documents_linked_to_the_first() {
    let rts_text = format!("{DISPATCH}\n\nLa Suisse participera aux prochaines réunions.");
    let docs = [
        published(
            "AFP",
            "https://afp.example/alpes-secheresse",
            "afp-1",
            DISPATCH,
        ),
        published(
            "Le Temps",
            "https://letemps.example/monde/alpes?utm_source=afp",
            "lt-77",
            DISPATCH,
        ),
        published("RTS", "https://rts.example/info/alpes", "rts-9", &rts_text),
    ];
    assert_ne!(docs[0].doc_id, docs[1].doc_id);
    assert_ne!(docs[0].doc_id, docs[2].doc_id);
    assert_ne!(docs[1].doc_id, docs[2].doc_id);
    assert_eq!(docs[0].body_digest, docs[1].body_digest);

    let mut index = MemIndex::default();
    let placed: Vec<_> = docs.iter().map(|d| index.add(Profile::of(d))).collect();
    assert_eq!(placed[0].duplicate_of, None);
    assert_eq!(
        placed[1].duplicate_of.as_deref(),
        Some(docs[0].doc_id.as_str())
    );
    assert!(placed[1].exact, "Le Temps ran the very same words");
    assert_eq!(
        placed[2].duplicate_of.as_deref(),
        Some(docs[0].doc_id.as_str())
    );
    assert!(!placed[2].exact, "RTS added a line: a near duplicate");
    assert!(placed.iter().all(|p| p.story == placed[0].story));
}

#[test]
fn a_short_copy_is_linked_by_its_digest() {
    // Too few words for a signature to call it a relay; the digest does.
    let brief = "Séisme de magnitude 4 ressenti à Bâle.";
    let a = published("ATS", "https://ats.example/1", "ats-1", brief);
    let b = published("Watson", "https://watson.example/2", "w-2", brief);
    let mut index = MemIndex::default();
    assert_eq!(index.add(Profile::of(&a)).duplicate_of, None);
    let copy = index.add(Profile::of(&b));
    assert_eq!(copy.duplicate_of.as_deref(), Some(a.doc_id.as_str()));
    assert!(copy.exact);
}

#[test]
fn the_same_publication_twice_is_not_its_own_copy() {
    let a = published("AFP", "https://afp.example/1", "afp-1", DISPATCH);
    let mut index = MemIndex::default();
    index.add(Profile::of(&a));
    assert_eq!(index.add(Profile::of(&a)).duplicate_of, None);
}

#[test]
fn empty_bodies_are_no_copies() {
    let a = published("A", "https://a.example/1", "a", "");
    let b = published("B", "https://b.example/1", "b", "");
    let mut index = MemIndex::default();
    index.add(Profile::of(&a));
    assert_eq!(index.add(Profile::of(&b)).duplicate_of, None);
}

//! Clause analysis on sentences written for these tests, with a small
//! knowledge base so that they do not depend on the shipped one.

use std::sync::Arc;

use vigie_doc::{Doc, EntityType, Layout};
use vigie_kb::KnowledgeBase;

use super::*;
use crate::{LangPacks, Pipeline, Resources};

const KB: &str = r#"
{"id": "location:russia", "type": "location", "subtype": "country", "names": {"en": "Russia", "fr": "Russie"}}
{"id": "location:ukraine", "type": "location", "subtype": "country", "names": {"en": "Ukraine"}}
{"id": "organization:nato", "type": "organization", "names": {"en": "NATO", "fr": "OTAN"}, "aliases": ["Otan"]}
{"id": "organization:european-union", "type": "organization", "names": {"en": "European Union", "fr": "Union européenne"}, "aliases": ["UE", "EU"]}
{"id": "person:anna-weber", "type": "person", "names": {"en": "Anna Weber"}, "aliases": ["Weber"]}
{"id": "person:paul-okafor", "type": "person", "names": {"en": "Paul Okafor"}, "aliases": ["Okafor"]}
"#;

/// The document after entities.
fn analysed(text: &str, lang: &str) -> Doc {
    analysed_with(KB, text, lang)
}

/// The document after entities, with the knowledge base `kb` (JSON lines).
pub(super) fn analysed_with(kb: &str, text: &str, lang: &str) -> Doc {
    let kb = knowledge(kb);
    let res = Resources {
        kb: Arc::new(kb),
        packs: Arc::new(LangPacks::builtin()),
    };
    let p = ["clean", "lang", "segment", "entities"]
        .iter()
        .try_fold(Pipeline::builder(res), |b, n| b.stage(n))
        .unwrap()
        .build()
        .unwrap();
    let mut d = Doc {
        lang: Some(lang.to_owned()),
        layout: Layout {
            raw: text.to_owned(),
            ..Layout::default()
        },
        ..Doc::default()
    };
    p.run(&mut d).unwrap();
    d
}

/// A knowledge base of JSON lines.
pub(super) fn knowledge(lines: &str) -> KnowledgeBase {
    let mut kb = KnowledgeBase::default();
    kb.add_jsonl("test.jsonl", lines).unwrap();
    kb
}

/// The document as the clause analysis reads it.
pub(super) fn view<'a>(d: &'a Doc, lang: &str) -> View<'a> {
    let packs = LangPacks::builtin();
    let pack = packs.get(lang).unwrap();
    let folded: Vec<&str> = (0..d.layout.tokens.len())
        .map(|i| d.layout.words.folded(i))
        .collect();
    let mut cues = Grammar::new(pack, None).unwrap().flags(&folded);
    coref::Words::new(pack).unwrap().mark(&folded, &mut cues);
    View {
        text: d.text(),
        toks: &d.layout.tokens,
        cues,
        folded,
        mentions: mentions(d),
        persons: d
            .entities
            .iter()
            .map(|e| e.kind == EntityType::Person)
            .collect(),
        places: vec![false; d.entities.len()],
        quotes: Vec::new(),
    }
}

/// The clause of the first token whose folded form is `verb`.
fn clause_of(text: &str, lang: &str, verb: &str) -> (Clause, Vec<String>) {
    let d = analysed(text, lang);
    let v = view(&d, lang);
    let i = v.folded.iter().position(|w| *w == verb).unwrap();
    let c = analyse(&v, (i, i + 1), (0, v.toks.len()), 0);
    let names = d.entities.iter().map(|e| e.canonical.clone()).collect();
    (c, names)
}

fn names(ms: &[MRef], names: &[String]) -> Vec<String> {
    ms.iter().map(|m| names[m.ent].clone()).collect()
}

#[test]
fn passive_with_agent_in_both_languages() {
    let (c, n) = clause_of(
        "La Russie a été accusée par l'Union européenne.",
        "fr",
        "accusee",
    );
    assert!(c.passive);
    assert_eq!(names(c.actor(), &n), ["European Union"]);
    assert_eq!(names(&c.subject, &n), ["Russia"]);
    let (c, n) = clause_of(
        "Russia was accused by NATO of massing troops.",
        "en",
        "accused",
    );
    assert!(c.passive);
    assert_eq!(names(c.actor(), &n), ["NATO"]);
    assert_eq!(names(&c.subject, &n), ["Russia"]);
}

#[test]
fn by_after_an_active_verb_is_no_agent() {
    let (c, n) = clause_of("NATO accused Russia by letter on Monday.", "en", "accused");
    assert!(!c.passive);
    assert_eq!(names(c.actor(), &n), ["NATO"]);
    // "is planning": the -ing form keeps the group active.
    let (c, _) = clause_of("Russia is planning talks.", "en", "planning");
    assert!(!c.passive);
}

#[test]
fn reduced_passive_takes_its_agent() {
    let (c, n) = clause_of(
        "Le texte proposé par la Russie a été rejeté.",
        "fr",
        "propose",
    );
    assert!(c.passive && c.reduced);
    assert_eq!(names(c.actor(), &n), ["Russia"]);
}

#[test]
fn negation_in_both_languages() {
    assert!(
        clause_of("La Russie n'a pas accepté l'offre.", "fr", "accepte")
            .0
            .negated
    );
    assert!(
        clause_of("NATO did not reject the offer.", "en", "reject")
            .0
            .negated
    );
    assert!(
        !clause_of("NATO rejected the offer.", "en", "rejected")
            .0
            .negated
    );
}

#[test]
fn modality_is_read_before_the_verb() {
    assert!(
        clause_of("L'UE pourrait sanctionner la Russie.", "fr", "sanctionner")
            .0
            .modal
    );
    assert!(
        clause_of("NATO would reject the offer.", "en", "reject")
            .0
            .modal
    );
}

#[test]
fn coordinated_subjects_and_verbs() {
    let (c, n) = clause_of(
        "Anna Weber et Paul Okafor ont rencontré l'Otan.",
        "fr",
        "rencontre",
    );
    assert_eq!(names(&c.subject, &n), ["Anna Weber", "Paul Okafor"]);
    let (c, n) = clause_of("Anna Weber and Paul Okafor met NATO envoys.", "en", "met");
    assert_eq!(names(&c.subject, &n), ["Anna Weber", "Paul Okafor"]);
    // The second verb of "X a invité … et a exigé" shares the first's subject.
    let (c, _) = clause_of(
        "L'UE a invité la Russie à des pourparlers et a exigé une désescalade.",
        "fr",
        "exige",
    );
    assert!(c.coordinated);
}

#[test]
fn relative_clause_and_apposition_are_not_subjects() {
    // The name inside ", qui …," is not the subject of the main verb.
    let (c, n) = clause_of(
        "La Russie, qui accuse l'Otan, a rejeté l'offre de l'UE.",
        "fr",
        "rejete",
    );
    assert_eq!(names(&c.subject, &n), ["Russia"]);
    // A subject relative takes its antecedent, not a name after "de".
    let (c, n) = clause_of(
        "Anna Weber, présidente de l'Union européenne, qui a dénoncé l'attaque.",
        "fr",
        "denonce",
    );
    assert_eq!(names(&c.subject, &n), ["Anna Weber"]);
    // Without a comma the relative qualifies the name right before it, even
    // after a preposition.
    let (c, n) = clause_of(
        "Paul Okafor a parlé avec l'Otan qui a exigé des garanties.",
        "fr",
        "exige",
    );
    assert_eq!(names(&c.subject, &n), ["NATO"]);
    // Apposition: a person set off by commas after a role is the subject.
    let (c, n) = clause_of(
        "The head of NATO, Anna Weber, warned Russia.",
        "en",
        "warned",
    );
    assert_eq!(names(&c.subject, &n), ["Anna Weber"]);
}

#[test]
fn inverted_subject_of_an_incise() {
    let (c, n) = clause_of(
        "« Nous refusons », a déclaré mardi Paul Okafor.",
        "fr",
        "declare",
    );
    assert!(c.inverted);
    assert_eq!(names(&c.subject, &n), ["Paul Okafor"]);
    // A place after a preposition right after the verb is a circumstance.
    let (c, n) = clause_of(
        "« Nous refusons », a déclaré sur la radio Ukraine Inter Paul Okafor.",
        "fr",
        "declare",
    );
    assert!(!names(&c.subject, &n).contains(&"Ukraine".to_owned()));
}

#[test]
fn complements_carry_their_preposition() {
    let (c, n) = clause_of("NATO signed an accord with Ukraine.", "en", "signed");
    let with = c
        .complements
        .iter()
        .find(|(m, _)| n[m.ent] == "Ukraine")
        .map(|(_, f)| *f)
        .unwrap();
    assert!(with & TARGET != 0);
}

#[test]
fn a_relative_clause_closing_before_an_unaided_verb_is_no_incise() {
    let (c, n) = clause_of(
        "Anna Weber, who leads the party, accused Paul Okafor of lying.",
        "en",
        "accused",
    );
    assert!(!c.inverted);
    assert_eq!(names(&c.subject, &n), ["Anna Weber"]);
    let (c, n) = clause_of(
        "Anna Weber, qui dirige le parti, accuse Paul Okafor.",
        "fr",
        "accuse",
    );
    assert!(!c.inverted);
    assert_eq!(names(&c.subject, &n), ["Anna Weber"]);
}

#[test]
fn a_conditional_word_behind_a_comma_belongs_to_its_own_clause() {
    // "seraient" qualifies the first clause, not the denial after "mais".
    assert!(
        !clause_of(
            "Des emplois seraient menacés, mais l'Otan dément tout retrait.",
            "fr",
            "dement"
        )
        .0
        .modal
    );
    assert!(
        !clause_of(
            "Jobs would be lost, but NATO denied any withdrawal.",
            "en",
            "denied"
        )
        .0
        .modal
    );
    // A condition opening the clause still holds across its comma.
    assert!(
        clause_of(
            "Si la Russie attaque, l'Otan sanctionnera Moscou.",
            "fr",
            "sanctionnera"
        )
        .0
        .modal
    );
    assert!(
        clause_of("If Russia attacks, NATO will respond.", "en", "respond")
            .0
            .modal
    );
}

#[test]
fn passive_negated_and_coordinated_together() {
    // A negated passive with coordinated agents.
    let (c, n) = clause_of(
        "L'offre n'a pas été acceptée par Anna Weber et Paul Okafor.",
        "fr",
        "acceptee",
    );
    assert!(c.passive && c.negated);
    assert_eq!(names(&c.agent, &n), ["Anna Weber", "Paul Okafor"]);
    let (c, n) = clause_of(
        "The offer was not accepted by Anna Weber and Paul Okafor.",
        "en",
        "accepted",
    );
    assert!(c.passive && c.negated);
    assert_eq!(names(&c.agent, &n), ["Anna Weber", "Paul Okafor"]);
}

#[test]
fn between_gives_the_two_sides_of_a_reciprocal_act() {
    for (text, lang) in [
        (
            "Les pourparlers entre la Russie et l'Ukraine ont repris.",
            "fr",
        ),
        ("The talks between Russia and Ukraine resumed.", "en"),
        (
            "Les pourparlers entre le ministre russe Anna Weber et le ministre ukrainien Paul Okafor ont repris.",
            "fr",
        ),
        (
            "The talks between the Russian minister, Anna Weber, and the Ukrainian minister, Paul Okafor, resumed.",
            "en",
        ),
    ] {
        let d = analysed(text, lang);
        let v = view(&d, lang);
        let (a, z) = reciprocal::between(&v, 2, v.toks.len()).expect(text);
        let n: Vec<String> = d.entities.iter().map(|e| e.canonical.clone()).collect();
        let got = [n[a.ent].as_str(), n[z.ent].as_str()];
        assert!(
            got == ["Russia", "Ukraine"] || got == ["Anna Weber", "Paul Okafor"],
            "{text}: {got:?}"
        );
    }
}

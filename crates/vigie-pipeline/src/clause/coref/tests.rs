//! The resolver on sentences written for these tests, with a small
//! knowledge base so that they do not depend on the shipped one.

use vigie_doc::Doc;

use super::*;
use crate::LangPacks;
use crate::clause::tests::{analysed_with, knowledge, view};

const KB: &str = r#"
{"id": "location:russia", "type": "location", "subtype": "country", "names": {"en": "Russia", "fr": "Russie"}, "code": "RUS"}
{"id": "organization:northwind", "type": "organization", "names": {"en": "Northwind Ports Union"}}
{"id": "organization:vinci", "type": "organization", "names": {"en": "Vinci"}}
{"id": "person:anne-roche", "type": "person", "names": {"en": "Anne Roche"}, "roles": {"fr": ["présidente de la BCE"], "en": ["president of the ECB"]}, "gender": "f"}
{"id": "person:berthe-vidal", "type": "person", "names": {"en": "Berthe Vidal"}, "roles": {"fr": ["maire"]}, "gender": "f"}
{"id": "person:paul-okafor", "type": "person", "names": {"en": "Paul Okafor"}, "aliases": ["Okafor"], "code": "RUSGOV"}
"#;

/// Runs `check` with the document's view and its tracker.
fn with_tracker(text: &str, lang: &str, check: impl Fn(&Doc, &View, &Tracker)) {
    let d = analysed_with(KB, text, lang);
    let packs = LangPacks::builtin();
    let words = Words::new(packs.get(lang).unwrap()).unwrap();
    let v = view(&d, lang);
    let kb = knowledge(KB);
    let t = Tracker::new(&d, &kb, &words, &d.layout.words, tracked(&v));
    check(&d, &v, &t);
}

/// The first token of the first occurrence of `word`.
fn tok(d: &Doc, word: &str) -> usize {
    let at = d.text().find(word).unwrap();
    d.layout.tokens.partition_point(|s| s.start < at)
}

fn name(d: &Doc, t: &Tracker, m: Option<usize>) -> Option<String> {
    m.map(|k| d.entities[t.mentions()[k].ent].canonical.clone())
}

#[test]
fn a_role_noun_prefers_the_person_holding_the_role_then_the_gender() {
    let text = "Anne Roche a parlé lundi. Berthe Vidal a répondu mardi. La présidente de la BCE a insisté. La ministre a conclu.";
    with_tracker(text, "fr", |d, _, t| {
        let words = ["presidente".to_owned(), "bce".to_owned()];
        let q = RoleQuery {
            words: &words,
            gender: Some(Gender::F),
            code: None,
            guess: true,
        };
        let at = tok(d, "La présidente");
        assert_eq!(
            name(d, t, t.person_in_role(at, q)).as_deref(),
            Some("Anne Roche")
        );
        // No one holds the role: the latest person of the gender, unless
        // the caller does not guess.
        let words = ["ministre".to_owned()];
        let q = RoleQuery { words: &words, ..q };
        let at = tok(d, "La ministre");
        assert_eq!(
            name(d, t, t.person_in_role(at, q)).as_deref(),
            Some("Berthe Vidal")
        );
        assert_eq!(t.person_in_role(at, RoleQuery { guess: false, ..q }), None);
        let male = RoleQuery {
            gender: Some(Gender::M),
            ..q
        };
        assert_eq!(t.person_in_role(at, male), None);
    });
}

#[test]
fn a_demonym_code_and_a_role_given_by_the_text_choose_the_holder() {
    let text = "Le député Paul Okafor a rencontré Anne Roche à Moscou. Le député russe a exigé des excuses.";
    with_tracker(text, "fr", |d, _, t| {
        let words = ["depute".to_owned()];
        let q = RoleQuery {
            words: &words,
            gender: None,
            code: Some("RUS"),
            guess: false,
        };
        let at = tok(d, "Le député russe");
        // "député" before his name gave Okafor the role; his code fits "russe".
        assert_eq!(
            name(d, t, t.person_in_role(at, q)).as_deref(),
            Some("Paul Okafor")
        );
        let q = RoleQuery {
            code: Some("USA"),
            ..q
        };
        assert_eq!(t.person_in_role(at, q), None);
    });
}

#[test]
fn pronouns_follow_gender_and_the_sentence_subject() {
    let text = "Anne Roche a reçu Paul Okafor. Il a exigé des excuses. La Russie a dit qu'elle réclame des garanties. It was late.";
    with_tracker(text, "fr", |d, _, t| {
        let il = tok(d, "Il a exigé");
        let he = t.pronoun(il, il, Pron::Gendered(Gender::M));
        assert_eq!(name(d, t, he).as_deref(), Some("Paul Okafor"));
        // "elle" in a clause whose sentence opens on a state: the state.
        let start = tok(d, "La Russie");
        let elle = tok(d, "elle réclame");
        let she = t.pronoun(elle, start, Pron::Gendered(Gender::F));
        assert_eq!(name(d, t, she).as_deref(), Some("Russia"));
        assert_eq!(t.pronoun(elle, start, Pron::Plural), None);
        let it = t.pronoun(tok(d, "It was"), tok(d, "It was"), Pron::Neuter);
        assert_eq!(name(d, t, it).as_deref(), Some("Russia"));
    });
}

#[test]
fn a_body_noun_prefers_its_word_and_a_preposition_is_a_last_resort() {
    let text =
        "Northwind Ports Union a signé avec Vinci. PHOTO CREDIT JOHN SMITH. Le syndicat a refusé.";
    with_tracker(text, "fr", |d, _, t| {
        let at = tok(d, "Le syndicat");
        // "avec Vinci" is a complement: the subject before it wins.
        assert_eq!(
            name(d, t, t.body(at, None, None)).as_deref(),
            Some("Northwind Ports Union")
        );
        assert_eq!(
            name(d, t, t.body(at, Some("vinci"), None)).as_deref(),
            Some("Vinci")
        );
        // No organisation named with the word: the latest one.
        assert_eq!(
            name(d, t, t.body(at, Some("bank"), None)).as_deref(),
            Some("Northwind Ports Union")
        );
        // A name in capitals only is a credit, never an antecedent.
        assert!(
            t.antecedent(at, |e| t.is_person(e), None)
                .is_none_or(|(e, _)| d.entities[e].canonical != "JOHN SMITH")
        );
    });
}

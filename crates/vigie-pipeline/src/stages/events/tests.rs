//! Pattern tests on sentences written for these tests, with a small
//! knowledge base so that they do not depend on the shipped one.

use std::sync::Arc;

use vigie_doc::{Action, Doc, Layout, Quote, QuoteKind};
use vigie_kb::KnowledgeBase;

use crate::{LangPacks, Pipeline, Resources};

const KB: &str = r#"
{"id": "location:russia", "type": "location", "subtype": "country", "names": {"en": "Russia", "fr": "Russie"}, "code": "RUS", "demonyms": {"fr": ["russe", "russes"], "en": ["Russian"]}}
{"id": "location:moscow", "type": "location", "subtype": "city", "names": {"en": "Moscow", "fr": "Moscou"}, "stands_for": "location:russia"}
{"id": "location:ukraine", "type": "location", "subtype": "country", "names": {"en": "Ukraine"}, "code": "UKR", "demonyms": {"fr": ["ukrainienne", "ukrainien"], "en": ["Ukrainian"]}}
{"id": "location:united-states", "type": "location", "subtype": "country", "names": {"en": "United States", "fr": "États-Unis"}, "aliases": ["Washington"], "code": "USA"}
{"id": "location:geneva", "type": "location", "subtype": "city", "names": {"en": "Geneva", "fr": "Genève"}}
{"id": "organization:nato", "type": "organization", "names": {"en": "NATO", "fr": "OTAN"}, "aliases": ["Otan"], "code": "NATO"}
{"id": "organization:european-union", "type": "organization", "names": {"en": "European Union", "fr": "Union européenne"}, "aliases": ["UE", "EU"], "code": "EU"}
{"id": "person:antony-blinken", "type": "person", "names": {"en": "Antony Blinken"}, "aliases": ["Blinken"], "code": "USAGOV"}
{"id": "person:josep-borrell", "type": "person", "names": {"en": "Josep Borrell"}, "aliases": ["Borrell"], "code": "EUGOV"}
{"id": "person:sergei-lavrov", "type": "person", "names": {"en": "Sergei Lavrov", "fr": "Sergueï Lavrov"}, "aliases": ["Lavrov"], "code": "RUSGOV"}
{"id": "person:ivan-petrov", "type": "person", "names": {"en": "Ivan Petrov"}, "aliases": ["Petrov"]}
"#;

fn pipeline() -> Pipeline {
    let mut kb = KnowledgeBase::default();
    kb.add_jsonl("test.jsonl", KB).unwrap();
    let res = Resources {
        kb: Arc::new(kb),
        packs: Arc::new(LangPacks::builtin()),
    };
    ["clean", "lang", "segment", "entities", "events", "tone"]
        .iter()
        .try_fold(Pipeline::builder(res), |b, n| b.stage(n))
        .unwrap()
        .build()
        .unwrap()
}

fn doc(text: &str, lang: &str) -> Doc {
    Doc {
        lang: Some(lang.to_owned()),
        published: Some("2022-01-12".to_owned()),
        layout: Layout {
            raw: text.to_owned(),
            ..Layout::default()
        },
        ..Doc::default()
    }
}

fn run(p: &Pipeline, mut d: Doc) -> Doc {
    p.run(&mut d).unwrap();
    d
}

/// (actor, action, target) of every event, with canonical names.
fn events(p: &Pipeline, text: &str, lang: &str) -> Vec<(String, Action, Option<String>)> {
    run(p, doc(text, lang))
        .events
        .into_iter()
        .map(|e| (e.actor_name, e.action, e.target_name))
        .collect()
}

fn ev(actor: &str, action: Action, target: Option<&str>) -> (String, Action, Option<String>) {
    (actor.to_owned(), action, target.map(str::to_owned))
}

#[test]
fn subject_verb_object_in_both_languages() {
    let p = pipeline();
    assert_eq!(
        events(
            &p,
            "Mardi, la Russie a exigé de l'Otan des garanties écrites sur son flanc est.",
            "fr"
        ),
        [ev("Russia", Action::Demand, Some("NATO"))]
    );
    assert_eq!(
        events(
            &p,
            "On Tuesday Russia demanded written guarantees from NATO about its eastern flank.",
            "en"
        ),
        [ev("Russia", Action::Demand, Some("NATO"))]
    );
}

#[test]
fn a_capital_acting_is_its_state_and_places_are_not_targets() {
    let p = pipeline();
    let d = run(
        &p,
        doc(
            "Moscou a rencontré les États-Unis à Genève pour des discussions serrées.",
            "fr",
        ),
    );
    let got: Vec<_> = d
        .events
        .iter()
        .map(|e| (e.actor.as_str(), e.target.as_deref()))
        .collect();
    assert_eq!(got, [("location:russia", Some("location:united-states"))]);
    let e = &d.events[0];
    assert_eq!(
        (e.cameo.as_str(), e.goldstein, e.quad_class),
        ("04", 1.0, 1)
    );
    assert_eq!(e.actor_code.as_deref(), Some("RUS"));
    assert!(
        d.entities.iter().any(|x| x.id == "location:russia"),
        "the actor is an entity of the record"
    );
}

#[test]
fn passive_voice_names_the_actor_after_par_or_by() {
    let p = pipeline();
    assert_eq!(
        events(
            &p,
            "Les garanties de sécurité réclamées par Moscou à l'Otan restent au centre du dossier.",
            "fr"
        ),
        [ev("Russia", Action::Demand, Some("NATO"))]
    );
    assert_eq!(
        events(
            &p,
            "The invasion of Ukraine by Russia began before dawn on a cold morning.",
            "en"
        ),
        [ev("Russia", Action::MilitaryPosture, Some("Ukraine"))]
    );
}

#[test]
fn negation_cancels_the_act() {
    let p = pipeline();
    assert!(
        events(
            &p,
            "La Russie n'a pas exigé de nouvelles garanties de l'Otan cette semaine.",
            "fr"
        )
        .is_empty()
    );
    assert!(
        events(
            &p,
            "Russia did not demand new guarantees from NATO this week at all.",
            "en"
        )
        .is_empty()
    );
}

#[test]
fn coordinated_subjects_give_one_event_each_or_one_meeting() {
    let p = pipeline();
    assert_eq!(
        events(
            &p,
            "L'UE et Washington ont annoncé des sanctions contre la Russie lundi soir.",
            "fr"
        ),
        [
            ev("European Union", Action::Sanction, Some("Russia")),
            ev("United States", Action::Sanction, Some("Russia")),
        ]
    );
    assert_eq!(
        events(
            &p,
            "Blinken et Borrell ont convenu mercredi de coordonner leur réponse.",
            "fr"
        ),
        [ev("Antony Blinken", Action::Agree, Some("Josep Borrell"))]
    );
    assert_eq!(
        events(
            &p,
            "Blinken and Borrell agreed on Wednesday to coordinate their answer.",
            "en"
        ),
        [ev("Antony Blinken", Action::Agree, Some("Josep Borrell"))]
    );
}

#[test]
fn nominalisations_take_demonyms_and_genitives() {
    let p = pipeline();
    assert_eq!(
        events(
            &p,
            "Le déploiement de troupes russes à la frontière ukrainienne inquiète les alliés.",
            "fr"
        ),
        [ev("Russia", Action::MilitaryPosture, Some("Ukraine"))]
    );
    assert_eq!(
        events(
            &p,
            "The allies studied Russia's demands that NATO halt its enlargement.",
            "en"
        ),
        [ev("Russia", Action::Demand, Some("NATO"))]
    );
}

#[test]
fn conditional_sanctions_are_threats() {
    let p = pipeline();
    assert_eq!(
        events(
            &p,
            "Washington pourrait imposer des sanctions à la Russie si elle attaque.",
            "fr"
        ),
        [ev("United States", Action::Threaten, Some("Russia"))]
    );
    assert_eq!(
        events(
            &p,
            "Washington could impose sanctions on Russia, officials said on Monday.",
            "en"
        ),
        [ev("United States", Action::Threaten, Some("Russia"))]
    );
}

#[test]
fn inverted_subject_after_a_quotation() {
    let p = pipeline();
    assert_eq!(
        events(
            &p,
            "« Le temps presse », a déclaré mercredi Sergueï Lavrov devant la presse.",
            "fr"
        ),
        [ev("Sergueï Lavrov", Action::Statement, None)]
    );
}

#[test]
fn quoted_acts_need_the_speaker_speaking_of_himself() {
    let p = pipeline();
    // Without the quotes stage, nothing inside quotation marks is coded.
    let text = "Petrov a parlé jeudi. « Nous appelons la Russie à la retenue », a-t-il dit.";
    assert!(events(&p, text, "fr").is_empty());
    // With a quote attributed by the quotes stage, the speaker's own act is his.
    let mut d = doc(text, "fr");
    let stages = pipeline();
    stages.run(&mut d).unwrap();
    let start = d.text().find("Nous").unwrap();
    let end = d.text().find("retenue").unwrap() + "retenue".len();
    d.quotes = vec![Quote {
        text: d.text()[start..end].to_owned(),
        start,
        end,
        kind: QuoteKind::Direct,
        speaker: Some("person:ivan-petrov".to_owned()),
        speaker_name: Some("Ivan Petrov".to_owned()),
        cue: None,
        speaker_mention: None,
    }];
    let events_stage = super::Events::new(&Resources {
        kb: Arc::new({
            let mut kb = KnowledgeBase::default();
            kb.add_jsonl("test.jsonl", KB).unwrap();
            kb
        }),
        packs: Arc::new(LangPacks::builtin()),
    })
    .unwrap();
    crate::Stage::run(&events_stage, &mut d).unwrap();
    let got: Vec<_> = d
        .events
        .iter()
        .map(|e| (e.actor_name.as_str(), e.action, e.target_name.as_deref()))
        .collect();
    assert_eq!(got, [("Ivan Petrov", Action::Appeal, Some("Russia"))]);
    // A third party's act inside the quotation stays his words.
    let mut d = doc("« La Russie a exigé des garanties », a dit Petrov.", "fr");
    stages.run(&mut d).unwrap();
    assert!(d.events.is_empty());
}

#[test]
fn dates_come_from_the_sentence_else_the_publication() {
    let p = pipeline();
    let mut d = doc("La Russie a exigé des garanties de l'Otan.", "fr");
    p.run(&mut d).unwrap();
    assert_eq!(d.events[0].date.as_deref(), Some("2022-01-12"));
    let ev = d.events[0].evidence;
    assert!(ev.slice(d.text()).contains("exigé"));
}

#[test]
fn headline_echoes_are_counted_once_and_documents_capped() {
    let p = pipeline();
    let text = "La Russie exige des garanties de l'Otan\n\nLa Russie a exigé mardi des garanties de l'Otan.";
    assert_eq!(events(&p, text, "fr").len(), 1);
    let long: String = (0..20)
        .map(|i| format!("Petrov{i} a condamné la Russie. Borrell a menacé la Russie de représailles numéro {i}. "))
        .collect();
    assert!(events(&p, &long, "fr").len() <= super::MAX_PER_DOC);
}

#[test]
fn tone_of_hostile_text_is_below_cooperative_text() {
    let p = pipeline();
    let cases = [
        (
            "fr",
            "La Russie menace et accuse l'Otan. Les tensions, la guerre et la crise inquiètent; les sanctions punissent une agression brutale et meurtrière.",
            "La Russie et l'Otan saluent un accord de paix. Le dialogue est constructif, l'espoir grandit et la coopération réussit dans la confiance.",
        ),
        (
            "en",
            "Russia threatens and accuses NATO. Tensions, war and crisis grow; sanctions punish a brutal and deadly aggression.",
            "Russia and NATO welcome a peace agreement. The dialogue is constructive, hope grows and cooperation succeeds in trust.",
        ),
    ];
    for (lang, hostile, friendly) in cases {
        let h = run(&p, doc(hostile, lang)).tone.unwrap();
        let f = run(&p, doc(friendly, lang)).tone.unwrap();
        assert!(h.score < 0.0 && f.score > 0.0, "{lang}: {h:?} vs {f:?}");
        assert!(h.negative > f.negative && h.positive < f.positive, "{lang}");
        assert!((h.score - (h.positive - h.negative)).abs() < 0.02);
    }
}

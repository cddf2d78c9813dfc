use std::sync::Arc;

use vigie_doc::{Doc, EntityType, Layout};
use vigie_kb::KnowledgeBase;

use crate::{LangPacks, Pipeline, Resources};

const KB: &str = r#"
{"id": "location:russia", "type": "location", "subtype": "country", "names": {"en": "Russia", "fr": "Russie"}, "demonyms": {"fr": ["russe", "russes", "Russes"], "en": ["Russian", "Russians"]}}
{"id": "location:moscow", "type": "location", "subtype": "city", "names": {"en": "Moscow", "fr": "Moscou"}, "stands_for": "location:russia"}
{"id": "location:minsk", "type": "location", "subtype": "city", "names": {"en": "Minsk", "fr": "Minsk"}}
{"id": "location:israel", "type": "location", "subtype": "country", "names": {"en": "Israel", "fr": "Israël"}}
{"id": "location:normandy", "type": "location", "subtype": "region", "names": {"en": "Normandy", "fr": "Normandie"}}
{"id": "organization:nato", "type": "organization", "names": {"en": "NATO", "fr": "OTAN"}, "aliases": ["Otan", "Alliance atlantique"]}
{"id": "organization:united-nations", "type": "organization", "names": {"en": "United Nations", "fr": "Nations unies"}, "aliases": ["UN", "ONU"]}
{"id": "organization:european-commission", "type": "organization", "names": {"en": "European Commission", "fr": "Commission européenne"}}
{"id": "person:sergei-lavrov", "type": "person", "names": {"en": "Sergei Lavrov", "fr": "Sergueï Lavrov"}, "aliases": ["Serguei Lavrov", "Сергей Лавров"], "gender": "m"}
{"id": "person:antony-blinken", "type": "person", "names": {"en": "Antony Blinken"}, "gender": "m"}
{"id": "person:josep-borrell", "type": "person", "names": {"en": "Josep Borrell"}, "gender": "m"}
{"id": "organization:le-courrier", "type": "organization", "subtype": "media", "names": {"en": "Le Courrier", "fr": "Le Courrier"}}
{"id": "organization:dispatch", "type": "organization", "subtype": "agency", "names": {"en": "Dispatch", "fr": "Dispatch"}}
"#;

fn pipeline() -> Pipeline {
    let mut kb = KnowledgeBase::default();
    kb.add_jsonl("test.jsonl", KB).unwrap();
    kb.add_given_names("Jane\nNathan\nTara\nAnna\n");
    let res = Resources {
        kb: Arc::new(kb),
        packs: Arc::new(LangPacks::builtin()),
    };
    ["clean", "lang", "segment", "entities"]
        .iter()
        .try_fold(Pipeline::builder(res), |b, s| b.stage(s))
        .unwrap()
        .build()
        .unwrap()
}

fn extract(text: &str) -> Doc {
    let mut doc = Doc {
        layout: Layout {
            raw: text.to_owned(),
            ..Layout::default()
        },
        ..Doc::default()
    };
    pipeline().run(&mut doc).unwrap();
    for e in &doc.entities {
        for m in &e.mentions {
            assert_eq!(
                &doc.text()[m.start..m.end],
                m.text,
                "mention offsets index the text"
            );
        }
    }
    doc
}

fn ids(doc: &Doc) -> Vec<&str> {
    doc.entities.iter().map(|e| e.id.as_str()).collect()
}

fn mentions<'d>(doc: &'d Doc, id: &str) -> Vec<&'d str> {
    doc.entities
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.mentions.iter().map(|m| m.text.as_str()).collect())
        .unwrap_or_default()
}

#[test]
fn spellings_and_titled_forms_are_one_person() {
    let doc = extract(
        "Le ministre russe des Affaires étrangères Sergueï Lavrov est arrivé à Genève mardi soir pour des entretiens. \
         M. Lavrov a ensuite rencontré la presse. Selon Serguei Lavrov, rien n'est décidé et Lavrov reste prudent.",
    );
    assert_eq!(
        mentions(&doc, "person:sergei-lavrov"),
        ["Sergueï Lavrov", "M. Lavrov", "Serguei Lavrov", "Lavrov"]
    );
    let lavrov = doc
        .entities
        .iter()
        .find(|e| e.id == "person:sergei-lavrov")
        .unwrap();
    assert_eq!(lavrov.canonical, "Sergueï Lavrov");
    assert!(
        lavrov.roles.iter().any(|r| r.contains("ministre")),
        "{:?}",
        lavrov.roles
    );
}

#[test]
fn capital_is_the_state_when_it_acts_and_the_city_when_it_is_the_place() {
    let doc = extract(
        "Moscou a exigé des garanties écrites de la part des Occidentaux. Les diplomates se sont retrouvés à Moscou lundi matin pour en parler.",
    );
    assert_eq!(mentions(&doc, "location:russia"), ["Moscou"]);
    assert_eq!(mentions(&doc, "location:moscow"), ["Moscou"]);
    assert!(
        !ids(&doc).iter().any(|i| i.contains("occidentaux")),
        "{:?}",
        ids(&doc)
    );
}

#[test]
fn acronyms_need_capitals_and_aliases_resolve() {
    let doc = extract(
        "Un responsable de l'Otan a parlé à l'ONU. Un diplomate de l'Alliance atlantique a confirmé la réunion avec l'OTAN.",
    );
    assert_eq!(
        mentions(&doc, "organization:nato"),
        ["Otan", "Alliance atlantique", "OTAN"]
    );
    assert_eq!(mentions(&doc, "organization:united-nations"), ["ONU"]);
    assert_eq!(doc.entities.len(), 2, "{:?}", ids(&doc));
}

#[test]
fn agreements_and_formats_give_no_place() {
    let doc = extract(
        "Les accords de Minsk et le format Normandie restent la base des pourparlers, a rappelé un diplomate. Il vit en Normandie depuis des années.",
    );
    assert!(
        mentions(&doc, "location:minsk").is_empty(),
        "{:?}",
        ids(&doc)
    );
    assert_eq!(mentions(&doc, "location:normandy"), ["Normandie"]);
}

#[test]
fn unknown_people_are_found_and_typed() {
    let doc = extract(
        "By Nathan Hodge, Tara John and Anna Chernova, CNN\n\nThe spokesperson Peter Quillfeather said on Monday that talks were over. \
         Quillfeather added that Jane Wobbleton would travel to Moscow.",
    );
    for id in [
        "person:nathan-hodge",
        "person:tara-john",
        "person:anna-chernova",
        "person:jane-wobbleton",
    ] {
        assert!(ids(&doc).contains(&id), "{id} missing from {:?}", ids(&doc));
    }
    assert_eq!(
        mentions(&doc, "person:peter-quillfeather"),
        ["Peter Quillfeather", "Quillfeather"]
    );
    let p = doc
        .entities
        .iter()
        .find(|e| e.id == "person:peter-quillfeather")
        .unwrap();
    assert!(!p.known);
    assert_eq!(p.kind, EntityType::Person);
}

#[test]
fn surnames_join_the_full_name_mentioned_earlier() {
    let doc = extract(
        "Antony Blinken a parlé avec Josep Borrell Fontelles. Blinken a ensuite appelé Borrell, puis Mme Sherman.",
    );
    assert_eq!(
        mentions(&doc, "person:antony-blinken"),
        ["Antony Blinken", "Blinken"]
    );
    assert_eq!(
        mentions(&doc, "person:josep-borrell"),
        ["Josep Borrell Fontelles", "Borrell"]
    );
    assert_eq!(mentions(&doc, "person:sherman"), ["Mme Sherman"]);
}

#[test]
fn partial_organisation_names_join_the_full_one() {
    let doc = extract(
        "La Commission européenne a publié un rapport jeudi. La Commission a ensuite précisé ses chiffres.",
    );
    assert_eq!(
        mentions(&doc, "organization:european-commission"),
        ["Commission européenne", "Commission"]
    );
}

#[test]
fn other_scripts_resolve_to_the_same_id() {
    let doc = extract(
        "Сергей Лавров заявил журналистам, что переговоры продолжатся в Женеве на следующей неделе.",
    );
    assert!(
        ids(&doc).contains(&"person:sergei-lavrov"),
        "{:?}",
        ids(&doc)
    );
}

proptest::proptest! {
    #[test]
    fn mentions_always_index_the_text(s in "([A-Z][a-zé]{0,8}|[a-z]{1,6}|M\\.|Mme|[,.«»\"']){0,40}( ){0,1}") {
        let text = s.replace("  ", " ");
        let _ = extract(&text);
    }
}

#[test]
fn a_common_noun_opening_a_sentence_is_not_a_place() {
    let kb = r#"{"id": "location:reunion", "type": "location", "subtype": "region", "names": {"en": "Réunion", "fr": "La Réunion"}, "aliases": ["Réunion"]}"#;
    let mut doc = Doc {
        layout: Layout {
            raw: "Réunion tendue à Bruxelles. La réunion a duré trois heures.".into(),
            ..Layout::default()
        },
        ..Doc::default()
    };
    let mut base = KnowledgeBase::default();
    base.add_jsonl("t.jsonl", kb).unwrap();
    let res = Resources {
        kb: Arc::new(base),
        packs: Arc::new(LangPacks::builtin()),
    };
    let p = ["clean", "lang", "segment", "entities"]
        .iter()
        .try_fold(Pipeline::builder(res), |b, s| b.stage(s))
        .unwrap()
        .build()
        .unwrap();
    p.run(&mut doc).unwrap();
    assert!(
        doc.entities.iter().all(|e| e.id != "location:reunion"),
        "{:?}",
        ids(&doc)
    );
}

#[test]
fn head_nouns_make_compound_places_and_organisations() {
    let doc = extract(
        "Le meeting s'est tenu au Zénith de Moscou, puis la finale au stade d'Olembé devant la Commission de l'Otan.",
    );
    assert!(
        ids(&doc).contains(&"location:zenith-de-moscou"),
        "{:?}",
        ids(&doc)
    );
    assert!(
        ids(&doc).contains(&"location:stade-d-olembe"),
        "{:?}",
        ids(&doc)
    );
    assert!(
        ids(&doc).contains(&"organization:commission-de-l-otan"),
        "{:?}",
        ids(&doc)
    );
    assert!(
        mentions(&doc, "location:moscow").is_empty()
            && mentions(&doc, "organization:nato").is_empty()
    );
}

#[test]
fn french_capitalised_pairs_are_people_english_ones_need_a_clue() {
    let fr = extract(
        "Le but a été marqué par Bakary Soumbalo à la dernière minute, devant un stade comble et ravi.",
    );
    assert!(
        ids(&fr).contains(&"person:bakary-soumbalo"),
        "{:?}",
        ids(&fr)
    );
    let en = extract(
        "The crisis is the worst since the Cold War ended, officials said on Monday in a long statement.",
    );
    assert!(en.entities.is_empty(), "{:?}", ids(&en));
}

#[test]
fn roles_in_apposition_are_attached() {
    let doc = extract(
        "Le ministre s'est exprimé. Jane Wobbleton, porte-parole du gouvernement, a confirmé la rencontre lundi.",
    );
    let p = doc
        .entities
        .iter()
        .find(|e| e.id == "person:jane-wobbleton")
        .unwrap();
    assert_eq!(p.roles, ["porte-parole du gouvernement"]);
}

/// The entity of this id, which must exist.
fn entity<'d>(doc: &'d Doc, id: &str) -> &'d vigie_doc::Entity {
    doc.entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", ids(doc)))
}

#[test]
fn unknown_companies_parties_courts_and_people_are_found_fr() {
    let doc = extract(
        "Le groupe Brindelle a annoncé jeudi la fermeture de son usine de Vernolles. \
         Nathan Dubreuil, patron de Brindelle, a reconnu un choc pour les salariés. \
         Le tribunal correctionnel de Lyon examinera la plainte du syndicat, \
         et le parti Vertago a demandé une commission d'enquête.",
    );
    for id in [
        "organization:brindelle",
        "person:nathan-dubreuil",
        "organization:tribunal-correctionnel-de-lyon",
        "organization:vertago",
        "location:vernolles",
    ] {
        assert!(!entity(&doc, id).known, "{id} is not in the knowledge base");
    }
    assert_eq!(
        mentions(&doc, "organization:brindelle"),
        ["Brindelle", "Brindelle"]
    );
    // A place inside an institution's name is no place of its own.
    assert!(!ids(&doc).contains(&"location:lyon"), "{:?}", ids(&doc));
}

#[test]
fn unknown_companies_parties_courts_and_people_are_found_en() {
    let doc = extract(
        "Shares of Quillmark fell on Tuesday after the firm cut its forecast. \
         Quillmark's chief executive, Jane Holloway, said the plant in Alderbury would stay open. \
         The case will be heard at Dorset Crown Court, and the Brightside Party called for an inquiry.",
    );
    for id in [
        "organization:quillmark",
        "person:jane-holloway",
        "organization:dorset-crown-court",
        "organization:brightside-party",
        "location:alderbury",
    ] {
        assert!(!entity(&doc, id).known, "{id} is not in the knowledge base");
    }
    assert_eq!(
        mentions(&doc, "organization:quillmark"),
        ["Quillmark", "Quillmark"]
    );
}

#[test]
fn organisation_names_run_over_links_conjunctions_and_demonyms() {
    let doc = extract(
        "The Bureau of Coastal Fisheries and Marine Safety said on Monday that the \
         Grain and Feed Authority would inspect the port. Engineers of the Tidewater \
         Organization of Russia and the Russian Rowing Federation agreed. \
         Jane Holloway and Nathan Crane left.",
    );
    for id in [
        "organization:bureau-of-coastal-fisheries-and-marine-safety",
        "organization:grain-and-feed-authority",
        "organization:tidewater-organization-of-russia",
        "organization:russian-rowing-federation",
        "person:jane-holloway",
        "person:nathan-crane",
    ] {
        assert!(ids(&doc).contains(&id), "{id} missing from {:?}", ids(&doc));
    }
    // The country inside the organisation's name is no mention of its own.
    assert!(!ids(&doc).contains(&"location:russia"), "{:?}", ids(&doc));
}

#[test]
fn a_lone_name_next_to_a_speech_verb_is_a_person() {
    let fr = extract(
        "Zofia Marecka a gagné la finale samedi. \"C'était dur\", a déclaré Marecka. \
         Le groupe Vantelle a annoncé des pertes, et Vantelle a précisé que l'usine fermerait.",
    );
    assert_eq!(
        mentions(&fr, "person:zofia-marecka"),
        ["Zofia Marecka", "Marecka"]
    );
    assert!(
        ids(&fr).contains(&"organization:vantelle"),
        "a name typed elsewhere keeps its type: {:?}",
        ids(&fr)
    );
    assert!(!ids(&fr).contains(&"person:vantelle"), "{:?}", ids(&fr));
    let en = extract(
        "Officials said the bridge would reopen. \"We will not wait,\" Okonkwo told reporters.",
    );
    assert_eq!(ids(&en), ["person:okonkwo"]);
}

#[test]
fn a_contraction_holds_the_article_of_a_known_name() {
    let doc = extract(
        "Dans un entretien accordé au Courrier, la ministre a défendu la réforme. \
         Les lecteurs du Courrier ont réagi. La Coupe du Courrier aura lieu en mai.",
    );
    assert_eq!(
        mentions(&doc, "organization:le-courrier"),
        ["Courrier", "Courrier"]
    );
}

#[test]
fn a_web_address_does_not_make_a_name_a_common_noun() {
    let doc = extract(
        "dispatch.com | 300 mots\n\nLONDRES (Dispatch) - Le gouvernement a annoncé un plan.",
    );
    assert!(
        ids(&doc).contains(&"organization:dispatch"),
        "{:?}",
        ids(&doc)
    );
}

#[test]
fn a_country_as_a_surname_is_a_person_not_the_country() {
    let fr = extract(
        "Nathan Israël, directeur de la société Vortalis, présentera le projet jeudi. \
         \"Nous sommes prêts\", a assuré M. Israël devant la presse.",
    );
    assert_eq!(
        mentions(&fr, "person:nathan-israel"),
        ["Nathan Israël", "M. Israël"]
    );
    assert!(!ids(&fr).contains(&"location:israel"), "{:?}", ids(&fr));
    let en = extract(
        "Tara Israel, who runs the ferry operator, said on Friday that crossings would resume.",
    );
    assert_eq!(mentions(&en, "person:tara-israel"), ["Tara Israel"]);
    assert!(!ids(&en).contains(&"location:israel"), "{:?}", ids(&en));
}

#[test]
fn places_the_knowledge_base_lacks_are_found_from_their_preposition() {
    let doc = extract(
        "Le site de Montcabrier (Haut-de-Sorbiers) fermera, comme les usines de Pradelles et Vaucourt. \
         Les pompiers sont intervenus près de Castelvieil (Bas-Sorbier) dans la nuit.",
    );
    for id in [
        "location:montcabrier",
        "location:haut-de-sorbiers",
        "location:pradelles",
        "location:vaucourt",
        "location:castelvieil",
        "location:bas-sorbier",
    ] {
        assert!(!entity(&doc, id).known, "{id}");
    }
    // A region's name in one written word is no person.
    assert!(
        doc.entities.iter().all(|e| e.kind != EntityType::Person),
        "{:?}",
        ids(&doc)
    );
    let en = extract("Flooding cut roads near Ashcombe and in Little Marlow on Sunday.");
    assert!(ids(&en).contains(&"location:ashcombe"), "{:?}", ids(&en));
}

#[test]
fn a_name_stops_where_another_begins() {
    let doc = extract(
        "Un entretien avec Jane Morvan de la Juventa Ravel, publié lundi, a surpris. \
         Jane Morvan a remercié ses coéquipiers.",
    );
    assert_eq!(
        mentions(&doc, "person:jane-morvan"),
        ["Jane Morvan", "Jane Morvan"]
    );
    assert_eq!(
        entity(&doc, "organization:juventa-ravel").kind,
        EntityType::Organization
    );
    let en = extract("Anna Kessler of the Brightside Party said the vote was lost.");
    assert_eq!(mentions(&en, "person:anna-kessler"), ["Anna Kessler"]);
    assert!(
        ids(&en).contains(&"organization:brightside-party"),
        "{:?}",
        ids(&en)
    );
}

#[test]
fn acronyms_join_their_expansion_and_parts_make_one_name() {
    let doc = extract(
        "La Cour de sûreté de l'État (CSE) a rendu sa décision. Les magistrats de la CSE ont rejeté le recours. \
         Outre le PS, la N-VA, le CD&V et le MR ont été consultés.",
    );
    assert_eq!(
        mentions(&doc, "organization:cour-de-surete-de-l-etat"),
        ["Cour de sûreté de l'État", "CSE", "CSE"]
    );
    assert!(ids(&doc).contains(&"organization:n-va"), "{:?}", ids(&doc));
    assert!(ids(&doc).contains(&"organization:cd-v"), "{:?}", ids(&doc));
}

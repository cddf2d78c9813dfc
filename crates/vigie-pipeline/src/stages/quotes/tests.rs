use std::sync::{Arc, OnceLock};

use vigie_doc::{Doc, Layout, Quote, QuoteKind};
use vigie_kb::KnowledgeBase;

use crate::{LangPacks, Pipeline, Resources};

const KB: &str = r#"
{"id": "location:russia", "type": "location", "subtype": "country", "names": {"en": "Russia", "fr": "Russie"}, "demonyms": {"fr": ["russe", "russes"], "en": ["Russian", "Russians"]}}
{"id": "organization:nato", "type": "organization", "names": {"en": "NATO", "fr": "OTAN"}, "aliases": ["Otan"]}
{"id": "organization:white-house", "type": "organization", "names": {"en": "White House", "fr": "Maison Blanche"}}
{"id": "organization:russian-defence-ministry", "type": "organization", "names": {"en": "Russian Defence Ministry", "fr": "ministère russe de la Défense"}}
{"id": "person:sergei-lavrov", "type": "person", "names": {"en": "Sergei Lavrov", "fr": "Sergueï Lavrov"}, "roles": {"fr": ["ministre russe des Affaires étrangères"]}, "gender": "m"}
{"id": "person:antony-blinken", "type": "person", "names": {"en": "Antony Blinken"}, "gender": "m"}
{"id": "person:josep-borrell", "type": "person", "names": {"en": "Josep Borrell"}, "gender": "m"}
{"id": "person:ursula-von-der-leyen", "type": "person", "names": {"en": "Ursula von der Leyen"}, "gender": "f"}
{"id": "person:vladimir-putin", "type": "person", "names": {"en": "Vladimir Putin", "fr": "Vladimir Poutine"}, "gender": "m"}
{"id": "person:jen-psaki", "type": "person", "names": {"en": "Jen Psaki"}, "gender": "f"}
"#;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let mut kb = KnowledgeBase::default();
        kb.add_jsonl("test.jsonl", KB).unwrap();
        let res = Resources {
            kb: Arc::new(kb),
            packs: Arc::new(LangPacks::builtin()),
        };
        ["clean", "lang", "segment", "entities", "quotes"]
            .iter()
            .try_fold(Pipeline::builder(res), |b, s| b.stage(s))
            .unwrap()
            .build()
            .unwrap()
    })
}

/// Runs the pipeline on a text whose first line is a title.
fn run(lang: &str, body: &str) -> Doc {
    let mut doc = Doc {
        lang: Some(lang.to_owned()),
        layout: Layout {
            raw: format!("Un titre\n\n{body}"),
            ..Layout::default()
        },
        ..Doc::default()
    };
    pipeline().run(&mut doc).unwrap();
    check(&doc);
    doc
}

/// The record's invariants: spans index the text, quotes do not overlap,
/// speakers are entities of the record.
fn check(doc: &Doc) {
    let text = doc.text();
    let mut last = 0;
    for q in &doc.quotes {
        assert_eq!(text.get(q.start..q.end), Some(q.text.as_str()));
        // Reported speech may hold marked words, and a statement reported
        // inside another one: only marked quotations never overlap.
        if q.kind != QuoteKind::Indirect {
            assert!(q.start >= last, "quotes overlap: {:?}", doc.quotes);
            last = q.end;
        }
        assert_eq!(q.speaker.is_some(), q.speaker_via.is_some(), "{q:?}");
        if let Some(id) = &q.speaker {
            assert!(doc.entities.iter().any(|e| &e.id == id));
            let m = q.speaker_mention.expect("a speaker comes with its mention");
            assert!(text.get(m.start..m.end).is_some());
        }
    }
}

fn quote<'d>(doc: &'d Doc, starts: &str) -> &'d Quote {
    doc.quotes
        .iter()
        .find(|q| q.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no quote {starts:?} in {:?}", doc.quotes))
}

fn speaker<'d>(doc: &'d Doc, starts: &str) -> Option<&'d str> {
    quote(doc, starts).speaker.as_deref()
}

fn quoted(doc: &Doc) -> Vec<&str> {
    doc.quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Indirect)
        .map(|q| q.text.as_str())
        .collect()
}

#[test]
fn fr_pronoun_after_the_quote_resolves_to_the_last_person() {
    let doc = run(
        "fr",
        "Sergueï Lavrov est arrivé à Genève lundi.\n\n« Nous attendons des réponses écrites et précises », a-t-il déclaré devant la presse.",
    );
    let q = quote(&doc, "Nous attendons");
    assert_eq!(q.speaker.as_deref(), Some("person:sergei-lavrov"));
    assert_eq!(q.speaker_name.as_deref(), Some("Sergueï Lavrov"));
    assert_eq!(q.cue.as_deref(), Some("a-t-il déclaré"));
    assert_eq!(q.kind, QuoteKind::Direct);
    let m = q.speaker_mention.unwrap();
    assert_eq!(&doc.text()[m.start..m.end], "Sergueï Lavrov");
}

#[test]
fn fr_pronoun_gender_skips_the_wrong_person() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a rencontré Ursula von der Leyen à Bruxelles.\n\n« Le dialogue doit continuer coûte que coûte », a-t-elle souligné.",
    );
    assert_eq!(
        speaker(&doc, "Le dialogue"),
        Some("person:ursula-von-der-leyen")
    );
}

#[test]
fn fr_inverted_subject_after_the_cue() {
    let doc = run(
        "fr",
        "« La sécurité de l'Europe ne se négocie pas sans nous », a affirmé Josep Borrell mardi.",
    );
    let q = quote(&doc, "La sécurité");
    assert_eq!(q.speaker.as_deref(), Some("person:josep-borrell"));
    assert_eq!(q.cue.as_deref(), Some("a affirmé"));
}

#[test]
fn fr_apposition_after_a_role() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a écrit aux Européens.\n\n« Nous restons prêts au dialogue », précise le chef de la diplomatie européenne Josep Borrell.",
    );
    assert_eq!(speaker(&doc, "Nous restons"), Some("person:josep-borrell"));
}

#[test]
fn fr_role_noun_prefers_the_person_it_describes() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a écrit à Josep Borrell la semaine dernière.\n\nLe ministre russe avait demandé une réponse « à titre national et non collectif ».",
    );
    assert_eq!(
        speaker(&doc, "à titre national"),
        Some("person:sergei-lavrov")
    );
}

#[test]
fn fr_communique_is_attributed_to_its_issuer() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a parlé jeudi. Les discussions ont été « franches et utiles », selon un communiqué de l'Otan.",
    );
    assert_eq!(speaker(&doc, "franches"), Some("organization:nato"));
}

#[test]
fn fr_state_named_by_a_demonym() {
    let doc = run(
        "fr",
        "La Russie a fermé ses frontières.\n\n« Quittez le pays par les moyens disponibles », recommande le gouvernement russe.",
    );
    assert_eq!(speaker(&doc, "Quittez"), Some("location:russia"));
}

#[test]
fn fr_anonymous_source_gets_no_speaker() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a parlé lundi.\n\n« Personne ne croit à une percée rapide », a confié un diplomate européen.",
    );
    assert_eq!(speaker(&doc, "Personne ne croit"), None);
}

#[test]
fn fr_joint_speakers_get_no_speaker() {
    let doc = run(
        "fr",
        "Antony Blinken et Sergueï Lavrov ont déclaré : « Les discussions continueront la semaine prochaine ».",
    );
    assert_eq!(speaker(&doc, "Les discussions"), None);
}

#[test]
fn fr_quote_over_two_paragraphs_keeps_its_speaker() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a tenu une conférence de presse.\n\n« Nous ne céderons rien sur l'élargissement de l'alliance.\n\n« Les garanties doivent être juridiques », a déclaré Antony Blinken.",
    );
    assert_eq!(
        speaker(&doc, "Nous ne céderons"),
        Some("person:antony-blinken")
    );
    assert_eq!(
        speaker(&doc, "Les garanties"),
        Some("person:antony-blinken")
    );
}

#[test]
fn fr_quote_split_by_an_incise_keeps_its_speaker() {
    let doc = run(
        "fr",
        "Josep Borrell est arrivé à Kiev.\n\n« Nous partons demain matin », a-t-il dit, « mais nous reviendrons très vite ».",
    );
    assert_eq!(speaker(&doc, "Nous partons"), Some("person:josep-borrell"));
    assert_eq!(
        speaker(&doc, "mais nous reviendrons"),
        Some("person:josep-borrell")
    );
}

#[test]
fn fr_partial_quote_inside_reported_speech() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a dénoncé une « ligne agressive » de l'Otan.",
    );
    let q = quote(&doc, "ligne agressive");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert_eq!(q.speaker.as_deref(), Some("person:sergei-lavrov"));
}

#[test]
fn fr_indirect_speech_without_marks() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a déclaré que les pourparlers reprendraient en janvier à Genève.",
    );
    let q = quote(&doc, "les pourparlers");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker.as_deref(), Some("person:sergei-lavrov"));
    assert_eq!(q.text, "les pourparlers reprendraient en janvier à Genève");
}

#[test]
fn fr_titles_names_headings_and_scare_quotes_are_not_quotes() {
    let doc = run(
        "fr",
        "« Empêcher toute escalade militaire »\n\nLe film « Illusions perdues » a triomphé. L'opération « Bouclier du Nord » a commencé. Moscou juge ces demandes « inacceptables ». Il évoque une ‘ligne rouge claire’.",
    );
    assert!(quoted(&doc).is_empty(), "{:?}", doc.quotes);
}

#[test]
fn fr_a_repeated_quote_is_listed_once() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a parlé d'un « moment de vérité ». Plus tard, il a répété ce « moment de vérité ».",
    );
    assert_eq!(quoted(&doc), ["moment de vérité"]);
}

#[test]
fn en_pronoun_with_told_reporters() {
    let doc = run(
        "en",
        "Vladimir Putin spoke on Tuesday.\n\n\"We have no intention of attacking anyone,\" he told reporters.",
    );
    let q = quote(&doc, "We have no");
    assert_eq!(q.text, "We have no intention of attacking anyone");
    assert_eq!(q.speaker.as_deref(), Some("person:vladimir-putin"));
    assert_eq!(q.cue.as_deref(), Some("told"));
}

#[test]
fn en_inverted_said() {
    let doc = run(
        "en",
        "“The door to diplomacy remains open,” said Antony Blinken on Friday.",
    );
    assert_eq!(speaker(&doc, "The door"), Some("person:antony-blinken"));
}

#[test]
fn en_apposition_after_an_organisation() {
    let doc = run(
        "en",
        "“We will respond decisively,” the White House press secretary, Jen Psaki, said.",
    );
    assert_eq!(speaker(&doc, "We will respond"), Some("person:jen-psaki"));
}

#[test]
fn en_statement_and_ministry() {
    let doc = run(
        "en",
        "The Russian Defence Ministry announced the drills on Monday. Antony Blinken was in Kyiv.\n\n“The exercise will last ten days,” the statement said.\n\n“The drills are routine and defensive,” the ministry said in a statement.",
    );
    assert_eq!(
        speaker(&doc, "The exercise"),
        Some("organization:russian-defence-ministry")
    );
    assert_eq!(
        speaker(&doc, "The drills"),
        Some("organization:russian-defence-ministry")
    );
}

#[test]
fn en_anonymous_and_joint_sources_get_no_speaker() {
    let doc = run(
        "en",
        "Antony Blinken spoke first.\n\n“Nobody expects a breakthrough,” a senior official said.\n\nAntony Blinken and Sergei Lavrov said: “Talks will continue next week.”",
    );
    assert_eq!(speaker(&doc, "Nobody expects"), None);
    assert_eq!(speaker(&doc, "Talks will"), None);
}

#[test]
fn en_names_and_single_quotes_are_not_quotes() {
    let doc = run(
        "en",
        "The military drills, called “Allied Resolve-2022,” began on Thursday. He spoke of a ‘clear red line’ again. The report “Strategic Outlook for Europe” was published.",
    );
    assert!(quoted(&doc).is_empty(), "{:?}", doc.quotes);
}

#[test]
fn hostile_marks_do_not_blow_up() {
    let long = "« a \" b “ c ".repeat(20_000);
    let doc = run("fr", &long);
    assert!(doc.quotes.len() < 20_000);
    let unclosed = format!("« {}", "mot ".repeat(50_000));
    let doc = run(
        "fr",
        &format!("{unclosed}\n\nSergueï Lavrov a dit « oui et non ». "),
    );
    assert_eq!(quoted(&doc), ["oui et non"]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn random_marks_keep_the_record_invariants(
        s in "([A-Za-zé ,.:]{0,8}(« |»|“|”|\"|„|‹|›|‘|’|\n\n)?){0,60}"
    ) {
        // `run` checks spans, boundaries, overlap and speakers.
        run("fr", &s);
        run("en", &s);
    }
}

#[test]
fn fr_coordinated_and_repeated_titles_are_not_quotes() {
    let doc = run(
        "fr",
        "Les deux textes sont appelés « traité sur les garanties de sécurité » et « accord sur les mesures de confiance ». Plus tard, le « traité sur les garanties de sécurité » a été publié. Le « format Normandie » reprend.",
    );
    assert!(quoted(&doc).is_empty(), "{:?}", doc.quotes);
}

#[test]
fn fr_a_cue_between_two_quotes_serves_each_side() {
    let doc = run(
        "fr",
        "Ursula von der Leyen est à Kiev. Elle dénonce « une violation massive du droit », regrette « une politique de puissance » et exhorte la Russie à partir.",
    );
    assert_eq!(
        speaker(&doc, "une violation"),
        Some("person:ursula-von-der-leyen")
    );
    assert_eq!(
        speaker(&doc, "une politique"),
        Some("person:ursula-von-der-leyen")
    );
}

/// Regression: a statement cue in the last sentence of a document made the
/// speaker window run past the last token (index out of bounds).
#[test]
fn statement_cue_at_the_very_end_of_the_document() {
    let doc = run(
        "fr",
        "Les discussions ont duré deux heures.\n\nMM. Dupont et Durand ont \"souligné la nécessité d'une action \
         coordonnée pour soutenir la paix\" pour la Russie, selon un communiqué du porte-parole du secrétaire \
         d'Etat américain, Ned Price.",
    );
    check(&doc);
    assert_eq!(
        quoted(&doc),
        ["souligné la nécessité d'une action coordonnée pour soutenir la paix"]
    );
}

fn via<'d>(doc: &'d Doc, starts: &str) -> Option<&'d str> {
    quote(doc, starts).speaker_via.as_deref()
}

fn indirect(doc: &Doc) -> Vec<&str> {
    doc.quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .map(|q| q.text.as_str())
        .collect()
}

#[test]
fn fr_speaker_via_pronoun_role_and_previous_paragraph() {
    let doc = run(
        "fr",
        "Sergueï Lavrov est arrivé à Genève lundi.\n\n« Nous attendons des réponses écrites », a-t-il déclaré.\n\nLe ministre a ensuite rencontré la presse. « Les garanties doivent être juridiques », a insisté le ministre.\n\nJosep Borrell a pris la parole devant le Parlement européen.\n\n« L'Europe doit parler d'une seule voix. »",
    );
    assert_eq!(
        speaker(&doc, "Nous attendons"),
        Some("person:sergei-lavrov")
    );
    assert_eq!(via(&doc, "Nous attendons"), Some("pronoun"));
    assert_eq!(speaker(&doc, "Les garanties"), Some("person:sergei-lavrov"));
    assert_eq!(via(&doc, "Les garanties"), Some("role"));
    assert_eq!(speaker(&doc, "L'Europe doit"), Some("person:josep-borrell"));
    assert_eq!(via(&doc, "L'Europe doit"), Some("previous"));
}

#[test]
fn en_speaker_via_pronoun_role_and_previous_paragraph() {
    let doc = run(
        "en",
        "Antony Blinken landed in Kyiv on Monday.\n\n“We stand with our partners,” he told reporters.\n\nSergei Lavrov arrived in Geneva later that day.\n\n“The talks were useful and frank,” the minister said.\n\nJen Psaki briefed reporters on Friday.\n\n“There is no change in our position on the talks.”",
    );
    assert_eq!(speaker(&doc, "We stand"), Some("person:antony-blinken"));
    assert_eq!(via(&doc, "We stand"), Some("pronoun"));
    assert_eq!(
        speaker(&doc, "The talks were"),
        Some("person:sergei-lavrov")
    );
    assert_eq!(via(&doc, "The talks were"), Some("role"));
    assert_eq!(speaker(&doc, "There is no"), Some("person:jen-psaki"));
    assert_eq!(via(&doc, "There is no"), Some("previous"));
}

#[test]
fn en_it_said_is_the_organisation() {
    let doc = run(
        "en",
        "The White House announced new measures on Monday.\n\n“We will respond to any attack,” it said.",
    );
    assert_eq!(speaker(&doc, "We will"), Some("organization:white-house"));
    assert_eq!(via(&doc, "We will"), Some("pronoun"));
}

#[test]
fn fr_reported_speech_with_que_inverted_and_selon() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a estimé jeudi que les garanties occidentales restaient insuffisantes.\n\nLes pourparlers reprendront en janvier à Genève, a-t-il dit.\n\nSelon Josep Borrell, l'Union européenne doit être associée aux discussions.\n\nLes sanctions resteront en place tout l'hiver, selon Ursula von der Leyen.",
    );
    let q = quote(&doc, "les garanties");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "les garanties occidentales restaient insuffisantes");
    assert_eq!(q.speaker.as_deref(), Some("person:sergei-lavrov"));
    assert_eq!(q.cue.as_deref(), Some("a estimé"));
    assert_eq!(q.speaker_via.as_deref(), Some("cue"));
    let q = quote(&doc, "Les pourparlers");
    assert_eq!(q.text, "Les pourparlers reprendront en janvier à Genève");
    assert_eq!(q.speaker.as_deref(), Some("person:sergei-lavrov"));
    assert_eq!(q.speaker_via.as_deref(), Some("pronoun"));
    let q = quote(&doc, "l'Union");
    assert_eq!(
        q.text,
        "l'Union européenne doit être associée aux discussions"
    );
    assert_eq!(q.speaker.as_deref(), Some("person:josep-borrell"));
    assert_eq!(q.speaker_via.as_deref(), Some("according_to"));
    let q = quote(&doc, "Les sanctions");
    assert_eq!(q.text, "Les sanctions resteront en place tout l'hiver");
    assert_eq!(q.speaker.as_deref(), Some("person:ursula-von-der-leyen"));
}

#[test]
fn fr_reported_speech_ends_at_a_second_reporting_clause() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a affirmé que la Russie ne menaçait personne et a ajouté que les manœuvres étaient purement défensives.",
    );
    assert_eq!(
        indirect(&doc),
        [
            "la Russie ne menaçait personne",
            "les manœuvres étaient purement défensives"
        ]
    );
    assert_eq!(speaker(&doc, "les manœuvres"), Some("person:sergei-lavrov"));
}

#[test]
fn en_reported_speech_with_and_without_that() {
    let doc = run(
        "en",
        "Antony Blinken said on Tuesday that the United States would respond firmly.\n\nJen Psaki said the administration was ready to talk.\n\nVladimir Putin told reporters he had no plans to invade.\n\nThe talks will resume in January, according to Josep Borrell.\n\nThe drills will end next week, the Russian Defence Ministry said.",
    );
    let q = quote(&doc, "the United States");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "the United States would respond firmly");
    assert_eq!(q.speaker.as_deref(), Some("person:antony-blinken"));
    assert_eq!(
        quote(&doc, "the administration").text,
        "the administration was ready to talk"
    );
    assert_eq!(
        speaker(&doc, "the administration"),
        Some("person:jen-psaki")
    );
    assert_eq!(
        speaker(&doc, "he had no plans"),
        Some("person:vladimir-putin")
    );
    let q = quote(&doc, "The talks will");
    assert_eq!(q.text, "The talks will resume in January");
    assert_eq!(q.speaker.as_deref(), Some("person:josep-borrell"));
    assert_eq!(q.speaker_via.as_deref(), Some("according_to"));
    assert_eq!(
        speaker(&doc, "The drills"),
        Some("organization:russian-defence-ministry")
    );
}

#[test]
fn no_reported_speech_from_noun_phrases_infinitives_questions_or_marks() {
    let doc = run(
        "fr",
        "Sergueï Lavrov a annoncé sa démission jeudi. Josep Borrell a exhorté la Russie à retirer ses troupes. Antony Blinken a demandé que faire maintenant ? « Il a dit que nous partirions demain », a raconté Josep Borrell.",
    );
    assert!(indirect(&doc).is_empty(), "{:?}", doc.quotes);
    let doc = run(
        "en",
        "Antony Blinken urged Russia to de-escalate. The White House announced new sanctions on Monday. Jen Psaki said the real question was whether Moscow wanted peace at all? “He said that we would leave tomorrow,” Josep Borrell recalled.",
    );
    assert!(indirect(&doc).is_empty(), "{:?}", doc.quotes);
}

#[test]
fn reported_speech_mixing_marked_words_keeps_both() {
    let doc = run(
        "fr",
        "Josep Borrell a estimé que la situation restait « extrêmement dangereuse » pour l'Europe.",
    );
    let q = quote(&doc, "la situation");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.text,
        "la situation restait « extrêmement dangereuse » pour l'Europe"
    );
    assert_eq!(speaker(&doc, "extrêmement"), Some("person:josep-borrell"));
}

#[test]
fn en_asides_and_participles_keep_the_sentence_subject() {
    let doc = run(
        "en",
        "Jen Psaki, who spoke after Sergei Lavrov, said the talks had been useful.\n\nAntony Blinken, the top diplomat of the White House team, said: “We are ready to resume the talks at any time.”\n\nJosep Borrell met Sergei Lavrov on Monday, adding that “the door remains open to everyone.”",
    );
    assert_eq!(speaker(&doc, "the talks had"), Some("person:jen-psaki"));
    assert_eq!(speaker(&doc, "We are ready"), Some("person:antony-blinken"));
    assert_eq!(speaker(&doc, "the door"), Some("person:josep-borrell"));
}

/// Every reported-speech look-ahead is bounded: a sentence made of
/// thousands of cues, complementizers and commas is read in linear time.
#[test]
fn hostile_reported_speech_stays_linear() {
    let started = std::time::Instant::now();
    let chain = format!("{}fin.", "Sergueï Lavrov a dit que ".repeat(20_000));
    run("fr", &chain);
    let tails = format!("Les troupes partiront{}.", ", a-t-il dit".repeat(20_000));
    run("fr", &tails);
    let bare = format!("{}end.", "he said they said ".repeat(20_000));
    run("en", &bare);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn a_dateline_is_no_part_of_a_reported_statement() {
    let doc = run(
        "en",
        "GENEVA — The talks will resume in January after the holidays, Josep Borrell said.",
    );
    assert_eq!(
        indirect(&doc),
        ["The talks will resume in January after the holidays"]
    );
    assert_eq!(speaker(&doc, "The talks"), Some("person:josep-borrell"));
}

#[test]
fn en_reported_speech_after_the_one_told_or_a_circumstance() {
    let doc = run(
        "en",
        "Vladimir Putin told reporters the proposal was dead and that no date had been set.\n\nJen Psaki said on Tuesday the White House could not accept the terms.\n\nAntony Blinken told the committee the sanctions were working.\n\nNATO said in a statement it would keep its troops in place.\n\nJosep Borrell said Monday the talks would resume.",
    );
    let q = quote(&doc, "the proposal");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert!(q.text.starts_with("the proposal was dead"), "{q:?}");
    assert_eq!(q.speaker.as_deref(), Some("person:vladimir-putin"));
    assert_eq!(
        quote(&doc, "the White House").text,
        "the White House could not accept the terms"
    );
    assert_eq!(speaker(&doc, "the White House"), Some("person:jen-psaki"));
    assert_eq!(
        quote(&doc, "the sanctions").text,
        "the sanctions were working"
    );
    assert_eq!(
        speaker(&doc, "the sanctions"),
        Some("person:antony-blinken")
    );
    assert_eq!(speaker(&doc, "it would keep"), Some("organization:nato"));
    let q = quote(&doc, "the talks would");
    assert_eq!(q.text, "the talks would resume");
    assert_eq!(q.speaker.as_deref(), Some("person:josep-borrell"));
}

#[test]
fn en_a_passive_report_states_nothing() {
    let doc = run(
        "en",
        "Antony Blinken was told to approve the deal on Friday or quit.\n\nThe deployment is believed to be its biggest since the Cold War.",
    );
    assert_eq!(indirect(&doc), Vec::<&str>::new());
}

#[test]
fn en_anonymous_sources_stay_null_after_a_named_speaker() {
    let doc = run(
        "en",
        "Jen Psaki said the talks were useful.\n\nThe port will close on Friday, a union official said.\n\nThe drills will end soon, an official said.",
    );
    assert_eq!(speaker(&doc, "the talks"), Some("person:jen-psaki"));
    let q = quote(&doc, "The port will close");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker, None);
    let q = quote(&doc, "The drills will end");
    assert_eq!(q.text, "The drills will end soon");
    assert_eq!(q.speaker, None);
}

#[test]
fn a_person_and_a_body_speaking_together_give_no_speaker() {
    let doc = run(
        "en",
        "Antony Blinken and NATO said that the reply had been delivered in Moscow.",
    );
    let q = quote(&doc, "the reply");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker, None);
}

#[test]
fn fr_inverted_subject_and_pronoun_of_reported_speech() {
    let doc = run(
        "fr",
        "Ursula von der Leyen a rencontré Josep Borrell à Bruxelles.\n\nLes sanctions resteront en place, estime Josep Borrell.\n\nLes négociations reprendront en janvier, a-t-elle indiqué.\n\nSergueï Lavrov juge que les garanties sont insuffisantes.",
    );
    assert_eq!(speaker(&doc, "Les sanctions"), Some("person:josep-borrell"));
    assert_eq!(
        speaker(&doc, "Les négociations"),
        Some("person:ursula-von-der-leyen")
    );
    assert_eq!(via(&doc, "Les négociations"), Some("pronoun"));
    let q = quote(&doc, "les garanties");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker.as_deref(), Some("person:sergei-lavrov"));
}

#[test]
fn en_an_aside_before_the_verb_holds_no_subject_and_a_genitive_owns_its_body() {
    let doc = run(
        "en",
        "Antony Blinken, who met Sergei Lavrov in talks hosted by Josep Borrell, said he had come away without any commitment.\n\nJosep Borrell left for Brussels. Russia's foreign ministry said the talks had been useful.",
    );
    assert_eq!(
        speaker(&doc, "he had come away"),
        Some("person:antony-blinken")
    );
    assert_eq!(speaker(&doc, "the talks had been"), Some("location:russia"));
}

#[test]
fn a_role_the_text_gives_a_name_lets_a_later_role_noun_speak_for_him() {
    // The last man named is Borrell; "le négociateur" is Blinken, as for the
    // events stage (the one mention tracker learns the role in both).
    let doc = run(
        "fr",
        "Le négociateur Antony Blinken a reçu Josep Borrell lundi.\n\n« Nous restons unis », a déclaré le négociateur.",
    );
    assert_eq!(speaker(&doc, "Nous restons"), Some("person:antony-blinken"));
    assert_eq!(via(&doc, "Nous restons"), Some("role"));
    let doc = run(
        "en",
        "The negotiator Antony Blinken met Josep Borrell on Monday.\n\n“We stand united,” the negotiator said.",
    );
    assert_eq!(speaker(&doc, "We stand"), Some("person:antony-blinken"));
    assert_eq!(via(&doc, "We stand"), Some("role"));
}

#[test]
fn a_pronoun_prefers_the_subject_of_the_sentence_naming_its_antecedent() {
    // Putin is the last man named, but as the object of Blinken's verb.
    let doc = run(
        "fr",
        "Antony Blinken a accusé Vladimir Poutine de mentir.\n\n« Nous répondrons à chaque provocation avec fermeté », a-t-il ajouté.",
    );
    assert_eq!(
        speaker(&doc, "Nous répondrons"),
        Some("person:antony-blinken")
    );
    let doc = run(
        "en",
        "Antony Blinken said Vladimir Putin had lied.\n\n“We will respond to every provocation with firmness,” he added.",
    );
    assert_eq!(speaker(&doc, "We will"), Some("person:antony-blinken"));
}

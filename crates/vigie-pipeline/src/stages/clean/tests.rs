use std::sync::Arc;

use proptest::prelude::*;
use vigie_kb::KnowledgeBase;

use super::*;
use crate::LangPacks;

/// Agencies and outlets as the knowledge base describes them (subtype
/// `agency` or `media`), for tests that must not depend on the shipped KB.
pub(super) const MEDIA_KB: &str = r#"
{"id": "organization:afp", "type": "organization", "subtype": "agency", "names": {"en": "AFP"}, "aliases": ["Agence France-Presse"]}
{"id": "organization:reuters", "type": "organization", "subtype": "agency", "names": {"en": "Reuters"}}
{"id": "organization:ap", "type": "organization", "subtype": "agency", "names": {"en": "AP"}, "aliases": ["Associated Press"]}
{"id": "organization:ats", "type": "organization", "subtype": "agency", "names": {"en": "ATS"}, "aliases": ["Keystone-ATS"]}
{"id": "organization:keystone-sda", "type": "organization", "subtype": "agency", "names": {"en": "Keystone-SDA"}}
{"id": "organization:the-canadian-press", "type": "organization", "subtype": "agency", "names": {"en": "The Canadian Press", "fr": "La Presse Canadienne"}}
{"id": "organization:cnn", "type": "organization", "subtype": "media", "names": {"en": "CNN"}}
"#;

fn stage() -> Clean {
    let mut kb = KnowledgeBase::default();
    kb.add_jsonl("media.jsonl", MEDIA_KB).unwrap();
    Clean::new(&Resources {
        kb: Arc::new(kb),
        packs: Arc::new(LangPacks::builtin()),
    })
    .unwrap()
}

fn clean(raw: &str) -> Doc {
    let mut doc = Doc {
        layout: vigie_doc::Layout {
            raw: raw.to_owned(),
            ..Default::default()
        },
        ..Doc::default()
    };
    stage().run(&mut doc).unwrap();
    doc
}

/// Noisy snippets and the text cleaning must leave (paragraphs joined by a blank line).
const TABLE: &[(&str, &str)] = &[
    // A date line with a URL, a headline caught twice, tags, og/xpath lines,
    // timestamps, an image, an author box, a contact block, locale and sizes.
    (
        " date 2023-05-16 https://radio.example/20230516/sommet-vienne.html\n\n\
         Sommet de Vienne: les Vingt-Sept cherchent une voix commune\n\n\
         Sommet de Vienne: les Vingt-Sept cherchent une voix commune\n\n\
         La présidente de la Commission a réuni mardi les ministres... 16.05.2023, Radio Vigie\n\n\
         2023-05-16T18:04+0200\n\n2023-05-16T18:04+0200\n\n\
         international\n\nautriche\n\nunion européenne (ue)\n\ndiplomatie\n\n\
         /html/head/meta[@name='og:title']/@content\n\n\
         https://cdn.radio.example/img/2023/05/vienne_1920x0.jpg\n\n\
         « Nous devons parler d'une seule voix », a déclaré la présidente devant la presse.\n\n\
         Radio Vigie redaction@radio.example +33 1 44 55 66 77 Paris\n\n\
         Marc Lestrade https://cdn.radio.example/img/auteurs/m-lestrade_100x100.jpg\n\n\
         Actus\n\nfr_FR\n\n1920 1080 true\n\n\
         international, autriche, union européenne (ue), diplomatie",
        "Sommet de Vienne: les Vingt-Sept cherchent une voix commune\n\n\
         La présidente de la Commission a réuni mardi les ministres... 16.05.2023, Radio Vigie\n\n\
         « Nous devons parler d'une seule voix », a déclaré la présidente devant la presse.",
    ),
    // Navigation, a markdown image, a credit, a byline, "Lire aussi".
    (
        "Skip to main content\n\
         ![Les ministres à Vienne [archives]](/img/2023/vienne.jpg)\n\
         Par Claire Dubois et Marc Lefort\n\
         VIENNE (AFP) - Les ministres se sont réunis mercredi.\n\
         Lire aussi : Le G7 se réunit à Hiroshima\n\
         Publicité\n\
         PHOTO PIERRE MARCHAND, ASSOCIATED PRESS\n\
         Ils reprendront jeudi.",
        "Par Claire Dubois et Marc Lefort\n\n\
         VIENNE (AFP) - Les ministres se sont réunis mercredi.\n\n\
         PHOTO PIERRE MARCHAND, ASSOCIATED PRESS\n\n\
         Ils reprendront jeudi.",
    ),
    // An English page: caption with glued chrome and credit, glued byline,
    // an embedded tweet with its picture link, "Read more…".
    (
        "Ministers hold emergency talks in Geneva\n\
         Camera IconForeign ministers arrive in Geneva. Credit: AP\n\
         Maria Lopez and Piotr NowakReuters\n\
         The ministers met on Tuesday, officials said.\n\
         We stand with Moldova. pic.twitter.com/Ab12Cd34 — Jane Roe (@janeroe) May 3, 2023\n\
         Read more…",
        "Ministers hold emergency talks in Geneva\n\n\
         Foreign ministers arrive in Geneva. Credit: AP\n\n\
         Maria Lopez and Piotr Nowak Reuters\n\n\
         The ministers met on Tuesday, officials said.\n\n\
         We stand with Moldova. — Jane Roe (@janeroe) May 3, 2023",
    ),
    // Hard-wrapped text with blank lines between paragraphs is rejoined;
    // CRLF line ends and a zero-width space do not leak into the text.
    (
        "Le Conseil de sécurité s'est réuni d'urgence lundi à New York pour\r\n\
         examiner la situation au Soudan.\r\n\r\n\
         \u{200b}Les diplomates ont quitté la salle vers minuit.\r\n",
        "Le Conseil de sécurité s'est réuni d'urgence lundi à New York pour examiner la situation au Soudan.\n\n\
         Les diplomates ont quitté la salle vers minuit.",
    ),
    // Lines without blank lines between are paragraphs; a lowercase subhead
    // alone among paragraphs stays, glued sentences stay glued.
    (
        "Les ministres ont quitté Vienne.Dans la soirée, ils ont publié un communiqué.\n\
         réponse commune\n\
         Le texte sera publié jeudi.",
        "Les ministres ont quitté Vienne.Dans la soirée, ils ont publié un communiqué.\n\n\
         réponse commune\n\n\
         Le texte sera publié jeudi.",
    ),
];

#[test]
fn cleaning_table() {
    for (raw, want) in TABLE {
        let doc = clean(raw);
        assert_eq!(doc.text(), *want, "raw:\n{raw}");
        assert_eq!(doc.layout.raw, *raw, "raw text is left intact");
        assert_eq!(doc.body_digest, vigie_doc::body_digest(doc.text()));
        assert_eq!(doc.doc_id, vigie_doc::doc_id(&doc.source, &doc.body_digest));
    }
}

#[test]
fn header_metadata() {
    let doc = clean(TABLE[0].0);
    assert_eq!(doc.published.as_deref(), Some("2023-05-16"));
    assert_eq!(
        doc.source.url.as_deref(),
        Some("https://radio.example/20230516/sommet-vienne.html")
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("Sommet de Vienne: les Vingt-Sept cherchent une voix commune")
    );
    assert_eq!(doc.source.outlet.as_deref(), Some("Radio Vigie"));
    assert_eq!(doc.layout.paragraphs[0].block, Block::Title);

    let doc = clean(
        "https://news.example/2023/geneva-talks\nGeneva talks open\nThe talks opened on Monday.",
    );
    assert_eq!(
        doc.source.url.as_deref(),
        Some("https://news.example/2023/geneva-talks")
    );
    assert_eq!(doc.published, None, "only the date line sets the date");

    let doc = clean(" date 2023-02 Le ministre est arrivé à Genève mardi.");
    assert_eq!(doc.published.as_deref(), Some("2023-02"));
    assert_eq!(doc.text(), "Le ministre est arrivé à Genève mardi.");
    assert_eq!(doc.title, None);

    let doc = clean(" date 2023-19-40 Une date impossible reste du texte.");
    assert_eq!(doc.published, None);
    assert!(doc.text().starts_with("date 2023-19-40"));
}

#[test]
fn blocks_agencies_and_outlet() {
    let doc = clean(TABLE[1].0);
    let blocks: Vec<Block> = doc.layout.paragraphs.iter().map(|p| p.block).collect();
    assert_eq!(
        blocks,
        [Block::Byline, Block::Body, Block::Byline, Block::Body]
    );
    assert_eq!(doc.source.agencies, ["AFP", "AP"]);
    assert_eq!(doc.title, None, "a dateline paragraph is not a headline");

    let doc = clean(TABLE[2].0);
    let blocks: Vec<Block> = doc.layout.paragraphs.iter().map(|p| p.block).collect();
    assert_eq!(blocks[..3], [Block::Title, Block::Body, Block::Byline]);
    assert_eq!(doc.source.agencies, ["AP", "Reuters"]);
    assert_eq!(
        doc.title.as_deref(),
        Some("Ministers hold emergency talks in Geneva")
    );

    let doc = clean(
        "By Jane Roe and Li Wei, CNN\n\nWASHINGTON (Reuters) - Talks resumed.\n\nIt was said to AFP that nothing changed.",
    );
    assert_eq!(doc.source.outlet.as_deref(), Some("CNN"));
    assert_eq!(
        doc.source.agencies,
        ["Reuters"],
        "an agency is credited, not merely named"
    );
}

#[test]
fn a_given_title_is_kept_and_found() {
    let mut doc = Doc {
        title: Some("Vienna summit opens".into()),
        layout: vigie_doc::Layout {
            raw: "Vienna summit opens\nLeaders arrived on Monday.".into(),
            ..Default::default()
        },
        ..Doc::default()
    };
    stage().run(&mut doc).unwrap();
    assert_eq!(doc.title.as_deref(), Some("Vienna summit opens"));
    assert_eq!(doc.layout.paragraphs[0].block, Block::Title);
}

#[test]
fn residue_only_leaves_an_empty_text() {
    let doc = clean(
        " date 2023-01-02 https://example.org/a.html\n\nPublicité\n\nhttps://cdn.example.org/x.jpg",
    );
    assert_eq!(doc.text(), "");
    assert!(doc.layout.paragraphs.is_empty());
    assert_eq!(doc.published.as_deref(), Some("2023-01-02"));
    assert_eq!(doc.title, None);
}

/// Lines that mix the residue shapes above with text, to drive the property test.
fn noisy_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" date 2023-05-16 https://a.example/x".to_owned()),
        Just("international".to_owned()),
        Just("Actus".to_owned()),
        Just("Par Claire Dubois et Marc Lefort".to_owned()),
        Just("Maria Lopez and Piotr NowakReuters".to_owned()),
        Just("Camera Icon".to_owned()),
        Just("pic.twitter.com/x".to_owned()),
        Just("Lire aussi".to_owned()),
        Just("a@b.example".to_owned()),
        Just("Le ministre a déclaré « non » à Genève,".to_owned()),
        Just("continué ici.".to_owned()),
        "\\PC{0,40}",
        any::<String>(),
    ]
}

fn noisy_text() -> impl Strategy<Value = String> {
    let sep = prop_oneof![
        Just("\n"),
        Just("\n\n"),
        Just("\r\n"),
        Just("\r"),
        Just(" ")
    ];
    proptest::collection::vec((noisy_line(), sep), 0..12).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(line, sep)| line + sep)
            .collect::<String>()
    })
}

proptest! {
    #[test]
    fn cleaning_never_panics_and_spans_index_the_text(raw in noisy_text()) {
        let mut doc = Doc {
            layout: vigie_doc::Layout { raw: raw.clone(), ..Default::default() },
            ..Doc::default()
        };
        if stage().run(&mut doc).is_ok() {
            let text = doc.text();
            let mut joined = Vec::new();
            let mut end = 0;
            for p in &doc.layout.paragraphs {
                prop_assert!(p.span.start >= end && p.span.end <= text.len());
                prop_assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
                prop_assert!(!p.span.is_empty());
                joined.push(p.span.slice(text));
                end = p.span.end;
            }
            prop_assert_eq!(joined.join("\n\n"), text);
        }
        prop_assert_eq!(doc.layout.raw, raw);
    }
}

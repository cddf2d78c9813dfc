//! End-to-end tests of `vigie extract`: the real binary on files it writes.

mod common;

use std::io::Write;

use common::{path_of, records, sample_dir, stderr, vigie, vigie_with_stdin, write};
use serde_json::Value;

const FR: &str = " date 2023-05-16\n\nSommet de Vienne: les ministres cherchent un accord\n\n\
VIENNE (AFP) - Le ministre autrichien des Affaires étrangères a reçu mardi ses homologues \
européens à Vienne. « Nous devons parler d'une seule voix », a-t-il déclaré.\n\nPublicité\n";

const EN: &str = "Ministers meet in Oslo\n\nOSLO - Nordic foreign ministers met on Tuesday \
in Oslo to discuss Arctic security, officials said.\n\nRead more…\n";

#[test]
fn a_folder_gives_one_record_per_document_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.txt", EN.as_bytes());
    write(dir.path(), "a.txt", FR.as_bytes());
    write(dir.path(), "sub/c.txt", EN.as_bytes());
    write(dir.path(), "notes.md", b"# not an article\n");
    let out = vigie(&["extract", "-q", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    let names: Vec<&str> = recs.iter().map(path_of).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[0].ends_with("a.txt"), "{names:?}");
    assert!(names[1].ends_with("b.txt"), "{names:?}");
    assert!(names[2].ends_with("c.txt"), "{names:?}");
    assert_eq!(recs[0]["lang"], "fr");
    assert_eq!(recs[0]["published"], "2023-05-16");
    assert_eq!(
        recs[0]["title"],
        "Sommet de Vienne: les ministres cherchent un accord"
    );
    assert_eq!(recs[1]["lang"], "en");
    assert!(
        recs.iter().all(|r| r.get("text").is_none()),
        "text only on request"
    );
    assert!(
        recs.iter()
            .all(|r| r["doc_id"].as_str().is_some_and(|d| !d.is_empty()))
    );
}

#[test]
fn format_json_is_one_array() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", FR.as_bytes());
    write(dir.path(), "b.txt", EN.as_bytes());
    let out = vigie(&[
        "extract",
        "-q",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).expect("one JSON array");
    assert_eq!(all.len(), 2);
    assert!(path_of(&all[1]).ends_with("b.txt"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let out = vigie_with_stdin(&["extract", "-q", "--with-text", "-"], Some(FR.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(path_of(&recs[0]), "-");
    let text = recs[0]["text"].as_str().unwrap();
    assert!(text.starts_with("Sommet de Vienne"), "{text}");
    assert!(!text.contains("Publicité"), "residue is dropped: {text}");

    let jsonl = "{\"text\": \"OSLO - Ministers met on Tuesday in Oslo.\", \"id\": 7}\n{\"text\": \"Les ministres se sont réunis mardi à Vienne.\"}\n";
    let out = vigie_with_stdin(&["extract", "-q", "-"], Some(jsonl.as_bytes()));
    let recs = records(&out);
    assert_eq!(recs.len(), 2, "{}", stderr(&out));
    assert_eq!(path_of(&recs[1]), "-:2");
    assert_eq!(recs[0]["source"]["id"], "7");
}

/// Every span of a record indexes the text printed with it.
fn check_offsets(rec: &Value) {
    let text = rec["text"].as_str().expect("--with-text prints the text");
    let check = |what: &str, item: &Value| {
        let (start, end) = (
            item["start"].as_u64().unwrap() as usize,
            item["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text.get(start..end),
            item["text"].as_str(),
            "{what} {item} in {}",
            path_of(rec)
        );
    };
    for entity in rec["entities"].as_array().unwrap() {
        for mention in entity["mentions"].as_array().unwrap() {
            check("mention", mention);
        }
    }
    for key in ["quotes", "dates", "amounts"] {
        for item in rec[key].as_array().into_iter().flatten() {
            check(key, item);
        }
    }
}

#[test]
fn with_text_offsets_index_the_printed_text() {
    let sample = sample_dir();
    let out = vigie(&["extract", "-q", "--with-text", sample.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert!(
        recs.len() >= 15,
        "13 articles and the JSONL records: {}",
        recs.len()
    );
    let mut mentions = 0;
    for rec in &recs {
        assert!(rec.get("error").is_none(), "{rec}");
        check_offsets(rec);
        mentions += rec["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["mentions"].as_array().unwrap().len())
            .sum::<usize>();
    }
    assert!(mentions > 0, "the sample has known entities");
    let langs: Vec<&str> = recs.iter().filter_map(|r| r["lang"].as_str()).collect();
    assert!(langs.contains(&"fr") && langs.contains(&"en"), "{langs:?}");
}

/// A gzip stream cut in the middle.
fn truncated_gzip(text: &str) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    let full = enc.finish().unwrap();
    full[..full.len() / 2].to_vec()
}

#[test]
fn bad_input_yields_error_records_in_place_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "01-good.txt", FR.as_bytes());
    write(
        d,
        "02-binary.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06",
    );
    let cp1252 =
        windows_1252("Le ministre a déclaré à Genève qu'il était prêt à négocier « sans délai ».");
    write(d, "03-cp1252.txt", &cp1252);
    write(d, "04-empty.txt", b"");
    write(
        d,
        "05-lines.jsonl",
        "{\"text\": \"OSLO - Ministers met on Tuesday.\"}\n{\"text\": \"cut here\"\n{\"text\": \"Les ministres se sont quittés jeudi.\"}\n"
            .as_bytes(),
    );
    let long = EN.repeat(200);
    write(d, "06-truncated.txt.gz", &truncated_gzip(&long));
    write(d, "07-good.txt", EN.as_bytes());
    let missing = d.join("no-such-file.txt");

    let out = vigie(&[
        "extract",
        "-q",
        "--with-text",
        d.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let recs = records(&out);
    let summary: Vec<(String, bool)> = recs
        .iter()
        .map(|r| {
            let name = path_of(r).rsplit('/').next().unwrap_or("").to_owned();
            (name, r.get("error").is_some())
        })
        .collect();
    let expected = [
        ("01-good.txt", false),
        ("02-binary.txt", true),
        ("03-cp1252.txt", false),
        ("04-empty.txt", true),
        ("05-lines.jsonl:1", false),
        ("05-lines.jsonl:2", true),
        ("05-lines.jsonl:3", false),
        ("06-truncated.txt.gz", true),
        ("07-good.txt", false),
        ("no-such-file.txt", true),
    ];
    let expected: Vec<(String, bool)> = expected.iter().map(|(n, e)| (n.to_string(), *e)).collect();
    assert_eq!(summary, expected);

    for rec in recs.iter().filter(|r| r.get("error").is_some()) {
        let keys: Vec<&String> = rec.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["error", "source"],
            "an error record is only source and error"
        );
        assert!(!rec["error"].as_str().unwrap().is_empty());
    }
    let error_of = |i: usize| recs[i]["error"].as_str().unwrap();
    assert!(error_of(1).contains("binary"), "{}", error_of(1));
    assert!(error_of(3).contains("empty"), "{}", error_of(3));
    assert!(error_of(5).contains("line 2"), "{}", error_of(5));
    assert!(error_of(7).contains("truncated"), "{}", error_of(7));
    assert!(error_of(9).contains("no-such-file.txt"), "{}", error_of(9));
    let text = recs[2]["text"].as_str().unwrap();
    assert!(
        text.contains("déclaré à Genève"),
        "windows-1252 is decoded: {text}"
    );
    assert!(
        stderr(&out).contains("05-lines.jsonl:2"),
        "{}",
        stderr(&out)
    );
}

/// windows-1252 bytes of a text whose characters are all Latin-1 letters
/// or guillemets, where windows-1252 and Latin-1 agree byte for byte.
fn windows_1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}

#[test]
fn usage_errors_exit_with_2() {
    let out = vigie(&["extract", "--no-such-flag", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vigie(&["extract"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// Short English expressions that detection alone reads as French.
const SHORT_EN: &str = "{\"text\": \"Sanctions\", \"lang\": \"en\"}\n\
{\"text\": \"Direction\", \"lang\": \"en-GB\"}\n\
{\"text\": \"Information\"}\n";

#[test]
fn a_language_the_caller_gives_is_kept() {
    let out = vigie_with_stdin(&["extract", "-q", "-"], Some(SHORT_EN.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let langs: Vec<Value> = records(&out).iter().map(|r| r["lang"].clone()).collect();
    assert_eq!(
        langs,
        ["en", "en", "fr"],
        "the JSONL field wins; detection decides the rest"
    );

    let out = vigie_with_stdin(
        &["extract", "-q", "--lang", "en", "-"],
        Some(SHORT_EN.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let langs: Vec<Value> = records(&out).iter().map(|r| r["lang"].clone()).collect();
    assert_eq!(langs, ["en", "en", "en"], "--lang stands in for detection");

    let fr = "{\"text\": \"Restaurant\", \"lang\": \"fr\"}\n";
    let out = vigie_with_stdin(&["extract", "-q", "--lang", "en", "-"], Some(fr.as_bytes()));
    assert_eq!(
        records(&out)[0]["lang"],
        "fr",
        "the input's own language wins over --lang"
    );

    let out = vigie(&["extract", "-q", "--lang", "english", "-"]);
    assert_eq!(out.status.code(), Some(2), "a bad code is a usage error");
    assert!(
        stderr(&out).contains("not a language code"),
        "{}",
        stderr(&out)
    );
}

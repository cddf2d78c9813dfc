//! `vigie export` on an `extract` output, through the real binary: every format, from a file
//! and from stdin.

mod common;

use common::{vigie, vigie_with_stdin};

const ARTICLE: &str = "GENÈVE, 3 mars (AFP) - Les pourparlers ont repris lundi.\n\n\
La Russie a accusé l'Ukraine de violer la trêve à Donetsk, a déclaré Sergueï Lavrov.\n\n\
« Nous ne céderons pas », a dit le ministre à Moscou.";

fn extract() -> Vec<u8> {
    let out = vigie_with_stdin(
        &["extract", "-", "--with-text", "-q", "--lang", "fr"],
        Some(ARTICLE.as_bytes()),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn gdelt_tables_have_the_codebook_column_counts() {
    let records = extract();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.jsonl");
    std::fs::write(&input, &records).unwrap();
    let input = input.to_str().unwrap();
    for (format, columns) in [
        ("gdelt-events", 61),
        ("gdelt-mentions", 16),
        ("gdelt-gkg", 27),
    ] {
        let out = vigie(&["export", "--input", input, "--format", format, "--header"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() >= 2, "{format}: a header and rows: {text}");
        for line in &lines {
            assert_eq!(line.split('\t').count(), columns, "{format}: {line}");
        }
    }
    // The record places its locations, and the GKG row lists them with their points.
    let record: serde_json::Value =
        serde_json::from_slice(records.split(|&b| b == b'\n').next().unwrap()).unwrap();
    let geo = record["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["canonical"] == "Donetsk")
        .and_then(|e| e.get("geo"))
        .unwrap_or_else(|| panic!("{record:#}"));
    assert_eq!(geo["country"], "UA");
}

#[test]
fn plover_reads_stdin_and_skips_error_records() {
    let mut records = extract();
    records.extend_from_slice(b"{\"source\": {\"path\": \"x\"}, \"error\": \"unreadable\"}\n");
    let out = vigie_with_stdin(
        &["export", "--input", "-", "--format", "plover"],
        Some(&records),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["event_type"].is_string(), "{v}");
        assert!(v["source"]["span"]["start"].is_u64());
    }
}

#[test]
fn csv_tables_have_a_header_and_one_row_per_event_and_quote() {
    let records = extract();
    let record: serde_json::Value =
        serde_json::from_slice(records.split(|&b| b == b'\n').next().unwrap()).unwrap();
    for (format, facet, columns) in [("csv-events", "events", 25), ("csv-quotes", "quotes", 12)] {
        let out = vigie_with_stdin(
            &["export", "--input", "-", "--format", format],
            Some(&records),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        let expected = record[facet].as_array().map_or(0, Vec::len);
        assert!(expected > 0, "the article has {facet}: {record:#}");
        assert_eq!(lines.len(), expected + 1, "{format}: {text}");
        assert!(lines[0].starts_with("doc_id,published,outlet,url,"));
        assert_eq!(lines[0].split(',').count(), columns, "{format}");
        let doc_id = record["doc_id"].as_str().unwrap();
        assert!(lines[1..].iter().all(|l| l.starts_with(doc_id)), "{text}");
    }
}

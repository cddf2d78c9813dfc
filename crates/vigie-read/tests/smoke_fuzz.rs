//! Stable "smoke fuzz": the entry points of fuzz/fuzz_targets/ (one per
//! reader, plus text decoding) run on mutated fixtures and random bytes, a
//! fixed number of cases, so CI exercises them without nightly or cargo-fuzz.
//!
//!   cargo test --release -p vigie-read --test smoke_fuzz -- --nocapture
//!   VIGIE_FUZZ_SECS=300 cargo test --release -p vigie-read --test smoke_fuzz -- --nocapture
//!
//! Each target runs VIGIE_FUZZ_CASES inputs (default 1 500, the same ones on
//! every run), or for VIGIE_FUZZ_SECS seconds when that is set. A panic fails the test and prints
//! the seed and case number that reproduce it; a stack overflow aborts the
//! process, which fails the run too.

use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use vigie_read::{Limits, SourceKind};

#[path = "../../../fuzz/src/rng.rs"]
mod rng;

use rng::Rng;

/// Tokens worth splicing into inputs: the syntax each reader cares about.
const TOKENS: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<p>",
    b"<script>",
    b"</script>",
    b"<!--",
    b"-->",
    b"<meta charset=\"windows-1252\">",
    b"<?xml version=\"1.0\" encoding=\"utf-16\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"&b;&b;\">]>",
    b"&a;",
    b"<![CDATA[",
    b"]]>",
    b"<rss><channel><item><title>",
    b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
    b"{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{",
    b"WARC/1.0\r\n",
    b"WARC-Type: response\r\n",
    b"Content-Length: 99999999999\r\n",
    b"Content-Length: 12\r\n\r\n",
    b"\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n",
    b"ffffffff\r\n",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3\xa9",
    b"\xc3",
    b"{\"text\":\"",
    b"\"}\n",
    b"\\u00c3\\u00a9",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            1 => {
                let tok = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, tok.iter().copied());
            }
            2 if !data.is_empty() => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            3 if !data.is_empty() => {
                // Duplicate a slice: nests, repeats records.
                let start = rng.below(data.len());
                let end = (start + rng.below(256)).min(data.len());
                let piece = data[start..end].to_vec();
                data.splice(at..at, piece);
            }
            4 => data.truncate(at),
            _ => {
                let n = rng.below(32);
                let noise: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(at..at, noise);
            }
        }
    }
    data
}

fn seeds(dir: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(root.join(dir))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    out.push(Vec::new());
    out
}

fn warc_seed() -> Vec<u8> {
    let page = b"<html><body><p>Le conseil a vot\xc3\xa9 le budget lundi soir.</p></body></html>";
    let block = [
        &b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"[..],
        &page[..],
    ]
    .concat();
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\r\nContent-Type: application/http\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    rec.extend(block);
    rec.extend(b"\r\n\r\n");
    rec.repeat(3)
}

/// By default a fixed number of cases and no time limit, so every CI run
/// tries the same inputs whatever the machine's load; VIGIE_FUZZ_SECS turns
/// it into a long, time-bounded run by hand.
fn budget() -> (Option<Duration>, usize) {
    let secs: Option<f64> = std::env::var("VIGIE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok());
    let default_cases = if secs.is_some() { usize::MAX } else { 1_500 };
    let cases = std::env::var("VIGIE_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_cases);
    (secs.map(Duration::from_secs_f64), cases)
}

fn run(name: &str, seeds: &[Vec<u8>], target: impl Fn(&[u8])) {
    let (time, cases) = budget();
    let seed = 0x9e37_79b9_7f4a_7c15 ^ name.len() as u64;
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut n = 0;
    let mut bytes = 0usize;
    while n < cases && time.is_none_or(|t| started.elapsed() < t) {
        let input = if rng.below(10) == 0 {
            (0..rng.below(512)).map(|_| rng.next() as u8).collect()
        } else {
            let pick = rng.below(seeds.len());
            mutate(&mut rng, &seeds[pick])
        };
        bytes += input.len();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target(&input)));
        assert!(
            result.is_ok(),
            "{name}: panic on case {n} (seed {seed:#x}); input {:?}",
            String::from_utf8_lossy(&input[..input.len().min(400)])
        );
        n += 1;
    }
    println!(
        "smoke fuzz {name}: {n} inputs, {:.1} MB, {:.1} s, no panic",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
}

fn through(kind: SourceKind) -> impl Fn(&[u8]) {
    move |data: &[u8]| {
        let limits = Limits {
            max_doc_bytes: 1 << 20,
        };
        let reader = Box::new(Cursor::new(data.to_vec()));
        for item in vigie_read::open_reader("fuzz", Some(kind), reader, limits) {
            drop(item);
        }
    }
}

#[test]
fn smoke_fuzz_html() {
    let mut s = seeds("html");
    s.retain(|b| b.len() < 20_000);
    s.extend(seeds("hostile"));
    run("read_html", &s, through(SourceKind::Html));
}

#[test]
fn smoke_fuzz_warc() {
    run("read_warc", &[warc_seed()], through(SourceKind::Warc));
}

#[test]
fn smoke_fuzz_feed() {
    let mut s = seeds("feeds");
    s.extend(seeds("hostile"));
    run("read_feed", &s, through(SourceKind::Feed));
}

#[test]
fn smoke_fuzz_jsonl() {
    let s = vec![
        b"{\"text\": \"Le conseil a vot\\u00c3\\u00a9.\", \"title\": \"t\", \"id\": 3}\n{\"text\": \"b\"}\n".to_vec(),
    ];
    run("read_jsonl", &s, through(SourceKind::Jsonl));
}

#[test]
fn smoke_fuzz_decode_text() {
    let s = seeds("encoding");
    run("decode_text", &s, |data| {
        let declared = vigie_read::sniff_declared_charset(data);
        if let Ok(d) = vigie_read::decode_declared(data, declared.as_deref()) {
            let _ = vigie_read::repair_mojibake(&d.text);
        }
        let _ = vigie_read::decode_bytes(data);
    });
}

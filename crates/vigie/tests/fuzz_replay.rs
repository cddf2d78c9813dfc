//! The fuzz harness of `fuzz/` (readers + clean), on stable and deterministic:
//! seeds (the sample corpus, `fuzz/corpus/read_bytes/seed-*`, tricky bytes
//! below) and mutations of them from a fixed-seed generator. Raise the number
//! of mutated cases with VIGIE_FUZZ_CASES; a failure prints the case number.

#[path = "../../../fuzz/src/harness.rs"]
mod harness;

use std::path::Path;

use harness::Harness;

#[path = "../../../fuzz/src/rng.rs"]
mod rng;

use rng::Rng;

/// Bytes the readers and the cleaner treat specially.
const TOKENS: &[&[u8]] = &[
    b" date 2023-05-16 ",
    b" date 2023-13-45",
    b"https://example.org/a.jpg",
    b"\n\n",
    b"\r\n",
    b"\r",
    b"\n",
    b"\xef\xbb\xbf",
    b"\xe2\x80\x8b",
    b"\0",
    b"\xff\xfe",
    b"\xc3",
    b"\x1f\x8b\x08\x00",
    b"{\"text\": \"",
    b"\"}\n",
    b"\\u0000",
    b"\\ud800",
    b"Camera Icon",
    b"pic.twitter.com/x",
    b"Lire aussi : ",
    b"Par Claire Dubois et Marc Lefort",
    b"NowakReuters",
    b"(AFP)",
    b"redaction@radio.example +33 1 23 45 67 89",
    b"2023-05-16T18:04+0200",
    b"1920 1080 true",
    b"international, russie, otan",
    b"\xc2\xab ",
    b" \xc2\xbb",
];

fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\n\n\n".to_vec(),
        b"\xef\xbb\xbf date 2023-01-02".to_vec(),
        b"{\"text\": \"a\"}\n{\"text\": 3}\n{\n".to_vec(),
        b"Le ministre a d\xe9clar\xe9 \xe0 Gen\xe8ve.".to_vec(),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for dir in ["corpus/sample", "fuzz/corpus/read_bytes"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if let Ok(bytes) = std::fs::read(&path) {
                seeds.push(bytes);
            }
        }
    }
    seeds
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 => data
                .splice(at..at, TOKENS[rng.below(TOKENS.len())].iter().copied())
                .for_each(drop),
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            2 => data.truncate(at),
            3 => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(256)).min(other.len());
                data.splice(at..at, other[from..to].iter().copied())
                    .for_each(drop);
            }
            _ => {
                let end = (at + rng.below(32)).min(data.len());
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy).for_each(drop);
            }
        }
    }
    data
}

#[test]
fn readers_and_clean_survive_the_fuzz_corpus() {
    let harness = Harness::new();
    let seeds = seeds();
    assert!(seeds.len() > 10, "the sample corpus is found");
    for seed in &seeds {
        harness.run(seed);
    }
    let cases: usize = std::env::var("VIGIE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let mut rng = Rng(0x5eed_f00d_cafe_d00d);
    for case in 0..cases {
        let data = mutate(&mut rng, &seeds);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| harness.run(&data)));
        assert!(
            outcome.is_ok(),
            "case {case} failed on {:?}",
            String::from_utf8_lossy(&data)
        );
    }
}

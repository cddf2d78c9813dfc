//! The analysis fuzz harness of `fuzz/` (every stage on text), on stable and
//! deterministic: each news paragraph of the harness with every inserted
//! character at both ends of every number, then mutations from a fixed-seed
//! generator and arbitrary character soup. Raise the number of generated
//! cases with VIGIE_FUZZ_CASES; a failure prints the text.

#[path = "../../../fuzz/src/analysis.rs"]
mod analysis;

use std::panic::{AssertUnwindSafe, catch_unwind};

use analysis::{Analysis, INSERTS, NEWS, news_with_inserts};

#[path = "../../../fuzz/src/rng.rs"]
mod rng;

use rng::Rng;

fn cases() -> usize {
    std::env::var("VIGIE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

fn survives(analysis: &Analysis, text: &str) {
    let outcome = catch_unwind(AssertUnwindSafe(|| analysis.run(text)));
    assert!(outcome.is_ok(), "failed on {text:?}");
}

/// Byte offsets where a digit run starts or ends: where "10–12", "2 %",
/// "« 3 »" and "1er" are made.
fn number_edges(text: &str) -> Vec<usize> {
    let mut edges = Vec::new();
    let mut prev_digit = false;
    for (i, c) in text.char_indices() {
        let digit = c.is_ascii_digit();
        if digit != prev_digit {
            edges.push(i);
        }
        prev_digit = digit;
    }
    if prev_digit {
        edges.push(text.len());
    }
    edges
}

#[test]
fn every_character_next_to_every_number_keeps_the_record_whole() {
    let analysis = Analysis::new();
    for news in NEWS {
        survives(&analysis, news);
        for at in number_edges(news) {
            for insert in INSERTS {
                let mut text = (*news).to_owned();
                text.insert_str(at, insert);
                survives(&analysis, &text);
            }
        }
    }
}

#[test]
fn mutated_news_keeps_the_record_whole() {
    let analysis = Analysis::new();
    let mut rng = Rng(0x00c0_ffee_d15e_a5e5);
    for _ in 0..cases() {
        let len = 1 + (rng.next() % 24) as usize;
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        survives(&analysis, &news_with_inserts(&data));
    }
}

#[test]
fn character_soup_keeps_the_record_whole() {
    let analysis = Analysis::new();
    let mut rng = Rng(0x0bad_5eed_1234_5678);
    for _ in 0..cases() {
        let mut text = String::new();
        for _ in 0..(rng.next() % 40) {
            let pick = rng.next();
            if pick.is_multiple_of(3) {
                text.push_str(INSERTS[(pick / 3) as usize % INSERTS.len()]);
            } else if let Some(c) = char::from_u32((pick >> 8) as u32 % 0x3000) {
                text.push(c);
            }
        }
        survives(&analysis, &text);
    }
}

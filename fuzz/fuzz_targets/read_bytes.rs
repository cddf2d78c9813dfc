//! Arbitrary bytes through the txt, jsonl and gzip readers and the clean stage.
//!
//!   cargo +nightly fuzz run read_bytes fuzz/corpus/read_bytes -- -max_total_time=60
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vigie_fuzz::Harness;

static HARNESS: OnceLock<Harness> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    HARNESS.get_or_init(Harness::new).run(data);
});

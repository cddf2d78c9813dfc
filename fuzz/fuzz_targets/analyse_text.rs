//! Arbitrary UTF-8 through the whole analysis pipeline.
//!
//!   cargo +nightly fuzz run analyse_text -- -max_total_time=60
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vigie_fuzz::Analysis;

static ANALYSIS: OnceLock<Analysis> = OnceLock::new();

fuzz_target!(|text: &str| {
    ANALYSIS.get_or_init(Analysis::new).run(text);
});

//! News paragraphs with dashes, spaces, quotation marks, currency signs and
//! combining accents inserted where the bytes say, through the whole pipeline.
//!
//!   cargo +nightly fuzz run analyse_news -- -max_total_time=60
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vigie_fuzz::{Analysis, news_with_inserts};

static ANALYSIS: OnceLock<Analysis> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    ANALYSIS.get_or_init(Analysis::new).run(&news_with_inserts(data));
});

//! Any bytes through the html reader: no panic, no hang, bounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_read::{Limits, SourceKind};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_doc_bytes: 1 << 20,
    };
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    for item in vigie_read::open_reader("fuzz", Some(SourceKind::Html), reader, limits) {
        drop(item);
    }
});

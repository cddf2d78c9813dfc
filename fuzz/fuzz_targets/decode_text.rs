//! Any bytes through charset sniffing, decoding and mojibake repair.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let declared = vigie_read::sniff_declared_charset(data);
    if let Ok(d) = vigie_read::decode_declared(data, declared.as_deref()) {
        let _ = vigie_read::repair_mojibake(&d.text);
    }
    let _ = vigie_read::decode_bytes(data);
});

//! Arbitrary bytes through the readers (plain text, JSON Lines, gzip) and the
//! `clean` stage, checking what must hold for any input: nothing panics, the
//! raw text is left intact, every paragraph span lies on char boundaries
//! inside the text, in order, and the doc id is the digest of the text.
//!
//! Shared by the cargo-fuzz target (`fuzz/fuzz_targets/read_bytes.rs`, run on
//! nightly) and the stable replay test (`crates/vigie/tests/fuzz_replay.rs`,
//! run by `cargo test`), so both exercise exactly the same code.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use vigie_doc::Doc;
use vigie_kb::KnowledgeBase;
use vigie_pipeline::{LangPacks, Pipeline, Resources};
use vigie_read::{Item, Limits};

/// Readers and the clean stage, built once, with a scratch folder the readers read from.
pub struct Harness {
    dir: tempfile::TempDir,
    clean: Pipeline,
    limits: Limits,
}

impl Harness {
    /// Builds the stage from the shipped knowledge base and language packs.
    pub fn new() -> Harness {
        let resources = Resources {
            kb: Arc::new(KnowledgeBase::builtin().expect("the shipped knowledge base loads")),
            packs: Arc::new(LangPacks::builtin()),
        };
        let clean = Pipeline::builder(resources)
            .stage("clean")
            .and_then(|b| b.build())
            .expect("the clean stage builds");
        Harness {
            dir: tempfile::tempdir().expect("a scratch folder"),
            clean,
            // Small, so that one input never takes long.
            limits: Limits {
                max_doc_bytes: 1 << 20,
            },
        }
    }

    /// Runs one input through every reader and the clean stage.
    pub fn run(&self, data: &[u8]) {
        // The readers choose by file name, then sniff gzip by its magic bytes.
        self.read("input.txt", data);
        self.read("input.jsonl", data);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(data).expect("compressing in memory");
        let gz = gz.finish().expect("compressing in memory");
        self.read("whole.txt.gz", &gz);
        self.read("cut.jsonl.gz", &gz[..gz.len() / 2]);
        // Clean also sees text no reader would accept (binary, empty).
        self.check(Doc {
            layout: vigie_doc::Layout {
                raw: String::from_utf8_lossy(data).into_owned(),
                ..Default::default()
            },
            ..Doc::default()
        });
    }

    fn read(&self, name: &str, bytes: &[u8]) {
        let path: PathBuf = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("writing to the scratch folder");
        for item in vigie_read::open(&path, self.limits) {
            match item {
                Item::Doc(doc) => self.check(*doc),
                Item::Failed(rec) => assert!(!rec.error.is_empty(), "an error says why"),
                Item::Note(_) => {}
            }
        }
    }

    fn check(&self, mut doc: Doc) {
        let raw = doc.layout.raw.clone();
        if let Err(e) = self.clean.run(&mut doc) {
            panic!("clean failed: {e}: {:?}", doc.warnings);
        }
        assert_eq!(doc.layout.raw, raw, "clean leaves the raw text intact");
        let text = doc.text();
        let mut end = 0;
        for p in &doc.layout.paragraphs {
            assert!(
                p.span.start >= end && p.span.start < p.span.end,
                "{:?}",
                p.span
            );
            assert!(
                p.span.end <= text.len(),
                "{:?} in {} bytes",
                p.span,
                text.len()
            );
            assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
            end = p.span.end;
        }
        assert_eq!(doc.body_digest, vigie_doc::body_digest(text));
        assert_eq!(doc.doc_id, vigie_doc::doc_id(&doc.source, &doc.body_digest));
    }
}

impl Default for Harness {
    fn default() -> Self {
        Harness::new()
    }
}

//! Throughput of the pipeline up to `quotes` on hostile inputs: one 200 kB
//! paragraph of mixed and unclosed quotation marks, a paragraph opened and
//! never closed, and many short quoted paragraphs with reporting cues.
//! Run with `cargo bench -p vigie-pipeline --bench quotes`.

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vigie_doc::{Doc, Layout};
use vigie_kb::KnowledgeBase;
use vigie_pipeline::{LangPacks, Pipeline, Resources};

fn pipeline(with_quotes: bool) -> Pipeline {
    let res = Resources {
        kb: Arc::new(KnowledgeBase::builtin().expect("the shipped knowledge base loads")),
        packs: Arc::new(LangPacks::builtin()),
    };
    let names: &[&str] = if with_quotes {
        &["clean", "lang", "segment", "entities", "quotes"]
    } else {
        &["clean", "lang", "segment", "entities"]
    };
    names
        .iter()
        .try_fold(Pipeline::builder(res), |b, s| b.stage(s))
        .and_then(|b| b.build())
        .expect("the pipeline builds")
}

fn inputs() -> Vec<(&'static str, String)> {
    let mixed = "Il a dit « oui “ non \" peut-être „ jamais ‹ encore » et puis ” ".repeat(3_200);
    let unclosed = format!(
        "« {}",
        "Sergueï Lavrov a déclaré que rien ne change, ".repeat(4_500)
    );
    let many = "« Nous ne céderons rien », a déclaré Sergueï Lavrov. Il a ajouté : « Les garanties doivent être juridiques ».\n\n"
        .repeat(1_800);
    vec![
        ("mixed_marks", mixed),
        ("unclosed", unclosed),
        ("many_quotes", many),
    ]
}

fn bench(c: &mut Criterion) {
    for with_quotes in [false, true] {
        let p = pipeline(with_quotes);
        let mut group = c.benchmark_group(if with_quotes {
            "with_quotes"
        } else {
            "without_quotes"
        });
        group.sample_size(10);
        for (name, text) in inputs() {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(name, |b| {
                b.iter(|| {
                    let mut doc = Doc {
                        lang: Some("fr".to_owned()),
                        layout: Layout {
                            raw: text.clone(),
                            ..Layout::default()
                        },
                        ..Doc::default()
                    };
                    p.run(&mut doc).expect("stages do not fail on text");
                    doc.quotes.len()
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

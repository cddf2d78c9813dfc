use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use vigie_doc::{Doc, Layout, StageWarning};
use vigie_kb::KnowledgeBase;

use crate::stages;
use crate::{Error, LangPacks, Result};

/// A part of the record a stage reads or writes; used to check stage order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// The raw text a reader produced.
    Raw,
    /// The cleaned text, title, publication date, source url, outlet, agencies, doc id.
    Text,
    /// The publication date, refined from what the page shows.
    Published,
    /// The document language.
    Lang,
    /// Tokens and sentences.
    Segments,
    /// Entities with mentions and roles.
    Entities,
    /// Quotations.
    Quotes,
    /// Date mentions.
    Dates,
    /// Amounts.
    Amounts,
    /// Events.
    Events,
    /// Tone.
    Tone,
    /// Gazetteer points of locations and events' places.
    Places,
}

/// What stages are built from: the knowledge base and the language packs.
#[derive(Debug, Clone)]
pub struct Resources {
    /// The actors.
    pub kb: Arc<KnowledgeBase>,
    /// The language data.
    pub packs: Arc<LangPacks>,
}

/// One step of the analysis.
///
/// A stage is built once (compiling its language data) and then run on many
/// documents from several threads, hence `Send + Sync` and `&self`.
pub trait Stage: Send + Sync {
    /// The stage's name, as used on the command line and in errors.
    fn name(&self) -> &'static str;
    /// Facets that must be filled before this stage runs.
    fn requires(&self) -> &'static [Facet];
    /// Facets this stage fills.
    fn assigns(&self) -> &'static [Facet];
    /// Runs the stage on one document.
    fn run(&self, doc: &mut Doc) -> Result<()>;
}

/// Builds a pipeline from stage names, checking their order.
pub struct PipelineBuilder {
    resources: Resources,
    stages: Vec<Box<dyn Stage>>,
}

impl PipelineBuilder {
    /// Appends a stage by name (see [`stages::NAMES`]).
    pub fn stage(mut self, name: &str) -> Result<Self> {
        let stage = stages::build(name, &self.resources)?;
        self.stages.push(stage);
        Ok(self)
    }

    /// Appends an already built stage.
    pub fn with(mut self, stage: Box<dyn Stage>) -> Self {
        self.stages.push(stage);
        self
    }

    /// Checks that each stage's requirements are assigned by an earlier stage.
    pub fn build(self) -> Result<Pipeline> {
        let mut assigned = vec![Facet::Raw];
        for stage in &self.stages {
            if let Some(&facet) = stage.requires().iter().find(|f| !assigned.contains(f)) {
                return Err(Error::Unmet {
                    stage: stage.name(),
                    facet,
                });
            }
            assigned.extend_from_slice(stage.assigns());
        }
        Ok(Pipeline {
            stages: self.stages,
            timings: None,
        })
    }
}

/// Ordered stages, run on one document at a time.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    /// Nanoseconds spent in each stage, summed over threads; only kept when
    /// asked for (`vigie bench`), so `extract` pays nothing for it.
    timings: Option<Vec<AtomicU64>>,
}

impl Pipeline {
    /// A builder with no stage yet.
    pub fn builder(resources: Resources) -> PipelineBuilder {
        PipelineBuilder {
            resources,
            stages: Vec::new(),
        }
    }

    /// Every stage Vigie has, in order.
    pub fn standard(resources: Resources) -> Result<Pipeline> {
        Self::standard_until(resources, stages::NAMES[stages::NAMES.len() - 1])
    }

    /// The standard stages in order, up to and including `last`: what a
    /// benchmark of the first stages runs.
    pub fn standard_until(resources: Resources, last: &str) -> Result<Pipeline> {
        let Some(end) = stages::NAMES.iter().position(|n| *n == last) else {
            return Err(Error::UnknownStage(last.to_owned()));
        };
        stages::NAMES[..=end]
            .iter()
            .try_fold(Pipeline::builder(resources), |b, name| b.stage(name))?
            .build()
    }

    /// Runs every stage on `doc`.
    ///
    /// A stage that returns an error or panics on this document leaves its
    /// facets empty and a [`StageWarning`] in the record; the later stages
    /// still run on what there is. One odd amount must not cost a page its
    /// entities and quotes, and a batch must never lose a document to a bug.
    ///
    /// Returns [`Error::Degraded`] naming the stages that failed; the
    /// document is a usable record either way.
    pub fn run(&self, doc: &mut Doc) -> Result<()> {
        let mut failed = Vec::new();
        for (i, stage) in self.stages.iter().enumerate() {
            let started = self.timings.as_ref().map(|_| Instant::now());
            let kept = Kept::before(stage.assigns(), doc);
            let outcome = catch_unwind(AssertUnwindSafe(|| stage.run(doc)));
            if let (Some(timings), Some(started)) = (&self.timings, started) {
                let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
                if let Some(total) = timings.get(i) {
                    total.fetch_add(nanos, Ordering::Relaxed);
                }
            }
            let error = match outcome {
                Ok(Ok(())) => continue,
                Ok(Err(e)) => e.to_string(),
                Err(panic) => format!("internal error: {}", panic_message(panic.as_ref())),
            };
            kept.restore(stage.assigns(), doc);
            failed.push(stage.name());
            doc.warnings.push(StageWarning {
                stage: stage.name().to_owned(),
                error,
            });
        }
        // A record is stored and joined by its id, even when cleaning failed.
        if doc.doc_id.is_empty() {
            doc.body_digest = vigie_doc::body_digest(&doc.layout.raw);
            doc.doc_id = vigie_doc::doc_id(&doc.source, &doc.body_digest);
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(Error::Degraded(failed))
        }
    }

    /// Starts measuring the time each stage takes (see [`Pipeline::timings`]).
    pub fn measure_stages(&mut self) {
        self.timings = Some(self.stages.iter().map(|_| AtomicU64::new(0)).collect());
    }

    /// Seconds spent in each stage so far, summed over threads, when measured.
    pub fn timings(&self) -> Vec<(&'static str, f64)> {
        let Some(timings) = &self.timings else {
            return Vec::new();
        };
        self.stages
            .iter()
            .zip(timings)
            .map(|(s, t)| (s.name(), t.load(Ordering::Relaxed) as f64 / 1e9))
            .collect()
    }

    /// Stage names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }
}

/// What a failed stage's facets go back to: empty, except the values a
/// reader may have set before the stage refined them (publication date,
/// language), which are kept as they were.
struct Kept {
    published: Option<String>,
    lang: Option<String>,
}

impl Kept {
    fn before(facets: &[Facet], doc: &Doc) -> Kept {
        Kept {
            published: facets
                .contains(&Facet::Published)
                .then(|| doc.published.clone())
                .flatten(),
            lang: facets
                .contains(&Facet::Lang)
                .then(|| doc.lang.clone())
                .flatten(),
        }
    }

    fn restore(self, facets: &[Facet], doc: &mut Doc) {
        for facet in facets {
            match facet {
                Facet::Raw => {}
                Facet::Text => {
                    doc.text = None;
                    doc.layout.paragraphs.clear();
                }
                Facet::Published => doc.published = self.published.clone(),
                Facet::Lang => doc.lang = self.lang.clone(),
                Facet::Segments => {
                    let raw = std::mem::take(&mut doc.layout.raw);
                    let paragraphs = std::mem::take(&mut doc.layout.paragraphs);
                    doc.layout = Layout {
                        raw,
                        paragraphs,
                        ..Layout::default()
                    };
                }
                Facet::Entities => doc.entities.clear(),
                Facet::Quotes => doc.quotes.clear(),
                Facet::Dates => doc.dates.clear(),
                Facet::Amounts => doc.amounts.clear(),
                Facet::Events => doc.events.clear(),
                Facet::Tone => doc.tone = None,
                Facet::Places => {
                    for e in &mut doc.entities {
                        e.geo = None;
                    }
                    for e in &mut doc.events {
                        e.place = None;
                    }
                }
            }
        }
    }
}

/// The message a panic carried, when it is text.
fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resources() -> Resources {
        Resources {
            kb: Arc::new(KnowledgeBase::default()),
            packs: Arc::new(LangPacks::builtin()),
        }
    }

    #[test]
    fn unknown_stage_is_refused() {
        let err = Pipeline::builder(resources())
            .stage("telepathy")
            .err()
            .unwrap();
        assert!(matches!(err, Error::UnknownStage(_)));
    }

    #[test]
    fn order_is_checked_before_any_document() {
        let err = Pipeline::builder(resources())
            .stage("entities")
            .unwrap()
            .build()
            .err()
            .unwrap();
        assert!(
            matches!(
                err,
                Error::Unmet {
                    stage: "entities",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn standard_pipeline_builds() {
        let p = Pipeline::standard(resources()).unwrap();
        assert_eq!(p.names(), stages::NAMES);
    }

    #[test]
    fn a_prefix_of_the_standard_pipeline_builds() {
        let p = Pipeline::standard_until(resources(), "entities").unwrap();
        assert_eq!(
            p.names(),
            ["clean", "lang", "segment", "published", "entities"]
        );
        let err = Pipeline::standard_until(resources(), "telepathy").err();
        assert!(matches!(err, Some(Error::UnknownStage(_))));
    }

    /// A stage that breaks on every document, the way a bug would.
    struct Broken {
        panics: bool,
    }

    impl Stage for Broken {
        fn name(&self) -> &'static str {
            "broken"
        }
        fn requires(&self) -> &'static [Facet] {
            &[Facet::Segments]
        }
        fn assigns(&self) -> &'static [Facet] {
            &[Facet::Amounts, Facet::Lang]
        }
        fn run(&self, doc: &mut Doc) -> Result<()> {
            // Half-done work that must not reach the record.
            doc.amounts.push(vigie_doc::Amount {
                text: "12".into(),
                start: 0,
                end: 2,
                value: 12.0,
                unit: None,
                approx: false,
                range: None,
            });
            doc.lang = Some("xx".into());
            if self.panics {
                let text = doc.text();
                let cut = text.find('–').map_or(0, |i| i + 1);
                // The defect class of issue 21: a slice inside a character.
                #[allow(clippy::string_slice)]
                let _ = &text[cut..];
                panic!("unreachable when the text has no dash");
            }
            Err(Error::Stage {
                stage: "broken",
                reason: "no luck".into(),
            })
        }
    }

    fn with_broken_stage(panics: bool) -> Doc {
        let mut pipeline = Pipeline::builder(resources());
        for name in ["clean", "lang", "segment", "published", "entities"] {
            pipeline = pipeline.stage(name).unwrap();
        }
        let pipeline = pipeline
            .with(Box::new(Broken { panics }))
            .stage("tone")
            .unwrap()
            .build()
            .unwrap();
        let mut doc = Doc {
            lang: Some("en".into()),
            layout: vigie_doc::Layout {
                raw: "Boys aged 10– to 12 met Emmanuel Macron in Paris on Monday.\n".into(),
                ..Default::default()
            },
            ..Doc::default()
        };
        let outcome = pipeline.run(&mut doc);
        assert!(
            matches!(&outcome, Err(Error::Degraded(stages)) if stages == &["broken"]),
            "{outcome:?}"
        );
        doc
    }

    #[test]
    fn a_panicking_stage_costs_only_its_own_facets() {
        let doc = with_broken_stage(true);
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        assert_eq!(doc.warnings[0].stage, "broken");
        assert!(
            doc.warnings[0].error.contains("char boundary"),
            "{}",
            doc.warnings[0].error
        );
        assert!(doc.amounts.is_empty(), "half-done work is dropped");
        assert_eq!(doc.lang.as_deref(), Some("en"), "the earlier value is kept");
        assert!(!doc.layout.tokens.is_empty());
        assert!(doc.tone.is_some(), "later stages still run");
        assert!(!doc.doc_id.is_empty());
    }

    #[test]
    fn a_failing_stage_is_a_warning_not_a_lost_document() {
        let doc = with_broken_stage(false);
        assert_eq!(
            doc.warnings,
            [StageWarning {
                stage: "broken".into(),
                error: "stage broken: no luck".into()
            }]
        );
        assert!(doc.amounts.is_empty());
        assert!(doc.tone.is_some());
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["warnings"][0]["stage"], "broken");
    }
}

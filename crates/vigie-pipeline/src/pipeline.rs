use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use vigie_doc::Doc;
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
    pub fn run(&self, doc: &mut Doc) -> Result<()> {
        let Some(timings) = &self.timings else {
            return self.stages.iter().try_for_each(|s| s.run(doc));
        };
        for (stage, total) in self.stages.iter().zip(timings) {
            let started = Instant::now();
            let result = stage.run(doc);
            let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
            total.fetch_add(nanos, Ordering::Relaxed);
            result?;
        }
        Ok(())
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
}

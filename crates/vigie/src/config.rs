//! Loaded resources: the knowledge base with the user's files, the language packs, the pipeline.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use vigie_kb::KnowledgeBase;
use vigie_pipeline::{LangPacks, Pipeline, Resources};

/// The built-in knowledge base extended with the user's files.
pub fn knowledge_base(extra: &[PathBuf]) -> Result<KnowledgeBase> {
    let mut kb = KnowledgeBase::builtin().context("loading the built-in knowledge base")?;
    for file in extra {
        kb.add_file(file).context("loading a --kb file")?;
    }
    Ok(kb)
}

/// The standard pipeline over the given knowledge base.
pub fn pipeline(kb: KnowledgeBase) -> Result<Pipeline> {
    Pipeline::standard(resources(kb)).context("building the pipeline")
}

/// The standard pipeline up to and including the stage `last`.
pub fn pipeline_until(kb: KnowledgeBase, last: &str) -> Result<Pipeline> {
    Pipeline::standard_until(resources(kb), last).context("building the pipeline")
}

fn resources(kb: KnowledgeBase) -> Resources {
    Resources {
        kb: Arc::new(kb),
        packs: Arc::new(LangPacks::builtin()),
    }
}

/// Sets the size of rayon's global pool.
pub fn threads(n: Option<usize>) -> Result<()> {
    if let Some(n) = n {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("starting worker threads")?;
    }
    Ok(())
}

/// Why a pipeline could not be built or a stage failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A stage name is not known.
    #[error("unknown stage {0:?}")]
    UnknownStage(String),
    /// A stage needs a facet that no earlier stage assigns.
    #[error("stage {stage:?} requires {facet:?}, which no earlier stage assigns")]
    Unmet {
        /// The stage.
        stage: &'static str,
        /// The missing facet.
        facet: crate::Facet,
    },
    /// A language pack file is malformed.
    #[error("language pack {lang}/{file}:{line}: {reason}")]
    Pack {
        /// Language code.
        lang: String,
        /// File in the pack.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// Stages failed on a document. The document still holds everything
    /// the other stages found, and a warning per failed stage.
    #[error("stages failed on this document: {}", .0.join(", "))]
    Degraded(Vec<&'static str>),
    /// A stage failed on a document.
    #[error("stage {stage}: {reason}")]
    Stage {
        /// The stage.
        stage: &'static str,
        /// What went wrong.
        reason: String,
    },
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;

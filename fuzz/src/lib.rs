//! Fuzz targets for Vigie's readers, its cleaning stage and the whole
//! analysis pipeline (cargo-fuzz layout). The harnesses are shared with the
//! stable replay tests of the `vigie` crate.

mod analysis;
mod harness;

pub use analysis::{Analysis, INSERTS, NEWS, news_with_inserts};
pub use harness::Harness;

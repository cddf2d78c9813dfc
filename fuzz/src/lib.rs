//! Fuzz targets for Vigie's readers and cleaning stage (cargo-fuzz layout).
//! The harness is shared with the stable replay test of the `vigie` crate.

mod harness;

pub use harness::Harness;

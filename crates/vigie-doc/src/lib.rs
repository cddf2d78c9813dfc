//! The record every part of Vigie speaks.
//!
//! A [`Doc`] is created by a reader (`vigie-read`), filled in by the analysis
//! stages of `vigie-pipeline`, and serialised as the JSON record described in
//! `CONTRACT.md`. This crate holds only data types and the few pure functions
//! that define them (the publication identity `doc_id`, the `body_digest`,
//! URL normalisation, span helpers); it does no I/O and no
//! analysis, so every other crate can depend on it.
//!
//! Offsets are byte offsets into [`Doc::text`], the cleaned text, end
//! exclusive. The `clean` stage fixes that text once; later stages never
//! change it, which is what keeps every span valid.
#![deny(missing_docs)]
// Text from input is sliced only through `str::get`: a byte offset inside a
// character (an en dash after a number, say) must not panic (issue 21).
// Tests slice directly, since a panic there is a failed assertion.
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod digest;
mod identity;
mod record;
mod span;

pub use digest::body_digest;
pub use identity::{doc_id, normalize_url, publication_key};
pub use record::*;
pub use span::Span;

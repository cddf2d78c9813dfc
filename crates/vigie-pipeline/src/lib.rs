//! The analysis pipeline: ordered stages that fill in one [`Doc`].
//!
//! A [`Pipeline`] is a list of [`Stage`]s run in order on each document. Each
//! stage has one job (clean the text, identify the language, find entities…),
//! declares the [`Facet`]s it `requires` and `assigns`, and is checked when the
//! pipeline is built: a stage whose requirement no earlier stage assigns is
//! refused before any document is read.
//!
//! Stages do no I/O and never print. Everything language-specific (reporting
//! verbs, month names, role words) is data in a [`LangPack`] loaded from the
//! repository's `lang/<code>/` folders; stages compile what they need from it
//! once, when they are built, and never branch on a language code.
//!
//! After `clean`, the text is frozen: every later stage adds spans into it and
//! none changes it.
#![deny(missing_docs)]
// Text from input is sliced only through `str::get`: a byte offset inside a
// character (an en dash after a number, say) must not panic (issue 21).
// Tests slice directly, since a panic there is a failed assertion.
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod clause;
mod error;
mod langpack;
mod pipeline;
pub mod stages;
pub mod text;

pub use error::{Error, Result};
pub use langpack::{LangPack, LangPacks};
pub use pipeline::{Facet, Pipeline, PipelineBuilder, Resources, Stage};
pub use vigie_doc::Doc;

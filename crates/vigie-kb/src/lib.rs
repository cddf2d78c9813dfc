//! The knowledge base of actors.
//!
//! Actors (countries, cities, organisations, leaders…) are data, not code:
//! JSON Lines files, one actor per line, embedded from the repository's `kb/`
//! folder and extended at run time with the user's own files (`--kb FILE`).
//! Each actor has a stable id, a name per language, aliases in any spelling
//! or script, roles, an optional CAMEO-style code and, for capitals, the state
//! they can stand for.
//!
//! Lookups go through [`fold`], which removes case, accents, apostrophe and
//! hyphen variants and transliterates other scripts, so "Sergueï Lavrov",
//! "SERGUEI LAVROV" and "Sergei Lavrov" compare by one key each and
//! "Сергей Лавров" by its transliteration. The crate does not find names in
//! text: that is the `entities` stage's job; it answers "which actor is this
//! string?".
#![deny(missing_docs)]
// Text from input is sliced only through `str::get`: a byte offset inside a
// character (an en dash after a number, say) must not panic (issue 21).
// Tests slice directly, since a panic there is a failed assertion.
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod actor;
mod error;
mod fold;
mod geo;
mod kb;

pub use actor::{Actor, Gender};
pub use error::{Error, Result};
pub use fold::{fold, fold_into};
pub use geo::{Gazetteer, Place, PlaceId};
pub use kb::{ActorId, KnowledgeBase};

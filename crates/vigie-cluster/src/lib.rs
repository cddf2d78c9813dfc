//! Near-duplicates and stories.
//!
//! Two questions are asked of every new article:
//!
//! * **Is it a relay of an earlier one?** The same wire story republished
//!   with edits, a cut, other quotation marks. [`minhash`] answers with
//!   MinHash signatures over word shingles; LSH band keys turn the search
//!   for candidates into a few key look-ups, O(1) per document.
//! * **Which story does it tell?** Articles on one event across outlets,
//!   days and languages share rare actors, events and wording within a few
//!   days. [`story`] scores a pair; [`assign`] places a document against a
//!   bounded set of candidates.
//!
//! The crate holds the algorithms only. Where the placed documents live is
//! behind the [`Index`] trait: `vigie-store` implements it over SQLite so a
//! store grows one article at a time, and [`MemIndex`] keeps one batch in
//! memory for `vigie extract`. Every hash is seeded with constants, so
//! signatures stored by one run stay comparable with the next.
//!
//! ```
//! use vigie_cluster::{MemIndex, Profile};
//! use vigie_doc::Doc;
//!
//! let text = "Le ministre a annoncé mardi à Paris un plan de soutien aux \
//!             agriculteurs touchés par la sécheresse de l'été dernier.";
//! let doc = |id: &str, t: &str| Doc { doc_id: id.into(), text: Some(t.into()), ..Doc::default() };
//! let mut index = MemIndex::default();
//! let first = index.add(Profile::of(&doc("a", text)));
//! let relay = index.add(Profile::of(&doc("b", &text.replace("mardi", "mardi 3 mai"))));
//! assert_eq!(first.duplicate_of, None);
//! assert_eq!(relay.duplicate_of.as_deref(), Some("a"));
//! assert_eq!(relay.story, first.story);
//! ```
#![deny(missing_docs)]
// Text from input is sliced only through `str::get`: a byte offset inside a
// character (an en dash after a number, say) must not panic (issue 21).
// Tests slice directly, since a panic there is a failed assertion.
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod assign;
pub mod minhash;
pub mod story;

pub use assign::{Assignment, Index, MemIndex, Member, assign, story_id};
pub use minhash::{Signature, signature};
pub use story::Profile;

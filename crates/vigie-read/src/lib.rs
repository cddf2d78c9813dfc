//! Readers: bytes on disk (or stdin) to [`vigie_doc::Doc`]s.
//!
//! A reader's only job is to turn an input into documents whose
//! `layout.raw` holds the decoded text and whose `source` says where it came
//! from. It does not clean the text, detect the language or analyse anything:
//! that is `vigie-pipeline`'s work. Keeping reading apart means a new input
//! format is one new module here and nothing else changes.
//!
//! Inputs are read lazily: [`open`] returns an iterator that decodes one
//! document at a time, so a JSON Lines file of any size is streamed. Every
//! failure is an [`Item::Failed`] naming the file (and line) with the reason,
//! and iteration goes on with the next document.
#![deny(missing_docs)]
// Text from input is sliced only through `str::get`: a byte offset inside a
// character (an en dash after a number, say) must not panic (issue 21).
// Tests slice directly, since a panic there is a failed assertion.
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod decode;
mod error;
mod feed;
mod html;
mod input;
mod jsonl;
mod text;
mod warc;

pub use decode::{
    Decoded, charset_of_content_type, decode_bytes, decode_declared, repair_mojibake,
    sniff_declared_charset,
};
pub use error::{Error, Result};
pub use feed::parse_feed;
pub use html::{
    Article, Extractor, MAX_DEPTH, article_body, extract_article, fragment_text, nesting_depth,
};
pub use input::{Item, Limits, Note, SourceKind, expand, open, open_reader, open_stdin};
pub use warc::Records as WarcRecords;

/// The ISO 639-1 code of a language tag ("fr", "fr-CH", "en_GB", "EN"), or
/// None when the tag does not start with one. Shared by every place a
/// language is declared: JSON Lines `lang`, HTML metadata, `--lang`.
pub fn language_code(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.trim();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

/// Reads a fetched HTML page as one document, as a page on disk is read:
/// `source` is filled from the page's metadata where it is empty, and
/// `charset` (an HTTP `Content-Type` parameter) outranks the page's own
/// declaration. Used by `vigie-watch` for the articles it fetches.
pub fn read_page(source: vigie_doc::Source, bytes: &[u8], charset: Option<&str>) -> Item {
    html::page_item(source, bytes, charset)
}

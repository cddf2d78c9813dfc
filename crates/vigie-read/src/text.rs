use std::io::BufRead;

use vigie_doc::{Doc, Format, Layout};

use crate::input::{read_bounded, source_for};
use crate::{Error, Item, Limits, decode_bytes};

/// A plain text file is one document.
pub(crate) fn read(shown: &str, mut reader: Box<dyn BufRead + Send>, limits: Limits) -> Item {
    let source = source_for(shown, Format::Text);
    let decoded =
        read_bounded(&mut reader, limits.max_doc_bytes).and_then(|bytes| decode_bytes(&bytes));
    match decoded {
        Ok(d) if d.text.trim().is_empty() => Item::failed(source, &Error::Empty),
        Ok(d) => Item::Doc(Box::new(Doc {
            source,
            layout: Layout {
                raw: d.text,
                ..Layout::default()
            },
            ..Doc::default()
        })),
        Err(e) => Item::failed(source, &e),
    }
}

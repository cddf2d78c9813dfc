use std::io::{BufRead, Read};

use serde::Deserialize;
use vigie_doc::{Doc, Format, Layout, Source};

use crate::input::{describe_io, source_for};
use crate::{Error, Item, Limits, decode_bytes, repair_mojibake};

/// The fields a JSON Lines document may carry; only `text` is required.
#[derive(Deserialize)]
struct Line {
    text: String,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    id: Option<serde_json::Value>,
    /// The language the caller knows the text is in: kept, never guessed
    /// over (a one-line headline is too short to detect reliably).
    lang: Option<String>,
}

/// Streams the documents of a JSON Lines file, one per non-blank line.
pub(crate) struct Lines {
    shown: String,
    reader: Box<dyn BufRead + Send>,
    limits: Limits,
    line_no: usize,
    done: bool,
}

impl Lines {
    pub(crate) fn new(shown: String, reader: Box<dyn BufRead + Send>, limits: Limits) -> Self {
        Lines {
            shown,
            reader,
            limits,
            line_no: 0,
            done: false,
        }
    }

    fn source(&self) -> Source {
        source_for(&format!("{}:{}", self.shown, self.line_no), Format::Jsonl)
    }

    fn parse(&self, bytes: &[u8]) -> crate::Result<Doc> {
        let line = self.line_no;
        let text = decode_bytes(bytes)?.text;
        let parsed: Line = serde_json::from_str(&text).map_err(|e| Error::Jsonl {
            line,
            reason: e.to_string(),
        })?;
        if parsed.text.trim().is_empty() {
            return Err(Error::Jsonl {
                line,
                reason: "empty \"text\"".into(),
            });
        }
        let id = parsed.id.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        let source = Source {
            url: parsed.url,
            outlet: parsed.outlet,
            id,
            ..self.source()
        };
        Ok(Doc {
            source,
            title: parsed.title,
            published: parsed.published,
            lang: parsed.lang.as_deref().and_then(crate::language_code),
            layout: Layout {
                // JSON escapes ("\u00c3\u00a9") survive byte-level repair.
                raw: repair_mojibake(&parsed.text).unwrap_or(parsed.text),
                ..Layout::default()
            },
            ..Doc::default()
        })
    }
}

impl Iterator for Lines {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            let mut buf = Vec::new();
            self.line_no += 1;
            let limit = self.limits.max_doc_bytes;
            let read = (&mut self.reader)
                .take(limit + 1)
                .read_until(b'\n', &mut buf);
            match read {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) if n as u64 > limit && !buf.ends_with(b"\n") => {
                    // Skip the rest of the oversized line so the next one is read whole.
                    let mut sink = Vec::new();
                    let rest = loop {
                        sink.clear();
                        match (&mut self.reader)
                            .take(1 << 20)
                            .read_until(b'\n', &mut sink)
                        {
                            Ok(0) => break Ok(()),
                            Ok(_) if sink.ends_with(b"\n") => break Ok(()),
                            Ok(_) => continue,
                            Err(e) => break Err(e),
                        }
                    };
                    if rest.is_err() {
                        self.done = true;
                    }
                    let err = Error::TooLarge {
                        size: n as u64,
                        limit,
                    };
                    return Some(Item::failed(self.source(), &err));
                }
                Ok(_) => {
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(match self.parse(&buf) {
                        Ok(doc) => Item::Doc(Box::new(doc)),
                        Err(e) => Item::failed(self.source(), &e),
                    });
                }
                Err(e) => {
                    self.done = true;
                    return Some(Item::failed(self.source(), &Error::Io(describe_io(&e))));
                }
            }
        }
        None
    }
}

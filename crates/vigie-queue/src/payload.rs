//! What a queued message carries and what names it: the document as a
//! reader gave it (its raw text and metadata, before any analysis), its
//! subject and its message id.

use serde::{Deserialize, Serialize};
use vigie_doc::{Doc, Layout, Source};

use crate::Error;

/// Version of the payload's JSON shape, so a worker can refuse (and
/// dead-letter, payload intact) a message a newer publisher wrote.
const VERSION: u32 = 1;

/// The bytes of a subject token kept from a source's name: enough to tell
/// outlets apart in `nats stream` listings, short enough for any subject.
const MAX_TOKEN: usize = 48;

/// A read, unanalysed document: what a reader of `vigie-read` produced,
/// which is all the worker needs to run the pipeline.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    v: u32,
    source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    raw: String,
}

/// The message body for `doc`: its source, the metadata a reader may set
/// (publication date, title, declared language) and its raw text.
pub fn encode(doc: &Doc) -> Result<Vec<u8>, Error> {
    let payload = Payload {
        v: VERSION,
        source: doc.source.clone(),
        published: doc.published.clone(),
        title: doc.title.clone(),
        lang: doc.lang.clone(),
        raw: doc.layout.raw.clone(),
    };
    serde_json::to_vec(&payload).map_err(Error::Encode)
}

/// The document a message body holds, ready for the pipeline.
pub fn decode(bytes: &[u8]) -> Result<Doc, Error> {
    let p: Payload = serde_json::from_slice(bytes).map_err(Error::Decode)?;
    if p.v != VERSION {
        return Err(Error::Version(p.v));
    }
    Ok(Doc {
        source: p.source,
        published: p.published,
        title: p.title,
        lang: p.lang,
        layout: Layout {
            raw: p.raw,
            ..Layout::default()
        },
        ..Doc::default()
    })
}

/// The message id (`Nats-Msg-Id`): the identity `doc_id` gives the
/// publication (the caller's id, else the normalised URL, else the path
/// and position), so the server drops a second publish of it. A document
/// that names none of these (standard input) is named by the digest of its
/// raw text, as the clean stage would name it by its cleaned body, which
/// does not exist before analysis.
pub fn message_id(doc: &Doc) -> String {
    match vigie_doc::publication_key(&doc.source) {
        Some(_) => vigie_doc::doc_id(&doc.source, ""),
        None => vigie_doc::body_digest(&doc.layout.raw),
    }
}

/// The subject a document is published on: `vigie.raw.<source>`, where
/// the source is the outlet's name, else the input file's, else the URL's
/// host, else `stdin`, reduced to a subject token (ASCII letters, digits,
/// `_` and `-`).
pub fn subject(prefix: &str, source: &Source) -> String {
    let name = source
        .outlet
        .as_deref()
        .or_else(|| source.path.as_deref().map(file_name))
        .or_else(|| source.url.as_deref().and_then(host))
        .unwrap_or("stdin");
    format!("{prefix}.{}", token(name))
}

/// The file a reader's path names, without the record's position
/// (`news.jsonl:12`, `crawl.warc#3`) or its folders.
fn file_name(path: &str) -> &str {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.split([':', '#']).next().unwrap_or(file)
}

fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#', ':'])
        .next()
        .filter(|h| !h.is_empty())
}

/// `name` as one subject token: transliterated to ASCII, lowercase, every
/// other character (`.` separates tokens, `*` and `>` are wildcards, spaces
/// end a subject) turned into one `_`.
fn token(name: &str) -> String {
    let mut out = String::with_capacity(name.len().min(MAX_TOKEN));
    for c in any_ascii::any_ascii(name).chars() {
        if out.len() >= MAX_TOKEN {
            break;
        }
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("unnamed");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(source: Source, raw: &str) -> Doc {
        Doc {
            source,
            title: Some("Titre".into()),
            lang: Some("fr".into()),
            published: Some("2026-03-02".into()),
            layout: Layout {
                raw: raw.into(),
                ..Layout::default()
            },
            ..Doc::default()
        }
    }

    #[test]
    fn a_payload_gives_back_the_read_document() {
        let source = Source {
            url: Some("https://www.example.org/a?utm_source=x".into()),
            outlet: Some("La Gazette".into()),
            format: vigie_doc::Format::Html,
            fetched: Some("2026-03-02T10:00:00Z".into()),
            ..Source::default()
        };
        let d = doc(source.clone(), "Le texte.\n");
        let back = decode(&encode(&d).unwrap()).unwrap();
        assert_eq!(back.source, source);
        assert_eq!(back.layout.raw, "Le texte.\n");
        assert_eq!(
            (back.title, back.lang, back.published),
            (d.title, d.lang, d.published)
        );
    }

    #[test]
    fn a_payload_that_is_not_one_is_an_error() {
        assert!(matches!(decode(b"\xff\x00garbage"), Err(Error::Decode(_))));
        assert!(matches!(
            decode(br#"{"v": 9, "source": {"path": null, "url": null, "outlet": null, "format": "text"}, "raw": ""}"#),
            Err(Error::Version(9))
        ));
    }

    #[test]
    fn the_message_id_is_the_publication_identity() {
        let by_url = |url: &str| {
            doc(
                Source {
                    url: Some(url.into()),
                    ..Source::default()
                },
                "x",
            )
        };
        let a = by_url("https://www.example.org/a?utm_source=x");
        let b = by_url("http://example.org/a#top");
        assert_eq!(message_id(&a), message_id(&b));
        assert_eq!(
            message_id(&a),
            vigie_doc::doc_id(&a.source, ""),
            "the doc_id the stored record gets"
        );
        assert_ne!(message_id(&a), message_id(&by_url("https://example.org/b")));
        let stdin = |raw: &str| {
            doc(
                Source {
                    path: Some("-".into()),
                    ..Source::default()
                },
                raw,
            )
        };
        assert_eq!(
            message_id(&stdin("Un texte.")),
            message_id(&stdin("Un texte."))
        );
        assert_ne!(
            message_id(&stdin("Un texte.")),
            message_id(&stdin("Un autre."))
        );
    }

    #[test]
    fn subjects_name_the_source_in_one_token() {
        let s = |outlet: Option<&str>, path: Option<&str>, url: Option<&str>| {
            subject(
                "vigie.raw",
                &Source {
                    outlet: outlet.map(Into::into),
                    path: path.map(Into::into),
                    url: url.map(Into::into),
                    ..Source::default()
                },
            )
        };
        assert_eq!(
            s(Some("Süddeutsche Zeitung"), None, None),
            "vigie.raw.suddeutsche_zeitung"
        );
        assert_eq!(s(Some("a.b *>c"), None, None), "vigie.raw.a_b_c");
        assert_eq!(
            s(None, Some("data/news.jsonl:12"), None),
            "vigie.raw.news_jsonl"
        );
        assert_eq!(
            s(None, Some("crawl.warc.gz#3"), None),
            "vigie.raw.crawl_warc_gz"
        );
        assert_eq!(
            s(None, None, Some("https://News.Example.com:8443/x")),
            "vigie.raw.news_example_com"
        );
        assert_eq!(s(None, None, None), "vigie.raw.stdin");
        assert_eq!(s(Some("«»"), None, None), "vigie.raw.unnamed");
        let long = s(Some(&"x".repeat(500)), None, None);
        assert_eq!(long.len(), "vigie.raw.".len() + MAX_TOKEN);
    }
}

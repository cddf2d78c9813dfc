//! RSS 0.9x/1.0/2.0, Atom and JSON Feed files: each item is a document.
//!
//! feed-rs parses the feed. Its XML layer (quick-xml) resolves only the five
//! predefined entities and character references, never a DTD's own, so a
//! billion-laughs feed stays the size it is on disk; the file itself is read
//! within [`Limits::max_doc_bytes`].

use std::io::BufRead;

use vigie_doc::{Doc, Format, Layout, Source};

use crate::decode::repair_mojibake;
use crate::html::{extract_article, fragment_text};
use crate::input::{read_bounded, source_for};
use crate::{Error, Item, Limits};

/// Reads a feed file; every item becomes a document or an error in its place.
pub(crate) fn read(
    shown: &str,
    mut reader: Box<dyn BufRead + Send>,
    limits: Limits,
) -> Box<dyn Iterator<Item = Item> + Send> {
    let failed = |e: &Error| -> Box<dyn Iterator<Item = Item> + Send> {
        Box::new(std::iter::once(Item::failed(
            source_for(shown, Format::Rss),
            e,
        )))
    };
    let bytes = match read_bounded(&mut reader, limits.max_doc_bytes) {
        Ok(b) => b,
        Err(e) => return failed(&e),
    };
    match parse_feed(shown, &bytes) {
        Ok(items) => Box::new(items.into_iter()),
        Err(e) => failed(&e),
    }
}

/// Parses the bytes of a feed into one item per entry, paths `shown#N`.
pub fn parse_feed(shown: &str, bytes: &[u8]) -> crate::Result<Vec<Item>> {
    // feed-rs (through quick-xml) asserts on some malformed inputs, such as
    // a second XML declaration that changes the encoding; a hostile feed
    // must give an error record, not stop the run.
    let parsed = std::panic::catch_unwind(|| feed_rs::parser::parse(bytes))
        .map_err(|_| Error::Feed("the feed parser gave up on malformed XML".to_owned()))?;
    let feed = parsed.map_err(|e| Error::Feed(e.to_string()))?;
    let outlet = feed
        .title
        .as_ref()
        .map(|t| one_line(&t.content))
        .filter(|t| !t.is_empty());
    let items = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let source = Source {
                path: Some(format!("{shown}#{}", i + 1)),
                url: entry.links.first().map(|l| l.href.clone()),
                outlet: outlet.clone(),
                format: Format::Rss,
                ..Source::default()
            };
            let title = entry
                .title
                .as_ref()
                .map(|t| one_line(&fragment_text(&t.content)))
                .filter(|t| !t.is_empty());
            let html = entry
                .content
                .and_then(|c| c.body)
                .filter(|b| !b.trim().is_empty())
                .or_else(|| entry.summary.map(|s| s.content));
            let body = html.as_deref().map(item_text).unwrap_or_default();
            if body.is_empty() && title.is_none() {
                return Item::failed(source, &Error::NoArticle);
            }
            let mut raw = String::with_capacity(body.len() + 128);
            if let Some(t) = &title
                && !body.starts_with(t.as_str())
            {
                raw.push_str(t);
                raw.push_str("\n\n");
            }
            raw.push_str(&body);
            let raw = repair_mojibake(&raw).unwrap_or(raw);
            Item::Doc(Box::new(Doc {
                source,
                title: title.map(|t| repair_mojibake(&t).unwrap_or(t)),
                published: entry
                    .published
                    .or(entry.updated)
                    .map(|d| d.date_naive().to_string()),
                layout: Layout {
                    raw,
                    ..Layout::default()
                },
                ..Doc::default()
            }))
        })
        .collect();
    Ok(items)
}

/// An item's content is usually a fragment (the article's paragraphs); some
/// feeds carry the whole page, whose boilerplate must go.
fn item_text(html: &str) -> String {
    let head = &html.as_bytes()[..html.len().min(2048)];
    let lower = head.to_ascii_lowercase();
    let is_page = lower.windows(5).any(|w| w == b"<body" || w == b"<html");
    if is_page {
        extract_article(html).text
    } else {
        fragment_text(html)
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(items: Vec<Item>) -> Vec<Doc> {
        items
            .into_iter()
            .map(|i| match i {
                Item::Doc(d) => *d,
                other => panic!("not a document: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn rss2_items() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>La Gazette</title><link>https://gazette.example/</link>
<item><title>Le pont rouvre</title><link>https://gazette.example/pont</link>
<pubDate>Tue, 03 Mar 2026 08:00:00 +0100</pubDate>
<description>Résumé court.</description>
<content:encoded><![CDATA[<p>Le pont de la Vilaine a rouvert mardi.</p><p>Les travaux ont duré un an.</p>]]></content:encoded></item>
<item><title>Sans contenu</title><link>https://gazette.example/x</link><description>&lt;p&gt;Un résumé &amp; rien d'autre.&lt;/p&gt;</description></item>
</channel></rss>"#;
        let d = docs(parse_feed("f.rss", rss.as_bytes()).unwrap());
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].title.as_deref(), Some("Le pont rouvre"));
        assert_eq!(d[0].published.as_deref(), Some("2026-03-03"));
        assert_eq!(d[0].source.outlet.as_deref(), Some("La Gazette"));
        assert_eq!(
            d[0].source.url.as_deref(),
            Some("https://gazette.example/pont")
        );
        assert_eq!(d[0].source.path.as_deref(), Some("f.rss#1"));
        assert_eq!(
            d[0].layout.raw,
            "Le pont rouvre\n\nLe pont de la Vilaine a rouvert mardi.\n\nLes travaux ont duré un an."
        );
        assert_eq!(d[1].layout.raw, "Sans contenu\n\nUn résumé & rien d'autre.");
    }

    #[test]
    fn billion_laughs_is_not_expanded() {
        let mut xml =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 {
                "lol".to_owned()
            } else {
                format!("lol{}", i - 1)
            };
            xml.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
        }
        xml.push_str("]>\n<rss version=\"2.0\"><channel><title>t</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>");
        // Whether the parser refuses the feed or keeps the reference as text,
        // nothing may grow: 10^9 "lol"s would be 3 GB.
        if let Ok(items) = parse_feed("bomb.xml", xml.as_bytes()) {
            for item in items {
                if let Item::Doc(d) = item {
                    assert!(d.layout.raw.len() < 1000, "{}", d.layout.raw.len());
                }
            }
        }
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse_feed("x", b"\x00\x01 not a feed").is_err());
    }
}

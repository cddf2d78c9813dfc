//! `clean`: raw scraped text to the cleaned text every offset indexes.
//!
//! Reads `layout.raw` and writes `text`, `layout.paragraphs`, `title`,
//! `published` (from the leading ` date YYYY-MM[-DD]` line), `source.url`
//! and `doc_id`. Residue lines are dropped; kept paragraphs are joined with
//! a blank line so that paragraph breaks survive in the text.

use regex::Regex;
use vigie_doc::{Block, Doc, Paragraph, Span, doc_id};

use crate::{Facet, Resources, Result, Stage};

/// The cleaning stage.
pub struct Clean {
    date_line: Regex,
    url: Regex,
}

impl Clean {
    /// Builds the stage.
    pub fn new(_res: &Resources) -> Result<Self> {
        Ok(Clean {
            date_line: Regex::new(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b\s*(.*)$")
                .map_err(regex_error)?,
            url: Regex::new(r"^https?://\S+$").map_err(regex_error)?,
        })
    }
}

fn regex_error(e: regex::Error) -> crate::Error {
    crate::Error::Stage {
        stage: "clean",
        reason: e.to_string(),
    }
}

impl Stage for Clean {
    fn name(&self) -> &'static str {
        "clean"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Raw]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Text]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        let raw = std::mem::take(&mut doc.layout.raw);
        let mut kept: Vec<&str> = Vec::new();
        for (i, line) in raw.lines().enumerate() {
            let mut line = line.trim();
            if i == 0
                && let Some(c) = self.date_line.captures(line)
            {
                if doc.published.is_none() {
                    doc.published = c.get(1).map(|m| m.as_str().to_owned());
                }
                line = c.get(2).map_or("", |m| m.as_str()).trim();
                if let Some((url, rest)) = split_leading_url(line) {
                    doc.source.url.get_or_insert_with(|| url.to_owned());
                    line = rest;
                }
            }
            if line.is_empty() {
                continue;
            }
            if self.url.is_match(line) {
                continue;
            }
            kept.push(line);
        }
        let mut text = String::with_capacity(raw.len());
        let mut paragraphs = Vec::with_capacity(kept.len());
        for line in kept {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(line);
            paragraphs.push(Paragraph {
                span: Span::new(start, text.len()),
                block: Block::Body,
            });
        }
        if doc.title.is_none()
            && let Some(first) = paragraphs.first_mut()
        {
            let line = first.span.slice(&text);
            if line.len() < 250 && !line.ends_with('.') {
                doc.title = Some(line.to_owned());
                first.block = Block::Title;
            }
        }
        doc.doc_id = doc_id(&text);
        doc.layout.paragraphs = paragraphs;
        doc.layout.raw = raw;
        doc.text = Some(text);
        Ok(())
    }
}

fn split_leading_url(line: &str) -> Option<(&str, &str)> {
    if !(line.starts_with("http://") || line.starts_with("https://")) {
        return None;
    }
    let end = line.find(char::is_whitespace).unwrap_or(line.len());
    Some((&line[..end], line[end..].trim_start()))
}

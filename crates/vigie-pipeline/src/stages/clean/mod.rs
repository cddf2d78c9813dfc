//! `clean`: raw scraped text to the cleaned text every offset indexes.
//!
//! Reads `layout.raw` (left intact for later stages) and writes `text`,
//! `layout.paragraphs` with their [`Block`] kind, `title`, `published` (from
//! the leading ` date YYYY-MM[-DD]` line only), `source.url`,
//! `source.outlet`, `source.agencies`, `body_digest` and `doc_id` (the
//! publication's identity, which may come from the URL found here).
//!
//! The raw text is taken line by line. Page residue is dropped: navigation
//! and widget lines, tag lists, `og:` and xpath lines, image URLs, author
//! boxes, contact blocks, metadata timestamps, and a line repeated right after
//! itself (a headline or caption a scraper caught twice). What is left is the
//! article: headline, standfirst, body, captions, datelines, bylines, photo
//! credits and embedded tweets, each line a paragraph, paragraphs joined by a
//! blank line. Words are never changed: the cleaned text is made of slices of
//! the raw text, plus a space where a byline glued a name to an agency
//! ("IsachenkovReuters") and a space where hard-wrapped lines are rejoined.

mod credits;
mod residue;

use regex::Regex;
use vigie_doc::{Block, Doc, Paragraph, Span, body_digest, doc_id};

use crate::{Error, Facet, Resources, Result, Stage};
use credits::Credits;
use residue::{Residue, Verdict, is_label_like, is_tag_like};

/// The cleaning stage.
pub struct Clean {
    date_line: Regex,
    residue: Residue,
    credits: Credits,
}

fn regex(pattern: &str) -> Result<Regex> {
    Regex::new(pattern).map_err(|e| Error::Stage {
        stage: "clean",
        reason: e.to_string(),
    })
}

/// One non-blank line of the raw text.
struct Line<'a> {
    text: &'a str,
    /// A blank line separates it from the line before.
    blank_before: bool,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Keep,
    Residue,
    Duplicate,
}

impl Clean {
    /// Builds the stage: residue lists from every language pack (the language
    /// is not known yet), agency and outlet names from the knowledge base.
    pub fn new(res: &Resources) -> Result<Self> {
        Ok(Clean {
            date_line: regex(r"^date\s+((\d{4})-(\d{2})(?:-(\d{2}))?)(?:\s+(.*))?$")?,
            residue: Residue::new(&res.packs)?,
            credits: Credits::new(&res.kb, &res.packs)?,
        })
    }

    fn clean(&self, raw: &str, doc: &mut Doc) -> Result<()> {
        let mut lines = split_lines(raw);
        self.read_header(&mut lines, doc);
        let contact_outlet = self.judge(&mut lines, doc);
        drop_tag_runs(&mut lines);
        drop_label_runs(&mut lines);
        drop_duplicates(&mut lines);

        let mut text = String::with_capacity(raw.len());
        let mut spans = Vec::new();
        for para in self.paragraphs(&lines) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(&para);
            spans.push(Span::new(start, text.len()));
        }

        let mut blocks: Vec<Block> = spans
            .iter()
            .map(|s| {
                if self.credits.is_byline(s.slice(&text)) {
                    Block::Byline
                } else {
                    Block::Body
                }
            })
            .collect();
        if let Some(i) = title_index(&text, &spans, &blocks, doc.title.as_deref()) {
            blocks[i] = Block::Title;
            doc.title
                .get_or_insert_with(|| spans[i].slice(&text).to_owned());
        }

        let flagged: Vec<(Span, bool)> = spans
            .iter()
            .zip(&blocks)
            .map(|(s, b)| (*s, *b == Block::Byline))
            .collect();
        if doc.source.outlet.is_none() {
            doc.source.outlet = contact_outlet.or_else(|| self.credits.outlet(&text, &flagged));
        }
        for agency in self.credits.agencies(&text, &flagged) {
            if !doc.source.agencies.contains(&agency) {
                doc.source.agencies.push(agency);
            }
        }

        doc.body_digest = body_digest(&text);
        doc.doc_id = doc_id(&doc.source, &doc.body_digest);
        doc.layout.paragraphs = spans
            .into_iter()
            .zip(blocks)
            .map(|(span, block)| Paragraph { span, block })
            .collect();
        doc.text = Some(text);
        Ok(())
    }

    /// The leading ` date YYYY-MM[-DD]` line: the publication date, then
    /// possibly the article's URL, then possibly the start of the article.
    fn read_header(&self, lines: &mut Vec<Line<'_>>, doc: &mut Doc) {
        let Some(first) = lines.first_mut() else {
            return;
        };
        let Some(c) = self.date_line.captures(first.text) else {
            return;
        };
        let valid = |i: usize, max: u32| {
            c.get(i).is_none_or(|m| {
                m.as_str()
                    .parse::<u32>()
                    .is_ok_and(|v| (1..=max).contains(&v))
            })
        };
        if !(valid(3, 12) && valid(4, 31)) {
            return;
        }
        if doc.published.is_none() {
            doc.published = c.get(1).map(|m| m.as_str().to_owned());
        }
        let mut rest = c.get(5).map_or("", |m| m.as_str().trim());
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            doc.source
                .url
                .get_or_insert_with(|| rest.get(..end).unwrap_or_default().to_owned());
            rest = rest.get(end..).unwrap_or_default().trim_start();
        }
        if rest.is_empty() {
            lines.remove(0);
        } else {
            first.text = rest;
        }
    }

    /// Judges each line on its own; returns the outlet a contact block names.
    fn judge(&self, lines: &mut [Line<'_>], doc: &mut Doc) -> Option<String> {
        let mut outlet = None;
        let mut seen_text = false;
        for line in lines.iter_mut() {
            match self.residue.classify(line.text) {
                Verdict::Keep => seen_text = true,
                Verdict::Residue => line.state = State::Residue,
                Verdict::Url(url) => {
                    line.state = State::Residue;
                    // A URL above the article is its address; one below is a link.
                    if !seen_text && doc.source.url.is_none() {
                        doc.source.url = Some(url.to_owned());
                    }
                }
                Verdict::Contact(name) => {
                    line.state = State::Residue;
                    if outlet.is_none() {
                        outlet = name.map(str::to_owned);
                    }
                }
            }
        }
        outlet
    }

    /// The kept lines as paragraphs, with chrome cut out, glued bylines split
    /// and hard-wrapped lines rejoined.
    fn paragraphs(&self, lines: &[Line<'_>]) -> Vec<String> {
        // Only a text that separates paragraphs by blank lines can be hard-wrapped.
        let blank_separated = lines.iter().skip(1).any(|l| l.blank_before);
        let wrapped = wrapped_blocks(lines);
        let mut out: Vec<String> = Vec::new();
        let mut last_kept: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            if line.state != State::Keep {
                continue;
            }
            let stripped = self.residue.strip_chrome(line.text);
            let mut para = String::with_capacity(stripped.len() + 1);
            for piece in self.residue.without_tweet_chrome(stripped) {
                para.push_str(piece);
            }
            let para = para.trim();
            if para.is_empty() {
                continue;
            }
            let mut para = para.to_owned();
            if let Some(at) = self.credits.glue_point(&para) {
                para.insert(at, ' ');
            }
            let follows = last_kept.is_some_and(|k| k + 1 == i);
            match out.last_mut() {
                Some(prev)
                    if blank_separated
                        && follows
                        && !line.blank_before
                        && (wrapped[i] || continues(prev, &para)) =>
                {
                    prev.push(' ');
                    prev.push_str(&para);
                }
                _ => out.push(para),
            }
            last_kept = Some(i);
        }
        out
    }
}

/// Non-blank lines, trimmed (also of zero-width spaces and stray BOMs), with
/// whether a blank line came before each. `\r\n` and lone `\r` end lines too.
fn split_lines(raw: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut blank = false;
    for line in raw.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        for part in line.split('\r') {
            let text = part
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'));
            if text.is_empty() {
                blank = true;
                continue;
            }
            lines.push(Line {
                text,
                blank_before: blank,
                state: State::Keep,
            });
            blank = false;
        }
    }
    lines
}

/// A tag-like line ("russie") next to another one or to residue is part of
/// a tag list; alone among paragraphs it may be a lowercase subhead.
fn drop_tag_runs(lines: &mut [Line<'_>]) {
    let tag: Vec<bool> = lines
        .iter()
        .map(|l| l.state == State::Keep && is_tag_like(l.text))
        .collect();
    for i in 0..lines.len() {
        if !tag[i] {
            continue;
        }
        let near = |j: usize| tag[j] || lines[j].state == State::Residue;
        let prev = i.checked_sub(1).is_some_and(near);
        let next = i + 1 < lines.len() && near(i + 1);
        if prev || next {
            lines[i].state = State::Residue;
        }
    }
}

/// Up to three short lines ("Actus") with residue on both sides, or residue
/// before them and nothing after, are page residue too.
fn drop_label_runs(lines: &mut [Line<'_>]) {
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        while i < lines.len() && lines[i].state == State::Keep && is_label_like(lines[i].text) {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let before = start > 0 && lines[start - 1].state == State::Residue;
        let after = i == lines.len() || lines[i].state == State::Residue;
        if before && after && i - start <= 3 {
            for line in &mut lines[start..i] {
                line.state = State::Residue;
            }
        }
    }
}

/// A line equal to the previous kept line (residue between does not count)
/// is the scraper catching a headline or caption twice.
fn drop_duplicates(lines: &mut [Line<'_>]) {
    let mut last: Option<&str> = None;
    for line in lines.iter_mut() {
        if line.state != State::Keep {
            continue;
        }
        if last == Some(line.text) {
            line.state = State::Duplicate;
        } else {
            last = Some(line.text);
        }
    }
}

/// For each line, whether it lies in a hard-wrapped block: three lines or
/// more between blank lines, all but the last of about the same width (a
/// wrap column of 40 to 100 characters). Such a block is one paragraph, even
/// where a wrapped line starts with a capital or ends a sentence.
fn wrapped_blocks(lines: &[Line<'_>]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && !lines[end].blank_before {
            end += 1;
        }
        let widths: Vec<usize> = lines[start..end - 1]
            .iter()
            .map(|l| l.text.chars().count())
            .collect();
        let max = widths.iter().copied().max().unwrap_or(0);
        let min = widths.iter().copied().min().unwrap_or(0);
        if widths.len() >= 2 && (40..=100).contains(&max) && min * 4 >= max * 3 {
            out[start..end].fill(true);
        }
        start = end;
    }
    out
}

/// `next` continues `prev` when `prev` is long, stops without sentence
/// punctuation, and `next` starts in lowercase.
fn continues(prev: &str, next: &str) -> bool {
    prev.len() >= 40
        && !prev.ends_with(['.', '!', '?', ':', ';', '»', '”', '"', '…', ')'])
        && next.chars().next().is_some_and(char::is_lowercase)
}

/// The paragraph that is the headline: the one equal to a title the input
/// gave, or else the first paragraph after any bylines when it is shaped
/// like a headline (short, no closing period) and more text follows.
fn title_index(text: &str, spans: &[Span], blocks: &[Block], given: Option<&str>) -> Option<usize> {
    if let Some(title) = given {
        let title = title.trim();
        return spans.iter().take(3).position(|s| s.slice(text) == title);
    }
    let i = blocks.iter().take(3).position(|b| *b != Block::Byline)?;
    let para = spans[i].slice(text);
    let words = para.split_whitespace().count();
    let headline = para.len() <= 250
        && (2..=30).contains(&words)
        && !para.starts_with('(')
        && !para.ends_with(['.', ',', ':', ';', ')', '…'])
        && para.chars().any(char::is_alphabetic);
    (headline && i + 1 < spans.len()).then_some(i)
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
        let result = self.clean(&raw, doc);
        doc.layout.raw = raw;
        result
    }
}

#[cfg(test)]
mod tests;

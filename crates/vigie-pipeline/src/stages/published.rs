//! `published`: the most precise publication date the document shows.
//!
//! `clean` (or the JSONL reader) may have set a month-only date from the
//! ` date YYYY-MM` line. This stage refines it, first match wins, keeping
//! only days that agree with what is already known:
//!
//! 1. a date in the article URL (`/20220110/`, `/2022/01/26/`), from
//!    `source.url` or a URL line of the page header;
//! 2. a numeric timestamp in the page header ("10.01.2022, Sputnik France",
//!    "9.2.2022 - 17:17", "2022-01-10T21:27+0100"); the header is the raw
//!    lines before the first long paragraph, so a live blog's later entries
//!    ("12/02/22 - 20:14 …") do not count;
//! 3. a dateline ("MOSCOU, 26 janvier (Reuters) -") or a "today" date whose
//!    weekday checks out ("ce lundi 15 novembre") in the first paragraphs;
//! 4. with nothing known at all, a full date (day, month, year) near the top:
//!    a date line under the headline or a dated photo caption.
//!
//! A © footer is never read: only the top of the page is.
//!
//! Month and weekday names come from every language pack: a dateline may be
//! in another language than the article. The stage runs after `segment` so
//! the top of the text is read through the tokens and folded words already
//! made there, not tokenised again.

use regex::Regex;
use vigie_doc::{Doc, Span, Words};

use super::dates::calendar::Day;
use super::dates::lexicon::{DateLexicon, role};
use super::dates::scan::{Form, Found, What, scan};
use super::dates::{Reference, lexicon::phrase_tokens};
use crate::text::{layout_words, tokenize};
use crate::{Facet, Resources, Result, Stage};

/// Raw lines longer than this end the page header.
const HEADER_LINE_MAX: usize = 400;
/// At most this many raw lines form the page header.
const HEADER_LINES: usize = 20;
/// Bytes of the cleaned text searched for datelines and top dates.
const TOP_BYTES: usize = 1500;
/// A dateline's place and agency ("MOSCOU, ") are at most this long.
const DATELINE_LEAD_MAX: usize = 60;

/// The publication-date stage.
pub struct Published {
    lexicon: DateLexicon,
    url_dates: Regex,
}

impl Published {
    /// Builds the stage from every pack's date files.
    pub fn new(res: &Resources) -> Result<Self> {
        let mut lexicon = DateLexicon::default();
        for pack in res.packs.iter() {
            lexicon.add_pack(pack)?;
        }
        let url_dates = Regex::new(
            r"/((?:19|20)\d\d)(?:/|-)?(0[1-9]|1[0-2])(?:/|-)?(0[1-9]|[12]\d|3[01])(?:[/_.?#-]|$)",
        )
        .map_err(|e| crate::Error::Stage {
            stage: "published",
            reason: e.to_string(),
        })?;
        Ok(Published { lexicon, url_dates })
    }

    fn url_day(&self, url: &str) -> Option<Day> {
        self.url_dates.captures_iter(url).find_map(|c| {
            let n = |i: usize| c.get(i).map(|m| m.as_str());
            Day::new(
                n(1)?.parse().ok()?,
                n(2)?.parse().ok()?,
                n(3)?.parse().ok()?,
            )
        })
    }

    fn found(&self, text: &str) -> Vec<Found> {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        let words = crate::text::words(text, &tokens);
        scan(text, &tokens, &words, &self.lexicon)
    }

    /// True when one of the first `n` words marks the current week ("ce",
    /// "this") and a weekday name follows within three words: the shape of
    /// "ce lundi 15 novembre".
    fn has_this_weekday(&self, n: usize, words: &Words) -> bool {
        let weekday = |k: usize| k < n && self.lexicon.is_weekday(words.lower(k));
        (0..n).any(|k| {
            self.lexicon.has_role(words.lower(k), role::THIS) && (k + 1..k + 4).any(weekday)
        })
    }

    /// The day a found expression states, its year completed from `r`.
    fn day_of(f: &Found, r: &Reference) -> Option<Day> {
        match f.what {
            What::Day { y, m, d, .. } => Day::new(y.or_else(|| r.nearest_year(m, d))?, m, d),
            _ => None,
        }
    }

    fn refine(&self, doc: &Doc, r: &Reference) -> Option<Day> {
        let raw = doc.layout.raw.as_str();
        let header: Vec<&str> = raw
            .lines()
            .take(HEADER_LINES)
            .take_while(|l| l.len() <= HEADER_LINE_MAX)
            .collect();
        let urls = doc.source.url.iter().map(String::as_str).chain(
            header
                .iter()
                .filter(|l| l.contains("http"))
                .flat_map(|l| l.split_whitespace())
                .filter(|w| w.starts_with("http://") || w.starts_with("https://")),
        );
        for url in urls {
            if let Some(day) = self.url_day(url).filter(|d| r.admits(*d)) {
                return Some(day);
            }
        }
        for line in header.iter().filter(|l| has_numeric_date_shape(l)) {
            let stamp = self.found(line).iter().find_map(|f| match f.what {
                What::Day {
                    form: Form::Numeric | Form::Stamp,
                    ..
                } => Self::day_of(f, r).filter(|d| r.admits(*d)),
                _ => None,
            });
            if stamp.is_some() {
                return stamp;
            }
        }
        let text = doc.text();
        let mut end = text.len().min(TOP_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let top = text.get(..end).unwrap_or_default();
        if !top.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let tokens = &doc.layout.tokens;
        let tokens = &tokens[..tokens.partition_point(|t| t.end <= end)];
        let words = layout_words(&doc.layout, text);
        // With the year known only a dateline or a "today" date can refine
        // it: without the shape of either, the top is not scanned at all.
        if r.year.is_some()
            && !has_dateline_lead(top)
            && !self.has_this_weekday(tokens.len(), &words)
        {
            return None;
        }
        let found = scan(top, tokens, &words, &self.lexicon);
        let dated = found.iter().find_map(|f| {
            let day = Self::day_of(f, r).filter(|d| r.admits(*d))?;
            let What::Day { wd, .. } = f.what else {
                return None;
            };
            let line_start = top
                .get(..f.span.start)
                .unwrap_or_default()
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let lead = top.get(line_start..f.span.start).unwrap_or_default();
            let dateline = lead.trim_end().ends_with(',')
                && lead.len() <= DATELINE_LEAD_MAX
                && !lead.chars().any(char::is_lowercase)
                && lead.chars().any(char::is_uppercase);
            let first = phrase_tokens(f.span.slice(top));
            let today = wd.is_some_and(|wd| wd == day.weekday())
                && first
                    .first()
                    .is_some_and(|w| self.lexicon.has_role(w, role::THIS));
            (dateline || today).then_some(day)
        });
        if dated.is_some() || r.year.is_some() {
            return dated;
        }
        found.iter().find_map(|f| match f.what {
            What::Day { y: Some(_), .. } => Self::day_of(f, r),
            _ => None,
        })
    }
}

/// True when the line holds digits around a date separator ("9.2.2022",
/// "2022-01-10T21:27"): every numeric timestamp does.
fn has_numeric_date_shape(line: &str) -> bool {
    line.as_bytes().windows(3).any(|w| {
        w[0].is_ascii_digit() && matches!(w[1], b'.' | b'/' | b'-') && w[2].is_ascii_digit()
    })
}

/// True when some line of `top` opens with a lead in capitals and a comma
/// within [`DATELINE_LEAD_MAX`] bytes ("MOSCOU, "): every dateline does.
fn has_dateline_lead(top: &str) -> bool {
    top.lines().any(|line| {
        line.find(',').is_some_and(|p| {
            p <= DATELINE_LEAD_MAX
                && !line
                    .get(..p)
                    .unwrap_or_default()
                    .chars()
                    .any(char::is_lowercase)
        })
    })
}

impl Stage for Published {
    fn name(&self) -> &'static str {
        "published"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Text, Facet::Segments]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Published]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        let r = Reference::parse(doc.published.as_deref());
        if r.day.is_some() {
            return Ok(());
        }
        if let Some(day) = self.refine(doc, &r) {
            doc.published = Some(day.to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LangPacks;
    use std::sync::Arc;

    fn run(raw: &str, published: Option<&str>) -> Option<String> {
        let res = Resources {
            kb: Arc::default(),
            packs: Arc::new(LangPacks::builtin()),
        };
        let clean = super::super::clean::Clean::new(&res).unwrap();
        let segment = super::super::segment::Segment::new(&res).unwrap();
        let stage = Published::new(&res).unwrap();
        let mut doc = Doc {
            published: published.map(str::to_owned),
            ..Doc::default()
        };
        doc.layout.raw = raw.to_owned();
        clean.run(&mut doc).unwrap();
        segment.run(&mut doc).unwrap();
        stage.run(&mut doc).unwrap();
        doc.published
    }

    #[test]
    fn refines_a_month_prefix() {
        let cases = [
            (
                " date 2022-03 https://example.org/2022/03/10/talks-open\n\nTalks opened.",
                "2022-03-10",
            ),
            (
                " date 2022-01 https://example.org/20220110/talks-1234.html\n\nBody.",
                "2022-01-10",
            ),
            (
                " date 2022-01 Title\n\nStandfirst... 11.01.2022, Agence\n\nBody text.",
                "2022-01-11",
            ),
            (
                " date 2022-01 Title\n\nGENÈVE, 12 janvier (Reuters) - Les pourparlers ont repris.",
                "2022-01-12",
            ),
            (
                " date 2021-11 Titre\n\nLe ministre est arrivé ce lundi 15 novembre à Bruxelles.",
                "2021-11-15",
            ),
            (
                " date 2022-02 Title\n\n2022-02-09T17:17+0100\n\nBody.",
                "2022-02-09",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(run(raw, None).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn keeps_what_cannot_be_refined() {
        // Weekday does not match: 15 November 2021 was a Monday, not a Tuesday.
        let raw = " date 2021-11 Titre\n\nLe ministre arrive ce mardi 15 novembre.";
        assert_eq!(run(raw, None).as_deref(), Some("2021-11"));
        // A timestamp from another month is a different page's date.
        let raw = " date 2022-02 Title\n\nStandfirst 10.01.2022, Agence\n\nBody.";
        assert_eq!(run(raw, None).as_deref(), Some("2022-02"));
        // Day-precise already.
        assert_eq!(
            run("Body 3.3.2022.", Some("2022-03-04")).as_deref(),
            Some("2022-03-04")
        );
        // A footer year is not a date.
        assert_eq!(run("Title\n\nBody text here.\n\n© 2021 Outlet", None), None);
    }

    #[test]
    fn a_live_blog_entry_is_not_the_page_date() {
        let long = "x".repeat(HEADER_LINE_MAX + 1);
        let raw = format!(" date 2022-02 Title\n\n{long}\n\n12/02/22 - 20:14 - Entry.");
        assert_eq!(run(&raw, None).as_deref(), Some("2022-02"));
    }

    #[test]
    fn without_any_date_a_top_full_date_is_taken() {
        let raw = "Headline of the day\n\n26 février 2022\n\nLe jury a rendu son verdict.";
        assert_eq!(run(raw, None).as_deref(), Some("2022-02-26"));
        let raw = "Headline\n\nA caption, Sochi, Russia December 7, 2021. Photo/Agency\n\nBody.";
        assert_eq!(run(raw, None).as_deref(), Some("2021-12-07"));
    }
}

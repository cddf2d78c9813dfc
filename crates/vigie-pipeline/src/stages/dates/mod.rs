//! `dates`: date mentions, resolved against the publication date.
//!
//! Mentions are found by [`scan`] in one pass over the tokens (explicit
//! dates, numeric dates, months, cued years, weekdays, relative phrases and
//! ranges, with their articles and modifiers) and then resolved in text order:
//!
//! - a day and month without a year take the year that puts them nearest the
//!   publication date (a December date in a January article is the previous
//!   year), unless a written weekday, "dernier"/"next", or a past or future
//!   verb form of the clause (`past-cue`, `future-cue`) chooses the one
//!   before or after; without a publication year they stay unresolved;
//! - a day alone ("le 16", "mercredi 13") is the one of the publication
//!   month, or of the month before or after, nearest the publication day;
//! - a range's value is "start/end"; a week's value is its Monday;
//! - a weekday is the explicit date of the text that falls on it, when the
//!   text states one within a week of the publication day ("jeudi 24
//!   février … jeudi"); otherwise the nearest past one ("mercredi"), the one
//!   of the current week ("ce jeudi"), the one before or after ("mardi
//!   dernier", "next Monday"); with no day-precise publication date it stays
//!   unresolved, its granularity kept;
//! - relative expressions count from the publication day ("hier", "il y a
//!   deux semaines") or from the last day-precise date of the same paragraph
//!   ("la veille", "deux jours plus tôt");
//! - a relative expression in apposition to an explicit date ("le 24
//!   février, il y a tout juste deux semaines") denotes that date, and when
//!   the publication date is only a month it fixes the publication day, which
//!   is then written to `published` too.
//!
//! Like the gold convention, each distinct surface string is listed once, at
//! its first occurrence.

pub mod calendar;
pub mod lexicon;
pub mod scan;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use vigie_doc::{DateMention, Doc, Granularity, Span};

use crate::{Facet, Resources, Result, Stage};
use calendar::{Day, add_months, parse_iso};
use lexicon::{Base, DateLexicon, Tense, Unit};
use scan::{Form, Found, What, Which, scan};

/// What the publication date tells: as much of year, month and day as known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reference {
    /// Year.
    pub year: Option<i32>,
    /// Month, when known.
    pub month: Option<u8>,
    /// Day, when known.
    pub day: Option<Day>,
}

impl Reference {
    /// Reads an ISO prefix ("2022", "2022-01", "2022-01-10").
    pub fn parse(iso: Option<&str>) -> Reference {
        let Some((y, m, d)) = iso.and_then(parse_iso) else {
            return Reference::default();
        };
        Reference {
            year: Some(y),
            month: m,
            day: m.zip(d).and_then(|(m, d)| Day::new(y, m, d)),
        }
    }

    /// The day this reference points at, for distances.
    fn point(&self) -> Option<Day> {
        self.day.or_else(|| {
            let y = self.year?;
            Day::new(
                y,
                self.month.unwrap_or(7),
                if self.month.is_some() { 15 } else { 1 },
            )
        })
    }

    /// The year that puts month `m`, day `d` nearest this reference.
    pub fn nearest_year(&self, m: u8, d: u8) -> Option<i32> {
        let p = self.point()?;
        (p.y - 1..=p.y + 1)
            .filter_map(|y| Day::new(y, m, d.min(calendar::month_len(y, m))))
            .min_by_key(|c| (c.ordinal() - p.ordinal()).abs())
            .map(|c| c.y)
    }

    /// The year of month `m`, day `d`: the nearest one, or for "juin
    /// dernier", "next March" the last one before or the first one after
    /// the publication day.
    /// Without such a word, a past or future sentence takes the last one
    /// up to, or the first one from, the publication day.
    pub fn year_of(&self, m: u8, d: u8, which: Which, tense: Tense) -> Option<i32> {
        let p = self.point()?;
        let key = (m, d);
        // Without the publication day, any day of its month may be meant.
        let (past_end, future_start) = if self.day.is_some() {
            ((p.m, p.d), (p.m, p.d))
        } else {
            ((p.m, 31), (p.m, 0))
        };
        match which {
            Which::Plain if self.month.is_some() && tense == Tense::Past => {
                Some(if key <= past_end { p.y } else { p.y - 1 })
            }
            Which::Plain if self.month.is_some() && tense == Tense::Future => {
                Some(if key >= future_start { p.y } else { p.y + 1 })
            }
            Which::Last | Which::LastWeek if self.month.is_some() => {
                Some(if key < (p.m, p.d) { p.y } else { p.y - 1 })
            }
            Which::Next | Which::NextWeek if self.month.is_some() => {
                Some(if key > (p.m, p.d) { p.y } else { p.y + 1 })
            }
            _ => self.nearest_year(m, d),
        }
    }

    /// The year next to the reference where month `m`, day `d` falls on
    /// weekday `wd` ("jeudi 24 février"), the nearest if several do.
    pub fn year_on(&self, m: u8, d: u8, wd: u8) -> Option<i32> {
        let p = self.point()?;
        (p.y - 1..=p.y + 1)
            .filter_map(|y| Day::new(y, m, d))
            .filter(|c| c.weekday() == wd)
            .min_by_key(|c| (c.ordinal() - p.ordinal()).abs())
            .map(|c| c.y)
    }

    /// The day `d` of the publication month, or of the month before or
    /// after, nearest the publication day (and on weekday `wd` when given).
    pub fn day_of_month(&self, d: u8, wd: Option<u8>) -> Option<Day> {
        let (y, m) = self.year.zip(self.month)?;
        let p = self.point()?;
        (-1..=1)
            .filter_map(|k| {
                let (y, m) = add_months(y, m, k);
                Day::new(y, m, d)
            })
            .filter(|c| wd.is_none_or(|wd| c.weekday() == wd))
            .min_by_key(|c| (c.ordinal() - p.ordinal()).abs())
    }

    /// The first and last day of a range; a year written at its end is the
    /// last day's, and a range that wraps the year starts the year before.
    fn range(&self, y: Option<i32>, (m, d): (u8, u8), (m2, d2): (u8, u8)) -> Option<(Day, Day)> {
        let wraps = (m2, d2) < (m, d);
        let (y1, y2) = match y {
            Some(y) => (if wraps { y - 1 } else { y }, y),
            None => {
                let y1 = self.nearest_year(m, d)?;
                (y1, if wraps { y1 + 1 } else { y1 })
            }
        };
        Some((Day::new(y1, m, d)?, Day::new(y2, m2, d2)?))
    }

    /// True when `day` agrees with what is known.
    pub fn admits(&self, day: Day) -> bool {
        self.year.is_none_or(|y| y == day.y) && self.month.is_none_or(|m| m == day.m)
    }
}

/// The day a weekday mention means, counted from `now`.
pub fn weekday_from(now: Day, wd: u8, which: Which) -> Day {
    let back = i64::from((now.weekday() + 7 - wd) % 7);
    let offset = match which {
        Which::Plain => -back,
        Which::Last => -(if back == 0 { 7 } else { back }),
        Which::Next => {
            let fwd = (7 - back) % 7;
            if fwd == 0 { 7 } else { fwd }
        }
        Which::This => {
            if back <= 3 {
                -back
            } else {
                7 - back
            }
        }
        Which::NextWeek | Which::LastWeek => {
            let week = if which == Which::NextWeek { 7 } else { -7 };
            i64::from(wd) - i64::from(now.weekday()) + week
        }
    };
    now.plus(offset)
}

/// The date stage.
pub struct Dates {
    lexicons: HashMap<String, DateLexicon>,
}

impl Dates {
    /// Builds the stage from every pack's date files.
    pub fn new(res: &Resources) -> Result<Self> {
        let mut lexicons = HashMap::default();
        for pack in res.packs.iter() {
            let mut lex = DateLexicon::from_pack(pack)?;
            // Quotes and embedded posts bring other languages' dates
            // ("February 21, 2022" in a French article): every pack's month
            // and weekday names are known, the pack's own winning.
            for other in res.packs.iter().filter(|o| o.code() != pack.code()) {
                lex.add_names(DateLexicon::from_pack(other)?);
            }
            lexicons.insert(pack.code().to_owned(), lex);
        }
        Ok(Dates { lexicons })
    }
}

impl Stage for Dates {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Segments, Facet::Lang, Facet::Published]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Dates]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        let Some(lex) = doc.lang.as_deref().and_then(|l| self.lexicons.get(l)) else {
            return Ok(());
        };
        let text = doc.text();
        let words = crate::text::layout_words(&doc.layout, text);
        let mut found = scan(text, &doc.layout.tokens, &words, lex);
        found.retain(|f| {
            !matches!(
                f.what,
                What::Day {
                    form: Form::Stamp,
                    ..
                }
            )
        });
        let paragraphs: Vec<Span> = doc.layout.paragraphs.iter().map(|p| p.span).collect();
        let reference = Reference::parse(doc.published.as_deref());
        let (mentions, inferred) = resolve(text, &paragraphs, &found, reference);
        if reference.day.is_none()
            && let Some(day) = inferred
        {
            doc.published = Some(day.to_string());
        }
        doc.dates = mentions;
        Ok(())
    }
}

/// Resolves found expressions; returns the mentions (one per surface string)
/// and the publication day inferred from an apposition, if any.
pub fn resolve(
    text: &str,
    paragraphs: &[Span],
    found: &[Found],
    reference: Reference,
) -> (Vec<DateMention>, Option<Day>) {
    let mut values: Vec<Option<Day>> = found
        .iter()
        .map(|f| match f.what {
            What::Day { y, m, d, wd, .. } => {
                let y = y
                    .or_else(|| wd.and_then(|wd| reference.year_on(m, d, wd)))
                    .or_else(|| reference.year_of(m, d, f.which, f.tense))?;
                Day::new(y, m, d)
            }
            What::Range { y, m, d, m2, d2 } => reference.range(y, (m, d), (m2, d2)).map(|r| r.0),
            What::DayOfMonth { d, wd } => reference.day_of_month(d, wd),
            _ => None,
        })
        .collect();
    let mut now = reference.day;
    let mut inferred = None;
    for k in 1..found.len() {
        let (a, b) = (&found[k - 1], &found[k]);
        let gap = text.get(a.span.end..b.span.start).unwrap_or("");
        // An apposition is set off by a comma or brackets.
        if gap.len() > 40 || !gap.contains([',', '(']) || gap.contains(['.', '\n', '!', '?', ';']) {
            continue;
        }
        let (rel_at, day_at) = match (a.what, b.what) {
            (What::Relative(_) | What::RelWeekday { .. }, What::Day { .. }) => (k - 1, k),
            (What::Day { .. }, What::Relative(_) | What::RelWeekday { .. }) => (k, k - 1),
            _ => continue,
        };
        let (rel, Some(day)) = (found[rel_at].what, values[day_at]) else {
            continue;
        };
        let rel = match rel {
            What::Relative(rel) => rel,
            What::RelWeekday { wd, rel } if day.weekday() == wd => rel,
            _ => continue,
        };
        let days = match rel.unit {
            Unit::Day => rel.offset,
            Unit::Week => rel.offset * 7,
            _ => continue,
        };
        values[rel_at] = Some(day);
        let then = day.plus(-days);
        if rel.base == Base::Now && now.is_none() && reference.admits(then) {
            now = Some(then);
            inferred = Some(then);
        }
    }
    let stated: Vec<(usize, Day)> = found
        .iter()
        .zip(&values)
        .enumerate()
        .filter(|(_, (f, _))| matches!(f.what, What::Day { .. } | What::DayOfMonth { .. }))
        .filter_map(|(k, (_, v))| v.map(|d| (k, d)))
        .collect();
    let mut out = Vec::with_capacity(found.len());
    let mut seen = HashSet::default();
    let mut anchor: Option<Day> = None;
    let mut para = 0;
    for (k, f) in found.iter().enumerate() {
        let p = paragraphs
            .iter()
            .skip(para)
            .position(|p| p.end >= f.span.start)
            .map_or(para, |n| para + n);
        if p != para {
            anchor = None;
            para = p;
        }
        let (value, granularity) = match f.what {
            What::Day { .. } | What::DayOfMonth { .. } => {
                (values[k].map(|d| d.to_string()), Granularity::Day)
            }
            What::Range { y, m, d, m2, d2 } => {
                let v = reference
                    .range(y, (m, d), (m2, d2))
                    .map(|(a, b)| format!("{a}/{b}"));
                (v, Granularity::Range)
            }
            What::Month { y, m } => {
                // "juin dernier" is before the publication month, "juin
                // prochain" after it: compare from the month's far end.
                let d = match f.which {
                    Which::Last | Which::LastWeek => 31,
                    Which::Next | Which::NextWeek => 0,
                    // A past sentence may speak of the current month, and
                    // so may a future one.
                    Which::Plain => match f.tense {
                        Tense::Past => 1,
                        Tense::Future => 31,
                        Tense::Unknown => 15,
                    },
                    Which::This => 15,
                };
                let y = y.or_else(|| reference.year_of(m, d, f.which, f.tense));
                (y.map(|y| format!("{y:04}-{m:02}")), Granularity::Month)
            }
            What::Year(y) => (Some(format!("{y:04}")), Granularity::Year),
            What::YearRange(a, b) => (Some(format!("{a:04}/{b:04}")), Granularity::Range),
            What::Weekday { wd, which } => {
                let day = values[k].or_else(|| {
                    let on_stated = |(_, d): &&(usize, Day)| {
                        d.weekday() == wd
                            && now.is_none_or(|n| (d.ordinal() - n.ordinal()).abs() <= 6)
                    };
                    let stated_day = matches!(which, Which::Plain | Which::This)
                        .then(|| {
                            let before =
                                stated.iter().rev().filter(|(j, _)| *j < k).find(on_stated);
                            before
                                .or_else(|| stated.iter().find(on_stated))
                                .map(|(_, d)| *d)
                        })
                        .flatten();
                    stated_day.or_else(|| now.map(|n| weekday_from(n, wd, which)))
                });
                (day.map(|d| d.to_string()), Granularity::Day)
            }
            What::RelWeekday { rel, .. } => {
                let day = values[k].or_else(|| now.map(|n| n.plus(rel.offset)));
                (day.map(|d| d.to_string()), Granularity::Day)
            }
            What::Relative(rel) => {
                let base = match rel.base {
                    Base::Now => now,
                    Base::Anchor => anchor.or(now),
                };
                match rel.unit {
                    Unit::Day => {
                        let day = values[k].or_else(|| base.map(|b| b.plus(rel.offset)));
                        (day.map(|d| d.to_string()), Granularity::Day)
                    }
                    // A week's value is its Monday.
                    Unit::Week => match values[k] {
                        Some(d) => (Some(d.to_string()), Granularity::Day),
                        None => {
                            let monday = base.map(|b| {
                                let d = b.plus(rel.offset * 7);
                                d.plus(1 - i64::from(d.weekday()))
                            });
                            (monday.map(|d| d.to_string()), Granularity::Week)
                        }
                    },
                    Unit::Month => {
                        let ym = base
                            .map(|b| (b.y, b.m))
                            .or_else(|| reference.year.zip(reference.month));
                        let v = ym.map(|(y, m)| {
                            let (y, m) = add_months(y, m, rel.offset as i32);
                            format!("{y:04}-{m:02}")
                        });
                        (v, Granularity::Month)
                    }
                    Unit::Year => {
                        let y = base.map(|b| b.y).or(reference.year);
                        let v = y.map(|y| format!("{:04}", i64::from(y) + rel.offset));
                        (v, Granularity::Year)
                    }
                }
            }
        };
        if matches!(granularity, Granularity::Day | Granularity::Range)
            && let Some(d) = value
                .as_deref()
                .and_then(|v| parse_iso(v.get(..10).unwrap_or(v)))
            && let (y, Some(m), Some(dd)) = d
        {
            anchor = Day::new(y, m, dd);
        }
        let surface = f.span.slice(text);
        if seen.insert(surface) {
            out.push(DateMention {
                text: surface.to_owned(),
                start: f.span.start,
                end: f.span.end,
                value,
                granularity,
            });
        }
    }
    (out, inferred)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod table_tests;

//! Finding date expressions in a token stream, in one left-to-right pass.
//!
//! Each position is tried against a handful of shapes (numeric date,
//! relative phrase, weekday, day + month, month + day, month, cued year);
//! the first that fits is taken and the scan resumes after it. A found
//! expression then grows over the articles and modifiers around it ("le",
//! "début de", "ce", "dernier", "soir") read from the language data.

use vigie_doc::{Span, Words};

use super::lexicon::{Base, DateLexicon, NumericOrder, Relative, Tense, Unit, name_ok, role};

/// Which occurrence of a weekday is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// "mercredi", "on Tuesday": the nearest past one.
    Plain,
    /// "ce jeudi": the one of the current week.
    This,
    /// "last Thursday", "mardi dernier".
    Last,
    /// "next Monday", "lundi prochain".
    Next,
    /// "lundi de la semaine prochaine": that weekday of the next week.
    NextWeek,
    /// "jeudi de la semaine dernière": that weekday of the previous week.
    LastWeek,
}

/// How a day is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// With a month name ("26 janvier").
    Words,
    /// In digits ("9.2.2022", "2022-01-10"), as pages stamp their date.
    Numeric,
    /// Day and month in digits after a cue ("le 17/02"): a mention, never a
    /// page's stamp, which has its year.
    DayMonth,
    /// A machine timestamp with its time ("2022-01-10T21:27"): page
    /// metadata, not a mention.
    Stamp,
}

/// What a date expression says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum What {
    /// A day, with the year and weekday when given.
    Day {
        /// Year, when written.
        y: Option<i32>,
        /// Month.
        m: u8,
        /// Day.
        d: u8,
        /// Weekday, when written.
        wd: Option<u8>,
        /// How it is written.
        form: Form,
    },
    /// A day of the month given without its month ("le 16", "mercredi
    /// 13"): the one of the publication month or the next or previous one.
    DayOfMonth {
        /// Day.
        d: u8,
        /// Weekday, when written.
        wd: Option<u8>,
    },
    /// Several days, from the first to the last.
    Range {
        /// Year, when written (of the last day).
        y: Option<i32>,
        /// First month.
        m: u8,
        /// First day.
        d: u8,
        /// Last month.
        m2: u8,
        /// Last day.
        d2: u8,
    },
    /// A month.
    Month {
        /// Year, when written.
        y: Option<i32>,
        /// Month.
        m: u8,
    },
    /// A year.
    Year(i32),
    /// Several years, from the first to the last.
    YearRange(i32, i32),
    /// A weekday.
    Weekday {
        /// ISO weekday.
        wd: u8,
        /// Which one.
        which: Which,
    },
    /// A relative expression, its slot's number already applied.
    Relative(Relative),
    /// A relative day and its weekday ("hier dimanche").
    RelWeekday {
        /// ISO weekday.
        wd: u8,
        /// The relative day.
        rel: Relative,
    },
}

/// A date expression and where it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    /// Its span in the text.
    pub span: Span,
    /// What it says.
    pub what: What,
    /// Which occurrence the words around it point at ("juin dernier",
    /// "last March", "le 3 mars dernier").
    pub which: Which,
    /// The tense of the sentence around a month or day without its year.
    pub tense: Tense,
}

/// Scans `tokens` of `text` for date expressions.
/// `words` are the tokens' normalised forms ([`crate::text::words`]).
pub fn scan(text: &str, tokens: &[Span], words: &Words, lex: &DateLexicon) -> Vec<Found> {
    let s = Scanner {
        text,
        tokens,
        words,
        lex,
    };
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !lex.may_start(s.word(i)) {
            i += 1;
            continue;
        }
        let prev_year = out
            .last()
            .filter(|f| matches!(f.what, What::Year(_)))
            .map(|f| f.span.end);
        match s.at(i, prev_year) {
            Some((what, first, last)) => {
                // An article before a bare year belongs to the noun the
                // year qualifies ("the 2020 election").
                let articles = !matches!(what, What::Year(_) | What::YearRange(..));
                let (span, bits) = s.grow(first, last, articles);
                let what = match what {
                    What::Weekday { wd, .. } => What::Weekday {
                        wd,
                        which: which(bits),
                    },
                    other => other,
                };
                let tense = match what {
                    What::Month { y: None, .. } | What::Day { y: None, .. } => s.tense(first, last),
                    _ => Tense::Unknown,
                };
                out.push(Found {
                    span,
                    what,
                    which: which(bits),
                    tense,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

fn which(bits: u16) -> Which {
    if bits & role::NEXT_WEEK_AFTER != 0 {
        Which::NextWeek
    } else if bits & role::LAST_WEEK_AFTER != 0 {
        Which::LastWeek
    } else if bits & (role::LAST | role::LAST_AFTER) != 0 {
        Which::Last
    } else if bits & (role::NEXT | role::NEXT_AFTER) != 0 {
        Which::Next
    } else if bits & role::THIS != 0 {
        Which::This
    } else {
        Which::Plain
    }
}

struct Scanner<'a> {
    text: &'a str,
    tokens: &'a [Span],
    words: &'a Words,
    lex: &'a DateLexicon,
}

/// A found shape: what it says and its first and last token.
type Shape = (What, usize, usize);

impl Scanner<'_> {
    /// Text between token `i - 1` and token `i`.
    fn gap(&self, i: usize) -> &str {
        if i == 0 || i >= self.tokens.len() {
            return "";
        }
        self.text
            .get(self.tokens[i - 1].end..self.tokens[i].start)
            .unwrap_or("")
    }

    /// The tense cue of the clause around tokens `first..=last`: the
    /// nearest one before them ("which will take effect on July 6"), else
    /// the nearest after ("En février, il a signé"), a few words either way
    /// and within the sentence.
    fn tense(&self, first: usize, last: usize) -> Tense {
        const REACH: usize = 8;
        let ends = |k: usize| self.gap(k).contains(['.', '!', '?', ';', '\n']);
        let cue = |k: usize| self.lex.tense_cues.get(self.word(k)).copied();
        for k in (first.saturating_sub(REACH)..first).rev() {
            if ends(k + 1) {
                break;
            }
            if let Some(t) = cue(k) {
                return t;
            }
        }
        for k in last + 1..(last + 1 + REACH).min(self.tokens.len()) {
            if ends(k) {
                break;
            }
            if let Some(t) = cue(k) {
                return t;
            }
        }
        Tense::Unknown
    }

    /// True when token `i` follows token `i - 1` inside one phrase.
    fn joined(&self, i: usize) -> bool {
        let g = self.gap(i);
        g.len() <= 4
            && !g.is_empty()
            && g.chars()
                .all(|c| c.is_whitespace() && c != '\n' || matches!(c, '\'' | '’' | '-'))
    }

    /// True when only spaces separate token `i - 1` from token `i`.
    fn spaced(&self, i: usize) -> bool {
        let g = self.gap(i);
        !g.is_empty() && g.len() <= 4 && g.chars().all(|c| c.is_whitespace() && c != '\n')
    }

    fn word(&self, i: usize) -> &str {
        if i < self.words.len() {
            self.words.lower(i)
        } else {
            ""
        }
    }

    fn surface(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.slice(self.text))
    }

    fn digits(&self, i: usize) -> Option<(u32, usize)> {
        let w = self.word(i);
        (!w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| (w.parse().ok(), w.len()))
            .and_then(|(v, n)| v.map(|v| (v, n)))
    }

    /// A day of the month: "7", "07", "1er", "22nd".
    fn day(&self, i: usize) -> Option<u8> {
        self.day_suffixed(i).map(|(d, _)| d)
    }

    /// A day of the month and whether it carries an ordinal suffix.
    fn day_suffixed(&self, i: usize) -> Option<(u8, bool)> {
        let w = self.word(i);
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        let (num, suffix) = (w.get(..digits)?, w.get(digits..)?);
        if !suffix.is_empty() && !self.lex.ordinal_suffixes.iter().any(|s| s == suffix) {
            return None;
        }
        let v: u8 = (!num.is_empty() && num.len() <= 2)
            .then(|| num.parse().ok())
            .flatten()?;
        (1..=31).contains(&v).then_some((v, !suffix.is_empty()))
    }

    /// A day as a number or a day word ("premier", "first").
    fn day_or_word(&self, i: usize) -> Option<u8> {
        self.day(i)
            .or_else(|| self.lex.day_words.get(self.word(i)).copied())
    }

    /// True when the word before token `i` cues a lone day ("le 16", "on 7/20").
    fn day_cued(&self, i: usize) -> bool {
        i > 0 && self.spaced(i) && self.lex.has_role(self.word(i - 1), role::DAY_CUE)
    }

    fn year(&self, i: usize) -> Option<i32> {
        let (v, n) = self.digits(i)?;
        (n == 4 && (1800..=2199).contains(&v)).then_some(v as i32)
    }

    fn month(&self, i: usize) -> Option<(u8, bool)> {
        let &(m, flags) = self.lex.months.get(self.word(i))?;
        name_ok(flags, self.surface(i)).then_some((m, flags.abbr))
    }

    fn weekday(&self, i: usize) -> Option<u8> {
        let &(wd, flags) = self.lex.weekdays.get(self.word(i))?;
        name_ok(flags, self.surface(i)).then_some(wd)
    }

    /// True when the gap before token `i` is spaces, or an abbreviation's
    /// period and spaces ("Dec. 7").
    fn after_name(&self, i: usize) -> bool {
        self.spaced(i) || {
            let g = self.gap(i);
            g.starts_with('.')
                && g.len() <= 3
                && g.get(1..)
                    .unwrap_or_default()
                    .chars()
                    .all(char::is_whitespace)
        }
    }

    fn at(&self, i: usize, prev_year_end: Option<usize>) -> Option<Shape> {
        if let Some(s) = self.numeric(i).or_else(|| self.day_month_digits(i)) {
            return Some(s);
        }
        if let Some(s) = self.relative(i) {
            return Some(s);
        }
        if let Some(s) = self.holiday(i) {
            return Some(s);
        }
        if let Some(wd) = self.weekday(i) {
            let j = i + 1;
            let g = self.gap(j);
            if (self.spaced(j) || g.trim_start().starts_with(',') && g.trim().len() == 1)
                && let Some((What::Day { y, m, d, .. }, _, last)) = self.day_month(j)
            {
                let what = What::Day {
                    y,
                    m,
                    d,
                    wd: Some(wd),
                    form: Form::Words,
                };
                return Some((what, i, last));
            }
            // "mercredi 13", "Wednesday the 13th".
            let k = if self.lex.has_role(self.word(j), role::DET) && self.spaced(j + 1) {
                j + 1
            } else {
                j
            };
            if (self.spaced(j) || k > j && self.spaced(j))
                && let Some((d, sfx)) = self.day_suffixed(k)
                && (k == j || sfx)
                && self.lone_day_ends(k)
            {
                return Some((What::DayOfMonth { d, wd: Some(wd) }, i, k));
            }
            let what = What::Weekday {
                wd,
                which: Which::Plain,
            };
            return Some((what, i, i));
        }
        if let Some(s) = self.day_month(i) {
            return Some(self.day_to_day(s).unwrap_or(s));
        }
        // "le 16", "on the 16th": a day alone after its cue.
        if let Some(d) = self.day(i)
            && self.day_cued(i)
            && self.lone_day_ends(i)
            && self.closed_after(i)
        {
            return Some((What::DayOfMonth { d, wd: None }, i, i));
        }
        self.cued_year(i, prev_year_end)
    }

    /// True when no number, unit or name goes on after a lone day at `i`
    /// ("le 16 mai" is read elsewhere; "le 16 pays" is no date).
    fn lone_day_ends(&self, i: usize) -> bool {
        let after = self
            .text
            .get(self.tokens[i].end..)
            .unwrap_or_default()
            .chars()
            .next();
        !after.is_some_and(|c| {
            c.is_alphanumeric()
                || matches!(c, '%' | '/' | '.' | ',' | '-') && {
                    let rest = self.text.get(self.tokens[i].end..).unwrap_or_default();
                    rest.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
                }
        })
    }

    /// True when a sentence or clause closes right after token `i`, or a
    /// part of the day follows ("le 16.", "le 16 au soir").
    fn closed_after(&self, i: usize) -> bool {
        let rest = self.text.get(self.tokens[i].end..).unwrap_or_default();
        rest.is_empty()
            || rest.starts_with(['.', ',', ';', ':', ')', '!', '?', '\n'])
            || self.joined(i + 1) && {
                let seq = (i + 1..self.tokens.len())
                    .map(|k| (self.word(k), k == i + 1 || self.joined(k)));
                self.lex
                    .after
                    .longest(seq, &self.lex.numbers)
                    .is_some_and(|h| h.value & role::TIME != 0)
            }
    }

    /// "du 30 juin au 2 juillet": a day, a range word and a later day.
    fn day_to_day(&self, (what, first, last): Shape) -> Option<Shape> {
        let What::Day {
            y: y1,
            m,
            d,
            form: Form::Words,
            ..
        } = what
        else {
            return None;
        };
        let k = last + 1;
        if !(self.spaced(k) && self.lex.has_role(self.word(k), role::RANGE) && self.spaced(k + 1)) {
            return None;
        }
        let (
            What::Day {
                y: y2,
                m: m2,
                d: d2,
                ..
            },
            _,
            end,
        ) = self.day_month(k + 1)?
        else {
            return None;
        };
        // Without years, a range may run over the new year ("du 28 décembre
        // au 3 janvier"); with both years written they must agree.
        if y1.is_some() && y2.is_some() && y1 != y2 || (m2, d2) == (m, d) {
            return None;
        }
        Some((
            What::Range {
                y: y2.or(y1),
                m,
                d,
                m2,
                d2,
            },
            first,
            end,
        ))
    }

    /// A named day of fixed date ("Noël", "New Year's Eve").
    fn holiday(&self, i: usize) -> Option<Shape> {
        let seq = (i..self.tokens.len()).map(|k| (self.word(k), k == i || self.joined(k)));
        let hit = self.lex.holidays.longest(seq, &self.lex.numbers)?;
        let &(m, d, cap) = hit.value;
        if cap && !crate::text::is_capitalized(self.surface(i)) {
            return None;
        }
        let what = What::Day {
            y: None,
            m,
            d,
            wd: None,
            form: Form::Words,
        };
        Some((what, i, i + hit.len - 1))
    }

    /// A day and month in digits after a cue ("le 17/02", "on 7/20",
    /// "dimanche 28.07"): read in the language's order, or the other when
    /// only that one is a date; dotted forms are day-first.
    fn day_month_digits(&self, i: usize) -> Option<Shape> {
        let sep = self.gap(i + 1);
        // After a cue or a weekday, also in brackets ("dimanche (28.07)").
        let after_weekday = i > 0
            && self.weekday(i - 1).is_some()
            && matches!(self.gap(i).trim(), "" | "(")
            && !self.gap(i).contains('\n');
        if !matches!(sep, "/" | ".") || !(self.day_cued(i) || after_weekday) {
            return None;
        }
        let (a, an) = self.digits(i)?;
        let (b, bn) = self.digits(i + 1)?;
        if an > 2 || bn > 2 || sep == "." && (an != 2 || bn != 2) {
            return None;
        }
        let rest = self.text.get(self.tokens[i + 1].end..).unwrap_or_default();
        let mut chars = rest.chars();
        let (c1, c2) = (chars.next(), chars.next());
        if c1.is_some_and(|c| c.is_alphanumeric())
            || c1.is_some_and(|c| matches!(c, '/' | '.' | ',' | '-'))
                && c2.is_some_and(|c| c.is_ascii_digit())
        {
            return None;
        }
        let (m, d) = self.order(a, b, sep)?;
        super::calendar::Day::new(2000, m, d)?;
        let what = What::Day {
            y: None,
            m,
            d,
            wd: None,
            form: Form::DayMonth,
        };
        Some((what, i, i + 1))
    }

    /// (month, day) of two numeric fields in the order the language and the
    /// separator give, or the other order when only it is a date.
    fn order(&self, a: u32, b: u32, sep: &str) -> Option<(u8, u8)> {
        let (a, b) = (u8::try_from(a).ok()?, u8::try_from(b).ok()?);
        let dmy = sep == "." || self.lex.order == NumericOrder::Dmy;
        let (first, second) = if dmy {
            ((b, a), (a, b))
        } else {
            ((a, b), (b, a))
        };
        let ok = |(m, d): (u8, u8)| (1..=12).contains(&m) && (1..=31).contains(&d);
        [first, second].into_iter().find(|&md| ok(md))
    }

    /// "9.2.2022", "12/02/22", "2022-01-10".
    fn numeric(&self, i: usize) -> Option<Shape> {
        let sep = self.gap(i + 1);
        if !matches!(sep, "." | "/" | "-") || self.gap(i + 2) != sep {
            return None;
        }
        let before = self
            .text
            .get(..self.tokens[i].start)
            .unwrap_or_default()
            .chars()
            .next_back();
        if before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '/') {
            return None;
        }
        let (a, an) = self.digits(i)?;
        let (b, bn) = self.digits(i + 1)?;
        // The last field may carry a glued time ("10T21").
        let last = self.word(i + 2);
        let lead: String = last.chars().take_while(char::is_ascii_digit).collect();
        let rest = last.get(lead.len()..).unwrap_or_default();
        if !(rest.is_empty() || rest.starts_with('t')) || lead.is_empty() || lead.len() > 4 {
            return None;
        }
        let after = self
            .text
            .get(self.tokens[i + 2].end..)
            .unwrap_or_default()
            .chars()
            .next();
        if rest.is_empty() && after.is_some_and(|c| c == '.' || c == '/' || c == '-') {
            let after2 = self
                .text
                .get(self.tokens[i + 2].end..)
                .unwrap_or_default()
                .chars()
                .nth(1);
            if after2.is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
        }
        let c: u32 = lead.parse().ok()?;
        let (y, m, d) = if an == 4 && sep == "-" {
            (a as i32, b, c)
        } else if sep == "-" || an > 2 || bn > 2 {
            return None;
        } else {
            // Two-digit years pivot at 69, as POSIX does: "74" is 1974.
            let y = match lead.len() {
                4 => c as i32,
                2 if c < 69 => 2000 + c as i32,
                2 => 1900 + c as i32,
                _ => return None,
            };
            let (m, d) = self.order(a, b, sep)?;
            (y, u32::from(m), u32::from(d))
        };
        let (m, d) = (u8::try_from(m).ok()?, u8::try_from(d).ok()?);
        super::calendar::Day::new(y, m, d)?;
        let what = What::Day {
            y: Some(y),
            m,
            d,
            wd: None,
            form: if rest.is_empty() {
                Form::Numeric
            } else {
                Form::Stamp
            },
        };
        Some((what, i, i + 2))
    }

    fn relative(&self, i: usize) -> Option<Shape> {
        let seq = (i..self.tokens.len()).map(|k| (self.word(k), k == i || self.joined(k)));
        let hit = self.lex.relative.longest(seq, &self.lex.numbers)?;
        let mut rel = *hit.value;
        if let Some(n) = hit.n {
            rel.offset *= n.round() as i64;
        }
        let last = i + hit.len - 1;
        // "the lowest level in 31 years", "the first time in weeks": a span
        // reaching the present, no date.
        if rel.offset > 0
            && rel.base == Base::Now
            && (i.saturating_sub(3)..i).any(|k| self.lex.has_role(self.word(k), role::SPAN_CUE))
        {
            return None;
        }
        // "hier dimanche": the weekday names the day the word counts to.
        if rel.unit == Unit::Day
            && rel.base == Base::Now
            && self.spaced(last + 1)
            && let Some(wd) = self.weekday(last + 1)
        {
            return Some((What::RelWeekday { wd, rel }, i, last + 1));
        }
        Some((What::Relative(rel), i, last))
    }

    /// "26 janvier [2022]", "9 et 10 janvier", "January 12[, 2022]", "janvier 2022", "janvier".
    fn day_month(&self, i: usize) -> Option<Shape> {
        if let Some(d) = self.day_or_word(i) {
            // "the 22nd of July", "the first of March".
            let at = if self.spaced(i + 1)
                && self.lex.has_role(self.word(i + 1), role::DAY_OF)
                && self.spaced(i + 2)
            {
                i + 2
            } else {
                i + 1
            };
            if let Some((m, _)) = self.month(at).filter(|_| self.spaced(at)) {
                let (y, last) = self.year_after(at + 1);
                let what = What::Day {
                    y,
                    m,
                    d,
                    wd: None,
                    form: Form::Words,
                };
                return Some((what, i, last.unwrap_or(at)));
            }
            self.day(i)?;
            // "9 et 10 janvier", "du 10 au 12 janvier", "10-12 January".
            let (k, dash) = if self.gap(i + 1) == "-" {
                (i + 1, true)
            } else {
                (i + 2, false)
            };
            if (dash
                || self.spaced(i + 1)
                    && self.lex.has_role(self.word(i + 1), role::RANGE)
                    && self.spaced(k))
                && let Some(d2) = self.day(k).filter(|&d2| d2 > d)
                && let Some((m, _)) = self.month(k + 1).filter(|_| self.spaced(k + 1))
            {
                let (y, last) = self.year_after(k + 2);
                let what = What::Range { y, m, d, m2: m, d2 };
                return Some((what, i, last.unwrap_or(k + 1)));
            }
            return None;
        }
        let (m, abbr) = self.month(i)?;
        if self.after_name(i + 1)
            && let Some(d) = self.day(i + 1)
            && !self
                .text
                .get(self.tokens[i + 1].end..)
                .unwrap_or_default()
                .starts_with([':', 'h', '%'])
            && self.digits(i + 1).is_none_or(|(_, n)| n <= 2)
        {
            let k = i + 2;
            // "March 16-17" (the day right after the dash), "March 3 and 5".
            let to = if self.gap(k) == "-" {
                Some(k)
            } else {
                (self.spaced(k) && self.lex.has_role(self.word(k), role::RANGE)).then_some(k + 1)
            };
            if let Some(to) = to
                && let Some(d2) = self.day(to).filter(|&d2| d2 > d)
            {
                let (y, last) = self.year_after(to + 1);
                let what = What::Range { y, m, d, m2: m, d2 };
                return Some((what, i, last.unwrap_or(to)));
            }
            let (y, last) = self.year_after(k);
            let what = What::Day {
                y,
                m,
                d,
                wd: None,
                form: Form::Words,
            };
            return Some((what, i, last.unwrap_or(i + 1)));
        }
        if self.spaced(i + 1)
            && let Some(y) = self.year(i + 1)
        {
            return Some((What::Month { y: Some(y), m }, i, i + 1));
        }
        (!abbr).then_some((What::Month { y: None, m }, i, i))
    }

    /// A year right after a date: " 2022" or ", 2022".
    fn year_after(&self, k: usize) -> (Option<i32>, Option<usize>) {
        let g = self.gap(k);
        let ok = self.spaced(k)
            || (g.starts_with(',')
                || g.starts_with('.') && k > 0 && self.month(k - 1).is_some_and(|(_, abbr)| abbr))
                && g.len() <= 3
                && g.get(1..).unwrap_or_default().trim().is_empty();
        match self.year(k).filter(|_| ok) {
            Some(y) => (Some(y), Some(k)),
            None => (None, None),
        }
    }

    /// "en 2014", "Fin 2021", "(1957, 1959", "en 2014 et 2015".
    fn cued_year(&self, i: usize, prev_year_end: Option<usize>) -> Option<Shape> {
        let y = self.year(i)?;
        let t = self.tokens[i];
        let after = self.text.get(t.end..).unwrap_or_default();
        if after.starts_with(['%', '/']) || after.starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let before = self.gap(i);
        if before.ends_with('-') || before.ends_with('/') {
            return None;
        }
        if let Some(s) = self.year_span(i, y) {
            return Some(s);
        }
        let cued = (i > 0 && self.spaced(i) && self.lex.has_role(self.word(i - 1), role::YEAR_CUE))
            || before.trim_end().ends_with('(')
            || prev_year_end.is_some_and(|end| {
                let g = self.text.get(end..t.start).unwrap_or_default().trim();
                g == ","
                    || self
                        .lex
                        .has_role(&g.to_lowercase(), role::RANGE | role::YEAR_CUE)
            });
        let counts = self.spaced(i + 1) && self.lex.counted.contains(self.word(i + 1));
        (cued && !counts && !after.starts_with('-')).then_some((What::Year(y), i, i))
    }

    /// "2014-16", "2025-2031": a span of years, the second later.
    fn year_span(&self, i: usize, y: i32) -> Option<Shape> {
        if self.gap(i + 1) != "-" {
            return None;
        }
        let (v, n) = self.digits(i + 1)?;
        let y2 = match n {
            4 => v as i32,
            2 => y - y % 100 + v as i32,
            _ => return None,
        };
        let after = self.text.get(self.tokens[i + 1].end..).unwrap_or_default();
        let glued =
            after.starts_with(|c: char| c.is_alphanumeric() || matches!(c, '-' | '/' | '%'));
        (y2 > y && y2 - y <= 50 && !glued).then_some((What::YearRange(y, y2), i, i + 1))
    }

    /// Widens tokens `first..=last` over the words around them; returns the
    /// span and the roles of the words taken.
    fn grow(&self, mut first: usize, mut last: usize, articles: bool) -> (Span, u16) {
        let mut bits = 0;
        for _ in 0..4 {
            if first == 0 || !self.joined(first) {
                break;
            }
            let seq = (0..first)
                .rev()
                .map(|k| (self.word(k), k + 1 == first || self.joined(k + 1)));
            match self.lex.before.longest(seq, &self.lex.numbers) {
                Some(hit) if articles || *hit.value != role::DET => {
                    bits |= hit.value;
                    first -= hit.len;
                }
                _ => break,
            }
        }
        for _ in 0..2 {
            if last + 1 >= self.tokens.len() || !self.joined(last + 1) {
                break;
            }
            let seq = (last + 1..self.tokens.len())
                .map(|k| (self.word(k), k == last + 1 || self.joined(k)));
            match self.lex.after.longest(seq, &self.lex.numbers) {
                Some(hit) => {
                    bits |= hit.value;
                    last += hit.len;
                }
                None => break,
            }
        }
        (
            Span::new(self.tokens[first].start, self.tokens[last].end),
            bits,
        )
    }
}

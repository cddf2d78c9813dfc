//! `amounts`: numbers with what they count, normalised.
//!
//! One pass over the tokens. A number is digits with French, Swiss or
//! English separators ("100.000", "100 000", "100'000", "20,000", "5,1",
//! "1.5") or number words ("deux millions", "trente", "a dozen"), possibly
//! followed by multipliers ("1.5 billion", "$1.5bn"). It is an amount when
//! what it counts follows: a unit of the pack's `units.tsv` (a counted noun,
//! a currency, a percent sign or word), or, for digits and scaled number
//! words, any plural noun or acronym ("2 900 postes", "312 votes", "28 MPs")
//! that `non_units.txt` does not rule out (durations, ages, results, award
//! and word counts, closed-class words); or when a currency symbol precedes
//! it; or when an approximation announces a large number whose noun is left
//! out ("more than 15,000"; its unit is null). A bare number word counts only
//! pack units, since "cinq dossiers" is as often a known group. So
//! durations, ordinals, award counts and numbers inside names ("Nord Stream
//! 2", "S-400") are left out, and so are dates (spans of `doc.dates`), clock
//! times and match scores ("4-2"). Approximation words before the number
//! ("plus de", "about") set `approx` and stay out of the span; a number word
//! after a definite article ("les deux dirigeants") refers to a known group
//! and is not an amount.
//!
//! Like the gold convention, each distinct surface string is listed once.

pub mod number;
pub mod words;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use vigie_doc::{Amount, Doc, Span, Words};

use crate::stages::dates::lexicon::{Trie, phrase_tokens};
use crate::{Facet, LangPack, Resources, Result, Stage};
use number::parse_number;
use words::{Composer, Kind, NumberWords};

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A counted noun.
    Count,
    /// A currency.
    Currency,
    /// Percent.
    Percent,
}

/// Roles of the words before a number (`amount_cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Approx,
    Definite,
    Of,
}

/// The amount words of one language.
#[derive(Debug, Clone, Default)]
struct Lexicon {
    numbers: NumberWords,
    units: Trie<UnitKind>,
    symbols: HashMap<char, UnitKind>,
    /// Cue phrases, reversed, for reading backwards from a number.
    before: Trie<Cue>,
    of: HashSet<String>,
    cues: HashSet<String>,
    /// Words that never are what a number counts (`non_units.txt`):
    /// durations, ages, results, closed-class words.
    non_units: HashSet<String>,
}

impl Lexicon {
    fn from_pack(pack: &LangPack) -> Result<Self> {
        let mut lex = Lexicon::default();
        lex.numbers.add_pack(pack)?;
        for (n, row) in pack.tsv("units.tsv", 2)?.iter().enumerate() {
            let kind = match row[1] {
                "count" => UnitKind::Count,
                "currency" => UnitKind::Currency,
                "percent" => UnitKind::Percent,
                _ => {
                    return Err(pack.error(
                        "units.tsv",
                        n + 1,
                        "kind must be count, currency or percent",
                    ));
                }
            };
            let words = phrase_tokens(row[0]);
            let mut chars = row[0].chars();
            match (words.is_empty(), chars.next(), chars.next()) {
                (true, Some(c), None) => {
                    lex.symbols.insert(c, kind);
                }
                (false, _, _) => lex.units.insert(words.iter().map(String::as_str), kind),
                _ => return Err(pack.error("units.tsv", n + 1, "a symbol is one character")),
            }
        }
        lex.non_units = pack.lines("non_units.txt").map(str::to_lowercase).collect();
        for (n, row) in pack.tsv("amount_cues.tsv", 2)?.iter().enumerate() {
            let cue = match row[1] {
                "approx" => Cue::Approx,
                "definite" => Cue::Definite,
                "of" => Cue::Of,
                _ => {
                    return Err(pack.error(
                        "amount_cues.tsv",
                        n + 1,
                        "role must be approx, definite or of",
                    ));
                }
            };
            let words = phrase_tokens(row[0]);
            if cue == Cue::Of {
                lex.of.extend(words.iter().cloned());
            }
            lex.cues.extend(words.iter().cloned());
            lex.before
                .insert(words.iter().rev().map(String::as_str), cue);
        }
        Ok(lex)
    }
}

/// The amount stage.
pub struct Amounts {
    lexicons: HashMap<String, Lexicon>,
}

impl Amounts {
    /// Builds the stage from every pack's `numbers.tsv`, `units.tsv` and `amount_cues.tsv`.
    pub fn new(res: &Resources) -> Result<Self> {
        let lexicons = res
            .packs
            .iter()
            .map(|p| Ok((p.code().to_owned(), Lexicon::from_pack(p)?)))
            .collect::<Result<_>>()?;
        Ok(Amounts { lexicons })
    }
}

impl Stage for Amounts {
    fn name(&self) -> &'static str {
        "amounts"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Segments, Facet::Lang, Facet::Dates]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Amounts]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        let Some(lex) = doc.lang.as_deref().and_then(|l| self.lexicons.get(l)) else {
            return Ok(());
        };
        let dates: Vec<Span> = doc
            .dates
            .iter()
            .map(|d| Span::new(d.start, d.end))
            .collect();
        let words = crate::text::layout_words(&doc.layout, doc.text());
        doc.amounts = find(doc.text(), &doc.layout.tokens, &words, &dates, lex);
        Ok(())
    }
}

struct Finder<'a> {
    text: &'a str,
    tokens: &'a [Span],
    words: &'a Words,
    lex: &'a Lexicon,
}

fn find(text: &str, tokens: &[Span], words: &Words, dates: &[Span], lex: &Lexicon) -> Vec<Amount> {
    let f = Finder {
        text,
        tokens,
        words,
        lex,
    };
    let mut out = Vec::new();
    let mut seen = HashSet::default();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if dates.iter().any(|d| d.start <= t.start && t.end <= d.end) {
            i += 1;
            continue;
        }
        match f.amount_at(i) {
            Some((amount, next)) => {
                if seen.insert(amount.text.clone()) {
                    out.push(amount);
                }
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

impl Finder<'_> {
    fn word(&self, i: usize) -> &str {
        if i < self.words.len() {
            self.words.lower(i)
        } else {
            ""
        }
    }

    fn gap(&self, i: usize) -> &str {
        if i == 0 || i >= self.tokens.len() {
            return "";
        }
        self.text
            .get(self.tokens[i - 1].end..self.tokens[i].start)
            .unwrap_or("")
    }

    /// True when only spaces (or a hyphen, for "quarante-deux") separate token `i` from the one before.
    fn joined(&self, i: usize) -> bool {
        let g = self.gap(i);
        !g.is_empty()
            && g.len() <= 3
            && g.chars()
                .all(|c| c.is_whitespace() && c != '\n' || c == '-')
    }

    fn spaced(&self, i: usize) -> bool {
        let g = self.gap(i);
        !g.is_empty() && g.len() <= 3 && g.chars().all(|c| c.is_whitespace() && c != '\n')
    }

    /// The token index at or after byte `pos`.
    fn token_from(&self, from: usize, pos: usize) -> usize {
        (from..self.tokens.len())
            .find(|&k| self.tokens[k].start >= pos)
            .unwrap_or(self.tokens.len())
    }

    /// The amount starting at token `i`, and the token after it.
    fn amount_at(&self, i: usize) -> Option<(Amount, usize)> {
        let t = self.tokens[i];
        let before = self
            .text
            .get(..t.start)
            .unwrap_or_default()
            .chars()
            .next_back();
        let (mut composer, mut end, mut k, worded) =
            if self.word(i).starts_with(|c: char| c.is_ascii_digit()) {
                // Glued to a word or a code ("S-400", "G7", "n°3"): a name, not a count.
                if before.is_some_and(|c| {
                    c.is_alphanumeric() || matches!(c, '-' | '°' | '#' | '/' | '.' | ',')
                }) {
                    return None;
                }
                let (v, len) = parse_number(self.text.get(t.start..).unwrap_or_default())?;
                let mut end = t.start + len;
                let mut composer = Composer::from_digits(v);
                let rest = self.text.get(end..).unwrap_or_default();
                // Letters glued to digits: a suffix multiplier ("1.5bn") or an ordinal/code.
                let glued: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
                if !glued.is_empty() {
                    let w = self.lex.numbers.get(&glued.to_lowercase())?;
                    if w.kind != Kind::Suffix {
                        return None;
                    }
                    composer = Composer::from_digits(v * w.value);
                    end += glued.len();
                }
                let after = self.text.get(end..).unwrap_or_default();
                // Clock times, scores, ranges of numbers, dates.
                // The separator may be several bytes (an en dash): the
                // digit is looked for after the whole character.
                let digit_after = |seps: &[char]| {
                    after
                        .strip_prefix(seps)
                        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                };
                if digit_after(&[':', '-', '/', '–', '—', '‑']) || digit_after(&['h', 'H']) {
                    return None;
                }
                let k = self.token_from(i, end);
                (composer, end, k, false)
            } else {
                let w = self.lex.numbers.get(self.word(i))?;
                if w.kind == Kind::Suffix {
                    return None;
                }
                // "Group of Seven nations": a capitalised number word inside a sentence is a name.
                let lead = self.text.get(..t.start).unwrap_or_default().trim_end();
                if crate::text::is_capitalized(t.slice(self.text))
                    && !lead.is_empty()
                    && !lead.ends_with(['.', '!', '?', ':', '\n', '«', '"', '“', '—', '-'])
                {
                    return None;
                }
                let mut c = Composer::default();
                c.push(w);
                (c, t.end, i + 1, true)
            };
        // More number words: "deux cent mille", "1,5 million".
        let mut scaled = false;
        while k < self.tokens.len() && self.joined(k) {
            match self.lex.numbers.get(self.word(k)) {
                Some(w)
                    if (!worded && w.kind == Kind::Mult) || (worded && w.kind != Kind::Suffix) =>
                {
                    if !composer.push(w) {
                        break;
                    }
                    scaled |= w.kind == Kind::Mult;
                    end = self.tokens[k].end;
                    k += 1;
                }
                _ => break,
            }
        }
        let value = composer.value()?;
        let mut start = t.start;
        // A currency symbol before: "$1.5bn", "€300 millions".
        let mut unit: Option<(String, UnitKind)> = None;
        let lead = self
            .text
            .get(..start)
            .unwrap_or_default()
            .trim_end_matches([' ', '\u{a0}', '\u{202f}']);
        if let Some(c) = lead.chars().next_back()
            && self.lex.symbols.get(&c) == Some(&UnitKind::Currency)
            && start - lead.len() <= 1
        {
            start = lead.len() - c.len_utf8();
            unit = Some((c.to_string(), UnitKind::Currency));
        }
        // A symbol after: "5,1 %", "300 €".
        let trail = self.text.get(end..).unwrap_or_default();
        let trimmed = trail.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        if unit.is_none()
            && trail.len() - trimmed.len() <= 3
            && let Some(c) = trimmed.chars().next()
            && let Some(&kind) = self.lex.symbols.get(&c)
        {
            end = end + (trail.len() - trimmed.len()) + c.len_utf8();
            unit = Some((c.to_string(), kind));
            k = self.token_from(k, end);
        }
        let (approx, definite) = self.cue_before(i);
        if definite && worded {
            return None;
        }
        if unit.is_none() {
            // Digits, or number words scaled by a multiplier ("trois
            // millions de pneus"), may count any plural noun; a bare number
            // word ("deux pays") only the units of the pack.
            match self.unit_after(k, !worded || scaled) {
                Some((u, kind, last)) => {
                    end = self.tokens[last].end;
                    unit = Some((u, kind));
                    k = last + 1;
                }
                // "more than 15,000", "plus de 200 000": a large number
                // announced as a quantity is an amount even when its noun
                // is left out (its unit stays null).
                // A number cut by the end of its line is truncated text.
                None if approx
                    && (value >= 100.0 || scaled)
                    && !self.non_unit_at(k)
                    && !self
                        .text
                        .get(end..)
                        .unwrap_or_default()
                        .trim_start_matches([' ', '\u{a0}', '\u{202f}'])
                        .starts_with('\n')
                    && end < self.text.trim_end().len() => {}
                None => return None,
            }
        }
        Some((
            Amount {
                text: self.text.get(start..end).unwrap_or_default().to_owned(),
                start,
                end,
                value,
                unit: unit.map(|(u, _)| u),
                approx,
            },
            k,
        ))
    }

    /// True when token `k` is a word that never is counted ("ans", "years").
    fn non_unit_at(&self, k: usize) -> bool {
        k < self.tokens.len() && self.spaced(k) && self.lex.non_units.contains(self.word(k))
    }

    /// Whether token `at` can be what a number counts although the pack does
    /// not list it: a plural noun ("postes", "ballots", "décès") or an
    /// acronym ("PNC", "MPs"), never a duration, an age, a result or a
    /// closed-class word. `after_of` admits a capitalised plural after
    /// "de"/"of" ("six millions d'Américains").
    fn open_unit(&self, at: usize, after_of: bool) -> bool {
        let surface = self.tokens[at].slice(self.text);
        let w = self.word(at);
        if w.chars().count() < 3
            || !w.chars().all(char::is_alphabetic)
            || self.lex.non_units.contains(w)
            || self.lex.cues.contains(w)
            || self.lex.numbers.get(w).is_some()
        {
            return false;
        }
        let stem = surface.strip_suffix('s').unwrap_or(surface);
        let acronym = stem.chars().count() >= 2 && stem.chars().all(char::is_uppercase);
        let plural = w.ends_with(['s', 'x']);
        let capitalised = crate::text::is_capitalized(surface);
        acronym || plural && (!capitalised || after_of)
    }

    /// A unit among the next words: "soldats", "de dollars", "combat troops".
    fn unit_after(&self, mut k: usize, open: bool) -> Option<(String, UnitKind, usize)> {
        let mut after_of = false;
        if k < self.tokens.len() && self.spaced(k) || self.gap(k).ends_with(['\'', '’']) {
            // "de", "d'", "of" before the unit, after a multiplier or not.
            if self.lex.of.contains(self.word(k)) {
                k += 1;
                after_of = true;
            }
        } else {
            return None;
        }
        let first = k;
        for skip in 0..2 {
            let at = first + skip;
            if at >= self.tokens.len() || !(self.spaced(at) || self.gap(at).ends_with(['\'', '’']))
            {
                return None;
            }
            let seq = (at..self.tokens.len()).map(|j| (self.word(j), j == at || self.spaced(j)));
            if let Some(hit) = self.lex.units.longest(seq, &self.lex.numbers) {
                let last = at + hit.len - 1;
                // "trois points-clés": the unit word starts a compound.
                let after = self.text.get(self.tokens[last].end..).unwrap_or_default();
                if after
                    .strip_prefix('-')
                    .is_some_and(|rest| rest.starts_with(char::is_alphanumeric))
                {
                    return None;
                }
                let surface = self
                    .text
                    .get(self.tokens[first].start..self.tokens[last].end)
                    .unwrap_or_default()
                    .to_owned();
                return Some((surface, *hit.value, last));
            }
            if skip == 0 && open && self.open_unit(at, after_of) {
                let after = self.text.get(self.tokens[at].end..).unwrap_or_default();
                if !after.starts_with('-') {
                    let surface = self.tokens[at].slice(self.text).to_owned();
                    return Some((surface, UnitKind::Count, at));
                }
            }
            // One adjective may stand between the number and its noun.
            let w = self.word(at);
            let surface = self.tokens[at].slice(self.text);
            if skip == 0
                && (!w.chars().all(char::is_alphabetic)
                    || crate::text::is_capitalized(surface)
                    || self.lex.cues.contains(w)
                    || self.lex.numbers.get(w).is_some())
            {
                return None;
            }
        }
        None
    }

    /// Whether an approximation word or a definite article precedes token `i`.
    fn cue_before(&self, i: usize) -> (bool, bool) {
        if i == 0 {
            return (false, false);
        }
        let seq = (0..i).rev().map(|k| {
            (
                self.word(k),
                self.spaced(k + 1) || self.gap(k + 1).ends_with(['\'', '’']),
            )
        });
        match self
            .lex
            .before
            .longest(seq, &self.lex.numbers)
            .map(|h| *h.value)
        {
            Some(Cue::Approx) => (true, false),
            Some(Cue::Definite) => (false, true),
            _ => (false, false),
        }
    }
}

#[cfg(test)]
mod tests;

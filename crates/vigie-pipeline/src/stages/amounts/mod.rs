//! `amounts`: numbers with what they count, normalised.
//!
//! One pass over the tokens, reading a small grammar at each number:
//! `[cue] [currency] number [scale…] [qualifier] unit`, where
//! - the number is digits with French, Swiss or English separators
//!   ("100.000", "100 000" with any no-break space, "100'000", "20,000",
//!   "5,1", "1.5"), a sign ("-253 °C", "moins 0,3 %"; a "+" stays out of the
//!   span), or number words composed left to right ("quatre-vingt-dix-sept",
//!   "vingt et un", "one hundred and five");
//! - scales follow it: words ("millions", "milliards", "thousand"), an
//!   abbreviation glued or spaced ("$1.5bn", "1,2 Md€", "3 M€"), or a
//!   collective ("deux douzaines"; after an article alone, "une vingtaine",
//!   "a dozen" is a vague quantity like "des centaines" and no amount);
//! - the unit is a sign before or after (`units.tsv` rows with a symbol:
//!   "%", "€", "°C", "US$"), a currency code before in capitals ("USD 40"),
//!   a unit glued to the digits ("10km", "5pc"), or the next words: a unit
//!   of the pack, after "de"/"of" and at most one qualifier ("100,000
//!   Russian troops", "57 Etats membres"), or, for digits and scaled number
//!   words, any plural noun or acronym that `non_units.txt` does not rule
//!   out ("2 900 postes", "28 MPs"), also after a lowercase adjective ("45
//!   armoured vehicles") or a qualifier cue ("eight other MEPs"). A bare
//!   number word counts only pack units, since "cinq dossiers" is as often a
//!   known group;
//! - cues before it (`amount_cues.tsv`) set `approx` ("plus de", "at
//!   least") and stay out of the span, make it negative ("moins"), or, for a
//!   number word after a definite article ("les deux dirigeants"), make it a
//!   known group and no amount.
//!
//! Ranges ("entre 10 et 15 %", "de 10 à 15 %", "10 to 15 percent",
//! "10-15 %", "between $2 and $3 billion") give one amount per end: the
//! first end takes the second's unit (and its multiplier when it has none:
//! "2 to 3 million"), both carry `range: [low, high]`. "13 of the 15
//! members" and "600 manifestants selon la police, 2 500 selon la CGT" give
//! the bare number the unit of the other. An approximation before a large
//! number stands for its left-out noun ("more than 15,000", unit null).
//! Left out: durations, ages, results and award counts (`non_units.txt`),
//! ordinals and codes glued to letters ("3e", "S-400", "G7"), numbers right
//! after a capitalised word inside a sentence ("Boeing 767", "Nord Stream
//! 2"), dates (spans of `doc.dates`), clock times ("17:30", "14h30", "14 h
//! 30"), scores and phone numbers ("3-1", "555-1234").
//!
//! Like the gold convention, each distinct surface string is listed once.
//! The table tests in `table/` hold one sentence per line with the amount
//! it must yield.

pub mod number;
pub mod words;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use vigie_doc::{Amount, Doc, Span, Words};

use crate::stages::dates::lexicon::{Trie, phrase_tokens};
use crate::{Facet, LangPack, Resources, Result, Stage};
use number::parse_number;
use vigie_kb::fold;
use words::{Composer, Kind, NumberWords, Word};

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A counted noun or a measure.
    Count,
    /// A currency.
    Currency,
    /// Percent.
    Percent,
}

/// Roles of the words around a number (`amount_cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// "plus de", "about": the amount is approximate.
    Approx,
    /// "les", "the" before a number word: a known group, not an amount.
    Definite,
    /// "de", "of" between a number and its unit.
    Of,
    /// "moins", "minus": the number is negative.
    Minus,
    /// "entre", "between": opens a range closed by an `And` word.
    Between,
    /// "et", "and" between the ends of a range opened by `Between`.
    And,
    /// "à", "to" between the ends of a range.
    To,
    /// "autres", "other": a qualifier after which a number word may count any noun.
    Qualifier,
}

/// The amount words of one language.
#[derive(Debug, Clone, Default)]
struct Lexicon {
    numbers: NumberWords,
    /// Unit phrases by folded tokens.
    units: Trie<UnitKind>,
    /// Unit signs ("%", "$", "°C", "US$"), longest first.
    symbols: Vec<(String, UnitKind)>,
    /// Cue phrases, reversed, for reading backwards from a number.
    before: Trie<Cue>,
    of: HashSet<String>,
    /// Range links after a number ("à", "to", "et", "and").
    links: HashMap<String, Cue>,
    qualifiers: HashSet<String>,
    /// "selon", "according to": who gives an estimate.
    sources: Trie<()>,
    cues: HashSet<String>,
    /// Words that never are what a number counts (`non_units.txt`):
    /// durations, ages, results, closed-class words.
    non_units: HashSet<String>,
}

/// True for a unit written as a sign rather than a word: "%", "€", "°C",
/// "US$" (any character other than letters, digits, spaces and the
/// hyphen, slash and apostrophes that join unit words: "km/h").
fn is_symbol(form: &str) -> bool {
    form.chars()
        .any(|c| !(c.is_alphanumeric() || c.is_whitespace() || "-/'’".contains(c)))
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
            if is_symbol(row[0]) {
                lex.symbols.push((row[0].to_owned(), kind));
            } else {
                let words: Vec<String> = phrase_tokens(row[0]).iter().map(|w| fold(w)).collect();
                if words.is_empty() {
                    return Err(pack.error("units.tsv", n + 1, "empty unit"));
                }
                lex.units.insert(words.iter().map(String::as_str), kind);
            }
        }
        // "US$" before "$": the longest sign is tried first.
        lex.symbols.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        lex.non_units = pack.lines("non_units.txt").map(str::to_lowercase).collect();
        for (n, row) in pack.tsv("amount_cues.tsv", 2)?.iter().enumerate() {
            let cue = match row[1] {
                "approx" => Cue::Approx,
                "definite" => Cue::Definite,
                "of" => Cue::Of,
                "minus" => Cue::Minus,
                "between" => Cue::Between,
                "and" => Cue::And,
                "to" => Cue::To,
                "qualifier" => Cue::Qualifier,
                "source" => {
                    lex.sources
                        .insert(phrase_tokens(row[0]).iter().map(String::as_str), ());
                    continue;
                }
                _ => {
                    return Err(pack.error(
                        "amount_cues.tsv",
                        n + 1,
                        "role must be approx, definite, of, minus, between, and, to, qualifier or source",
                    ));
                }
            };
            let words = phrase_tokens(row[0]);
            match cue {
                Cue::And | Cue::To => {
                    let [word] = &words[..] else {
                        return Err(pack.error("amount_cues.tsv", n + 1, "a link is one word"));
                    };
                    lex.links.insert(word.clone(), cue);
                    lex.cues.insert(word.clone());
                    continue;
                }
                Cue::Qualifier => {
                    lex.qualifiers.extend(words.iter().cloned());
                    continue;
                }
                Cue::Of => lex.of.extend(words.iter().cloned()),
                _ => {}
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
        let mut dates = dates;
        dates.sort_by_key(|d| d.start);
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
    // Dates are sorted by position: one cursor walks them with the tokens.
    let mut d = 0;
    while i < tokens.len() {
        let t = tokens[i];
        while d < dates.len() && dates[d].end <= t.start {
            d += 1;
        }
        if dates[d..]
            .iter()
            .take_while(|s| s.start <= t.start)
            .any(|s| t.end <= s.end)
        {
            i += 1;
            continue;
        }
        match f.amount_at(i) {
            Some((amounts, next)) => {
                for amount in amounts {
                    if seen.insert(amount.text.clone()) {
                        out.push(amount);
                    }
                }
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// A number read from the text.
#[derive(Debug, Clone, Copy)]
struct Num {
    /// Its first byte (a minus sign included) and one past its last.
    start: usize,
    end: usize,
    value: f64,
    /// The token after it.
    next: usize,
    /// Begun by a number word rather than digits.
    worded: bool,
    /// A multiplier word followed the first word ("trois millions").
    scaled: bool,
    /// A collective noun made it approximate ("une vingtaine").
    about: bool,
    /// The multiplier that ended it (1 when none did).
    scale: f64,
    /// A unit glued to the digits ("10km", "5pc"): its bytes.
    glued_unit: Option<(usize, usize)>,
}

/// A unit found after a number: its surface, kind, last byte and the next token.
struct UnitHit {
    surface: String,
    end: usize,
    next: usize,
}

const SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];
const DASHES: [char; 4] = ['-', '–', '—', '‑'];

impl Finder<'_> {
    fn word(&self, i: usize) -> &str {
        if i < self.words.len() {
            self.words.lower(i)
        } else {
            ""
        }
    }

    fn folded(&self, i: usize) -> &str {
        if i < self.words.len() {
            self.words.folded(i)
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

    /// Spaced, or after an elided article ("d'euros").
    fn next_word(&self, i: usize) -> bool {
        i < self.tokens.len() && (self.spaced(i) || self.gap(i).ends_with(['\'', '’']))
    }

    /// The token index at or after byte `pos`.
    fn token_from(&self, from: usize, pos: usize) -> usize {
        (from..self.tokens.len())
            .find(|&k| self.tokens[k].start >= pos)
            .unwrap_or(self.tokens.len())
    }

    /// The number word at token `k`, trying first the hyphenated compound
    /// it starts ("quatre-vingt"); with the tokens it spans.
    fn number_word(&self, k: usize) -> Option<(Word, usize)> {
        if k + 1 < self.tokens.len() && self.gap(k + 1) == "-" {
            let compound = format!("{}-{}", self.word(k), self.word(k + 1));
            if let Some(w) = self.lex.numbers.get(&compound) {
                return Some((w, 2));
            }
        }
        self.lex.numbers.get(self.word(k)).map(|w| (w, 1))
    }

    /// The number starting at token `i`: digits in any separator style,
    /// or number words, with the multipliers that follow.
    fn number_at(&self, i: usize, after_dash: bool) -> Option<Num> {
        let t = self.tokens[i];
        let lead = self.text.get(..t.start).unwrap_or_default();
        let mut start = t.start;
        let mut sign = 1.0;
        let mut glued_unit = None;
        let (mut composer, mut end, mut k, worded) =
            if self.word(i).starts_with(|c: char| c.is_ascii_digit()) {
                let mut back = lead.chars().rev();
                let before = back.next();
                let free =
                    |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "([«\"“".contains(c));
                match before {
                    // The second end of "10-15 %": the dash is the range's.
                    _ if after_dash => {}
                    // A sign after a space: "-253 °C", "+5 %" (the plus stays out of the span).
                    Some('+') if free(back.next()) => {}
                    Some(c @ ('-' | '−')) if free(back.next()) => {
                        sign = -1.0;
                        start -= c.len_utf8();
                    }
                    // Glued to a word or a code ("S-400", "G7", "n°3"): a name, not a count.
                    Some(c)
                        if c.is_alphanumeric()
                            || matches!(c, '-' | '−' | '+' | '°' | '#' | '/' | '.' | ',') =>
                    {
                        return None;
                    }
                    _ => {}
                }
                // "Boeing 767", "Nord Stream 2": digits right after a
                // capitalised word inside a sentence belong to a name.
                if i >= 1 && self.spaced(i) && self.inner_name_word(i - 1) {
                    return None;
                }
                // "14 h 30": the minutes of a clock time.
                if i >= 2
                    && matches!(self.word(i - 1), "h")
                    && self.spaced(i)
                    && self.spaced(i - 1)
                    && self.word(i - 2).bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                let (v, len) = parse_number(self.text.get(t.start..).unwrap_or_default())?;
                let mut end = t.start + len;
                let mut composer = Composer::from_digits(v);
                let rest = self.text.get(end..).unwrap_or_default();
                // Letters glued to digits: a multiplier ("1.5bn"), a unit
                // ("10km", "5pc"), else an ordinal or a code ("3e", "4G").
                let glued: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
                if !glued.is_empty() {
                    match self.lex.numbers.get(&glued.to_lowercase()) {
                        Some(w) if w.kind == Kind::Suffix => {
                            composer = Composer::from_digits(v * w.value);
                            end += glued.len();
                        }
                        _ if self.lex.units.contains(&fold(&glued)) => {
                            glued_unit = Some((end, end + glued.len()));
                        }
                        _ => return None,
                    }
                }
                let after = self.text.get(end..).unwrap_or_default();
                // Clock times and dates ("17:30", "14h30", "3/4").
                let digit_after = |seps: &[char]| {
                    after
                        .strip_prefix(seps)
                        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                };
                if glued_unit.is_none() && (digit_after(&[':', '/']) || digit_after(&['h', 'H'])) {
                    return None;
                }
                let k = self.token_from(i, glued_unit.map_or(end, |(_, e)| e));
                (composer, end, k, false)
            } else {
                let (w, n) = self.number_word(i)?;
                // "Group of Seven nations": a capitalised number word inside a sentence is a name.
                let lead = lead.trim_end_matches(SPACES);
                if crate::text::is_capitalized(t.slice(self.text))
                    && !lead.is_empty()
                    && !lead.ends_with(['.', '!', '?', ':', '\n', '«', '"', '“', '—', '-', '['])
                {
                    return None;
                }
                let mut c = Composer::default();
                if !c.push(w) {
                    return None;
                }
                let last = i + n - 1;
                (c, self.tokens[last].end, last + 1, true)
            };
        // More number words: "deux cent mille", "1,5 million", "1,2 Md€".
        let mut scaled = false;
        while glued_unit.is_none() && k < self.tokens.len() && self.joined(k) {
            let Some((w, n)) = self.number_word(k) else {
                break;
            };
            let take = match w.kind {
                Kind::Mult | Kind::Scale | Kind::About => true,
                // "1,5 Md", "3 M€": an abbreviated multiplier after a
                // space is one of two letters or more, or one glued to a
                // currency sign (a lone "m" is a metre).
                Kind::Suffix => {
                    !worded
                        && (self.tokens[k].len() >= 2
                            || self
                                .symbol_at(self.tokens[k].end, 0)
                                .is_some_and(|(_, u, _)| u == UnitKind::Currency))
                }
                Kind::Join => {
                    let mut probe = composer;
                    worded
                        && self.spaced(k + 1)
                        && self
                            .number_word(k + 1)
                            .is_some_and(|(next, _)| probe.push(next))
                }
                Kind::Unit | Kind::Weak => worded,
            };
            if !take {
                break;
            }
            if w.kind != Kind::Join {
                let multiplier = if w.kind == Kind::Suffix {
                    Word {
                        value: w.value,
                        kind: Kind::Scale,
                    }
                } else {
                    w
                };
                if !composer.push(multiplier) {
                    break;
                }
                scaled |= matches!(
                    w.kind,
                    Kind::Mult | Kind::Scale | Kind::About | Kind::Suffix
                );
            }
            end = self.tokens[k + n - 1].end;
            k += n;
        }
        if composer.vague() {
            return None;
        }
        let value = composer.value()? * sign;
        Some(Num {
            start,
            end,
            value,
            next: k,
            worded,
            scaled,
            about: composer.about(),
            scale: composer.scale(),
            glued_unit,
        })
    }

    /// Whether token `k` is a capitalised word inside a sentence that is no
    /// cue, number word or unit (a currency code before its amount is one).
    fn inner_name_word(&self, k: usize) -> bool {
        let surface = self.tokens[k].slice(self.text);
        if !crate::text::is_capitalized(surface)
            || !surface.chars().all(char::is_alphabetic)
            || self.lex.cues.contains(self.word(k))
            || self.lex.numbers.get(self.word(k)).is_some()
            || self.unit_of(k).is_some()
        {
            return false;
        }
        let lead = self
            .text
            .get(..self.tokens[k].start)
            .unwrap_or_default()
            .trim_end_matches(SPACES);
        !lead.is_empty()
            && !lead.ends_with([
                '.', '!', '?', ':', '\n', '«', '"', '“', '—', '-', '[', '(', ',',
            ])
    }

    /// "15-member", "10-kilometre": a number joined by a hyphen to a unit
    /// of the pack, as an adjective. The amount and the token after it.
    fn hyphen_unit(&self, n: &Num) -> Option<(UnitHit, usize)> {
        let k = n.next;
        if n.worded || k >= self.tokens.len() || self.gap(k) != "-" {
            return None;
        }
        let (_, len) = self.unit_of(k)?;
        let last = k + len - 1;
        if self
            .text
            .get(self.tokens[last].end..)
            .is_some_and(|r| r.starts_with('-'))
        {
            return None;
        }
        Some((
            UnitHit {
                surface: self.tokens[k..=last]
                    .first()
                    .map(|t| {
                        self.text
                            .get(t.start..self.tokens[last].end)
                            .unwrap_or_default()
                            .to_owned()
                    })
                    .unwrap_or_default(),
                end: self.tokens[last].end,
                next: last + 1,
            },
            last + 1,
        ))
    }

    /// A unit sign starting at byte `pos` after at most `max_gap` bytes of
    /// spaces: (the sign, its kind, the byte after it).
    fn symbol_at(&self, pos: usize, max_gap: usize) -> Option<(&str, UnitKind, usize)> {
        let trail = self.text.get(pos..).unwrap_or_default();
        let trimmed = trail.trim_start_matches(SPACES);
        let gap = trail.len() - trimmed.len();
        if gap > max_gap {
            return None;
        }
        self.lex.symbols.iter().find_map(|(s, kind)| {
            let rest = trimmed.strip_prefix(s.as_str())?;
            // "°C" but not "°Celsius" cut short.
            if s.ends_with(char::is_alphanumeric) && rest.starts_with(char::is_alphanumeric) {
                return None;
            }
            Some((s.as_str(), *kind, pos + gap + s.len()))
        })
    }

    /// A currency before the number at byte `start`: a sign ("$3.5m",
    /// "€ 40") or a code in capitals ("USD 40", "CHF 12"). Its first byte and surface.
    fn currency_before(&self, i: usize, start: usize) -> Option<(usize, String)> {
        let lead = self
            .text
            .get(..start)
            .unwrap_or_default()
            .trim_end_matches(SPACES);
        if start - lead.len() <= 1 {
            for (s, kind) in &self.lex.symbols {
                if *kind != UnitKind::Currency {
                    continue;
                }
                if let Some(rest) = lead.strip_suffix(s.as_str())
                    && !(s.starts_with(char::is_alphanumeric)
                        && rest.ends_with(char::is_alphanumeric))
                {
                    return Some((rest.len(), s.clone()));
                }
            }
        }
        let c = i.checked_sub(1)?;
        let surface = self.tokens[c].slice(self.text);
        (self.spaced(i)
            && self.tokens[c].end == lead.len()
            && crate::text::is_all_caps(surface)
            && self
                .unit_of(c)
                .is_some_and(|(kind, len)| kind == UnitKind::Currency && len == 1))
        .then(|| (self.tokens[c].start, surface.to_owned()))
    }

    /// The pack unit starting at token `at`: its kind and length in tokens.
    fn unit_of(&self, at: usize) -> Option<(UnitKind, usize)> {
        let seq = (at..self.tokens.len()).map(|j| {
            let g = self.gap(j);
            // Unit words join by spaces, a slash or a hyphen ("km/h", "kilomètres-heure").
            let joined = j == at || self.spaced(j) || g == "/" || g == "-";
            (self.folded(j), joined)
        });
        self.lex
            .units
            .longest(seq, &self.lex.numbers)
            .map(|h| (*h.value, h.len))
    }

    /// The unit of a number: a sign after it ("5,1 %", "300 €", "-5 °C"),
    /// a unit glued to it ("10km"), or one of the next words.
    fn unit_for(&self, n: &Num) -> Option<UnitHit> {
        if let Some((s_start, s_end)) = n.glued_unit {
            // The glued letters end the number's token: match them and the words after.
            let word = fold(self.text.get(s_start..s_end).unwrap_or_default());
            let seq = std::iter::once((word.as_str(), true)).chain(
                (n.next..self.tokens.len()).map(|j| {
                    let g = self.gap(j);
                    (self.folded(j), g == "/" || self.spaced(j))
                }),
            );
            let hit = self.lex.units.longest(seq, &self.lex.numbers)?;
            let next = n.next + hit.len - 1;
            let end = if hit.len > 1 {
                self.tokens[next - 1].end
            } else {
                s_end
            };
            return Some(UnitHit {
                surface: self.text.get(s_start..end).unwrap_or_default().to_owned(),
                end,
                next,
            });
        }
        if let Some((s, _, after)) = self.symbol_at(n.end, 3) {
            return Some(UnitHit {
                surface: s.to_owned(),
                end: after,
                next: self.token_from(n.next.min(self.tokens.len()), after),
            });
        }
        // Digits, or number words scaled by a multiplier ("trois millions
        // de pneus"), may count any plural noun; a bare number word ("deux
        // pays") only the units of the pack.
        self.unit_after(n.next, !n.worded || n.scaled)
    }

    /// The amount starting at token `i` (two for a range), and the token after it.
    fn amount_at(&self, i: usize) -> Option<(Vec<Amount>, usize)> {
        let mut first = self.number_at(i, false)?;
        let (cue, cue_start) = self.cue_before(i);
        if cue == Some(Cue::Definite) && first.worded {
            return None;
        }
        if cue == Some(Cue::Minus) && first.value > 0.0 {
            first.value = -first.value;
            first.start = cue_start;
        }
        let approx = cue == Some(Cue::Approx) || first.about;
        let prefix = self.currency_before(i, first.start);
        if let Some(range) = self.range_from(&first, cue, prefix.as_ref(), approx) {
            return Some(range);
        }
        if let Some((u, next)) = self.hyphen_unit(&first) {
            let start = prefix.as_ref().map_or(first.start, |(s, _)| *s);
            return Some((
                vec![self.amount(start, u.end, first.value, Some(u.surface), approx, None)],
                next,
            ));
        }
        if let Some(unit) = self.partitive(&first).or_else(|| self.by_source(i, &first)) {
            return Some((
                vec![self.amount(
                    first.start,
                    first.end,
                    first.value,
                    Some(unit),
                    approx,
                    None,
                )],
                first.next,
            ));
        }
        // Scores, phone numbers, ranges without a unit: "3-1", "555-1234".
        let after = self.text.get(first.end..).unwrap_or_default();
        if first.glued_unit.is_none()
            && after
                .strip_prefix(DASHES)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        {
            return None;
        }
        let (start, end, unit, next) = match (&prefix, self.unit_for(&first)) {
            (Some((s, u)), _) => (*s, first.end, Some(u.clone()), first.next),
            (None, Some(u)) => (first.start, u.end, Some(u.surface), u.next),
            // "more than 15,000", "plus de 200 000": a large number
            // announced as a quantity is an amount even when its noun
            // is left out (its unit stays null).
            // A number cut by the end of its line is truncated text.
            (None, None)
                if cue == Some(Cue::Approx)
                    && (first.value >= 100.0 || first.scaled)
                    && !self.non_unit_at(first.next)
                    && !self
                        .text
                        .get(first.end..)
                        .unwrap_or_default()
                        .trim_start_matches(SPACES)
                        .starts_with('\n')
                    && first.end < self.text.trim_end().len() =>
            {
                (first.start, first.end, None, first.next)
            }
            (None, None) => return None,
        };
        Some((
            vec![self.amount(start, end, first.value, unit, approx, None)],
            next,
        ))
    }

    fn amount(
        &self,
        start: usize,
        end: usize,
        value: f64,
        unit: Option<String>,
        approx: bool,
        range: Option<[f64; 2]>,
    ) -> Amount {
        Amount {
            text: self.text.get(start..end).unwrap_or_default().to_owned(),
            start,
            end,
            value,
            unit,
            approx,
            range,
        }
    }

    /// "13 of the 15 members", "3 des 27 États membres": a bare number
    /// before "of"/"de" and a second number counts what the second counts.
    fn partitive(&self, first: &Num) -> Option<String> {
        let mut k = first.next;
        if first.glued_unit.is_some()
            || !self.next_word(k)
            || !self.lex.of.contains(self.word(k))
                && self
                    .lex
                    .before
                    .longest(std::iter::once((self.word(k), true)), &self.lex.numbers)
                    .is_none_or(|h| *h.value != Cue::Definite)
        {
            return None;
        }
        k += 1;
        // "of the", "de ces".
        if self.next_word(k)
            && self
                .lex
                .before
                .longest(std::iter::once((self.word(k), true)), &self.lex.numbers)
                .is_some_and(|h| *h.value == Cue::Definite)
        {
            k += 1;
        }
        if !self.next_word(k) {
            return None;
        }
        let second = self.number_at(k, false)?;
        self.unit_for(&second).map(|u| u.surface)
    }

    /// "600 manifestants selon la police, 2 500 selon les syndicats": a
    /// bare number before "selon"/"according to" (`source` cues) is a
    /// second estimate of the amount before it in the sentence, and counts
    /// what that one counts.
    fn by_source(&self, i: usize, first: &Num) -> Option<String> {
        if first.worded || first.glued_unit.is_some() {
            return None;
        }
        let k = first.next;
        let gap = self.gap(k).trim_matches(SPACES);
        if !(gap.is_empty() && self.spaced(k) || gap == ",") {
            return None;
        }
        let seq = (k..self.tokens.len()).map(|j| (self.word(j), j == k || self.spaced(j)));
        self.lex.sources.longest(seq, &self.lex.numbers)?;
        // The estimate before, within the sentence (a dozen tokens back).
        let from = i.saturating_sub(12);
        (from..i)
            .rev()
            .take_while(|&j| !self.gap(j + 1).contains(['.', '!', '?', '\n']))
            .find_map(|j| {
                if !self.word(j).starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                let n = self.number_at(j, false)?;
                self.unit_for(&n).map(|u| u.surface)
            })
    }

    /// A range whose second end carries the unit: "de 10 à 15 %",
    /// "entre 2 et 3 millions d'euros", "10 to 15 percent", "10-15 %",
    /// "$2bn to $3bn". One amount per end, both with the range's unit and bounds.
    fn range_from(
        &self,
        first: &Num,
        cue: Option<Cue>,
        prefix: Option<&(usize, String)>,
        approx: bool,
    ) -> Option<(Vec<Amount>, usize)> {
        let k = first.next;
        if first.glued_unit.is_some() || k >= self.tokens.len() {
            return None;
        }
        let gap = self.gap(k).trim_matches(SPACES);
        let second_at = if !gap.is_empty() {
            // "10-15 %", "10 – 15 %", "$2bn–$3bn": a dash between two numbers.
            (gap.chars().count() == 1 && gap.starts_with(DASHES)).then_some(k)?
        } else {
            let link = self.lex.links.get(self.word(k))?;
            let signed = k + 1 < self.tokens.len()
                && self
                    .currency_before(k + 1, self.tokens[k + 1].start)
                    .is_some_and(|(s, _)| s > self.tokens[k].end);
            if *link == Cue::And && cue != Some(Cue::Between) || !(self.spaced(k + 1) || signed) {
                return None;
            }
            k + 1
        };
        if second_at >= self.tokens.len() {
            return None;
        }
        let second = self.number_at(second_at, second_at == k)?;
        if second.value < 0.0 && gap.starts_with(DASHES) {
            return None;
        }
        let second_prefix = self.currency_before(second_at, second.start);
        let (unit, end, next) = match (&second_prefix, prefix) {
            (Some((_, u)), _) => (u.clone(), second.end, second.next),
            (None, Some((_, u))) => match self.unit_for(&second) {
                // "$2 to 3 billion dollars" is odd; the sign rules.
                Some(_) | None => (u.clone(), second.end, second.next),
            },
            (None, None) => {
                let u = self.unit_for(&second)?;
                (u.surface, u.end, u.next)
            }
        };
        // "2 to 3 million": the bare first end shares the second's multiplier.
        let mut low = first.value;
        if first.scale == 1.0
            && !first.scaled
            && second.scale > 1.0
            && low.abs() * second.scale <= second.value.abs()
        {
            low *= second.scale;
        }
        let bounds = [low.min(second.value), low.max(second.value)];
        let first_start = prefix.map_or(first.start, |(s, _)| *s);
        let second_start = second_prefix.as_ref().map_or(second.start, |(s, _)| *s);
        Some((
            vec![
                self.amount(
                    first_start,
                    first.end,
                    low,
                    Some(unit.clone()),
                    approx,
                    Some(bounds),
                ),
                self.amount(
                    second_start,
                    end,
                    second.value,
                    Some(unit),
                    approx,
                    Some(bounds),
                ),
            ],
            next,
        ))
    }

    /// True when token `k` is a noun that never is counted ("ans",
    /// "years"); the short closed-class words of the list ("as") are not
    /// what a number is followed by when its noun is left out.
    fn non_unit_at(&self, k: usize) -> bool {
        k < self.tokens.len()
            && self.spaced(k)
            && self.lex.non_units.contains(self.word(k))
            && self.word(k).chars().count() >= 3
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

    /// Whether token `at` may stand between a number and its noun:
    /// "100,000 *Russian* troops", "trois *autres* personnes".
    fn qualifier(&self, at: usize) -> bool {
        let w = self.word(at);
        w.chars().all(char::is_alphabetic)
            && !self.lex.cues.contains(w)
            && self.lex.numbers.get(w).is_none()
    }

    /// A unit among the next words: "soldats", "de dollars", "combat
    /// troops", "Russian troops", "other MEPs".
    fn unit_after(&self, mut k: usize, open: bool) -> Option<UnitHit> {
        let mut after_of = false;
        if !self.next_word(k) {
            return None;
        }
        // "de", "d'", "of" before the unit, after a multiplier or not.
        if self.lex.of.contains(self.word(k)) {
            k += 1;
            after_of = true;
        }
        let first = k;
        let mut qualified = false;
        // One qualifier may stand between the number and its noun.
        for skip in 0..2 {
            let at = first + skip;
            if !self.next_word(at) {
                return None;
            }
            let hit = |last: usize| {
                let end = self.tokens[last].end;
                UnitHit {
                    surface: self
                        .text
                        .get(self.tokens[first].start..end)
                        .unwrap_or_default()
                        .to_owned(),
                    end,
                    next: last + 1,
                }
            };
            if let Some((_, len)) = self.unit_of(at) {
                let last = at + len - 1;
                // "trois points-clés": the unit word starts a compound.
                let after = self.text.get(self.tokens[last].end..).unwrap_or_default();
                if after
                    .strip_prefix('-')
                    .is_some_and(|rest| rest.starts_with(char::is_alphanumeric))
                {
                    return None;
                }
                return Some(hit(last));
            }
            // "200 nouveaux cas": a plural qualifier before a unit of the pack.
            if skip == 0
                && self.qualifier(at)
                && self.next_word(at + 1)
                && self.unit_of(at + 1).is_some()
            {
                qualified |= self.lex.qualifiers.contains(self.word(at));
                continue;
            }
            // "45 armoured vehicles": after digits, a lowercase adjective
            // may stand before any noun.
            let adjective = skip == 1
                && open
                && !crate::text::is_capitalized(self.tokens[first].slice(self.text))
                && self.word(first).chars().count() >= 3
                && !self.lex.non_units.contains(self.word(first));
            if (skip == 0 && open || qualified || adjective) && self.open_unit(at, after_of) {
                let after = self.text.get(self.tokens[at].end..).unwrap_or_default();
                if !after.starts_with('-') {
                    return Some(hit(at));
                }
            }
            if skip == 1 || !self.qualifier(at) {
                return None;
            }
            qualified |= self.lex.qualifiers.contains(self.word(at));
        }
        None
    }

    /// The cue before token `i` (an approximation, a definite article, a
    /// minus word, "entre"…) and its first byte.
    fn cue_before(&self, i: usize) -> (Option<Cue>, usize) {
        if i == 0 {
            return (None, 0);
        }
        let seq = (0..i).rev().map(|k| {
            let gap = self.gap(k + 1);
            // "between $2 and $3 billion": a currency sign may stand between the cue and the number.
            let signed = k + 1 == i
                && gap.len() <= 6
                && gap
                    .trim_end_matches(|c: char| !c.is_alphanumeric() && !c.is_whitespace())
                    .len()
                    < gap.len()
                && gap.starts_with(SPACES);
            (
                self.word(k),
                signed || self.spaced(k + 1) || gap.ends_with(['\'', '’']),
            )
        });
        match self.lex.before.longest(seq, &self.lex.numbers) {
            Some(h) => (Some(*h.value), self.tokens[i - h.len].start),
            None => (None, 0),
        }
    }
}

#[cfg(test)]
mod table_tests;
#[cfg(test)]
mod tests;

//! The date words of one language, compiled once from its pack:
//! `months.tsv`, `weekdays.tsv`, `date_words.tsv`, `relative.tsv` and the
//! number words of `numbers.tsv` (for "il y a deux semaines").

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use vigie_doc::Span;

use crate::stages::amounts::words::{Kind, NumberWords};
use crate::{LangPack, Result};

/// A trie over lowercase word tokens; `{n}` in a phrase is a slot for a number.
#[derive(Debug, Clone)]
pub struct Trie<V> {
    nodes: Vec<Node<V>>,
}

#[derive(Debug, Clone)]
struct Node<V> {
    next: HashMap<String, usize>,
    slot: Option<usize>,
    value: Option<V>,
}

impl<V> Default for Node<V> {
    fn default() -> Self {
        Node {
            next: HashMap::default(),
            slot: None,
            value: None,
        }
    }
}

impl<V> Default for Trie<V> {
    fn default() -> Self {
        Trie {
            nodes: vec![Node::default()],
        }
    }
}

/// What a trie walk found: the value, how many tokens it spans, and the
/// number that filled a `{n}` slot.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a, V> {
    /// The phrase's value.
    pub value: &'a V,
    /// Tokens matched.
    pub len: usize,
    /// The number in the slot, if the phrase has one.
    pub n: Option<f64>,
}

impl<V> Trie<V> {
    /// The words a phrase may start with, and whether one starts with a
    /// `{n}` slot.
    fn first_words(&self) -> (impl Iterator<Item = &str>, bool) {
        let root = &self.nodes[0];
        (root.next.keys().map(String::as_str), root.slot.is_some())
    }

    /// Whether `word` alone is a phrase.
    pub fn contains(&self, word: &str) -> bool {
        self.nodes[0]
            .next
            .get(word)
            .is_some_and(|&n| self.nodes[n].value.is_some())
    }

    /// Adds a phrase given as tokens; a later phrase replaces an equal one.
    pub fn insert<'s>(&mut self, words: impl IntoIterator<Item = &'s str>, value: V) {
        let mut at = 0;
        for w in words {
            let next = if w == "{n}" {
                self.nodes[at].slot
            } else {
                self.nodes[at].next.get(w).copied()
            };
            at = match next {
                Some(n) => n,
                None => {
                    self.nodes.push(Node::default());
                    let n = self.nodes.len() - 1;
                    if w == "{n}" {
                        self.nodes[at].slot = Some(n);
                    } else {
                        self.nodes[at].next.insert(w.to_owned(), n);
                    }
                    n
                }
            };
        }
        self.nodes[at].value = Some(value);
    }

    /// The longest phrase whose tokens are `seq` from its start, where each
    /// item is a lowercase token and whether it is glued to the previous one.
    /// A number word may be a phrase's own word or fill its slot ("il y a
    /// un peu plus d'un mois", "il y a un mois"): both ways are tried.
    pub fn longest<'t>(
        &self,
        seq: impl Iterator<Item = (&'t str, bool)>,
        numbers: &NumberWords,
    ) -> Option<Hit<'_, V>> {
        let mut words = Words {
            seq,
            got: [""; MAX_PHRASE],
            len: 0,
            done: false,
        };
        self.walk(0, &mut words, 0, None, numbers)
    }

    fn walk<'t, I: Iterator<Item = (&'t str, bool)>>(
        &self,
        at: usize,
        words: &mut Words<'t, I>,
        i: usize,
        n: Option<f64>,
        numbers: &NumberWords,
    ) -> Option<Hit<'_, V>> {
        let node = &self.nodes[at];
        let here = (i > 0)
            .then_some(node.value.as_ref())
            .flatten()
            .map(|value| Hit { value, len: i, n });
        if node.next.is_empty() && node.slot.is_none() {
            return here;
        }
        let Some(word) = words.get(i) else {
            return here;
        };
        let literal = node
            .next
            .get(word)
            .and_then(|&next| self.walk(next, words, i + 1, n, numbers));
        let slot = node.slot.and_then(|slot| {
            let v = number_value(word, numbers)?;
            self.walk(slot, words, i + 1, Some(v), numbers)
        });
        // On equal length the phrase's own word wins over a slot.
        [here, slot, literal]
            .into_iter()
            .flatten()
            .max_by_key(|h| h.len)
    }
}

/// The tokens a trie walk has read so far, read on demand: a walk mostly
/// stops at the first word.
struct Words<'t, I> {
    seq: I,
    got: [&'t str; MAX_PHRASE],
    len: usize,
    done: bool,
}

impl<'t, I: Iterator<Item = (&'t str, bool)>> Words<'t, I> {
    fn get(&mut self, i: usize) -> Option<&'t str> {
        while self.len <= i && !self.done {
            match self.seq.next() {
                Some((w, joined)) if (self.len == 0 || joined) && self.len < MAX_PHRASE => {
                    self.got[self.len] = w;
                    self.len += 1;
                }
                _ => self.done = true,
            }
        }
        (i < self.len).then(|| self.got[i])
    }
}

/// The most tokens a phrase of the data files spans.
const MAX_PHRASE: usize = 12;

fn number_value(word: &str, numbers: &NumberWords) -> Option<f64> {
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok();
    }
    // "et", "and" join number words and "m", "bn" abbreviate multipliers
    // after digits: neither fills a date's number slot.
    numbers
        .get(word)
        .filter(|w| !matches!(w.kind, Kind::Join | Kind::Suffix))
        .map(|w| w.value)
}

/// Roles of the words around a date (see `lang/fr/date_words.tsv`).
pub mod role {
    /// An article or preposition taken into the span.
    pub const DET: u16 = 1;
    /// A modifier taken into the span ("début", "dès").
    pub const MOD: u16 = 1 << 1;
    /// "ce mercredi": the weekday of the current week.
    pub const THIS: u16 = 1 << 2;
    /// "last Thursday": the one before.
    pub const LAST: u16 = 1 << 3;
    /// "next Monday": the one after.
    pub const NEXT: u16 = 1 << 4;
    /// "mardi dernier".
    pub const LAST_AFTER: u16 = 1 << 5;
    /// "lundi prochain".
    pub const NEXT_AFTER: u16 = 1 << 6;
    /// A part of the day after the date.
    pub const TIME: u16 = 1 << 7;
    /// Joins two days of a range.
    pub const RANGE: u16 = 1 << 8;
    /// Opens a range.
    pub const RANGE_FROM: u16 = 1 << 9;
    /// Makes a bare year a date.
    pub const YEAR_CUE: u16 = 1 << 10;
    /// "lundi de la semaine prochaine": the weekday of the next week.
    pub const NEXT_WEEK_AFTER: u16 = 1 << 11;
    /// "jeudi de la semaine dernière": the weekday of the previous week.
    pub const LAST_WEEK_AFTER: u16 = 1 << 12;
    /// Makes a day number alone, or a day and month in digits, a date
    /// without being taken into it ("on 7/20").
    pub const DAY_CUE: u16 = 1 << 13;
    /// Joins a day to its month ("the 22nd of July").
    pub const DAY_OF: u16 = 1 << 14;
    /// Makes a following "in two years" a span up to now, not a future
    /// date ("the lowest level in 31 years").
    pub const SPAN_CUE: u16 = 1 << 15;
    /// Every role read before a date.
    pub const BEFORE: u16 = DET | MOD | THIS | LAST | NEXT | RANGE_FROM;
    /// Every role read after a date.
    pub const AFTER: u16 = LAST_AFTER | NEXT_AFTER | TIME | NEXT_WEEK_AFTER | LAST_WEEK_AFTER;
}

/// The time a sentence speaks of, as its verb forms tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tense {
    /// No cue.
    #[default]
    Unknown,
    /// "a signé", "was signed".
    Past,
    /// "sera signé", "will be signed".
    Future,
}

/// Time unit of a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
}

/// What a relative expression counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The publication day ("hier").
    Now,
    /// The day the narrative is at ("la veille").
    Anchor,
}

/// One row of `relative.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relative {
    /// Unit.
    pub unit: Unit,
    /// Offset in units (multiplied by the slot's number, if any).
    pub offset: i64,
    /// Counted from.
    pub base: Base,
}

/// Whether a name needs a capital or a number next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NameFlags {
    /// Only when capitalised ("May", not "may").
    pub cap: bool,
    /// An abbreviation: only next to a day or a year number.
    pub abbr: bool,
}

/// Order of the fields of numeric dates ("12/01/2022").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumericOrder {
    /// Day, month, year.
    #[default]
    Dmy,
    /// Month, day, year.
    Mdy,
}

/// The compiled date words of one language (or of several, merged).
#[derive(Debug, Clone, Default)]
pub struct DateLexicon {
    /// Month names to (month, flags).
    pub(super) months: HashMap<String, (u8, NameFlags)>,
    /// Weekday names to (ISO weekday, flags).
    pub(super) weekdays: HashMap<String, (u8, NameFlags)>,
    /// Words read backwards from a date's start.
    pub before: Trie<u16>,
    /// Words read forwards from a date's end.
    pub after: Trie<u16>,
    /// Single words and their roles.
    pub roles: HashMap<String, u16>,
    /// Relative expressions.
    pub relative: Trie<Relative>,
    /// Number words.
    pub numbers: NumberWords,
    /// Numeric date order.
    pub order: NumericOrder,
    /// Days named by a word ("premier", "first"), to their number.
    pub day_words: HashMap<String, u8>,
    /// Suffixes a day number may carry ("1er", "22nd").
    pub ordinal_suffixes: Vec<String>,
    /// Named days of fixed date ("Noël", "New Year's Eve") to (month, day,
    /// whether the first word must be capitalised).
    pub holidays: Trie<(u8, u8, bool)>,
    /// Verb forms that put a sentence in the past or the future.
    pub tense_cues: HashMap<String, Tense>,
    /// Nouns an amount counts (the one-word forms of `units.tsv`): a
    /// number before one is a count, not a year ("the 2000 people").
    pub counted: HashSet<String>,
    /// Every word a date expression may start with, besides numbers.
    starters: HashSet<String>,
}

/// Splits a phrase of a data file into lowercase word tokens, keeping `{n}`.
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    let lower = phrase.to_lowercase();
    let mut out = Vec::new();
    for part in lower.split_whitespace() {
        if part == "{n}" {
            out.push(part.to_owned());
            continue;
        }
        let mut spans = Vec::new();
        crate::text::tokenize(part, Span::new(0, part.len()), &mut spans);
        out.extend(spans.iter().map(|s| s.slice(part).to_owned()));
    }
    out
}

fn flags(col: Option<&&str>) -> NameFlags {
    let f = col.copied().unwrap_or("");
    NameFlags {
        cap: f.split(',').any(|x| x.trim() == "cap"),
        abbr: f.split(',').any(|x| x.trim() == "abbr"),
    }
}

fn role_bit(name: &str) -> Option<u16> {
    Some(match name {
        "det" => role::DET,
        "mod" => role::MOD,
        "this" => role::THIS,
        "last" => role::LAST,
        "next" => role::NEXT,
        "last-after" => role::LAST_AFTER,
        "next-after" => role::NEXT_AFTER,
        "time" => role::TIME,
        "range" => role::RANGE,
        "range-from" => role::RANGE_FROM,
        "year-cue" => role::YEAR_CUE,
        "next-week-after" => role::NEXT_WEEK_AFTER,
        "last-week-after" => role::LAST_WEEK_AFTER,
        "day-cue" => role::DAY_CUE,
        "day-of" => role::DAY_OF,
        "span-cue" => role::SPAN_CUE,
        _ => return None,
    })
}

impl DateLexicon {
    /// Compiles a pack's date files into `self` (so several packs can merge).
    pub fn add_pack(&mut self, pack: &LangPack) -> Result<()> {
        for (file, map) in [
            ("months.tsv", &mut self.months),
            ("weekdays.tsv", &mut self.weekdays),
        ] {
            for (n, row) in pack.tsv(file, 2)?.iter().enumerate() {
                let v: u8 = row[1]
                    .parse()
                    .map_err(|_| pack.error(file, n + 1, "the number is not a small integer"))?;
                map.insert(row[0].to_lowercase(), (v, flags(row.get(2))));
            }
        }
        let mut before: Vec<(Vec<String>, u16)> = Vec::new();
        let mut after: Vec<(Vec<String>, u16)> = Vec::new();
        for row in pack.tsv("date_words.tsv", 2)? {
            if row[1] == "numeric-order" {
                self.order = if row[0] == "mdy" {
                    NumericOrder::Mdy
                } else {
                    NumericOrder::Dmy
                };
                continue;
            }
            if let Some(tense) = match row[1] {
                "past-cue" => Some(Tense::Past),
                "future-cue" => Some(Tense::Future),
                _ => None,
            } {
                self.tense_cues.insert(row[0].to_lowercase(), tense);
                continue;
            }
            if row[1] == "ordinal-suffix" {
                self.ordinal_suffixes.push(row[0].to_lowercase());
                continue;
            }
            if row[1] == "day" {
                let d: u8 = row
                    .get(2)
                    .and_then(|v| v.parse().ok())
                    .filter(|d| (1..=31).contains(d))
                    .ok_or_else(|| {
                        pack.error("date_words.tsv", 0, "a day word needs its number, 1-31")
                    })?;
                self.day_words.insert(row[0].to_lowercase(), d);
                continue;
            }
            let Some(bit) = role_bit(row[1]) else {
                return Err(pack.error("date_words.tsv", 0, format!("unknown role {:?}", row[1])));
            };
            let words = phrase_tokens(row[0]);
            if words.len() == 1 {
                *self.roles.entry(words[0].clone()).or_default() |= bit;
            }
            if bit & role::BEFORE != 0 {
                before.push((words.iter().rev().cloned().collect(), bit));
            }
            if bit & role::AFTER != 0 {
                after.push((words, bit));
            }
        }
        for (words, bit) in before {
            self.before.insert(words.iter().map(String::as_str), bit);
        }
        for (words, bit) in after {
            self.after.insert(words.iter().map(String::as_str), bit);
        }
        for (n, row) in pack.tsv("relative.tsv", 4)?.iter().enumerate() {
            let err = |why: &str| pack.error("relative.tsv", n + 1, why.to_owned());
            let unit = match row[1] {
                "day" => Unit::Day,
                "week" => Unit::Week,
                "month" => Unit::Month,
                "year" => Unit::Year,
                _ => return Err(err("unit must be day, week, month or year")),
            };
            let offset = row[2]
                .parse()
                .map_err(|_| err("offset must be an integer"))?;
            let base = match row[3] {
                "now" => Base::Now,
                "anchor" => Base::Anchor,
                _ => return Err(err("base must be now or anchor")),
            };
            let words = phrase_tokens(row[0]);
            self.relative.insert(
                words.iter().map(String::as_str),
                Relative { unit, offset, base },
            );
        }
        for (n, row) in pack.tsv("holidays.tsv", 3)?.iter().enumerate() {
            let err = || pack.error("holidays.tsv", n + 1, "month and day must be a valid date");
            let m: u8 = row[1].parse().map_err(|_| err())?;
            let d: u8 = row[2].parse().map_err(|_| err())?;
            if !(1..=12).contains(&m) || d == 0 || d > super::calendar::month_len(2000, m) {
                return Err(err());
            }
            let cap = flags(row.get(3)).cap;
            let words = phrase_tokens(row[0]);
            self.holidays
                .insert(words.iter().map(String::as_str), (m, d, cap));
        }
        for row in pack.tsv("units.tsv", 1)? {
            if let [word] = phrase_tokens(row[0]).as_slice() {
                self.counted.insert(word.clone());
            }
        }
        self.numbers.add_pack(pack)?;
        self.index_starters();
        Ok(())
    }

    /// Adds the month and weekday names of `other` this lexicon lacks.
    pub fn add_names(&mut self, other: DateLexicon) {
        for (w, v) in other.months {
            self.months.entry(w).or_insert(v);
        }
        for (w, v) in other.weekdays {
            self.weekdays.entry(w).or_insert(v);
        }
        self.index_starters();
    }

    fn index_starters(&mut self) {
        self.starters = self
            .months
            .keys()
            .chain(self.weekdays.keys())
            .cloned()
            .collect();
        let (relative_words, slot) = self.relative.first_words();
        self.starters.extend(relative_words.map(str::to_owned));
        self.starters
            .extend(self.holidays.first_words().0.map(str::to_owned));
        self.starters.extend(self.day_words.keys().cloned());
        if slot {
            self.starters
                .extend(self.numbers.words().map(str::to_owned));
        }
    }

    /// True when the lowercase word names a weekday.
    pub fn is_weekday(&self, word: &str) -> bool {
        self.weekdays.contains_key(word)
    }

    /// False when no date expression can start with this lowercase word:
    /// it is neither a number nor a month, weekday, relative or number word.
    /// Most words of a text are not, and skip every other test.
    pub fn may_start(&self, word: &str) -> bool {
        word.as_bytes().first().is_some_and(u8::is_ascii_digit) || self.starters.contains(word)
    }

    /// The lexicon of one pack.
    pub fn from_pack(pack: &LangPack) -> Result<Self> {
        let mut lex = DateLexicon::default();
        lex.add_pack(pack)?;
        Ok(lex)
    }

    /// True when a single word has a role.
    pub fn has_role(&self, word: &str, bit: u16) -> bool {
        self.roles.get(word).is_some_and(|r| r & bit != 0)
    }
}

/// Words of a month or weekday table that must not be read as such here.
pub fn name_ok(flags: NameFlags, surface: &str) -> bool {
    !flags.cap || crate::text::is_capitalized(surface)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LangPacks;

    #[test]
    fn only_date_words_and_numbers_may_start_a_date() {
        let packs = LangPacks::builtin();
        let mut lex = DateLexicon::default();
        for pack in packs.iter() {
            lex.add_pack(pack).unwrap();
        }
        for word in [
            "janvier",
            "january",
            "mardi",
            "monday",
            "hier",
            "yesterday",
            "12",
            "1er",
        ] {
            assert!(lex.may_start(word), "{word}");
        }
        for word in ["ministre", "minister", "le", "the", "moscou"] {
            assert!(!lex.may_start(word), "{word}");
        }
    }
}

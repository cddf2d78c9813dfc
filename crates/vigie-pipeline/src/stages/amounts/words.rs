//! Number words ("deux millions", "a dozen") from each pack's `numbers.tsv`.

use rustc_hash::FxHashMap as HashMap;

use crate::{LangPack, Result};

/// How a number word combines with its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number by itself ("deux", "thirty").
    Unit,
    /// Multiplies what precedes it, or stands for itself times one ("cent", "mille").
    Mult,
    /// Multiplies a number before it and is no number without one
    /// ("millions", "thousand"): "des millions" is a vague quantity.
    Scale,
    /// A collective noun: multiplies a number before it (the article
    /// counts: "une vingtaine") and makes the amount approximate.
    About,
    /// Joins two number words ("vingt et un", "a hundred and five"); only
    /// taken when a number word that can follow comes next.
    Join,
    /// A number only before a multiplier ("un million", "a dozen").
    Weak,
    /// Only glued to digits ("$1.5bn").
    Suffix,
}

/// One number word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word {
    /// Its value.
    pub value: f64,
    /// How it combines.
    pub kind: Kind,
}

/// Number words by lowercase form.
#[derive(Debug, Clone, Default)]
pub struct NumberWords {
    words: HashMap<String, Word>,
}

impl NumberWords {
    /// Adds a pack's `numbers.tsv`.
    pub fn add_pack(&mut self, pack: &LangPack) -> Result<()> {
        for (n, row) in pack.tsv("numbers.tsv", 3)?.iter().enumerate() {
            let err = |why: &str| pack.error("numbers.tsv", n + 1, why.to_owned());
            let value = row[1].parse().map_err(|_| err("value is not a number"))?;
            let kind = match row[2] {
                "unit" => Kind::Unit,
                "mult" => Kind::Mult,
                "weak" => Kind::Weak,
                "suffix" => Kind::Suffix,
                "scale" => Kind::Scale,
                "about" => Kind::About,
                "join" => Kind::Join,
                _ => {
                    return Err(err(
                        "kind must be unit, mult, scale, about, weak, suffix or join",
                    ));
                }
            };
            self.words
                .insert(row[0].to_lowercase(), Word { value, kind });
        }
        Ok(())
    }

    /// The word, if it is a number word.
    pub fn get(&self, word: &str) -> Option<Word> {
        self.words.get(word).copied()
    }

    /// Every number word that names a number, lowercase: joins ("et",
    /// "and") and abbreviated multipliers ("m", "bn") are left out.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words
            .iter()
            .filter(|(_, w)| !matches!(w.kind, Kind::Join | Kind::Suffix))
            .map(|(k, _)| k.as_str())
    }
}

/// Accumulates number words left to right: "deux cent mille" = 200 000,
/// "dix sept" = 17, "two million five hundred thousand" = 2 500 000.
#[derive(Debug, Clone, Copy, Default)]
pub struct Composer {
    total: f64,
    current: f64,
    words: usize,
    /// True once a unit or multiplier word was read (a weak word alone is no number).
    strong: bool,
    /// True once a collective noun was read ("deux douzaines").
    about: bool,
    /// True when a collective noun followed only an article ("une
    /// vingtaine", "a dozen"): a vague quantity, which the corpus
    /// convention (like "des centaines") does not count as an amount.
    vague: bool,
    /// The multiplier of 1000 or more that ended the number, else 1 ("3
    /// millions": 1e6), so a range's bare first end can share it.
    scale: f64,
}

impl Composer {
    /// Feeds one word; false when it cannot continue the number.
    pub fn push(&mut self, w: Word) -> bool {
        self.scale = 1.0;
        match w.kind {
            Kind::Suffix | Kind::Join => return false,
            Kind::Scale | Kind::About if self.words == 0 => return false,
            Kind::Unit | Kind::Weak => {
                if self.words > 0 && !can_add(self.current, w.value) {
                    return false;
                }
                self.current += w.value;
                self.strong |= w.kind == Kind::Unit;
            }
            Kind::Mult | Kind::Scale | Kind::About => {
                self.vague |= w.kind == Kind::About && !self.strong;
                let base = if self.current == 0.0 {
                    1.0
                } else {
                    self.current
                };
                if w.value >= 1000.0 {
                    self.total += base * w.value;
                    self.current = 0.0;
                    self.scale = w.value;
                } else {
                    self.current = base * w.value;
                }
                self.strong = true;
                self.about |= w.kind == Kind::About;
            }
        }
        self.words += 1;
        true
    }

    /// Continues a number given in digits ("1,5 million").
    pub fn from_digits(v: f64) -> Composer {
        Composer {
            total: 0.0,
            current: v,
            words: 1,
            strong: true,
            about: false,
            vague: false,
            scale: 1.0,
        }
    }

    /// Whether a collective noun made the number approximate.
    pub fn about(&self) -> bool {
        self.about
    }

    /// Whether the number is a vague quantity ("une vingtaine").
    pub fn vague(&self) -> bool {
        self.vague
    }

    /// The multiplier that ended the number (1 when none did).
    pub fn scale(&self) -> f64 {
        if self.scale == 0.0 { 1.0 } else { self.scale }
    }

    /// The value, when a number was read.
    pub fn value(&self) -> Option<f64> {
        (self.strong && self.words > 0).then_some(self.total + self.current)
    }
}

/// Whether a unit word may add to the current chunk: "vingt deux",
/// "dix sept", "soixante-quinze", "cent trois", but not "deux trois".
fn can_add(current: f64, value: f64) -> bool {
    current == 0.0
        || (current % 100.0 == 0.0 && value < 100.0)
        || (current % 10.0 == 0.0 && current >= 20.0 && value < 20.0)
        || (current == 10.0 && value < 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(value: f64, kind: Kind) -> Word {
        Word { value, kind }
    }

    #[test]
    fn composes_words() {
        let mut c = Composer::default();
        for x in [
            w(2.0, Kind::Unit),
            w(100.0, Kind::Mult),
            w(1000.0, Kind::Mult),
        ] {
            assert!(c.push(x));
        }
        assert_eq!(c.value(), Some(200_000.0));
        let mut c = Composer::default();
        assert!(c.push(w(1.0, Kind::Weak)));
        assert_eq!(c.value(), None, "\"un\" alone is an article");
        assert!(c.push(w(1e6, Kind::Mult)));
        assert_eq!(c.value(), Some(1e6));
        let mut c = Composer::default();
        assert!(c.push(w(20.0, Kind::Unit)));
        assert!(c.push(w(2.0, Kind::Unit)));
        assert!(!c.push(w(3.0, Kind::Unit)));
        assert_eq!(c.value(), Some(22.0));
        let mut c = Composer::from_digits(1.5);
        assert!(c.push(w(1e9, Kind::Mult)));
        assert_eq!(c.value(), Some(1.5e9));
    }
}

//! Line-level residue: what a scraped page leaves around an article.
//!
//! Two kinds of knowledge meet here. Shapes that mean the same in every
//! language (URLs, e-mail addresses, ISO timestamps, `og:` and xpath lines,
//! image dimensions, locale codes) are patterns in code. Words of a site's
//! navigation ("Lire aussi", "Skip to main content") are language data, read
//! from every pack's `residue.txt` and `chrome.txt`: the language is not known
//! before the text is clean, and a French page often carries English widgets.

use rustc_hash::FxHashSet as HashSet;

use regex::Regex;

use super::regex;
use crate::{LangPacks, Result};

/// What one line of the raw text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict<'a> {
    /// Article text.
    Keep,
    /// Page residue, dropped.
    Residue,
    /// A line holding only a URL: dropped, and the article's URL when it heads the text.
    Url(&'a str),
    /// A publisher's contact block, with the outlet name it opens with, if any.
    Contact(Option<&'a str>),
}

/// The residue detectors, compiled once.
pub(super) struct Residue {
    whole: HashSet<String>,
    /// The first word of every entry of `whole`.
    whole_first_words: HashSet<String>,
    prefixes: Vec<String>,
    chrome: Vec<String>,
    url_only: Regex,
    url_anywhere: Regex,
    image_path: Regex,
    markdown: Regex,
    meta_path: Regex,
    iso_timestamp: Regex,
    dimensions: Regex,
    locale: Regex,
    email: Regex,
    phone: Regex,
    tweet_chrome: Regex,
}

impl Residue {
    pub(super) fn new(packs: &LangPacks) -> Result<Self> {
        let mut whole = HashSet::default();
        let mut prefixes = Vec::new();
        let mut chrome = Vec::new();
        for pack in packs.iter() {
            for entry in pack.lines("residue.txt") {
                match entry.strip_suffix('*') {
                    Some(prefix) => {
                        // "Lire aussi" alone is residue too.
                        whole.insert(key(prefix));
                        prefixes.push(key(prefix));
                    }
                    None => {
                        whole.insert(key(entry));
                    }
                }
            }
            chrome.extend(pack.lines("chrome.txt").map(str::to_owned));
        }
        prefixes.retain(|p| !p.is_empty());
        prefixes.sort();
        prefixes.dedup();
        // Longest first, so "Camera Icon" is not cut by a shorter label it contains.
        chrome.sort_by_key(|c| std::cmp::Reverse(c.len()));
        chrome.dedup();
        let whole_first_words = whole.iter().map(|w| first_word(w).to_owned()).collect();
        Ok(Residue {
            whole,
            whole_first_words,
            prefixes,
            chrome,
            url_only: regex(r"^(?:https?://|www\.)\S+$")?,
            url_anywhere: regex(r"(?:https?://|www\.)\S+")?,
            image_path: regex(r"(?i)^\S+\.(?:jpe?g|png|gif|webp|svg|avif)(?:\?\S*)?$")?,
            markdown: regex(r"^!?\[.*\]\([^)\s]*\)$")?,
            meta_path: regex(
                r"^(?:/html/|//(?:head|meta|body)\b|(?:og|twitter|article|fb):[a-z_:]+\b)",
            )?,
            iso_timestamp: regex(
                r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$",
            )?,
            dimensions: regex(r"(?i)^(?:\d+\s+)+(?:true|false)$")?,
            locale: regex(r"^[a-z]{2,3}[_-][A-Z]{2}$")?,
            email: regex(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")?,
            phone: regex(r"\+\d[\d \-.()]{6,}\d")?,
            tweet_chrome: regex(r"\s*(?:pic\.twitter\.com/\S+|https?://t\.co/\S+)")?,
        })
    }

    /// Judges one trimmed, non-empty line on its own.
    pub(super) fn classify<'a>(&self, line: &'a str) -> Verdict<'a> {
        if !line.chars().any(char::is_alphabetic) {
            // Page numbers, bare timestamps ("9.2.2022 - 17:17"), separators.
            return Verdict::Residue;
        }
        if self.image_path.is_match(line) {
            return Verdict::Residue;
        }
        if self.url_only.is_match(line) {
            return Verdict::Url(line);
        }
        if self.markdown.is_match(line)
            || self.meta_path.is_match(line)
            || self.iso_timestamp.is_match(line)
            || self.dimensions.is_match(line)
            || self.locale.is_match(line)
            || self.is_listed(line)
            || is_tag_list(line)
        {
            return Verdict::Residue;
        }
        if let Some(m) = self.email.find(line) {
            let words = line.split_whitespace().count();
            if self.phone.is_match(line) || words <= 12 {
                return Verdict::Contact(outlet_before(line.get(..m.start()).unwrap_or_default()));
            }
        }
        if self.is_author_box(line) {
            return Verdict::Residue;
        }
        Verdict::Keep
    }

    /// A line of site navigation named in a `residue.txt`.
    fn is_listed(&self, line: &str) -> bool {
        // Navigation lines are short; a long line is never one.
        if line.len() > 200 {
            return false;
        }
        // Most lines start with a word no entry starts with: they are turned
        // down before their whole key is made.
        let first = first_key_word(line);
        if !self.whole_first_words.contains(&first)
            && !self
                .prefixes
                .iter()
                .any(|p| first.starts_with(first_word(p)))
        {
            return false;
        }
        let k = key(line);
        self.whole.contains(&k)
            || self.prefixes.iter().any(|p| {
                k.strip_prefix(p.as_str()).is_some_and(|rest| {
                    // "Read more: Title" and "Lire aussi Le G7…" are links;
                    // "Read more about the talks…" is a sentence.
                    let next = rest.trim_start().chars().next();
                    rest.starts_with(|c: char| !c.is_alphanumeric())
                        && next.is_some_and(|c| !c.is_alphabetic() || starts_upper(line, p))
                })
            })
    }

    /// "Florent Dupuis https://cdn.example.org/img/portrait.jpg": a few words
    /// and a URL, the shape of an author box or a "Source:" link line.
    fn is_author_box(&self, line: &str) -> bool {
        let mut urls = 0;
        let mut rest = String::new();
        let mut last = 0;
        for m in self.url_anywhere.find_iter(line) {
            urls += 1;
            rest.push_str(line.get(last..m.start()).unwrap_or_default());
            rest.push(' ');
            last = m.end();
        }
        if urls == 0 {
            return false;
        }
        rest.push_str(line.get(last..).unwrap_or_default());
        rest.split_whitespace().count() <= 4 && !rest.contains(['.', '!', '?', '«', '“'])
    }

    /// The line without a widget label glued to its start ("Camera IconThe
    /// president…" gives "The president…").
    pub(super) fn strip_chrome<'a>(&self, line: &'a str) -> &'a str {
        for label in &self.chrome {
            if let Some(rest) = line.strip_prefix(label.as_str()) {
                // Glued ("Camera IconThe") or spaced; "Camera Icons" is a word.
                let glued = rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric());
                if glued || rest.starts_with(char::is_whitespace) {
                    return rest.trim_start();
                }
            }
        }
        line
    }

    /// The pieces of a line left when tweet chrome ("pic.twitter.com/…",
    /// "https://t.co/…" links) is cut out, in order.
    pub(super) fn without_tweet_chrome<'a>(&self, line: &'a str) -> Vec<&'a str> {
        let mut pieces = Vec::new();
        let mut last = 0;
        for m in self.tweet_chrome.find_iter(line) {
            pieces.push(line.get(last..m.start()).unwrap_or_default());
            last = m.end();
        }
        pieces.push(line.get(last..).unwrap_or_default());
        pieces.retain(|p| !p.trim().is_empty());
        pieces
    }
}

/// True when the word of `line` after the words of `prefix` (a key of a
/// prefix entry) starts with a capital, as a linked headline does.
fn starts_upper(line: &str, prefix: &str) -> bool {
    line.split_whitespace()
        .nth(prefix.split(' ').count())
        .and_then(|w| w.chars().find(|c| c.is_alphanumeric()))
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// The first word of a key.
fn first_word(key: &str) -> &str {
    key.split(' ').next().unwrap_or(key)
}

/// The comparison key of a navigation line: lowercase, without the
/// punctuation, arrows and ellipses sites put around their labels.
fn key(line: &str) -> String {
    let mut k = String::with_capacity(line.len());
    for word in key_trim(line).split_whitespace() {
        if !k.is_empty() {
            k.push(' ');
        }
        push_key_word(word, &mut k);
    }
    k
}

/// The first word of [`key`]`(line)`, made without the rest.
fn first_key_word(line: &str) -> String {
    let mut k = String::new();
    if let Some(word) = key_trim(line).split_whitespace().next() {
        push_key_word(word, &mut k);
    }
    k
}

fn key_trim(line: &str) -> &str {
    line.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | '…'
                    | '!'
                    | ':'
                    | '»'
                    | '›'
                    | '>'
                    | '<'
                    | '«'
                    | '|'
                    | '•'
                    | '-'
                    | '–'
                    | '—'
                    | '→'
                    | '+'
                    | '*'
            )
    })
}

fn push_key_word(word: &str, k: &mut String) {
    k.extend(
        word.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == '’' { '\'' } else { c }),
    );
}

/// A short lowercase line with no sentence punctuation: one entry of a tag
/// list ("international", "union européenne (ue)", "josep borrell").
pub(super) fn is_tag_like(line: &str) -> bool {
    line.len() <= 48
        && line.split_whitespace().count() <= 4
        && line.chars().next().is_some_and(char::is_lowercase)
        && !line.contains(SENTENCE_MARKS)
}

/// A short line with no sentence punctuation ("Actus", "Monde"); residue
/// only when residue surrounds it.
pub(super) fn is_label_like(line: &str) -> bool {
    line.len() <= 30 && line.split_whitespace().count() <= 3 && !line.contains(SENTENCE_MARKS)
}

const SENTENCE_MARKS: [char; 11] = ['.', '!', '?', ':', ';', '«', '»', '"', '“', '”', '…'];

/// "international, russie, états-unis, otan": a comma-separated tag list.
fn is_tag_list(line: &str) -> bool {
    let mut items = 0;
    for item in line.split(',') {
        if !is_tag_like(item.trim()) {
            return false;
        }
        items += 1;
    }
    items >= 3
}

/// The outlet name opening a contact block ("Sputnik France" in "Sputnik
/// France redaction@…"): one to four capitalised words.
fn outlet_before(prefix: &str) -> Option<&str> {
    let name = prefix
        .trim()
        .trim_end_matches([',', ':', '-', '–', '|'])
        .trim_end();
    let words: Vec<&str> = name.split_whitespace().collect();
    let capital = |w: &&str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    };
    // Short lowercase words may stand inside a name ("Journal du Sahel").
    let inner = |w: &&str| capital(w) || w.chars().count() <= 3;
    let named = words.first().is_some_and(capital)
        && words.last().is_some_and(capital)
        && words.iter().all(inner);
    ((1..=5).contains(&words.len()) && named).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn residue() -> Residue {
        Residue::new(&LangPacks::builtin()).unwrap()
    }

    #[test]
    fn language_independent_residue() {
        let r = residue();
        for line in [
            "2023-11-04T08:15+0100",
            "2023-11-04 08:15:02Z",
            "1280 720 true",
            "en_GB",
            "fr-FR",
            "/html/head/meta[@property='og:image']/@content",
            "og:description",
            "https://cdn.example.org/media/2023/11/portrait_200x200.jpg",
            "/static/img/ministres-reunis.webp?w=640",
            "![Les ministres à Vienne [archives]](/img/vienne.jpg)",
            "12.03.2023 - 09:41",
            "2023",
            "***",
            "Marc Lestrade https://cdn.example.org/img/m-lestrade.jpg",
            "politique, diplomatie, union africaine, onu",
        ] {
            assert_eq!(r.classify(line), Verdict::Residue, "{line}");
        }
        assert_eq!(
            r.classify("https://example.org/2023/11/04/article.html"),
            Verdict::Url("https://example.org/2023/11/04/article.html")
        );
    }

    #[test]
    fn contact_blocks_name_their_outlet() {
        let r = residue();
        assert_eq!(
            r.classify("Radio Vigie Internationale contact@rvi.example +33 1 23 45 67 89 Paris"),
            Verdict::Contact(Some("Radio Vigie Internationale"))
        );
        assert_eq!(
            r.classify("Journal du Sahel contact@sahel.example +227 20 00 00 00"),
            Verdict::Contact(Some("Journal du Sahel"))
        );
        assert_eq!(
            r.classify("écrivez-nous : redaction@journal.example"),
            Verdict::Contact(None)
        );
    }

    #[test]
    fn navigation_from_the_packs() {
        let r = residue();
        for line in [
            "Skip to main content",
            "Read more…",
            "READ MORE",
            "Publicité",
            "Lire aussi : Le G7 se réunit à Hiroshima",
            "Read more: Ministers meet in Oslo",
            "À lire aussi",
            "Recevoir nos alertes live !",
            "Advertisement",
        ] {
            assert_eq!(r.classify(line), Verdict::Residue, "{line}");
        }
    }

    #[test]
    fn article_text_is_kept() {
        let r = residue();
        for line in [
            "Lire aussiement n'est pas un mot, mais la ligne reste.",
            "Le ministre a publié le communiqué à 10h00 sur https://gouv.example, a-t-il précisé mercredi devant la presse.",
            "Réponse en bloc",
            "ATS",
            "Read more about the summit in our live coverage of the talks in Geneva today.",
            "Le 12 janvier 2023",
            "Credit: AP",
        ] {
            assert_eq!(r.classify(line), Verdict::Keep, "{line}");
        }
    }

    #[test]
    fn chrome_and_tweet_links_are_cut_out() {
        let r = residue();
        assert_eq!(
            r.strip_chrome("Camera IconThe ministers met in Vienna."),
            "The ministers met in Vienna."
        );
        assert_eq!(
            r.strip_chrome("Camera Icons are small."),
            "Camera Icons are small."
        );
        assert_eq!(
            r.without_tweet_chrome(
                "We stand with Moldova. pic.twitter.com/Ab12Cd — Jane Roe (@janeroe) May 3, 2023"
            ),
            [
                "We stand with Moldova.",
                " — Jane Roe (@janeroe) May 3, 2023"
            ]
        );
    }
}

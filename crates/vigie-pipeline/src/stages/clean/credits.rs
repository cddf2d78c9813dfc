//! Who the text credits: bylines, photo credits, news agencies and the outlet.
//!
//! Agency and outlet names come from the knowledge base (actors of subtype
//! `agency` and `media`), so a user's `--kb` file can add a local agency.
//! An agency counts as credited only where the text credits it: a dateline
//! "(AFP)", "avec AFP", "Credit: AP", "/ Reuters", "© Reuters", or a byline;
//! "a déclaré à l'AFP" names the agency without crediting it.

use rustc_hash::FxHashSet as HashSet;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use vigie_doc::Span;
use vigie_kb::KnowledgeBase;

use super::regex;
use crate::{Error, LangPacks, Result};

/// A name the knowledge base gives to an agency or a media outlet.
#[derive(Debug)]
struct Named {
    canonical: String,
    agency: bool,
}

/// A name found in the text.
pub(super) struct Found<'c> {
    pub(super) span: Span,
    canonical: &'c str,
    agency: bool,
}

/// The credit detectors, compiled once.
pub(super) struct Credits {
    matcher: Option<AhoCorasick>,
    named: Vec<Named>,
    credit_cues: Vec<String>,
    byline_cues: Vec<String>,
    particles: HashSet<String>,
    dated_outlet: Regex,
}

impl Credits {
    pub(super) fn new(kb: &KnowledgeBase, packs: &LangPacks) -> Result<Self> {
        let mut patterns = Vec::new();
        let mut named = Vec::new();
        for actor in kb.actors() {
            let agency = match actor.subtype.as_deref() {
                Some("agency") => true,
                Some("media") => false,
                _ => continue,
            };
            let canonical = actor.canonical(Some("en")).to_owned();
            let mut seen = HashSet::default();
            for name in actor.all_names() {
                // Photo credits are often in capitals ("ASSOCIATED PRESS").
                for form in [name.to_owned(), name.to_uppercase()] {
                    if form.chars().count() >= 2 && seen.insert(form.clone()) {
                        patterns.push(form);
                        named.push(Named {
                            canonical: canonical.clone(),
                            agency,
                        });
                    }
                }
            }
        }
        let matcher = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .map_err(|e| Error::Stage {
                        stage: "clean",
                        reason: format!("agency names: {e}"),
                    })?,
            )
        };
        let lower = |file: &str| -> Vec<String> {
            let mut v: Vec<String> = packs
                .iter()
                .flat_map(|p| p.lines(file).map(str::to_lowercase).collect::<Vec<_>>())
                .collect();
            v.sort_by_key(|c| std::cmp::Reverse(c.len()));
            v.dedup();
            v
        };
        Ok(Credits {
            matcher,
            named,
            credit_cues: lower("credit_cues.txt"),
            byline_cues: lower("byline_cues.txt"),
            particles: lower("name_particles.txt")
                .into_iter()
                .chain(lower("byline_joiners.txt"))
                .collect(),
            dated_outlet: regex(r"\b\d{1,2}\.\d{1,2}\.\d{4},\s+(\p{Lu}[^,.;:!?()«»]{0,60})$")?,
        })
    }

    /// Agency and outlet names in `text` that stand as whole words, or glued
    /// to the end of a word when `glued` (as in "IsachenkovReuters").
    pub(super) fn find<'c>(&'c self, text: &str, glued: bool) -> Vec<Found<'c>> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        matcher
            .find_iter(text)
            .filter(|m| {
                let before = text
                    .get(..m.start())
                    .unwrap_or_default()
                    .chars()
                    .next_back();
                let after = text.get(m.end()..).unwrap_or_default().chars().next();
                let open_before = before.is_none_or(|c| !c.is_alphanumeric())
                    || (glued && before.is_some_and(char::is_lowercase));
                open_before && after.is_none_or(|c| !c.is_alphanumeric())
            })
            .map(|m| {
                let named = &self.named[m.pattern().as_usize()];
                Found {
                    span: Span::new(m.start(), m.end()),
                    canonical: &named.canonical,
                    agency: named.agency,
                }
            })
            .collect()
    }

    /// Where to insert a space in a byline whose last name is glued to an
    /// agency or outlet ("Aamer Madhani and Vladimir IsachenkovReuters").
    pub(super) fn glue_point(&self, line: &str) -> Option<usize> {
        if !self.is_name_list(line, 16) {
            return None;
        }
        let last = self.find(line, true).pop()?;
        let glued = line
            .get(..last.span.start)
            .unwrap_or_default()
            .chars()
            .next_back()
            .is_some_and(char::is_lowercase);
        let at_end = line
            .get(last.span.end..)
            .unwrap_or_default()
            .trim()
            .is_empty();
        (glued && at_end).then_some(last.span.start)
    }

    /// A byline or credit line: "Par Claire Dubois et Marc Lefort", "By Jane
    /// Roe, CNN", "PHOTO JOHN SMITH, ASSOCIATED PRESS", "Credit: AP",
    /// "Keystone-SDA", "Jane Roe The Canadian Press".
    pub(super) fn is_byline(&self, para: &str) -> bool {
        if para.len() > 200 {
            return false;
        }
        let lower = para.to_lowercase();
        for cue in self.byline_cues.iter().chain(&self.credit_cues) {
            if let Some(rest) = lower.strip_prefix(cue.as_str())
                && rest.starts_with([' ', ':', '\u{a0}'])
            {
                // Same byte length: lowercasing an ASCII cue keeps offsets.
                let rest = para
                    .get(cue.len()..)
                    .unwrap_or("")
                    .trim_start_matches([' ', ':', '\u{a0}']);
                let first_capital = rest.chars().next().is_some_and(char::is_uppercase);
                if first_capital && self.is_name_list(rest, 15) {
                    return true;
                }
            }
        }
        if !self.is_name_list(para, 12) {
            return false;
        }
        let trimmed = para.trim_end_matches(['.', ',', ')']);
        self.find(trimmed, false)
            .last()
            .is_some_and(|f| f.span.end == trimmed.len())
    }

    /// At most `max` words, each a capitalised name part, an initial or a particle.
    fn is_name_list(&self, s: &str, max: usize) -> bool {
        let mut n = 0;
        for word in s.split_whitespace() {
            n += 1;
            if n > max || !self.is_name_word(word) {
                return false;
            }
        }
        n > 0
    }

    fn is_name_word(&self, word: &str) -> bool {
        let w = word
            .trim_start_matches('(')
            .trim_end_matches([',', ';', ')']);
        if w.is_empty() || w == "/" || w == "-" || w == "—" || w == "–" {
            return true;
        }
        let lower = w.to_lowercase();
        if self.particles.contains(&lower) {
            return true;
        }
        // "d'Estaing": a particle glued by an apostrophe.
        if let Some((head, tail)) = lower.split_once(['\'', '’'])
            && self.particles.contains(head)
        {
            return tail.chars().next().is_some();
        }
        let capital = w.chars().next().is_some_and(|c| c.is_uppercase());
        // A word ending a sentence is not a name, but an initial ("K.") is.
        let sentence_end = w.ends_with(['.', '!', '?', ':']) && w.chars().count() > 3;
        capital && !sentence_end && !w.contains(['«', '»', '“', '”', '"'])
    }

    /// Agencies the text credits, in order of first credit, by canonical name.
    pub(super) fn agencies(&self, text: &str, paragraphs: &[(Span, bool)]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in self.find(text, false) {
            if !f.agency || out.iter().any(|a| a == f.canonical) {
                continue;
            }
            let in_byline = paragraphs
                .iter()
                .any(|(span, byline)| *byline && span.contains(f.span));
            if in_byline || self.credited(text, f.span) {
                out.push(f.canonical.to_owned());
            }
        }
        out
    }

    /// "(AFP)", "avec AFP", "Credit: AP", "/ Reuters", "© Reuters".
    fn credited(&self, text: &str, span: Span) -> bool {
        let line_start = text
            .get(..span.start)
            .unwrap_or_default()
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let before = text
            .get(line_start..span.start)
            .unwrap_or_default()
            .trim_end();
        let after = text.get(span.end..).unwrap_or_default().trim_start();
        if before.ends_with('(') && after.starts_with([')', '/', ',']) {
            return true;
        }
        if before.ends_with(['/', '©']) || before.to_lowercase().ends_with("(c)") {
            return true;
        }
        let before = before
            .trim_end_matches([':', '-', '–', '—', '(', ' '])
            .to_lowercase();
        self.credit_cues.iter().any(|cue| {
            before.strip_suffix(cue.as_str()).is_some_and(|head| {
                head.chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
        })
    }

    /// The outlet the text names as its publisher: "…, 10.01.2022, Sputnik
    /// France" closing a standfirst, or a byline "By Jane Roe, CNN" naming a
    /// media outlet of the knowledge base.
    pub(super) fn outlet(&self, text: &str, paragraphs: &[(Span, bool)]) -> Option<String> {
        for (span, _) in paragraphs {
            let para = span.slice(text);
            if let Some(c) = self.dated_outlet.captures(para)
                && let Some(name) = c.get(1)
                && self.is_name_list(name.as_str(), 5)
            {
                return Some(name.as_str().trim().to_owned());
            }
        }
        for (span, byline) in paragraphs {
            let para = span.slice(text).trim_end_matches(['.', ' ']);
            if !*byline {
                continue;
            }
            if let Some(f) = self.find(para, false).pop()
                && !f.agency
                && f.span.end == para.len()
                && para
                    .get(..f.span.start)
                    .unwrap_or_default()
                    .trim_end()
                    .ends_with(',')
            {
                return Some(f.canonical.to_owned());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::tests::MEDIA_KB;

    fn credits() -> Credits {
        let mut kb = KnowledgeBase::default();
        kb.add_jsonl("media.jsonl", MEDIA_KB).unwrap();
        Credits::new(&kb, &LangPacks::builtin()).unwrap()
    }

    #[test]
    fn bylines_and_credit_lines() {
        let c = credits();
        for line in [
            "Par Claire Dubois et Marc Lefort",
            "par Hélène de La Tour",
            "By Jane Roe, Omar Haddad and Li Wei, CNN",
            "PHOTO PIERRE MARCHAND, ASSOCIATED PRESS",
            "Credit: AP",
            "Keystone-SDA",
            "Julie Tremblay La Presse Canadienne",
            "Par Gabin K.",
        ] {
            assert!(c.is_byline(line), "{line}");
        }
        for line in [
            "Par ailleurs, les ministres se retrouveront jeudi.",
            "By the end of the week, talks had stalled.",
            "Photo d'illustration",
            "Les ministres ont parlé à l'AFP",
            "Sommet de Vienne: les Vingt-Sept divisés",
        ] {
            assert!(!c.is_byline(line), "{line}");
        }
    }

    #[test]
    fn glued_agency_is_found() {
        let c = credits();
        let line = "Maria Lopez and Piotr NowakReuters";
        assert_eq!(c.glue_point(line), Some(line.len() - "Reuters".len()));
        assert_eq!(c.glue_point("The envoy met ReutersTV staff"), None);
        assert_eq!(c.glue_point("Piotr Nowak Reuters"), None);
    }

    fn agencies(text: &str) -> Vec<String> {
        let c = credits();
        let paras: Vec<(Span, bool)> = text
            .split("\n\n")
            .scan(0, |at, p| {
                let span = Span::new(*at, *at + p.len());
                *at += p.len() + 2;
                Some((span, c.is_byline(p)))
            })
            .collect();
        c.agencies(text, &paras)
    }

    #[test]
    fn only_credits_count() {
        assert_eq!(
            agencies("VIENNE (AFP) - Les ministres…\n\nCredit: AP"),
            ["AFP", "AP"]
        );
        assert_eq!(
            agencies("Le texte, avec AFP.\n\n© Reuters 2023"),
            ["AFP", "Reuters"]
        );
        assert_eq!(
            agencies("Photo Jean Roy / AFP\n\nATS\n\nKeystone-SDA"),
            ["AFP", "ATS", "Keystone-SDA"]
        );
        assert_eq!(
            agencies("Il a déclaré à l'AFP que Reuters se trompait."),
            Vec::<String>::new()
        );
        assert_eq!(
            agencies("By Jane Roe, CNN\n\nWASHINGTON (Reuters) - …"),
            ["Reuters"]
        );
        assert_eq!(agencies("PHOTO PIERRE MARCHAND, ASSOCIATED PRESS"), ["AP"]);
    }

    #[test]
    fn outlet_from_standfirst_or_media_byline() {
        let c = credits();
        let text =
            "Titre\n\nLe chef de la diplomatie a écrit aux Vingt-Sept... 10.01.2023, Radio Vigie";
        let paras = [(Span::new(0, 5), false), (Span::new(7, text.len()), false)];
        assert_eq!(c.outlet(text, &paras).as_deref(), Some("Radio Vigie"));
        let text = "By Jane Roe and Li Wei, CNN";
        assert_eq!(
            c.outlet(text, &[(Span::new(0, text.len()), true)])
                .as_deref(),
            Some("CNN")
        );
        let text = "By Jane Roe, Reuters";
        assert_eq!(c.outlet(text, &[(Span::new(0, text.len()), true)]), None);
    }
}

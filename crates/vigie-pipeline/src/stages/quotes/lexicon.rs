//! The language data of the quotes stage, compiled once per pack.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

use vigie_doc::{Layout, Span, Words};
use vigie_kb::{Gender, KnowledgeBase, fold};

use crate::clause::{Grammar, coref};
use crate::text::tokenize;
use crate::{LangPack, Result};

/// Word sequences looked up by their first word; words are lowercase tokens.
#[derive(Debug)]
pub(super) struct Phrases<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Phrases {
            by_first: HashMap::default(),
        }
    }
}

impl<T: Copy> Phrases<T> {
    pub fn insert(&mut self, phrase: &str, value: T) {
        let words = words(phrase);
        if let Some(first) = words.first().cloned() {
            let entry = self.by_first.entry(first).or_default();
            entry.push((words, value));
            // Longest first, so the first hit is the longest match.
            entry.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
    }

    /// True when `text` is exactly one of the phrases.
    pub fn at_text(&self, text: &str) -> bool {
        let words = words(text);
        words
            .first()
            .and_then(|f| self.by_first.get(f))
            .is_some_and(|c| c.iter().any(|(w, _)| *w == words))
    }

    /// The longest phrase starting at token `i`, as (number of tokens, value).
    /// Tokens of a phrase must be separated by spaces, hyphens or apostrophes.
    pub fn at(&self, doc: &Tokens<'_>, i: usize) -> Option<(usize, T)> {
        let candidates = self.by_first.get(doc.get(i)?)?;
        candidates.iter().find_map(|(words, value)| {
            let fits = words.iter().enumerate().skip(1).all(|(k, w)| {
                doc.get(i + k).is_some_and(|t| t == w.as_str()) && doc.joined(i + k - 1)
            });
            fits.then_some((words.len(), *value))
        })
    }
}

/// Lowercase words of a phrase, split like the text's tokens.
fn words(phrase: &str) -> Vec<String> {
    let mut spans = Vec::new();
    tokenize(phrase, Span::new(0, phrase.len()), &mut spans);
    spans
        .iter()
        .map(|s| s.slice(phrase).to_lowercase())
        .collect()
}

/// The tokens of one document with their lowercase forms.
pub(super) struct Tokens<'t> {
    pub text: &'t str,
    pub spans: &'t [Span],
    words: Cow<'t, Words>,
}

impl<'t> Tokens<'t> {
    pub fn new(text: &'t str, layout: &'t Layout) -> Self {
        Tokens {
            text,
            spans: &layout.tokens,
            words: crate::text::layout_words(layout, text),
        }
    }

    /// The lowercase and folded forms of the tokens.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// How many tokens there are.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The lowercase form of token `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        (i < self.words.len()).then(|| self.words.lower(i))
    }

    /// The lowercase form of token `i`.
    pub fn word(&self, i: usize) -> &str {
        self.words.lower(i)
    }

    /// The folded form of token `i` (lowercase, accents removed).
    pub fn folded(&self, i: usize) -> &str {
        self.words.folded(i)
    }

    /// True when tokens `i` and `i + 1` are parts of one phrase: only
    /// spaces, hyphens or apostrophes lie between them.
    pub fn joined(&self, i: usize) -> bool {
        match (self.spans.get(i), self.spans.get(i + 1)) {
            (Some(a), Some(b)) => self.text.get(a.end..b.start).is_some_and(|gap| {
                gap.chars()
                    .all(|c| c.is_whitespace() || matches!(c, '-' | '\'' | '’'))
            }),
            _ => false,
        }
    }

    /// The first token at or after byte `pos`.
    pub fn at_or_after(&self, pos: usize) -> usize {
        self.spans.partition_point(|s| s.start < pos)
    }

    /// The text between tokens `i` and `i + 1` (or after the last one).
    pub fn gap_after(&self, i: usize) -> &'t str {
        let Some(a) = self.spans.get(i) else {
            return "";
        };
        let end = self.spans.get(i + 1).map_or(a.end, |b| b.start);
        self.text.get(a.end..end).unwrap_or("")
    }
}

/// Where the speaker of a cue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CueKind {
    /// A reporting verb: subject before it, or after it when inverted.
    Verb,
    /// "selon", "according to": the speaker follows.
    Prep,
}

/// What a determiner says about the noun it introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Det {
    pub definite: bool,
    pub gender: Option<Gender>,
    pub plural: bool,
}

/// The compiled data of one language.
#[derive(Debug, Default)]
pub(super) struct Lexicon {
    pub cues: Phrases<CueKind>,
    pub auxiliaries: HashSet<String>,
    pub determiners: HashMap<String, Det>,
    pub anonymous: Phrases<()>,
    pub statements: Phrases<()>,
    pub title_cues: HashSet<String>,
    pub function_words: HashSet<String>,
    pub prepositions: HashSet<String>,
    pub conjunctions: Phrases<()>,
    pub complementizers: HashSet<String>,
    /// Reporting verbs whose content clause may follow without a
    /// complementizer ("he said the talks failed"): `bare` in `quote_cues.tsv`.
    pub bare_cues: Phrases<()>,
    /// Participles ("adding", "ajoutant"): their subject is the one of the
    /// clause they hang on, at the start of the sentence.
    pub participles: Phrases<()>,
    /// Verbs taking a direct object ("salué", "urged"): never a trailing
    /// incise that reports the words before it.
    pub object_verbs: Phrases<()>,
    /// Verbs whose content clause may follow the one addressed ("told
    /// reporters the plan was dead"): `addressee` in `quote_cues.tsv`.
    pub addressee_verbs: Phrases<()>,
    /// Subject pronouns that open a content clause ("said *he* would").
    pub clause_openers: HashSet<String>,
    /// Finite verbs and auxiliaries that show a group of words is a clause
    /// ("said the talks *had* failed").
    pub clause_verbs: HashSet<String>,
    /// Words that join a second clause to the first ("et", "and", "mais").
    pub clause_links: HashSet<String>,
    /// Words opening a subordinate clause ("si", "whether"): a pronoun
    /// after them is not the sentence's subject.
    pub subordinators: HashSet<String>,
    /// Possessive determiners ("son", "his"): a name after one belongs to
    /// the noun they introduce.
    pub possessives: HashSet<String>,
    /// Folded demonym ("canadien") to the id of the actor it designates.
    pub demonyms: HashMap<String, String>,
    /// The word roles of the clause analysis, which finds the subject of
    /// a reporting verb.
    pub grammar: Grammar,
    /// Role nouns, pronouns and titles, shared with the mention tracker
    /// that resolves them.
    pub refs: coref::Words,
}

fn set(pack: &LangPack, file: &str) -> HashSet<String> {
    pack.lines(file).flat_map(words).collect()
}

fn phrases(pack: &LangPack, file: &str) -> Phrases<()> {
    let mut p = Phrases::default();
    for line in pack.lines(file) {
        p.insert(line, ());
    }
    p
}

impl Lexicon {
    pub fn new(pack: &LangPack, kb: &KnowledgeBase) -> Result<Self> {
        let mut lex = Lexicon {
            auxiliaries: set(pack, "auxiliaries.txt"),
            title_cues: set(pack, "title_cues.txt"),
            function_words: set(pack, "quote_function_words.txt"),
            prepositions: set(pack, "quote_prepositions.txt"),
            complementizers: set(pack, "complementizers.txt"),
            clause_openers: set(pack, "clause_openers.txt"),
            clause_verbs: set(pack, "clause_verbs.txt"),
            clause_links: set(pack, "clause_links.txt"),
            subordinators: set(pack, "subordinators.txt"),
            possessives: set(pack, "possessives.txt"),
            anonymous: phrases(pack, "anonymous_sources.txt"),
            statements: phrases(pack, "statement_nouns.txt"),
            conjunctions: phrases(pack, "quote_conjunctions.txt"),
            grammar: Grammar::new(pack, None)?,
            refs: coref::Words::new(pack)?,
            ..Lexicon::default()
        };
        let numbered = |file: &'static str| {
            pack.numbered_lines(file)
                .map(move |(n, l)| (n, l.split('\t').map(str::trim).collect::<Vec<_>>()))
        };
        for (n, cols) in numbered("quote_cues.tsv") {
            let kind = match cols.get(1).copied() {
                Some("verb") => CueKind::Verb,
                Some("prep") => CueKind::Prep,
                other => {
                    return Err(pack.error(
                        "quote_cues.tsv",
                        n,
                        format!("expected verb or prep, found {other:?}"),
                    ));
                }
            };
            lex.cues.insert(cols[0], kind);
            for flag in cols.get(2).into_iter().flat_map(|f| f.split(',')) {
                match flag.trim() {
                    "" => {}
                    "bare" => lex.bare_cues.insert(cols[0], ()),
                    "participle" => lex.participles.insert(cols[0], ()),
                    "object" => lex.object_verbs.insert(cols[0], ()),
                    "addressee" => lex.addressee_verbs.insert(cols[0], ()),
                    other => {
                        return Err(pack.error(
                            "quote_cues.tsv",
                            n,
                            format!(
                                "expected bare, participle, object or addressee in column 3, found {other:?}"
                            ),
                        ));
                    }
                }
            }
        }
        for (n, cols) in numbered("determiners.tsv") {
            let (Some(kind), Some(g)) = (cols.get(1), cols.get(2)) else {
                return Err(pack.error("determiners.tsv", n, "expected 3 columns"));
            };
            let det = Det {
                definite: match *kind {
                    "def" => true,
                    "indef" => false,
                    other => {
                        return Err(pack.error(
                            "determiners.tsv",
                            n,
                            format!("expected def or indef, found {other:?}"),
                        ));
                    }
                },
                gender: coref::gender(pack, "determiners.tsv", n, Some(g))?,
                plural: *g == "pl",
            };
            lex.determiners.insert(cols[0].to_lowercase(), det);
        }
        for actor in kb.actors() {
            for word in actor.demonyms.get(pack.code()).into_iter().flatten() {
                lex.demonyms.insert(fold(word), actor.id.clone());
            }
        }
        Ok(lex)
    }
}

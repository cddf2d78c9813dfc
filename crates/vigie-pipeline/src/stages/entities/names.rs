//! Finding and resolving names in one document's tokens.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use vigie_doc::{Block, EntityType, Layout, Span, Words};
use vigie_kb::{ActorId, KnowledgeBase, fold};

use super::lexicon::{Lexicon, Phrases, Shared, Speech};

/// Who a mention refers to.
#[derive(Debug, Clone, PartialEq)]
pub enum Identity {
    /// A knowledge-base actor.
    Actor(ActorId),
    /// A name the knowledge base does not know.
    Unknown {
        /// Its type.
        kind: EntityType,
        /// Its location subtype, when it is a place.
        subtype: Option<&'static str>,
        /// Its canonical name: the fullest form in the text.
        name: String,
    },
}

/// A resolved mention.
#[derive(Debug, Clone)]
pub struct Found {
    /// The mention, honorific included.
    pub span: Span,
    /// Who it is.
    pub identity: Identity,
    /// Role phrases attached to this mention.
    pub roles: Vec<Span>,
}

/// A token with what the passes need to know about it.
struct Tok<'t> {
    span: Span,
    text: &'t str,
    folded: &'t str,
    cap: bool,
    caps: bool,
    /// First token of a sentence or of a quotation: capitalised by grammar.
    opens: bool,
    /// Inside a paragraph written in Title Case (an English headline).
    title_case: bool,
    /// Right after "@" or "#": a handle or hashtag, never a name.
    tag: bool,
}

/// What a candidate currently refers to.
#[derive(Debug, Clone)]
enum Target {
    Actor(ActorId),
    Unknown {
        kind: EntityType,
        subtype: Option<&'static str>,
    },
    /// A lone capitalised word: a surname, a partial name, or nothing.
    Pending,
}

#[derive(Debug, Clone)]
struct Cand {
    first: usize,
    last: usize,
    /// Start byte, including an honorific before the name.
    start: usize,
    titled: bool,
    /// In a speaker's slot, next to a speech verb: a clue of a person.
    spoken: bool,
    target: Target,
}

/// Where a name that runs over linking words ends ([`Finder::linked_org`]).
struct LinkedName {
    last: usize,
    /// Whether it ran over a link: it is then an organisation, whatever its
    /// first and last words are.
    grew: bool,
    /// Whether it took in a known name, which is then no mention of its own.
    absorbs_known: bool,
}

/// Finds the names of one document.
pub struct Finder<'a> {
    text: &'a str,
    kb: &'a KnowledgeBase,
    lex: &'a Lexicon,
    shared: &'a Shared,
    toks: Vec<Tok<'a>>,
    /// Folded words the document also writes in lowercase: common nouns.
    lowercase: HashSet<&'a str>,
    /// Folded words the document capitalises inside a sentence: names, not
    /// sentence openers.
    capitalised_inside: HashSet<&'a str>,
    /// Tokens where a speaker's name ends before a speech verb ("Boehner
    /// told") or starts after one (« a déclaré Swiatek »).
    speaker_slot: Vec<bool>,
}

impl<'a> Finder<'a> {
    /// Prepares the tokens of a document.
    pub fn new(
        text: &'a str,
        layout: &'a Layout,
        words: &'a Words,
        kb: &'a KnowledgeBase,
        lex: &'a Lexicon,
        shared: &'a Shared,
    ) -> Self {
        let mut toks: Vec<Tok<'a>> = Vec::with_capacity(layout.tokens.len());
        let mut sentences = layout.sentences.iter().peekable();
        let mut paragraphs = layout.paragraphs.iter().peekable();
        let mut prev_end = 0;
        let mut para_title_case = false;
        for (i, &span) in layout.tokens.iter().enumerate() {
            let word = span.slice(text);
            let mut opens = false;
            while let Some(s) = sentences.peek() {
                if s.end <= span.start {
                    sentences.next();
                } else {
                    opens |= s.start >= prev_end && s.start <= span.start;
                    break;
                }
            }
            while let Some(p) = paragraphs.peek() {
                if p.span.end <= span.start {
                    paragraphs.next();
                } else {
                    if p.span.start >= prev_end && p.span.start <= span.start {
                        opens = true;
                        para_title_case =
                            p.block == Block::Title || is_title_case(p.span.slice(text));
                    }
                    break;
                }
            }
            let gap = text.get(prev_end..span.start).unwrap_or("");
            opens |= gap.contains(['«', '“', '"', ':', '—', '–', '(', '[', '•']);
            let cap = crate::text::is_capitalized(word);
            toks.push(Tok {
                span,
                text: word,
                folded: words.folded(i),
                cap,
                caps: crate::text::is_all_caps(word),
                opens,
                title_case: para_title_case,
                tag: gap.ends_with(['@', '#']),
            });
            prev_end = span.end;
        }
        // A web address ("reuters.com") writes a name in lowercase without
        // making it a common noun.
        let lowercase = toks
            .iter()
            .filter(|t| !t.cap && !in_web_address(text, t.span))
            .map(|t| t.folded)
            .collect();
        let capitalised_inside = toks
            .iter()
            .filter(|t| t.cap && !t.opens)
            .map(|t| t.folded)
            .collect();
        let speaker_slot = speaker_slots(&toks, text, &lex.speech);
        Finder {
            text,
            kb,
            lex,
            shared,
            toks,
            lowercase,
            capitalised_inside,
            speaker_slot,
        }
    }

    /// Whether a capitalised word in a speaker's slot can be a person's name:
    /// not an acronym (an organisation's), not after an article ("le Hamas a
    /// dit"), not a common noun, and, opening a sentence, capitalised inside
    /// one elsewhere too ("Officials said" names no one).
    fn plausible_speaker(&self, words: &[&str], first: usize) -> bool {
        let t = &self.toks[first];
        let after_article = first > 0 && self.lex.cues.articles.contains(words[first - 1]);
        !(t.caps || t.title_case || after_article || self.lowercase.contains(t.folded))
            && (!t.opens
                || self.after_closing_quote(first)
                || self.capitalised_inside.contains(t.folded))
    }

    /// Right after a quotation that ends with its punctuation (`…," Okonkwo
    /// told`): capitalised as a name, not as a sentence's first word.
    fn after_closing_quote(&self, i: usize) -> bool {
        let before = if i == 0 { "" } else { self.gap(i - 1, i) };
        before.starts_with([',', '.', '!', '?', '…']) && before.contains(['"', '”', '»'])
    }

    fn spoken(&self, first: usize, last: usize) -> bool {
        self.speaker_slot[first] || self.speaker_slot[last]
    }

    /// The untitled candidate that tokens `first..=last` make, with those
    /// tokens marked as taken so no later pass reads them again.
    fn claim(&self, covered: &mut [bool], first: usize, last: usize, target: Target) -> Cand {
        for flag in &mut covered[first..=last] {
            *flag = true;
        }
        Cand {
            first,
            last,
            start: self.toks[first].span.start,
            titled: false,
            spoken: false,
            target,
        }
    }

    fn gap(&self, a: usize, b: usize) -> &'a str {
        self.text
            .get(self.toks[a].span.end..self.toks[b].span.start)
            .unwrap_or("\n")
    }

    /// Words inside one name may be separated by a space, a hyphen or an
    /// apostrophe, or by a period after an initial ("U.S.", "John J. Sullivan").
    fn joinable(&self, a: usize, b: usize) -> bool {
        match self.gap(a, b) {
            " " | "-" | "'" | "’" | "\u{a0}" => true,
            "." | ". " => self.toks[a].text.chars().count() == 1,
            // "AT&T", "AT&T": an ampersand only joins capitals.
            "&" => [a, b]
                .iter()
                .all(|&k| self.toks[k].text.chars().all(|c| !c.is_lowercase())),
            _ => false,
        }
    }

    fn words(&self) -> Vec<&str> {
        self.toks.iter().map(|t| t.folded).collect()
    }

    /// Runs every pass and returns the resolved mentions in text order.
    pub fn find(self) -> Vec<Found> {
        let words = self.words();
        let roles = self.find_roles(&words);
        let mut in_role = vec![false; self.toks.len()];
        for r in &roles {
            for flag in &mut in_role[r.0..r.1] {
                *flag = true;
            }
        }
        let mut covered = vec![false; self.toks.len()];
        let mut cands = self.known_names(&words, &mut covered);
        self.unknown_names(&words, &roles, &in_role, &mut covered, &mut cands);
        cands.sort_by_key(|c| c.first);
        self.resolve(&words, roles, cands)
    }

    /// Role phrases as token ranges `[start, end)`, extended over the
    /// lowercase modifiers that follow ("chef de la diplomatie européenne").
    fn find_roles(&self, words: &[&str]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let Some(mut end) = self.role_at(words, i) else {
                i += 1;
                continue;
            };
            let len = end - i;
            // Extend over what qualifies the role: demonyms ("russe") and
            // complements ("de la diplomatie", "du gouvernement").
            let mut extra = 0;
            while end < self.toks.len() && extra < 6 && self.joinable(end - 1, end) {
                let t = &self.toks[end];
                let after_particle = self.lex.particles.contains(self.toks[end - 1].text);
                let qualifies = self.lex.particles.contains(t.text)
                    || self.shared.demonyms.contains(t.folded)
                    || (after_particle && !t.cap);
                if !qualifies {
                    break;
                }
                end += 1;
                extra += 1;
            }
            // Do not end on a particle: "ministre des" + name is "ministre".
            while end > i + len && self.lex.particles.contains(self.toks[end - 1].text) {
                end -= 1;
            }
            out.push((i, end));
            i = end;
        }
        out
    }

    /// The end of the longest role phrase starting at token `i`. Demonyms
    /// inside are skipped, so "ministre russe des Affaires étrangères" is
    /// the role "ministre des Affaires étrangères".
    fn role_at(&self, words: &[&str], i: usize) -> Option<usize> {
        if !self.lex.roles.starts_with_word(words[i]) {
            return None;
        }
        let mut key = String::new();
        let mut best = None;
        let mut j = i;
        let mut taken = 0;
        while j < words.len() && taken < 8 {
            if j > i {
                if !self.joinable(j - 1, j) {
                    break;
                }
                if self.shared.demonyms.contains(words[j]) {
                    j += 1;
                    continue;
                }
                key.push(' ');
            }
            key.push_str(words[j]);
            taken += 1;
            if self.lex.roles.contains(&key) {
                best = Some(j + 1);
            }
            j += 1;
        }
        best
    }

    /// Knowledge-base names, longest first.
    fn known_names(&self, words: &[&str], covered: &mut [bool]) -> Vec<Cand> {
        let mut out = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < self.toks.len() {
            let mut best: Option<(usize, ActorId)> = None;
            // "au Parisien", "du Monde": a contraction holds the article
            // that opens the name ("Le Parisien"), which is tried with it,
            // unless a capitalised word before makes it part of another name
            // ("Coupe du Monde").
            let article = (i > 0
                && self.toks[i].cap
                && self.gap(i - 1, i) == " "
                && !(i > 1 && self.toks[i - 2].cap))
                .then(|| self.lex.cues.contractions.get(words[i - 1]))
                .flatten()
                .map(String::as_str);
            for prefix in std::iter::once(None).chain(article.map(Some)) {
                key.clear();
                let longest = match prefix {
                    Some(article) => self.kb.longest_starting_with(article).map(|l| l - 1),
                    None => self.kb.longest_starting_with(words[i]),
                }
                .unwrap_or(0);
                if let Some(article) = prefix {
                    key.push_str(article);
                    key.push(' ');
                }
                for n in 0..longest.min(self.toks.len() - i) {
                    let j = i + n;
                    if n > 0 {
                        if !self.joinable(j - 1, j) {
                            break;
                        }
                        key.push(' ');
                    }
                    key.push_str(words[j]);
                    if let Some(actor) = self.accept_known(&key, i, j)
                        && best.is_none_or(|(end, _)| j > end)
                    {
                        best = Some((j, actor));
                    }
                }
            }
            let Some((last, actor)) = best else {
                i += 1;
                continue;
            };
            let kind = self.kb.actor(actor).kind;
            // "Commission de l'Uemoa": a head noun the knowledge base
            // knows alone ("Commission") is not that actor when a
            // complement names another institution.
            if kind == EntityType::Organization
                && i == last
                && self.lex.org_words.contains(words[i])
                && self.compound_at(words, i, covered).is_some()
            {
                i = last + 1;
                continue;
            }
            // "Renault-Nissan", "Renault-Nissan": an organisation joined by
            // a hyphen to a name the knowledge base lacks is a merged one.
            let next = last + 1;
            if kind == EntityType::Organization
                && next < self.toks.len()
                && self.gap(last, next) == "-"
                && self.toks[next].cap
                && self.kb.lookup_folded(words[next]).is_empty()
            {
                let org = Target::Unknown {
                    kind: EntityType::Organization,
                    subtype: None,
                };
                out.push(self.claim(covered, i, next, org));
                i = next + 1;
                continue;
            }
            let place = kind == EntityType::Location;
            let blocked = place && self.blocked_place(words, i, last);
            if place && !blocked && self.surname_of_person(words, i, last, covered) {
                // Left to the unknown names, which read it as a person's name.
                i = last + 1;
                continue;
            }
            if place
                && !blocked
                && let Some((first, end)) = self.place_in_name(words, i, last, covered)
            {
                let org = Target::Unknown {
                    kind: EntityType::Organization,
                    subtype: None,
                };
                out.push(self.claim(covered, first, end, org));
                i = end + 1;
                continue;
            }
            if !blocked {
                out.push(Cand {
                    first: i,
                    last,
                    start: self.toks[i].span.start,
                    titled: false,
                    spoken: false,
                    target: Target::Actor(actor),
                });
            }
            for flag in &mut covered[i..=last] {
                *flag = true;
            }
            i = last + 1;
        }
        out
    }

    /// The actor a run of tokens names, if its surface passes the case rules.
    fn accept_known(&self, key: &str, first: usize, last: usize) -> Option<ActorId> {
        let ids = self.kb.lookup_folded(key);
        if ids.is_empty() {
            return None;
        }
        let surface = &self.toks[first..=last];
        if surface[0].tag {
            return None;
        }
        let long = last - first >= 2 && surface.iter().any(|t| t.cap);
        if !(surface[0].cap || long) {
            return None;
        }
        // "Réunion" opening a sentence in a text about a "réunion" is the noun.
        if first == last && surface[0].opens && !surface[0].caps && self.lowercase.contains(key) {
            return None;
        }
        let all_caps = surface.iter().all(|t| {
            t.caps || t.text.chars().count() == 1 || t.text.chars().all(|c| !c.is_alphabetic())
        });
        // The first content word must be capitalised: "La Réunion" is the
        // island, "La réunion" opening a sentence is a meeting.
        let content = surface.iter().find(|t| {
            !self.lex.non_names.contains(t.folded) && !self.lex.particles.contains(t.folded)
        });
        if !long && content.is_some_and(|t| !t.cap) {
            return None;
        }
        let acronym_only = self.shared.acronym_only.get(key);
        ids.iter()
            .copied()
            .find(|id| all_caps || !acronym_only.is_some_and(|a| a.contains(id)))
    }

    /// A place name that is a person's surname or given name here: after a
    /// given name or an honorific ("Nathan Israël", "M. Israël"), or a
    /// given name itself before a surname ("Jordan Martin").
    fn surname_of_person(
        &self,
        words: &[&str],
        first: usize,
        last: usize,
        covered: &[bool],
    ) -> bool {
        let given_before = first > 0
            && !covered[first - 1]
            && self.toks[first - 1].cap
            && self.gap(first - 1, first) == " "
            && self.shared.given_names.contains(words[first - 1])
            && self.is_name_word(first - 1);
        let titled = self.title_before(words, first).0;
        let next = last + 1;
        let given_itself = first == last
            && self.shared.given_names.contains(words[first])
            && next < self.toks.len()
            && self.gap(last, next) == " "
            && self.is_name_word(next)
            && self.kb.lookup_folded(words[next]).is_empty();
        given_before
            || titled
            || given_itself
            || self.place_as_given_name(words, first, last, covered)
    }

    /// Where bare capitalised pairs are people, a one-word place name that
    /// also serves as a given name, before one more capitalised word in
    /// running text and after no article or preposition, is a person's
    /// ("Jordan Martin"); bigger names follow "le", "à" ("le Lisbonne
    /// Saint-Vincent", "à Manchester City").
    fn place_as_given_name(
        &self,
        words: &[&str],
        first: usize,
        last: usize,
        covered: &[bool],
    ) -> bool {
        let next = last + 1;
        if !self.lex.unknown_pairs_are_people
            || first != last
            || next >= self.toks.len()
            || self.gap(last, next) != " "
            || covered[next]
            || !self.is_name_word(next)
            || self.toks[next].caps
            || !self.kb.lookup_folded(words[next]).is_empty()
            || self.toks[first].opens
            || self.toks[first].title_case
        {
            return false;
        }
        // Only two words: "France Bleu Mayenne" is a bigger name.
        let third =
            next + 1 < self.toks.len() && self.joinable(next, next + 1) && self.toks[next + 1].cap;
        let cues = &self.lex.cues;
        let after_function_word = first > 0
            && !self.toks[first - 1].cap
            && self.gap(first - 1, first) == " "
            && (cues.articles.contains(words[first - 1])
                || cues.definite.contains(words[first - 1])
                || self.lex.particles.contains(words[first - 1])
                || cues.place_before.starts_with_word(words[first - 1])
                || cues.org_before.starts_with_word(words[first - 1]));
        !third && !after_function_word
    }

    /// A place name run together with other capitalised words that are no
    /// name of their own is part of a bigger name, an organisation's: "Air
    /// Norvège", "FC Lisbonne", "Lisbonne Saint-Vincent", "Berlin Daily Post". Returns the bigger name's token range: one
    /// word before, or at most two after ("FC Lisbonne | Jean Martin").
    fn place_in_name(
        &self,
        words: &[&str],
        first: usize,
        last: usize,
        covered: &[bool],
    ) -> Option<(usize, usize)> {
        if self.toks[first].title_case || self.toks[first].caps {
            return None;
        }
        let free = |k: usize, after_hyphen: bool| {
            !covered[k]
                && self.is_name_word(k)
                && (after_hyphen || !self.toks[k].caps)
                && (after_hyphen || !self.shared.given_names.contains(words[k]))
                && !self.lex.place_words.contains(words[k])
                && !self.lowercase.contains(words[k])
                && self.kb.lookup_folded(words[k]).is_empty()
        };
        // A head noun in capitals before it counts too ("FC Lisbonne").
        let before = first > 0
            && self.gap(first - 1, first) == " "
            && (free(first - 1, false)
                || (self.toks[first - 1].caps
                    && !covered[first - 1]
                    && self.lex.org_words.contains(words[first - 1])));
        let mut end = last;
        // After a word before, only a hyphenated part follows ("Renault-Nissan").
        while end + 1 < self.toks.len()
            && end < last + 2
            && match self.gap(end, end + 1) {
                " " => !before,
                "-" => before || end > last,
                _ => false,
            }
            && free(end + 1, self.gap(end, end + 1) == "-")
        {
            end += 1;
        }
        if !before && end == last {
            return None;
        }

        Some((if before { first - 1 } else { first }, end))
    }

    /// "accords de Minsk", "Minsk agreements", "format Normandie": not the place.
    fn blocked_place(&self, words: &[&str], first: usize, last: usize) -> bool {
        let before = self.lex.blockers_before.ending_at(words, first).is_some();
        let after = last + 1 < words.len() && self.lex.blockers_after.starting_at(words, last + 1);
        before || after
    }

    fn is_particle(&self, i: usize) -> bool {
        let t = &self.toks[i];
        self.lex.particles.contains(t.text)
            || (t.cap && !t.caps && self.lex.particles.contains(t.folded))
    }

    /// "Confédération Ignazio Cassis": a name that runs into a given name
    /// after a word that is not one is two names; returns the first's end.
    /// Only after a head noun, a common noun of the document or a name
    /// opened by an article ("à l'Industrie Claire Dumas") does a
    /// given name start another name: "Adjoa Silas Kra" is one person.
    fn split_at_given_name(&self, first: usize, last: usize) -> usize {
        let article = first > 0 && self.lex.cues.articles.contains(self.toks[first - 1].folded);
        ((first + 1)..=last)
            .find(|&k| {
                let before = self.toks[k - 1].folded;
                self.gap(k - 1, k) == " "
                    && self.shared.given_names.contains(self.toks[k].folded)
                    && !self.shared.given_names.contains(before)
                    && (article
                        || self.lex.org_words.contains(before)
                        || self.lex.place_words.contains(before)
                        || self.lowercase.contains(before))
                    && k < last
            })
            .map_or(last, |k| k - 1)
    }

    /// "Seine-et-Marne", "Stratford-upon-Avon", "Saint-Germain-en-Laye": one
    /// written word of capitalised parts joined through lowercase particles
    /// is a place name (communes, départements, towns), known parts or not.
    fn hyphenated_place(&self, words: &[&str], i: usize) -> Option<usize> {
        let n = self.toks.len();
        if !self.toks[i].cap || (i > 0 && self.gap(i - 1, i) == "-") {
            return None;
        }
        let mut last = i;
        let mut particle = false;
        while last + 1 < n && self.gap(last, last + 1) == "-" {
            let t = &self.toks[last + 1];
            if !t.cap {
                let short = t.text.chars().count() <= 3 && t.text.chars().all(char::is_alphabetic);
                if !(short || self.lex.particles.contains(words[last + 1])) {
                    return None;
                }
                particle = true;
            }
            last += 1;
        }
        (particle && self.toks[last].cap).then_some(last)
    }

    /// "le président de la CSE Jordan Martin": an acronym named after an
    /// article or a particle is complete; the capitalised words after it
    /// are another name.
    fn acronym_then_name(&self, words: &[&str], first: usize, last: usize, next: usize) -> bool {
        let cues = &self.lex.cues;
        last == first
            && first > 0
            && self.toks[first].caps
            && !self.toks[next].caps
            && self.gap(last, next) == " "
            && (cues.articles.contains(words[first - 1])
                || cues.definite.contains(words[first - 1])
                || self.lex.particles.contains(words[first - 1]))
    }

    /// "CFDT-CGT-FO": acronyms joined by hyphens are a list of names, while
    /// "Q-Park" (a one-letter part) is one.
    fn acronym_list(&self, a: usize, b: usize) -> bool {
        let long_caps = |k: usize| {
            self.toks[k].caps
                && self.toks[k]
                    .text
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count()
                    >= 2
        };
        self.gap(a, b) == "-" && long_caps(a) && long_caps(b)
    }

    /// What the words around an unknown name say it is: an organisation
    /// after "le groupe", "chez" or before "Inc", "'s chief executive"; a
    /// place after a locative ("à", "près de", "in") or joined by "et" to a
    /// place, or in brackets right after one ("Meaux (Seine-et-Marne)"),
    /// or a dateline in capitals before a known place ("LIMASSOL, Cyprus").
    fn context_kind(
        &self,
        words: &[&str],
        first: usize,
        last: usize,
        kind_end: &[Option<EntityType>],
    ) -> Option<EntityType> {
        let cues = &self.lex.cues;
        // Back over determiners and demonyms ("le groupe japonais Toyota").
        // The cue's words, the determiners and the name follow one another
        // inside one clause; the cue may end on a determiner ("patron des")
        // or before it ("le groupe japonais").
        // Only an organisation cue reaches over a demonym or an adjective:
        // "à l'Américaine Jane Doe" is no place.
        let joined_cue = |p: &Phrases, qualified: bool| {
            let mut j = first;
            loop {
                if j == 0 || !self.joinable(j - 1, j) {
                    return false;
                }
                let found = p
                    .ending_at(words, j)
                    .is_some_and(|len| ((j + 1 - len)..j).all(|k| self.joinable(k - 1, k)));
                if found {
                    return true;
                }
                // One lowercase adjective may stand between the cue and the
                // name ("l'entreprise pharmaceutique Sanofi"), not a
                // preposition or a determiner.
                let w = words[j - 1];
                let adjective = j == first
                    && w.chars().count() >= 4
                    && !self.lex.particles.contains(w)
                    && !cues.place_before.starts_with_word(w)
                    && !self.lex.locatives.starts_with_word(w);
                let skippable = cues.articles.contains(w)
                    || (qualified && (self.shared.demonyms.contains(w) || adjective));
                if first - j >= 3 || !skippable || self.toks[j - 1].cap {
                    return false;
                }
                j -= 1;
            }
        };
        if joined_cue(&cues.org_before, true) {
            return Some(EntityType::Organization);
        }
        let next = last + 1;
        if next < words.len()
            && matches!(self.gap(last, next), " " | "'" | "’" | "\u{a0}")
            && cues.org_after.starting_at(words, next)
        {
            return Some(EntityType::Organization);
        }
        if joined_cue(&cues.place_before, false) {
            return Some(EntityType::Location);
        }
        if next < words.len()
            && self.gap(last, next) == " "
            && cues.place_after.starting_at(words, next)
        {
            return Some(EntityType::Location);
        }
        // Coordinated with a place or an organisation, of the same kind:
        // "à Dinan et Vitré", "le SPD ainsi que Volt et Linke".
        let lead = if first > 0 && cues.articles.contains(words[first - 1]) {
            first - 1
        } else {
            first
        };
        if lead > 0
            && self.joinable(lead - 1, lead)
            && let Some(len) = cues.coordinators.ending_at(words, lead)
            && lead > len
            && self.gap(lead - len - 1, lead - len) == " "
            && let Some(kind) = kind_end[lead - len - 1]
            && (kind == EntityType::Organization || lead == first)
        {
            // "la Chine et l'Occident": a place is coordinated bare.
            return Some(kind);
        }
        // Inside a list: "Dinan, Vitré et Fougères", "(Gombe, Limete,
        // Ngaliema)", "le SPD, la CDU, la FDP"; a comma alone before
        // a clause is no list.
        let listed = next >= words.len()
            || matches!(self.gap(last, next).trim(), "," | ")")
            || (self.gap(last, next) == " " && cues.coordinators.starting_at(words, next));
        let one_word = (first..last).all(|k| self.gap(k, k + 1) != " ");
        if (one_word || lead < first)
            && lead >= 1
            && self.gap(lead - 1, lead) == ", "
            && listed
            && let Some(kind) = kind_end[lead - 1]
        {
            return Some(kind);
        }
        // A dateline in brackets opening a paragraph: "(Rimouski) Le maire a…".
        let gap_before = if first == 0 {
            "("
        } else {
            self.gap(first - 1, first)
        };
        if !self.toks[first].caps
            && first == last
            && gap_before.ends_with('(')
            && (first == 0 || gap_before.contains('\n'))
            && next < words.len()
            && self.gap(last, next).starts_with(')')
        {
            return Some(EntityType::Location);
        }
        // An acronym in brackets is the name before it, abbreviated.
        if first >= 1
            && kind_end[first - 1] == Some(EntityType::Location)
            && self.gap(first - 1, first).trim() == "("
            && !self.toks[first].caps
        {
            return Some(EntityType::Location);
        }
        let dateline = self.toks[first].opens
            && self.toks[first..=last].iter().all(|t| t.caps)
            && next < words.len()
            && self.gap(last, next).trim() == ","
            && self
                .kb
                .lookup_folded(words[next])
                .iter()
                .any(|&a| self.kb.actor(a).kind == EntityType::Location);
        dateline.then_some(EntityType::Location)
    }

    /// Model and product names ("S-400", "SU-35") are not names of actors.
    fn is_model_name(&self, i: usize) -> bool {
        let rest = self.text.get(self.toks[i].span.end..).unwrap_or_default();
        rest.starts_with('-')
            && rest
                .get(1..)
                .unwrap_or_default()
                .starts_with(|c: char| c.is_ascii_digit())
    }

    fn is_name_word(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let w = t.folded;
        t.cap
            && !t.tag
            && !t.text.chars().next().is_some_and(|c| c.is_ascii_digit())
            && !self.is_model_name(i)
            && !self.lex.non_names.contains(w)
            && !self.lex.titles.contains(w)
            && !self.lex.roles.contains(w)
            && !self.shared.demonyms.contains(w)
    }

    /// A name word, or a capitalised demonym inside an organisation's name:
    /// "Royal Swedish Academy", "French Interior Ministry". A demonym alone
    /// or before a person ("French President") is no part of a name.
    fn is_org_name_word(&self, words: &[&str], i: usize) -> bool {
        if self.is_name_word(i) {
            return true;
        }
        let t = &self.toks[i];
        if !(t.cap && self.shared.demonyms.contains(t.folded)) {
            return false;
        }
        let mut k = i;
        while k + 1 < self.toks.len()
            && self.gap(k, k + 1) == " "
            && self.toks[k + 1].cap
            && (self.is_name_word(k + 1) || self.shared.demonyms.contains(words[k + 1]))
        {
            k += 1;
        }
        k > i && self.lex.org_words.contains(words[k])
    }

    /// The end of an organisation's name that runs on over linking words:
    /// "Department of Health", "Atomic Energy Organization of Iran" (a link
    /// after a head noun), "Food and Drug Administration" (a conjunction
    /// before two words or more ending in a head noun, or after a link).
    fn linked_org(
        &self,
        words: &[&str],
        first: usize,
        mut last: usize,
        covered: &[bool],
        in_role: &[bool],
        known_last: &[Option<usize>],
    ) -> LinkedName {
        let n = self.toks.len();
        let cues = &self.lex.cues;
        let mut head = (first..=last).any(|k| self.lex.org_words.contains(words[k]));
        let mut grew = false;
        let mut conjoined = false;
        let mut absorbs_known = false;
        loop {
            let link = last + 1;
            if link >= n || self.gap(last, link) != " " || self.toks[link].cap {
                return LinkedName {
                    last,
                    grew,
                    absorbs_known,
                };
            }
            let after_head = head && cues.org_links.contains(words[link]);
            let conjunction = cues.org_conjunctions.contains(words[link]);
            if !(after_head || conjunction) {
                return LinkedName {
                    last,
                    grew,
                    absorbs_known,
                };
            }
            let mut start = link + 1;
            if after_head
                && start < n
                && self.gap(link, start) == " "
                && cues.articles.contains(words[start])
            {
                start += 1;
            }
            if start >= n || self.gap(start - 1, start) != " " {
                return LinkedName {
                    last,
                    grew,
                    absorbs_known,
                };
            }
            // The right part: capitalised name words, or a known name after
            // a head's link ("Organization of Iran").
            let known = known_last[start].filter(|_| after_head);
            let right_last = match known {
                Some(known_last) => known_last,
                None => {
                    let mut end = start;
                    while end < n
                        && (end == start || self.gap(end - 1, end) == " ")
                        && !covered[end]
                        && !in_role[end]
                        && self.is_org_name_word(words, end)
                    {
                        end += 1;
                    }
                    if end == start {
                        return LinkedName {
                            last,
                            grew,
                            absorbs_known,
                        };
                    }
                    end - 1
                }
            };
            let right_head = self.lex.org_words.contains(words[right_last]);
            // After a link has carried the name on, a conjunction does too:
            // "Centers for Disease Control and Prevention".
            let carried = grew && !conjoined;
            if !(after_head || (conjunction && ((right_head && right_last > start) || carried))) {
                return LinkedName {
                    last,
                    grew,
                    absorbs_known,
                };
            }
            conjoined |= conjunction;
            absorbs_known |= known.is_some();
            head |= right_head;
            grew = true;
            last = right_last;
        }
    }

    /// Capitalised sequences the knowledge base does not know.
    fn unknown_names(
        &self,
        words: &[&str],
        roles: &[(usize, usize)],
        in_role: &[bool],
        covered: &mut [bool],
        cands: &mut Vec<Cand>,
    ) {
        let n = self.toks.len();
        // Tokens ending a place or an organisation, for lists ("à Dinan et
        // Vitré") and "Meaux (Seine-et-Marne)".
        let mut kind_end: Vec<Option<EntityType>> = vec![None; n];
        for c in cands.iter() {
            if let Target::Actor(a) = c.target
                && matches!(
                    self.kb.actor(a).kind,
                    EntityType::Location | EntityType::Organization
                )
            {
                kind_end[c.last] = Some(self.kb.actor(a).kind);
            }
        }
        // Where each known name that starts at a token ends, for names of
        // institutions that take one in ("Bank of England").
        let mut known_last: Vec<Option<usize>> = vec![None; n];
        for c in cands.iter() {
            if matches!(c.target, Target::Actor(_)) {
                known_last[c.first] = Some(c.last);
            }
        }
        // Token ranges of compounds that swallow known names ("tribunal
        // correctionnel de Paris"): those names are dropped once, at the end,
        // so the pass stays linear.
        let mut absorbed: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < n {
            if let Some(last) = self.hyphenated_place(words, i)
                && covered[i..=last].iter().any(|c| !c)
            {
                absorbed.push((i, last));
                kind_end[last] = Some(EntityType::Location);
                let place = Target::Unknown {
                    kind: EntityType::Location,
                    subtype: Some("other"),
                };
                cands.push(self.claim(covered, i, last, place));
                i = last + 1;
                continue;
            }
            if !covered[i]
                && let Some((last, target)) = self.compound_at(words, i, covered)
            {
                if let Target::Unknown { kind, .. } = target {
                    kind_end[last] = Some(kind);
                }
                absorbed.push((i, last));
                cands.push(self.claim(covered, i, last, target));
                i = last + 1;
                continue;
            }
            if covered[i] || in_role[i] || !self.is_org_name_word(words, i) {
                i += 1;
                continue;
            }
            let mut last = i;
            // Whether the name so far has two words apart: kept as it grows,
            // so a long run costs its length.
            let mut full = false;
            loop {
                let next = last + 1;
                if next >= n || covered[next] || in_role[next] {
                    break;
                }
                if self.joinable(last, next)
                    && self.is_org_name_word(words, next)
                    && self.gap(last, next) != "'"
                    && !self.acronym_list(last, next)
                    && !self.acronym_then_name(words, i, last, next)
                {
                    full |= self.gap(last, next) == " ";
                    last = next;
                    continue;
                }
                // Particles inside a name, possibly several and capitalised:
                // "Ursula von der Leyen", "Jean-Yves Le Drian".
                // A full name does not run across "de la" into another one:
                // "Jean Martin | de la Juventa".
                if full && self.lex.cues.split_particles.contains(words[next]) {
                    break;
                }
                let mut k = next;
                while k < n && !covered[k] && self.joinable(k - 1, k) && self.is_particle(k) {
                    k += 1;
                }
                if k > next
                    && k < n
                    && !covered[k]
                    && self.joinable(k - 1, k)
                    && self.is_name_word(k)
                {
                    full |= (last..k).any(|j| self.gap(j, j + 1) == " ");
                    last = k;
                } else {
                    break;
                }
            }
            let last = self.split_at_given_name(i, last);
            let linked = self.linked_org(words, i, last, covered, in_role, &known_last);
            let last = linked.last;
            if linked.absorbs_known {
                absorbed.push((i, last));
            }
            for flag in &mut covered[i..=last] {
                *flag = true;
            }
            // A known person followed by more of their name ("Josep Borrell Fontelles").
            if let Some(prev) = cands.last_mut()
                && prev.last + 1 == i
                && self.gap(prev.last, i) == " "
                && matches!(prev.target, Target::Actor(a) if self.kb.actor(a).kind == EntityType::Person)
            {
                prev.last = last;
                i = last + 1;
                continue;
            }
            let (titled, title_start) = self.title_before(words, i);
            let role_before = roles
                .iter()
                .any(|r| r.1 == i && (r.1 == 0 || self.gap(r.1 - 1, i).trim() == ""));
            let context = self.context_kind(words, i, last, &kind_end);
            let target = if linked.grew {
                Target::Unknown {
                    kind: EntityType::Organization,
                    subtype: None,
                }
            } else {
                let spoken = self.spoken(i, last) && self.plausible_speaker(words, i);
                self.classify(words, i, last, titled || role_before, spoken, context)
            };
            if let Target::Unknown { kind, .. } = target
                && kind != EntityType::Person
            {
                kind_end[last] = Some(kind);
            }
            let start = title_start.unwrap_or(self.toks[i].span.start);
            cands.push(Cand {
                first: i,
                last,
                start,
                titled,
                spoken: self.spoken(i, last),
                target,
            });
            i = last + 1;
        }
        // The ranges are disjoint and in text order; a compound's own
        // candidate has exactly its range and stays.
        if !absorbed.is_empty() {
            cands.retain(|c| {
                let k = absorbed.partition_point(|r| r.1 < c.first);
                absorbed
                    .get(k)
                    .is_none_or(|&r| r.0 > c.last || r == (c.first, c.last))
            });
        }
    }

    /// A head noun joined by a particle to a name: "Zénith de Paris",
    /// "Commission de l'UA", "stade d'Olembé". The compound is one place or
    /// organisation, and a known name inside it is not a mention of its own.
    /// A lowercase head ("stade") only joins a name the knowledge base does
    /// not know, so "le palais de l'Élysée" stays the Élysée.
    fn compound_at(&self, words: &[&str], i: usize, covered: &[bool]) -> Option<(usize, Target)> {
        let n = self.toks.len();
        let place = self.lex.place_words.contains(words[i]);
        let institution = !self.toks[i].cap && self.lex.cues.institutions.contains(words[i]);
        let org = (self.toks[i].cap && self.lex.org_words.contains(words[i])) || institution;
        if !(place || org) {
            return None;
        }
        // Up to two adjectives after an organisation's head: "Parti radical
        // du Valais", "tribunal correctionnel de Lille".
        let mut k = i + 1;
        while org
            && k < n
            && k < i + 3
            && self.gap(k - 1, k) == " "
            && !self.toks[k].cap
            && self.toks[k].text.chars().all(char::is_alphabetic)
            && !self.lex.particles.contains(words[k])
            && !self.lex.cues.articles.contains(words[k])
        {
            k += 1;
        }
        let after_head = k;
        while k < n && self.joinable(k - 1, k) && self.lex.particles.contains(self.toks[k].folded) {
            k += 1;
        }
        if k == after_head || k >= n || !self.joinable(k - 1, k) {
            return None;
        }
        // "Tribunal de commerce", "Cour de sûreté de l'État": a
        // capitalised head inside a sentence names an institution with a
        // common noun.
        let common = !self.toks[k].cap;
        if common
            && !(org
                && self.toks[i].cap
                && !self.toks[i].opens
                && self.toks[k].text.chars().all(char::is_alphabetic)
                && !self.lex.particles.contains(words[k]))
        {
            return None;
        }
        if !self.toks[i].cap && covered[k] && !institution {
            return None;
        }
        let mut last = k;
        loop {
            while last + 1 < n
                && self.joinable(last, last + 1)
                && self.toks[last + 1].cap
                && self.gap(last, last + 1) != "'"
            {
                last += 1;
            }
            // An institution's name runs on over its complements: "Cour de
            // Justice de la République".
            let mut p = last + 1;
            while org && p < n && self.joinable(p - 1, p) && self.lex.particles.contains(words[p]) {
                p += 1;
            }
            // A known place inside an institution's name is part of it
            // ("Parti socialiste du Sénégal").
            if p > last + 1
                && p < n
                && self.joinable(p - 1, p)
                && (self.is_name_word(p) || (org && self.toks[p].cap && !self.toks[p].tag))
                && (org || !covered[p])
            {
                last = p;
            } else {
                break;
            }
        }
        // A common noun ends the name only where the phrase ends: "Parlement
        // de désigner" is a verb's complement.
        if common && last + 1 < n && self.gap(last, last + 1) == " " && !self.toks[last + 1].cap {
            return None;
        }
        let target = if place {
            Target::Unknown {
                kind: EntityType::Location,
                subtype: Some("other"),
            }
        } else {
            Target::Unknown {
                kind: EntityType::Organization,
                subtype: None,
            }
        };
        Some((last, target))
    }

    /// An honorific right before token `i` ("M. Lavrov", "M.Kozak", "Mr Putin").
    fn title_before(&self, words: &[&str], i: usize) -> (bool, Option<usize>) {
        if i == 0 {
            return (false, None);
        }
        let Some(len) = self.lex.titles.ending_at(words, i) else {
            return (false, None);
        };
        let t = i - len;
        if !self.toks[t].cap || !matches!(self.gap(i - 1, i), " " | "." | ". " | "\u{a0}") {
            return (false, None);
        }
        (true, Some(self.toks[t].span.start))
    }

    /// Types an unknown name from its words and context. A name with no
    /// clue is left pending: capitalised phrases in English text ("Cold
    /// War") are too often not names for a guess to pay.
    fn classify(
        &self,
        words: &[&str],
        first: usize,
        last: usize,
        person_cue: bool,
        spoken: bool,
        context: Option<EntityType>,
    ) -> Target {
        let (head, tail) = (words[first], words[last]);
        let by_context = |kind: EntityType| Target::Unknown {
            kind,
            subtype: (kind == EntityType::Location).then_some("other"),
        };
        // "la Franco-italienne": a capital before a lowercase part is no name.
        let next = last + 1;
        if next < self.toks.len() && self.gap(last, next) == "-" && !self.toks[next].cap {
            return Target::Pending;
        }
        // One written word ("Haute-Savoie", "Saint-Malo") is no full name.
        let one_word = (first..last).all(|k| self.gap(k, k + 1) != " ");
        // A capital inside a word ("ArcelorMittal", "BioNTech") is a brand's.
        let camel = !person_cue && self.toks[first..=last].iter().any(|t| camel_case(t.text));
        if camel {
            return by_context(EntityType::Organization);
        }
        if one_word {
            return if person_cue {
                Target::Unknown {
                    kind: EntityType::Person,
                    subtype: None,
                }
            } else if let Some(kind) = context
                && !self.shouting(first)
                && !(next < self.toks.len() && self.toks[next].cap && self.gap(last, next) == " ")
                && !self.lowercase.contains(head)
                && !self.lex.org_words.contains(head)
                && !self.lex.place_words.contains(head)
            {
                by_context(kind)
            } else if first < last
                && self.toks[first..=last]
                    .iter()
                    .all(|t| t.text.chars().all(|c| !c.is_lowercase()))
                && !self.toks[first].title_case
            {
                // "Q-Park", "AT&T": an acronym in parts.
                by_context(EntityType::Organization)
            } else {
                Target::Pending
            };
        }
        // Prizes, competitions and events are no entity: "Prix Goncourt".
        if self.lex.cues.not_entities.contains(head) {
            return Target::Pending;
        }
        if self.lex.org_words.contains(head) || self.lex.org_words.contains(tail) {
            return Target::Unknown {
                kind: EntityType::Organization,
                subtype: None,
            };
        }
        if self.lex.place_words.contains(head) || self.lex.place_words.contains(tail) {
            return Target::Unknown {
                kind: EntityType::Location,
                subtype: Some("other"),
            };
        }
        if person_cue || spoken || self.shared.given_names.contains(head) {
            return Target::Unknown {
                kind: EntityType::Person,
                subtype: None,
            };
        }
        if let Some(kind) = context {
            return by_context(kind);
        }
        // Persons are not named after an article ("la Juventa Ravel").
        let article = first > 0 && self.lex.cues.articles.contains(words[first - 1]);
        let plain = !self.toks[first].opens
            && !article
            && last - first < 3
            && self.toks[first..=last].iter().all(|t| !t.caps);
        let definite = first > 0 && self.lex.cues.definite.contains(words[first - 1]);
        if definite && self.lex.article_names_are_organisations && !self.toks[first].title_case {
            return by_context(EntityType::Organization);
        }
        if plain && self.lex.unknown_pairs_are_people && !self.toks[first].title_case {
            return Target::Unknown {
                kind: EntityType::Person,
                subtype: None,
            };
        }
        Target::Pending
    }

    /// Lone words, metonymy and roles: the final identities.
    fn resolve(
        &self,
        words: &[&str],
        roles: Vec<(usize, usize)>,
        mut cands: Vec<Cand>,
    ) -> Vec<Found> {
        // A full name left untyped ("Iga Swiatek" opening an article) is a
        // person when its last word speaks alone elsewhere ("a déclaré
        // Swiatek").
        let speakers: HashSet<&str> = cands
            .iter()
            .filter(|c| c.first == c.last && c.spoken && self.plausible_speaker(words, c.first))
            .filter(|c| !matches!(c.target, Target::Actor(_)))
            .map(|c| words[c.first])
            .collect();
        if !speakers.is_empty() {
            for c in cands.iter_mut() {
                if c.first < c.last
                    && matches!(c.target, Target::Pending)
                    && speakers.contains(words[c.last])
                    && !self.toks[c.first].caps
                {
                    c.target = Target::Unknown {
                        kind: EntityType::Person,
                        subtype: None,
                    };
                }
            }
        }
        // Surnames and first words of the document's full names.
        let mut surnames: HashMap<String, HashSet<usize>> = HashMap::default();
        let mut heads: HashMap<String, HashSet<usize>> = HashMap::default();
        // An actor's names are folded once per document, not once per mention.
        let mut actor_surnames: HashMap<ActorId, Vec<String>> = HashMap::default();
        for (k, c) in cands.iter().enumerate() {
            let multi = c.last > c.first;
            match &c.target {
                Target::Actor(a) if self.kb.actor(*a).kind == EntityType::Person => {
                    let of_actor = actor_surnames.entry(*a).or_insert_with(|| {
                        self.kb
                            .actor(*a)
                            .all_names()
                            .filter_map(|name| fold(name).rsplit(' ').next().map(str::to_owned))
                            .collect()
                    });
                    for s in of_actor.iter() {
                        surnames.entry(s.clone()).or_default().insert(k);
                    }
                    if multi {
                        surnames
                            .entry(words[c.last].to_owned())
                            .or_default()
                            .insert(k);
                    }
                }
                Target::Unknown {
                    kind: EntityType::Person,
                    ..
                } if multi => {
                    surnames
                        .entry(words[c.last].to_owned())
                        .or_default()
                        .insert(k);
                }
                Target::Actor(_)
                | Target::Unknown {
                    kind: EntityType::Organization,
                    ..
                } if multi => {
                    heads
                        .entry(words[c.first].to_owned())
                        .or_default()
                        .insert(k);
                }
                _ => {}
            }
        }
        let identity_of = |k: usize| -> Option<Identity> {
            let c = &cands[k];
            match &c.target {
                Target::Actor(a) => Some(Identity::Actor(*a)),
                Target::Unknown { kind, subtype } => Some(Identity::Unknown {
                    kind: *kind,
                    subtype: *subtype,
                    name: self.display_name(c),
                }),
                Target::Pending => None,
            }
        };
        // Each candidate's identity key, made once: the groupings below
        // compare them pair by pair.
        let cand_keys: Vec<Option<String>> = (0..cands.len())
            .map(|k| identity_of(k).map(|i| identity_key(self.kb, &i)))
            .collect();
        let key_of = |k: usize| cand_keys[k].as_deref();
        // Persons differing only by spelling of one document are one identity.
        let mut person_of: HashMap<usize, usize> = HashMap::default();
        for ids in surnames.values() {
            if ids.len() < 2 {
                continue;
            }
            let mut sorted: Vec<usize> = ids.iter().copied().collect();
            sorted.sort_unstable();
            let keys: HashSet<&str> = sorted.iter().filter_map(|&k| key_of(k)).collect();
            if keys.len() == 1 {
                continue;
            }
            let known: Vec<usize> = sorted
                .iter()
                .copied()
                .filter(|&k| matches!(cands[k].target, Target::Actor(_)))
                .collect();
            if known.len() == 1 {
                for &k in &sorted {
                    person_of.insert(k, known[0]);
                }
            }
        }

        // The one identity a lone word names among the document's full names.
        // Worked out once per word: a lone word is never in these maps
        // itself (they hold full names), so the answer does not depend on
        // which mention asks, and a name repeated m times costs m, not m².
        let unique_of = |map: &HashMap<String, HashSet<usize>>| -> HashMap<String, usize> {
            map.iter()
                .filter_map(|(word, ids)| {
                    let canonical: Vec<usize> =
                        ids.iter().map(|o| *person_of.get(o).unwrap_or(o)).collect();
                    let keys: HashSet<&str> = canonical.iter().filter_map(|&o| key_of(o)).collect();
                    (keys.len() == 1).then(|| (word.clone(), canonical[0]))
                })
                .collect()
        };
        let (unique_surnames, unique_heads) = (unique_of(&surnames), unique_of(&heads));
        let unique = |map: &HashMap<String, usize>, word: &str, me: usize| -> Option<usize> {
            map.get(word).copied().filter(|&o| o != me)
        };

        // One word typed by its context somewhere names the same thing
        // everywhere in the document ("le groupe Danone" … "Danone a
        // annoncé"); where contexts disagree, an organisation cue wins over
        // a locative ("à Danone").
        let mut lone_typed: HashMap<&str, usize> = HashMap::default();
        // Unknown organisations by their initials: "Cour de justice de la
        // l'État (CSE)", "Lisbonne Saint-Vincent" … "LSV".
        let mut by_initials: HashMap<String, usize> = HashMap::default();
        for (k, c) in cands.iter().enumerate() {
            let Target::Unknown { kind, .. } = c.target else {
                continue;
            };
            if c.first == c.last && kind != EntityType::Person {
                let slot = lone_typed.entry(words[c.first]).or_insert(k);
                let org_here = kind == EntityType::Organization;
                let org_there = matches!(
                    cands[*slot].target,
                    Target::Unknown {
                        kind: EntityType::Organization,
                        ..
                    }
                );
                if org_here && !org_there {
                    *slot = k;
                }
            } else if c.first < c.last && kind == EntityType::Organization {
                let initials: String = self.toks[c.first..=c.last]
                    .iter()
                    .filter(|t| !self.lex.particles.contains(t.folded))
                    .filter_map(|t| t.folded.chars().next())
                    .collect();
                // Folded, as the acronym's word is: "l'État" gives "e".
                if initials.chars().count() >= 2 {
                    by_initials.entry(initials).or_insert(k);
                }
            }
        }
        let typed_alike = |c: &Cand| -> Option<usize> {
            let word = words[c.first];
            let at = *lone_typed.get(word)?;
            let acronym = self.toks[c.first].caps;
            (c.first == c.last && !acronym).then_some(at)
        };
        let expands = |c: &Cand| -> Option<usize> {
            let t = &self.toks[c.first];
            (c.first == c.last && t.caps).then(|| by_initials.get(words[c.first]).copied())?
        };

        let mut out = Vec::with_capacity(cands.len());
        for (k, c) in cands.iter().enumerate() {
            let end = self.toks[c.last].span.end;
            let span = Span::new(c.start, end);
            let identity = match &c.target {
                Target::Pending
                | Target::Unknown {
                    kind: EntityType::Person,
                    ..
                } if c.first == c.last => {
                    let word = words[c.first];
                    match unique(&unique_surnames, word, k)
                        .or_else(|| unique(&unique_heads, word, k))
                        .or_else(|| typed_alike(c).filter(|_| matches!(c.target, Target::Pending)))
                        .or_else(|| expands(c))
                    {
                        Some(other) => identity_of(other),
                        None => self.lone_word(words, c),
                    }
                }
                Target::Unknown { .. } if c.first == c.last => identity_of(
                    unique(&unique_surnames, words[c.first], k)
                        .or_else(|| unique(&unique_heads, words[c.first], k))
                        .or_else(|| expands(c))
                        .or_else(|| typed_alike(c))
                        .unwrap_or(k),
                ),
                Target::Actor(a) => Some(self.metonymy(words, c, *a)),
                _ => identity_of(*person_of.get(&k).unwrap_or(&k)),
            };
            let Some(identity) = identity else { continue };
            let is_person = match &identity {
                Identity::Actor(a) => self.kb.actor(*a).kind == EntityType::Person,
                Identity::Unknown { kind, .. } => *kind == EntityType::Person,
            };
            let roles = if is_person {
                self.roles_of(&roles, c)
            } else {
                Vec::new()
            };
            out.push(Found {
                span,
                identity,
                roles,
            });
        }
        out
    }

    /// A lone capitalised word that names no one of the document: a word
    /// after an honorific or a role ("le juge Lenoir") is a person, an
    /// acronym an organisation, anything else
    /// is left out (a sentence opener, a common noun in a heading).
    fn lone_word(&self, words: &[&str], c: &Cand) -> Option<Identity> {
        let t = &self.toks[c.first];
        let letters = t.text.chars().filter(|c| c.is_alphabetic()).count();
        // A role in lowercase right before, inside running text: "Prime
        // Ministers" or "General Assembly" in a heading are no persons.
        let cued = matches!(
            c.target,
            Target::Unknown {
                kind: EntityType::Person,
                ..
            }
        ) && c.first > 0
            && !self.toks[c.first - 1].cap
            && !t.opens
            && !t.title_case;
        let kind = if c.titled || cued {
            EntityType::Person
        } else if t.caps && (2..=6).contains(&letters) && !t.title_case && !self.shouting(c.first) {
            EntityType::Organization
        } else if c.spoken && self.plausible_speaker(words, c.first) {
            EntityType::Person
        } else {
            return None;
        };
        Some(Identity::Unknown {
            kind,
            subtype: None,
            name: self.display_name(c),
        })
    }

    /// A word in a line written in capitals is not an acronym.
    fn shouting(&self, i: usize) -> bool {
        let near = |j: usize| self.toks[j].caps && self.gap(j.min(i), j.max(i)).trim().is_empty();
        (i > 0 && near(i - 1)) || (i + 1 < self.toks.len() && near(i + 1))
    }

    /// A capital standing for its state is the state, unless a locative
    /// ("à Moscou", "in Kyiv") or a dateline ("MOSCOU, 10 mars") makes it the city.
    fn metonymy(&self, words: &[&str], c: &Cand, actor: ActorId) -> Identity {
        let a = self.kb.actor(actor);
        let Some(state) = a.stands_for.as_deref().and_then(|id| self.kb.by_id(id)) else {
            return Identity::Actor(actor);
        };
        let locative = self.lex.locatives.ending_at(words, c.first).is_some();
        let dateline = self.toks[c.first].opens
            && self.toks[c.first].caps
            && self
                .text
                .get(self.toks[c.last].span.end..)
                .unwrap_or_default()
                .trim_start()
                .starts_with([',', '(', '-', '—', '–']);
        if locative || dateline {
            Identity::Actor(actor)
        } else {
            Identity::Actor(state)
        }
    }

    /// Role phrases right before the name or in apposition after it.
    fn roles_of(&self, roles: &[(usize, usize)], c: &Cand) -> Vec<Span> {
        let mut out = Vec::new();
        let first = if c.titled && c.first > 0 {
            c.first - 1
        } else {
            c.first
        };
        // Roles do not overlap and come in text order: only those ending at
        // the name and the first one after it can qualify.
        let from = roles.partition_point(|&(_, e)| e < first);
        let to = roles.partition_point(|&(s, _)| s <= c.last);
        let nearby = roles[from.min(to)..(to + 1).min(roles.len())].iter();
        for &(s, e) in nearby {
            let span = Span::new(self.toks[s].span.start, self.toks[e - 1].span.end);
            let before =
                (e == c.first || e == first) && e > 0 && self.gap(e - 1, e).trim().is_empty();
            let after =
                s > c.last && self.apposition(self.toks[c.last].span.end, self.toks[s].span.start);
            if before || after {
                out.push(span);
            }
        }
        out
    }

    /// ", secrétaire général de l'Otan" or ", the White House press secretary":
    /// a comma, then at most an article, between a name and a role.
    fn apposition(&self, name_end: usize, role_start: usize) -> bool {
        let Some(rest) = self
            .text
            .get(name_end..role_start)
            .and_then(|b| b.strip_prefix(','))
        else {
            return false;
        };
        let rest = rest.trim();
        rest.is_empty() || self.lex.non_names.contains_text(rest)
    }

    /// The name as the canonical of an unknown entity: without honorific,
    /// and in title case when the text shouts it ("VADIM GHIRDA").
    fn display_name(&self, c: &Cand) -> String {
        let span = Span::new(self.toks[c.first].span.start, self.toks[c.last].span.end);
        let raw = span.slice(self.text);
        let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.toks[c.first..=c.last].iter().all(|t| t.caps) && c.last > c.first {
            raw.split(' ')
                .map(title_case_word)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            raw
        }
    }
}

/// The identity key entities are grouped by.
fn identity_key(kb: &KnowledgeBase, identity: &Identity) -> String {
    match identity {
        Identity::Actor(a) => kb.actor(*a).id.clone(),
        Identity::Unknown { kind, name, .. } => format!("{}:{}", kind.as_str(), fold(name)),
    }
}

fn title_case_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c == '-' || c == '\'';
    }
    out
}

/// "ArcelorMittal", "PayPal": two or more capitalised parts of three
/// letters or more, which surnames ("McDonald", "DeSantis", "MacKenzie"),
/// handles ("JosepBorrellF") and glued sentences ("AllemagneSi") lack.
fn camel_case(word: &str) -> bool {
    let mut humps: Vec<String> = Vec::new();
    for c in word.chars() {
        match humps.last_mut() {
            Some(h) if !c.is_uppercase() => h.push(c),
            _ => humps.push(c.to_string()),
        }
    }
    humps.len() >= 2
        && !matches!(humps[0].as_str(), "Mc" | "Mac")
        && humps
            .iter()
            .all(|h| h.chars().count() >= 3 && h.chars().skip(1).all(char::is_lowercase))
}

/// An English headline: most words of four or more capitalised.
fn is_title_case(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if words.len() < 4 {
        return false;
    }
    let caps = words
        .iter()
        .filter(|w| crate::text::is_capitalized(w))
        .count();
    caps * 10 >= words.len() * 7
}

/// Marks the tokens where a speaker's name ends before a speech verb, over
/// the words allowed between ("Boehner told", "Swiatek a également
/// déclaré"), and where one starts right after a verb whose subject may
/// follow it (« …, a déclaré Swiatek »).
fn speaker_slots(toks: &[Tok], text: &str, speech: &Speech) -> Vec<bool> {
    let n = toks.len();
    let mut slot = vec![false; n];
    let spaced = |a: usize, b: usize| {
        text.get(toks[a].span.end..toks[b].span.start)
            .is_some_and(|gap| gap.chars().all(char::is_whitespace) && !gap.is_empty())
    };
    for (i, t) in toks.iter().enumerate() {
        let Some(&inverts) = speech.verbs.get(t.folded) else {
            continue;
        };
        if t.cap {
            continue;
        }
        let mut k = i;
        while k > 0 && i - k < 3 && spaced(k - 1, k) {
            k -= 1;
            if !speech.between.contains(toks[k].folded) || toks[k].cap {
                slot[k] = toks[k].cap;
                break;
            }
        }
        if inverts && i + 1 < n && spaced(i, i + 1) {
            slot[i + 1] = toks[i + 1].cap;
        }
    }
    slot
}

/// Whether a word is part of a host name or an address: joined by a dot, an
/// at sign or a slash to more of it ("reuters.com", "www.lemonde.fr").
fn in_web_address(text: &str, span: Span) -> bool {
    let joined = |c: Option<char>, next: Option<char>| {
        matches!(c, Some('.' | '@' | '/')) && next.is_some_and(char::is_alphanumeric)
    };
    let mut after = text.get(span.end..).unwrap_or_default().chars();
    let mut before = text.get(..span.start).unwrap_or_default().chars().rev();
    joined(after.next(), after.next()) || joined(before.next(), before.next())
}

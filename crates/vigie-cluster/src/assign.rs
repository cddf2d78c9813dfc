//! Incremental assignment: a new document is compared with a bounded set of
//! candidates (LSH band owners and recent documents sharing its rarest
//! actors), never with the whole corpus, so adding a document costs the same
//! in a store of ten articles or ten million.

use std::collections::HashMap;

use crate::minhash::Signature;
use crate::story::{JOIN_SCORE, Profile, idf, score};

/// Actors whose recent documents are looked at.
const PIVOT_ENTITIES: usize = 4;
/// Recent documents looked at per actor.
const PER_ENTITY: usize = 12;

/// Where a document was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The earlier document this one relays, if any.
    pub duplicate_of: Option<String>,
    /// True when the relay is an exact copy (same body digest): a
    /// near-duplicate of similarity 1.
    pub exact: bool,
    /// The story it belongs to.
    pub story: String,
    /// Band keys to give this document where no earlier one owns them. A
    /// duplicate claims too: its edits make keys a later relay may share.
    pub claim: Vec<i64>,
}

impl Assignment {
    /// The record's `cluster` field.
    pub fn cluster(&self) -> vigie_doc::Cluster {
        vigie_doc::Cluster {
            duplicate_of: self.duplicate_of.clone(),
            story: Some(self.story.clone()),
        }
    }
}

/// A document already placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Its profile.
    pub profile: Profile,
    /// Its original, when it is a duplicate.
    pub duplicate_of: Option<String>,
    /// Its story.
    pub story: String,
}

/// What assignment reads from the documents placed so far. The store keeps
/// this in SQLite; [`MemIndex`] keeps it in memory for one batch.
pub trait Index {
    /// The error of the backing storage.
    type Error;
    /// The earliest placed document with this body digest.
    fn same_body(&mut self, digest: &str) -> Result<Option<String>, Self::Error>;
    /// The document that first claimed an LSH band key.
    fn band_owner(&mut self, key: i64) -> Result<Option<String>, Self::Error>;
    /// The most recently placed documents naming `entity`, newest first.
    fn with_entity(&mut self, entity: &str, limit: usize) -> Result<Vec<String>, Self::Error>;
    /// A placed document.
    fn member(&mut self, doc_id: &str) -> Result<Option<Member>, Self::Error>;
    /// How many placed documents name `entity`.
    fn doc_freq(&mut self, entity: &str) -> Result<u64, Self::Error>;
    /// How many documents are placed.
    fn docs(&mut self) -> Result<u64, Self::Error>;
}

/// Places `profile`: the original it copies or relays, else the story of
/// the most similar candidate above [`JOIN_SCORE`], else a new story named
/// after it.
pub fn assign<I: Index>(index: &mut I, profile: &Profile) -> Result<Assignment, I::Error> {
    let keys = profile
        .signature
        .as_ref()
        .map(Signature::band_keys)
        .unwrap_or_default();
    // An exact copy is found by its digest, even when the text is too short
    // for a signature to call it a relay. The same publication placed twice
    // (one `extract` input read twice) is not its own copy.
    if let Some(digest) = &profile.body_digest
        && let Some(first) = index.same_body(digest)?
        && first != profile.doc_id
        && let Some(member) = index.member(&first)?
    {
        return Ok(Assignment {
            duplicate_of: Some(member.duplicate_of.unwrap_or(member.profile.doc_id)),
            exact: true,
            story: member.story,
            claim: keys,
        });
    }
    let mut candidates: Vec<String> = Vec::new();
    for key in &keys {
        if let Some(owner) = index.band_owner(*key)?
            && owner != profile.doc_id
            && !candidates.contains(&owner)
        {
            candidates.push(owner);
        }
    }
    if let Some(sig) = &profile.signature {
        for id in &candidates {
            let Some(member) = index.member(id)? else {
                continue;
            };
            if member
                .profile
                .signature
                .as_ref()
                .is_some_and(|s| s.is_duplicate(sig))
            {
                return Ok(Assignment {
                    duplicate_of: Some(member.duplicate_of.unwrap_or(member.profile.doc_id)),
                    exact: false,
                    story: member.story,
                    claim: keys,
                });
            }
        }
    }

    let docs = index.docs()?;
    let mut weights: HashMap<String, f64> = HashMap::new();
    let mut seen_before: Vec<&(String, f64)> = Vec::with_capacity(profile.entities.len());
    for entry in &profile.entities {
        let df = index.doc_freq(&entry.0)?;
        weights.insert(entry.0.clone(), idf(df, docs));
        if df > 0 {
            seen_before.push(entry);
        }
    }
    // Pivots are the rarest actors that earlier documents name: an actor
    // no document named yet is the rarest of all but leads nowhere, and a
    // new article full of first-time names (a byline, a new analyst) would
    // otherwise find no candidate at all.
    let mut pivots: Vec<(&String, f64)> = seen_before
        .into_iter()
        .map(|(e, w)| (e, w * weights.get(e).copied().unwrap_or(1.0)))
        .collect();
    pivots.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    for (entity, _) in pivots.into_iter().take(PIVOT_ENTITIES) {
        for id in index.with_entity(entity, PER_ENTITY)? {
            if id != profile.doc_id && !candidates.contains(&id) {
                candidates.push(id);
            }
        }
    }

    let mut best: Option<(f64, String)> = None;
    for id in &candidates {
        let Some(member) = index.member(id)? else {
            continue;
        };
        for (entity, _) in &member.profile.entities {
            if !weights.contains_key(entity) {
                let df = index.doc_freq(entity)?;
                weights.insert(entity.clone(), idf(df, docs));
            }
        }
        let s = score(profile, &member.profile, &mut |e: &str| {
            weights.get(e).copied().unwrap_or(1.0)
        });
        if s >= JOIN_SCORE && best.as_ref().is_none_or(|(b, _)| s > *b) {
            best = Some((s, member.story));
        }
    }
    Ok(Assignment {
        duplicate_of: None,
        exact: false,
        story: best.map_or_else(|| story_id(&profile.doc_id), |(_, story)| story),
        claim: keys,
    })
}

/// The id of the story a document starts.
pub fn story_id(doc_id: &str) -> String {
    format!(
        "story:{}",
        doc_id.get(..doc_id.len().min(16)).unwrap_or_default()
    )
}

/// An in-memory [`Index`], for clustering one batch (`vigie extract`).
#[derive(Debug, Default)]
pub struct MemIndex {
    bands: HashMap<i64, usize>,
    postings: HashMap<String, Vec<usize>>,
    members: Vec<Member>,
    by_id: HashMap<String, usize>,
    bodies: HashMap<String, usize>,
}

impl MemIndex {
    /// Places `profile` and remembers it.
    pub fn add(&mut self, profile: Profile) -> Assignment {
        let assignment = match assign(self, &profile) {
            Ok(a) => a,
            Err(never) => match never {},
        };
        let n = self.members.len();
        for key in &assignment.claim {
            self.bands.entry(*key).or_insert(n);
        }
        for (entity, _) in &profile.entities {
            self.postings.entry(entity.clone()).or_default().push(n);
        }
        self.by_id.entry(profile.doc_id.clone()).or_insert(n);
        if let Some(digest) = &profile.body_digest {
            self.bodies.entry(digest.clone()).or_insert(n);
        }
        self.members.push(Member {
            profile,
            duplicate_of: assignment.duplicate_of.clone(),
            story: assignment.story.clone(),
        });
        assignment
    }
}

impl Index for MemIndex {
    type Error = std::convert::Infallible;

    fn same_body(&mut self, digest: &str) -> Result<Option<String>, Self::Error> {
        Ok(self
            .bodies
            .get(digest)
            .map(|&n| self.members[n].profile.doc_id.clone()))
    }

    fn band_owner(&mut self, key: i64) -> Result<Option<String>, Self::Error> {
        Ok(self
            .bands
            .get(&key)
            .map(|&n| self.members[n].profile.doc_id.clone()))
    }

    fn with_entity(&mut self, entity: &str, limit: usize) -> Result<Vec<String>, Self::Error> {
        Ok(self.postings.get(entity).map_or_else(Vec::new, |list| {
            list.iter()
                .rev()
                .take(limit)
                .map(|&n| self.members[n].profile.doc_id.clone())
                .collect()
        }))
    }

    fn member(&mut self, doc_id: &str) -> Result<Option<Member>, Self::Error> {
        Ok(self.by_id.get(doc_id).map(|&n| self.members[n].clone()))
    }

    fn doc_freq(&mut self, entity: &str) -> Result<u64, Self::Error> {
        Ok(self.postings.get(entity).map_or(0, |l| l.len() as u64))
    }

    fn docs(&mut self) -> Result<u64, Self::Error> {
        Ok(self.members.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(id: &str, day: i64, entities: &[&str]) -> Profile {
        Profile {
            doc_id: id.to_owned(),
            lang: Some("en".to_owned()),
            date: Some((day, day)),
            entities: {
                let mut v: Vec<(String, f64)> =
                    entities.iter().map(|e| ((*e).to_owned(), 1.0)).collect();
                v.sort_by(|a, b| a.0.cmp(&b.0));
                v
            },
            events: Vec::new(),
            signature: None,
            body_digest: None,
        }
    }

    #[test]
    fn first_time_names_do_not_hide_the_shared_actors() {
        let mut index = MemIndex::default();
        for (i, filler) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
            index.add(profile(
                &format!("other-{i}"),
                100,
                &[&format!("person:{filler}")],
            ));
        }
        let first = index.add(profile(
            "talks-1",
            200,
            &["person:envoy-x", "person:envoy-y", "organization:forum"],
        ));
        let next_day = index.add(profile(
            "talks-2",
            201,
            &[
                "person:byline-1",
                "person:byline-2",
                "person:analyst",
                "person:new-minister",
                "person:envoy-x",
                "person:envoy-y",
                "organization:forum",
            ],
        ));
        assert_eq!(next_day.story, first.story);
    }
}

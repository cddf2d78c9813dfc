//! The read side every store offers: the queries of the HTTP API and of
//! export, behind one object-safe trait, so `vigie-server` runs the same API
//! and UI over the embedded store ([`Reader`]) or over PostgreSQL
//! (`vigie-store-pg`), chosen at start-up.

use crate::read::{
    ActionDayRow, DocSummary, EntityPage, EntitySummary, EventFilter, EventRow, PlaceMap,
    PlacePage, QuoteFilter, QuoteRow, Reader, Scope, SearchPage, Stats, StoryPage, StorySummary,
    TimelineRow, ToneDay,
};
use crate::{Result, SourceState};

/// What receives exported records, one at a time; an error it returns stops
/// the export and is returned by it.
pub type RecordSink<'a> = dyn FnMut(serde_json::Value) -> Result<()> + 'a;

/// The queries a store answers. Every list takes the `limit` the caller
/// caps; answers have the same shapes, and on the same documents the same
/// content, whichever store gives them (search ranks by each engine's own
/// relevance, so the order of hits of equal standing may differ).
pub trait ReadStore: Send + Sync {
    /// Makes the latest writes visible now, where the store caches a view.
    fn refresh(&self) -> Result<()>;
    /// What the store holds.
    fn stats(&self) -> Result<Stats>;
    /// The full record of a document, with its cleaned `text` and `cluster`.
    fn document(&self, doc_id: &str) -> Result<Option<serde_json::Value>>;
    /// Documents, newest first, optionally of one outlet or story.
    fn documents(
        &self,
        outlet: Option<&str>,
        story: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocSummary>>;
    /// Full-text search, ranked, with excerpts.
    fn search(
        &self,
        query: &str,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<SearchPage>;
    /// Entities, most documented first, optionally by name and type.
    fn entities(
        &self,
        name: Option<&str>,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntitySummary>>;
    /// Everything known about one entity.
    fn entity(&self, id: &str) -> Result<Option<EntityPage>>;
    /// Speakers, most quoted first.
    fn speakers(&self, limit: usize) -> Result<Vec<EntitySummary>>;
    /// Quotes, newest first.
    fn quotes(&self, f: &QuoteFilter, limit: usize, offset: usize) -> Result<Vec<QuoteRow>>;
    /// Events matching every filter given, latest first.
    fn events(&self, f: &EventFilter, limit: usize, offset: usize) -> Result<Vec<EventRow>>;
    /// Event counts per day and quad class.
    fn timeline(&self, f: &EventFilter) -> Result<Vec<TimelineRow>>;
    /// Event counts per day and action.
    fn timeline_by_action(&self, f: &EventFilter) -> Result<Vec<ActionDayRow>>;
    /// Stories, largest first.
    fn stories(&self, min_docs: i64, limit: usize, offset: usize) -> Result<Vec<StorySummary>>;
    /// A story with its articles side by side by outlet.
    fn story(&self, id: &str) -> Result<Option<StoryPage>>;
    /// The places named in a scope's documents, for the map.
    fn places(&self, scope: &Scope) -> Result<PlaceMap>;
    /// One place of a scope; `None` when the scope never names it.
    fn place(&self, scope: &Scope, feature_id: &str) -> Result<Option<PlacePage>>;
    /// Mean tone of a scope's documents per publication day.
    fn tone(&self, scope: &Scope) -> Result<Vec<ToneDay>>;
    /// The sources `vigie watch` follows into this store.
    fn sources(&self) -> Result<Vec<SourceState>>;
    /// Every record in arrival order, `cluster` filled and, with
    /// `with_text`, the cleaned text; memory stays flat.
    fn export(&self, with_text: bool, sink: &mut RecordSink<'_>) -> Result<()>;
}

impl ReadStore for Reader {
    fn refresh(&self) -> Result<()> {
        Reader::refresh(self)
    }
    fn stats(&self) -> Result<Stats> {
        Reader::stats(self)
    }
    fn document(&self, doc_id: &str) -> Result<Option<serde_json::Value>> {
        Reader::document(self, doc_id)
    }
    fn documents(
        &self,
        outlet: Option<&str>,
        story: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocSummary>> {
        Reader::documents(self, outlet, story, limit, offset)
    }
    fn search(
        &self,
        query: &str,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<SearchPage> {
        Reader::search(self, query, lang, limit, offset)
    }
    fn entities(
        &self,
        name: Option<&str>,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntitySummary>> {
        Reader::entities(self, name, kind, limit, offset)
    }
    fn entity(&self, id: &str) -> Result<Option<EntityPage>> {
        Reader::entity(self, id)
    }
    fn speakers(&self, limit: usize) -> Result<Vec<EntitySummary>> {
        Reader::speakers(self, limit)
    }
    fn quotes(&self, f: &QuoteFilter, limit: usize, offset: usize) -> Result<Vec<QuoteRow>> {
        Reader::quotes(self, f, limit, offset)
    }
    fn events(&self, f: &EventFilter, limit: usize, offset: usize) -> Result<Vec<EventRow>> {
        Reader::events(self, f, limit, offset)
    }
    fn timeline(&self, f: &EventFilter) -> Result<Vec<TimelineRow>> {
        Reader::timeline(self, f)
    }
    fn timeline_by_action(&self, f: &EventFilter) -> Result<Vec<ActionDayRow>> {
        Reader::timeline_by_action(self, f)
    }
    fn stories(&self, min_docs: i64, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        Reader::stories(self, min_docs, limit, offset)
    }
    fn story(&self, id: &str) -> Result<Option<StoryPage>> {
        Reader::story(self, id)
    }
    fn places(&self, scope: &Scope) -> Result<PlaceMap> {
        Reader::places(self, scope)
    }
    fn place(&self, scope: &Scope, feature_id: &str) -> Result<Option<PlacePage>> {
        Reader::place(self, scope, feature_id)
    }
    fn tone(&self, scope: &Scope) -> Result<Vec<ToneDay>> {
        Reader::tone(self, scope)
    }
    fn sources(&self) -> Result<Vec<SourceState>> {
        Reader::sources(self)
    }
    fn export(&self, with_text: bool, sink: &mut RecordSink<'_>) -> Result<()> {
        Reader::export(self, with_text, sink)
    }
}

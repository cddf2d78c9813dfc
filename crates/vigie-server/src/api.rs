//! The JSON API. Every handler validates its parameters, runs the store
//! query on the blocking pool and returns JSON; the shapes are described in
//! `openapi.json`, served at `/api/openapi.json`.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use vigie_store::{EventFilter, QuoteFilter, ReadStore, Scope};

use crate::labels::{self, LabelSet, RoleGroup};
use crate::{AppError, AppState};

/// Longest search query or name filter, in bytes.
const MAX_QUERY: usize = 256;
/// Largest page.
const MAX_LIMIT: usize = 200;
/// Deepest offset: past it, narrow the query instead.
const MAX_OFFSET: usize = 10_000;
/// Most documents in one POST.
const MAX_POSTED: usize = 200;

const OPENAPI: &str = include_str!("../openapi.json");

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/health",
            get(|| async { Json(serde_json::json!({"status": "ok"})) }),
        )
        .route("/api/openapi.json", get(openapi))
        .route("/api/stats", get(stats))
        .route("/api/sources", get(sources))
        .route("/api/search", get(search))
        .route("/api/documents", get(documents).post(post_documents))
        .route("/api/documents/{doc_id}", get(document))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/speakers", get(speakers))
        .route("/api/quotes", get(quotes))
        .route("/api/events", get(events))
        .route("/api/timeline", get(timeline))
        .route("/api/timeline/actions", get(timeline_by_action))
        .route("/api/places", get(places))
        .route("/api/places/{feature_id}", get(place))
        .route("/api/tone", get(tone))
        .route("/api/labels", get(ui_labels))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

/// Runs a store query off the async workers.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&dyn ReadStore) -> vigie_store::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    let reader = state.reader.clone();
    Ok(tokio::task::spawn_blocking(move || f(reader.as_ref())).await??)
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    q.map(|Query(v)| v)
        .map_err(|e| AppError::BadRequest(e.body_text()))
}

/// Checks a free-text parameter's size; blank means absent.
fn text(value: Option<String>, what: &str) -> Result<Option<String>, AppError> {
    match value {
        Some(v) if v.len() > MAX_QUERY => Err(AppError::BadRequest(format!(
            "{what} is longer than {MAX_QUERY} bytes"
        ))),
        Some(v) if v.trim().is_empty() => Ok(None),
        other => Ok(other),
    }
}

#[derive(Deserialize, Default)]
struct Page {
    limit: Option<usize>,
    offset: Option<usize>,
}

/// Checks paging parameters: `(limit, offset)`.
fn bounds(
    limit: Option<usize>,
    offset: Option<usize>,
    default: usize,
) -> Result<(usize, usize), AppError> {
    let limit = limit.unwrap_or(default);
    let offset = offset.unwrap_or(0);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(AppError::BadRequest(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    if offset > MAX_OFFSET {
        return Err(AppError::BadRequest(format!(
            "offset must be at most {MAX_OFFSET}"
        )));
    }
    Ok((limit, offset))
}

async fn stats(State(state): State<AppState>) -> Result<Json<vigie_store::Stats>, AppError> {
    Ok(Json(blocking(&state, |r| r.stats()).await?))
}

/// The sources `vigie watch` follows in this store, with their state.
async fn sources(
    State(state): State<AppState>,
) -> Result<Json<Vec<vigie_store::SourceState>>, AppError> {
    Ok(Json(blocking(&state, |r| r.sources()).await?))
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    lang: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<vigie_store::SearchPage>, AppError> {
    let p = query(params)?;
    let q = text(p.q, "q")?.ok_or_else(|| AppError::BadRequest("q is required".into()))?;
    let lang = text(p.lang, "lang")?;
    let (limit, offset) = bounds(p.limit, p.offset, 20)?;
    Ok(Json(
        blocking(&state, move |r| {
            r.search(&q, lang.as_deref(), limit, offset)
        })
        .await?,
    ))
}

#[derive(Deserialize)]
struct DocumentsParams {
    outlet: Option<String>,
    story: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn documents(
    State(state): State<AppState>,
    params: Result<Query<DocumentsParams>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::DocSummary>>, AppError> {
    let p = query(params)?;
    let outlet = text(p.outlet, "outlet")?;
    let story = text(p.story, "story")?;
    let (limit, offset) = bounds(p.limit, p.offset, 50)?;
    Ok(Json(
        blocking(&state, move |r| {
            r.documents(outlet.as_deref(), story.as_deref(), limit, offset)
        })
        .await?,
    ))
}

async fn document(
    State(state): State<AppState>,
    Path(doc_id): Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    let doc_id = text(Some(doc_id), "doc_id")?.ok_or(AppError::NotFound)?;
    blocking(&state, move |r| r.document(&doc_id))
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// An article to ingest, as `POST /api/documents` takes it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct NewDocument {
    /// The article text (the headline may be its first line).
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date, ISO 8601 prefix.
    pub published: Option<String>,
    /// The caller's identifier of the publication: its identity when given
    /// (posting it again adds nothing), kept in `source.id`.
    #[serde(default)]
    pub id: Option<String>,
    /// Language (ISO 639-1), kept instead of detected.
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Deserialize)]
struct PostBody {
    documents: Vec<NewDocument>,
}

/// What an ingest did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IngestReport {
    /// Documents stored now.
    pub added: usize,
    /// Documents already stored.
    pub existing: usize,
    /// Documents that could not be analysed.
    pub failed: usize,
    /// The id of each posted document, in order (`null` when it failed).
    pub doc_ids: Vec<Option<String>>,
}

async fn post_documents(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PostBody>, JsonRejection>,
) -> Result<Json<IngestReport>, AppError> {
    let (Some(token), Some(ingest)) = (&state.token, &state.ingest) else {
        return Err(AppError::WritesDisabled);
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same(given.as_bytes(), token.as_bytes()) {
        return Err(AppError::Unauthorized);
    }
    let Json(body) = body.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest(e.body_text())
        }
    })?;
    if body.documents.is_empty() || body.documents.len() > MAX_POSTED {
        return Err(AppError::BadRequest(format!(
            "post between 1 and {MAX_POSTED} documents"
        )));
    }
    let ingest = ingest.clone();
    let report = tokio::task::spawn_blocking(move || ingest.ingest(body.documents))
        .await?
        .map_err(AppError::Ingest)?;
    state.reader.refresh()?;
    Ok(Json(report))
}

/// Compares in time independent of where the inputs differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Deserialize)]
struct EntitiesParams {
    q: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn entities(
    State(state): State<AppState>,
    params: Result<Query<EntitiesParams>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::EntitySummary>>, AppError> {
    let p = query(params)?;
    let q = text(p.q, "q")?;
    let kind = text(p.kind, "type")?;
    let (limit, offset) = bounds(p.limit, p.offset, 50)?;
    Ok(Json(
        blocking(&state, move |r| {
            r.entities(q.as_deref(), kind.as_deref(), limit, offset)
        })
        .await?,
    ))
}

#[derive(Deserialize)]
struct LangParam {
    lang: Option<String>,
}

/// An entity page with its roles grouped for a reader of `lang`.
#[derive(Serialize)]
struct EntityView {
    #[serde(flatten)]
    page: vigie_store::EntityPage,
    /// The language of `role_groups`' labels.
    lang: String,
    role_groups: Vec<RoleGroup>,
}

async fn entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Result<Query<LangParam>, QueryRejection>,
) -> Result<Json<EntityView>, AppError> {
    let id = text(Some(id), "id")?.ok_or(AppError::NotFound)?;
    let lang = labels::builtin().lang(text(query(params)?.lang, "lang")?.as_deref());
    let page = blocking(&state, move |r| r.entity(&id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(EntityView {
        role_groups: labels::builtin().group_roles(&page.roles, &lang),
        page,
        lang,
    }))
}

/// The words the UI shows for actions, in the asked language (English
/// when no pack has words for it).
async fn ui_labels(
    params: Result<Query<LangParam>, QueryRejection>,
) -> Result<Json<LabelSet>, AppError> {
    let lang = text(query(params)?.lang, "lang")?;
    Ok(Json(labels::builtin().set(lang.as_deref())))
}

#[derive(Deserialize)]
struct ScopeParams {
    q: Option<String>,
    entity: Option<String>,
    story: Option<String>,
}

impl ScopeParams {
    /// At most one of `q`, `entity`, `story`; none is the recent documents.
    fn scope(self) -> Result<Scope, AppError> {
        let given = [
            text(self.q, "q")?.map(Scope::Search),
            text(self.entity, "entity")?.map(Scope::Entity),
            text(self.story, "story")?.map(Scope::Story),
        ];
        let mut given = given.into_iter().flatten();
        let scope = given.next().unwrap_or(Scope::Recent);
        if given.next().is_some() {
            return Err(AppError::BadRequest(
                "give at most one of q, entity, story".into(),
            ));
        }
        Ok(scope)
    }
}

async fn places(
    State(state): State<AppState>,
    params: Result<Query<ScopeParams>, QueryRejection>,
) -> Result<Json<vigie_store::PlaceMap>, AppError> {
    let scope = query(params)?.scope()?;
    Ok(Json(blocking(&state, move |r| r.places(&scope)).await?))
}

async fn place(
    State(state): State<AppState>,
    Path(feature_id): Path<String>,
    params: Result<Query<ScopeParams>, QueryRejection>,
) -> Result<Json<vigie_store::PlacePage>, AppError> {
    let feature_id = text(Some(feature_id), "feature_id")?.ok_or(AppError::NotFound)?;
    let scope = query(params)?.scope()?;
    blocking(&state, move |r| r.place(&scope, &feature_id))
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

async fn tone(
    State(state): State<AppState>,
    params: Result<Query<ScopeParams>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::ToneDay>>, AppError> {
    let scope = query(params)?.scope()?;
    Ok(Json(blocking(&state, move |r| r.tone(&scope)).await?))
}

async fn speakers(
    State(state): State<AppState>,
    params: Result<Query<Page>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::EntitySummary>>, AppError> {
    let p = query(params)?;
    let (limit, _) = bounds(p.limit, p.offset, 50)?;
    Ok(Json(blocking(&state, move |r| r.speakers(limit)).await?))
}

#[derive(Deserialize)]
struct QuotesParams {
    speaker: Option<String>,
    q: Option<String>,
    outlet: Option<String>,
    kind: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn quotes(
    State(state): State<AppState>,
    params: Result<Query<QuotesParams>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::QuoteRow>>, AppError> {
    let p = query(params)?;
    let filter = QuoteFilter {
        speaker: text(p.speaker, "speaker")?,
        text: text(p.q, "q")?,
        outlet: text(p.outlet, "outlet")?,
        kind: text(p.kind, "kind")?,
    };
    let (limit, offset) = bounds(p.limit, p.offset, 50)?;
    Ok(Json(
        blocking(&state, move |r| r.quotes(&filter, limit, offset)).await?,
    ))
}

#[derive(Deserialize)]
struct EventsParams {
    actor: Option<String>,
    target: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    outlet: Option<String>,
    story: Option<String>,
    quad_class: Option<i64>,
    limit: Option<usize>,
    offset: Option<usize>,
}

impl EventsParams {
    fn filter(self) -> Result<(EventFilter, Page), AppError> {
        let page = Page {
            limit: self.limit,
            offset: self.offset,
        };
        if self.quad_class.is_some_and(|q| !(1..=4).contains(&q)) {
            return Err(AppError::BadRequest("quad_class must be 1 to 4".into()));
        }
        Ok((
            EventFilter {
                actor: text(self.actor, "actor")?,
                target: text(self.target, "target")?,
                action: text(self.action, "action")?,
                from: text(self.from, "from")?,
                to: text(self.to, "to")?,
                outlet: text(self.outlet, "outlet")?,
                quad_class: self.quad_class,
                story: text(self.story, "story")?,
            },
            page,
        ))
    }
}

async fn events(
    State(state): State<AppState>,
    params: Result<Query<EventsParams>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::EventRow>>, AppError> {
    let (filter, page) = query(params)?.filter()?;
    let (limit, offset) = bounds(page.limit, page.offset, 50)?;
    Ok(Json(
        blocking(&state, move |r| r.events(&filter, limit, offset)).await?,
    ))
}

async fn timeline(
    State(state): State<AppState>,
    params: Result<Query<EventsParams>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::TimelineRow>>, AppError> {
    let (filter, _) = query(params)?.filter()?;
    Ok(Json(blocking(&state, move |r| r.timeline(&filter)).await?))
}

async fn timeline_by_action(
    State(state): State<AppState>,
    params: Result<Query<EventsParams>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::ActionDayRow>>, AppError> {
    let (filter, _) = query(params)?.filter()?;
    Ok(Json(
        blocking(&state, move |r| r.timeline_by_action(&filter)).await?,
    ))
}

#[derive(Deserialize)]
struct StoriesParams {
    min_docs: Option<i64>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn stories(
    State(state): State<AppState>,
    params: Result<Query<StoriesParams>, QueryRejection>,
) -> Result<Json<Vec<vigie_store::StorySummary>>, AppError> {
    let p = query(params)?;
    let min = p.min_docs.unwrap_or(1);
    let (limit, offset) = bounds(p.limit, p.offset, 50)?;
    Ok(Json(
        blocking(&state, move |r| r.stories(min, limit, offset)).await?,
    ))
}

async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<vigie_store::StoryPage>, AppError> {
    let id = text(Some(id), "id")?.ok_or(AppError::NotFound)?;
    blocking(&state, move |r| r.story(&id))
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

//! `vigie serve`: the API and the UI over a store.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use vigie_doc::{Doc, Format, Layout, Source};
use vigie_pipeline::Pipeline;
use vigie_read::Item;
use vigie_server::{AppState, Ingest, IngestReport, NewDocument};

use super::db::{Writer, open_reader, open_writer, pg_url, shown};

use super::run::{Outcome, analyse};
use crate::config;
use crate::flags::ServeArgs;

/// Runs the subcommand until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let token = args.token.filter(|t| !t.trim().is_empty());
    let ingest: Option<Arc<dyn Ingest>> = match &token {
        Some(_) => {
            let pipeline = config::pipeline(config::knowledge_base(&args.kb_files)?)?;
            let store = open_writer(&args.db)?;
            Some(Arc::new(PipelineIngest {
                pipeline,
                store: Mutex::new(store),
            }))
        }
        None => {
            // A PostgreSQL reader creates the schema of an empty database.
            if pg_url(&args.db).is_none() && !args.db.join(vigie_store::DB_FILE).exists() {
                // An empty store, so the UI has something to open.
                drop(super::ingest::open(&args.db)?);
            }
            None
        }
    };
    serve(&args.db, args.addr, token, ingest)
}

/// Serves the store `db` names (a folder or a PostgreSQL URL) on `addr`
/// until Ctrl-C.
pub fn serve(
    db: &Path,
    addr: SocketAddr,
    token: Option<String>,
    ingest: Option<Arc<dyn Ingest>>,
) -> Result<ExitCode> {
    let reader = open_reader(db)?;
    let writes = if token.is_some() {
        "POST /api/documents enabled (bearer token)"
    } else {
        "read-only"
    };
    // Kept here so the stores are dropped after the runtime: the
    // PostgreSQL client must not be dropped inside an async task.
    let (kept_reader, kept_ingest) = (reader.clone(), ingest.clone());
    let state = AppState {
        reader,
        ingest,
        token,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let bound = listener.local_addr()?;
        eprintln!(
            "vigie: serving {} on http://{bound}/ ({writes}); Ctrl-C stops",
            shown(db)
        );
        axum::serve(listener, vigie_server::router(state))
            .with_graceful_shutdown(async {
                // If the signal cannot be installed, run until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await
            .context("serving")
    })?;
    drop(runtime);
    drop((kept_reader, kept_ingest));
    Ok(ExitCode::SUCCESS)
}

/// Posted articles through the pipeline into the store.
struct PipelineIngest {
    pipeline: Pipeline,
    store: Mutex<Box<dyn Writer>>,
}

impl Ingest for PipelineIngest {
    fn ingest(&self, docs: Vec<NewDocument>) -> Result<IngestReport, String> {
        let mut ids = Vec::with_capacity(docs.len());
        let mut analysed = Vec::new();
        let mut failed = 0;
        for posted in docs {
            let doc = Doc {
                source: Source {
                    url: posted.url,
                    outlet: posted.outlet,
                    id: posted.id,
                    format: Format::Jsonl,
                    // No path: a posted article has no place to be read
                    // again from, so its identity is its URL, else its body.
                    path: None,
                    ..Source::default()
                },
                title: posted.title,
                published: posted.published,
                lang: posted.lang.as_deref().and_then(vigie_read::language_code),
                layout: Layout {
                    raw: posted.text,
                    ..Layout::default()
                },
                ..Doc::default()
            };
            match analyse(Item::Doc(Box::new(doc)), &self.pipeline) {
                Outcome::Done(doc, _) => {
                    ids.push(Some(doc.doc_id.clone()));
                    analysed.push(*doc);
                }
                Outcome::Failed(_) => {
                    failed += 1;
                    ids.push(None);
                }
                // Notes come from readers, never from a posted record; the
                // id slot stays so `doc_ids` lines up with the request.
                Outcome::Note(_) => ids.push(None),
            }
        }
        let mut store = self
            .store
            .lock()
            .map_err(|_| "store lock poisoned".to_owned())?;
        let report = store.add_batch(analysed).map_err(|e| e.to_string())?;
        Ok(IngestReport {
            added: report.added,
            existing: report.existing,
            failed,
            doc_ids: ids,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(id: &str, outlet: &str) -> NewDocument {
        NewDocument {
            text: "Sanctions".into(),
            title: None,
            url: None,
            outlet: Some(outlet.into()),
            published: None,
            id: Some(id.into()),
            lang: Some("en-GB".into()),
        }
    }

    #[test]
    fn a_posted_id_is_the_publication_and_a_posted_language_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let ingest = PipelineIngest {
            pipeline: config::pipeline(config::knowledge_base(&[]).unwrap()).unwrap(),
            store: Mutex::new(open_writer(dir.path()).unwrap()),
        };
        let first = ingest
            .ingest(vec![posted("wire-1", "AFP"), posted("wire-2", "Le Temps")])
            .unwrap();
        assert_eq!(
            (first.added, first.existing),
            (2, 0),
            "two publications of one text"
        );
        let again = ingest.ingest(vec![posted("wire-1", "AFP")]).unwrap();
        assert_eq!(
            (again.added, again.existing),
            (0, 1),
            "the same id adds nothing"
        );

        drop(ingest);
        let reader = vigie_store::Reader::open(dir.path()).unwrap();
        let id = first.doc_ids[0].clone().unwrap();
        let record = reader.document(&id).unwrap().unwrap();
        assert_eq!(record["source"]["id"], "wire-1");
        assert_eq!(record["lang"], "en", "a one-word text is not guessed over");
    }
}

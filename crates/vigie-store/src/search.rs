//! The full-text index: one tantivy index with a field pair (title, body)
//! per analyser. A French document goes to the French fields, an English one
//! to the English fields, any other to accent-folded fields without
//! stemming; a query is parsed against all of them, each with its own
//! analyser, so "négociation" finds "negociations" and "talks" finds "talk".

use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

use crate::error::{IndexContext, Result};

/// Writer heap: small, because batches are committed often.
const WRITER_HEAP: usize = 64 * 1024 * 1024;

/// Analysers, by the language code of the documents they serve.
const ANALYSERS: [(&str, &str); 3] = [("fr", "vigie_fr"), ("en", "vigie_en"), ("", "vigie_fold")];

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub doc_id: Field,
    lang: Field,
    text: [(Field, Field); 3],
}

pub(crate) struct SearchIndex {
    pub path: PathBuf,
    pub index: Index,
    pub fields: Fields,
}

fn analyser(stem: Option<Language>) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match stem {
        Some(lang) => builder.filter(Stemmer::new(lang)).build(),
        None => builder.build(),
    }
}

impl SearchIndex {
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let path = dir.join("search");
        std::fs::create_dir_all(&path).map_err(|source| crate::Error::Io {
            path: path.clone(),
            source,
        })?;
        let mut builder = Schema::builder();
        let doc_id = builder.add_text_field("doc_id", STRING | STORED);
        let lang = builder.add_text_field("lang", STRING);
        let mut text = Vec::new();
        for (code, tokenizer) in ANALYSERS {
            let opts = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            );
            let suffix = if code.is_empty() { "other" } else { code };
            let title = builder.add_text_field(&format!("title_{suffix}"), opts.clone());
            let body = builder.add_text_field(&format!("body_{suffix}"), opts);
            text.push((title, body));
        }
        let schema = builder.build();
        let dir_handle = tantivy::directory::MmapDirectory::open(&path)
            .map_err(tantivy::TantivyError::from)
            .at(&path)?;
        let index = Index::open_or_create(dir_handle, schema).at(&path)?;
        let tokenizers = index.tokenizers();
        tokenizers.register("vigie_fr", analyser(Some(Language::French)));
        tokenizers.register("vigie_en", analyser(Some(Language::English)));
        tokenizers.register("vigie_fold", analyser(None));
        let fields = Fields {
            doc_id,
            lang,
            text: [text[0], text[1], text[2]],
        };
        Ok(SearchIndex {
            path,
            index,
            fields,
        })
    }

    pub fn writer(&self) -> Result<IndexWriter> {
        self.index
            .writer_with_num_threads(1, WRITER_HEAP)
            .at(&self.path)
    }

    pub fn reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .at(&self.path)
    }

    /// The highest document `seq` a committed index holds.
    pub fn committed_seq(&self) -> Result<i64> {
        let metas = self.index.load_metas().at(&self.path)?;
        Ok(metas.payload.and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    /// Replaces the document's entry (idempotent: re-adding after a crash
    /// leaves one entry).
    pub fn put(
        &self,
        writer: &IndexWriter,
        doc_id: &str,
        lang: Option<&str>,
        title: &str,
        body: &str,
    ) -> Result<()> {
        let f = self.fields;
        writer.delete_term(Term::from_field_text(f.doc_id, doc_id));
        let slot = ANALYSERS
            .iter()
            .position(|(code, _)| lang == Some(*code))
            .unwrap_or(ANALYSERS.len() - 1);
        let (title_f, body_f) = f.text[slot];
        writer
            .add_document(doc!(
                f.doc_id => doc_id,
                f.lang => lang.unwrap_or(""),
                title_f => title,
                body_f => body,
            ))
            .at(&self.path)?;
        Ok(())
    }

    /// Ranked doc ids for a query in the user's syntax (words, "phrases",
    /// -exclusions); malformed syntax is read leniently, never an error.
    pub fn search(
        &self,
        reader: &IndexReader,
        query: &str,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<(String, f32)>, usize)> {
        let f = self.fields;
        let mut fields = Vec::new();
        for (title, body) in f.text {
            fields.push(title);
            fields.push(body);
        }
        let mut parser = QueryParser::for_index(&self.index, fields);
        parser.set_conjunction_by_default();
        for (title, _) in f.text {
            parser.set_field_boost(title, 2.0);
        }
        let text = match lang {
            Some(l) if l.bytes().all(|b| b.is_ascii_lowercase()) && !l.is_empty() => {
                format!("+lang:{l} +({query})")
            }
            _ => query.to_owned(),
        };
        let (q, _errors) = parser.parse_query_lenient(&text);
        let searcher = reader.searcher();
        let (top, count) = searcher
            .search(
                &q,
                &(
                    TopDocs::with_limit(limit)
                        .and_offset(offset)
                        .order_by_score(),
                    tantivy::collector::Count,
                ),
            )
            .at(&self.path)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).at(&self.path)?;
            if let Some(id) = doc.get_first(f.doc_id).and_then(|v| v.as_str()) {
                hits.push((id.to_owned(), score));
            }
        }
        Ok((hits, count))
    }
}

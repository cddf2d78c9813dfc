use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use vigie_doc::{Doc, ErrorRecord, Format, Source};

use crate::{Error, jsonl, text};

/// One thing a reader yields: a document, or the reason one could not be read.
#[derive(Debug)]
pub enum Item {
    /// A document with `layout.raw` and `source` filled in.
    Doc(Box<Doc>),
    /// A document (or a whole file) that failed, in its place.
    Failed(ErrorRecord),
}

impl Item {
    pub(crate) fn failed(source: Source, error: &Error) -> Item {
        Item::Failed(ErrorRecord {
            source,
            error: error.to_string(),
        })
    }
}

/// Bounds that keep one hostile input from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest document (a whole text file, one JSONL line), decompressed, in bytes.
    pub max_doc_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_doc_bytes: 32 * 1024 * 1024,
        }
    }
}

/// What an input file holds, judged by its name and, failing that, its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// One document of plain text.
    Text,
    /// One JSON document per line.
    Jsonl,
}

impl SourceKind {
    /// The kind a file name says, looking through a `.gz` suffix.
    pub fn from_name(path: &Path) -> Option<SourceKind> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.').map(|(_, e)| e)?;
        match ext {
            "txt" | "text" => Some(SourceKind::Text),
            "jsonl" | "ndjson" => Some(SourceKind::Jsonl),
            _ => None,
        }
    }

    /// The kind the first bytes suggest: a JSON object per line, or text.
    fn sniff(head: &[u8]) -> SourceKind {
        let first = head.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') {
            SourceKind::Jsonl
        } else {
            SourceKind::Text
        }
    }
}

/// Expands paths into the files to read: a file stands for itself, a
/// directory for every file under it whose name a reader knows, recursively
/// and in sorted order, so runs are reproducible. `-` is kept as is (stdin).
/// An unreadable path or directory entry becomes an error in its place.
pub fn expand(paths: &[PathBuf]) -> Vec<std::result::Result<PathBuf, ErrorRecord>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            out.push(Ok(path.clone()));
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .follow_links(true);
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if SourceKind::from_name(e.path()).is_some() {
                        out.push(Ok(e.into_path()));
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let at = err.path().unwrap_or(path).display().to_string();
                    out.push(Err(ErrorRecord {
                        source: source_for(&at, Format::Text),
                        error: err.to_string(),
                    }));
                }
            }
        }
    }
    out
}

pub(crate) fn source_for(path: &str, format: Format) -> Source {
    Source {
        path: Some(path.to_owned()),
        format,
        ..Source::default()
    }
}

/// Opens a file and returns its documents, one at a time.
pub fn open(path: &Path, limits: Limits) -> Box<dyn Iterator<Item = Item> + Send> {
    let shown = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(source) => {
            let err = Error::Open {
                path: path.to_owned(),
                source,
            };
            return Box::new(std::iter::once(Item::failed(
                source_for(&shown, Format::Text),
                &err,
            )));
        }
    };
    from_reader(shown, SourceKind::from_name(path), Box::new(file), limits)
}

/// Reads documents from standard input, sniffing the kind from the content.
pub fn open_stdin(limits: Limits) -> Box<dyn Iterator<Item = Item> + Send> {
    from_reader("-".to_owned(), None, Box::new(std::io::stdin()), limits)
}

fn from_reader(
    shown: String,
    kind: Option<SourceKind>,
    raw: Box<dyn Read + Send>,
    limits: Limits,
) -> Box<dyn Iterator<Item = Item> + Send> {
    let mut buffered = BufReader::with_capacity(64 * 1024, raw);
    let head = match buffered.fill_buf() {
        Ok(h) => h,
        Err(e) => {
            let err = Error::Io(e.to_string());
            return Box::new(std::iter::once(Item::failed(
                source_for(&shown, Format::Text),
                &err,
            )));
        }
    };
    let gzipped = head.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn BufRead + Send> = if gzipped {
        Box::new(BufReader::with_capacity(
            64 * 1024,
            MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    };
    let kind = match kind {
        Some(k) => k,
        None => match reader.fill_buf() {
            Ok(h) => SourceKind::sniff(h),
            Err(e) => {
                let err = Error::Io(e.to_string());
                return Box::new(std::iter::once(Item::failed(
                    source_for(&shown, Format::Text),
                    &err,
                )));
            }
        },
    };
    match kind {
        SourceKind::Text => Box::new(std::iter::once(text::read(&shown, reader, limits))),
        SourceKind::Jsonl => Box::new(jsonl::Lines::new(shown, reader, limits)),
    }
}

/// Reads at most `limit` bytes, failing with [`Error::TooLarge`] past it, so a
/// 2 GB file is refused after reading `limit` bytes rather than loaded.
pub(crate) fn read_bounded(reader: &mut dyn Read, limit: u64) -> crate::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let read = reader
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::Io(describe_io(&e)))?;
    if read as u64 > limit {
        return Err(Error::TooLarge {
            size: read as u64,
            limit,
        });
    }
    Ok(buf)
}

/// flate2 reports a cut-off stream as a bare "unexpected end of file"; say what it means.
pub(crate) fn describe_io(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        "truncated input (unexpected end of compressed stream)".to_owned()
    } else {
        e.to_string()
    }
}

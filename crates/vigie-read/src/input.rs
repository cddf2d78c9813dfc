use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use vigie_doc::{Doc, ErrorRecord, Format, Source};

use crate::{Error, feed, html, jsonl, text, warc};

/// One thing a reader yields: a document, or the reason one could not be read.
#[derive(Debug)]
pub enum Item {
    /// A document with `layout.raw` and `source` filled in.
    Doc(Box<Doc>),
    /// A document (or a whole file) that failed, in its place.
    Failed(ErrorRecord),
    /// Information about an input that is neither a document nor a failure:
    /// how many records of a WARC were skipped because they hold no page, say.
    /// Callers show it to the user; it never becomes a record.
    Note(Note),
}

/// A message about an input, for the user rather than the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The file it is about.
    pub path: String,
    /// What to tell.
    pub message: String,
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
    /// One HTML page: its article is the document.
    Html,
    /// A WARC archive: each HTML response or resource record is a document.
    Warc,
    /// An RSS 0.9x/1.0/2.0, Atom or JSON Feed file: each item is a document.
    Feed,
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
            "html" | "htm" | "xhtml" => Some(SourceKind::Html),
            "warc" => Some(SourceKind::Warc),
            "rss" | "atom" | "rdf" | "xml" => Some(SourceKind::Feed),
            _ => None,
        }
    }

    /// The kind the first (decompressed) bytes prove, whatever the name says:
    /// a WARC version line, an HTML document, a feed's root element, a JSON
    /// Feed's version URL.
    fn sniff_strong(head: &[u8]) -> Option<SourceKind> {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        if head.starts_with(b"WARC/") {
            return Some(SourceKind::Warc);
        }
        let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
        let head = &head[start..head.len().min(start + 4096)];
        let lower = head.to_ascii_lowercase();
        let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
        match head.first() {
            Some(b'<') => {
                if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
                    Some(SourceKind::Feed)
                } else if lower.starts_with(b"<!doctype html") || has(b"<html") {
                    Some(SourceKind::Html)
                } else {
                    None
                }
            }
            Some(b'{') if has(b"jsonfeed.org/version") => Some(SourceKind::Feed),
            _ => None,
        }
    }

    /// The kind the first bytes suggest when neither name nor content is
    /// conclusive: a JSON object per line, markup, or text.
    fn sniff_weak(head: &[u8]) -> SourceKind {
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => SourceKind::Jsonl,
            Some(b'<') => SourceKind::Html,
            _ => SourceKind::Text,
        }
    }

    /// Content wins over the name, except for JSON Lines, whose first line
    /// may hold anything (a JSON Feed, HTML in a string).
    fn choose(named: Option<SourceKind>, head: &[u8]) -> SourceKind {
        if named == Some(SourceKind::Jsonl) {
            return SourceKind::Jsonl;
        }
        SourceKind::sniff_strong(head)
            .or(named)
            .unwrap_or_else(|| SourceKind::sniff_weak(head))
    }

    fn format(self) -> Format {
        match self {
            SourceKind::Text => Format::Text,
            SourceKind::Jsonl => Format::Jsonl,
            SourceKind::Html => Format::Html,
            SourceKind::Warc => Format::Warc,
            SourceKind::Feed => Format::Rss,
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

/// Reads documents from any byte stream: `name` is what error records and
/// paths show, `kind` the reader to use (`None`: judge by the content).
pub fn open_reader(
    name: &str,
    kind: Option<SourceKind>,
    reader: Box<dyn Read + Send>,
    limits: Limits,
) -> Box<dyn Iterator<Item = Item> + Send> {
    from_reader(name.to_owned(), kind, reader, limits)
}

/// Reads documents from standard input, sniffing the kind from the content.
pub fn open_stdin(limits: Limits) -> Box<dyn Iterator<Item = Item> + Send> {
    from_reader("-".to_owned(), None, Box::new(std::io::stdin()), limits)
}

fn from_reader(
    shown: String,
    named: Option<SourceKind>,
    raw: Box<dyn Read + Send>,
    limits: Limits,
) -> Box<dyn Iterator<Item = Item> + Send> {
    let mut buffered = BufReader::with_capacity(64 * 1024, raw);
    let (gzipped, head) = match buffered.fill_buf() {
        Ok(h) if h.starts_with(&[0x1f, 0x8b]) => (true, gunzip_head(h)),
        Ok(h) => (false, h[..h.len().min(SNIFF_BYTES)].to_vec()),
        Err(e) => {
            let err = Error::Io(e.to_string());
            return Box::new(std::iter::once(Item::failed(
                source_for(&shown, named.map_or(Format::Text, SourceKind::format)),
                &err,
            )));
        }
    };
    let kind = SourceKind::choose(named, &head);
    let reader: Box<dyn BufRead + Send> = match (gzipped, kind) {
        // WARC archives are gzipped record by record; decoding member by
        // member lets a corrupt member be skipped instead of ending the file.
        (true, SourceKind::Warc) => Box::new(BufReader::with_capacity(
            64 * 1024,
            warc::GzMembers::new(buffered),
        )),
        (true, _) => Box::new(BufReader::with_capacity(
            64 * 1024,
            MultiGzDecoder::new(buffered),
        )),
        (false, _) => Box::new(buffered),
    };
    match kind {
        SourceKind::Text => Box::new(std::iter::once(text::read(&shown, reader, limits))),
        SourceKind::Jsonl => Box::new(jsonl::Lines::new(shown, reader, limits)),
        SourceKind::Html => Box::new(std::iter::once(html::read(&shown, reader, limits))),
        SourceKind::Warc => Box::new(warc::Records::new(shown, reader, limits)),
        SourceKind::Feed => feed::read(&shown, reader, limits),
    }
}

/// Bytes of decompressed content looked at to choose a reader.
const SNIFF_BYTES: usize = 4096;

/// The first decompressed bytes of a gzip stream, for sniffing; a stream
/// too corrupt to give any yields nothing, and the reader reports it.
fn gunzip_head(compressed: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(SNIFF_BYTES);
    let mut decoder = flate2::read::GzDecoder::new(compressed).take(SNIFF_BYTES as u64);
    let mut chunk = [0u8; 1024];
    // Stop at the first error: a head cut off mid-stream still sniffs.
    while let Ok(n) = decoder.read(&mut chunk) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&chunk[..n]);
    }
    out
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

//! WARC archives (ISO 28500, versions 1.0 and 1.1), streamed one record at a time.
//!
//! A hand-written streaming parser rather than the `warc` crate: that crate
//! buffers each record body whole whatever its size and cannot resume after a
//! record whose length is wrong, and both matter on real crawls. Here a
//! record's block is read only when it is a page (an HTML `response` or
//! `resource` record) small enough for [`Limits::max_doc_bytes`]; every other
//! block is skipped as it streams past and counted. A record that cannot be
//! parsed yields an error item naming its index, and reading resumes at the
//! next line that starts a record (`WARC/1.`). A `.warc.gz` is decoded gzip
//! member by member ([`GzMembers`]), so a corrupt member costs one record.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Read};

use flate2::bufread::{GzDecoder, ZlibDecoder};
use vigie_doc::{Format, Source};

use crate::decode::charset_of_content_type;
use crate::html::{iso_date, page_item};
use crate::input::{describe_io, read_bounded, source_for};
use crate::{Error, Item, Limits, Note};

/// Longest header line (WARC or HTTP) kept; longer ones are a corrupt record.
const MAX_LINE: usize = 64 * 1024;
/// Most header lines in one WARC or HTTP header block.
const MAX_HEADERS: usize = 512;

/// Streams the page records of a WARC archive as documents.
pub struct Records {
    shown: String,
    reader: Box<dyn BufRead + Send>,
    limits: Limits,
    /// Records started so far; the current one's 1-based index.
    index: usize,
    /// A version line found while resynchronising, to start the next record with.
    pending: Option<Vec<u8>>,
    /// Records skipped, by reason.
    skipped: BTreeMap<String, usize>,
    done: bool,
    noted: bool,
}

/// What reading one record gave.
enum Step {
    Item(Box<Item>),
    Skipped,
    End,
}

/// The WARC header fields the reader uses.
#[derive(Default)]
struct Header {
    kind: String,
    length: Option<u64>,
    target: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
}

impl Records {
    /// Reads records from a decompressed WARC stream; `shown` names the file
    /// in paths and errors.
    pub fn new(shown: String, reader: Box<dyn BufRead + Send>, limits: Limits) -> Records {
        Records {
            shown,
            reader,
            limits,
            index: 0,
            pending: None,
            skipped: BTreeMap::new(),
            done: false,
            noted: false,
        }
    }

    fn source(&self) -> Source {
        source_for(&format!("{}#{}", self.shown, self.index), Format::Warc)
    }

    fn fail(&self, reason: impl Into<String>) -> Item {
        Item::failed(
            self.source(),
            &Error::Warc {
                record: self.index,
                reason: reason.into(),
            },
        )
    }

    fn skip(&mut self, why: String) -> Step {
        *self.skipped.entry(why).or_default() += 1;
        Step::Skipped
    }

    /// Reads the next record. I/O errors end the archive unless the gzip
    /// layer could resume at a later member, in which case reading goes on.
    fn step(&mut self) -> Step {
        let version = match self.pending.take() {
            Some(line) => line,
            None => match self.next_nonblank_line() {
                Ok(Some(line)) => line,
                Ok(None) => return Step::End,
                Err(e) => return self.io_failure(&e),
            },
        };
        self.index += 1;
        if !version.starts_with(b"WARC/") {
            let skipped = self.resync();
            let what = match skipped {
                Ok(n) => {
                    format!("expected a WARC version line, skipped {n} bytes to the next record")
                }
                Err(e) => format!("expected a WARC version line; {}", describe_io(&e)),
            };
            return Step::Item(Box::new(self.fail(what)));
        }
        let header = match self.read_warc_header() {
            Ok(h) => h,
            Err(e) => return self.corrupt(e),
        };
        let Some(length) = header.length else {
            return self.corrupt(RecordError::Bad("no valid Content-Length".into()));
        };
        let wanted = matches!(header.kind.as_str(), "response" | "resource");
        if !wanted {
            let kind = if header.kind.is_empty() {
                "untyped".to_owned()
            } else {
                header.kind.clone()
            };
            return match self.skip_block(length) {
                Ok(()) => self.skip(format!("{kind} records")),
                Err(e) => self.corrupt(e),
            };
        }
        // The block holds HTTP headers before the payload; allow for them.
        let allowance = self.limits.max_doc_bytes.saturating_add(MAX_LINE as u64);
        if length > allowance {
            return self.oversized(&header, length);
        }
        let block = match self.read_block(length) {
            Ok(b) => b,
            Err(e) => return self.corrupt(e),
        };
        match self.page(&header, &block) {
            Ok(Some(item)) => Step::Item(Box::new(item)),
            Ok(None) => Step::Skipped,
            Err(reason) => Step::Item(Box::new(self.fail(reason))),
        }
    }

    /// A block over the size limit is not read: its head tells whether it
    /// is a page (an error: too large) or something else (counted, skipped).
    fn oversized(&mut self, header: &Header, length: u64) -> Step {
        let mut head = Vec::with_capacity(MAX_LINE);
        let read = (&mut self.reader)
            .take(MAX_LINE as u64)
            .read_to_end(&mut head)
            .map_err(RecordError::Io)
            .and_then(|got| self.skip_block(length - got as u64));
        if let Err(e) = read {
            return self.corrupt(e);
        }
        let content_type = if is_http(header, &head) {
            http_head(&head).ok().and_then(|h| h.content_type)
        } else {
            header.content_type.clone()
        };
        match mime_of(content_type.as_deref()) {
            Some(m) if !is_html_mime(&m) => self.skip(format!("{m} payloads")),
            _ => Step::Item(Box::new(Item::failed(
                self.source(),
                &Error::TooLarge {
                    size: length,
                    limit: self.limits.max_doc_bytes,
                },
            ))),
        }
    }

    /// The page a response or resource block holds, `None` when it holds
    /// none (a redirect, an image; counted in `skipped`).
    fn page(&mut self, header: &Header, block: &[u8]) -> Result<Option<Item>, String> {
        let (payload, content_type) = if is_http(header, block) {
            let http = parse_http(block, self.limits)?;
            if !(200..300).contains(&http.status) {
                self.skip(format!("HTTP {} responses", http.status));
                return Ok(None);
            }
            (http.body, http.content_type)
        } else {
            (block.to_vec(), header.content_type.clone())
        };
        let mime = mime_of(content_type.as_deref());
        let html = match mime.as_deref() {
            Some(m) => is_html_mime(m),
            // An undeclared type: look at the payload, as a browser would.
            None => looks_like_html(&payload),
        };
        if !html {
            let what = mime.unwrap_or_else(|| "untyped".into());
            self.skip(format!("{what} payloads"));
            return Ok(None);
        }
        let source = Source {
            url: header.target.clone(),
            ..self.source()
        };
        let charset = content_type.as_deref().and_then(charset_of_content_type);
        let mut item = page_item(source, &payload, charset);
        // The crawl date says when the page was fetched, not written: a last resort.
        if let Item::Doc(doc) = &mut item
            && doc.published.is_none()
        {
            doc.published = header.date.as_deref().and_then(iso_date);
        }
        Ok(Some(item))
    }

    fn io_failure(&mut self, e: &io::Error) -> Step {
        // GzMembers resumes after a corrupt member: its error is one record's.
        if e.kind() == io::ErrorKind::InvalidData {
            self.index += 1;
            return Step::Item(Box::new(self.fail(describe_io(e))));
        }
        self.done = true;
        self.index += 1;
        Step::Item(Box::new(self.fail(describe_io(e))))
    }

    fn corrupt(&mut self, e: RecordError) -> Step {
        let reason = match e {
            RecordError::Bad(reason) => reason,
            RecordError::Io(e) if e.kind() != io::ErrorKind::InvalidData => {
                self.done = true;
                return Step::Item(Box::new(self.fail(describe_io(&e))));
            }
            RecordError::Io(e) => describe_io(&e),
        };
        let tail = match self.resync() {
            Ok(_) => String::new(),
            Err(e) => {
                self.done = true;
                format!("; {}", describe_io(&e))
            }
        };
        Step::Item(Box::new(self.fail(format!("{reason}{tail}"))))
    }

    /// Skips to the next line that starts a record, keeping it in `pending`;
    /// returns the bytes skipped.
    fn resync(&mut self) -> io::Result<u64> {
        let mut skipped = 0u64;
        loop {
            match read_line(&mut self.reader, MAX_LINE)? {
                None => return Ok(skipped),
                Some(Line { bytes, whole }) => {
                    if whole && bytes.starts_with(b"WARC/1.") {
                        self.pending = Some(bytes);
                        return Ok(skipped);
                    }
                    skipped += bytes.len() as u64;
                }
            }
        }
    }

    fn next_nonblank_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            match read_line(&mut self.reader, MAX_LINE)? {
                None => return Ok(None),
                Some(line) if line.bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Some(line) => return Ok(Some(line.bytes)),
            }
        }
    }

    fn read_warc_header(&mut self) -> Result<Header, RecordError> {
        let mut h = Header::default();
        for _ in 0..MAX_HEADERS {
            let line = read_line(&mut self.reader, MAX_LINE)?
                .ok_or_else(|| RecordError::Bad("archive ends inside a record header".into()))?;
            if !line.whole {
                return Err(RecordError::Bad("header line too long".into()));
            }
            let line = trim_eol(&line.bytes);
            if line.is_empty() {
                return Ok(h);
            }
            let Some((name, value)) = split_header(line) else {
                // A folded continuation line: no field the reader uses is folded.
                if line.starts_with(b" ") || line.starts_with(b"\t") {
                    continue;
                }
                return Err(RecordError::Bad(format!(
                    "malformed header line {:?}",
                    String::from_utf8_lossy(&line[..line.len().min(60)])
                )));
            };
            match name.to_ascii_lowercase().as_str() {
                "warc-type" => h.kind = value.to_ascii_lowercase(),
                "content-length" => h.length = value.parse().ok(),
                "warc-target-uri" => {
                    h.target = Some(value.trim_matches(|c| c == '<' || c == '>').to_owned())
                }
                "warc-date" => h.date = Some(value),
                "content-type" => h.content_type = Some(value),
                _ => {}
            }
        }
        Err(RecordError::Bad("too many header lines".into()))
    }

    fn read_block(&mut self, length: u64) -> Result<Vec<u8>, RecordError> {
        let mut block = Vec::with_capacity(usize::try_from(length.min(1 << 20)).unwrap_or(0));
        let got = (&mut self.reader).take(length).read_to_end(&mut block)?;
        if (got as u64) < length {
            return Err(RecordError::Bad(format!(
                "archive ends inside a record ({got} of {length} bytes)"
            )));
        }
        // A Content-Length too large swallows the start of the next record:
        // give those bytes back so that record is still read.
        if let Some(at) = find(&block, b"\r\n\r\nWARC/1.") {
            let rest = block.split_off(at + 4);
            let tail = std::mem::replace(&mut self.reader, Box::new(io::empty()));
            self.reader = Box::new(io::Cursor::new(rest).chain(tail));
            return Err(RecordError::Bad(
                "block runs into the next record: its Content-Length is wrong".into(),
            ));
        }
        self.end_of_block()?;
        Ok(block)
    }

    fn skip_block(&mut self, length: u64) -> Result<(), RecordError> {
        let got = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())?;
        if got < length {
            return Err(RecordError::Bad(format!(
                "archive ends inside a record ({got} of {length} bytes)"
            )));
        }
        self.end_of_block()
    }

    /// A block is followed by CRLF CRLF; anything else means its
    /// Content-Length was wrong, and what was read is not the record.
    fn end_of_block(&mut self) -> Result<(), RecordError> {
        let mut newlines = 0;
        loop {
            let buf = self.reader.fill_buf()?;
            let Some(&b) = buf.first() else {
                return Ok(());
            };
            match b {
                b'\n' => newlines += 1,
                b'\r' => {}
                _ if newlines >= 1 => return Ok(()),
                _ => {
                    return Err(RecordError::Bad(
                        "block does not end where its Content-Length says".into(),
                    ));
                }
            }
            self.reader.consume(1);
            if newlines == 2 {
                return Ok(());
            }
        }
    }
}

impl Iterator for Records {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.done {
                if self.noted || self.skipped.is_empty() {
                    return None;
                }
                self.noted = true;
                let total: usize = self.skipped.values().sum();
                let detail: Vec<String> = self
                    .skipped
                    .iter()
                    .map(|(why, n)| format!("{n} {why}"))
                    .collect();
                return Some(Item::Note(Note {
                    path: self.shown.clone(),
                    message: format!(
                        "skipped {total} of {} WARC records that hold no HTML page ({})",
                        self.index,
                        detail.join(", ")
                    ),
                }));
            }
            match self.step() {
                Step::Item(item) => return Some(*item),
                Step::Skipped => {}
                Step::End => self.done = true,
            }
        }
    }
}

enum RecordError {
    Bad(String),
    Io(io::Error),
}

impl From<io::Error> for RecordError {
    fn from(e: io::Error) -> Self {
        RecordError::Io(e)
    }
}

struct Line {
    bytes: Vec<u8>,
    /// False when the line was longer than the limit and cut.
    whole: bool,
}

/// Reads one line (with its end) of at most `max` bytes; the rest of a
/// longer line is consumed and dropped, so memory stays bounded.
fn read_line(reader: &mut dyn BufRead, max: usize) -> io::Result<Option<Line>> {
    let mut bytes = Vec::new();
    let mut whole = true;
    let mut any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, found) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let room = max.saturating_sub(bytes.len());
        if chunk.len() > room {
            whole = false;
        }
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        reader.consume(used);
        if found {
            break;
        }
    }
    Ok(any.then_some(Line { bytes, whole }))
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn split_header(line: &[u8]) -> Option<(String, String)> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = std::str::from_utf8(&line[..colon]).ok()?.trim();
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    let value = String::from_utf8_lossy(&line[colon + 1..])
        .trim()
        .to_owned();
    Some((name.to_owned(), value))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether a response or resource block is an HTTP message.
fn is_http(header: &Header, block: &[u8]) -> bool {
    header
        .content_type
        .as_deref()
        .is_none_or(|ct| ct.to_ascii_lowercase().starts_with("application/http"))
        && block.starts_with(b"HTTP/")
}

/// "text/html; charset=utf-8" → "text/html"; none for an empty type.
fn mime_of(content_type: Option<&str>) -> Option<String> {
    let m = content_type?.split(';').next()?.trim().to_ascii_lowercase();
    (!m.is_empty()).then_some(m)
}

fn is_html_mime(mime: &str) -> bool {
    matches!(mime, "text/html" | "application/xhtml+xml")
}

fn looks_like_html(payload: &[u8]) -> bool {
    let head = &payload[..payload.len().min(1024)];
    let lower = head.to_ascii_lowercase();
    lower.windows(5).any(|w| w == b"<html" || w == b"<body")
        || lower.windows(14).any(|w| w == b"<!doctype html")
}

/// An HTTP response: status, content type and the decoded body.
struct Http {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// The status line and headers of an HTTP response.
struct HttpHead {
    status: u16,
    content_type: Option<String>,
    transfer: Option<String>,
    coding: Option<String>,
    /// Where the body starts in the block.
    body_at: usize,
}

fn http_head(block: &[u8]) -> Result<HttpHead, String> {
    let mut reader = block;
    let status_line = read_line(&mut reader, MAX_LINE)
        .map_err(|e| e.to_string())?
        .ok_or("empty HTTP response")?;
    let status = std::str::from_utf8(trim_eol(&status_line.bytes))
        .ok()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse::<u16>().ok())
        .ok_or("malformed HTTP status line")?;
    let mut head = HttpHead {
        status,
        content_type: None,
        transfer: None,
        coding: None,
        body_at: 0,
    };
    for _ in 0..MAX_HEADERS {
        let Some(line) = read_line(&mut reader, MAX_LINE).map_err(|e| e.to_string())? else {
            break;
        };
        let line = trim_eol(&line.bytes);
        if line.is_empty() {
            head.body_at = block.len() - reader.len();
            return Ok(head);
        }
        if let Some((name, value)) = split_header(line) {
            match name.to_ascii_lowercase().as_str() {
                "content-type" => head.content_type = Some(value),
                "transfer-encoding" => head.transfer = Some(value.to_ascii_lowercase()),
                "content-encoding" => head.coding = Some(value.to_ascii_lowercase()),
                _ => {}
            }
        }
    }
    Err("HTTP headers do not end".into())
}

/// Parses an HTTP response held in a WARC block, undoing chunked transfer
/// coding and gzip/deflate content coding (bounded: a zip bomb stops at the
/// document limit).
fn parse_http(block: &[u8], limits: Limits) -> Result<Http, String> {
    let HttpHead {
        status,
        content_type,
        transfer,
        coding,
        body_at,
    } = http_head(block)?;
    let reader = &block[body_at..];
    let mut body = reader.to_vec();
    if transfer.as_deref().is_some_and(|t| t.contains("chunked")) {
        // Some crawlers store the payload already de-chunked but keep the
        // header; such a body is kept as it is.
        if let Some(joined) = dechunk(&body) {
            body = joined;
        }
    }
    match coding.as_deref().map(str::trim) {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => {
            body = inflate(GzDecoder::new(&body[..]), limits)?;
        }
        Some("deflate") => {
            body = inflate(ZlibDecoder::new(&body[..]), limits)?;
        }
        Some(other) => return Err(format!("unsupported content encoding {other:?}")),
    }
    Ok(Http {
        status,
        content_type,
        body,
    })
}

fn inflate(mut decoder: impl Read, limits: Limits) -> Result<Vec<u8>, String> {
    read_bounded(&mut decoder, limits.max_doc_bytes).map_err(|e| format!("content encoding: {e}"))
}

/// Joins the chunks of a chunked body; `None` when it is not chunked.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = body.iter().position(|&b| b == b'\n')?;
        let size_line = std::str::from_utf8(&body[..eol]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        body = &body[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        let chunk = body.get(..size)?;
        out.extend_from_slice(chunk);
        body = &body[size..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))?;
    }
}

/// Decodes a gzip stream member by member. At a corrupt member it reports one
/// [`io::ErrorKind::InvalidData`] error, then skips to the next gzip header
/// and goes on, so the records after it are still read.
pub(crate) struct GzMembers<R: BufRead> {
    decoder: Option<GzDecoder<R>>,
    /// True until the current member yields a byte; a member that fails
    /// before that is skipped by at least one byte, so resuming progresses.
    fresh: bool,
}

impl<R: BufRead> GzMembers<R> {
    pub(crate) fn new(inner: R) -> Self {
        GzMembers {
            decoder: Some(GzDecoder::new(inner)),
            fresh: true,
        }
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(0);
            };
            match decoder.read(buf) {
                Ok(0) if !buf.is_empty() => {
                    let Some(mut inner) = self.decoder.take().map(GzDecoder::into_inner) else {
                        return Ok(0);
                    };
                    if inner.fill_buf()?.is_empty() {
                        return Ok(0);
                    }
                    self.decoder = Some(GzDecoder::new(inner));
                    self.fresh = true;
                }
                Ok(n) => {
                    self.fresh = false;
                    return Ok(n);
                }
                Err(e) => {
                    let Some(mut inner) = self.decoder.take().map(GzDecoder::into_inner) else {
                        return Err(e);
                    };
                    if e.kind() == io::ErrorKind::UnexpectedEof {
                        // Truncated at the end: nothing follows to resume at.
                        return Err(e);
                    }
                    // A checksum error leaves the input at the next member,
                    // which must not be skipped.
                    if skip_to_gzip_header(&mut inner, self.fresh)? {
                        self.decoder = Some(GzDecoder::new(inner));
                        self.fresh = true;
                    }
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("corrupt gzip member ({e}), resumed at the next one"),
                    ));
                }
            }
        }
    }
}

/// Advances to the next `1f 8b 08` (a gzip header), past at least one byte
/// when `step` is set; false at the end of the input.
fn skip_to_gzip_header(reader: &mut impl BufRead, step: bool) -> io::Result<bool> {
    const MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];
    let mut first = step;
    loop {
        let buf = reader.fill_buf()?;
        if buf.len() < MAGIC.len() {
            // Too short to hold a header: whatever is left is dropped.
            let n = buf.len();
            reader.consume(n);
            return Ok(false);
        }
        let from = usize::from(first);
        first = false;
        match buf[from..].windows(3).position(|w| w == MAGIC) {
            Some(i) => {
                reader.consume(from + i);
                return Ok(true);
            }
            None => {
                // Keep the last two bytes: a header may straddle buffers.
                let n = buf.len() - 2;
                reader.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    const PAGE: &str = "<html><head><title>Essai</title></head><body><article><h1>Le tram arrive</h1>\
<p>La première rame du tramway a circulé lundi entre la gare et l'hôpital, sous les applaudissements des riverains venus nombreux.</p>\
<p>La ligne, longue de neuf kilomètres, sera ouverte au public en septembre après une période d'essais sans voyageurs.</p>\
<p>Le chantier a coûté 310 millions d'euros, financés par la métropole, la région et l'État.</p></article>\
<footer>© 2026 Journal</footer></body></html>";

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-09T10:00:00Z\r\n\
WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut b = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        b.extend_from_slice(body);
        b
    }

    fn read_all(bytes: Vec<u8>) -> Vec<Item> {
        Records::new(
            "a.warc".into(),
            Box::new(io::Cursor::new(bytes)),
            Limits::default(),
        )
        .collect()
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn pages_are_read_and_the_rest_counted() {
        let mut warc = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        warc.extend(record(
            "response",
            "https://journal.example/tram",
            "application/http; msgtype=response",
            &http(
                "Content-Type: text/html; charset=utf-8\r\n",
                PAGE.as_bytes(),
            ),
        ));
        warc.extend(record(
            "response",
            "https://journal.example/logo.png",
            "application/http; msgtype=response",
            &http("Content-Type: image/png\r\n", b"\x89PNG..."),
        ));
        let items = read_all(warc);
        assert_eq!(items.len(), 2, "{items:?}");
        let Item::Doc(doc) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!(doc.source.path.as_deref(), Some("a.warc#2"));
        assert_eq!(
            doc.source.url.as_deref(),
            Some("https://journal.example/tram")
        );
        assert_eq!(doc.source.format, Format::Warc);
        assert_eq!(doc.published.as_deref(), Some("2026-03-09"));
        assert!(doc.layout.raw.contains("neuf kilomètres"));
        let Item::Note(note) = &items[1] else {
            panic!("{:?}", items[1])
        };
        assert!(note.message.contains("skipped 2 of 3"), "{}", note.message);
        assert!(
            note.message.contains("1 image/png payloads"),
            "{}",
            note.message
        );
        assert!(
            note.message.contains("1 warcinfo records"),
            "{}",
            note.message
        );
    }

    #[test]
    fn chunked_gzip_latin1_response() {
        let latin1 = encoding_rs::WINDOWS_1252.encode(PAGE).0;
        let zipped = gz(&latin1);
        let (a, b) = zipped.split_at(zipped.len() / 2);
        let mut chunked = format!("{:x}\r\n", a.len()).into_bytes();
        chunked.extend_from_slice(a);
        chunked.extend_from_slice(format!("\r\n{:x};ext=1\r\n", b.len()).as_bytes());
        chunked.extend_from_slice(b);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let block = http(
            "Content-Type: text/html; charset=ISO-8859-1\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        );
        let items = read_all(record("response", "u", "application/http", &block));
        let Item::Doc(doc) = &items[0] else {
            panic!("{items:?}")
        };
        assert!(
            doc.layout.raw.contains("première rame"),
            "{}",
            doc.layout.raw
        );
    }

    #[test]
    fn a_corrupt_record_does_not_stop_the_archive() {
        let page = http("Content-Type: text/html\r\n", PAGE.as_bytes());
        let mut warc = record("response", "u1", "application/http", &page);
        let mut bad = record("response", "u2", "application/http", &page);
        // A Content-Length 40 bytes short of the block.
        let text = String::from_utf8(bad.clone()).unwrap();
        let fixed = text.replace(
            &format!("Content-Length: {}", page.len()),
            &format!("Content-Length: {}", page.len() - 40),
        );
        bad = fixed.into_bytes();
        warc.extend(bad);
        warc.extend(b"garbage between records\r\n");
        warc.extend(record("resource", "u3", "text/html", PAGE.as_bytes()));
        let items = read_all(warc);
        let paths: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Doc(d) => format!("ok {}", d.source.path.clone().unwrap_or_default()),
                Item::Failed(f) => format!("err {}", f.source.path.clone().unwrap_or_default()),
                Item::Note(n) => format!("note {}", n.message),
            })
            .collect();
        assert_eq!(
            paths,
            ["ok a.warc#1", "err a.warc#2", "ok a.warc#3"],
            "{items:?}"
        );
        let Item::Failed(f) = &items[1] else {
            unreachable!()
        };
        assert!(f.error.contains("WARC record 2"), "{}", f.error);
    }

    #[test]
    fn corrupt_gzip_member_is_skipped() {
        let page = http("Content-Type: text/html\r\n", PAGE.as_bytes());
        let mut bytes = gz(&record("response", "u1", "application/http", &page));
        let mut broken = gz(&record("response", "u2", "application/http", &page));
        let mid = broken.len() / 2;
        for b in &mut broken[mid..mid + 8] {
            *b ^= 0x5a;
        }
        bytes.extend(broken);
        bytes.extend(gz(&record("response", "u3", "application/http", &page)));
        let reader = io::BufReader::new(GzMembers::new(io::Cursor::new(bytes)));
        let items: Vec<Item> =
            Records::new("a.warc.gz".into(), Box::new(reader), Limits::default()).collect();
        let urls: Vec<Option<String>> = items
            .iter()
            .map(|i| match i {
                Item::Doc(d) => d.source.url.clone(),
                _ => None,
            })
            .collect();
        assert_eq!(urls.first(), Some(&Some("u1".to_owned())), "{items:?}");
        assert_eq!(urls.last(), Some(&Some("u3".to_owned())), "{items:?}");
        assert!(
            items.iter().any(|i| matches!(i, Item::Failed(_))),
            "{items:?}"
        );
    }

    #[test]
    fn truncated_archive_ends_with_an_error() {
        let page = http("Content-Type: text/html\r\n", PAGE.as_bytes());
        let mut warc = record("response", "u1", "application/http", &page);
        let second = record("response", "u2", "application/http", &page);
        warc.extend_from_slice(&second[..second.len() / 2]);
        let items = read_all(warc);
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1], Item::Failed(f) if f.error.contains("ends inside")));
    }

    #[test]
    fn oversized_record_is_refused_unread() {
        let page = http("Content-Type: text/html\r\n", PAGE.as_bytes());
        let limits = Limits { max_doc_bytes: 100 };
        let mut warc = record("resource", "big", "text/html", &vec![b'a'; 70_000]);
        warc.extend(record("response", "u2", "application/http", &page));
        let items: Vec<Item> =
            Records::new("a.warc".into(), Box::new(io::Cursor::new(warc)), limits).collect();
        assert!(matches!(&items[0], Item::Failed(f) if f.error.contains("too large")));
        // Skipping the block kept the reader in step: the next record is read.
        assert!(matches!(&items[1], Item::Doc(d) if d.source.url.as_deref() == Some("u2")));
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn dechunking() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").as_deref(),
            Some(&b"abcde"[..])
        );
        assert_eq!(dechunk(b"<html>not chunked"), None);
        assert_eq!(dechunk(b"ffffffffffff\r\nabc"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes: Vec<u8>) {
            let mut warc = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n".to_vec();
            warc.extend(bytes);
            let _ = read_all(warc);
        }

        #[test]
        fn http_never_panics(bytes: Vec<u8>) {
            let mut block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
            block.extend(bytes);
            let _ = parse_http(&block, Limits::default());
        }
    }
}

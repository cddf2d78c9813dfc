//! Every reader on its fixtures, and on hostile input: each bad file gives an
//! error item naming the file (and record) or an empty-but-valid record, and
//! reading goes on.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use vigie_doc::{Doc, Format};
use vigie_read::{Item, Limits, SourceKind};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn read(path: &Path) -> Vec<Item> {
    vigie_read::open(path, Limits::default()).collect()
}

fn docs(items: &[Item]) -> Vec<&Doc> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Doc(d) => Some(&**d),
            _ => None,
        })
        .collect()
}

fn only_error(items: &[Item]) -> String {
    match items {
        [Item::Failed(f)] => {
            assert!(f.source.path.is_some());
            f.error.clone()
        }
        other => panic!("expected one error item, got {other:?}"),
    }
}

#[test]
fn windows_1252_text() {
    let items = read(&fixture("encoding/windows-1252.txt"));
    let d = docs(&items);
    assert!(
        d[0].layout.raw.contains("Thérèse Caëtan"),
        "{}",
        d[0].layout.raw
    );
    assert!(d[0].layout.raw.contains("€2.4m"));
    assert!(d[0].layout.raw.contains("“failed to act”"));
}

#[test]
fn iso_8859_15_page_declared_in_meta() {
    let items = read(&fixture("encoding/iso-8859-15.html"));
    let d = docs(&items);
    assert_eq!(d[0].source.format, Format::Html);
    assert!(
        d[0].layout.raw.contains("3 € de plus"),
        "{}",
        d[0].layout.raw
    );
    assert!(
        d[0].layout.raw.contains("un cœur de ville"),
        "{}",
        d[0].layout.raw
    );
}

#[test]
fn windows_1252_meta_charset() {
    let items = read(&fixture("encoding/meta-charset-1252.html"));
    let d = docs(&items);
    assert!(
        d[0].layout.raw.contains("l’usine de Châteaubriant"),
        "{}",
        d[0].layout.raw
    );
}

#[test]
fn double_decoded_text_is_repaired() {
    let items = read(&fixture("encoding/double-decoded.txt"));
    let raw = &docs(&items)[0].layout.raw;
    assert!(raw.contains("Thérèse Caëtan"), "{raw}");
    assert!(raw.contains("à Périgueux"), "{raw}");
    assert!(raw.contains("committee’s report"), "{raw}");
    assert!(!raw.contains('Ã'), "{raw}");
}

#[test]
fn utf16_with_bom() {
    let items = read(&fixture("encoding/utf16-bom.txt"));
    assert!(
        docs(&items)[0]
            .layout
            .raw
            .starts_with("Le syndicat des éleveurs")
    );
}

#[test]
fn rss2_feed() {
    let items = read(&fixture("feeds/rss2.xml"));
    let d = docs(&items);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].source.format, Format::Rss);
    assert_eq!(
        d[0].source.outlet.as_deref(),
        Some("L'Écho de l'Ouest - Bretagne")
    );
    assert_eq!(d[0].published.as_deref(), Some("2026-03-09"));
    assert!(d[0].layout.raw.contains("doubler la capacité"));
    assert!(d[1].layout.raw.contains("médiathèque des Ursulines"));
}

#[test]
fn gzipped_feed_sniffed_through_gzip() {
    let items = read(&fixture("feeds/rss2-gzipped.rss.gz"));
    assert_eq!(docs(&items).len(), 2);
}

#[test]
fn rss1_feed() {
    let items = read(&fixture("feeds/rss1.rdf"));
    let d = docs(&items);
    assert_eq!(
        d[0].title.as_deref(),
        Some("Library hours cut in budget vote")
    );
    assert_eq!(d[0].published.as_deref(), Some("2026-02-09"));
    assert_eq!(d[0].source.outlet.as_deref(), Some("Harrowby Gazette"));
}

#[test]
fn atom_feed() {
    let items = read(&fixture("feeds/atom.xml"));
    let d = docs(&items);
    assert_eq!(d.len(), 2);
    assert_eq!(
        d[0].source.url.as_deref(),
        Some("https://www.meridianwire.example/world/2026/03/05/drones/")
    );
    assert_eq!(d[0].published.as_deref(), Some("2026-03-05"));
    assert!(d[0].layout.raw.contains("did not find the operators"));
    // Falls back to `updated` when there is no `published`.
    assert_eq!(d[1].published.as_deref(), Some("2026-04-18"));
    assert_eq!(d[1].title.as_deref(), Some("Beavers return to Kellsdale"));
}

#[test]
fn json_feed_is_sniffed() {
    let items = read(&fixture("feeds/feed.json"));
    let d = docs(&items);
    assert_eq!(d.len(), 2, "{items:?}");
    assert_eq!(
        d[0].source
            .path
            .as_deref()
            .map(|p| p.ends_with("feed.json#1")),
        Some(true)
    );
    assert!(d[1].layout.raw.contains("place de la Mairie"));
}

#[test]
fn billion_laughs_feed() {
    let items = read(&fixture("hostile/billion-laughs.xml"));
    for item in &items {
        if let Item::Doc(d) = item {
            assert!(d.layout.raw.len() < 1000);
        }
    }
    assert!(!items.is_empty());
}

#[test]
fn all_script_page() {
    // An error, or a record holding only the <noscript> notice: never code.
    match read(&fixture("hostile/all-script.html")).as_slice() {
        [Item::Failed(f)] => assert!(f.error.contains("no article text"), "{}", f.error),
        [Item::Doc(d)] => {
            assert!(d.layout.raw.len() < 40, "{}", d.layout.raw);
            assert!(!d.layout.raw.contains("cfg"), "{}", d.layout.raw);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn binary_file() {
    let e = only_error(&read(&fixture("hostile/binary.html")));
    assert!(e.contains("binary"), "{e}");
}

#[test]
fn truncated_gzip() {
    let e = only_error(&read(&fixture("hostile/truncated.html.gz")));
    assert!(e.contains("truncated"), "{e}");
}

#[test]
fn unclosed_html() {
    let items = read(&fixture("hostile/unclosed.html"));
    assert_eq!(items.len(), 1);
    if let [Item::Doc(d)] = items.as_slice() {
        assert!(d.layout.raw.contains("le budget lundi soir"));
    }
}

#[test]
fn deeply_nested_html() {
    let depth = 100_000;
    let started = std::time::Instant::now();
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str(
        "<p>Le texte au fond de la page, qui décrit le vote du budget municipal lundi soir.</p>",
    );
    page.push_str(&"</div>".repeat(depth / 2));
    let items: Vec<Item> = vigie_read::open_reader(
        "deep.html",
        Some(SourceKind::Html),
        Box::new(std::io::Cursor::new(page.into_bytes())),
        Limits::default(),
    )
    .collect();
    let e = only_error(&items);
    assert!(e.contains("nested more than"), "{e}");
    assert!(started.elapsed().as_secs() < 5);
    // Just under the limit, a page is parsed and read, without overflowing
    // a test thread's 2 MB stack.
    let depth = vigie_read::MAX_DEPTH - 20;
    let page = format!(
        "<html><body>{}<p>Le conseil municipal a voté le budget lundi soir après un long débat sur les écoles et la voirie.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let items: Vec<Item> = vigie_read::open_reader(
        "deep.html",
        Some(SourceKind::Html),
        Box::new(std::io::Cursor::new(page.into_bytes())),
        Limits::default(),
    )
    .collect();
    assert_eq!(items.len(), 1, "{items:?}");
}

/// A stream of `n` bytes that never holds them: the "2 GB file".
struct Endless {
    left: u64,
    byte: u8,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (buf.len() as u64).min(self.left) as usize;
        buf[..n].fill(self.byte);
        self.left -= n as u64;
        Ok(n)
    }
}

#[test]
fn two_gigabyte_page_is_refused_after_the_limit() {
    let limits = Limits {
        max_doc_bytes: 1 << 20,
    };
    for kind in [SourceKind::Html, SourceKind::Text, SourceKind::Feed] {
        let stream = Endless {
            left: 2 << 30,
            byte: b'a',
        };
        let items: Vec<Item> =
            vigie_read::open_reader("huge", Some(kind), Box::new(stream), limits).collect();
        let e = only_error(&items);
        assert!(e.contains("too large"), "{kind:?}: {e}");
    }
}

#[test]
fn sparse_file_in_a_warc_is_streamed_past() {
    // A WARC whose first record claims 300 MB (a sparse file: zeros on disk
    // for free) and a page after it: the big block is skipped as it streams,
    // never held, and the page is still read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.warc");
    let big: u64 = 300 << 20;
    let mut f = std::fs::File::create(&path).unwrap();
    write!(
        f,
        "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: video/mp4\r\nContent-Length: {big}\r\n\r\n"
    )
    .unwrap();
    let start = f.metadata().unwrap().len();
    f.set_len(start + big).unwrap();
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    let page = "<html><body><article><h1>Titre</h1><p>Le conseil municipal a voté le budget lundi soir après un long débat sur les écoles.</p><p>L'opposition a voté contre le texte.</p></article></body></html>";
    write!(
        f,
        "\r\n\r\nWARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.example/p\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}\r\n\r\n",
        page.len()
    )
    .unwrap();
    drop(f);
    let items: Vec<Item> = vigie_read::open(
        &path,
        Limits {
            max_doc_bytes: 1 << 20,
        },
    )
    .collect();
    let d = docs(&items);
    assert_eq!(d.len(), 1, "{items:?}");
    assert_eq!(d[0].source.url.as_deref(), Some("https://x.example/p"));
    assert!(matches!(items.last(), Some(Item::Note(n)) if n.message.contains("video/mp4")));
}

fn warc_record(uri: &str, page: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-10T08:00:00Z\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
    .into_bytes()
}

#[test]
fn small_warc_gz_built_here() {
    let pages: Vec<(String, String)> = [
        "01-fr-port-greve",
        "02-en-council-budget",
        "04-en-rail-strike",
    ]
    .iter()
    .map(|n| {
        (
            format!("https://news.example/{n}"),
            std::fs::read_to_string(fixture(&format!("html/{n}.html"))).unwrap(),
        )
    })
    .collect();
    let mut archive = Vec::new();
    for (i, (uri, page)) in pages.iter().enumerate() {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        if i == 1 {
            // The second record is cut short: its Content-Length lies.
            let mut rec = warc_record(uri, page);
            rec.truncate(rec.len() - 200);
            rec.extend_from_slice(b"\r\n\r\n");
            gz.write_all(&rec).unwrap();
        } else {
            gz.write_all(&warc_record(uri, page)).unwrap();
        }
        archive.extend(gz.finish().unwrap());
    }
    let dir = tempfile::tempdir().unwrap();
    // No telling extension: the WARC is recognised by its content.
    let path = dir.path().join("crawl.bin.gz");
    std::fs::write(&path, &archive).unwrap();
    let items = read(&path);
    let shown = path.display().to_string();
    let summary: Vec<String> = items
        .iter()
        .map(|i| match i {
            Item::Doc(d) => format!("doc {}", d.source.path.as_deref().unwrap_or("")),
            Item::Failed(f) => format!("error {}", f.source.path.as_deref().unwrap_or("")),
            Item::Note(n) => format!("note {}", n.message),
        })
        .collect();
    assert_eq!(
        summary,
        [
            format!("doc {shown}#1"),
            format!("error {shown}#2"),
            format!("doc {shown}#3")
        ]
    );
    let d = docs(&items);
    assert_eq!(d[0].source.format, Format::Warc);
    assert_eq!(
        d[0].title.as_deref(),
        Some("Grève au port de Marseille : les dockers bloquent trois terminaux")
    );
    // The page's own date wins over the crawl date.
    assert_eq!(d[0].published.as_deref(), Some("2026-03-14"));
    assert_eq!(
        d[1].source.url.as_deref(),
        Some("https://news.example/04-en-rail-strike")
    );
}

#[test]
fn extensions_and_sniffing() {
    let kind = |name: &str| SourceKind::from_name(Path::new(name));
    assert_eq!(kind("a.warc.gz"), Some(SourceKind::Warc));
    assert_eq!(kind("a.HTM"), Some(SourceKind::Html));
    assert_eq!(kind("a.atom"), Some(SourceKind::Feed));
    assert_eq!(kind("a.json"), None);
    // HTML saved as .txt is read as HTML.
    let page = std::fs::read(fixture("html/02-en-council-budget.html")).unwrap();
    let items: Vec<Item> = vigie_read::open_reader(
        "page.txt",
        Some(SourceKind::Text),
        Box::new(std::io::Cursor::new(page)),
        Limits::default(),
    )
    .collect();
    assert_eq!(docs(&items)[0].source.format, Format::Html);
}

#[test]
fn directory_walk_picks_up_new_kinds() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.html", "b.warc.gz", "c.rss", "d.png", "e.json"] {
        std::fs::write(dir.path().join(name), b"x").unwrap();
    }
    let found: Vec<String> = vigie_read::expand(&[dir.path().to_owned()])
        .into_iter()
        .filter_map(Result::ok)
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(found, ["a.html", "b.warc.gz", "c.rss"]);
}

fn read_page(bytes: Vec<u8>) -> Vec<Item> {
    vigie_read::open_reader(
        "hostile.html",
        Some(SourceKind::Html),
        Box::new(std::io::Cursor::new(bytes)),
        Limits::default(),
    )
    .collect()
}

const BODY: &str = "<p>Le conseil municipal a voté le budget lundi soir après un long débat sur les écoles, la voirie et les horaires des bibliothèques de quartier.</p>";

#[test]
fn huge_attributes_and_many_siblings() {
    let started = std::time::Instant::now();
    let page = format!(
        r#"<html><body><div class="{}" data-x="{}">{BODY}</div><ul>{}</ul></body></html>"#,
        "related ".repeat(200_000),
        "x".repeat(4_000_000),
        "<li class=\"c\"><a href=\"/\"><h3>t</h3></a></li>".repeat(50_000)
    );
    let items = read_page(page.into_bytes());
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn invalid_utf8_and_truncated_pages() {
    let mut bytes = format!(
        "<html lang=\"fr\"><head><meta charset=\"utf-8\"></head><body><article>{BODY}{BODY}"
    )
    .into_bytes();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]);
    bytes.extend_from_slice(BODY.as_bytes());
    // Cut inside a tag and inside an attribute, as a dropped connection leaves it.
    bytes.extend_from_slice(b"<p class=\"end");
    match read_page(bytes).as_slice() {
        [Item::Doc(d)] => assert!(d.layout.raw.contains("long débat"), "{}", d.layout.raw),
        [Item::Failed(f)] => assert!(!f.error.is_empty()),
        other => panic!("{other:?}"),
    }
    // Nothing but the start of a tag: a clear error, no panic.
    let e = only_error(&read_page(b"<html><body><div class=\"a".to_vec()));
    assert!(!e.is_empty());
}

//! HTML pages: the article's text and metadata, without the page around it.
//!
//! The page's furniture (navigation, asides, comment threads, paywall,
//! newsletter and consent boxes, teaser cards, a later story appended by
//! infinite scroll) is removed first, by markup alone; the main text then
//! comes from rs-trafilatura, with the trafilatura port where rs-trafilatura
//! returns little or reads a layout table, and the JSON-LD `articleBody` last
//! (see `combined_body`; the figures of each choice are in ARCHITECTURE.md).
//! Metadata is read here rather than taken from either extractor, each value
//! with where it was found: trafilatura dates a page from its "© 2026" footer when
//! nothing better is found, and the article's own date must always win, so
//! only dates the page states about the article are used (JSON-LD,
//! `article:published_time`, `<time datetime>`, a date in the URL).

use std::io::BufRead;

use dom_query::{Document as DomDocument, NodeRef};
use trafilatura::dom::{Document, NodeId};
use vigie_doc::{Doc, Format, Layout, Source};

use crate::decode::{decode_declared, sniff_declared_charset};
use crate::input::{read_bounded, source_for};
use crate::{Error, Item, Limits};

/// What a page says about its article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The headline.
    pub title: Option<String>,
    /// Headline, standfirst, byline, captions and body paragraphs, one
    /// paragraph per line, paragraphs separated by a blank line.
    pub text: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The publishing outlet's name.
    pub outlet: Option<String>,
    /// The canonical URL.
    pub url: Option<String>,
    /// ISO 639-1 code, only when the page declares it consistently.
    pub lang: Option<String>,
    /// The author(s), as the page names them.
    pub author: Option<String>,
    /// Where each field above came from (`"published"` →
    /// `"json-ld:datePublished"`), for the record's `source.provenance`.
    pub provenance: std::collections::BTreeMap<String, String>,
}

/// Reads one HTML file (or stdin) as one document.
pub(crate) fn read(shown: &str, mut reader: Box<dyn BufRead + Send>, limits: Limits) -> Item {
    let source = source_for(shown, Format::Html);
    let bytes = match read_bounded(&mut reader, limits.max_doc_bytes) {
        Ok(b) => b,
        Err(e) => return Item::failed(source, &e),
    };
    page_item(source, &bytes, None)
}

/// Turns the bytes of a page into a document item: `source` is filled from
/// the page's metadata where it is empty, `charset` is a transport-level
/// declaration (an HTTP header) that outranks the page's own.
pub(crate) fn page_item(mut source: Source, bytes: &[u8], charset: Option<&str>) -> Item {
    let declared = charset
        .map(str::to_owned)
        .or_else(|| sniff_declared_charset(bytes));
    let html = match decode_declared(bytes, declared.as_deref()) {
        Ok(d) => d.text,
        Err(e) => return Item::failed(source, &e),
    };
    if nesting_depth(&html, MAX_DEPTH) > MAX_DEPTH {
        return Item::failed(source, &Error::TooDeep { limit: MAX_DEPTH });
    }
    let mut article = extract_article(&html);
    if article.text.trim().is_empty() {
        return Item::failed(source, &Error::NoArticle);
    }
    // A URL or outlet the transport gave (a WARC record's target URI)
    // outranks the page's own, and so does its provenance.
    if source.url.is_none() {
        source.url = article.url;
    } else {
        article.provenance.remove("url");
    }
    if source.outlet.is_none() {
        source.outlet = article.outlet;
    } else {
        article.provenance.remove("outlet");
    }
    source.author = article.author;
    source.provenance = article.provenance;
    Item::Doc(Box::new(Doc {
        source,
        title: article.title,
        published: article.published,
        lang: article.lang,
        layout: Layout {
            raw: article.text,
            ..Layout::default()
        },
        ..Doc::default()
    }))
}

/// Deepest element nesting a page may have. Real pages stay under ~60 levels;
/// Blink also stops nesting at 512. Deeper trees make html5ever quadratic and
/// the extractors' recursive walks overflow the stack.
pub const MAX_DEPTH: usize = 512;

/// Elements a later sibling closes implicitly; counting them would make a page
/// of unclosed `<p>`s look deep.
const AUTO_CLOSED: &[&str] = &[
    "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "tbody", "thead", "tfoot",
    "colgroup", "rb", "rt", "rp", "caption",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame",
];

/// An upper estimate of the page's element nesting, from a byte scan of its
/// tags, stopping once past `stop`.
pub fn nesting_depth(html: &str, stop: usize) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            match html.get(i..).unwrap_or_default().find("-->") {
                Some(end) => i += end + 3,
                None => break,
            }
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            continue;
        }
        let name = html
            .get(start..start + len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if AUTO_CLOSED.contains(&name.as_str()) || VOID.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let tag_end = bytes[start..].iter().position(|&b| b == b'>');
        if tag_end.is_some_and(|e| e > 0 && bytes[start + e - 1] == b'/') {
            continue;
        }
        if matches!(name.as_str(), "script" | "style") {
            // Their content is text, whatever it looks like.
            let close = format!("</{name}");
            match find_ignore_case(&bytes[start..], close.as_bytes()) {
                Some(end) => i = start + end,
                None => break,
            }
            continue;
        }
        depth += 1;
        max = max.max(depth);
        if max > stop {
            break;
        }
    }
    max
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Extracts the article of a page. Never fails: a page with no article, or
/// nested deeper than [`MAX_DEPTH`], gives an empty `text`.
pub fn extract_article(html: &str) -> Article {
    if nesting_depth(html, MAX_DEPTH) > MAX_DEPTH {
        return Article::default();
    }
    // One parse serves the metadata, then the pruning.
    let doc = DomDocument::from(html);
    let meta = Meta::read(&doc);
    let body = combined_body(html, doc, &meta);
    let title = meta.title();
    let mut text = String::with_capacity(body.len() + 1024);
    // The body has no headline, standfirst, byline or captions (metadata or
    // furniture to extractors); the record's text has them, as the printed
    // article does, each once.
    if !body.is_empty() {
        let head = title
            .iter()
            .map(|t| &t.0)
            .chain(&meta.standfirst)
            .chain(&meta.byline);
        for part in head.chain(&meta.captions) {
            if !body.contains(part.as_str()) && !text.contains(part.as_str()) {
                text.push_str(part);
                text.push_str("\n\n");
            }
        }
    }
    text.push_str(&body);
    let mut provenance = std::collections::BTreeMap::new();
    let mut keep = |field: &str, found: Option<(String, &'static str)>| {
        found.map(|(value, from)| {
            provenance.insert(field.to_owned(), from.to_owned());
            value
        })
    };
    Article {
        title: keep("title", title),
        text,
        published: keep("published", meta.published()),
        outlet: keep("outlet", meta.outlet()),
        url: keep("url", meta.url()),
        lang: keep("lang", meta.lang()),
        author: keep("author", meta.author()),
        provenance,
    }
}

/// The ways of finding a page's article body that the evaluation
/// (tests/html_eval.rs) compares; the reader uses [`Extractor::Vigie`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extractor {
    /// The trafilatura port alone.
    Trafilatura,
    /// rs-trafilatura alone, default options.
    RsTrafilatura,
    /// The trafilatura port on the page without its furniture.
    PrunedTrafilatura,
    /// rs-trafilatura on the page without its furniture.
    PrunedRs,
    /// The reader's choice: see `combined_body`.
    Vigie,
}

impl Extractor {
    /// Every extractor, in the order the evaluation prints them.
    pub const ALL: [Extractor; 5] = [
        Extractor::Trafilatura,
        Extractor::RsTrafilatura,
        Extractor::PrunedTrafilatura,
        Extractor::PrunedRs,
        Extractor::Vigie,
    ];
}

/// The article body alone (no headline, standfirst, byline or captions),
/// one paragraph per line, blank-line separated, as `extractor` finds it.
/// A page nested deeper than [`MAX_DEPTH`] gives nothing.
pub fn article_body(html: &str, extractor: Extractor) -> String {
    if nesting_depth(html, MAX_DEPTH) > MAX_DEPTH {
        return String::new();
    }
    let doc = DomDocument::from(html);
    let meta = Meta::read(&doc);
    match extractor {
        Extractor::Trafilatura => legacy_body(html),
        Extractor::RsTrafilatura => rs_body(html),
        Extractor::PrunedTrafilatura => {
            without_head(&legacy_body(&prune_furniture(doc).html), &meta)
        }
        Extractor::PrunedRs => without_head(&rs_body(&prune_furniture(doc).html), &meta),
        Extractor::Vigie => combined_body(html, doc, &meta),
    }
}

/// Class and id tokens of page furniture (see the file's header).
const FURNITURE_TOKENS: &str = include_str!("../data/boilerplate_classes.txt");

/// Elements that are page furniture whatever their class.
const FURNITURE_TAGS: &[&str] = &[
    "nav",
    "aside",
    "footer",
    "amp-sidebar",
    "amp-ad",
    "amp-consent",
    "amp-social-share",
    "button",
];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &["navigation", "complementary", "contentinfo", "dialog"];

/// The page without its furniture: navigation, asides, footers, comment
/// threads, paywall and newsletter boxes, ads, consent banners, lists of
/// teaser cards, and any later story an infinite-scroll page appended after
/// the one its headline names. Extractors score blocks by their text and
/// links; removing what the markup itself marks as furniture first keeps
/// their long-text blocks (comments, teaser summaries, consent notices) out.
fn prune_furniture(doc: DomDocument) -> Pruned {
    let tokens: Vec<&str> = FURNITURE_TOKENS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut doomed = Vec::new();
    let mut articles = Vec::new();
    let mut elements = 0;
    for node in doc.root().descendants_it() {
        if !node.is_element() {
            continue;
        }
        elements += 1;
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if name == "article" {
            articles.push(node.id);
        }
        if name == "body" || name == "html" || name == "main" {
            continue;
        }
        let role = node.attr("role").map(|r| r.to_ascii_lowercase());
        let marks = format!(
            "{} {}",
            node.class().unwrap_or_default(),
            node.id_attr().unwrap_or_default()
        )
        .to_ascii_lowercase();
        let furniture = FURNITURE_TAGS.contains(&name.as_str())
            || role.is_some_and(|r| FURNITURE_ROLES.contains(&r.as_str()))
            || marks
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|t| tokens.contains(&t))
            || is_card_list(&node);
        if furniture {
            doomed.push(node.id);
        }
    }
    // An infinite-scroll page: the story is the <article> holding the <h1>;
    // other articles outside it are other stories (or teasers of them).
    let main = articles.iter().copied().find(|&id| {
        NodeRef::new(id, &doc.tree)
            .descendants_it()
            .any(|d| d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("h1")))
    });
    if let Some(main) = main {
        let main_node = NodeRef::new(main, &doc.tree);
        let inside_main = |id| {
            NodeRef::new(id, &doc.tree)
                .ancestors_it(None)
                .any(|a| a.id == main)
        };
        for &id in &articles {
            let contains_main = main_node.ancestors_it(None).any(|a| a.id == id);
            if id != main && !contains_main && !inside_main(id) {
                doomed.push(id);
            }
        }
    }
    // A class token on a wrapper of the headline ("page social-enabled")
    // says nothing about the article inside: the headline's ancestors stay.
    let headline_line: Vec<_> = doc
        .select("h1")
        .nodes()
        .first()
        .map(|h| h.ancestors_it(None).map(|a| a.id).collect())
        .unwrap_or_default();
    for id in doomed {
        if !headline_line.contains(&id) {
            NodeRef::new(id, &doc.tree).remove_from_parent();
        }
    }
    Pruned {
        html: doc.html().to_string(),
        elements,
    }
}

/// A page without its furniture.
struct Pruned {
    html: String,
    /// Elements of the whole page.
    elements: usize,
}

/// A list of teaser cards: three or more element children sharing a class,
/// each mostly a link with a heading in it (other stories, "read also").
fn is_card_list(node: &NodeRef) -> bool {
    let children = node.element_children();
    if children.len() < 3 {
        return false;
    }
    // The class most children share.
    let mut classes: Vec<String> = children
        .iter()
        .filter_map(|c| c.class().map(|c| c.to_string()))
        .filter(|c| !c.is_empty())
        .collect();
    classes.sort_unstable();
    let Some(shared) = classes
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| run.len())
        .and_then(|run| run.first())
    else {
        return false;
    };
    let mut cards = 0;
    for child in &children {
        if child.class().as_deref() != Some(shared.as_str()) {
            continue;
        }
        let linked_heading = child.descendants_it().any(|d| {
            d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("a"))
                && d.descendants_it().any(|h| {
                    h.node_name().is_some_and(|n| {
                        matches!(n.to_ascii_lowercase().as_str(), "h2" | "h3" | "h4")
                    })
                })
        });
        if linked_heading && child.text().len() < 400 {
            cards += 1;
        }
    }
    cards >= 3 && cards * 2 >= children.len()
}

/// Paragraphs longer than this are body text, whatever names they contain.
const HEAD_LINE_MAX: usize = 200;

/// The body without the parts the record's text puts at its head (headline,
/// standfirst, byline) and without copyright lines: extractors keep these
/// when they sit inside the article's container.
fn without_head(body: &str, meta: &Meta) -> String {
    let title = meta.title().map(|t| t.0);
    // Compared on letters and digits alone: extractors respace punctuation
    // ("européen : les" comes back as "européen: les").
    let fixed: Vec<String> = [
        &title,
        &meta.h1,
        &meta.title_tag,
        &meta.standfirst,
        &meta.byline,
    ]
    .into_iter()
    .flatten()
    .map(|t| letters_digits(t))
    .collect();
    let author = meta.author().map(|a| a.0).unwrap_or_default();
    let names: Vec<&str> = author
        .split(", ")
        .filter(|n| n.split_whitespace().count() >= 2)
        .collect();
    let kept: Vec<&str> = body
        .split("\n\n")
        .filter(|p| {
            let short = p.len() <= HEAD_LINE_MAX;
            !(fixed.contains(&letters_digits(p))
                || short && p.contains('\u{a9}')
                || short && names.iter().any(|n| p.contains(n)))
        })
        .collect();
    kept.join("\n\n")
}

/// Bodies shorter than this are "little": the next extractor is tried.
const LITTLE: usize = 200;

/// Pages with more elements than this get one extractor run. News pages
/// have 1,000 to 15,000; past this, each run takes seconds.
const SECOND_RUN_MAX_ELEMENTS: usize = 20_000;

/// The body the reader keeps: rs-trafilatura on the page without its
/// furniture (on the whole page if that leaves little); the trafilatura port
/// instead when rs-trafilatura returned little or read a layout table (it
/// joins a table's cells into one " | "-separated line, navigation included);
/// the JSON-LD `articleBody` when both return little. Headline, standfirst,
/// byline and copyright lines are then taken out.
fn combined_body(html: &str, doc: DomDocument, meta: &Meta) -> String {
    let pruned = prune_furniture(doc);
    let mut body = rs_body(&pruned.html);
    // Both extractors grow faster than linearly with the page's elements:
    // a second or third run is only for pages of a real page's size.
    let second_run = pruned.elements <= SECOND_RUN_MAX_ELEMENTS;
    if body.len() < LITTLE && second_run {
        body = rs_body(html);
    }
    if second_run && (body.len() < LITTLE || layout_table(&body)) {
        let port = legacy_body(&pruned.html);
        if port.len() >= LITTLE || body.len() < LITTLE && port.len() > body.len() {
            body = port;
        }
    }
    if body.len() < LITTLE
        && let Some(ld) = meta.ld_body.as_deref().filter(|b| b.len() >= LITTLE)
    {
        body = paragraphs(ld);
    }
    without_head(&body, meta)
}

/// The lowercase letters and digits of a text, for comparing lines that
/// differ in spacing and punctuation.
fn letters_digits(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether most of a body is one line of " | "-joined cells: a page laid out
/// with a table, read as data.
fn layout_table(body: &str) -> bool {
    let widest = body
        .split("\n\n")
        .filter(|p| p.matches(" | ").count() >= 2)
        .map(str::len)
        .max()
        .unwrap_or(0);
    widest * 2 > body.len()
}

/// The trafilatura port's body.
fn legacy_body(html: &str) -> String {
    let doc = Document::parse(html);
    let mut opts = trafilatura::Options::default();
    opts.exclude_comments = true;
    opts.enable_fallback = true;
    opts.html_date_mode = trafilatura::HtmlDateMode::Disabled;
    match trafilatura::extract_document(doc, &opts) {
        // content_text runs paragraphs together; the HTML keeps them apart.
        Ok(r) => fragment_text(&r.content_html),
        Err(_) => String::new(),
    }
}

/// rs-trafilatura's body. It is run under `catch_unwind`: it slices strings
/// at byte offsets in places, and a panic there must cost the page its body
/// from this extractor, not the run.
fn rs_body(html: &str) -> String {
    let run = || match rs_trafilatura::extract(html) {
        Ok(r) => paragraphs(&r.content_text),
        Err(_) => String::new(),
    };
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        // It keeps per-thread state across a run ("comments are content" on
        // forum pages), reset at the end of every run: one run on an empty
        // page puts it back for the next page on this thread.
        let _ = std::panic::catch_unwind(|| rs_trafilatura::extract("<html></html>"));
        String::new()
    })
}

/// One paragraph per non-blank line, blank-line separated, inner whitespace
/// collapsed: the layout the clean stage expects in `layout.raw`.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut first = true;
        for word in line.split_whitespace() {
            if first {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// The text of an HTML fragment (a feed item's content), one paragraph per
/// block element. Fragments carry no boilerplate, so nothing is removed but
/// scripts and styles. A fragment nested deeper than [`MAX_DEPTH`] gives
/// nothing.
pub fn fragment_text(html: &str) -> String {
    if nesting_depth(html, MAX_DEPTH) > MAX_DEPTH {
        return String::new();
    }
    let doc = Document::parse(html);
    let mut out = String::new();
    let mut line = String::new();
    // Iterative walk: nesting depth is the input's to choose.
    let mut stack: Vec<(NodeId, bool)> = vec![(doc.root(), false)];
    while let Some((id, leaving)) = stack.pop() {
        if leaving {
            flush(&mut out, &mut line);
            continue;
        }
        if doc.is_text(id) {
            line.push_str(&doc.text_content(id));
            continue;
        }
        if !doc.is_element(id) && id != doc.root() {
            continue;
        }
        let tag = if id == doc.root() {
            ""
        } else {
            doc.tag_name(id)
        };
        if matches!(
            tag,
            "script" | "style" | "noscript" | "template" | "head" | "iframe" | "svg"
        ) {
            continue;
        }
        let block = is_block(tag);
        if block || tag == "br" {
            flush(&mut out, &mut line);
        }
        if block {
            stack.push((id, true));
        }
        for child in doc.child_nodes(id).into_iter().rev() {
            stack.push((child, false));
        }
    }
    flush(&mut out, &mut line);
    out
}

fn flush(out: &mut String, line: &mut String) {
    let para = paragraphs(line);
    if !para.is_empty() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&para.replace("\n\n", " "));
    }
    line.clear();
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "figcaption"
            | "figure"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "pre"
            | "dd"
            | "dt"
            | "hr"
            | "body"
    )
}

/// Metadata gathered from `<head>`, JSON-LD and the page's markup.
#[derive(Debug, Default)]
struct Meta {
    ld_headline: Option<String>,
    ld_body: Option<String>,
    ld_published: Option<String>,
    ld_publisher: Option<String>,
    ld_lang: Option<String>,
    ld_url: Option<String>,
    og_title: Option<String>,
    og_site: Option<String>,
    og_url: Option<String>,
    og_locale: Option<String>,
    meta_published: Option<String>,
    meta_date: Option<String>,
    app_name: Option<String>,
    content_language: Option<String>,
    canonical: Option<String>,
    html_lang: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    time_datetime: Option<String>,
    author: Option<String>,
    ld_author: Option<String>,
    itemprop_author: Option<String>,
    published_key: Option<String>,
    date_key: Option<String>,
    description: Option<String>,
    standfirst: Option<String>,
    byline: Option<String>,
    captions: Vec<String>,
}

/// JSON-LD types whose fields describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
];

/// Where news sites put the standfirst (chapô, dek, lead).
const STANDFIRST: &str = ".standfirst, .article__desc, .article-desc, .chapo, .chapeau, .lead, \
    .intro, .subtitle, .sub-title, .dek, .deck, .summary-list, .article-summary, .excerpt, \
    [itemprop=description], [data-testid=standfirst]";

/// Where news sites put the byline.
const BYLINE: &str = ".byline, .author, .auteur, .signature, .article__author, [rel=author], \
    [itemprop=author], [data-testid=AuthorByline], [data-component=byline-block] .name";

/// A node inside navigation, asides, footers or comments belongs to the page, not the article.
fn in_boilerplate(node: &NodeRef) -> bool {
    let mut cur = Some(*node);
    for _ in 0..64 {
        let Some(n) = cur else { return false };
        if n.is_element() {
            let name = n
                .node_name()
                .map(|t| t.to_ascii_lowercase())
                .unwrap_or_default();
            if matches!(name.as_str(), "nav" | "aside" | "footer" | "form") {
                return true;
            }
            let marks = format!(
                "{} {}",
                n.class().unwrap_or_default(),
                n.id_attr().unwrap_or_default()
            )
            .to_ascii_lowercase();
            if [
                "comment",
                "related",
                "most-read",
                "sidebar",
                "widget",
                "footer",
                "cookie",
            ]
            .iter()
            .any(|m| marks.contains(m))
            {
                return true;
            }
        }
        cur = n.parent();
    }
    false
}

/// JSON-LD blocks larger than this are not parsed (real ones are a few kB).
const MAX_JSON_LD: usize = 256 * 1024;

/// The collapsed text of a node.
fn text_of(node: &NodeRef) -> String {
    clean(&node.text())
}

impl Meta {
    fn read(doc: &DomDocument) -> Meta {
        let mut m = Meta::default();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content").map(|c| clean(&c)) else {
                continue;
            };
            if content.is_empty() {
                continue;
            }
            let key = node
                .attr("property")
                .or_else(|| node.attr("name"))
                .or_else(|| node.attr("itemprop"))
                .or_else(|| node.attr("http-equiv"))
                .map(|k| k.to_ascii_lowercase())
                .unwrap_or_default();
            let slot = match key.as_str() {
                "og:title" => &mut m.og_title,
                "og:site_name" => &mut m.og_site,
                "og:url" => &mut m.og_url,
                "og:locale" => &mut m.og_locale,
                "article:published_time" | "datepublished" | "article.published" => {
                    &mut m.meta_published
                }
                "date" | "dc.date" | "dc.date.issued" | "dcterms.date" | "pubdate"
                | "publish-date" | "publication_date" | "parsely-pub-date" | "sailthru.date" => {
                    &mut m.meta_date
                }
                "application-name" => &mut m.app_name,
                "content-language" => &mut m.content_language,
                "author" | "article:author" => &mut m.author,
                "description" | "og:description" => &mut m.description,
                _ => continue,
            };
            slot.get_or_insert(content);
            // Which of the many date keys spoke, for the provenance.
            if m.meta_published.is_some() && m.published_key.is_none() {
                m.published_key = Some(format!("meta:{key}"));
            }
            if m.meta_date.is_some() && m.date_key.is_none() {
                m.date_key = Some(format!("meta:{key}"));
            }
        }
        m.itemprop_author = doc
            .select("[itemprop=author] [itemprop=name], [itemprop=author]")
            .nodes()
            .iter()
            .map(text_of)
            .find(|n| (3..=120).contains(&n.len()));
        for node in doc.select("link[rel=canonical]").nodes() {
            if let Some(href) = node.attr("href") {
                m.canonical.get_or_insert(clean(&href));
            }
        }
        let first = |sel: &str| doc.select(sel).nodes().first().copied();
        if let Some(node) = first("html") {
            m.html_lang = node.attr("lang").map(|l| clean(&l));
        }
        m.title_tag = first("title")
            .map(|n| text_of(&n))
            .filter(|t| !t.is_empty());
        m.h1 = first("h1").map(|n| text_of(&n)).filter(|t| !t.is_empty());
        m.time_datetime = doc
            .select("time[datetime]")
            .nodes()
            .iter()
            .find_map(|n| n.attr("datetime").and_then(|d| iso_date(&d)));
        m.read_furniture(doc);
        for node in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
            let text = node.text();
            if text.len() > MAX_JSON_LD {
                continue;
            }
            // serde_json stops at 128 levels of nesting, so a hostile block
            // cannot exhaust the stack.
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(text.trim()) {
                m.read_json_ld(&value);
            }
        }
        m
    }

    /// Standfirst, byline and captions: the parts of an article that
    /// extractors drop, found by the class names and elements news sites
    /// use for them.
    fn read_furniture(&mut self, doc: &DomDocument) {
        self.standfirst = doc
            .select(STANDFIRST)
            .nodes()
            .iter()
            .filter(|n| !in_boilerplate(n))
            .map(text_of)
            .find(|t| (40..=800).contains(&t.len()));
        // A meta description shown on the page is its standfirst.
        if self.standfirst.is_none()
            && let Some(desc) = &self.description
        {
            let shown = doc
                .select("p, h2, div, li")
                .nodes()
                .iter()
                .any(|n| n.element_children().len() <= 2 && text_of(n) == *desc);
            if shown {
                self.standfirst = Some(desc.clone());
            }
        }
        self.byline = doc
            .select(BYLINE)
            .nodes()
            .iter()
            .filter(|n| !in_boilerplate(n))
            .map(text_of)
            .find(|t| (3..=120).contains(&t.len()));
        for node in doc.select("figcaption").nodes() {
            let t = text_of(node);
            if t.len() >= 10 && !in_boilerplate(node) && !self.captions.contains(&t) {
                self.captions.push(t);
            }
        }
    }

    fn read_json_ld(&mut self, value: &serde_json::Value) {
        use serde_json::Value;
        // Breadth-first over arrays and `@graph`, without recursion.
        let mut queue: Vec<&Value> = vec![value];
        let mut seen = 0;
        while let Some(v) = queue.pop() {
            seen += 1;
            if seen > 1000 {
                break;
            }
            match v {
                Value::Array(items) => queue.extend(items.iter().rev()),
                Value::Object(obj) => {
                    if let Some(graph) = obj.get("@graph") {
                        queue.push(graph);
                    }
                    let is_article = match obj.get("@type") {
                        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                        Some(Value::Array(ts)) => ts
                            .iter()
                            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                        _ => false,
                    };
                    if !is_article || self.ld_headline.is_some() {
                        continue;
                    }
                    let s = |k: &str| obj.get(k).and_then(Value::as_str).map(clean);
                    self.ld_headline = s("headline").filter(|h| !h.is_empty());
                    self.ld_body = obj
                        .get("articleBody")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    self.ld_published = s("datePublished").and_then(|d| iso_date(&d));
                    self.ld_lang = s("inLanguage");
                    self.ld_url = s("url").or_else(|| match obj.get("mainEntityOfPage") {
                        Some(Value::String(u)) => Some(clean(u)),
                        Some(Value::Object(o)) => o.get("@id").and_then(Value::as_str).map(clean),
                        _ => None,
                    });
                    self.ld_publisher = match obj.get("publisher") {
                        Some(Value::Object(p)) => p.get("name").and_then(Value::as_str).map(clean),
                        Some(Value::String(p)) => Some(clean(p)),
                        _ => None,
                    };
                    let names: Vec<String> = match obj.get("author") {
                        Some(Value::Array(a)) => a.iter().filter_map(person_name).collect(),
                        Some(a) => person_name(a).into_iter().collect(),
                        None => Vec::new(),
                    };
                    if !names.is_empty() {
                        self.ld_author = Some(names.join(", "));
                    }
                }
                _ => {}
            }
        }
    }

    // Each getter returns the value and where it was found.

    fn title(&self) -> Option<(String, &'static str)> {
        let at = |v: &Option<String>, from| v.clone().map(|v| (v, from));
        at(&self.ld_headline, "json-ld:headline")
            .or_else(|| at(&self.og_title, "og:title"))
            .or_else(|| at(&self.h1, "h1"))
            .or_else(|| {
                let t = self.title_tag.as_deref()?;
                Some((self.strip_site(t), "title"))
            })
    }

    /// "Headline | Section | Outlet" → "Headline", when the tail names the outlet.
    fn strip_site(&self, title: &str) -> String {
        if let Some((outlet, _)) = self.outlet() {
            for sep in [" | ", " - ", " – ", " — ", " : "] {
                if let Some((head, tail)) = title.split_once(sep)
                    && tail.contains(outlet.as_str())
                {
                    return head.trim().to_owned();
                }
            }
        }
        title.to_owned()
    }

    /// Only dates the page states about the article: never a "© 2026" footer.
    fn published(&self) -> Option<(String, &'static str)> {
        let meta_key = |k: &Option<String>| match k.as_deref() {
            Some("meta:article:published_time") => "meta:article:published_time",
            Some("meta:datepublished") => "meta:datePublished",
            _ => "meta:date",
        };
        if let Some(d) = self.ld_published.clone() {
            return Some((d, "json-ld:datePublished"));
        }
        if let Some(d) = self.meta_published.as_deref().and_then(iso_date) {
            return Some((d, meta_key(&self.published_key)));
        }
        if let Some(d) = self.meta_date.as_deref().and_then(iso_date) {
            return Some((d, meta_key(&self.date_key)));
        }
        if let Some(d) = self.time_datetime.clone() {
            return Some((d, "time[datetime]"));
        }
        let url = self.url()?.0;
        date_in_url(&url).map(|d| (d, "url"))
    }

    fn outlet(&self) -> Option<(String, &'static str)> {
        let at = |v: &Option<String>, from| v.clone().filter(|o| !o.is_empty()).map(|v| (v, from));
        at(&self.ld_publisher, "json-ld:publisher")
            .or_else(|| at(&self.og_site, "og:site_name"))
            .or_else(|| at(&self.app_name, "application-name"))
    }

    fn author(&self) -> Option<(String, &'static str)> {
        let at = |v: &Option<String>, from| v.clone().map(|v| (v, from));
        at(&self.ld_author, "json-ld:author")
            .or_else(|| at(&self.author, "meta:author"))
            .or_else(|| at(&self.itemprop_author, "itemprop:author"))
    }

    fn url(&self) -> Option<(String, &'static str)> {
        [
            (&self.canonical, "link:canonical"),
            (&self.og_url, "og:url"),
            (&self.ld_url, "json-ld:url"),
        ]
        .into_iter()
        .find_map(|(u, from)| {
            let u = u.as_ref()?;
            (u.starts_with("http://") || u.starts_with("https://")).then(|| (u.clone(), from))
        })
    }

    /// The language the page declares: its JSON-LD `inLanguage`, else
    /// `<html lang>`, `og:locale` and `Content-Language` when those present
    /// agree. Declarations that disagree (a template's default beside the
    /// article's own) give none, and detection decides.
    fn lang(&self) -> Option<(String, &'static str)> {
        if let Some(l) = self.ld_lang.as_deref().and_then(crate::language_code) {
            return Some((l, "json-ld:inLanguage"));
        }
        let votes: Vec<(String, &'static str)> = [
            (&self.html_lang, "html[lang]"),
            (&self.og_locale, "og:locale"),
            (&self.content_language, "content-language"),
        ]
        .into_iter()
        .filter_map(|(l, from)| Some((crate::language_code(l.as_deref()?)?, from)))
        .collect();
        let first = votes.first()?;
        votes.iter().all(|v| v.0 == first.0).then(|| first.clone())
    }
}

fn person_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(clean(s)),
        serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(clean),
        _ => None,
    }
    .filter(|n| !n.is_empty())
}

/// Whitespace collapsed, trimmed.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `YYYY-MM-DD` prefix of an ISO 8601 date or date-time, if valid.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    valid_ymd(y, m, d).then(|| s.get(..10).unwrap_or_default().to_owned())
}

fn valid_ymd(y: u32, m: u32, d: u32) -> bool {
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// A `/YYYY/MM/DD/` date in a URL path.
fn date_in_url(url: &str) -> Option<String> {
    let parts: Vec<&str> = url.split('/').collect();
    parts.windows(3).find_map(|w| {
        let ok = w[0].len() == 4 && w[1].len() == 2 && w[2].len() == 2;
        let (y, m, d) = (w[0].parse().ok()?, w[1].parse().ok()?, w[2].parse().ok()?);
        (ok && valid_ymd(y, m, d)).then(|| format!("{}-{}-{}", w[0], w[1], w[2]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Le conseil vote le budget | La Gazette</title>
<meta property="og:site_name" content="La Gazette">
<meta property="og:locale" content="fr_FR">
<link rel="canonical" href="https://gazette.example/2026/03/02/budget">
</head><body>
<nav><a href="/">Accueil</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a></nav>
<div class="cookies">Nous utilisons des cookies pour améliorer votre expérience. Accepter</div>
<article><h1>Le conseil vote le budget</h1>
<p>Le conseil municipal a adopté lundi soir le budget de l'année, après trois heures de débat et un vote serré de vingt voix contre dix-sept.</p>
<p>L'opposition a dénoncé la hausse de la taxe foncière, tandis que la majorité a défendu un effort d'investissement dans les écoles et la voirie.</p>
<p>Le maire a promis une réunion publique en avril pour présenter le détail des travaux prévus dans chaque quartier de la commune.</p>
</article>
<footer>© 2026 La Gazette. Tous droits réservés.</footer>
</body></html>"#;

    #[test]
    fn article_and_metadata() {
        let a = extract_article(PAGE);
        assert_eq!(a.title.as_deref(), Some("Le conseil vote le budget"));
        assert_eq!(a.outlet.as_deref(), Some("La Gazette"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://gazette.example/2026/03/02/budget")
        );
        assert_eq!(a.published.as_deref(), Some("2026-03-02"));
        assert_eq!(a.lang.as_deref(), Some("fr"));
        assert!(
            a.text.starts_with("Le conseil vote le budget\n\n"),
            "{}",
            a.text
        );
        assert!(
            a.text
                .contains("vingt voix contre dix-sept.\n\nL'opposition")
        );
        assert!(!a.text.contains("cookies"), "{}", a.text);
        assert!(!a.text.contains("Tous droits"), "{}", a.text);
    }

    #[test]
    fn footer_year_never_dates_the_article() {
        let page = PAGE.replace("/2026/03/02/", "/");
        let a = extract_article(&page);
        assert_eq!(a.published, None);
    }

    #[test]
    fn declared_languages_must_agree() {
        let lone = PAGE.replace(r#"<meta property="og:locale" content="fr_FR">"#, "");
        let a = extract_article(&lone);
        assert_eq!(a.lang.as_deref(), Some("fr"));
        assert_eq!(
            a.provenance.get("lang").map(String::as_str),
            Some("html[lang]")
        );
        // A template's default beside the article's own locale: neither.
        let split = PAGE.replace(r#"content="fr_FR""#, r#"content="en_US""#);
        assert_eq!(extract_article(&split).lang, None);
    }

    #[test]
    fn provenance_of_every_field() {
        let a = extract_article(PAGE);
        let from = |k: &str| a.provenance.get(k).map(String::as_str);
        assert_eq!(from("title"), Some("h1"));
        assert_eq!(from("published"), Some("url"));
        assert_eq!(from("outlet"), Some("og:site_name"));
        assert_eq!(from("url"), Some("link:canonical"));
        assert_eq!(from("lang"), Some("html[lang]"));
        assert_eq!(from("author"), None);
        let dated = PAGE.replace(
            "</head>",
            r#"<meta property="article:published_time" content="2026-03-01T08:00:00Z"><meta name="author" content="Anne Martin"></head>"#,
        );
        let a = extract_article(&dated);
        assert_eq!(a.published.as_deref(), Some("2026-03-01"));
        assert_eq!(
            a.provenance.get("published").map(String::as_str),
            Some("meta:article:published_time")
        );
        assert_eq!(a.author.as_deref(), Some("Anne Martin"));
        assert_eq!(
            a.provenance.get("author").map(String::as_str),
            Some("meta:author")
        );
        let timed = PAGE.replace("/2026/03/02/", "/").replace(
            "<article>",
            r#"<article><time datetime="2026-02-27T10:00">27 février</time>"#,
        );
        let a = extract_article(&timed);
        assert_eq!(a.published.as_deref(), Some("2026-02-27"));
        assert_eq!(
            a.provenance.get("published").map(String::as_str),
            Some("time[datetime]")
        );
    }

    #[test]
    fn furniture_is_pruned_before_extraction() {
        let comments: String = (0..8)
            .map(|i| format!(r#"<div class="thread-reply"><p>Réponse {i} : je ne suis pas du tout d'accord avec cette décision du conseil municipal, qui pénalise encore une fois les habitants des quartiers périphériques.</p></div>"#))
            .collect();
        let page = PAGE.replace(
            "</article>",
            &format!(r#"</article><div id="discussion">{comments}</div><div class="paywall"><p>Abonnez-vous pour lire la suite de nos articles et soutenir une rédaction indépendante.</p></div>"#),
        );
        let body = article_body(&page, Extractor::Vigie);
        assert!(body.starts_with("Le conseil municipal a adopté"), "{body}");
        assert!(!body.contains("Réponse"), "{body}");
        assert!(!body.contains("Abonnez-vous"), "{body}");
        assert!(
            !body.contains("Le conseil vote le budget"),
            "headline in body: {body}"
        );
    }

    #[test]
    fn a_wrapper_of_the_headline_is_kept() {
        let page = PAGE.replace(
            "<article>",
            r#"<article class="story social-share-enabled">"#,
        );
        let pruned = prune_furniture(DomDocument::from(page.as_str())).html;
        assert!(pruned.contains("vingt voix contre dix-sept"), "{pruned}");
        assert!(!pruned.contains("Accueil"), "{pruned}");
    }

    #[test]
    fn a_later_story_is_not_the_article() {
        let next = "<article><h2>Un autre sujet</h2><p>La piscine municipale rouvrira ses portes en juin après dix-huit mois de travaux de rénovation énergétique et de mise aux normes.</p><p>Le chantier a coûté 4,2 millions d'euros, financés pour moitié par la région.</p></article>";
        let page = PAGE.replace("</article>", &format!("</article>{next}"));
        let body = article_body(&page, Extractor::Vigie);
        assert!(body.contains("vingt voix contre dix-sept"), "{body}");
        assert!(!body.contains("piscine"), "{body}");
    }

    #[test]
    fn layout_tables_are_recognised() {
        assert!(layout_table(
            "Accueil | Sport | Le conseil a voté le budget de l'année."
        ));
        assert!(!layout_table(
            "Un paragraphe.\n\nSite | Nombre | Part\n\nUn autre paragraphe, plus long que la ligne du tableau."
        ));
    }

    #[test]
    fn json_ld_wins_and_graph_is_searched() {
        let page = PAGE.replace(
            "</head>",
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
{"@type":["NewsArticle"],"headline":"Budget : le vote","datePublished":"2026-03-03T18:00:00+01:00","inLanguage":"fr-FR",
"author":[{"@type":"Person","name":"Anne Martin"},{"name":"Paul Roy"}],"publisher":{"@type":"Organization","name":"Gazette SA"}}]}</script></head>"#,
        );
        let a = extract_article(&page);
        assert_eq!(a.title.as_deref(), Some("Budget : le vote"));
        assert_eq!(a.published.as_deref(), Some("2026-03-03"));
        assert_eq!(a.outlet.as_deref(), Some("Gazette SA"));
        assert_eq!(a.author.as_deref(), Some("Anne Martin, Paul Roy"));
    }

    #[test]
    fn all_script_page_has_no_text() {
        let page = format!(
            "<html><head><script>{}</script></head><body><script>var a = 1;</script></body></html>",
            "var x = 'Le conseil municipal a adopté le budget.';".repeat(200)
        );
        assert_eq!(extract_article(&page).text, "");
    }

    #[test]
    fn fragments_keep_paragraphs() {
        let t = fragment_text(
            "<p>Premier <b>paragraphe</b>.</p><p>Second<br>avec saut.</p><script>x()</script><ul><li>un</li><li>deux</li></ul>",
        );
        assert_eq!(
            t,
            "Premier paragraphe.\n\nSecond\n\navec saut.\n\nun\n\ndeux"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("2026-03-14T07:30:00+01:00").as_deref(),
            Some("2026-03-14")
        );
        assert_eq!(iso_date("2026-13-14"), None);
        assert_eq!(iso_date("14/03/2026"), None);
        assert_eq!(
            date_in_url("https://x.example/world/2025/12/11/court/").as_deref(),
            Some("2025-12-11")
        );
        assert_eq!(date_in_url("https://x.example/a/1234/56/78/"), None);
    }

    proptest::proptest! {
        #[test]
        fn extraction_never_panics(s in "(<[a-z/]{1,6}[^>]{0,12}>|[^<]{0,20}){0,60}") {
            let _ = extract_article(&s);
            let _ = fragment_text(&s);
        }
    }
}

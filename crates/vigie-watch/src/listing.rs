//! What a polled source lists: the articles of a feed or a news sitemap,
//! the sitemaps of a sitemap index, or the feeds a home page links to.
//! The kind is told by the body, not the URL or the Content-Type, which
//! sites get wrong.

use quick_xml::events::Event;
use url::Url;

use crate::FetchError;

/// An article a source lists, with what the listing says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The article's URL, absolute.
    pub url: String,
    /// Its headline in the listing.
    pub title: Option<String>,
    /// Its date in the listing (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// The outlet the listing names (a feed's title, a news sitemap's
    /// publication name).
    pub outlet: Option<String>,
}

/// A polled body, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// An RSS, Atom or JSON feed.
    Feed(Vec<Entry>),
    /// A sitemap (news sitemaps carry `<news:publication_date>`).
    Sitemap(Vec<Entry>),
    /// A sitemap index: the sitemaps it lists.
    Index(Vec<String>),
    /// An HTML page: the feeds its `<link rel="alternate">` tags announce.
    Page(Vec<String>),
}

impl Listing {
    /// The kind's name, as the source state shows it.
    pub fn kind(&self) -> &'static str {
        match self {
            Listing::Feed(_) => "feed",
            Listing::Sitemap(_) | Listing::Index(_) => "sitemap",
            Listing::Page(_) => "page",
        }
    }
}

/// Entries of a sitemap without a news date are kept when their
/// `<lastmod>` is at most this many days old: an ordinary sitemap lists the
/// whole site, and only what changed recently can be news.
const SITEMAP_RECENT_DAYS: i64 = 3;

/// Understands a polled body fetched from `base`.
pub fn parse_listing(
    base: &Url,
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<Listing, FetchError> {
    let head = sniff_head(bytes);
    if head.contains("<sitemapindex") {
        return sitemap(base, bytes).map(|(_, children)| Listing::Index(children));
    }
    if head.contains("<urlset") {
        return sitemap(base, bytes).map(|(entries, _)| Listing::Sitemap(entries));
    }
    let html_type = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    let looks_html = head.contains("<!doctype html") || head.contains("<html");
    if looks_html || (html_type && !head.contains("<rss") && !head.contains("<feed")) {
        return page_feeds(base, bytes, content_type).map(Listing::Page);
    }
    feed(base, bytes).map(Listing::Feed)
}

/// The first bytes, lowercased, past a BOM and whitespace.
fn sniff_head(bytes: &[u8]) -> String {
    let head = bytes.get(..bytes.len().min(2048)).unwrap_or(bytes);
    String::from_utf8_lossy(head).to_ascii_lowercase()
}

fn feed(base: &Url, bytes: &[u8]) -> Result<Vec<Entry>, FetchError> {
    let items = vigie_read::parse_feed(base.as_str(), bytes)
        .map_err(|e| FetchError::Content(format!("not a feed, sitemap or page: {e}")))?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let (source, title, published) = match item {
            vigie_read::Item::Doc(d) => (d.source, d.title, d.published),
            // An item with a link but no text is still an article to fetch.
            vigie_read::Item::Failed(rec) => (rec.source, None, None),
            vigie_read::Item::Note(_) => continue,
        };
        let Some(url) = source.url.as_deref().and_then(|u| absolute(base, u)) else {
            continue;
        };
        out.push(Entry {
            url,
            title,
            published,
            outlet: source.outlet,
        });
    }
    Ok(out)
}

fn absolute(base: &Url, href: &str) -> Option<String> {
    let u = base.join(href.trim()).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// A sitemap's article entries and the sitemaps an index lists.
fn sitemap(base: &Url, bytes: &[u8]) -> Result<(Vec<Entry>, Vec<String>), FetchError> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut entries = Vec::new();
    let mut children = Vec::new();
    let mut cur = SitemapUrl::default();
    let today = chrono::Utc::now().date_naive();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| FetchError::Content(format!("malformed sitemap: {e}")))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if name == "url" {
                    cur = SitemapUrl::default();
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::unescape(&format!("&{};", r.xml10_content()))
                        .ok()
                        .map(|s| s.into_owned()),
                };
                text.push_str(resolved.as_deref().unwrap_or(""));
            }
            Event::End(_) => {
                let Some(name) = path.pop() else { continue };
                let parent = path.last().map(String::as_str).unwrap_or("");
                let value = text.trim().to_owned();
                text.clear();
                match (parent, name.as_str()) {
                    ("sitemap", "loc") => children.extend(absolute(base, &value)),
                    ("url", "loc") => cur.loc = absolute(base, &value),
                    ("url", "lastmod") => cur.lastmod = day(&value),
                    ("news", "publication_date") => cur.news_date = day(&value),
                    ("news", "title") => cur.title = Some(value).filter(|v| !v.is_empty()),
                    ("publication", "name") => cur.outlet = Some(value).filter(|v| !v.is_empty()),
                    (_, "url") => {
                        let recent = cur.lastmod.as_deref().is_some_and(|d| {
                            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                                .is_ok_and(|d| (today - d).num_days() <= SITEMAP_RECENT_DAYS)
                        });
                        if let Some(url) = cur.loc.take()
                            && (cur.news_date.is_some() || recent)
                        {
                            entries.push(Entry {
                                url,
                                title: cur.title.take(),
                                published: cur.news_date.take().or(cur.lastmod.take()),
                                outlet: cur.outlet.take(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok((entries, children))
}

#[derive(Default)]
struct SitemapUrl {
    loc: Option<String>,
    lastmod: Option<String>,
    news_date: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
}

/// The day of a W3C datetime ("2026-03-03", "2026-03-03T08:00:00+01:00").
fn day(v: &str) -> Option<String> {
    let d = v.get(..10)?;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .ok()
        .map(|_| d.to_owned())
}

/// The feeds a page announces with `<link rel="alternate" type="…rss+xml|
/// atom+xml|feed+json" href="…">`, in page order.
fn page_feeds(
    base: &Url,
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<Vec<String>, FetchError> {
    let declared = content_type
        .and_then(vigie_read::charset_of_content_type)
        .map(str::to_owned)
        .or_else(|| vigie_read::sniff_declared_charset(bytes));
    let html = vigie_read::decode_declared(bytes, declared.as_deref())
        .map_err(|e| FetchError::Content(e.to_string()))?
        .text;
    if vigie_read::nesting_depth(&html, vigie_read::MAX_DEPTH) > vigie_read::MAX_DEPTH {
        return Err(FetchError::Content("page nested too deep".into()));
    }
    let doc = dom_query::Document::from(html.as_str());
    let page_base = doc
        .select("base[href]")
        .attr("href")
        .and_then(|h| base.join(&h).ok())
        .unwrap_or_else(|| base.clone());
    let mut feeds: Vec<String> = Vec::new();
    for link in doc.select("link[href]").nodes() {
        let rel = link.attr("rel").unwrap_or_default().to_ascii_lowercase();
        let kind = link.attr("type").unwrap_or_default().to_ascii_lowercase();
        let is_feed = ["rss+xml", "atom+xml", "feed+json", "rdf+xml"]
            .iter()
            .any(|t| kind.contains(t));
        if !rel.split_whitespace().any(|r| r == "alternate") || !is_feed {
            continue;
        }
        if let Some(href) = link.attr("href")
            && let Some(url) = absolute(&page_base, &href)
            && !feeds.contains(&url)
        {
            feeds.push(url);
        }
    }
    if feeds.is_empty() {
        return Err(FetchError::Content(
            "a page that links to no feed (<link rel=\"alternate\">)".into(),
        ));
    }
    Ok(feeds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("http://news.example/section/").unwrap()
    }

    #[test]
    fn a_news_sitemap_lists_dated_articles() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://news.example/a?x=1&amp;y=2</loc><news:news><news:publication><news:name>Le Courrier</news:name><news:language>fr</news:language></news:publication>
<news:publication_date>2026-03-03T08:00:00+01:00</news:publication_date><news:title>Le port rouvre</news:title></news:news></url>
<url><loc>/old</loc><lastmod>2001-01-01</lastmod></url>
</urlset>"#;
        let Listing::Sitemap(e) = parse_listing(&base(), xml.as_bytes(), None).unwrap() else {
            panic!("not a sitemap")
        };
        assert_eq!(
            e,
            vec![Entry {
                url: "http://news.example/a?x=1&y=2".into(),
                title: Some("Le port rouvre".into()),
                published: Some("2026-03-03".into()),
                outlet: Some("Le Courrier".into()),
            }],
            "an old undated-for-news entry is no news"
        );
    }

    #[test]
    fn a_sitemap_index_lists_its_sitemaps() {
        let xml = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://news.example/s1.xml</loc></sitemap><sitemap><loc>s2.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            parse_listing(&base(), xml.as_bytes(), Some("application/xml")).unwrap(),
            Listing::Index(vec![
                "http://news.example/s1.xml".into(),
                "http://news.example/section/s2.xml".into()
            ])
        );
    }

    #[test]
    fn a_home_page_announces_its_feeds() {
        let html = r#"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="alternate" hreflang="en" href="/en/"><link rel="alternate" type="application/atom+xml" href="https://other.example/atom">
</head><body><p>Accueil</p></body></html>"#;
        assert_eq!(
            parse_listing(&base(), html.as_bytes(), Some("text/html")).unwrap(),
            Listing::Page(vec![
                "http://news.example/rss.xml".into(),
                "https://other.example/atom".into()
            ])
        );
        let bare = b"<html><body>nothing</body></html>";
        assert!(parse_listing(&base(), bare, None).is_err());
    }

    #[test]
    fn a_feed_lists_its_items_and_malformed_xml_is_an_error() {
        let rss = r#"<rss version="2.0"><channel><title>La Gazette</title>
<item><title>Un titre</title><link>/art/1</link><pubDate>Tue, 03 Mar 2026 08:00:00 +0100</pubDate></item>
</channel></rss>"#;
        let Listing::Feed(e) = parse_listing(&base(), rss.as_bytes(), None).unwrap() else {
            panic!("not a feed")
        };
        assert_eq!(e[0].url, "http://news.example/art/1");
        assert_eq!(e[0].outlet.as_deref(), Some("La Gazette"));
        assert_eq!(e[0].published.as_deref(), Some("2026-03-03"));
        assert!(parse_listing(&base(), b"<rss><channel><item>", None).is_err());
        assert!(parse_listing(&base(), b"<urlset><url><loc>x</url>", None).is_err());
    }
}

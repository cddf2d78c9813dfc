//! The watcher against a local HTTP server (127.0.0.1 only): feeds that
//! gain items, sitemaps, feed discovery, 304, 429, 500, a hanging server, a
//! redirect loop, robots.txt, gzip, windows-1252, oversized pages,
//! malformed feeds and a restart, each answered as a crawler must, with
//! the other sources unaffected.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vigie_doc::Doc;
use vigie_store::Store;
use vigie_watch::{FetchConfig, RoundReport, Sink, SourceLine, WatchConfig, Watcher};

/// How the server answers a path.
#[derive(Clone)]
enum Reply {
    /// 200 with this body and Content-Type; with an ETag, a matching
    /// If-None-Match gets 304.
    Ok {
        body: Vec<u8>,
        ctype: &'static str,
        etag: Option<&'static str>,
        gzip: bool,
    },
    /// A bare status with headers.
    Status(u16, Vec<(&'static str, String)>),
    /// Waits this long, then answers 200.
    Hang(Duration),
    /// These replies in turn, the last one repeated.
    Seq(Vec<Reply>),
}

fn ok(body: impl Into<Vec<u8>>, ctype: &'static str) -> Reply {
    Reply::Ok {
        body: body.into(),
        ctype,
        etag: None,
        gzip: false,
    }
}

/// A request the server saw.
#[derive(Clone, Debug)]
struct Hit {
    path: String,
    at: Instant,
    user_agent: String,
}

struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let served: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        {
            let (routes, hits, stop) = (routes.clone(), hits.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(50)) else {
                        continue;
                    };
                    let path = req.url().to_owned();
                    let header = |name: &'static str| {
                        req.headers()
                            .iter()
                            .find(|h| h.field.equiv(name))
                            .map(|h| h.value.as_str().to_owned())
                    };
                    hits.lock().unwrap().push(Hit {
                        path: path.clone(),
                        at: Instant::now(),
                        user_agent: header("User-Agent").unwrap_or_default(),
                    });
                    let if_none_match = header("If-None-Match");
                    let mut reply = routes.lock().unwrap().get(&path).cloned();
                    if let Some(Reply::Seq(list)) = &reply {
                        let mut served = served.lock().unwrap();
                        let n = served.entry(path.clone()).or_default();
                        reply = list.get(*n).or(list.last()).cloned();
                        *n += 1;
                    }
                    std::thread::spawn(move || respond(req, reply, if_none_match));
                }
            });
        }
        Server {
            base: format!("http://127.0.0.1:{port}"),
            routes,
            hits,
            stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_owned(), reply);
    }

    fn hits(&self, path: &str) -> Vec<Hit> {
        let hits = self.hits.lock().unwrap();
        hits.iter().filter(|h| h.path == path).cloned().collect()
    }

    fn all_hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn respond(req: tiny_http::Request, reply: Option<Reply>, if_none_match: Option<String>) {
    let header =
        |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap();
    let resp = match reply {
        None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        Some(Reply::Ok {
            body,
            ctype,
            etag,
            gzip,
        }) => {
            if etag.is_some() && if_none_match.as_deref() == etag {
                let _ = req.respond(tiny_http::Response::empty(304));
                return;
            }
            let body = if gzip {
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                enc.write_all(&body).unwrap();
                enc.finish().unwrap()
            } else {
                body
            };
            let mut r =
                tiny_http::Response::from_data(body).with_header(header("Content-Type", ctype));
            if let Some(e) = etag {
                r = r.with_header(header("ETag", e));
            }
            if gzip {
                r = r.with_header(header("Content-Encoding", "gzip"));
            }
            r
        }
        Some(Reply::Status(code, headers)) => {
            let mut r = tiny_http::Response::from_data(Vec::new()).with_status_code(code);
            for (k, v) in headers {
                r = r.with_header(header(k, &v));
            }
            r
        }
        Some(Reply::Hang(d)) => {
            std::thread::sleep(d);
            tiny_http::Response::from_data(b"late".to_vec())
        }
        Some(Reply::Seq(_)) => tiny_http::Response::from_data(Vec::new()).with_status_code(500),
    };
    let _ = req.respond(resp);
}

/// An article page of a few paragraphs, in the server's words.
fn article(title: &str, extra: &str) -> String {
    let p = |s: &str| format!("<p>{s}</p>\n");
    format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><nav><a href=\"/\">Accueil</a></nav><article><h1>{title}</h1>{}{}{}{}</article>\
         <footer>Mentions légales</footer></body></html>",
        p(&format!(
            "Le conseil municipal de Valmont s'est réuni mardi soir pour examiner le budget de l'année prochaine. {extra}"
        )),
        p(
            "Les élus ont débattu pendant plus de trois heures des travaux de la gare routière et du prix des cantines scolaires."
        ),
        p(
            "La maire a indiqué que la rénovation de la piscine serait reportée au printemps, faute de financement suffisant."
        ),
        p(
            "L'opposition a dénoncé un manque de concertation et réclamé une réunion publique avant le vote final prévu en décembre."
        ),
    )
}

fn rss(title: &str, items: &[(&str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(link, t)| {
            format!(
                "<item><title>{t}</title><link>{link}</link><pubDate>Tue, 03 Mar 2026 08:00:00 +0100</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>{items}</channel></rss>"
    )
}

/// Keeps what it is given; the analysis is the binary's business.
#[derive(Clone, Default)]
struct Kept(Arc<Mutex<Vec<Doc>>>);

impl Sink for Kept {
    fn store(&mut self, _: &mut Store, docs: Vec<Doc>) -> Result<usize, vigie_watch::SinkError> {
        let n = docs.len();
        self.0.lock().unwrap().extend(docs);
        Ok(n)
    }
}

impl Kept {
    fn urls(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|d| d.source.url.clone())
            .collect();
        v.sort();
        v
    }
}

fn config() -> WatchConfig {
    let mut fetch = FetchConfig::new(vigie_watch::user_agent(Some("desk@example.org")));
    fetch.delay = Duration::from_millis(20);
    fetch.timeout = Duration::from_millis(800);
    fetch.max_wait = Duration::from_secs(3);
    fetch.max_bytes = 200_000;
    let mut cfg = WatchConfig::new(fetch);
    cfg.every = Duration::from_secs(60);
    cfg
}

fn lines(urls: &[&str]) -> Vec<SourceLine> {
    urls.iter()
        .map(|u| SourceLine {
            url: (*u).to_owned(),
            outlet: None,
        })
        .collect()
}

fn poll_once(w: &mut Watcher<Kept>, sources: &[SourceLine]) -> RoundReport {
    w.poll(sources, true, &AtomicBool::new(false)).unwrap()
}

#[test]
fn a_feed_that_gains_items_is_fetched_once_per_article_politely() {
    let s = Server::start();
    s.route(
        "/robots.txt",
        ok("User-agent: *\nDisallow: /private/\n", "text/plain"),
    );
    s.route(
        "/feed.xml",
        ok(
            rss("La Gazette", &[("/a1", "Premier"), ("/a2", "Second")]),
            "application/rss+xml",
        ),
    );
    s.route(
        "/a1",
        ok(
            article("Le budget de Valmont", "Premier article."),
            "text/html",
        ),
    );
    s.route(
        "/a2",
        ok(
            article("La gare routière", "Deuxième article."),
            "text/html; charset=utf-8",
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let kept = Kept::default();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), kept.clone(), config());
    let sources = vec![SourceLine {
        url: s.url("/feed.xml"),
        outlet: Some("Gazette de Valmont".into()),
    }];
    let r = poll_once(&mut w, &sources);
    assert_eq!((r.listed, r.fetched, r.failed), (2, 2, 0), "{r:?}");

    s.route(
        "/feed.xml",
        ok(
            rss(
                "La Gazette",
                &[("/a3", "Troisième"), ("/a1", "Premier"), ("/a2", "Second")],
            ),
            "application/rss+xml",
        ),
    );
    s.route(
        "/a3",
        ok(article("La piscine", "Troisième article."), "text/html"),
    );
    let r = poll_once(&mut w, &sources);
    assert_eq!((r.listed, r.fetched), (1, 1), "{r:?}");
    assert_eq!(kept.urls(), vec![s.url("/a1"), s.url("/a2"), s.url("/a3")]);
    for p in ["/a1", "/a2", "/a3"] {
        assert_eq!(s.hits(p).len(), 1, "{p} fetched once");
    }
    assert_eq!(s.hits("/robots.txt").len(), 1, "robots.txt is cached");

    let docs = kept.0.lock().unwrap().clone();
    let d = docs
        .iter()
        .find(|d| d.source.url == Some(s.url("/a1")))
        .unwrap();
    assert_eq!(
        d.source.outlet.as_deref(),
        Some("Gazette de Valmont"),
        "the source line names the outlet"
    );
    assert_eq!(d.title.as_deref(), Some("Le budget de Valmont"));
    assert_eq!(
        d.published.as_deref(),
        Some("2026-03-03"),
        "the feed's date fills the page's gap"
    );
    assert!(
        d.source
            .fetched
            .as_deref()
            .is_some_and(|f| f.ends_with('Z'))
    );
    assert!(d.layout.raw.contains("gare routière"));

    let hits = s.all_hits();
    assert!(
        hits.iter().all(|h| h.user_agent.starts_with("Vigie/")
            && h.user_agent.contains("+mailto:desk@example.org"))
    );
    for pair in hits.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(
            gap >= Duration::from_millis(15),
            "one host, requests {gap:?} apart: {pair:?}"
        );
    }
    let state = w
        .into_store()
        .watch_source(&s.url("/feed.xml"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (state.polls, state.articles, state.kind.as_deref()),
        (2, 3, Some("feed"))
    );
}

#[test]
fn news_sitemaps_through_an_index() {
    let s = Server::start();
    let today = chrono_today();
    let news = format!(
        r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{}</loc><news:news><news:publication><news:name>Le Courrier</news:name></news:publication><news:publication_date>{today}</news:publication_date><news:title>Le pont</news:title></news:news></url>
<url><loc>{}</loc><news:news><news:publication_date>{today}T06:00:00Z</news:publication_date></news:news></url>
</urlset>"#,
        s.url("/n1"),
        s.url("/n2")
    );
    s.route("/news.xml", ok(news, "application/xml"));
    s.route(
        "/pages.xml",
        ok(
            format!(
                "<urlset><url><loc>{}</loc><lastmod>1999-01-01</lastmod></url></urlset>",
                s.url("/old")
            ),
            "application/xml",
        ),
    );
    s.route("/index.xml", ok("<sitemapindex><sitemap><loc>/news.xml</loc></sitemap><sitemap><loc>/pages.xml</loc></sitemap></sitemapindex>", "application/xml"));
    s.route("/n1", ok(article("Le pont", "Un."), "text/html"));
    s.route("/n2", ok(article("La route", "Deux."), "text/html"));
    let dir = tempfile::tempdir().unwrap();
    let kept = Kept::default();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), kept.clone(), config());
    let r = poll_once(&mut w, &lines(&[&s.url("/index.xml")]));
    assert_eq!(r.fetched, 2, "{r:?}");
    assert_eq!(kept.urls(), vec![s.url("/n1"), s.url("/n2")]);
    assert!(
        s.hits("/old").is_empty(),
        "an old entry of a plain sitemap is not news"
    );
    let docs = kept.0.lock().unwrap().clone();
    assert_eq!(
        docs[0].source.outlet.as_deref(),
        Some("Le Courrier"),
        "the sitemap's publication name"
    );
}

/// The watcher keeps plain-sitemap entries by age, so news dates are today's.
fn chrono_today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

#[test]
fn a_home_page_leads_to_its_feed() {
    let s = Server::start();
    s.route(
        "/",
        ok(
            "<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\" title=\"Tout\" href=\"/rss\"></head><body><p>Accueil</p></body></html>",
            "text/html",
        ),
    );
    s.route(
        "/rss",
        ok(
            rss("Le Réveil", &[("/h1", "Un titre")]),
            "application/rss+xml",
        ),
    );
    s.route("/h1", ok(article("Un titre", "Découvert."), "text/html"));
    let dir = tempfile::tempdir().unwrap();
    let kept = Kept::default();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), kept.clone(), config());
    let r = poll_once(&mut w, &lines(&[&s.url("/")]));
    assert_eq!(r.fetched, 1, "{r:?}");
    assert_eq!(
        kept.0.lock().unwrap()[0].source.outlet.as_deref(),
        Some("Le Réveil")
    );
    let state = w.into_store().watch_source(&s.url("/")).unwrap().unwrap();
    assert_eq!(state.kind.as_deref(), Some("page"));
}

#[test]
fn an_unchanged_feed_answers_304_and_is_polled_less_often() {
    let s = Server::start();
    s.route(
        "/feed.xml",
        Reply::Ok {
            body: rss("F", &[("/e1", "Un")]).into_bytes(),
            ctype: "application/rss+xml",
            etag: Some("\"v1\""),
            gzip: false,
        },
    );
    s.route("/e1", ok(article("Un", "Etag."), "text/html"));
    let dir = tempfile::tempdir().unwrap();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), Kept::default(), config());
    let src = lines(&[&s.url("/feed.xml")]);
    poll_once(&mut w, &src);
    let r = poll_once(&mut w, &src);
    assert_eq!((r.listed, r.fetched, r.failed_sources), (0, 0, 0), "{r:?}");
    assert_eq!(s.hits("/feed.xml").len(), 2);
    let store = w.into_store();
    let state = store.watch_source(&s.url("/feed.xml")).unwrap().unwrap();
    assert_eq!(state.unchanged, 1);
    let wait = state.next_poll.unwrap() - state.last_poll.unwrap();
    assert_eq!(wait, 120, "twice `every` after a poll with nothing new");
    assert_eq!(
        store
            .http_cache(&s.url("/feed.xml"))
            .unwrap()
            .unwrap()
            .etag
            .as_deref(),
        Some("\"v1\"")
    );
}

#[test]
fn a_429_is_retried_after_its_retry_after_and_a_500_source_spares_the_others() {
    let s = Server::start();
    s.route(
        "/feed.xml",
        ok(rss("F", &[("/busy", "Occupé")]), "application/rss+xml"),
    );
    s.route(
        "/busy",
        Reply::Seq(vec![
            Reply::Status(429, vec![("Retry-After", "1".into())]),
            ok(article("Occupé", "Enfin."), "text/html"),
        ]),
    );
    s.route("/broken.xml", Reply::Status(500, vec![]));
    s.route("/slow.xml", Reply::Hang(Duration::from_secs(3)));
    let dir = tempfile::tempdir().unwrap();
    let kept = Kept::default();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), kept.clone(), config());
    let started = Instant::now();
    let r = poll_once(
        &mut w,
        &lines(&[
            &s.url("/broken.xml"),
            &s.url("/slow.xml"),
            &s.url("/feed.xml"),
        ]),
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!((r.failed_sources, r.fetched), (2, 1), "{r:?}");
    let busy = s.hits("/busy");
    assert_eq!(busy.len(), 2);
    assert!(
        busy[1].at.duration_since(busy[0].at) >= Duration::from_millis(950),
        "Retry-After kept"
    );
    let store = w.into_store();
    let broken = store.watch_source(&s.url("/broken.xml")).unwrap().unwrap();
    assert_eq!(
        (broken.errors, broken.last_error.as_deref()),
        (1, Some("HTTP 500"))
    );
    let slow = store.watch_source(&s.url("/slow.xml")).unwrap().unwrap();
    assert_eq!(slow.last_error.as_deref(), Some("timed out"));
}

#[test]
fn robots_txt_redirects_gzip_charsets_and_limits() {
    let s = Server::start();
    s.route(
        "/robots.txt",
        ok("User-agent: vigie\nDisallow: /private/\n", "text/plain"),
    );
    let items = [
        ("/private/x", "Interdit"),
        ("/moved", "Déplacé"),
        ("/loop1", "Boucle"),
        ("/zipped", "Compressé"),
        ("/latin", "Latin"),
        ("/big", "Gros"),
        ("/pdf", "Document"),
    ];
    s.route("/feed.xml", ok(rss("F", &items), "application/rss+xml"));
    s.route(
        "/moved",
        Reply::Status(301, vec![("Location", "/landed".into())]),
    );
    s.route("/landed", ok(article("Arrivé", "Redirigé."), "text/html"));
    s.route(
        "/loop1",
        Reply::Status(302, vec![("Location", "/loop2".into())]),
    );
    s.route(
        "/loop2",
        Reply::Status(302, vec![("Location", "/loop1".into())]),
    );
    s.route(
        "/zipped",
        Reply::Ok {
            body: article("Compressé", "Gzip.").into_bytes(),
            ctype: "text/html",
            etag: None,
            gzip: true,
        },
    );
    let latin: Vec<u8> = article("Élection à Valmont", "Le député a été réélu.")
        .replace("<meta charset=\"utf-8\">", "")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    s.route("/latin", ok(latin, "text/html; charset=windows-1252"));
    s.route(
        "/big",
        ok(article("Gros", &"Très long. ".repeat(30_000)), "text/html"),
    );
    s.route("/pdf", ok(b"%PDF-1.4".to_vec(), "application/pdf"));
    let dir = tempfile::tempdir().unwrap();
    let kept = Kept::default();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), kept.clone(), config());
    let r = poll_once(&mut w, &lines(&[&s.url("/feed.xml")]));
    assert_eq!((r.fetched, r.failed), (3, 4), "{r:?}");
    assert!(s.hits("/private/x").is_empty(), "robots.txt obeyed");
    assert_eq!(s.hits("/landed").len(), 1, "redirect followed");
    assert!(s.hits("/loop1").len() <= 4, "a redirect loop stops");
    let docs = kept.0.lock().unwrap().clone();
    let latin = docs
        .iter()
        .find(|d| d.source.url == Some(s.url("/latin")))
        .unwrap();
    assert!(
        latin.layout.raw.contains("député a été réélu"),
        "{}",
        latin.layout.raw
    );
    let zipped = docs
        .iter()
        .find(|d| d.source.url == Some(s.url("/zipped")))
        .unwrap();
    assert_eq!(zipped.title.as_deref(), Some("Compressé"));
    let moved = docs
        .iter()
        .find(|d| d.source.url == Some(s.url("/moved")))
        .unwrap();
    assert_eq!(
        moved.title.as_deref(),
        Some("Arrivé"),
        "stored under the listed URL"
    );
    let text = r.messages.join("\n");
    assert!(text.contains("disallowed by robots.txt"), "{text}");
    assert!(text.contains("larger than"), "{text}");
    assert!(text.contains("redirects"), "{text}");
    assert!(text.contains("not an HTML page"), "{text}");

    // Failures for good are not tried again.
    let before = s.all_hits().len();
    let r = poll_once(&mut w, &lines(&[&s.url("/feed.xml")]));
    assert_eq!((r.listed, r.fetched), (0, 0), "{r:?}");
    assert_eq!(s.all_hits().len(), before + 1, "only the feed again");
}

#[test]
fn a_malformed_feed_is_reported_and_the_next_source_goes_on() {
    let s = Server::start();
    s.route(
        "/bad.xml",
        ok("<rss><channel><item><title>cut", "application/rss+xml"),
    );
    s.route(
        "/good.xml",
        ok(rss("G", &[("/g1", "Bon")]), "application/rss+xml"),
    );
    s.route("/g1", ok(article("Bon", "Sain."), "text/html"));
    let dir = tempfile::tempdir().unwrap();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), Kept::default(), config());
    let r = poll_once(&mut w, &lines(&[&s.url("/bad.xml"), &s.url("/good.xml")]));
    assert_eq!((r.failed_sources, r.fetched), (1, 1), "{r:?}");
}

#[test]
fn a_restarted_watcher_fetches_nothing_it_already_handled() {
    let s = Server::start();
    s.route(
        "/feed.xml",
        ok(
            rss("F", &[("/r1", "Un"), ("/r2?utm_source=rss", "Deux")]),
            "application/rss+xml",
        ),
    );
    s.route("/r1", ok(article("Un", "Reprise."), "text/html"));
    s.route(
        "/r2?utm_source=rss",
        ok(article("Deux", "Reprise."), "text/html"),
    );
    let dir = tempfile::tempdir().unwrap();
    let src = lines(&[&s.url("/feed.xml")]);
    {
        let mut w = Watcher::new(Store::open(dir.path()).unwrap(), Kept::default(), config());
        assert_eq!(poll_once(&mut w, &src).fetched, 2);
    }
    // The same article under a tracking parameter is the same article.
    s.route(
        "/feed.xml",
        ok(
            rss("F", &[("/r1", "Un"), ("/r2", "Deux")]),
            "application/rss+xml",
        ),
    );
    let kept = Kept::default();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), kept.clone(), config());
    let r = poll_once(&mut w, &src);
    assert_eq!((r.listed, r.fetched), (0, 0), "{r:?}");
    assert!(s.hits("/r2").is_empty());
    assert_eq!(s.hits("/r1").len(), 1);
}

#[test]
fn a_stop_request_ends_the_loop() {
    let s = Server::start();
    s.route("/feed.xml", ok(rss("F", &[]), "application/rss+xml"));
    let dir = tempfile::tempdir().unwrap();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), Kept::default(), config());
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let started = Instant::now();
    let mut rounds = 0;
    w.run(&lines(&[&s.url("/feed.xml")]), &stop, |_| {
        rounds += 1;
        flag.store(true, Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(rounds, 1);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_source_that_asks_for_a_long_pause_is_not_polled_before_it_ends() {
    let s = Server::start();
    s.route(
        "/closed.xml",
        Reply::Status(503, vec![("Retry-After", "7200".into())]),
    );
    let dir = tempfile::tempdir().unwrap();
    let mut w = Watcher::new(Store::open(dir.path()).unwrap(), Kept::default(), config());
    let src = lines(&[&s.url("/closed.xml")]);
    let r = poll_once(&mut w, &src);
    assert_eq!(r.failed_sources, 1);
    let r = poll_once(&mut w, &src);
    assert_eq!(r.sources, 0, "a failing source waits out its pause: {r:?}");
    assert_eq!(s.hits("/closed.xml").len(), 1, "the host is left alone");
    let state = w
        .into_store()
        .watch_source(&s.url("/closed.xml"))
        .unwrap()
        .unwrap();
    assert!(state.next_poll.unwrap() - state.last_poll.unwrap() >= 7190);
}

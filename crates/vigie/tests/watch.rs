//! `vigie watch` through the binary, against a local server on 127.0.0.1:
//! killed with SIGKILL in the middle of a poll and restarted, every article
//! is stored exactly once and nothing stored is fetched again; SIGTERM stops
//! the loop cleanly; `--status` shows the source.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

fn vigie() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
}

/// A news site of `n` articles behind one RSS feed; it logs every path asked.
struct Site {
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Site {
    fn start(n: usize) -> Site {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let mut pages: HashMap<String, (String, &str)> = HashMap::new();
        let items: String = (0..n)
            .map(|i| format!("<item><title>Dépêche {i}</title><link>{base}/a/{i}</link></item>"))
            .collect();
        pages.insert(
            "/feed.xml".into(),
            (
                format!("<rss version=\"2.0\"><channel><title>Le Guetteur</title>{items}</channel></rss>"),
                "application/rss+xml",
            ),
        );
        for i in 0..n {
            pages.insert(format!("/a/{i}"), (page(i), "text/html; charset=utf-8"));
        }
        {
            let (log, stop) = (log.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(50)) else {
                        continue;
                    };
                    let path = req.url().to_owned();
                    log.lock().unwrap().push(path.clone());
                    let resp = match pages.get(&path) {
                        Some((body, ctype)) => tiny_http::Response::from_string(body.clone())
                            .with_header(
                                tiny_http::Header::from_bytes(
                                    &b"Content-Type"[..],
                                    ctype.as_bytes(),
                                )
                                .unwrap(),
                            ),
                        None => tiny_http::Response::from_string("no").with_status_code(404),
                    };
                    let _ = req.respond(resp);
                }
            });
        }
        Site { base, log, stop }
    }

    fn fetched(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Article `i`: distinct words, so no two are copies of each other.
fn page(i: usize) -> String {
    let towns = ["Valmont", "Brévigny", "Saint-Aubin", "Lormes", "Castelnau"];
    let t = towns[i % towns.len()];
    format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Dépêche {i}</title></head><body>\
         <article><h1>Dépêche {i} : le marché de {t}</h1>\
         <p>Le marché couvert de {t} rouvrira le {d} mars après {w} semaines de travaux, a annoncé la mairie lundi.</p>\
         <p>Les {c} commerçants installés sous la halle ont obtenu une réduction de loyer de {r} % pour l'année.</p>\
         <p>Le chantier numéro {i} a coûté {m} euros, financés en partie par le département.</p></article></body></html>",
        d = i % 27 + 1,
        w = i % 9 + 2,
        c = i + 12,
        r = i % 40 + 5,
        m = 10_000 + i * 137,
    )
}

fn sources(dir: &Path, site: &Site) -> std::path::PathBuf {
    let path = dir.join("sources.txt");
    std::fs::write(
        &path,
        format!("# test site\n{}/feed.xml   Le Guetteur\n", site.base),
    )
    .unwrap();
    path
}

fn export(db: &Path) -> Vec<Value> {
    let out = vigie().args(["export", "--db"]).arg(db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn watch_survives_kill_9_and_refetches_nothing_stored() {
    let n = 120;
    let site = Site::start(n);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let list = sources(dir.path(), &site);
    let watch = || {
        let mut c = vigie();
        c.args(["watch", "--once", "--quiet", "--delay", "15ms", "--db"])
            .arg(&db)
            .arg(&list);
        c
    };
    let mut child = watch().stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    loop {
        if let Ok(reader) = vigie_store::Reader::open(&db)
            && reader.stats().is_ok_and(|s| s.documents >= 40)
        {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the kill"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let stored_before: Vec<String> = export(&db)
        .iter()
        .filter_map(|r| r["source"]["url"].as_str().map(str::to_owned))
        .collect();
    assert!(
        stored_before.len() < n,
        "killed mid-poll ({})",
        stored_before.len()
    );
    let asked_before = site.fetched().len();

    let out = watch().output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let records = export(&db);
    assert_eq!(records.len(), n, "every article stored");
    let mut urls: Vec<&str> = records
        .iter()
        .map(|r| r["source"]["url"].as_str().unwrap())
        .collect();
    urls.sort_unstable();
    urls.dedup();
    assert_eq!(urls.len(), n, "each article once");
    assert!(
        records
            .iter()
            .all(|r| r["source"]["outlet"] == "Le Guetteur")
    );
    assert!(records.iter().all(|r| r["source"]["fetched"].is_string()));
    let after = site.fetched();
    let refetched: Vec<&String> = after[asked_before..]
        .iter()
        .filter(|p| stored_before.iter().any(|u| u.ends_with(p.as_str())))
        .collect();
    assert!(
        refetched.is_empty(),
        "stored articles fetched again: {refetched:?}"
    );

    let status = vigie()
        .args(["watch", "--status", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let text = String::from_utf8(status.stdout).unwrap();
    assert!(text.contains("/feed.xml  (Le Guetteur)"), "{text}");
    assert!(text.contains(&format!("{n} in all")), "{text}");
}

#[test]
fn sigterm_stops_the_loop_cleanly() {
    let site = Site::start(3);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let list = sources(dir.path(), &site);
    let mut child = vigie()
        .args(["watch", "--every", "1h", "--delay", "10ms", "--db"])
        .arg(&db)
        .arg(&list)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while site
        .fetched()
        .iter()
        .filter(|p| p.starts_with("/a/"))
        .count()
        < 3
    {
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Give the round time to store and go to sleep, then ask it to stop.
    std::thread::sleep(Duration::from_millis(300));
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let stopped = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(stopped.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    assert_eq!(export(&db).len(), 3);
}

/// The benchmark of issue 22, on loopback: 20 hosts (127.0.0.1 to
/// 127.0.0.20), 10 feeds each (200 sources), 20,000 pages in all by
/// default (`VIGIE_WATCH_BENCH_PAGES`). Prints pages fetched and stored per
/// second with the pipeline on, and checks from the servers' logs that no
/// host ever got two requests closer than the politeness delay.
///
/// `cargo test --release -p vigie --test watch -- --ignored --nocapture`
#[test]
#[ignore = "a benchmark: minutes in release mode"]
fn bench_200_sources() {
    let pages: usize = std::env::var("VIGIE_WATCH_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let (hosts, feeds) = (20usize, 10usize);
    let per_feed = (pages / (hosts * feeds)).max(1);
    let delay = Duration::from_millis(20);
    let mut sites = Vec::new();
    let mut list = String::new();
    for h in 0..hosts {
        let server = tiny_http::Server::http(format!("127.0.0.{}:0", h + 1)).unwrap();
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        let log: Arc<Mutex<Vec<Instant>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        for f in 0..feeds {
            list.push_str(&format!("{base}/f{f}.xml Outlet {h}\n"));
        }
        {
            let (log, stop, base) = (log.clone(), stop.clone(), base.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(50)) else {
                        continue;
                    };
                    log.lock().unwrap().push(Instant::now());
                    let path = req.url().to_owned();
                    let body = if let Some(f) =
                        path.strip_prefix("/f").and_then(|p| p.strip_suffix(".xml"))
                    {
                        let items: String = (0..per_feed)
                            .map(|i| {
                                format!(
                                    "<item><title>T</title><link>{base}/a/{f}/{i}</link></item>"
                                )
                            })
                            .collect();
                        format!(
                            "<rss version=\"2.0\"><channel><title>O</title>{items}</channel></rss>"
                        )
                    } else if let Some(rest) = path.strip_prefix("/a/") {
                        let n: usize = rest.bytes().map(usize::from).sum::<usize>() + h * 1000;
                        page(n)
                    } else {
                        let _ = req
                            .respond(tiny_http::Response::from_string("no").with_status_code(404));
                        continue;
                    };
                    let _ = req.respond(tiny_http::Response::from_string(body));
                }
            });
        }
        sites.push((log, stop));
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let path = dir.path().join("sources.txt");
    std::fs::write(&path, list).unwrap();
    let started = Instant::now();
    let out = vigie()
        .args(["watch", "--once", "--quiet", "--delay", "20ms", "--db"])
        .arg(&db)
        .arg(&path)
        .output()
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stored = vigie_store::Reader::open(&db)
        .unwrap()
        .stats()
        .unwrap()
        .documents;
    let mut min_gap = Duration::MAX;
    let mut requests = 0;
    for (log, stop) in &sites {
        stop.store(true, Ordering::Relaxed);
        let log = log.lock().unwrap();
        requests += log.len();
        for w in log.windows(2) {
            min_gap = min_gap.min(w[1].duration_since(w[0]));
        }
    }
    println!(
        "watch bench: {} sources, {requests} requests, {stored} pages stored in {secs:.1} s: {:.0} pages/s; \
         smallest gap between two requests to one host {:.1} ms (delay {} ms)",
        hosts * feeds,
        stored as f64 / secs,
        min_gap.as_secs_f64() * 1000.0,
        delay.as_millis()
    );
    assert_eq!(stored as usize, hosts * feeds * per_feed);
    assert!(min_gap >= delay, "politeness delay broken: {min_gap:?}");
}

#[path = "common/nats.rs"]
mod nats;

/// With `--queue`, fetched pages go to the work queue and a worker stores
/// them; the watch state stays in the watcher's own store, so the next
/// poll fetches none of them again.
#[test]
fn watch_with_a_queue_publishes_pages_for_a_worker() {
    let Some(nats) = nats::Nats::start("watch_with_a_queue_publishes_pages_for_a_worker") else {
        return;
    };
    let n = 12;
    let site = Site::start(n);
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let list = sources(dir.path(), &site);
    let watch = || {
        let out = vigie()
            .args([
                "watch",
                "--once",
                "--delay",
                "1ms",
                "--queue",
                &nats.url(),
                "--db",
            ])
            .arg(&state)
            .arg(&list)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        err
    };
    let err = watch();
    assert!(err.contains(&format!("{n} fetched, {n} added")), "{err}");
    let asked = site.fetched().len();
    watch();
    assert!(
        !site.fetched()[asked..].iter().any(|p| p.starts_with("/a/")),
        "no article fetched twice: {:?}",
        site.fetched()
    );
    assert!(export(&state).is_empty(), "nothing analysed by the watcher");

    let db = dir.path().join("db");
    let out = vigie()
        .args(["worker", "--drain", "--queue", &nats.url(), "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = export(&db);
    assert_eq!(records.len(), n);
    assert!(records.iter().all(|r| {
        r["source"]["outlet"] == "Le Guetteur"
            && r["source"]["fetched"].is_string()
            && r["source"]["url"]
                .as_str()
                .is_some_and(|u| u.starts_with(&site.base))
    }));
}

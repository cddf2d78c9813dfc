//! The work queue against a real `nats-server` (skipped, saying so, when
//! it is not installed): `vigie ingest --queue` then `vigie worker` stores
//! every document once, as a single-process ingest would; a re-publish is
//! dropped by the server; a message no worker can handle lands on the
//! dead-letter subject with its error; a worker killed with SIGKILL in the
//! middle of a batch loses nothing and duplicates nothing.

mod common;
#[path = "common/nats.rs"]
mod nats;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{records, stderr};
use nats::Nats;
use serde_json::Value;
use vigie_queue::{DEAD_STREAM, Queue, QueueConfig, Settled};

fn vigie() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

/// `n` short articles as JSON Lines; one in ten is the very words of the
/// article five lines above it under another outlet (a relayed dispatch).
fn corpus(path: &Path, n: usize) {
    let people = ["Anna Keller", "Piotr Nowak", "Lucie Martin", "Omar Haddad"];
    let places = ["Genève", "Vienne", "Bruxelles", "Oslo"];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let k = if i % 10 == 9 { i - 5 } else { i };
        let (p, l) = (people[k % 4], places[(k / 4) % 4]);
        let text = format!(
            "{p} a rencontré à {l} son homologue pour la {k}e réunion de l'année. \
             « Nous avons avancé sur le dossier numéro {k} », a déclaré {p} mardi."
        );
        let line = serde_json::json!({"text": text, "title": format!("Réunion {i} à {l}"),
            "outlet": format!("Outlet {}", i % 3), "published": format!("2022-03-{:02}", i % 28 + 1)});
        writeln!(out, "{line}").unwrap();
    }
}

fn export(db: &Path) -> Vec<Value> {
    let out = run(vigie().args(["export", "--db"]).arg(db));
    assert!(out.status.success(), "{}", stderr(&out));
    records(&out)
}

/// `records` are `n` documents, each stored once.
fn assert_each_once(records: &[Value], n: usize) {
    assert_eq!(records.len(), n, "every document stored");
    let mut ids: Vec<&str> = records
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "each document once");
}

fn worker(nats: &Nats, db: &Path) -> Command {
    let mut c = vigie();
    c.args([
        "worker",
        "--drain",
        "--batch",
        "16",
        "--queue",
        &nats.url(),
        "--db",
    ])
    .arg(db);
    c
}

/// Every record's identity and cluster, in doc_id order.
fn placed(records: &[Value]) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = records
        .iter()
        .map(|r| {
            (
                r["doc_id"].as_str().unwrap().to_owned(),
                r["cluster"].clone(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn published_documents_are_stored_once_by_a_worker() {
    let Some(nats) = Nats::start("published_documents_are_stored_once_by_a_worker") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    corpus(&input.join("news.jsonl"), 60);
    std::fs::write(
        input.join("note.txt"),
        "Lucie Martin est arrivée à Oslo lundi.\n",
    )
    .unwrap();
    std::fs::write(input.join("broken.jsonl"), "{not json\n").unwrap();

    let publish = || run(vigie().args(["ingest", "--queue", &nats.url()]).arg(&input));
    let out = publish();
    assert_eq!(
        out.status.code(),
        Some(1),
        "an unreadable line: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("61 published, 0 already queued, 1 unreadable"),
        "{}",
        stderr(&out)
    );
    let out = publish();
    assert!(
        stderr(&out).contains("0 published, 61 already queued, 1 unreadable"),
        "the server drops a re-publish: {}",
        stderr(&out)
    );

    let db = dir.path().join("db");
    let out = run(&mut worker(&nats, &db));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("61 added") && stderr(&out).contains("0 dead-lettered"),
        "{}",
        stderr(&out)
    );
    let records = export(&db);
    assert_each_once(&records, 61);

    // The same duplicates and stories as `vigie ingest` in one process.
    let single = dir.path().join("single");
    let out = run(vigie()
        .args(["ingest", "--quiet", "--db"])
        .arg(&single)
        .arg(&input));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(placed(&records), placed(&export(&single)));

    // Published again after the work is done: dropped within the window.
    let out = publish();
    assert!(
        stderr(&out).contains("0 published, 61 already queued"),
        "{}",
        stderr(&out)
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// The last dead letter's headers and body.
async fn last_dead_letter(url: &str) -> (async_nats::HeaderMap, Vec<u8>) {
    let client = async_nats::connect(url).await.unwrap();
    let js = async_nats::jetstream::new(client);
    let stream = js.get_stream(DEAD_STREAM).await.unwrap();
    let msg = stream
        .get_last_raw_message_by_subject(vigie_queue::DEAD_SUBJECT)
        .await
        .unwrap();
    (msg.headers, msg.payload.to_vec())
}

fn header(headers: &async_nats::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| v.as_str().to_owned())
        .unwrap_or_default()
}

#[test]
fn a_message_that_is_no_document_is_dead_lettered_with_its_error() {
    let Some(nats) = Nats::start("a_message_that_is_no_document_is_dead_lettered_with_its_error")
    else {
        return;
    };
    let rt = runtime();
    let url = nats.url();
    rt.block_on(async {
        // The streams, as any vigie command sets them up.
        Queue::connect(&url, QueueConfig::default()).await.unwrap();
        let client = async_nats::connect(&url).await.unwrap();
        let js = async_nats::jetstream::new(client);
        js.publish("vigie.raw.test", "\u{0}garbage".into())
            .await
            .unwrap()
            .await
            .unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let out = run(&mut worker(&nats, &dir.path().join("db")));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 dead-lettered"), "{}", stderr(&out));
    let (headers, body) = rt.block_on(last_dead_letter(&url));
    assert_eq!(body, b"\0garbage", "the payload is kept as it was");
    assert!(
        header(&headers, "Vigie-Error").contains("not a Vigie document"),
        "{headers:?}"
    );
    assert_eq!(header(&headers, "Vigie-Subject"), "vigie.raw.test");
}

/// A document whose commit fails on every delivery (a store that refuses
/// it): delivered `max_deliver` times, then dead-lettered with the error,
/// and gone from the work queue.
#[test]
fn a_document_refused_max_deliver_times_is_dead_lettered() {
    let Some(nats) = Nats::start("a_document_refused_max_deliver_times_is_dead_lettered") else {
        return;
    };
    let rt = runtime();
    let url = nats.url();
    rt.block_on(async {
        let cfg = QueueConfig {
            max_deliver: 3,
            retry_delay: Duration::ZERO,
            ..QueueConfig::default()
        };
        let queue = Queue::connect(&url, cfg).await.unwrap();
        let doc = vigie_doc::Doc {
            source: vigie_doc::Source {
                id: Some("poison-1".into()),
                ..vigie_doc::Source::default()
            },
            layout: vigie_doc::Layout {
                raw: "Un texte.".into(),
                ..vigie_doc::Layout::default()
            },
            ..vigie_doc::Doc::default()
        };
        queue.publisher().publish(&doc).await.unwrap();
        let consumer = queue.consumer().await.unwrap();
        let mut outcomes = Vec::new();
        let started = Instant::now();
        while outcomes.last() != Some(&Settled::Dead) {
            assert!(started.elapsed() < Duration::from_secs(30), "{outcomes:?}");
            for d in consumer
                .fetch(10, Duration::from_millis(200))
                .await
                .unwrap()
                .deliveries
            {
                assert_eq!(d.doc.source.id.as_deref(), Some("poison-1"));
                outcomes.push(
                    consumer
                        .retry_or_dead(d.ticket, "refused by the store")
                        .await
                        .unwrap(),
                );
            }
        }
        assert_eq!(
            outcomes,
            [Settled::Retried, Settled::Retried, Settled::Dead]
        );
        queue.flush().await.unwrap();
        let started = Instant::now();
        while !consumer.idle().await.unwrap() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the message is still queued"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let (headers, body) = rt.block_on(last_dead_letter(&url));
    assert_eq!(header(&headers, "Vigie-Error"), "refused by the store");
    assert_eq!(header(&headers, "Vigie-Deliveries"), "3");
    let doc = vigie_queue::payload::decode(&body).unwrap();
    assert_eq!(
        doc.layout.raw, "Un texte.",
        "the document can be published again"
    );
}

/// Publishes a corpus of `n` articles written in `dir`.
fn publish_corpus(nats: &Nats, dir: &Path, n: usize) {
    let input = dir.join("news.jsonl");
    corpus(&input, n);
    let out = run(vigie().args(["ingest", "--queue", &nats.url()]).arg(&input));
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Starts a worker on `db` and returns once it has stored `n` documents.
fn worker_until(nats: &Nats, db: &Path, n: i64, extra: &[&str]) -> std::process::Child {
    let mut child = worker(nats, db)
        .args(extra)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Ok(reader) = vigie_store::Reader::open(db)
            && reader.stats().is_ok_and(|s| s.documents >= n)
        {
            return child;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before {n} were stored"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The NATS server killed (SIGKILL) and restarted while a worker works:
/// the worker waits and goes on, and every document is stored once.
#[test]
fn a_worker_outlives_a_server_crash() {
    let Some(mut nats) = Nats::start("a_worker_outlives_a_server_crash") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let total = 400;
    publish_corpus(&nats, dir.path(), total);
    let db = dir.path().join("db");
    let child = worker_until(&nats, &db, 48, &["--ack-wait", "2s", "-j", "1"]);
    nats.crash_and_restart(Duration::from_secs(2));
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_each_once(&export(&db), total);
}

/// SIGKILL in the middle of the work, then a new worker: every document is
/// stored exactly once (what the killed worker had not acked is delivered
/// again after the ack wait; what it had committed is skipped by the store).
#[test]
fn a_worker_killed_mid_batch_loses_and_duplicates_nothing() {
    let Some(nats) = Nats::start("a_worker_killed_mid_batch_loses_and_duplicates_nothing") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let total = 600;
    publish_corpus(&nats, dir.path(), total);

    let db = dir.path().join("db");
    let mut child = worker_until(&nats, &db, 48, &["--ack-wait", "2s", "-j", "1"]);
    child.kill().unwrap();
    child.wait().unwrap();
    let before = export(&db).len();
    assert!(before < total, "killed mid-way ({before})");

    let out = run(worker(&nats, &db).args(["--ack-wait", "2s"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_each_once(&export(&db), total);
    let reader = vigie_store::Reader::open(&db).unwrap();
    assert_eq!(reader.search("reunion", None, 1, 0).unwrap().total, total);
}

/// A worker with no server answering says so and exits with status 2.
#[test]
fn a_worker_without_a_server_says_so() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let out = run(vigie()
        .args([
            "worker",
            "--queue",
            &format!("nats://127.0.0.1:{port}"),
            "--db",
        ])
        .arg(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("work queue"), "{}", stderr(&out));
}

/// SIGTERM stops a waiting worker cleanly, with its summary.
#[test]
fn a_worker_stops_on_sigterm() {
    let Some(nats) = Nats::start("a_worker_stops_on_sigterm") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let child = vigie()
        .args(["worker", "--queue", &nats.url(), "--db"])
        .arg(dir.path().join("db"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The consumer exists once the worker is pulling.
    let rt = runtime();
    let started = Instant::now();
    rt.block_on(async {
        let client = async_nats::connect(nats.url()).await.unwrap();
        let js = async_nats::jetstream::new(client);
        while js
            .get_consumer_from_stream::<async_nats::jetstream::consumer::pull::Config, _, _>(
                "vigie-worker",
                vigie_queue::STREAM,
            )
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the worker never started"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("worker stopped: 0 added"),
        "{}",
        stderr(&out)
    );
}

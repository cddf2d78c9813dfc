//! `vigie ingest --db postgres://…`, `vigie serve --db postgres://…` and
//! `vigie export --db postgres://…`
//! on a throwaway PostgreSQL server (skipped, with a SKIPPED line, when
//! PostgreSQL is not installed).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use vigie_store_pg::testing::{TempPostgres, article, skipped};

fn vigie() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
}

/// Kills the server when the test ends, passed or failed.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The JSON body of `GET path`, once the server answers.
fn get(port: u16, path: &str) -> Option<Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    serde_json::from_str(body).ok()
}

#[test]
fn serve_answers_from_postgres_what_ingest_stored() {
    let pg = match TempPostgres::start() {
        Ok(Some(pg)) => pg,
        Ok(None) => return skipped("serve_answers_from_postgres_what_ingest_stored"),
        Err(e) => panic!("starting PostgreSQL: {e}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    let mut lines = String::new();
    for i in 0..40 {
        let (text, title, outlet, published) = article(i);
        lines += &serde_json::json!({"text": text, "title": title, "outlet": outlet,
            "published": published, "id": format!("gen-{i}")})
        .to_string();
        lines.push('\n');
    }
    std::fs::write(&input, lines).unwrap();
    let url = pg.url();
    for (run, expected) in [("first", "40 added"), ("again", "0 added")] {
        let out = vigie()
            .args(["ingest", "--batch", "15", "--db", &url])
            .arg(&input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{run}: {stderr}");
        assert!(stderr.contains(expected), "{run}: {stderr}");
    }

    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let _server = Server(
        vigie()
            .args([
                "serve",
                "--db",
                &url,
                "--addr",
                &format!("127.0.0.1:{port}"),
            ])
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    let stats = loop {
        if let Some(stats) = get(port, "/api/stats") {
            break stats;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no answer from the server"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(stats["documents"], 40, "{stats}");
    assert_eq!(stats["duplicates"], 4, "{stats}");
    let hits = get(port, "/api/search?q=d%C3%A9l%C3%A9gu%C3%A9s").unwrap();
    assert_eq!(hits["total"], 40, "{hits}");

    // Export reads the same database: one GDELT mention row per event
    // mention, one record per stored document.
    let export = |format: &str| {
        let out = vigie()
            .args(["export", "--db", &url, "--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let records = export("jsonl");
    assert_eq!(records.lines().count(), 40, "{records}");
    let gkg = export("gdelt-gkg");
    assert_eq!(gkg.lines().count(), 40, "{gkg}");
}

//! `vigie ingest`, `export` and `extract`'s clustering, through the binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn vigie() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
}

/// A JSON Lines corpus of `n` distinct short articles.
fn corpus(path: &Path, n: usize) {
    let people = [
        "Anna Keller",
        "Piotr Nowak",
        "Lucie Martin",
        "Omar Haddad",
        "Ingrid Berg",
    ];
    let places = ["Genève", "Vienne", "Bruxelles", "Ankara", "Oslo"];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let (p, l) = (people[i % 5], places[(i / 5) % 5]);
        let text = format!(
            "{p} a rencontré à {l} son homologue pour la {i}e réunion de l'année. \
             « Nous avons avancé sur le dossier numéro {i} », a déclaré {p} mardi. \
             Les délégués doivent se revoir dans {} jours.",
            i % 30 + 2
        );
        let line = serde_json::json!({"text": text, "title": format!("Réunion {i} à {l}"),
            "outlet": format!("Outlet {}", i % 7), "published": format!("2022-03-{:02}", i % 28 + 1)});
        writeln!(out, "{line}").unwrap();
    }
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

/// kill -9 in the middle of a large ingest, then run it again: every
/// document is stored exactly once and searchable.
#[test]
fn ingest_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    let db = dir.path().join("db");
    let total = 4000;
    corpus(&input, total);

    let mut child = vigie()
        .args(["ingest", "--quiet", "--batch", "100", "-j", "1", "--db"])
        .arg(&db)
        .arg(&input)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut seen_partial = 0;
    loop {
        if let Ok(reader) = vigie_store::Reader::open(&db)
            && let Ok(stats) = reader.stats()
            && stats.documents >= 200
        {
            seen_partial = stats.documents;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "ingest made no progress"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // SIGKILL: no destructor, no flush.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        seen_partial > 0 && (seen_partial as usize) < total,
        "killed mid-way ({seen_partial})"
    );

    let status = vigie()
        .args(["ingest", "--quiet", "--batch", "100", "--db"])
        .arg(&db)
        .arg(&input)
        .status()
        .unwrap();
    assert!(status.success());

    let records = export(&db);
    assert_eq!(records.len(), total);
    let mut ids: Vec<&str> = records
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "each document once");
    assert!(records.iter().all(|r| r["cluster"]["story"].is_string()));

    let reader = vigie_store::Reader::open(&db).unwrap();
    assert_eq!(reader.stats().unwrap().documents as usize, total);
    // Every document is in the full-text index once ("réunion" is in each title).
    assert_eq!(reader.search("reunion", None, 1, 0).unwrap().total, total);

    // A third run stores nothing new.
    let out = vigie()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("0 added") && err.contains(&format!("{total} already stored")),
        "{err}"
    );
}

#[test]
fn extract_marks_relays_within_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let wire = "Les ministres des Affaires étrangères se sont retrouvés jeudi à Antalya, \
        dans le sud de la Turquie, pour une première rencontre depuis le début du conflit. \
        « Nous voulons un cessez-le-feu », a déclaré le ministre ukrainien à l'issue d'un \
        entretien d'une heure et demie. Son homologue a répété que son pays n'avait pas \
        attaqué et a accusé les Occidentaux d'armer l'armée adverse.";
    let relay = wire
        .replace("« ", "\"")
        .replace(" »", "\"")
        .replace("jeudi", "ce jeudi");
    std::fs::write(dir.path().join("a.txt"), wire).unwrap();
    std::fs::write(dir.path().join("b.txt"), relay).unwrap();
    std::fs::write(
        dir.path().join("c.txt"),
        "Le championnat de football reprend samedi avec un match très attendu à Lyon.",
    )
    .unwrap();
    let out = vigie().arg("extract").arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let recs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs[0]["cluster"]["duplicate_of"], Value::Null);
    assert_eq!(recs[1]["cluster"]["duplicate_of"], recs[0]["doc_id"]);
    assert_eq!(recs[1]["cluster"]["story"], recs[0]["cluster"]["story"]);
    assert_eq!(recs[2]["cluster"]["duplicate_of"], Value::Null);
    assert_ne!(recs[2]["cluster"]["story"], recs[0]["cluster"]["story"]);
}

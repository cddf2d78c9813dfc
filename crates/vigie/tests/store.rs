//! `vigie ingest`, `export` and `extract`'s clustering, through the binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn vigie() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
}

/// A JSON Lines corpus of `n` short articles; one in ten runs, under its
/// own outlet and title, the very words of the article five lines above it
/// (a wire story relayed verbatim).
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
        let k = if i % 10 == 9 { i - 5 } else { i };
        let (p, l) = (people[k % 5], places[(k / 5) % 5]);
        let text = format!(
            "{p} a rencontré à {l} son homologue pour la {i}e réunion de l'année. \
             « Nous avons avancé sur le dossier numéro {i} », a déclaré {p} mardi. \
             Les délégués doivent se revoir dans {} jours.",
            k % 30 + 2,
            i = k
        );
        let line = serde_json::json!({"text": text, "title": format!("Réunion {i} à {l}"),
            "outlet": format!("Outlet {}", i % 7), "published": format!("2022-03-{:02}", i % 28 + 1)});
        writeln!(out, "{line}").unwrap();
    }
}

fn export(db: &Path) -> Vec<Value> {
    records(vigie().args(["export", "--db"]).arg(db).output().unwrap())
}

/// The JSON Lines records of a successful run.
fn records(out: std::process::Output) -> Vec<Value> {
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
    // Every verbatim relay is stored and linked to the original's root.
    for (i, rec) in records.iter().enumerate().filter(|(i, _)| i % 10 == 9) {
        let orig = &records[i - 5];
        assert_eq!(rec["body_digest"], orig["body_digest"]);
        let root = match &orig["cluster"]["duplicate_of"] {
            Value::Null => &orig["doc_id"],
            root => root,
        };
        assert_eq!(&rec["cluster"]["duplicate_of"], root, "line {}", i + 1);
    }

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

/// `vigie ingest --db DB PATHS…`; returns its summary line.
fn ingest(db: &Path, paths: &[&Path]) -> String {
    let out = vigie()
        .args(["ingest", "--db"])
        .arg(db)
        .args(paths)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

fn extract(paths: &[&Path]) -> Vec<Value> {
    records(vigie().arg("extract").args(paths).output().unwrap())
}

const DISPATCH: &str = "Les ministres de l'Agriculture des pays alpins se sont réunis mardi \
    à Innsbruck pour coordonner la lutte contre la sécheresse qui touche les pâturages \
    d'altitude depuis le printemps. « Aucun pays ne peut affronter seul un été pareil », a \
    déclaré la ministre autrichienne à l'issue de la rencontre. Les délégations ont convenu \
    de partager leurs relevés hydrologiques chaque semaine et de financer ensemble trois \
    retenues d'eau expérimentales d'ici à la fin de l'année.";

fn line(outlet: &str, url: &str, id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "outlet": outlet, "url": url, "text": text,
        "title": "Sécheresse : les pays alpins font front commun", "published": "2023-07-18"})
    .to_string()
}

/// Issue 15: the same dispatch from AFP, Le Temps and (with one more line)
/// RTS is three publications, three records, three stored articles.
#[test]
fn one_dispatch_from_three_outlets_is_three_articles() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wire.jsonl");
    let rts = format!("{DISPATCH}\n\nLa Suisse accueillera la prochaine réunion à Sion.");
    std::fs::write(
        &input,
        [
            line(
                "AFP",
                "https://afp.example/fr/alpes-secheresse",
                "afp-20230718-1",
                DISPATCH,
            ),
            line(
                "Le Temps",
                "https://www.letemps.example/monde/alpes-secheresse?utm_source=afp#reactions",
                "lt-88412",
                DISPATCH,
            ),
            line("RTS", "https://rts.example/info/alpes", "rts-14092", &rts),
        ]
        .join("\n"),
    )
    .unwrap();

    let recs = extract(&[&input]);
    assert_eq!(recs.len(), 3);
    let ids: Vec<&str> = recs.iter().map(|r| r["doc_id"].as_str().unwrap()).collect();
    assert!(
        ids[0] != ids[1] && ids[0] != ids[2] && ids[1] != ids[2],
        "{ids:?}"
    );
    assert_eq!(recs[0]["cluster"]["duplicate_of"], Value::Null);
    assert_eq!(
        recs[1]["cluster"]["duplicate_of"], ids[0],
        "Le Temps copies AFP"
    );
    assert_eq!(recs[2]["cluster"]["duplicate_of"], ids[0], "RTS relays AFP");
    assert_eq!(recs[0]["body_digest"], recs[1]["body_digest"]);
    assert_ne!(recs[0]["body_digest"], recs[2]["body_digest"]);
    let given: Vec<&str> = recs
        .iter()
        .map(|r| r["source"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(given, ["afp-20230718-1", "lt-88412", "rts-14092"]);

    let db = dir.path().join("db");
    let first = ingest(&db, &[&input]);
    assert!(
        first.contains("3 added (1 copy of a stored body, 1 relay), 0 already stored"),
        "{first}"
    );
    let second = ingest(&db, &[&input]);
    assert!(second.contains("0 added, 3 already stored"), "{second}");

    let stored = export(&db);
    let outlets: Vec<&str> = stored
        .iter()
        .map(|r| r["source"]["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(outlets, ["AFP", "Le Temps", "RTS"]);
    let stored_ids: Vec<&str> = stored
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap())
        .collect();
    assert_eq!(stored_ids, ids, "extract and ingest agree on identity");
    assert_eq!(stored[1]["cluster"]["duplicate_of"], ids[0]);
    assert_eq!(stored[2]["cluster"]["duplicate_of"], ids[0]);
    let reader = vigie_store::Reader::open(&db).unwrap();
    let story = reader
        .story(stored[0]["cluster"]["story"].as_str().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(story.outlets.len(), 3);
    drop(reader);

    // A fourth outlet later: its copy is added and linked; the three stored
    // ones (same ids, read from another file) are not added again.
    let later = dir.path().join("later.jsonl");
    std::fs::write(
        &later,
        [
            line("Watson", "https://watson.example/alpes", "w-5", DISPATCH),
            line(
                "AFP",
                "https://afp.example/fr/alpes-secheresse",
                "afp-20230718-1",
                DISPATCH,
            ),
        ]
        .join("\n"),
    )
    .unwrap();
    let third = ingest(&db, &[&later]);
    assert!(
        third.contains("1 added (1 copy of a stored body), 1 already stored"),
        "{third}"
    );
    let stored = export(&db);
    assert_eq!(stored.len(), 4);
    assert_eq!(stored[3]["cluster"]["duplicate_of"], ids[0]);
}

/// Without an id, the normalised URL is the publication: the page shared
/// with tracking parameters and a fragment is the same article.
#[test]
fn the_same_url_with_tracking_parameters_is_one_publication() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    let plain = serde_json::json!({"text": DISPATCH, "outlet": "Le Temps",
        "url": "https://letemps.example/monde/alpes"});
    let tracked = serde_json::json!({"text": DISPATCH, "outlet": "Le Temps",
        "url": "HTTP://LeTemps.example:80/monde/alpes?utm_medium=social&fbclid=IwAR0x#top"});
    std::fs::write(&a, plain.to_string()).unwrap();
    std::fs::write(&b, tracked.to_string()).unwrap();
    let recs = extract(&[&a, &b]);
    assert_eq!(recs[0]["doc_id"], recs[1]["doc_id"]);

    let db = dir.path().join("db");
    assert!(ingest(&db, &[&a]).contains("1 added, 0 already stored"));
    let again = ingest(&db, &[&b]);
    assert!(again.contains("0 added, 1 already stored"), "{again}");
}

/// Without id or URL, the file is the publication: the same file gets the
/// same `doc_id` on every run, and the same words in another file are
/// another publication, linked as a copy.
#[test]
fn a_file_without_id_or_url_keeps_its_identity_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, DISPATCH).unwrap();
    std::fs::write(&b, DISPATCH).unwrap();
    let first = extract(&[&a]);
    let second = extract(&[&a]);
    assert_eq!(first[0]["doc_id"], second[0]["doc_id"]);
    assert_eq!(first[0]["source"]["id"], Value::Null);
    let both = extract(&[&a, &b]);
    assert_eq!(both[0]["doc_id"], first[0]["doc_id"]);
    assert_ne!(both[1]["doc_id"], both[0]["doc_id"]);
    assert_eq!(both[1]["cluster"]["duplicate_of"], both[0]["doc_id"]);
}

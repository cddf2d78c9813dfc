//! A throwaway PostgreSQL server for tests and benchmarks, and generated
//! articles to fill it.
//!
//! [`TempPostgres::start`] runs `initdb` and `pg_ctl` (from `PATH`, else the
//! newest `/usr/lib/postgresql/*/bin`) in a temporary folder, on a free
//! loopback port, and stops the server when dropped, a failing test
//! included. `initdb` refuses to run as root, so as root the server runs as
//! the `postgres` user (through `runuser`), which is given the folder.
//! Without PostgreSQL binaries it answers `Ok(None)`: callers print a
//! SKIPPED line and pass.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A PostgreSQL server of its own, stopped and deleted when dropped.
pub struct TempPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    port: u16,
}

/// Why the server could not be started (binaries were found).
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A folder or a command could not be created or run.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A PostgreSQL command failed.
    #[error("{command} failed: {output}")]
    Command {
        /// The command.
        command: String,
        /// Its standard error and output.
        output: String,
    },
}

/// The folder of `initdb` and `pg_ctl`: `PATH` first, else the newest
/// Debian-style installation.
pub fn postgres_bin() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                return Some(dir);
            }
        }
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn io(what: &str) -> impl FnOnce(std::io::Error) -> StartError + '_ {
    move |source| StartError::Io {
        what: what.to_owned(),
        source,
    }
}

impl TempPostgres {
    /// Starts a server; `Ok(None)` when no PostgreSQL is installed.
    pub fn start() -> Result<Option<TempPostgres>, StartError> {
        let Some(bin) = postgres_bin() else {
            return Ok(None);
        };
        let dir = tempfile::Builder::new()
            .prefix("vigie-pg-")
            .tempdir()
            .map_err(io("creating a temporary folder"))?;
        let as_postgres = is_root();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(io("finding a free port"))?
            .port();
        let pg = TempPostgres {
            dir,
            bin,
            as_postgres,
            port,
        };
        if as_postgres {
            pg.run(
                Command::new("chown").arg("postgres:").arg(pg.dir.path()),
                "chown",
            )?;
        }
        let data = pg.data();
        pg.run(
            pg.pg_command("initdb")
                .args([
                    "-A",
                    "trust",
                    "-U",
                    "vigie",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "-N",
                    "-D",
                ])
                .arg(&data),
            "initdb",
        )?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
            pg.dir.path().display()
        );
        pg.run(
            pg.pg_command("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-o")
                .arg(options)
                .arg("-l")
                .arg(pg.dir.path().join("server.log"))
                .args(["-w", "-t", "60", "start"]),
            "pg_ctl start",
        )?;
        Ok(Some(pg))
    }

    /// The URL of the server's `postgres` database.
    pub fn url(&self) -> String {
        self.database_url("postgres")
    }

    /// The URL of database `name` (see [`TempPostgres::create_database`]).
    pub fn database_url(&self, name: &str) -> String {
        format!("postgres://vigie@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates an empty database and gives its URL.
    pub fn create_database(&self, name: &str) -> Result<String, crate::Error> {
        let mut client = postgres::Client::connect(&self.url(), postgres::NoTls)?;
        client.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
        Ok(self.database_url(name))
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn pg_command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn run(&self, command: &mut Command, name: &str) -> Result<Output, StartError> {
        let out = command.output().map_err(io(name))?;
        if out.status.success() {
            Ok(out)
        } else {
            Err(StartError::Command {
                command: name.to_owned(),
                output: format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stderr),
                    String::from_utf8_lossy(&out.stdout)
                ),
            })
        }
    }

    /// The server's log so far, for a failing test's message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// The folder the server lives in.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        // Immediate: the data is thrown away with the folder anyway.
        let _ = self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

/// Prints the line a test gives when it cannot run for want of PostgreSQL.
pub fn skipped(test: &str) {
    println!("SKIPPED: {test} needs initdb and pg_ctl (install postgresql)");
}

const PEOPLE: [&str; 8] = [
    "Anna Keller",
    "Piotr Nowak",
    "Lucie Martin",
    "Omar Haddad",
    "Ingrid Berg",
    "Tomas Silva",
    "Mei Chen",
    "Kofi Mensah",
];
const PLACES: [&str; 6] = ["Genève", "Vienne", "Bruxelles", "Ankara", "Oslo", "Lyon"];
const TOPICS: [&str; 5] = [
    "le budget de la défense",
    "les réfugiés du nord",
    "la sécheresse",
    "le prix du gaz",
    "la réforme des retraites",
];

/// Words of the sentence that makes each generated article's wording its
/// own (and so not a near-duplicate of the others).
const WORDS: [&str; 48] = [
    "budget",
    "accord",
    "frontière",
    "énergie",
    "récolte",
    "tribunal",
    "vote",
    "usine",
    "port",
    "hôpital",
    "école",
    "banque",
    "impôt",
    "salaire",
    "grève",
    "contrat",
    "pont",
    "route",
    "rivière",
    "forêt",
    "marché",
    "prix",
    "loyer",
    "retraite",
    "armée",
    "police",
    "douane",
    "village",
    "région",
    "syndicat",
    "parti",
    "maire",
    "ministre",
    "juge",
    "député",
    "enquête",
    "rapport",
    "plainte",
    "procès",
    "crise",
    "inflation",
    "export",
    "blé",
    "pétrole",
    "charbon",
    "vent",
    "soleil",
    "hiver",
];

/// Generated article `i` as an unanalysed document, the way a reader gives
/// it: a path, the outlet, title and date, and the raw text.
pub fn article_doc(i: usize) -> vigie_doc::Doc {
    let (text, title, outlet, published) = article(i);
    vigie_doc::Doc {
        source: vigie_doc::Source {
            path: Some(format!("gen/{i}.txt")),
            outlet: Some(outlet),
            ..vigie_doc::Source::default()
        },
        title: Some(title),
        published: Some(published),
        layout: vigie_doc::Layout {
            raw: text,
            ..vigie_doc::Layout::default()
        },
        ..vigie_doc::Doc::default()
    }
}

/// Generated article `i`: `(text, title, outlet, published)`. Articles
/// differ in cast, place, topic, day and wording; one in ten relays, under
/// another outlet and with three words cut, the article five before it, so
/// duplicate detection and stories have work to do.
pub fn article(i: usize) -> (String, String, String, String) {
    let k = if i % 10 == 9 { i - 5 } else { i };
    let (p, q) = (PEOPLE[k % 8], PEOPLE[(k / 8 + 3) % 8]);
    let (place, topic) = (PLACES[(k / 3) % 6], TOPICS[(k / 7) % 5]);
    let mut state = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let details: Vec<&str> = (0..36)
        .map(|_| {
            state ^= state >> 29;
            state = state.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            WORDS[(state >> 40) as usize % WORDS.len()]
        })
        .collect();
    let mut text = format!(
        "{p} a rencontré {q} à {place} pour la {k}e réunion sur {topic}. \
         « Nous avons avancé sur le dossier numéro {k} », a déclaré {p} mardi devant la presse. \
         Le texte évoque {}. \
         {q} a critiqué le retard pris par le gouvernement et a exigé des garanties écrites. \
         Les délégués doivent se revoir dans {} jours à {place}, selon un communiqué publié le soir.",
        details.join(" "),
        k % 30 + 2
    );
    if i != k {
        text = text.replace(" devant la presse", "");
    }
    (
        text,
        format!("Réunion {k} à {place}"),
        format!("Outlet {}", i % 7),
        format!("2022-03-{:02}", k % 28 + 1),
    )
}

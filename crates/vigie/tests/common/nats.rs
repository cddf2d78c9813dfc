//! A real NATS server with JetStream for the queue tests: `nats-server`
//! from PATH, on a free loopback port, its data in a temporary folder,
//! killed when dropped. Absent, the tests say so and pass as skipped.
// Each test binary uses its own subset of the helpers.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running single-node server.
pub struct Nats {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Nats {
    /// Starts a server, or prints why not and returns `None`.
    pub fn start(test: &str) -> Option<Nats> {
        if Command::new("nats-server")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
        {
            eprintln!("SKIPPED {test}: nats-server not installed (scripts/cluster-up installs it)");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        // A port the system just handed out and took back: free for the
        // server in all likelihood, and no two tests share one.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = spawn(port, dir.path());
        let nats = Nats {
            child,
            port,
            _dir: dir,
        };
        nats.wait_ready();
        Some(nats)
    }

    /// Kills the server (SIGKILL) and starts it again on the same port
    /// and data after `down`.
    pub fn crash_and_restart(&mut self, down: Duration) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::thread::sleep(down);
        self.child = spawn(self.port, self._dir.path());
        self.wait_ready();
    }

    fn wait_ready(&self) {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "nats-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The URL to give `--queue`.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }
}

fn spawn(port: u16, dir: &std::path::Path) -> Child {
    Command::new("nats-server")
        .args(["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

impl Drop for Nats {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

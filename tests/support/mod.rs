//! The one support module of the integration tests, shared by every test binary:
//!
//! - [`cli`]: the `customimage` binary as a user runs it (no colour, no proxy, a hang guard);
//! - [`bash`]: the real bash sourcing a `.env` in a sandbox, and the tool's reading of it;
//! - [`pyyaml`]: PyYAML (a YAML 1.1 reader, as Helm's is) reading what the tool wrote;
//! - [`render`], [`migrate`]: helpers for those commands' outputs;
//! - [`helm`]: Helm itself (helm-python-sdk) answering batches of values questions;
//! - [`rng`]: a seeded generator for random cases;
//! - [`api`]: the few library names the tests call directly, in one place;
//! - [`rules`]: `customImage` blocks built in memory for the values rules;
//! - real servers on free 127.0.0.1 ports, stopped when dropped: [`registry::Registry`]
//!   (Debian's `docker-registry`, the CNCF distribution registry 2.8, with htpasswd or token
//!   auth, over plain HTTP or TLS), [`tls::SelfSigned`] (certificates made by the test),
//!   [`token_issuer::TokenIssuer`] (checks Basic credentials, issues signed JWTs the registry
//!   verifies), [`HangingServer`] (accepts connections and never answers); [`oci`] writes a
//!   small OCI image for `skopeo`.
//!
//! A missing tool fails the test (`require_tool`, `pyyaml::python`); nothing is skipped.

// Each test binary uses part of this module.
#![allow(dead_code, unused_imports)]

pub mod api;
pub mod bash;
pub mod cli;
pub mod helm;
pub mod migrate;
pub mod oci;
pub mod pyyaml;
pub mod registry;
pub mod render;
pub mod rng;
pub mod rules;
pub mod tls;
pub mod token_issuer;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The crate root (where `fixtures/` and `.venv/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path below the crate root.
pub fn crate_path(path: &str) -> PathBuf {
    root().join(path)
}

/// A path below `fixtures/`, as a string for a command line.
pub fn fixture(path: &str) -> String {
    root()
        .join("fixtures")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

/// The text of `path`; the test fails when it cannot be read.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Panics (the test fails) when `tool` is not on `PATH`; `scripts/setup.sh` installs them.
pub fn require_tool(tool: &str) -> std::path::PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{tool}` is not installed; run `scripts/setup.sh` (tests need it and do not skip)"
            )
        })
}

/// A port on 127.0.0.1 that was free a moment ago (the OS picks it).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

/// Waits until something accepts connections on `port` (true), or the server exits (false);
/// panics after `limit`.
pub fn wait_for_port(port: u16, limit: Duration, mut still_running: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        if !still_running() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("nothing listens on 127.0.0.1:{port} after {limit:?}");
}

/// Writes `contents` to `dir/name` and returns the path.
pub fn write_file(dir: &Path, name: &str, contents: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write test file");
    path
}

/// A TCP server that accepts every connection and never sends a byte: a registry behind a
/// firewall that drops traffic, as far as a client's timeout is concerned.
pub struct HangingServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl HangingServer {
    pub fn start() -> HangingServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    held.push(stream);
                }
            }
        });
        HangingServer {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for HangingServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
